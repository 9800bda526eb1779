"""Our World in Data grapher CSV (wide: Entity, Code, Year, one column per series).

Countries by their ISO3 `Code`; `OWID_WRL` is the world; named groups (LDCs, SIDS, "... (UN)" regions) map to
our group ids by name; anything else (e.g. OWID_KOS) is set aside in the quarantine.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.registry import SourceSpec
from etl.sources import common, files

OWID_GROUP_CODES = {"OWID_WRL": "world"}


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of every registered series column of one grapher CSV."""
    lookup = common.series_lookup(series, path)
    df = files.read_csv(path, ["Entity", "Code", "Year", *lookup])
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["Entity", "Year"])
    years = common.to_years(df["Year"], path, "Year", rows)
    code = df["Code"].str.strip()
    name = df["Entity"].str.strip()
    entity = code.where(code.isin(ref.iso3)).fillna(code.map(OWID_GROUP_CODES))
    by_name = name.map(ref.group_by_name)
    entity = entity.fillna(by_name.where(code == ""))
    known = entity.notna()
    quarantine = common.quarantine_rows(
        spec.source_id,
        rows[~known],
        "Entity",
        (name + " " + code)[~known].str.strip(),
        "entity is neither a country nor a group in the registry",
    )
    frames = []
    for column, srow in lookup.items():
        has = known & (df[column].str.strip() != "")
        values = common.to_numbers(df.loc[has, column], path, column, rows[has])
        frames.append(
            pd.DataFrame(
                {
                    "indicator_id": srow.indicator_id,
                    "entity_id": entity[has],
                    "year": years[has],
                    "value": values * srow.scale,
                    "sex": "total",
                    "area": "total",
                    "age_group": "total",
                    "series_code": column,
                    "is_estimate": False,
                    "note": None,
                    "_row": rows[has],
                    "_column": column,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return common.finish(frame, spec, units, path, quarantine, len(df))
