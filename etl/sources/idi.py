"""ITU ICT Development Index workbook (IDI 2023-2025 editions, one sheet each): indicator values per economy.

Each `IDI <edition> Data` sheet gives the data year in its title ("IDI 2025 Indicator values (2023)"),
a header row starting with `Iso3`, and a Value/Source column pair per indicator. Values are text: "†"
marks an ITU estimate, "‡" is kept in the note as printed, "n.a."/"n.p." mean no value. The header text is
the series code looked up in data/indicator_series.csv. (ITU-D regions are read by classification.py.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common, workbooks

NO_VALUE = {"n.a.", "n.p.", ""}
YEAR_TITLE = re.compile(r"Indicator values \((\d{4})\)")
EDITION_SHEET = re.compile(r"IDI \d{4} Data")


def edition_sheets(path: Path, expected: Sequence[str] = ()) -> Callable[[list[str]], list[str]]:
    """`workbooks.read_sheets` chooser of the `IDI <year> Data` sheets (workbook order); none is an error.

    Sheets are found by name, so a renamed one would silently drop its whole edition: every sheet in
    `expected` (the source's `expect.sheets` in data/sources.toml) must be there.
    """

    def choose(names: list[str]) -> list[str]:
        missing = [s for s in expected if s not in names]
        if missing:
            raise SourceError(
                path,
                f"sheet {missing[0]!r} not found (renamed?): data/sources.toml expects the editions "
                f"{', '.join(expected)}; the workbook has {', '.join(names)}",
            )
        sheets = [s for s in names if EDITION_SHEET.fullmatch(s) or s in expected]
        if not sheets:
            raise SourceError(path, f"no 'IDI <year> Data' sheet (found: {', '.join(names)})")
        return sheets

    return choose


def edition_names(path: Path) -> list[str]:
    """The edition sheets of a workbook, as `expect.sheets` records them (scripts/record_expectations.py)."""
    return list(workbooks.read_sheets(path, edition_sheets(path)))


def parse_value(raw: object) -> tuple[float | None, bool, str | None]:
    """`'17.7†'` -> (17.7, estimate, None); `'58.0‡'` -> (58.0, False, 'marked ‡'); `'n.a.'` -> (None, …)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw), False, None
    text = str(raw or "").strip()
    if text in NO_VALUE:
        return None, False, None
    marks = "".join(ch for ch in text if ch in "†‡")
    number = float(text.rstrip("†‡ "))  # ValueError for anything else: the caller names row and column
    return number, "†" in marks, ("marked ‡ in the IDI sheet" if "‡" in marks else None)


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of every registered IDI indicator column, from every edition sheet."""
    lookup = common.series_lookup(series, path)
    expected = spec.expect.sheets if spec.expect else ()
    sheets = workbooks.read_sheets(path, edition_sheets(path, expected))
    records: list[dict] = []
    quarantine: list[dict] = []
    rows_read = 0
    for sheet, rows in sheets.items():
        recs, aside, n = _read_sheet(rows, sheet, path, spec, lookup, ref)
        records += recs
        quarantine += aside
        rows_read += n
    frame = pd.DataFrame(records, columns=common.READER_COLUMNS)
    return common.finish(frame, spec, units, path, quarantine, rows_read)


def _read_sheet(
    rows: list[tuple], sheet: str, path: Path, spec: SourceSpec, lookup: dict, ref: common.Reference
) -> tuple[list[dict], list[dict], int]:
    year = next(
        (
            int(m.group(1))
            for row in rows[:6]
            for c in row
            if isinstance(c, str) and (m := YEAR_TITLE.search(c))
        ),
        None,
    )
    if year is None:
        raise SourceError(path, f"sheet {sheet!r}: no 'Indicator values (<year>)' title in the first rows")
    header_at = next((i for i, row in enumerate(rows) if row and row[0] == "Iso3"), None)
    if header_at is None or header_at + 1 >= len(rows):
        raise SourceError(path, f"sheet {sheet!r}: no header row starting with 'Iso3'", column="A")
    header, kinds = rows[header_at], rows[header_at + 1]
    columns = {}  # series code -> value column index
    for j, text in enumerate(header):
        code = re.sub(r"\s+", " ", text).strip() if isinstance(text, str) else None
        is_pair = j + 1 < len(kinds) and kinds[j] == "Value" and kinds[j + 1] == "Source"
        if code in lookup and is_pair:
            columns[code] = j
    missing = sorted(set(lookup) - set(columns))
    if missing:
        raise SourceError(
            path, f"sheet {sheet!r}: column not found (renamed?)", row=header_at + 1, column=missing[0]
        )
    records, quarantine, n = [], [], 0
    for r, row in enumerate(rows[header_at + 2 :], start=header_at + 3):
        code = row[0] if row else None
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code.strip()):
            continue
        n += 1
        code = code.strip()
        if code not in ref.iso3:
            quarantine.append(
                {
                    "source_id": spec.source_id,
                    "row": r,
                    "column": f"{sheet}!A",
                    "value": code,
                    "reason": "economy code is not a country in the registry",
                }
            )
            continue
        for series_code, j in columns.items():
            column = f"{sheet}!{get_column_letter(j + 1)}"
            try:
                value, estimate, mark = parse_value(row[j] if j < len(row) else None)
            except ValueError:
                raise SourceError(path, f"not a number: {row[j]!r}", row=r, column=column) from None
            if value is None:
                continue
            source = str(row[j + 1]).strip() if j + 1 < len(row) and row[j + 1] else ""
            note = "; ".join(x for x in [mark, f"source: {source}" if source else None] if x) or None
            srow = lookup[series_code]
            records.append(
                {
                    "indicator_id": srow.indicator_id,
                    "entity_id": code,
                    "year": year,
                    "value": value * srow.scale,
                    "sex": "total",
                    "area": "total",
                    "age_group": "total",
                    "series_code": f"{sheet}: {series_code}",
                    "is_estimate": estimate or "estimate" in source.lower(),
                    "note": note,
                    "_row": r,
                    "_column": column,
                }
            )
    return records, quarantine, n
