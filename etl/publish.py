"""Write published tables without ever leaving `data/published` half-written.

Tables are validated against their model (etl.core.schemas) and against each other (the references the
package declares), written as CSV and Parquet with a datapackage.json built with frictionless into a
temporary sibling folder, and only then swapped in place of the old folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import frictionless
import pandas as pd
import pandera.pandas as pa

from etl.core import metadata, schemas
from etl.core.errors import ValidationError


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate one table against its declared model; one line naming the first failure and how many more.

    Beyond the model: a column that may not be empty holds no blank text either, since the data package
    declares it `required` and an empty CSV cell is a missing value to every reader of the package.
    """
    model = schemas.TABLES.get(name)
    if model is None:
        raise ValidationError(f"table {name!r} has no model in etl.core.schemas.TABLES")
    try:
        checked = model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        where = f", row {int(first['index']) + 2}" if pd.notna(first["index"]) else ""
        more = f" (and {len(cases) - 1:,} more)" if len(cases) > 1 else ""
        raise ValidationError(
            f"table {name!r}{where}, column {first['column']!r}: check {first['check']!r} failed for "
            f"{first['failure_case']!r}{more}"
        ) from None
    for column, col in model.to_schema().columns.items():
        if col.nullable or not pd.api.types.is_string_dtype(checked[column]):
            continue
        blank = checked[column].str.strip() == ""
        if blank.any():
            raise ValidationError(
                f"table {name!r}, row {int(blank.to_numpy().argmax()) + 2}, column {column!r}: empty in "
                f"{int(blank.sum()):,} row(s), but the column may not be empty (fill it, or declare it "
                "nullable in its model, etl/core/schemas/)"
            )
    return checked


def check_references(tables: dict[str, pd.DataFrame]) -> None:
    """Every reference between tables published together holds (schemas.FOREIGN_KEYS), as the package's
    foreignKeys declare: one line naming the first value that is not found."""
    for name, refs in schemas.FOREIGN_KEYS.items():
        for columns, other, to in refs:
            if name not in tables or other not in tables:
                continue
            df, keys = tables[name], tables[other]
            left = df[list(columns)].dropna()
            left = left[(left.astype(str) != "").all(axis=1)]
            found = pd.MultiIndex.from_frame(left).isin(pd.MultiIndex.from_frame(keys[list(to)]))
            if not found.all():
                i = left.index[int((~found).argmax())]
                value = tuple(left.loc[i]) if len(columns) > 1 else left.loc[i].iloc[0]
                raise ValidationError(
                    f"table {name!r}, row {int(df.index.get_loc(i)) + 2}, column {','.join(columns)!r}: "
                    f"{value!r} is not in {other}.{','.join(to)} (and {int((~found).sum()) - 1:,} more)"
                )


# --- the data package descriptor (frictionless) -----------------------------------------------------------
_FIELD_TYPES = [("bool", "boolean"), ("int", "integer"), ("float", "number")]  # else string


def _field(model: str, name: str, col: pa.Column, key: list[str]) -> frictionless.Field:
    """A frictionless field from a pandera column: type, reader's description, constraints it declares."""
    dtype = str(col.dtype).lower()
    kind = next((v for k, v in _FIELD_TYPES if k in dtype), "string")
    constraints: dict[str, object] = {}
    if not col.nullable:
        constraints["required"] = True
    if col.unique and key != [name]:
        constraints["unique"] = True
    for check in col.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = [v for v in stats["allowed_values"] if v != ""]  # "" is a missing value
        elif check.name == "str_matches":
            pattern = stats["pattern"]  # Table Schema patterns are anchored already
            constraints["pattern"] = pattern.removeprefix("^").removesuffix("$")
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = stats["max_value"]
        elif check.name == "in_range" and stats.get("include_min", True) and stats.get("include_max", True):
            constraints["minimum"], constraints["maximum"] = stats["min_value"], stats["max_value"]
    description = metadata.FIELDS.get(model, {}).get(name)
    if description is None:
        raise ValidationError(f"table {model!r}, column {name!r}: no description in etl/core/metadata.py")
    return frictionless.Field.from_descriptor(
        {"name": name, "type": kind, "description": description, "constraints": constraints}
    )


def _schema(name: str, present: set[str]) -> frictionless.Schema:
    model = schemas.TABLES[name].to_schema()
    unique = model.unique or [c for c, col in model.columns.items() if col.unique][:1]
    key = list(unique or [])
    schema = frictionless.Schema(
        fields=[_field(name, c, col, key) for c, col in model.columns.items()], missing_values=[""]
    )
    if key:
        schema.primary_key = key
    schema.foreign_keys = [
        {"fields": list(cols), "reference": {"resource": other, "fields": list(to)}}
        for cols, other, to in schemas.FOREIGN_KEYS.get(name, [])
        if other in present
    ]
    return schema


def datapackage(tables: dict[str, pd.DataFrame], extra: dict | None = None) -> dict:
    """The datapackage.json of a set of published tables, built with frictionless from the pandera models
    and etl.core.metadata: field types, constraints, primary and foreign keys, descriptions for readers,
    and the licences and files of the sources (from the `sources` table, when it is published)."""
    present = set(tables)
    resources = []
    for name in sorted(tables):
        if name not in metadata.TABLES:
            raise ValidationError(f"table {name!r}: no description in etl/core/metadata.py")
        resources.append(
            frictionless.Resource(
                name=name,
                path=f"{name}.csv",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8",
                description=metadata.TABLES[name],
                schema=_schema(name, present),
            )
        )
    package = frictionless.Package(
        name="ict4d",
        title=metadata.PACKAGE_TITLE,
        description=metadata.PACKAGE_DESCRIPTION,
        resources=resources,
    )
    sources = tables.get("sources")
    if sources is not None and not sources.empty:
        licences = {}
        for text in sources["licence"]:
            entry = metadata.licence(str(text))
            licences.setdefault(entry.get("name", entry["title"]), entry)
        package.licenses = list(licences.values())
        package.sources = [
            {"title": f"{r['publisher']}, release {r['release']}", "path": str(r["upstream_url"])}
            for r in sources.to_dict("records")
        ]
    descriptor = package.to_descriptor()
    descriptor.update(extra or {})
    return descriptor


def validate_package(folder: Path) -> list[str]:
    """frictionless's verdict on a written package: one line per failing table ([] when valid)."""
    report = frictionless.validate(Path(folder) / "datapackage.json")
    problems = [f"{error.type}: {error.note}" for error in report.errors]
    for task in report.tasks:
        if task.errors:
            first = task.errors[0]
            where = f"row {first.row_number}, " if getattr(first, "row_number", None) else ""
            field = f"column {first.field_name!r}: " if getattr(first, "field_name", None) else ""
            problems.append(f"table {task.name!r}, {where}{field}{first.note} ({len(task.errors):,} errors)")
    return problems


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
    check_references(validated)
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
