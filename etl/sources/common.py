"""What every reader shares: checked file access, CSV parsing that names file/row/column on bad input, the
quarantine, and the one function that turns a reader's long frame into `observations` rows.

Row numbers in errors and in the quarantine are the line numbers a user sees in the file (header = line 1)
or, for workbooks, the sheet row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.core import schemas, vocabulary
from etl.core.errors import SourceError
from etl.registry import Expectation, SourceSpec, group_id_for_name, snake

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
    # an upstream's own code for an economy -> our id (registry.CODE_ALIASES)
    aliases: dict[str, str] = field(default_factory=dict)

    def country_ids(self, codes: pd.Series) -> pd.Series:
        """Upper-case codes of a country file as our ids, an upstream's own code read through its alias."""
        return codes.str.strip().str.upper().replace(self.aliases)

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


# A member is unpacked into memory and parsed (about 6x its size at the peak), so what its header declares
# is checked before a byte is unpacked. The largest member today is 4.4 MB: 128 MiB leaves room for far
# larger exports and keeps a member under ~1 GB of memory. DataHub exports repeat a long description on
# every row and compress up to 57:1; a zip bomb is near deflate's limit of ~1000:1. The ratio is checked
# for members over 8 MiB (below that, memory is no concern).
MAX_UNZIPPED_BYTES = 128 * 2**20
MAX_ZIP_RATIO = 200
RATIO_FROM_BYTES = 8 * 2**20


def read_bytes(path: Path) -> bytes:
    """Bytes of a file, or of the single CSV inside a .zip (its declared size and ratio checked first),
    UTF-8 BOM removed."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if m.filename.lower().endswith(".csv")]
                if len(members) != 1:
                    raise SourceError(path, f"expected one CSV inside the zip, found {len(members)}")
                raw = _unzip(path, zf, members[0])
        else:
            raw = path.read_bytes()
    except (zipfile.BadZipFile, EOFError) as exc:
        raise SourceError(path, f"not a readable zip file (truncated?): {exc}") from None
    return raw.removeprefix(b"\xef\xbb\xbf")


def _unzip(path: Path, zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    size, ratio = member.file_size, member.file_size / max(member.compress_size, 1)
    if size > MAX_UNZIPPED_BYTES or (size > RATIO_FROM_BYTES and ratio > MAX_ZIP_RATIO):
        raise SourceError(
            path,
            f"zip member {member.filename!r} declares {size / 2**20:,.0f} MiB unpacked ({ratio:,.0f}:1); "
            f"the limits are {MAX_UNZIPPED_BYTES // 2**20} MiB and {MAX_ZIP_RATIO}:1 (a zip bomb?)",
        )
    with zf.open(member) as fh:  # bounded too, whatever the header says
        raw = fh.read(MAX_UNZIPPED_BYTES + 1)
    if len(raw) > MAX_UNZIPPED_BYTES:
        raise SourceError(path, f"zip member {member.filename!r} unpacks to more than its header declares")
    return raw


def _utf8(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text at byte {exc.start}") from None


def open_text(path: Path) -> io.StringIO:
    """Text of a CSV or of the single CSV inside a .zip, BOM removed."""
    return io.StringIO(_utf8(read_bytes(path), path))


def read_csv(path: Path, required: list[str], only_required: bool = False) -> pd.DataFrame:
    """All cells as strings ("" when empty); one clear error on empty, malformed or renamed input. A row's
    index + 2 is its line in the file (header = line 1), also where values span lines.

    pyarrow parses strictly: a row must have as many fields as the header, so a lost quote that merges two
    rows, a stray comma or a short row fails naming its line and column instead of shifting, padding or
    swallowing values (pandas' `usecols` read let all three through). `only_required` converts just the
    required columns (a DataHub export repeats a long description on every row), every row is still parsed.
    """
    raw = read_bytes(path)
    _utf8(raw, path)
    if not raw.strip():
        raise SourceError(path, "file is empty")
    header = _header(raw)
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(map(repr, header[:15]))
        raise SourceError(path, f"missing column (renamed?); found {found}", row=1, column=missing[0])
    repeated = next((c for i, c in enumerate(header) if c in header[:i]), None)
    if repeated is not None:
        raise SourceError(path, "column name repeated in the header", row=1, column=repeated)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(raw),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=[c for c in header if c in required] if only_required else None,
                strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[],
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _malformed(raw, path, header, exc) from None
    df = table.to_pandas()
    if df.empty:
        raise SourceError(path, "no data rows after the header (truncated?)", row=2)
    df.index = _record_lines(raw, len(df)) - 2  # 0, 1, 2, ... unless a value spans lines
    return df


def _header(raw: bytes) -> list[str]:
    end = raw.find(b"\n")
    first = (raw if end < 0 else raw[:end]).decode("utf-8").rstrip("\r")
    return next(csv.reader([first]), [])


def _record_lines(raw: bytes, n: int) -> pd.Index:
    """The line each of the `n` data records starts on: 2, 3, ... unless values hold line breaks (DataHub
    `dataSource` cells do) or blank lines sit between rows; then counted from the quotes of each line."""
    newlines = raw.count(b"\n")
    if newlines == n + 1 or (newlines == n and not raw.endswith(b"\n")):
        return pd.RangeIndex(2, n + 2)
    starts, inside = [], False
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not inside and line.strip(b"\r"):
            starts.append(number)
        if line.count(b'"') % 2:
            inside = not inside
    return pd.Index(starts[1:]) if len(starts) == n + 1 else pd.RangeIndex(2, n + 2)


def _malformed(raw: bytes, path: Path, header: list[str], exc: Exception) -> SourceError:
    """The first record whose field count differs from the header's, with its line and column (pyarrow's
    message names neither); pyarrow's message itself when no such record is found."""
    text = raw.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline="\n"))  # lines end at "\n" only, as they are numbered
    next(reader, None)
    start = reader.line_num + 1
    for record in reader:
        if record and len(record) != len(header):
            first = text.split("\n", start)[start - 1].rstrip("\r")
            return _bad_record(path, header, start, reader.line_num - start + 1, len(record), first)
        start = reader.line_num + 1
    flat = " ".join(str(exc).split())
    return SourceError(path, f"malformed CSV: {flat[:200]}")


def _bad_record(path: Path, header: list[str], row: int, lines: int, fields: int, first: str) -> SourceError:
    """What went wrong in a record of the wrong length, said as the column where it starts."""
    counts = f"{fields} fields where the header has {len(header)}"
    problem = _quote_problem(first)
    if problem is not None:
        at, runs_on = problem
        column = header[at] if at < len(header) else f"#{at + 1}"
        if runs_on:
            more = f"this row and the next {lines - 1} line(s)" if lines > 1 else "this row"
            return SourceError(
                path, f"unterminated quote: the value runs on past the end of its line, so {more} read as "
                f"one row of {counts}", row=row, column=column,
            )
        return SourceError(
            path, "unterminated or stray quote: the quotes of this value do not pair up, so the row reads "
            f"as {counts}", row=row, column=column,
        )
    if fields > len(header):
        return SourceError(path, f"{counts}: an extra value (an unquoted comma?)", row=row,
                           column=f"#{len(header) + 1}")
    return SourceError(path, f"{counts}: no value for this column or those after it", row=row,
                       column=header[fields])


def _quote_problem(line: str) -> tuple[int, bool] | None:
    """(field, runs on past the line?) of the first field of one line whose quotes do not pair up."""
    field, i, n = 0, 0, len(line)
    while True:
        if i < n and line[i] == '"':
            j = i + 1
            while True:
                k = line.find('"', j)
                if k < 0:
                    return field, True
                if line.startswith('""', k):
                    j = k + 2
                    continue
                break
            if k + 1 < n and line[k + 1] != ",":
                return field, False
            if k + 1 >= n:
                return None
            i = k + 2
        else:
            k = line.find(",", i)
            if '"' in (line[i:] if k < 0 else line[i:k]):
                return field, False
            if k < 0:
                return None
            i = k + 1
        field += 1


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


# --- what each file held when recorded (`expect` in data/sources.toml) ------------------------------------
RECORD_COMMAND = "python scripts/record_expectations.py"


def observed_expectations(
    rows_read: dict[str, int], observations: pd.DataFrame, source_ids: Iterable[str] = ()
) -> dict[str, Expectation]:
    """What this build read from each source: rows read, the years span and entities of its observations.

    Sources that give no observations (classifications, code lists) have only `rows`; one of `source_ids`
    not in `rows_read` read 0 rows (as the sources table says).
    """
    cover = observations.groupby("source_id").agg(
        first=("year", "min"), last=("year", "max"), entities=("entity_id", "nunique")
    )
    observed = {}
    for sid, rows in {**dict.fromkeys(source_ids, 0), **rows_read}.items():
        if sid in cover.index:
            c = cover.loc[sid]
            observed[sid] = Expectation(
                rows=int(rows), years=(int(c["first"]), int(c["last"])), entities=int(c["entities"])
            )
        else:
            observed[sid] = Expectation(rows=int(rows))
    return observed


def require_expectations(specs: dict[str, SourceSpec], toml: Path) -> None:
    """Fail before reading anything when a source has no `expect`: without it, a file cut short passes."""
    missing = [sid for sid, spec in specs.items() if spec.expect is None]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise SourceError(
            toml,
            f"{len(missing)} source(s) without recorded expectations (rows read, years, entities), so a file "
            f"cut short would pass: {shown}; record them with `{RECORD_COMMAND}` (it reads the files and "
            "prints what it writes)",
            column="expect",
        )


def check_expectations(
    specs: dict[str, SourceSpec],
    observed: dict[str, Expectation],
    paths: dict[str, Path],
    log: Callable[[str], None] = print,
) -> None:
    """Fail on the first source that read less than recorded; note the ones that read more.

    The rule (no tolerance): rows read may not fall below `expect.rows`, the years span may not start
    later or end earlier than `expect.years`, and the entities with observations may not fall below
    `expect.entities`. A pinned file always reads the same, so any drop means the file is not what was
    recorded (cut at a line boundary, a sheet renamed, an edition dropped); a percentage tolerance would let
    a file that lost its last lines through. A new vintage that really holds less is re-recorded on purpose.
    """
    grown = []
    for sid, spec in specs.items():
        want, got = spec.expect, observed.get(sid)
        if want is None or got is None:
            continue
        again = f"if this file is right, re-record: {RECORD_COMMAND} {sid}"
        if got.rows < want.rows:
            raise SourceError(
                paths[sid],
                f"{got.rows:,} rows read where data/sources.toml expects at least {want.rows:,} "
                f"(expect.rows of {sid!r}): the file holds less than when it was recorded (cut short?); "
                f"{again}",
            )
        if want.years is not None and (got.years is None or got.years[0] > want.years[0]
                                       or got.years[1] < want.years[1]):
            span = "no observations" if got.years is None else f"years {got.years[0]}-{got.years[1]}"
            raise SourceError(
                paths[sid],
                f"{span} read where data/sources.toml expects {want.years[0]}-{want.years[1]} "
                f"(expect.years of {sid!r}): years are missing; {again}",
            )
        if want.entities is not None and (got.entities or 0) < want.entities:
            raise SourceError(
                paths[sid],
                f"observations for {got.entities or 0:,} entities where data/sources.toml expects at least "
                f"{want.entities:,} (expect.entities of {sid!r}): entities are missing; {again}",
            )
        recorded = (want.rows, want.years, want.entities)
        if (got.rows, want.years and got.years, want.entities and got.entities) != recorded:
            grown.append(sid)  # no drop (checked above), so a difference is growth
    if grown:
        log(
            f"[sources] {len(grown)} source(s) read more than recorded ({', '.join(grown[:3])}"
            f"{' …' if len(grown) > 3 else ''}): `{RECORD_COMMAND} --all` raises their expectations, so a "
            "later drop to the old figures is caught"
        )
