"""workbooks.read_sheets: one way to read a workbook, parsed once per process while the file is unchanged."""

import os
from pathlib import Path

import openpyxl
import pytest

from etl.core.errors import SourceError
from etl.sources import workbooks


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_sheets_are_read_once_until_the_file_changes(tmp_path: Path):
    path = _book(tmp_path / "b.xlsx", {"A": [["x", 1], ["y", 2]], "B": [["z"]]})
    first = workbooks.read_sheets(path, workbooks.sheets_named(path, ["A"]))
    assert first == {"A": [("x", 1), ("y", 2)]}
    again = workbooks.read_sheets(path, workbooks.sheets_named(path, ["A"]))
    assert again["A"] is first["A"]  # not parsed again
    _book(path, {"A": [["x", 10]], "B": []})
    os.utime(path, ns=(1, 1))  # a different state even within the same clock tick
    assert workbooks.read_sheets(path, workbooks.sheets_named(path, ["A"])) == {"A": [("x", 10)]}


def test_missing_sheet_and_broken_file_are_one_error_naming_the_file(tmp_path: Path):
    path = _book(tmp_path / "b.xlsx", {"A": [["x"]]})
    with pytest.raises(SourceError, match=r"b\.xlsx: sheet 'Data' not found \(renamed\?\); sheets: A"):
        workbooks.read_sheets(path, workbooks.sheets_named(path, ["Data"]))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(path.read_bytes()[:200])
    with pytest.raises(SourceError, match=r"broken\.xlsx: not a readable xlsx workbook"):
        workbooks.read_sheets(broken, workbooks.sheets_named(broken, ["A"]))
