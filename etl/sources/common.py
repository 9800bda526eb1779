"""What every reader shares: checked file access, CSV parsing that names file/row/column on bad input, the
quarantine, and the one function that turns a reader's long frame into `observations` rows.

Row numbers in errors and in the quarantine are the line numbers a user sees in the file (header = line 1)
or, for workbooks, the sheet row.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from etl.core import schemas, vocabulary
from etl.core.errors import SourceError
from etl.registry import SourceSpec, group_id_for_name, snake

OBS_COLUMNS = list(schemas.Observation.to_schema().columns)
QUARANTINE_COLUMNS = list(schemas.QuarantineRow.to_schema().columns)
# what a reader fills in; finish() adds unit, release, source_id and is_computed
READER_COLUMNS = [
    "indicator_id",
    "entity_id",
    "year",
    "value",
    "sex",
    "area",
    "age_group",
    "series_code",
    "is_estimate",
    "note",
    "_row",
    "_column",
]
KEY = ["indicator_id", "entity_id", "year", "sex", "area", "age_group"]


@dataclass
class Reference:
    """What readers need to know about entities: which codes are countries, which are groups."""

    iso3: frozenset[str]
    m49_to_iso3: dict[int, str]
    m49_groups: dict[int, str] = field(default_factory=dict)  # M49 code -> group entity id
    group_names: dict[str, str] = field(default_factory=dict)  # group entity id -> name
    # name_key(country name) -> ISO3, from country-codes' official and short names (readers of files that
    # name economies without a code)
    country_names: dict[str, str] = field(default_factory=dict)

    def group_by_name(self, name: str) -> str | None:
        """Entity id of a group given by name (`Sub-Saharan Africa (UN)`), or None."""
        gid = group_id_for_name(name)
        if gid:
            return gid
        key = snake(name.removesuffix("(UN)"))
        return f"sdg_{key}" if f"sdg_{key}" in self.group_names else None


def name_key(name: str) -> str:
    """A country name reduced for matching: `Côte d’Ivoire` and `Cote d'Ivoire` -> `cote divoire`."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text.replace("&", " and "))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass
class ReadResult:
    observations: pd.DataFrame
    quarantine: list[dict] = field(default_factory=list)
    rows_read: int = 0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def checked_path(spec: SourceSpec, sources_dir: Path) -> Path:
    """The source file, after checking it exists, is not empty and has the sha256 the registry expects."""
    path = spec.resolve(sources_dir)
    if not path.is_file():
        raise SourceError(path, f"source file of {spec.source_id!r} not found")
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    actual = sha256_of(path)
    if actual != spec.sha256:
        raise SourceError(
            path,
            f"sha256 mismatch: data/sources.toml expects {spec.sha256[:12]}…, the file has {actual[:12]}… "
            "(the file changed: check it, then update data/sources.toml)",
        )
    return path


def open_text(path: Path) -> io.StringIO:
    """Text of a CSV or of the single CSV inside a .zip, BOM removed."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [n for n in zf.namelist() if n.lower().endswith(".csv")]
                if len(members) != 1:
                    raise SourceError(path, f"expected one CSV inside the zip, found {len(members)}")
                raw = zf.read(members[0])
        else:
            raw = path.read_bytes()
    except (zipfile.BadZipFile, EOFError) as exc:
        raise SourceError(path, f"not a readable zip file (truncated?): {exc}") from None
    try:
        return io.StringIO(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text at byte {exc.start}") from None


def read_csv(path: Path, required: list[str], only_required: bool = False) -> pd.DataFrame:
    """All cells as strings ("" when empty); one clear error on empty, malformed or renamed input.

    `only_required` parses just the required columns (a DataHub export repeats a long description on
    every row: not parsing what is never used is most of the reading time).
    """
    text = open_text(path)
    if not text.getvalue().strip():
        raise SourceError(path, "file is empty")
    usecols = (lambda c: c in required) if only_required else None
    try:
        df = pd.read_csv(text, dtype=str, keep_default_na=False, na_filter=False, usecols=usecols)
    except pd.errors.EmptyDataError:
        raise SourceError(path, "file is empty") from None
    except pd.errors.ParserError as exc:
        raise SourceError(path, f"malformed CSV (truncated?): {exc}") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        found = ", ".join(map(repr, df.columns[:15]))
        raise SourceError(path, f"missing column (renamed?); found {found}", row=1, column=missing[0])
    if df.empty:
        raise SourceError(path, "no data rows after the header (truncated?)", row=2)
    return df


# parsed workbooks of this process: a workbook read by two parts of the build (the IDI workbook gives
# classification its ITU regions and the idi reader its values) is parsed once; keyed on the file's state
_WORKBOOKS: dict[tuple[str, int, int], tuple[list[str], dict[str, list[tuple]]]] = {}


def read_sheets(path: Path, choose: Callable[[list[str]], list[str]]) -> dict[str, list[tuple]]:
    """Cell values, row by row, of the sheets `choose` picks from the workbook's sheet names.

    `choose` may raise a SourceError naming what is missing. A file openpyxl cannot open is one SourceError.
    """
    stat = path.stat()
    state = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if state in _WORKBOOKS:
        names, parsed = _WORKBOOKS[state]
        wanted = choose(names)
        if all(n in parsed for n in wanted):
            return {n: parsed[n] for n in wanted}
    if path.suffix.lower() == ".xls":
        return _read_xls(path, state, choose)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise SourceError(path, f"not a readable xlsx workbook (truncated?): {exc}") from None
    try:
        names, parsed = _WORKBOOKS.setdefault(state, (list(wb.sheetnames), {}))
        wanted = choose(names)
        for n in wanted:
            if n not in parsed:
                parsed[n] = list(wb[n].iter_rows(values_only=True))
        return {n: parsed[n] for n in wanted}
    finally:
        wb.close()


def _read_xls(path: Path, state: tuple, choose: Callable[[list[str]], list[str]]) -> dict[str, list[tuple]]:
    """A legacy Excel 97-2003 workbook (ITU's 2017 and 2019 editions), read with calamine.

    Empty cells become None, as openpyxl gives them, so the parsers see one shape whatever the format.
    """
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises its own error types for a broken file
        raise SourceError(path, f"not a readable xls workbook (truncated?): {exc}") from None
    names, parsed = _WORKBOOKS.setdefault(state, (names, {}))
    wanted = choose(names)
    for n in wanted:
        if n not in parsed:
            try:
                rows = wb.get_sheet_by_name(n).to_python()
            except Exception as exc:
                raise SourceError(path, f"sheet {n!r} is not readable (truncated?): {exc}") from None
            parsed[n] = [tuple(None if v == "" else v for v in row) for row in rows]
    return {n: parsed[n] for n in wanted}


def sheets_named(path: Path, names: list[str]) -> Callable[[list[str]], list[str]]:
    """A `read_sheets` chooser for fixed sheet names: a missing one fails naming it and what is there."""
    def choose(found: list[str]) -> list[str]:
        missing = [n for n in names if n not in found]
        if missing:
            raise SourceError(path, f"sheet {missing[0]!r} not found (renamed?); sheets: {', '.join(found)}")
        return list(names)
    return choose


def line_numbers(df: pd.DataFrame) -> pd.Series:
    """File line of each row of a frame read by read_csv (header is line 1)."""
    return pd.Series(df.index + 2, index=df.index)


def require_filled(df: pd.DataFrame, path: Path, columns: list[str]) -> None:
    """An empty key cell means a truncated or broken row: fail naming the first one."""
    for col in columns:
        empty = df[col].str.strip() == ""
        if empty.any():
            i = empty.idxmax()
            raise SourceError(path, "empty value (truncated or incomplete row)", row=int(i) + 2, column=col)


def to_numbers(raw: pd.Series, path: Path, column: str, rows: pd.Series) -> pd.Series:
    """Floats; a cell that is not a number fails with its row and column."""
    values = pd.to_numeric(raw.str.strip(), errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        i = values.index[bad.argmax()]
        raise SourceError(path, f"not a number: {raw[i]!r}", row=int(rows[i]), column=column)
    return values


def to_years(raw: pd.Series, path: Path, column: str, rows: pd.Series) -> pd.Series:
    years = to_numbers(raw, path, column, rows)
    bad = (years % 1 != 0) | (years < 1960) | (years > 2100)
    if bad.any():
        i = bad.idxmax()
        raise SourceError(
            path, f"not a year between 1960 and 2100: {raw[i]!r}", row=int(rows[i]), column=column
        )
    return years.astype(int)


def quarantine_rows(
    source_id: str, rows: pd.Series, column: str, values: pd.Series, reason: str
) -> list[dict]:
    return [
        {"source_id": source_id, "row": int(r), "column": column, "value": str(v), "reason": reason}
        for r, v in zip(rows, values, strict=True)
    ]


# isolated out-of-range values are upstream errors and are set aside; more than this many in one file
# (and more than 1 % of its rows) means a wrong mapping or unit, and fails the build
MAX_OUT_OF_RANGE_ROWS = 5


def finish(
    frame: pd.DataFrame,
    spec: SourceSpec,
    units: dict[str, str],
    path: Path,
    quarantine: list[dict],
    rows_read: int,
) -> ReadResult:
    """Add unit (from the registry), release and source; check ranges and duplicate keys -> ReadResult.

    `frame` has READER_COLUMNS; `_row`/`_column` say where each value was read, for the error messages.
    A value outside its unit's range (a share of 140) is set aside in the quarantine when it is isolated,
    and fails the build when there are many (then the series is mapped to the wrong unit).
    """
    df = frame[READER_COLUMNS].copy()
    df["unit"] = df["indicator_id"].map(units)
    lo = df["unit"].map({u: r[0] for u, r in vocabulary.UNIT_RANGES.items()})
    hi = df["unit"].map({u: r[1] for u, r in vocabulary.UNIT_RANGES.items()})
    out = (df["value"] < lo) | (df["value"] > hi)
    quarantine = list(quarantine)
    if out.any():
        i = out.idxmax()
        message = (
            f"value {df.at[i, 'value']:g} outside the range of {df.at[i, 'unit']} "
            f"[{lo[i]:g}, {hi[i]:g}] for {df.at[i, 'indicator_id']}"
        )
        if out.sum() > max(MAX_OUT_OF_RANGE_ROWS, 0.01 * len(df)):
            raise SourceError(
                path,
                f"{message}, and {int(out.sum()) - 1:,} more such values (wrong unit or series mapping?)",
                row=int(df.at[i, "_row"]),
                column=str(df.at[i, "_column"]),
            )
        bad = df[out]
        quarantine += [
            {
                "source_id": spec.source_id,
                "row": int(row),
                "column": str(col),
                "value": f"{value:g}",
                "reason": f"value outside the range of {unit} for {indicator} (upstream error)",
            }
            for row, col, value, unit, indicator in zip(
                bad["_row"], bad["_column"], bad["value"], bad["unit"], bad["indicator_id"], strict=True
            )
        ]
        df = df[~out]
    dup = df.duplicated(KEY, keep=False)
    if dup.any():
        rows = df.loc[dup].sort_values([*KEY, "_row"]).head(2)
        first, second = rows.iloc[0], rows.iloc[1]
        raise SourceError(
            path,
            f"duplicate key {first['indicator_id']}/{first['entity_id']}/{first['year']} "
            f"(also at row {int(first['_row'])})",
            row=int(second["_row"]),
            column=str(second["_column"]),
        )
    df["release"] = spec.release
    df["source_id"] = spec.source_id
    df["is_computed"] = False
    df["year"] = df["year"].astype(int)
    return ReadResult(df[OBS_COLUMNS].reset_index(drop=True), quarantine, rows_read)


def series_lookup(series: pd.DataFrame, path: Path) -> dict[str, pd.Series]:
    """series_code -> its indicator_series row; the registry must list at least one series for the source."""
    if series.empty:
        raise SourceError(path, "no series for this source in data/indicator_series.csv")
    return {row.series_code: row for row in series.itertuples(index=False)}


def parse_pairs(text: str | None) -> dict[str, str]:
    """`sex=female;area=urban` -> {"sex": "female", "area": "urban"}."""
    if not text or (isinstance(text, float) and math.isnan(text)):
        return {}
    return dict(part.split("=", 1) for part in str(text).split(";") if part)
