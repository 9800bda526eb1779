"""The data package: every published table as CSV (exactly as published), ``datapackage.json`` with the
sources, and a README with the citation and each source's licence. ``ict4d data`` writes it to a folder or
a zip, and the app serves the same zip.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.views import published
from dashboard.views.spec import ExportError, citation


def data_readme(descriptor: Mapping[str, Any], sources: pd.DataFrame) -> str:
    """README of the data package: what is in it, how to cite it, and each source's licence."""
    lines = [
        f"# {descriptor.get('title') or descriptor.get('name', 'ict4d')}",
        "",
        "The published ict4d tables as CSV; `datapackage.json` describes every column (Frictionless Data",
        "table schema). Values carry their unit, release, source and flags; see the `sources` table.",
        "",
        "## Tables",
        *[f"- `{r['path']}`: {r.get('description', '')}" for r in descriptor.get("resources", [])],
        "",
        "## How to cite",
        "",
        citation(descriptor, sources),
        "",
        "## Licences",
        "",
        "The ict4d code is MIT-licensed. The data keep the licences of their sources:",
    ]
    if sources.empty:
        lines.append("- (no sources table in this package)")
    for r in sources.to_dict("records"):
        lines.append(
            f"- {r.get('source_id')} ({r.get('publisher')}, release {r.get('release')}): {r.get('licence')}"
        )
    return "\n".join(lines) + "\n"


def package_files(folder: Path) -> dict[str, bytes]:
    """The files of the data package: every resource CSV, datapackage.json (with sources) and README.md."""
    descriptor, files, sources = published.read_package(folder)
    files = dict(files)
    described = dict(descriptor)
    if not sources.empty:
        described["sources"] = [
            {"title": f"{r['publisher']}, release {r['release']}", "path": str(r["upstream_url"])}
            if pd.notna(r.get("upstream_url"))
            else {"title": f"{r['publisher']}, release {r['release']}"}
            for r in sources.to_dict("records")
        ]
    files["datapackage.json"] = (json.dumps(described, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files["README.md"] = data_readme(descriptor, sources).encode("utf-8")
    return files


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files as one zip archive, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buf.getvalue()


def write_atomically(path: Path, blob: bytes) -> None:
    """Write `blob` to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    Why: a command killed (or a disk full) mid-way must leave the previous file, never a truncated one;
    a rename within one folder is atomic.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(f.fileno(), 0o666 & ~umask)  # as a plain write would create it (mkstemp makes 0600)
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_data_package(folder: Path, out: Path, *, log: Callable[[str], None] = print) -> Path:
    """Write the published tables with datapackage.json and README.md to a folder or a .zip."""
    out = Path(out)
    files = package_files(folder)
    if out.suffix.lower() == ".zip":
        if out.is_dir():
            raise ExportError(f"{out} is a folder (give a .zip file name, or a folder without .zip)")
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out, zip_bytes(files))
    else:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} exists and is not a folder (give a folder or a .zip file)")
        out.mkdir(parents=True, exist_ok=True)
        for name, blob in files.items():
            write_atomically(out / name, blob)
    tables = len(files) - 2
    log(
        f"wrote {out}: {tables} tables, datapackage.json and README.md "
        f"({sum(len(b) for b in files.values()) / 1e6:.1f} MB)"
    )
    return out


def check_data_package(files: Mapping[str, bytes]) -> list[str]:
    """Problems of a data package against its own descriptor: missing files, columns that differ from
    the schema fields, empty cells in required fields. An empty list means valid."""
    problems: list[str] = []
    if "datapackage.json" not in files:
        return ["no datapackage.json"]
    descriptor = json.loads(files["datapackage.json"])
    for res in descriptor.get("resources", []):
        blob = files.get(res["path"])
        if blob is None:
            problems.append(f"{res['name']}: file {res['path']} missing")
            continue
        df = pd.read_csv(io.BytesIO(blob), dtype=str, keep_default_na=False)
        fields = res.get("schema", {}).get("fields", [])
        names = [f["name"] for f in fields]
        if list(df.columns) != names:
            problems.append(f"{res['name']}: columns {list(df.columns)} differ from schema fields {names}")
            continue
        for f in fields:
            if f.get("constraints", {}).get("required"):
                empty = int((df[f["name"]].str.strip() == "").sum())
                if empty:
                    problems.append(f"{res['name']}: required field {f['name']!r} empty in {empty} rows")
    return problems
