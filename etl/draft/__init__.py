"""Check a draft: every figure of a text that is not out yet, against the newest releases out by the date
it is meant for, with a current replacement. ``check`` is the check, ``suggest`` the replacement, ``files``
reads an uploaded .txt/.docx/.pdf within limits (``parse`` is its child process, which imports nothing
heavy: this package's names are loaded on first use)."""

from __future__ import annotations

from typing import Any

__all__ = ["COLUMNS", "Checker", "DraftCheck", "DraftFigure"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from etl.draft import check

        return getattr(check, name)
    raise AttributeError(name)
