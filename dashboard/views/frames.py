"""Rules over published rows that several views share: one release per line, women beside men with
their parity score, and rows as plain values (NaN as None) for display.

Why here: each rule is written once, so the Explorer, the Gender page, the Country profile and the brief
pick the same release and compute the same score.
"""

from __future__ import annotations

import math

import pandas as pd

from etl.core.measures import parity_score

KEY = ["indicator_id", "entity_id", "year", "area", "age_group", "release", "source_id"]


def pick_release(obs: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """One release per (indicator, entity): the one asked for, else the one reaching the latest year.

    Vintages differ (ITU revises its estimates each November), so a line never mixes two releases;
    ties go to the release with more points, then to the later release name. The one rule for every page
    (Explorer, Gender, Country profile).
    """
    if obs.empty:
        return obs
    if release:
        return obs[obs["release"] == release]
    stats = (
        obs.groupby(["indicator_id", "entity_id", "release"], observed=True)["year"]
        .agg(["max", "size"])
        .reset_index()
        .sort_values(["indicator_id", "entity_id", "max", "size", "release"])
    )
    best = stats.drop_duplicates(["indicator_id", "entity_id"], keep="last")[
        ["indicator_id", "entity_id", "release"]
    ]
    return obs.merge(best, on=["indicator_id", "entity_id", "release"], how="inner")


def parity_frame(obs: pd.DataFrame) -> pd.DataFrame:
    """Women and men side by side with the parity score (women / men) and the gap (men - women).

    Input: observation rows with ``sex`` female and male. Rows whose male value is 0 get no score
    (``etl.core.measures.parity_score``).
    Output columns: the observation key, unit, female, male, parity_score, gap.
    """
    cols = [*KEY, "unit", "female", "male", "parity_score", "gap"]
    if obs.empty:
        return pd.DataFrame(columns=cols)
    keys = [*KEY, "unit"]
    women = obs.loc[obs["sex"] == "female", [*keys, "value"]].drop_duplicates(keys)
    men = obs.loc[obs["sex"] == "male", [*keys, "value"]].drop_duplicates(keys)
    wide = women.merge(men, on=keys, suffixes=("_f", "_m")).rename(
        columns={"value_f": "female", "value_m": "male"}
    )
    wide = wide.dropna(subset=["female", "male"])
    if wide.empty:
        return pd.DataFrame(columns=cols)
    # unrounded: a score is classified before rounding (etl.core.measures); readers see format_score
    wide["parity_score"] = wide["female"].combine(wide["male"], parity_score).astype(float)
    wide["gap"] = (wide["male"] - wide["female"]).round(2)
    return wide[cols].sort_values(["entity_id", "year"]).reset_index(drop=True)


def parity_series(obs: pd.DataFrame) -> pd.DataFrame:
    """The parity score (women / men) per entity, year, release and source as a series in ``value``, from
    the female and male rows (the series a parity target is scored on); rows without a male value > 0 are
    left out."""
    keys = ["entity_id", "year", "release", "source_id"]
    female = obs[obs["sex"] == "female"].set_index(keys)
    male = obs[obs["sex"] == "male"].set_index(keys)
    joined = female[["value", "series_code"]].join(
        male[["value"]].rename(columns={"value": "value_male"}), how="inner"
    )
    joined = joined[joined["value_male"] > 0]
    joined["value"] = joined["value"].combine(joined["value_male"], parity_score).astype(float)
    return joined.reset_index()[[*keys, "value", "series_code"]]


def number(value: float | None) -> float | None:
    """None for NaN, so templates and JSON never show 'nan'."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def records(df: pd.DataFrame) -> list[dict]:
    """Rows of a frame as dicts with missing values as None (pandas turns None into NaN in frames)."""
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(value: object) -> bool:
    try:
        return bool(value is None or value != value)  # NaN is the only value not equal to itself
    except (TypeError, ValueError):
        return False
