"""Hand-made Observation frames and release calendars for the ETL tests: only what each test cares about
is given."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from etl.core import schemas
from etl.core.releases import Calendar

DEFAULTS = {
    "unit": "percent",
    "sex": "total",
    "area": "total",
    "age_group": "total",
    "series_code": "x",
    "is_estimate": False,
    "is_computed": False,
    "note": None,
}


def observations(*rows: dict) -> pd.DataFrame:
    """Validated Observation rows; a dict gives indicator_id, entity_id, year, value, source_id, release."""
    df = pd.DataFrame([{**DEFAULTS, **r} for r in rows])
    return schemas.Observation.validate(df[list(schemas.Observation.to_schema().columns)])


def calendar_from_dates(published: dict[str, str], primary: Iterable[str] | None = None) -> Calendar:
    """A small calendar from release id -> ISO date; every release primary unless `primary` lists some."""
    chosen = set(published) if primary is None else set(primary)
    return Calendar(
        pd.DataFrame(
            {
                "release_id": list(published),
                "publisher": "",
                "edition": list(published),
                "published_on": list(published.values()),
                "snapshot_on": list(published.values()),
                "is_primary": [r in chosen for r in published],
                "date_note": "",
            }
        )
    )


def calendar_of(*frames_or_ids) -> Calendar:
    """A test calendar for the releases of some frames (their `release` column) or of ids given as strings:
    each id is dated on the first day of the ``yyyy-mm`` it ends with (test ids are made that way)."""
    ids: set[str] = set()
    for item in frames_or_ids:
        ids |= {item} if isinstance(item, str) else set(item["release"].dropna().astype(str))
    dates = {}
    for r in sorted(ids):
        m = re.search(r"(\d{4})-(\d{2})$", r)
        if m:
            dates[r] = f"{m.group(1)}-{m.group(2)}-01"
    return calendar_from_dates(dates)
