"""Check each claim of a text against the data of its time and against the newest data.

A report writer needs two answers about a figure: did it match what was published when the text was
adopted, and what do ITU's figures say of it today? ITU re-estimates its whole back series each year, so
both answers are read for the same reference year, release by release. The rules, so that every row can be
re-derived:

* Series. A claim maps to a series by its ``indicator`` and ``scope`` (claims vocabulary): a group or ITU
  region, women or men (``sex``), youth (``age_group``), urban or rural (``area``). "Developed / developing
  countries" are ITU's own Developed / Developing aggregates (its split until 2021), never income groups.
  Derived figures come from one release only: gender gap "N per cent less likely / lower" = 100 * (1 -
  female / male), a gap in points = male - female, parity score = female / male, offline share = 100 - use,
  offline count and user count = share / 100 * population, the population of the same release where it gives
  counts (ITU's workbooks: millions / share * 100), else ITU's own population series (``i61``), summed over
  member countries for a group, and the note says which.
* Year. The claim's year and the rule that gave it (stated, edition, now, event: etl.claims); a period uses
  its last year. A claim without a year is read at the latest year it held in the release of its time (or
  that release's latest year if it held in none), and ``held_years`` lists where it held.
* Releases. Only primary releases (ITU, the UN SDG database; ``Calendar.is_primary``) decide a verdict;
  redistributions are listed beside them. The release of its time is the newest primary release published
  before the adoption date that has the figure; the newest release is the newest primary release that has
  it for the same year.
* Interval. A figure covers the values that round to it as written ("66" = [65.5, 66.5), "5.3 billion" =
  [5.25e9, 5.35e9); a figure in words, such as "half", +/- 2.5 points); a qualifier opens one side: "more
  than 80" = (80, inf), "at least" = [80, inf), "less than half" = (-inf, 50), "up to" = (-inf, X], "almost
  half" = [45, 50). Data values are compared as stored, never rounded first.
* Verdict. "matches the data of its time" (its time matched and the newest release confirms), "revised
  since" (its time matched, the newest value lies outside), "not supported" (the release of its time has the
  figure outside the interval), "no release of its time" (none before adoption has it; later releases are
  still reported), "no matching series" (nothing we hold can check it: the reason says why).

One row per claim and release that has the figure (the claim's verdict and sentence repeated on each), one
row with an empty release when nothing does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl.core.releases import Calendar, newest_data_year
from etl.core.vocabulary import (
    COMPUTED_SOURCE,
    DIFFERS,
    MATCHES,
    NO_RELEASE_OF_ITS_TIME,
    NO_SERIES,
    NOT_SUPPORTED,
    REVISED,
    STILL_MATCHES,
)
from etl.progress import group_population, population_lookup

if TYPE_CHECKING:
    from etl.pipeline import BuildContext

WORD_FIGURE_HALF_WIDTH = 2.5  # percentage points, for figures written in words (half, one in three)
ALMOST_FLOOR = 0.9  # "almost X" / "nearly X" cover [0.9 X, X)
PERCENT_UNITS = {"percent"}
COUNT_UNITS = {"persons", "count", "subscriptions"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?:\s*(?P<scale>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)


# --- the interval a figure covers -----------------------------------------------------------------------
@dataclass(frozen=True)
class Interval:
    """The values a figure covers; ``low_closed`` / ``high_closed`` say whether a bound itself is in."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = False

    def contains(self, value: float) -> bool:
        above_low = value >= self.low if self.low_closed else value > self.low
        below_high = value <= self.high if self.high_closed else value < self.high
        return above_low and below_high

    def side(self, value: float) -> str:
        """ "inside", "above" or "below" the interval."""
        if self.contains(value):
            return "inside"
        return "below" if (value < self.low or (value == self.low and not self.low_closed)) else "above"

    def __str__(self) -> str:
        low = "-inf" if math.isinf(self.low) else f"{self.low:g}"
        high = "inf" if math.isinf(self.high) else f"{self.high:g}"
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def half_step(quote: str, value: float, unit: str) -> float:
    """Half the rounding unit of the figure as written in the quote (a figure in words: +/- 2.5 points)."""
    for m in _NUMBER.finditer(quote):
        dec = m.group("dec") or ""
        written = float(m.group("int").replace(",", "") + ("." + dec if dec else ""))
        scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1.0
        if math.isclose(written * scale, value, rel_tol=1e-9, abs_tol=1e-12):
            return 0.5 * 10.0 ** (-len(dec)) * scale
    if unit in PERCENT_UNITS:
        return WORD_FIGURE_HALF_WIDTH
    if value == 0:
        return 0.5
    return 0.5 * 10.0 ** math.floor(math.log10(abs(value)))


def interval(value: float, half: float, qualifier: str | None) -> Interval:
    """The interval of a figure: its rounding, with the side a qualifier names opened."""
    if qualifier in ("more_than", "over"):
        return Interval(value, math.inf, low_closed=False)
    if qualifier == "at_least":
        return Interval(value, math.inf)
    if qualifier == "less_than":
        return Interval(-math.inf, value, low_closed=False)
    if qualifier == "up_to":
        return Interval(-math.inf, value, low_closed=False, high_closed=True)
    if qualifier in ("almost", "nearly"):
        return Interval(ALMOST_FLOOR * value, value)
    return Interval(value - half, value + half)


# --- which series a claim speaks of ---------------------------------------------------------------------
SEX_SCOPES = {"women": "female", "men": "male"}
AGE_SCOPES = {"youth": "15-24"}
AREA_SCOPES = {"urban": "urban", "rural": "rural"}
GROUP_SCOPES = {
    "world": "world",
    "LDCs": "ldc",
    "LLDCs": "lldc",
    "SIDS": "sids",
    "Africa": "itu_africa",
    "Americas": "itu_americas",
    "Arab_States": "itu_arab_states",
    "Asia-Pacific": "itu_asia_pacific",
    "CIS": "itu_cis",
    "Europe": "itu_europe",
    "developed_countries": "itu_developed",
    "developing_countries": "itu_developing",  # ITU's own split
    "low_income": "wb_low_income",
    "lower_middle_income": "wb_lower_middle_income",
    "upper_middle_income": "wb_upper_middle_income",
    "high_income": "wb_high_income",
    "low_and_middle_income": "developing_lmic",
    "sub_saharan_africa": "sdg_sub_saharan_africa",
}
SHARES = frozenset(
    {  # claims that name a share of people or households directly
        "internet_use_share",
        "mobile_cellular_coverage_share",
        "mobile_broadband_coverage_share",
        "lte_coverage_share",
        "mobile_5g_coverage_share",
        "mobile_phone_ownership_share",
        "smartphone_ownership_share",
        "households_internet_access_share",
    }
)
USE = "internet_use_share"


@dataclass(frozen=True)
class Mapping:
    """The series a claim maps to and how its value is derived; `reason` says why when there is none."""

    indicator_id: str | None = None
    entity_id: str | None = None
    sex: str = "total"
    area: str = "total"
    age_group: str = "total"
    derivation: str = "direct"
    reason: str = ""


def map_claim(indicator: str, scope: str, unit: str, kind: str) -> Mapping:
    """Map a claim's vocabulary to a series (pure; see the module docstring)."""
    if indicator.startswith("process_") or scope in ("Partner2Connect", "UN_system", "ITU"):
        return Mapping(reason="the figure describes the WSIS process or its partners, not ICT data")
    if kind == "target":
        return Mapping(reason="a target, not a level that a series measures")
    if kind != "observation":
        return Mapping(reason=f"a {kind} between years, which no derivation here checks")
    if ";" in scope:
        return Mapping(reason="several scopes in one figure")
    group, breakdown = scope, {}
    for words, key in ((SEX_SCOPES, "sex"), (AGE_SCOPES, "age_group"), (AREA_SCOPES, "area")):
        for word, value in words.items():
            if group == word:
                group, breakdown = "world", {key: value}
            elif group.endswith("_" + word):
                group, breakdown = group[: -len(word) - 1], {key: value}
    entity = GROUP_SCOPES.get(group)
    if entity is None:
        return Mapping(reason=f"no series is kept for the scope {scope!r}")
    share, count = unit in PERCENT_UNITS, unit in COUNT_UNITS
    by = {"entity_id": entity, **breakdown}
    if indicator in SHARES and share:
        return Mapping(indicator, **by)
    if indicator == "offline_population_share" and share:
        return Mapping(USE, **by, derivation="100 - internet_use_share")
    if indicator in ("offline_population_count", "internet_users_count") and count and not breakdown:
        derivation = "offline count" if indicator.startswith("offline") else "users count"
        return Mapping(USE, entity, derivation=derivation)
    if indicator == "gender_gap" and not breakdown and unit in ("percent", "percentage_points"):
        derivation = "relative gender gap" if share else "gender gap in points"
        return Mapping(USE, entity, sex="female/male", derivation=derivation)
    if indicator == "gender_parity_score" and unit == "ratio" and not breakdown:
        return Mapping(USE, entity, sex="female/male", derivation="parity score")
    if (indicator.endswith("_count") and count) or (
        indicator.endswith("_per_100") and unit == "per_100_inhabitants"
    ):
        return Mapping(indicator, **by)
    return Mapping(reason=f"no series of {indicator.replace('_', ' ')} in {unit.replace('_', ' ')}")


def claim_year(year: object) -> int | None:
    """The data year a claim states: a year, or the last year of a period."""
    if year is None or (isinstance(year, float) and math.isnan(year)) or str(year).strip() == "":
        return None
    return int(str(year).split("-")[-1])


# --- values of a mapped series, release by release ------------------------------------------------------
Key = tuple[str, str]  # (release, source_id)


class SeriesIndex:
    """Published values by series key and year, per (release, source), with derived values on demand.

    Publishers' figures only: ict4d's own aggregates were nobody's data "of its time".
    """

    def __init__(
        self,
        obs: pd.DataFrame,
        calendar: Calendar,
        groups_population: pd.DataFrame | None = None,
        indicators: set[str] | None = None,
    ):
        sel = obs[obs["source_id"] != COMPUTED_SOURCE]
        if indicators is not None:
            sel = sel[sel["indicator_id"].isin(indicators)]
        self.values: dict[tuple, dict[Key, float]] = {}
        self.by_series: dict[tuple, dict[Key, dict[int, float]]] = {}
        columns = [
            "indicator_id",
            "entity_id",
            "sex",
            "area",
            "age_group",
            "year",
            "release",
            "source_id",
            "value",
        ]
        for i, e, sx, a, ag, y, r, src, v in zip(*(sel[c].tolist() for c in columns), strict=True):
            self.values.setdefault((i, e, sx, a, ag, int(y)), {})[(r, src)] = float(v)
            self.by_series.setdefault((i, e, sx, a, ag), {}).setdefault((r, src), {})[int(y)] = float(v)
        self.population = population_lookup(obs, calendar, groups_population)

    def _get(self, indicator: str, m: Mapping, sex: str, year: int) -> dict[Key, float]:
        return self.values.get((indicator, m.entity_id, sex, m.area, m.age_group, year), {})

    def _count_in(self, release: str, m: Mapping, year: int) -> float | None:
        """ITU's own count of users in a release (its workbooks give millions beside the share)."""
        found = [
            v for (r, _), v in self._get("internet_users_count", m, "total", year).items() if r == release
        ]
        return found[0] if found else None

    def value(self, m: Mapping, key: Key, year: int) -> tuple[float, str] | None:
        """The claim's figure as derived from one release: (value, note), or None when it cannot be."""
        if m.sex == "female/male":
            female = self._get(m.indicator_id, m, "female", year).get(key)
            male = self._get(m.indicator_id, m, "male", year).get(key)
            if female is None or male is None or male <= 0:
                return None
            return {
                "relative gender gap": 100.0 * (1.0 - female / male),
                "gender gap in points": male - female,
                "parity score": female / male,
            }[m.derivation], ""
        share = self._get(m.indicator_id, m, m.sex, year).get(key)
        if share is None:
            return None
        if m.derivation == "direct":
            return share, ""
        if m.derivation == "100 - internet_use_share":
            return 100.0 - share, ""
        users = self._count_in(key[0], m, year)
        if users is not None and share > 0:  # the population the release itself implies
            population, note = users / share * 100.0, "population implied by the release's own user count"
        else:
            pop = self.population.get(m.entity_id, {}).get(year)
            if pop is None:
                return None
            population, note = pop[0], f"population {pop[0] / 1e9:.3f} billion from {pop[1]}"
        if m.derivation == "users count":
            return (users if users is not None else share / 100.0 * population), note
        return (100.0 - share) / 100.0 * population, note

    def keys(self, m: Mapping) -> dict[Key, list[int]]:
        """Every (release, source) with the mapped series, and its years."""
        sexes = ["female", "male"] if m.sex == "female/male" else [m.sex]
        found: dict[Key, set[int]] = {}
        for sex in sexes:
            for key, years in self.by_series.get(
                (m.indicator_id, m.entity_id, sex, m.area, m.age_group), {}
            ).items():
                found.setdefault(key, set()).update(years)
        return {k: sorted(v) for k, v in found.items()}


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


def _newest_first(keys: list[Key], calendar: Calendar) -> list[Key]:
    return sorted(keys, key=lambda k: (calendar.published_on(k[0]) or date.min, k[0], k[1]), reverse=True)


def _held(index: SeriesIndex, m: Mapping, key: Key, years: list[int], bounds: Interval) -> list[int]:
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
    of_time = [k for k in _newest_first(list(keys), calendar) if k[0] in before]
    found = Finding()
    if year is None:
        horizon = adopted.year if adopted else max(max(ys) for ys in keys.values())
        of_time = [k for k in of_time if any(y <= horizon for y in keys[k])]
        if of_time:
            years = [y for y in keys[of_time[0]] if y <= horizon]
            held = _held(index, m, of_time[0], years, bounds)
            year = max(held) if held else max(years)
            newest = _newest_first(list(keys), calendar)[0]
            found.held_years = (
                f"time ({of_time[0][0]}): {years_text(held)}; "
                f"newest ({newest[0]}): {years_text(_held(index, m, newest, keys[newest], bounds))}"
            )
        else:  # no release of its time: where it held in each later release, oldest first
            year = newest_data_year_of(adopted, keys)
            later = list(reversed(_newest_first(list(keys), calendar)))
            found.held_years = "time: no release before adoption; later releases: " + "; ".join(
                f"{k[0]}: {years_text(_held(index, m, k, keys[k], bounds))}" for k in later
            )
    found.year_used = year
    at_year = [k for k in _newest_first(list(keys), calendar) if index.value(m, k, year) is not None]
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


# --- words for readers ----------------------------------------------------------------------------------
def fmt(value: float, unit: str) -> str:
    """A data value as a report writes it (66.3 %, 5.32 billion, 97.1 per 100, 0.94)."""
    if unit in COUNT_UNITS:
        if abs(value) >= 1e9:
            return f"{value / 1e9:.2f} billion"
        if abs(value) >= 1e6:
            return f"{value / 1e6:.{0 if abs(value) >= 1e7 else 1}f} million"
        return f"{value:,.0f}"
    if unit == "per_100_inhabitants":
        return f"{value:.1f} per 100"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "percentage_points":
        return f"{value:.1f} points"
    return f"{value:.1f} %"


def fmt_interval(bounds: Interval, unit: str) -> str:
    """An interval in the claim's unit: "[65.5 %, 66.5 %)", "(80.0 %, ...)"."""
    low = "..." if math.isinf(bounds.low) else fmt(bounds.low, unit)
    high = "..." if math.isinf(bounds.high) else fmt(bounds.high, unit)
    return f"{'[' if bounds.low_closed else '('}{low}, {high}{']' if bounds.high_closed else ')'}"


def sentence(f: Finding, bounds: Interval, unit: str, calendar: Calendar, reason: str) -> str:
    """One sentence a report writer can quote about a claim."""
    if f.verdict == NO_SERIES:
        return f"Cannot be checked: {reason}."
    year = f" in {f.year_used}" if f.year_used is not None else ""

    def said(found: tuple[Key, float]) -> str:
        return f"{calendar.edition(found[0][0])}: {fmt(found[1], unit)}{year}"

    if f.time is None:
        out = "No release of its time has the figure"
        out += f"; the newest release gives {said(f.newest)}" if f.newest else ""
    elif f.verdict == NOT_SUPPORTED:
        out = f"Does not match the data of its time ({said(f.time)}, outside {fmt_interval(bounds, unit)})"
        if f.newest and f.newest[0] != f.time[0]:
            out += f"; the newest release gives {fmt(f.newest[1], unit)}"
    else:
        out = f"Matched the data of its time ({said(f.time)})"
        if f.newest[0] == f.time[0]:
            out += "; no later release has that year"
        elif f.verdict == MATCHES:
            out += f"; confirmed in the newest release ({said(f.newest)})"
        else:
            change = f.newest[1] - f.time[1]
            size = fmt(abs(change), "percentage_points" if unit == "percent" else unit)
            out += (
                f"; revised {'down' if change < 0 else 'up'} by {size} in the newest release "
                f"({said(f.newest)})"
            )
    if f.held_years:
        out += f". It held in: {f.held_years}"
    return out + "."


def release_verdict(key: Key, inside: bool, f: Finding, before: set[str]) -> str:
    """How one release stands to the claim (the release of its time, others of its time, later ones)."""
    if f.time and key == f.time[0]:
        return MATCHES if inside else NOT_SUPPORTED
    if key[0] in before:
        return MATCHES if inside else DIFFERS
    if inside:
        return STILL_MATCHES
    return REVISED if f.verdict in (MATCHES, REVISED) else DIFFERS


# --- the table ------------------------------------------------------------------------------------------
CLAIM_CHECK_COLUMNS = [
    "document",
    "paragraph",
    "start",
    "end",
    "quote",
    "claim_indicator",
    "claim_value",
    "claim_unit",
    "qualifier",
    "scope",
    "kind",
    "claim_year",
    "year_rule",
    "year_used",
    "adoption_date",
    "indicator_id",
    "entity_id",
    "sex",
    "area",
    "age_group",
    "derivation",
    "interval",
    "interval_low",
    "interval_high",
    "release",
    "source_id",
    "release_date",
    "is_primary",
    "is_of_its_time",
    "data_value",
    "difference",
    "within_rounding",
    "side",
    "release_verdict",
    "time_release",
    "time_value",
    "newest_release",
    "newest_value",
    "revision",
    "held_years",
    "claim_verdict",
    "sentence",
    "note",
]


def _adoption_dates(documents: pd.DataFrame | None) -> dict[str, date]:
    """document id -> adoption date (documents table)."""
    if documents is None or documents.empty:
        return {}
    dates = pd.to_datetime(documents["adoption_date"], errors="coerce")
    return {str(d): t.date() for d, t in zip(documents["document"], dates, strict=True) if not pd.isna(t)}


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def check_claims(
    claims: pd.DataFrame,
    obs: pd.DataFrame,
    documents: pd.DataFrame | None,
    calendar: Calendar,
    groups_population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The claim_checks table (see the module docstring)."""
    mappings = [map_claim(c.indicator, c.scope, c.unit, c.kind) for c in claims.itertuples(index=False)]
    needed = {m.indicator_id for m in mappings if m.indicator_id} | {"internet_users_count", "population"}
    index = SeriesIndex(obs, calendar, groups_population, needed)
    adopted_by_doc = _adoption_dates(documents)
    out: list[dict] = []
    for c, m in zip(claims.itertuples(index=False), mappings, strict=True):
        adopted = adopted_by_doc.get(c.document)
        qualifier = _text(c.qualifier)
        bounds = interval(float(c.value), half_step(c.quote, float(c.value), c.unit), qualifier)
        f = assess(index, m, claim_year(c.year), adopted, bounds, calendar) if m.indicator_id else Finding()
        reason = m.reason or f.note
        before = set(calendar.primary_before(adopted)) if adopted else set()
        common = {
            "document": c.document,
            "paragraph": c.paragraph,
            "start": c.start,
            "end": c.end,
            "quote": c.quote,
            "claim_indicator": c.indicator,
            "claim_value": float(c.value),
            "claim_unit": c.unit,
            "qualifier": qualifier,
            "scope": c.scope,
            "kind": c.kind,
            "claim_year": _text(c.year),
            "year_rule": _text(getattr(c, "year_rule", None)) or ("stated" if _text(c.year) else "none"),
            "year_used": f.year_used,
            "adoption_date": adopted.isoformat() if adopted else None,
            "indicator_id": m.indicator_id,
            "entity_id": m.entity_id,
            "sex": m.sex if m.indicator_id else None,
            "area": m.area if m.indicator_id else None,
            "age_group": m.age_group if m.indicator_id else None,
            "derivation": m.derivation if m.indicator_id else None,
            "interval": str(bounds),
            "interval_low": bounds.low if math.isfinite(bounds.low) else math.nan,
            "interval_high": bounds.high if math.isfinite(bounds.high) else math.nan,
            "time_release": f.time[0][0] if f.time else None,
            "time_value": f.time[1] if f.time else math.nan,
            "newest_release": f.newest[0][0] if f.newest else None,
            "newest_value": f.newest[1] if f.newest else math.nan,
            "revision": f.newest[1] - f.time[1] if f.time and f.newest else math.nan,
            "held_years": f.held_years or None,
            "claim_verdict": f.verdict,
            "sentence": sentence(f, bounds, c.unit, calendar, reason),
        }
        rows = []
        if m.indicator_id and f.year_used is not None:
            for key in _newest_first(list(index.keys(m)), calendar):
                found = index.value(m, key, f.year_used)
                if found is None:
                    continue
                published = calendar.published_on(key[0])
                inside = bounds.contains(found[0])
                rows.append(
                    {
                        **common,
                        "release": key[0],
                        "source_id": key[1],
                        "release_date": published.isoformat() if published else None,
                        "is_primary": calendar.is_primary(key[0]),
                        "is_of_its_time": bool(adopted and published and published < adopted),
                        "data_value": found[0],
                        "difference": found[0] - float(c.value),
                        "within_rounding": inside,
                        "side": bounds.side(found[0]),
                        "release_verdict": release_verdict(key, inside, f, before),
                        "note": found[1] or None,
                    }
                )
        out.extend(rows or [{**common, "note": reason or None}])
    return pd.DataFrame(out, columns=CLAIM_CHECK_COLUMNS)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Pipeline step: the claim_checks table from the claims, documents and observations tables."""
    claims, obs = ctx.tables.get("claims"), ctx.tables.get("observations")
    if claims is None or obs is None:
        ctx.warnings.append("reconcile: claims or observations missing; claim_checks not built")
        return {}
    calendar = Calendar(ctx.tables["releases"])
    entities, membership = ctx.tables.get("entities"), ctx.tables.get("group_membership")
    groups = (
        None
        if entities is None or membership is None
        else group_population(obs, entities, membership, calendar)
    )
    checks = check_claims(claims, obs, ctx.tables.get("documents"), calendar, groups)
    per_claim = checks.drop_duplicates(["document", "start", "end", "claim_value"])
    counts = per_claim["claim_verdict"].value_counts().to_dict()
    ctx.log("[reconcile] " + ", ".join(f"{v}: {n}" for v, n in counts.items()))
    return {"claim_checks": checks}
