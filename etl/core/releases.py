"""The release calendar: when each release we hold became public, and whether its publisher made the figures.

ITU re-estimates its whole back series every year, so a figure is only ever "the value in release R", and a
text can only be judged against the releases that were out when it was written. This module is the one
place that dates a release: ``data/releases.csv`` (published as the ``releases`` table) gives each release
its edition name, the day it became public, the day of the snapshot we hold and whether it is a primary
publication (ITU, the UN SDG database) or a redistribution (World Bank WDI via Gapminder, Our World in
Data). Nothing reads a date out of a release id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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

    @classmethod
    def from_dates(cls, published: dict[str, str], primary: Iterable[str] | None = None) -> Calendar:
        """A small calendar from release id -> ISO date (tests, benchmarks); all primary unless listed."""
        chosen = set(published) if primary is None else set(primary)
        return cls(pd.DataFrame({
            "release_id": list(published), "publisher": "", "edition": list(published),
            "published_on": list(published.values()), "snapshot_on": list(published.values()),
            "is_primary": [r in chosen for r in published], "date_note": "",
        }))

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


# ITU publishes its estimates for year Y each November (Facts and Figures), so on a day before November the
# newest year with data is the previous one.
ESTIMATES_MONTH = 11


def newest_data_year(day: date) -> int:
    """The newest year ITU had published estimates for on `day` (June 2023 -> 2022, December 2022 -> 2022)."""
    return day.year if day.month >= ESTIMATES_MONTH else day.year - 1
