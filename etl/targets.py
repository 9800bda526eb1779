"""The targets registry (data/targets.csv): load, validate and check it against the other registries.

The registry is hand-maintained from reference/targets.md, one row per target (a target with several
thresholds, such as BBC-3, gets one row per threshold). A target we have no series for is kept with an
empty indicator_id and is_measurable=False so that the dashboard can still list it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.core import config, schemas
from etl.core.errors import SourceError
from etl.core.vocabulary import EVERY_COUNTRY

TARGETS_CSV = config.DATA_DIR / "targets.csv"
# comparators whose direction is fixed: ">=" / ">" mean higher is better, "<=" / "<" lower is better
_HIGHER = {">=": True, ">": True, "<=": False, "<": False}


def _csv_row(index: int) -> int:
    """Line number in the CSV of a 0-based data row (line 1 is the header)."""
    return int(index) + 2


_BOOLS = {"true": True, "false": False}


def _parse_bools(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Strict True/False parsing: pandas' coercion would read the string "False" as True."""
    out = []
    for i, v in values.items():
        key = str(v).strip().lower() if v is not None else ""
        if key not in _BOOLS:
            raise SourceError(path, f"expected True or False, got {v!r}", _csv_row(i), column)
        out.append(_BOOLS[key])
    return pd.Series(out, index=values.index, dtype=bool)


def load(path: Path = TARGETS_CSV) -> pd.DataFrame:
    """Read and validate the registry; raise SourceError naming file, row and column on the first problem."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "targets registry not found")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw.replace("", None)
    for column in ("is_higher_better", "is_measurable"):
        if column in raw:
            raw[column] = _parse_bools(raw[column], path, column)
    try:
        df = schemas.Target.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        first = exc.failure_cases.iloc[0]
        row = _csv_row(first["index"]) if pd.notna(first["index"]) else None
        column = first["column"] if pd.notna(first["column"]) else None
        raise SourceError(path, f"{first['check']} failed: {first['failure_case']!r}", row, column) from None
    check_consistency(df, path)
    return df.reset_index(drop=True)


def check_consistency(df: pd.DataFrame, path: Path | str = TARGETS_CSV) -> None:
    """Rules a column check cannot express: direction matches comparator, measurable iff a series exists."""
    for i, t in df.iterrows():
        expected = _HIGHER.get(t["comparator"])
        if expected is not None and bool(t["is_higher_better"]) != expected:
            message = f"comparator {t['comparator']!r} contradicts is_higher_better"
            raise SourceError(path, message, _csv_row(i), "comparator")
        if bool(t["is_measurable"]) != pd.notna(t["indicator_id"]):
            raise SourceError(path, "is_measurable must be True exactly when indicator_id is set",
                              _csv_row(i), "is_measurable")
        if t["comparator"] == "parity" and t["sex"] != "total":
            raise SourceError(path, "a parity target compares female with male: sex must be total",
                              _csv_row(i), "sex")


def check_foreign_keys(
    df: pd.DataFrame,
    indicator_ids: Iterable[str] | None,
    entity_ids: Iterable[str] | None,
    path: Path | str = TARGETS_CSV,
) -> None:
    """Every indicator_id must be in the indicator registry and every scope an entity (or every_country).

    A registry passed as None is not available yet and is not checked.
    """
    checks = [("indicator_id", indicator_ids, set()), ("scope", entity_ids, {EVERY_COUNTRY})]
    for column, known, extra in checks:
        if known is None:
            continue
        allowed = set(known) | extra
        for i, value in df[column].items():
            if pd.notna(value) and value not in allowed:
                raise SourceError(path, f"unknown {column} {value!r}", _csv_row(i), column)
