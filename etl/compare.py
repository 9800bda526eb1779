"""Where sources or releases disagree about the same number.

ITU revises its estimates every year and several publishers redistribute its series, so the same
(indicator, entity, year, breakdown) often has values from several source releases. This module pairs them
with one vectorised self-merge on the key and keeps the pairs that differ by more than rounding: ITU
publishes shares and rates rounded to 1 decimal and totals in millions rounded to 1 decimal, so a
difference of up to half that step (0.05, or 0.05 million for counts) is rounding, not disagreement. The
tolerance applied is recorded on every row.

Pairs are ordered by vintage: side ``a`` is the older release, ``b`` the newer, so ``difference = b - a``
reads as a revision.
"""

from __future__ import annotations

import pandas as pd

from etl.core import schemas
from etl.core.releases import Calendar

KEY = ["indicator_id", "entity_id", "year", "sex", "area", "age_group"]
DEFAULT_TOLERANCE = 0.05
COUNT_UNITS = {"count", "persons"}
COUNT_SCALE = 1e6  # ITU publishes totals in millions: the tolerance for counts is in millions
_EPS = 1e-9  # float noise: 66.35 - 66.3 must count as 0.05


def tolerance_for(unit: pd.Series, tolerance: float = DEFAULT_TOLERANCE) -> pd.Series:
    """Half a rounding step in each row's unit: `tolerance`, or `tolerance` million for counts."""
    return unit.isin(COUNT_UNITS).map({True: tolerance * COUNT_SCALE, False: tolerance}).astype(float)


def pair_up(left: pd.DataFrame, right: pd.DataFrame, key: list[str] = KEY,
            suffixes: tuple[str, str] = ("_a", "_b")) -> pd.DataFrame:
    """Every combination of a left and a right row with the same key (one merge, no loops)."""
    return left.merge(right, on=key, how="inner", suffixes=suffixes)


def _before(pairs: pd.DataFrame, fields: list[str]) -> pd.Series:
    """Vectorised lexicographic (a fields) < (b fields)."""
    less = pd.Series(False, index=pairs.index)
    equal = pd.Series(True, index=pairs.index)
    for f in fields:
        a, b = pairs[f"{f}_a"], pairs[f"{f}_b"]
        less |= equal & (a < b)
        equal &= a == b
    return less


def source_disagreements(
    observations: pd.DataFrame, calendar: Calendar, tolerance: float = DEFAULT_TOLERANCE
) -> pd.DataFrame:
    """All pairs of upstream source releases whose values for the same key differ by more than rounding.

    Computed aggregates (``is_computed``) are left out: they are compared with the published ones in
    `etl.aggregate.aggregate_differences`.
    """
    cols = [*KEY, "unit", "source_id", "release", "value"]
    obs = observations.loc[~observations["is_computed"].astype(bool), cols]
    obs = obs[obs.duplicated(KEY, keep=False)]  # only keys with more than one source release can pair
    obs = obs.assign(_vintage=calendar.order(obs["release"]))
    pairs = pair_up(obs, obs.drop(columns="unit"))
    pairs = pairs[_before(pairs, ["_vintage", "source_id", "release"])]  # each pair once, older first
    pairs = pairs.assign(
        difference=pairs["value_b"] - pairs["value_a"],
        tolerance=tolerance_for(pairs["unit"], tolerance),
    )
    out = pairs[pairs["difference"].abs() > pairs["tolerance"] + _EPS * pairs["value_a"].abs().clip(lower=1)]
    columns = list(schemas.SourceDisagreement.to_schema().columns)
    out = out[columns].sort_values([*KEY, "release_a", "release_b"]).reset_index(drop=True)
    return schemas.SourceDisagreement.validate(out)


def _fmt(value: float, sign: str = "") -> str:
    return f"{value:{sign},.0f}" if abs(value) >= 1e4 else f"{value:{sign}.6g}"


def _breakdown(row: pd.Series) -> str:
    parts = [f"{c}={row[c]}" for c in ("sex", "area", "age_group") if row[c] != "total"]
    return f" ({', '.join(parts)})" if parts else ""


def summary(disagreements: pd.DataFrame, top: int = 3) -> str:
    """Per indicator: how many pairs disagree and the largest differences, one line each."""
    if disagreements.empty:
        return "source disagreements: none beyond rounding"
    tolerances = ", ".join(
        f"{_fmt(t)} {u}" for u, t in disagreements.groupby("unit")["tolerance"].max().items()
    )
    lines = [f"source disagreements ({len(disagreements):,} pairs beyond rounding; tolerance {tolerances}):"]
    ranked = disagreements.assign(_abs=disagreements["difference"].abs().round(9)).sort_values(
        ["indicator_id", "_abs", *KEY[1:]], ascending=[True, False, True, True, True, True, True]
    )
    for indicator, group in ranked.groupby("indicator_id", sort=True):
        entities = group["entity_id"].nunique()
        lines.append(f"  {indicator}: {len(group):,} pairs, {entities:,} entities; largest:")
        shown = group.head(top)
        world = group[group["entity_id"] == "world"].head(1)  # the world figure is the one people quote
        if not world.empty and world.index[0] not in shown.index:
            shown = pd.concat([shown, world])
        for _, r in shown.iterrows():
            lines.append(
                f"    {r['entity_id']} {indicator} {r['year']}{_breakdown(r)}: "
                f"{r['release_a']} {_fmt(r['value_a'])} vs {r['release_b']} {_fmt(r['value_b'])} "
                f"({_fmt(r['difference'], '+')})"
            )
    return "\n".join(lines)


def run(ctx) -> dict[str, pd.DataFrame]:
    """Pipeline step: the source_disagreements table, and its summary for the end of the build."""
    observations = ctx.tables.get("observations")
    if observations is None:
        ctx.log("[compare] no observations table: nothing to compare")
        return {}
    disagreements = source_disagreements(observations, Calendar(ctx.tables["releases"]))
    ctx.reports.append(summary(disagreements))
    return {"source_disagreements": disagreements}
