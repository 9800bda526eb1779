"""What every reader shares: the entity reference, cell checks that name file/row/column on bad input, the
quarantine, and the one function that turns a reader's long frame into `observations` rows.

Reading the files themselves is ``etl.sources.files`` (checked paths, CSV) and ``etl.sources.workbooks``.
Row numbers in errors and in the quarantine are the line numbers a user sees in the file (header = line 1)
or, for workbooks, the sheet row.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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
