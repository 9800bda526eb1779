"""Where sources or releases disagree about the same number: the revision from one release to the next.

ITU revises its estimates every year and several publishers redistribute its series, so the same
(indicator, entity, year, breakdown) often has values from many source releases: with the 2017-2025
vintages, world Internet use for 2017 is in nine releases and a country's in up to seventeen.

Pairing: each release is paired with the previous release (calendar order: the day it became public, then
source id and release id) that has the same key, never with every other release. That is the revision
chain a reader follows ("ITU's 2019 estimate, then the 2021 SDG release, then ..."): n releases give n - 1
pairs per key instead of n(n - 1)/2, so the table stays bounded by the number of observations (a country's
Internet use in seventeen releases: 16 pairs, not 136) and every row says what changed at one release.
The change from the first to the newest estimate is not a pair here: it is read off the observations (the
revision view). Redistributions (WDI via Gapminder, OWID) sit in the chain at their own date, so a copy
that lags its source shows up as a change too. Computed aggregates are left out
(`etl.methods.group_values` compares them with the published ones).

Rounding: ITU publishes shares and rates rounded to 1 decimal and totals in millions rounded to 1 decimal, so
a difference of up to half that step (0.05, or 0.05 million for counts) is rounding, not disagreement, and
is not listed. The tolerance applied is recorded on every row. Side ``a`` is the older release, ``b`` the
newer, so ``difference = b - a`` reads as a revision.
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


def pair_up(
    left: pd.DataFrame, right: pd.DataFrame, key: list[str] = KEY, suffixes: tuple[str, str] = ("_a", "_b")
) -> pd.DataFrame:
    """Every combination of a left and a right row with the same key (one merge, no loops)."""
    return left.merge(right, on=key, how="inner", suffixes=suffixes)


def consecutive_pairs(obs: pd.DataFrame, calendar: Calendar, key: list[str] = KEY) -> pd.DataFrame:
    """Each row next to the previous release's row with the same key: columns `<c>_a` (older) and `<c>_b`.

    One sort and one shift, no self-merge: the result has fewer rows than `obs`.
    """
    obs = obs.assign(_vintage=calendar.order(obs["release"]))
    obs = obs.sort_values([*key, "_vintage", "source_id", "release"], kind="stable").reset_index(drop=True)
    prev = obs.shift(1)
    same = pd.Series(True, index=obs.index)
    for k in key:
        same &= obs[k] == prev[k]
    older, newer = prev[same], obs[same]
    sides = [c for c in obs.columns if c not in key and c != "_vintage"]
    return pd.concat(
        [newer[key], older[sides].add_suffix("_a"), newer[sides].add_suffix("_b")], axis=1
    ).reset_index(drop=True)


def source_disagreements(
    observations: pd.DataFrame, calendar: Calendar, tolerance: float = DEFAULT_TOLERANCE
) -> pd.DataFrame:
    """Each upstream release against the previous release with the same key, where they differ by more
    than rounding (the module docstring says why consecutive releases, not every pair).

    Computed aggregates (``is_computed``) are left out: they are compared with the published ones in
    `etl.methods.group_values.aggregate_differences`.
    """
    cols = [*KEY, "unit", "source_id", "release", "value"]
    obs = observations.loc[~observations["is_computed"].astype(bool), cols]
    obs = obs[obs.duplicated(KEY, keep=False)]  # only keys with more than one source release can pair
    pairs = consecutive_pairs(obs, calendar).rename(columns={"unit_b": "unit"})
    pairs = pairs.assign(
        difference=pairs["value_b"].astype(float) - pairs["value_a"].astype(float),
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
