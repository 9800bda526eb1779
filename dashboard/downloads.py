"""Download routes for the whole data package: `/download/ict4d-data.zip` and `/download/<table>.csv`.

Why here and not in a callback: a download is a plain HTTP GET that a user (or a script) can bookmark
and share. The zip is built in memory once per published folder (the data only change when the build
publishes and the server restarts). A table name is looked up in the set of published tables before any
path is made, so no request can reach another file (no path traversal).
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path

import flask
import pandas as pd

from dashboard import data
from etl.core import schemas

ZIP_NAME = "ict4d-data.zip"
PREFIX = "/download"
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

_zips: dict[Path, bytes] = {}
_lock = threading.Lock()


def published_tables(data_dir: Path) -> list[str]:
    """Tables whose CSV is in the published folder, among the declared ones (etl.schemas, dashboard.data)."""
    known = dict.fromkeys([*data.TABLE_NAMES, *schemas.TABLES])
    return [name for name in known if (data_dir / f"{name}.csv").is_file()]


def table_path(data_dir: Path, name: str) -> Path | None:
    """The CSV of a published table, or None for any other name (checked against the known set)."""
    if not _TABLE_NAME.match(name) or name not in published_tables(data_dir):
        return None
    return (data_dir / f"{name}.csv").resolve()


def citation(package: Mapping, sources: pd.DataFrame) -> str:
    """How to cite the data: the package title and version, then each upstream publisher's attribution.

    Attributions come from the published `sources` table (never typed in here); a source without an
    attribution is cited by publisher and release.
    """
    title = package.get("title") or "ict4d: ICT-for-development indicators"
    version = package.get("version") or package.get("created")
    head = f"{title}" + (f", version {version}" if version else "") + ". Data package and code: ict4d (MIT)."
    lines = [head]
    if not sources.empty:
        seen: set[str] = set()
        for row in sources.to_dict("records"):
            attribution = re.sub(r"^source:\s*", "", _clean(row.get("attribution")), flags=re.IGNORECASE)
            text = attribution or ", ".join(
                p for p in (_clean(row.get("publisher")), _clean(row.get("release"))) if p
            )
            if text and text not in seen:
                seen.add(text)
                lines.append(f"Source: {text}")
    return "\n".join(lines)


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files as one zip archive, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buf.getvalue()


def package_zip() -> bytes:
    """The data package of the folder in use, exactly what `ict4d data --out x.zip` writes (every table of
    datapackage.json, the descriptor with its sources, README.md with citation and licences); built on
    the first request and kept for the life of the process."""
    from dashboard import exports

    data_dir = data.data_dir()
    blob = _zips.get(data_dir)
    if blob is None:
        with _lock:
            blob = _zips.get(data_dir)
            if blob is None:
                blob = _zips[data_dir] = zip_bytes(exports.package_files(data_dir))
    return blob


def _zip_response() -> flask.Response:
    from dashboard import exports

    try:
        blob = package_zip()
    except exports.ExportError as exc:  # no datapackage.json, or a table it lists is missing
        return flask.Response(f"The data package is not available: {exc}\n", status=503,
                              mimetype="text/plain")
    return flask.Response(blob, mimetype="application/zip",
                          headers={"Content-Disposition": f'attachment; filename="{ZIP_NAME}"'})


def _csv_response(name: str) -> flask.Response:
    path = table_path(data.data_dir(), name)
    if path is None:
        known = ", ".join(published_tables(data.data_dir())) or "none published"
        return flask.Response(f"Unknown table {name!r}. Published tables: {known}.\n", status=404,
                              mimetype="text/plain")
    filename = f"ict4d-{name}.csv"
    safe = neutralised_csv(name)
    if safe is None:  # no cell a spreadsheet would run: the published file as it is
        return flask.send_file(path, mimetype="text/csv", as_attachment=True, download_name=filename)
    return flask.Response(safe, mimetype="text/csv",
                          headers={"Content-Disposition": f'attachment; filename="{filename}"'})


_safe_csvs: dict[tuple[Path, str], bytes | None] = {}


def neutralised_csv(name: str) -> bytes | None:
    """The table through `exports.to_csv` (formula cells neutralised) when any text cell starts like a
    spreadsheet formula, else None; decided and built once per table and process (opened in spreadsheets,
    a per-table download must never run a formula; the zip stays byte-exact for programs)."""
    from dashboard import exports

    key = (data.data_dir(), name)
    if key not in _safe_csvs:
        with _lock:
            if key not in _safe_csvs:
                df = data.table(name)
                text = [c for c in df.columns if not (pd.api.types.is_numeric_dtype(df[c])
                                                      or pd.api.types.is_bool_dtype(df[c]))]
                risky = any(df[c].dropna().astype(str).str.startswith(exports.FORMULA_PREFIXES).any()
                            for c in text)
                _safe_csvs[key] = exports.to_csv(df).encode("utf-8") if risky else None
    return _safe_csvs[key]


def warm() -> list[str]:
    """Build every download once now (each table's spreadsheet-safe CSV and the data-package zip, ~1 s),
    so the first visitor who clicks a download does not wait; returns the tables prepared. A folder
    without a data package still serves its tables (the zip route then answers 503 with the reason)."""
    from dashboard import exports

    tables = published_tables(data.data_dir())
    for name in tables:
        neutralised_csv(name)
    with contextlib.suppress(exports.ExportError):
        package_zip()
    return tables


def register(server: flask.Flask) -> None:
    """Add the download routes to the app's Flask server (once; a second call is a no-op)."""
    if "ict4d_download_zip" in server.view_functions:
        return
    server.add_url_rule(f"{PREFIX}/{ZIP_NAME}", "ict4d_download_zip", _zip_response)
    server.add_url_rule(f"{PREFIX}/<name>.csv", "ict4d_download_csv", _csv_response)
