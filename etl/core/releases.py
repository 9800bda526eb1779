"""The release calendar: when each release we hold became public, and whether its publisher made the figures.

ITU re-estimates its whole back series every year, so a figure is only ever "the value in release R", and a
text can only be judged against the releases that were out when it was written. This module is the one
place that dates a release: ``data/releases.csv`` (published as the ``releases`` table) gives each release
its edition name, the day it became public, the day of the snapshot we hold and whether it is a primary
publication (ITU, the UN SDG database) or a redistribution (World Bank WDI via Gapminder, Our World in
Data). Nothing reads a date out of a release id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cached_property

import pandas as pd

COLUMNS = ["release_id", "publisher", "edition", "published_on", "snapshot_on", "is_primary", "date_note"]


class Calendar:
    """Dates, edition names and primacy of releases, from a frame with the ``releases`` table's columns."""

    def __init__(self, frame: pd.DataFrame):
        frame = frame.assign(
            published_on=pd.to_datetime(frame["published_on"]).dt.date,
            snapshot_on=pd.to_datetime(frame["snapshot_on"]).dt.date,
        )
        self.frame = frame.sort_values(["published_on", "release_id"]).reset_index(drop=True)

    @cached_property
    def _by_id(self) -> dict[str, dict]:
        return {r["release_id"]: r for r in self.frame.to_dict("records")}

    def __contains__(self, release: object) -> bool:
        return release in self._by_id

    @property
    def ids(self) -> list[str]:
        """Release ids, oldest publication first."""
        return list(self.frame["release_id"])

    def published_on(self, release: str) -> date | None:
        """The day the release became public, or None for an id the calendar does not hold."""
        row = self._by_id.get(release)
        return row["published_on"] if row else None

    def is_primary(self, release: str) -> bool:
        """Did the publisher of the figures (ITU, the UN SDG database) publish this release itself?"""
        row = self._by_id.get(release)
        return bool(row["is_primary"]) if row else False

    def edition(self, release: str) -> str:
        """The release as its publisher names it ("SDG Global Database 2023 release"); the id if unknown."""
        row = self._by_id.get(release)
        return str(row["edition"]) if row else str(release)

    def citation(self, release: str) -> str:
        """The release as a text cites it in parentheses: "ITU, Facts and Figures 2024", "UN Statistics
        Division, SDG Global Database 2023 release" (publisher's acronym, else its name; the edition's own
        short name where it gives one in parentheses)."""
        row = self._by_id.get(release)
        if not row:
            return str(release)
        publisher, edition = str(row["publisher"] or ""), str(row["edition"])
        short = re.search(r"\(([A-Z]{2,})\)\s*$", publisher)
        who = short.group(1) if short else publisher.split(" (")[0].strip()
        named = re.search(r"\(([^()]*\d{4}[^()]*)\)\s*$", edition)
        what = named.group(1) if named else edition
        return f"{who}, {what}" if who else what

    def order(self, releases: pd.Series) -> pd.Series:
        """Sortable publication date of each release (ids the calendar does not hold sort first)."""
        dates = {r: self.published_on(r) or date.min for r in releases.unique()}
        return releases.map(dates)

    def newest(self, releases: Iterable[str]) -> str | None:
        """The most recently published of `releases` (ties: the larger id), or None when there is none."""
        known = [r for r in releases if r in self]
        return max(known, key=lambda r: (self.published_on(r), r), default=None)

    def primary_before(self, day: date) -> list[str]:
        """Primary releases public before `day`, newest first: the data a text of that day could use."""
        rows = self.frame[self.frame["is_primary"].astype(bool) & (self.frame["published_on"] < day)]
        return list(reversed(rows["release_id"].tolist()))


# --- one answer per series ------------------------------------------------------------------------------
SERIES_KEY = ["indicator_id", "entity_id", "sex", "area", "age_group"]
PRIMARY, REDISTRIBUTION, COMPUTED = "primary", "redistribution", "computed by ict4d"
_BASIS_RANK = {PRIMARY: 2, REDISTRIBUTION: 1, COMPUTED: 0}


def latest_releases(observations: pd.DataFrame, calendar: Calendar) -> pd.DataFrame:
    """The release to show for each series when the user does not choose one: one row per (indicator,
    entity, sex, area, age group) with `release`, `source_id`, `published_on` and `basis`.

    "Latest" is the newest primary release that has the series for that entity (ITU, the UN SDG database:
    the producer's own figures), so a redistribution of older figures (WDI via Gapminder, OWID) never wins
    over the producer, whatever its date; a redistribution is the answer only where no primary release has
    the series, and an ict4d-computed aggregate (it carries its input's release, not a release of its own)
    only where no publisher has the figure. Within one release, the source with the most recent data year
    wins, then the source id. Works on the published `observations` and `releases` tables alone.
    """
    cols = [*SERIES_KEY, "release", "source_id", "year", "is_computed"]
    per = (
        observations[cols]
        .groupby([*SERIES_KEY, "release", "source_id"], as_index=False, sort=False)
        .agg(last_year=("year", "max"), is_computed=("is_computed", "any"))
    )
    primary = per["release"].map(lambda r: calendar.is_primary(r))
    basis = per["is_computed"].astype(bool).map({True: COMPUTED, False: ""})
    basis = basis.where(basis != "", primary.map({True: PRIMARY, False: REDISTRIBUTION}))
    per = per.assign(basis=basis, _rank=basis.map(_BASIS_RANK), published_on=calendar.order(per["release"]))
    per = per.sort_values([*SERIES_KEY, "_rank", "published_on", "last_year", "source_id"], kind="stable")
    chosen = per.drop_duplicates(SERIES_KEY, keep="last")
    columns = [*SERIES_KEY, "release", "source_id", "published_on", "basis", "last_year"]
    return chosen[columns].reset_index(drop=True)


def latest_observations(observations: pd.DataFrame, calendar: Calendar) -> pd.DataFrame:
    """The observations of `latest_releases`: every year of each series from its one chosen release (a line
    never mixes vintages), with the `basis` column saying primary, redistribution or computed by ict4d."""
    chosen = latest_releases(observations, calendar)[[*SERIES_KEY, "release", "source_id", "basis"]]
    return observations.merge(chosen, on=[*SERIES_KEY, "release", "source_id"], how="inner")


# --- how fresh is what we hold --------------------------------------------------------------------------
FRESHNESS_COLUMNS = [
    "publication",
    "publisher",
    "release_id",
    "edition",
    "published_on",
    "age_days",
    "is_primary",
    "cycle",
    "due_on",
    "is_overdue",
    "note",
    "refresh",
]


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def last_due(day: date, month: int) -> date:
    """The last end of `month` before `day`: when the latest edition of a yearly cycle was due (a November
    edition is due by 30 November, and missing from 1 December)."""
    due = _month_end(day.year, month)
    return due if due < day else _month_end(day.year - 1, month)


def _age(days: int) -> str:
    if days < 60:
        return f"{days} days"
    months = round(days / 30.44)
    return f"{months} months" if months < 24 else f"{days / 365.25:.1f} years"


def freshness(releases: pd.DataFrame, day: date) -> pd.DataFrame:
    """The newest release held of each publication, its age on `day`, and whether a newer edition is due.

    A publication with a yearly cycle (`cycle_month`: ITU's estimates each November, the UN SDG database each
    spring) is overdue when its newest release held came out before the month in which the latest edition
    was due; the note then says so and how to refresh (`refresh`: `ict4d fetch`, or the manual steps of the
    README). Publications without a fixed cycle (live databases, redistributions) get their age only. Pure:
    works on the published `releases` table (older tables without the cycle columns count each publisher as
    one publication without a cycle).
    """
    frame = Calendar(releases).frame
    frame = frame[frame["published_on"] <= day]
    if "publication" not in frame:
        frame = frame.assign(publication=frame["publisher"], cycle="", refresh="", cycle_month=pd.NA)
    newest = frame.sort_values(["published_on", "release_id"]).drop_duplicates("publication", keep="last")
    rows = []
    for r in newest.to_dict("records"):
        age = (day - r["published_on"]).days
        month = r.get("cycle_month")
        due = last_due(day, int(month)) if month is not None and not pd.isna(month) else None
        overdue = None if due is None else r["published_on"] < due.replace(day=1)
        cycle = str(r.get("cycle") or "")
        if due is None:
            note = f"{_age(age)} old; no fixed cycle" + (f" ({cycle})" if cycle else "")
        elif overdue:
            note = (
                f"{_age(age)} old, older than the publisher's cycle: {cycle}, and the "
                f"{due:%B %Y} edition is not held. Refresh: {r.get('refresh') or 'see the README'}"
            )
        else:
            note = f"{_age(age)} old; current ({cycle})"
        rows.append(
            {
                "publication": r["publication"],
                "publisher": r["publisher"],
                "release_id": r["release_id"],
                "edition": r["edition"],
                "published_on": r["published_on"],
                "age_days": age,
                "is_primary": bool(r["is_primary"]),
                "cycle": cycle,
                "due_on": due,
                "is_overdue": overdue,
                "note": note,
                "refresh": str(r.get("refresh") or ""),
            }
        )
    out = pd.DataFrame(rows, columns=FRESHNESS_COLUMNS).astype({"is_overdue": "boolean"})
    return out.sort_values(["is_primary", "published_on"], ascending=[False, False]).reset_index(drop=True)


def freshness_report(fresh: pd.DataFrame, day: date) -> str:
    """`freshness` as lines for the end of `ict4d build` (and anything else that prints it)."""
    if fresh.empty:
        return f"freshness on {day}: no release held"
    overdue = int(fresh["is_overdue"].fillna(False).sum())
    lines = [f"freshness on {day} (newest release held per publication; {overdue} overdue):"]
    for r in fresh.itertuples(index=False):
        flag = "OVERDUE " if r.is_overdue is not pd.NA and bool(r.is_overdue) else ""
        lines.append(f"  {flag}{r.publication}: {r.release_id} ({r.edition}, {r.published_on}): {r.note}")
    return "\n".join(lines)


# ITU publishes its estimates for year Y in late November (Facts and Figures): they count as out from
# 1 December of Y, so on any earlier day the newest year with data is the previous one.
ESTIMATES_OUT_MONTH = 12


def newest_data_year(day: date) -> int:
    """The newest year of ITU data published by `day`: what "now" in a text of that day means.

    A June 2023 or a December 2022 text means 2022, a July 2018 text 2017. A text of November itself counts
    as before that year's release (the day of the release varies from year to year, and a year is never
    claimed before its data exist).
    """
    return day.year if day.month >= ESTIMATES_OUT_MONTH else day.year - 1
