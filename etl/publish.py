"""Write published tables without ever leaving `data/published` half-written.

Tables are validated against their model in etl.schemas, written as CSV and Parquet with a
datapackage.json into a temporary sibling folder, and only then swapped in place of the old folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.core import schemas
from etl.core.errors import ValidationError


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate one table against its declared model; raise one readable error listing the failures."""
    model = schemas.TABLES.get(name)
    if model is None:
        raise ValidationError(f"table {name!r} has no model in etl.core.schemas.TABLES")
    try:
        return model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = [
            f"  column {r.column!r} check {r.check!r}: {r.failure_case!r} at row {r.index}"
            for r in cases.head(10).itertuples()
        ]
        more = f"\n  … and {len(cases) - 10} more" if len(cases) > 10 else ""
        raise ValidationError(f"table {name!r} failed validation:\n" + "\n".join(lines) + more) from None


def field_descriptors(model: type[pa.DataFrameModel]) -> list[dict]:
    """Frictionless table-schema fields from a pandera model (the model is the one declaration)."""
    schema = model.to_schema()
    kinds = {"int": "integer", "float": "number", "bool": "boolean", "str": "string"}
    fields = []
    for name, col in schema.columns.items():
        dtype = str(col.dtype).lower()
        ftype = next((v for k, v in kinds.items() if k in dtype), "string")
        field = {"name": name, "type": ftype}
        if col.description:
            field["description"] = col.description
        if not col.nullable:
            field["constraints"] = {"required": True}
        fields.append(field)
    return fields


def datapackage(tables: dict[str, pd.DataFrame], extra: dict | None = None) -> dict:
    resources = []
    for name in sorted(tables):
        model = schemas.TABLES[name]
        resources.append({
            "name": name,
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "description": (model.__doc__ or "").strip(),
            "schema": {"fields": field_descriptors(model)},
        })
    package = {"name": "ict4d", "title": "ict4d: ICT-for-development indicators", "resources": resources}
    package.update(extra or {})
    return package


def recover(out_dir: Path, log: Callable[[str], None] = print) -> None:
    """Undo what a killed publish left behind: stale temporary folders, or an old folder not swapped back.

    Runs at the start of every publish. A build killed between the two renames of `swap_in` leaves no
    `out_dir` but a complete `.<name>-old`: that is the last good publication, so it is put back.
    """
    out_dir = Path(out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}-new-*"):
        log(f"  removing {stale.name}, left by an interrupted build")
        shutil.rmtree(stale, ignore_errors=True)
    old = out_dir.with_name(f".{out_dir.name}-old")
    if old.is_dir() and not out_dir.exists():
        log(f"  restoring {out_dir.name} from {old.name}, left by an interrupted build")
        old.rename(out_dir)


def publish(
    tables: dict[str, pd.DataFrame],
    out_dir: Path,
    extra_metadata: dict | None = None,
    log: Callable[[str], None] = print,
    extra_files: dict[str, str] | None = None,
) -> None:
    """Validate all tables, write them to a temporary folder, then swap it in for `out_dir`.

    `extra_files` (name -> text, e.g. the build manifest) are written into the same folder, so they are
    swapped in together with the tables they describe.
    """
    validated = {name: validate(name, df) for name, df in tables.items()}
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir, log)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is meant to be read by the web server
    try:
        for name, df in validated.items():
            df.to_csv(tmp / f"{name}.csv", index=False)
            df.to_parquet(tmp / f"{name}.parquet", index=False)
            log(f"  wrote {name}: {len(df):,} rows")
        (tmp / "datapackage.json").write_text(
            json.dumps(datapackage(validated, extra_metadata), indent=2, ensure_ascii=False) + "\n"
        )
        for name, text in (extra_files or {}).items():
            (tmp / name).write_text(text)
        swap_in(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_in(new_dir: Path, out_dir: Path) -> None:
    """Replace out_dir by new_dir with two renames; the old folder is removed only once the new one is in."""
    old = out_dir.with_name(f".{out_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    new_dir.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
