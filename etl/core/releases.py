"""Release ids and their dates: the one place that reads a date out of a release id.

A release id ends in the ``yyyy-mm`` of its vintage (``itu-2024-11``, docs/CONTRACTS.md). A computed row's
release joins its inputs' releases with ``+`` (``unsd-2023-04+itu-datahub-2025-07``); it exists once the
newest of them is out, so that is its date.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

_RELEASE_DATE = re.compile(r"-(\d{4})-(\d{2})(?=\+|$)")


def release_date(release: str) -> date | None:
    """First day of the release's month (the newest input's for a ``+``-joined id); None without a date."""
    found = [date(int(y), int(m), 1) for y, m in _RELEASE_DATE.findall(str(release))]
    return max(found) if found else None


def release_order(releases: pd.Series) -> pd.Series:
    """Sortable date of each release (`release_date`; undated ids sort first, as date.min).

    Parsed once per distinct id: a column of a million rows holds a few dozen releases.
    """
    dates = {r: release_date(r) or date.min for r in releases.unique()}
    return releases.map(dates)
