"""UN SDG Global Database extract in DDF layout (open-numbers): key columns, then one value column.

`geo_area` is a UN M49 code: countries map to ISO3 through country-codes, known groups (1 World, 199 LDCs,
432 LLDCs, 722 SIDS, UN/SDG regions) to our group ids; other aggregates are set aside in the quarantine.
`nature` is the SDG "Nature" code: e (estimated) and m (modelled) mark a value as an estimate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common

SEX = {"bothsex": "total", "notspec": "total", "female": "female", "male": "male"}
AREA = {"notspec": "total", "allarea": "total", "urban": "urban", "rural": "rural"}
ESTIMATE_NATURE = {"e", "m"}


def age_group(code: str) -> str | None:
    """SDG age code -> ours: notspec/allage -> total, 15_24 -> 15-24, 15 -> 15+, lt15y -> 0-14; else None."""
    if code in ("notspec", "allage"):
        return "total"
    if re.fullmatch(r"\d{1,2}_\d{1,2}", code):
        return code.replace("_", "-")
    if re.fullmatch(r"\d{1,2}", code):
        return f"{code}+"
    younger = re.fullmatch(r"lt(\d{1,2})y", code)  # "<15Y": under 15 years
    if younger and int(younger.group(1)) > 1:
        return f"0-{int(younger.group(1)) - 1}"
    return None


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of the registered series of one SDG datapoints file (one value column per file; several
    indicators may read it with different selectors, e.g. one per type of skill)."""
    if series.empty:
        raise SourceError(path, "no series for this source in data/indicator_series.csv")
    value_cols = {code.lower() for code in series["series_code"]}
    if len(value_cols) != 1:
        raise SourceError(path, "the series of one SDG datapoints file must share its series code")
    (value_col,) = value_cols
    df = common.read_csv(path, ["geo_area", "nature", "year", value_col])
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["geo_area", "year", value_col])
    frames, quarantine = [], []
    for srow in series.itertuples(index=False):
        wanted = pd.Series(True, index=df.index)
        for key, val in common.parse_pairs(srow.selector).items():
            if key not in df.columns:
                raise SourceError(path, f"selector column {key!r} missing (renamed?)", row=1, column=key)
            wanted &= df[key].str.strip() == val
        frame, aside = _series_frame(df[wanted], rows[wanted], srow, value_col, path, spec, ref)
        frames.append(frame)
        quarantine += aside
    frame = pd.concat(frames, ignore_index=True)
    return common.finish(frame, spec, units, path, quarantine, len(df))


def _series_frame(
    df: pd.DataFrame,
    rows: pd.Series,
    srow,
    value_col: str,
    path: Path,
    spec: SourceSpec,
    ref: common.Reference,
) -> tuple[pd.DataFrame, list[dict]]:
    """Reader rows of one series (the rows its selector picked) and the rows set aside."""
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
    for mask, column, reason in [
        (entity.isna(), "geo_area", "geo area is neither a country nor a group in the registry"),
        (sex.isna(), "sex", "sex code not supported"),
        (area.isna(), "location", "location code not supported"),
        (age.isna(), "age", "age code not supported"),
    ]:
        new = mask & keep
        if new.any():
            quarantine += common.quarantine_rows(
                spec.source_id, rows[new], column, df.loc[new, column], reason
            )
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
    return frame, quarantine
