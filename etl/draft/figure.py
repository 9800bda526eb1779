"""A draft's figure as read and as checked, and the answer for one text (the draft check's table)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

import pandas as pd

from etl.core.vocabulary import DRAFT_CANNOT_CHECK, DRAFT_NOT_CURRENT


@dataclass
class DraftFigure:
    """One figure of a draft as read and as checked (one row of the draft check's table)."""

    paragraph: str
    quote: str
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    indicator: str
    scope: str
    year: str | None  # as the text gives it (a period stays a period)
    year_rule: str
    result: str = DRAFT_CANNOT_CHECK
    reason: str = ""
    year_used: int | None = None  # the year the figure was checked at
    year_value: float | None = None  # the newest release's value for that year
    year_release: str | None = None
    latest_year: int | None = None  # the latest year of the newest release
    latest_value: float | None = None
    latest_release: str | None = None
    suggestion: str | None = None  # the figure rewritten from one published row, in the text's own style
    suggestion_source: str | None = None  # "ITU, Facts and Figures 2024"
    derivation: str | None = None  # how a derived figure is computed (offline count, gender gap), if so
    extra: dict = field(default_factory=dict, repr=False)  # ids kept for tests and the view


@dataclass(frozen=True)
class DraftCheck:
    """The answer for one text: its figures and the date it was checked for."""

    as_of: date
    figures: list[DraftFigure]

    def frame(self) -> pd.DataFrame:
        """The table: one row per figure, columns ``COLUMNS``."""
        rows = [{k: v for k, v in asdict(f).items() if k in COLUMNS} for f in self.figures]
        return pd.DataFrame(rows, columns=COLUMNS)

    def counts(self) -> dict[str, int]:
        """How many figures got each result."""
        out: dict[str, int] = {}
        for f in self.figures:
            out[f.result] = out.get(f.result, 0) + 1
        return out

    @property
    def all_current(self) -> bool:
        """Is every figure that can be checked up to date? (`ict4d check` exits 0 then.)"""
        return not any(f.result in DRAFT_NOT_CURRENT for f in self.figures)


# the columns of the draft check's table, in this order (CSV, JSON, the page's table)
COLUMNS = [f.name for f in fields(DraftFigure) if f.name != "extra"]
