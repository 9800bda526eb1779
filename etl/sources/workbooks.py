"""Cell values of workbook sheets (.xlsx with openpyxl, the legacy .xls with calamine), in one shape.

A workbook read by two parts of the build (the IDI workbook gives classification its ITU regions and the
idi reader its values) is parsed once per process: the parsed sheets are kept per file state (path, size,
modification time) in a small functools cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import openpyxl

from etl.core.errors import SourceError


@dataclass
class _Parsed:
    """What has been read of one state of a workbook file: its sheet names and the sheets parsed so far."""

    names: list[str] | None = None
    sheets: dict[str, list[tuple]] = field(default_factory=dict)


@lru_cache(maxsize=64)  # more than the workbooks of a build; an edited file is a new state, a new entry
def _parsed(path: str, size: int, mtime_ns: int) -> _Parsed:
    return _Parsed()


def read_sheets(path: Path, choose: Callable[[list[str]], list[str]]) -> dict[str, list[tuple]]:
    """Cell values, row by row, of the sheets `choose` picks from the workbook's sheet names.

    `choose` may raise a SourceError naming what is missing. A file openpyxl cannot open is one SourceError.
    """
    stat = path.stat()
    memo = _parsed(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if memo.names is not None:
        wanted = choose(memo.names)
        if all(n in memo.sheets for n in wanted):
            return {n: memo.sheets[n] for n in wanted}
    if path.suffix.lower() == ".xls":
        return _read_xls(path, memo, choose)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise SourceError(path, f"not a readable xlsx workbook (truncated?): {exc}") from None
    try:
        if memo.names is None:
            memo.names = list(wb.sheetnames)
        wanted = choose(memo.names)
        for n in wanted:
            if n not in memo.sheets:
                memo.sheets[n] = list(wb[n].iter_rows(values_only=True))
        return {n: memo.sheets[n] for n in wanted}
    finally:
        wb.close()


def _read_xls(path: Path, memo: _Parsed, choose: Callable[[list[str]], list[str]]) -> dict[str, list[tuple]]:
    """A legacy Excel 97-2003 workbook (ITU's 2017 and 2019 editions), read with calamine.

    Empty cells become None, as openpyxl gives them, so the parsers see one shape whatever the format.
    """
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises its own error types for a broken file
        raise SourceError(path, f"not a readable xls workbook (truncated?): {exc}") from None
    if memo.names is None:
        memo.names = names
    wanted = choose(memo.names)
    for n in wanted:
        if n not in memo.sheets:
            try:
                rows = wb.get_sheet_by_name(n).to_python()
            except Exception as exc:
                raise SourceError(path, f"sheet {n!r} is not readable (truncated?): {exc}") from None
            memo.sheets[n] = [tuple(None if v == "" else v for v in row) for row in rows]
    return {n: memo.sheets[n] for n in wanted}


def sheets_named(path: Path, names: list[str]) -> Callable[[list[str]], list[str]]:
    """A `read_sheets` chooser for fixed sheet names: a missing one fails naming it and what is there."""

    def choose(found: list[str]) -> list[str]:
        missing = [n for n in names if n not in found]
        if missing:
            raise SourceError(path, f"sheet {missing[0]!r} not found (renamed?); sheets: {', '.join(found)}")
        return list(names)

    return choose
