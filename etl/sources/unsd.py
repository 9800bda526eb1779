"""UN SDG Global Database extract in DDF layout (open-numbers): key columns, then one value column.

`geo_area` is a UN M49 code: countries map to ISO3 through country-codes, known groups (1 World, 199 LDCs,
432 LLDCs, 722 SIDS, UN/SDG regions) to our group ids; other aggregates are set aside in the quarantine.
`nature` is the SDG "Nature" code: e (estimated) and m (modelled) mark a value as an estimate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common

SEX = {"bothsex": "total", "notspec": "total", "female": "female", "male": "male"}
AREA = {"notspec": "total", "allarea": "total", "urban": "urban", "rural": "rural"}
ESTIMATE_NATURE = {"e", "m"}


def age_group(code: str) -> str | None:
    """SDG age code -> ours: notspec/allage -> total, 15_24 -> 15-24, 15 -> 15+; None if not understood."""
    if code in ("notspec", "allage"):
        return "total"
    if re.fullmatch(r"\d{1,2}_\d{1,2}", code):
        return code.replace("_", "-")
    if re.fullmatch(r"\d{1,2}", code):
        return f"{code}+"
    return None


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of the registered series in one SDG datapoints file (one value column per file)."""
    lookup = common.series_lookup(series, path)
    value_cols = {code.lower(): row for code, row in lookup.items()}
    if len(value_cols) != 1:
        raise SourceError(path, "expected exactly one series per SDG datapoints file in indicator_series.csv")
    ((value_col, srow),) = value_cols.items()
    df = common.read_csv(path, ["geo_area", "nature", "year", value_col])
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["geo_area", "year", value_col])
    wanted = pd.Series(True, index=df.index)
    for key, val in common.parse_pairs(srow.selector).items():
        if key not in df.columns:
            raise SourceError(path, f"selector column {key!r} missing (renamed?)", row=1, column=key)
        wanted &= df[key].str.strip() == val
    df, rows = df[wanted], rows[wanted]

    geo = common.to_numbers(df["geo_area"], path, "geo_area", rows).astype(int)
    values = common.to_numbers(df[value_col], path, value_col, rows)
    years = common.to_years(df["year"], path, "year", rows)
    entity = geo.map(ref.m49_to_iso3).fillna(geo.map(ref.m49_groups))
    sex = df["sex"].str.strip().map(SEX) if "sex" in df else pd.Series("total", index=df.index)
    area = df["location"].str.strip().map(AREA) if "location" in df else pd.Series("total", index=df.index)
    age = df["age"].str.strip().map(age_group) if "age" in df else pd.Series("total", index=df.index)
    nature = df["nature"].str.strip().str.lower()

    quarantine: list[dict] = []
    keep = pd.Series(True, index=df.index)
    for mask, column, raw, reason in [
        (
            entity.isna(),
            "geo_area",
            df["geo_area"],
            "geo area is neither a country nor a group in the registry",
        ),
        (sex.isna(), "sex", df.get("sex"), "sex code not supported"),
        (area.isna(), "location", df.get("location"), "location code not supported"),
        (age.isna(), "age", df.get("age"), "age code not supported"),
    ]:
        new = mask & keep
        if new.any():
            quarantine += common.quarantine_rows(spec.source_id, rows[new], column, raw[new], reason)
            keep &= ~mask
    frame = pd.DataFrame(
        {
            "indicator_id": srow.indicator_id,
            "entity_id": entity,
            "year": years,
            "value": values * srow.scale,
            "sex": sex,
            "area": area,
            "age_group": age,
            "series_code": srow.series_code,
            "is_estimate": nature.isin(ESTIMATE_NATURE),
            "note": "nature=" + nature.str.upper(),
            "_row": rows,
            "_column": value_col,
        }
    )[keep]
    return common.ReadResult(common.finish(frame, spec, units, path), quarantine, int(wanted.size))
