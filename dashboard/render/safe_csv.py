"""CSV that is safe to open in a spreadsheet: a text cell starting like a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) is prefixed with a single quote, so a downloaded table never runs one (OWASP
"CSV injection"); numbers are written as they are, and every chart's CSV carries its provenance columns.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.views.spec import ChartSpec, ExportError, missing_provenance

# a spreadsheet treats a cell starting with one of these as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [
        c
        for c in df.columns
        if not (pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]))
    ]


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote; keep the rest."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> str:
    """CSV of exactly `df`, with text cells neutralised against formula injection; numbers untouched."""
    safe = df.copy()
    for col in _text_columns(safe):
        safe[col] = safe[col].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    # RFC 4180 CRLF rows: the writer then quotes any cell holding a CR or LF, so no cell can split a row
    return safe.to_csv(index=False, lineterminator="\r\n")


def needs_neutralising(df: pd.DataFrame) -> bool:
    """Does any text cell start like a spreadsheet formula (so the table must go through `to_csv`)?"""
    return any(df[c].dropna().astype(str).str.startswith(FORMULA_PREFIXES).any() for c in _text_columns(df))


def chart_csv(spec: ChartSpec) -> str:
    """The data behind a chart as safe CSV; refuses data without its provenance columns (an empty table
    still gets the columns a reader expects)."""
    data, missing = spec.data, missing_provenance(spec.data)
    if missing and len(data):
        raise ExportError(f"chart {spec.filename!r}: CSV lacks provenance column(s) {', '.join(missing)}")
    if missing:
        data = data.reindex(columns=[*data.columns, *missing])
    return to_csv(data)
