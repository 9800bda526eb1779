"""What the data say of one claim: the release of its time, the newest release, the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from etl.core.releases import Calendar, newest_data_year
from etl.core.vocabulary import (
    DIFFERS,
    MATCHES,
    NO_RELEASE_OF_ITS_TIME,
    NO_SERIES,
    NOT_SUPPORTED,
    REVISED,
    STILL_MATCHES,
)
from etl.methods.reconcile.interval import Interval
from etl.methods.reconcile.mapping import Mapping
from etl.methods.reconcile.series import Key, SeriesIndex


# --- one claim ------------------------------------------------------------------------------------------
@dataclass
class Finding:
    """What the data say of one claim: the releases that have it, and the verdict."""

    year_used: int | None = None
    time: tuple[Key, float] | None = None  # the release of its time and its value
    newest: tuple[Key, float] | None = None  # the newest primary release with the same year
    held_years: str = ""
    verdict: str = NO_SERIES
    note: str = ""


def newest_first(keys: list[Key], calendar: Calendar) -> list[Key]:
    """(release, source) keys, the newest publication first (then by id, so ties are stable)."""
    return sorted(keys, key=lambda k: (calendar.published_on(k[0]) or date.min, k[0], k[1]), reverse=True)


def years_held(index: SeriesIndex, m: Mapping, key: Key, years: list[int], bounds: Interval) -> list[int]:
    """The years of `years` in which one release's value of the mapped series is inside the interval."""
    out = []
    for y in years:
        found = index.value(m, key, y)
        if found is not None and bounds.contains(found[0]):
            out.append(y)
    return out


def years_text(years: list[int]) -> str:
    """2016, 2017, 2019 -> "2016-2017, 2019"; "none" when empty."""
    if not years:
        return "none"
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def assess(
    index: SeriesIndex,
    m: Mapping,
    year: int | None,
    adopted: date | None,
    bounds: Interval,
    calendar: Calendar,
) -> Finding:
    """The release of its time, the newest release and the verdict for one mapped claim."""
    keys = {k: ys for k, ys in index.keys(m).items() if calendar.is_primary(k[0])}
    if not keys:
        return Finding(note=f"no primary release we hold has {m.indicator_id} for {m.entity_id}")
    before = set(calendar.primary_before(adopted)) if adopted else set()
    of_time = [k for k in newest_first(list(keys), calendar) if k[0] in before]
    found = Finding()
    if year is None:
        horizon = adopted.year if adopted else max(max(ys) for ys in keys.values())
        of_time = [k for k in of_time if any(y <= horizon for y in keys[k])]
        if of_time:
            years = [y for y in keys[of_time[0]] if y <= horizon]
            held = years_held(index, m, of_time[0], years, bounds)
            year = max(held) if held else max(years)
            newest = newest_first(list(keys), calendar)[0]
            found.held_years = (
                f"time ({of_time[0][0]}): {years_text(held)}; "
                f"newest ({newest[0]}): {years_text(years_held(index, m, newest, keys[newest], bounds))}"
            )
        else:  # no release of its time: where it held in each later release, oldest first
            year = newest_data_year_of(adopted, keys)
            later = list(reversed(newest_first(list(keys), calendar)))
            found.held_years = "time: no release before adoption; later releases: " + "; ".join(
                f"{k[0]}: {years_text(years_held(index, m, k, keys[k], bounds))}" for k in later
            )
    found.year_used = year
    at_year = [k for k in newest_first(list(keys), calendar) if index.value(m, k, year) is not None]
    time_keys = [k for k in of_time if k in at_year]
    if time_keys:
        found.time = (time_keys[0], index.value(m, time_keys[0], year)[0])
    if at_year:
        found.newest = (at_year[0], index.value(m, at_year[0], year)[0])
    if found.time is None:
        found.verdict = NO_RELEASE_OF_ITS_TIME
        if adopted is None:
            found.note = "the document has no adoption date"
    elif not bounds.contains(found.time[1]):
        found.verdict = NOT_SUPPORTED
    else:
        found.verdict = MATCHES if bounds.contains(found.newest[1]) else REVISED
    return found


def newest_data_year_of(adopted: date | None, keys: dict[Key, list[int]]) -> int:
    """The year a year-less claim without a release of its time is read at: the newest data year then."""
    if adopted is None:
        return max(max(ys) for ys in keys.values())
    return newest_data_year(adopted)


def release_verdict(key: Key, inside: bool, f: Finding, before: set[str]) -> str:
    """How one release stands to the claim (the release of its time, others of its time, later ones)."""
    if f.time and key == f.time[0]:
        return MATCHES if inside else NOT_SUPPORTED
    if key[0] in before:
        return MATCHES if inside else DIFFERS
    if inside:
        return STILL_MATCHES
    return REVISED if f.verdict in (MATCHES, REVISED) else DIFFERS
