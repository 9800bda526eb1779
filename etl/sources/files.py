"""Checked access to source files: the pinned sha256, zips unpacked within bounds, and CSV parsing that
names file, row and column on bad input.

Row numbers in errors are the line numbers a user sees in the file (header = line 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.core.digests import sha256_file
from etl.core.errors import SourceError
from etl.registry import SourceSpec


def checked_path(spec: SourceSpec, sources_dir: Path) -> Path:
    """The source file, after checking it exists, is not empty and has the sha256 the registry expects."""
    path = spec.resolve(sources_dir)
    if not path.is_file():
        raise SourceError(path, f"source file of {spec.source_id!r} not found")
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    actual = sha256_file(path)
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
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
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
                path,
                f"unterminated quote: the value runs on past the end of its line, so {more} read as "
                f"one row of {counts}",
                row=row,
                column=column,
            )
        return SourceError(
            path,
            "unterminated or stray quote: the quotes of this value do not pair up, so the row reads "
            f"as {counts}",
            row=row,
            column=column,
        )
    if fields > len(header):
        return SourceError(
            path, f"{counts}: an extra value (an unquoted comma?)", row=row, column=f"#{len(header) + 1}"
        )
    return SourceError(
        path, f"{counts}: no value for this column or those after it", row=row, column=header[fields]
    )


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
