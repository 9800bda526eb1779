"""The dashboard's one door into the ETL beyond ``etl.core``: the draft check (``etl.draft``).

Why a door: the dashboard otherwise meets the ETL only in the published tables, but checking a text that
a visitor brings cannot be published in advance; it has to run the claims extractor and the claim check
on the spot. Running THE SAME code as ``ict4d claims`` and the build's ``claim_checks`` (not a copy in the
dashboard) is what makes the page's answers agree with the rest of ict4d. This module is the only one
allowed to import ``etl.draft`` (``[tool.importlinter]`` in pyproject.toml, docs/CONTRACTS.md); the /check
page and ``ict4d check`` go through it. The published tables still come from ``views.published`` alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.views import published
from etl.draft.check import Checker
from etl.draft.figure import COLUMNS, DraftCheck
from etl.draft.files import MAX_FILE_BYTES, MAX_TEXT_CHARS, DraftFileError, read_path, read_upload

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "DraftCheck",
    "DraftFileError",
    "check_text",
    "checker",
    "read_path",
    "read_upload",
]


def checker() -> Checker:
    """The check prepared on the published tables of the current folder, once per process."""

    def build() -> Checker:
        return Checker(
            published.table("observations"),
            published.table("releases"),
            published.entities(),
            published.group_membership(),
        )

    return published.memo("draft-checker", build)


def check_text(text: str, as_of: date | None = None) -> DraftCheck:
    """Every figure of `text` checked for the day it is meant for (default today); a text that is empty
    or longer than MAX_TEXT_CHARS is a DraftFileError with a one-line message."""
    if not isinstance(text, str) or not text.strip():
        raise DraftFileError("there is no text to check: paste a text or upload a file")
    if len(text) > MAX_TEXT_CHARS:
        raise DraftFileError(
            f"the text is too long ({len(text):,} characters); the limit is {MAX_TEXT_CHARS:,}"
        )
    return checker().check(text, as_of)


def check_file(path: str | Path, as_of: date | None = None) -> tuple[str, DraftCheck]:
    """The text of a file on disk (.txt, .docx, .pdf; the upload's rules) and its check."""
    text = read_path(path)
    return text, check_text(text, as_of)


def frame(result: DraftCheck) -> pd.DataFrame:
    """The check's table (columns ``COLUMNS``)."""
    return result.frame()
