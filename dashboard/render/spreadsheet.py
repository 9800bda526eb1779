"""Tables as an Excel workbook (.xlsx) a report writer can open and paste from: one sheet per table, the
header bold and frozen, columns wide enough to read, a source line under a table, and every text cell
stored as text: a cell that starts like a formula ("=1+1") keeps its exact text and is never run.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60  # characters: a long text column wraps in the reader's spreadsheet rather than run off


def _cell(value: object) -> object:
    """A value as a workbook cell: numbers stay numbers, missing values stay empty, the rest is text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], notes: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """A workbook of `sheets` (title -> table, in order); `notes[title]` lines go under that table."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        ws = book.create_sheet(title[:31])
        ws.append([_cell(str(c)) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        lines = list((notes or {}).get(title, []))
        if lines:
            ws.append([])
            for line in lines:
                ws.append([_cell(line)])
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            width = max([len(str(col)), *(len(str(v)) for v in frame.iloc[:, i - 1].head(200))], default=8)
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(MAX_WIDTH, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
