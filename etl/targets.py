"""The targets registry (data/targets.csv): load, validate and check it against the other registries.

The registry is hand-maintained from the frameworks' own documents (``source_reference``), one row per
target (a target with several thresholds, such as BBC-3, gets one row per threshold). A target we cannot
score is kept with is_measurable=False and the reason (``not_measurable_reason``: no series, no threshold)
so that every view still lists it. ``caveat`` says where the target's population or definition differs
from the series that scores it (aged 15+ on an all-ages series, 3G as "broadband"), so the badge can say so.

"Developing countries" is read as the framework of the target read it: ITU Connect 2020 (2016) used ITU's
own Developing aggregate (M49 developed/developing split, scope ``itu_developing``); the Broadband
Commission since 2022, and Connect 2030 with it, low- and middle-income countries (``developing_lmic``).
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
# scopes whose entity a source step is still to add: a build without them warns (the targets are then not
# measurable) instead of failing; any other unknown scope is an error in the registry
PENDING_SCOPES: dict[str, str] = {
    "itu_developing": "ITU's own Developing aggregate, read from ITU's 2017, 2019 and 2022 workbooks "
    "(the vintage readers)",
}


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
            raise SourceError(
                path,
                "is_measurable must be True exactly when indicator_id is set",
                _csv_row(i),
                "is_measurable",
            )
        reason = t.get("not_measurable_reason")
        if bool(t["is_measurable"]) == pd.notna(reason):
            raise SourceError(
                path,
                "not_measurable_reason must be given exactly when is_measurable is False",
                _csv_row(i),
                "not_measurable_reason",
            )
        if t["comparator"] == "parity" and t["sex"] != "total":
            raise SourceError(
                path, "a parity target compares female with male: sex must be total", _csv_row(i), "sex"
            )


def check_foreign_keys(
    df: pd.DataFrame,
    indicator_ids: Iterable[str] | None,
    entity_ids: Iterable[str] | None,
    path: Path | str = TARGETS_CSV,
) -> list[str]:
    """Every indicator_id must be in the indicator registry and every scope an entity (or every_country).

    A registry passed as None is not available yet and is not checked. A scope of ``PENDING_SCOPES`` that
    the build does not have yet is returned as a warning (its targets are not measurable in this build);
    any other unknown id raises SourceError naming file, row and column.
    """
    warnings: list[str] = []
    checks = [("indicator_id", indicator_ids, set()), ("scope", entity_ids, {EVERY_COUNTRY})]
    for column, known, extra in checks:
        if known is None:
            continue
        allowed = set(known) | extra
        pending: dict[str, list[str]] = {}
        for i, value in df[column].items():
            if pd.isna(value) or value in allowed:
                continue
            if column == "scope" and value in PENDING_SCOPES:
                pending.setdefault(value, []).append(str(df.at[i, "target_id"]))
                continue
            raise SourceError(path, f"unknown {column} {value!r}", _csv_row(i), column)
        warnings += [
            f"targets: scope {scope!r} ({PENDING_SCOPES[scope]}) is not among this build's "
            f"entities yet; {', '.join(ids)} are not measurable until it is"
            for scope, ids in pending.items()
        ]
    return warnings


def missing_scopes(df: pd.DataFrame, entity_ids: Iterable[str] | None) -> dict[str, str]:
    """target_id -> why its scope has no data in this build, for scopes of ``PENDING_SCOPES`` not built."""
    if entity_ids is None:
        return {}
    known = set(entity_ids)
    return {
        t: f"{scope} is not in this build: {PENDING_SCOPES[scope]}"
        for t, scope in zip(df["target_id"], df["scope"], strict=True)
        if scope in PENDING_SCOPES and scope not in known
    }
