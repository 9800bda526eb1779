"""Progress towards targets: pure scoring functions, and the pipeline step that scores every target.

Methods (reference/progress-methods.md), and which one each figure uses:

* Open SDG / UNSD "ratio of growth rates" (column ``growth_ratio`` R, ``open_sdg_status``,
  ``open_sdg_score``): CAGR_o = (yt / y0)^(1/(t - t0)) - 1, CAGR_r = (yT / y0)^(1/(T - t0)) - 1,
  R = d * CAGR_o / |CAGR_r|; bands R >= 0.95 substantial, >= 0.60 moderate, >= 0 limited, < 0
  deterioration. A zero value is replaced by 0.001 before any ratio. Targets without a number (SDG 17.6.1,
  5.b.1) band d * CAGR_o at 1.5 % / 0.5 % / 0, the positive thresholds scaled by C = 1 - (y0 / 100)^4.44 for
  percentages (natural limit 100 %).
* UNSD 2023+ "extrapolation" (``projected_value``, ``extrapolation_ratio`` r, ``unsd_status``):
  yT_hat = yt * (1 + CAGR_o)^(T - t), r = (yT_hat - y0) / (yT - y0); r >= 0.95 on track, >= 0.10
  acceleration needed, else stagnation or regression; a latest percentage within 1 point of a 0 % or 100 %
  target counts as met.
* Gender parity targets score the gender parity score y = female / male. "Target achieved" means ITU's
  parity band 0.98 <= y <= 1.02 (targets.md). Growth figures use the Goldilocks transform max(y, 1/y)
  towards 1 with d = -1 (progress-methods.md); we keep ITU's narrower band rather than Open SDG's 0.97-1.03.
  Their ``projected_value`` is empty (max(y, 1/y) has two inverses) and values are reported untransformed.
* People still to connect: (yT - yt) / 100 * population, for shares of people (``PEOPLE_SHARES``), total
  sex and area, with the ``population`` indicator of the latest year's entity (else its latest earlier year).

Base year (documented default): the target's ``baseline_year`` when the registry gives one (or the first
year with data after it), else the first year of the series at or after 2015 (Open SDG's default base year,
the start of the SDG period). The latest year is the last year with data; once the deadline has passed
(deadline_year < as_of_year) and the series has the deadline year, the assessment stops there and the status
says whether the target was met or missed in the deadline year, with the value then; without a value for
the deadline year the status is "no data for the deadline year" and the growth figures describe the latest
data. Fewer than two points from the base year on: "insufficient data".

One row per target, entity and release (and source): every release that has the series is scored, and
``is_latest_release`` marks the row from the newest release (release date from the release id).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl import aggregate
from etl import targets as targets_registry
from etl.core.measures import is_parity
from etl.core.releases import Calendar
from etl.core.vocabulary import (
    ACHIEVED,
    COMPUTED_SOURCE,
    DETERIORATION,
    EVERY_COUNTRY,
    INSUFFICIENT,
    LIMITED,
    MET_AT_DEADLINE,
    MISSED_AT_DEADLINE,
    MODERATE,
    NO_DEADLINE_DATA,
    SUBSTANTIAL,
    UNSD_ACCELERATE,
    UNSD_MET,
    UNSD_ON_TRACK,
    UNSD_STAGNATION,
)

if TYPE_CHECKING:
    from etl.pipeline import BuildContext

DEFAULT_BASE_YEAR = 2015
ZERO_REPLACEMENT = 0.001
METHOD_RATIO = "open_sdg_ratio_of_growth_rates"
METHOD_EXTRAPOLATION = "unsd_extrapolation"
METHOD_NO_TARGET = "open_sdg_observed_growth_no_target"
PEOPLE_SHARES = aggregate.PEOPLE_SHARES  # (yT - yt) / 100 * population is a number of people


@dataclass(frozen=True)
class Goal:
    """What a series is scored against: a target row reduced to what the arithmetic needs."""

    threshold: float | None  # yT in the series' own scale (1.0 for parity); None: no numeric target
    deadline: int
    comparator: str = ">="  # >=, >, <=, <, parity
    baseline_year: int | None = None
    unit: str = "percent"

    @property
    def is_parity(self) -> bool:
        return self.comparator == "parity"

    @property
    def direction(self) -> int:
        """d: +1 when higher is better; parity scores max(y, 1/y) towards 1, so lower is better."""
        return -1 if self.comparator in ("<=", "<", "parity") else 1


# --- pure arithmetic ------------------------------------------------------------------------------------
def nonzero(value: float) -> float:
    """The 0.001 rule: growth rates need a non-zero base."""
    return ZERO_REPLACEMENT if value == 0 else value


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate between two values `years` apart (zeros replaced by 0.001)."""
    return (nonzero(end) / nonzero(start)) ** (1.0 / years) - 1.0


def goldilocks(y: float) -> float:
    """Distance from parity on a symmetric scale: a ratio and its inverse are equally far from 1."""
    y = nonzero(y)
    return max(y, 1.0 / y)


def is_met(value: float, threshold: float, comparator: str) -> bool:
    """Does a value meet a target (parity: inside ITU's 0.98-1.02 band)?"""
    if comparator == "parity":
        return is_parity(value)
    return {
        ">=": value >= threshold, ">": value > threshold, "<=": value <= threshold, "<": value < threshold
    }[comparator]


def growth_ratio(cagr_observed: float, cagr_required: float, direction: int) -> float:
    """R = d * CAGR_o / |CAGR_r|; NaN when no growth is required (base already at the target)."""
    if cagr_required == 0:
        return math.nan
    return direction * cagr_observed / abs(cagr_required)


def open_sdg_band(ratio: float) -> str:
    """Open SDG's band for R."""
    if ratio >= 0.95:
        return SUBSTANTIAL
    if ratio >= 0.60:
        return MODERATE
    if ratio >= 0:
        return LIMITED
    return DETERIORATION


def open_sdg_score(ratio: float) -> float:
    """Open SDG's -5..5 score for R."""
    if ratio >= 0.6:
        return min(7.1429 * ratio - 4.2857, 5.0)
    return max(4.1667 * ratio - 2.5, -5.0)


def no_target_band(cagr_observed: float, direction: int, base_value: float, unit: str) -> str:
    """Open SDG's band without a numeric target: d * CAGR_o against 1.5 % and 0.5 %, scaled near 100 %."""
    scale = 1.0 - (base_value / 100.0) ** 4.44 if unit == "percent" and direction > 0 else 1.0
    growth = direction * cagr_observed
    if growth >= 0.015 * scale:
        return SUBSTANTIAL
    if growth >= 0.005 * scale:
        return MODERATE
    if growth >= 0:
        return LIMITED
    return DETERIORATION


def project(latest_value: float, cagr_observed: float, years: float) -> float:
    """Value after `years` more at the observed pace."""
    return nonzero(latest_value) * (1.0 + cagr_observed) ** years


def extrapolation_ratio(base_value: float, projected: float, target: float) -> float:
    """UNSD r: share of the required change that the projection covers; NaN when none is required."""
    if target == base_value:
        return math.nan
    return (projected - base_value) / (target - base_value)


def unsd_band(ratio: float, latest_value: float, target: float, unit: str) -> str:
    """UNSD extrapolation band, with its rule that within 1 point of a 0 % or 100 % target is met."""
    if unit == "percent" and target in (0.0, 100.0) and abs(latest_value - target) <= 1.0:
        return UNSD_MET
    if math.isnan(ratio):
        return UNSD_STAGNATION
    if ratio >= 0.95:
        return UNSD_ON_TRACK
    if ratio >= 0.10:
        return UNSD_ACCELERATE
    return UNSD_STAGNATION


def year_reached(latest_year: int, latest_value: float, target: float, cagr_observed: float,
                 direction: int) -> float:
    """Year the target is reached at the current pace, or NaN when the pace does not lead there."""
    if direction * cagr_observed <= 0 or direction * (target - latest_value) <= 0:
        return math.nan
    return latest_year + math.log(nonzero(target) / nonzero(latest_value)) / math.log(1.0 + cagr_observed)


def people_to_connect(target: float, latest_value: float, population: float) -> float:
    """People still to reach: (yT - yt) / 100 * population, never negative."""
    return max(target - latest_value, 0.0) / 100.0 * population


def choose_base(years: Sequence[int], baseline_year: int | None) -> tuple[int | None, str]:
    """Base year and the rule that picked it (see the module docstring)."""
    start = baseline_year if baseline_year is not None else DEFAULT_BASE_YEAR
    candidates = [y for y in years if y >= start]
    if not candidates:
        return None, "no data at or after the base year"
    first = min(candidates)
    if baseline_year is None:
        return first, f"first year at or after {DEFAULT_BASE_YEAR}"
    if first == baseline_year:
        return first, "target baseline year"
    return first, f"first year with data after the target baseline year {baseline_year}"


def assess(years: Sequence[int], values: Sequence[float], goal: Goal, as_of_year: int) -> dict:
    """Score one series against one goal. Pure: the same inputs always give the same row."""
    points = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if not math.isnan(v))
    series = dict(points)
    d = goal.direction
    out: dict = {
        "base_year": None, "base_value": math.nan, "latest_year": None, "latest_value": math.nan,
        "n_points": 0, "gap_to_target": math.nan, "cagr_observed": math.nan, "cagr_required": math.nan,
        "growth_ratio": math.nan, "open_sdg_status": INSUFFICIENT, "open_sdg_score": math.nan,
        "projected_value": math.nan, "extrapolation_ratio": math.nan, "unsd_status": INSUFFICIENT,
        "year_target_reached": math.nan, "deadline_value": math.nan,
        "status": INSUFFICIENT, "base_year_rule": "", "method": "",
    }
    deadline_passed = goal.deadline < as_of_year
    if deadline_passed and goal.deadline in series:
        points = [(y, v) for y, v in points if y <= goal.deadline]
    base_year, out["base_year_rule"] = choose_base([y for y, _ in points], goal.baseline_year)
    if points:
        out["latest_year"], out["latest_value"] = points[-1]
    if base_year is not None:
        window = [(y, v) for y, v in points if y >= base_year]
        out["n_points"] = len(window)
        out["base_year"], out["base_value"] = window[0]

    has_target = goal.threshold is not None and not math.isnan(goal.threshold)
    scale = goldilocks if goal.is_parity else (lambda v: v)
    target = 1.0 if goal.is_parity else (goal.threshold if has_target else math.nan)
    if has_target and points:
        out["gap_to_target"] = d * (target - scale(out["latest_value"]))

    if out["n_points"] >= 2:
        t0, y0 = out["base_year"], scale(out["base_value"])
        t, yt = out["latest_year"], scale(out["latest_value"])
        cagr_o = cagr(y0, yt, t - t0)
        out["cagr_observed"] = cagr_o
        if has_target:
            _score_against_target(out, goal, t0, y0, t, yt, target, cagr_o)
        else:
            out["method"] = METHOD_NO_TARGET
            out["open_sdg_status"] = no_target_band(cagr_o, d, y0, goal.unit)
            out["status"] = out["open_sdg_status"]
            out["unsd_status"] = ""

    if deadline_passed:
        if goal.deadline in series:
            out["deadline_value"] = series[goal.deadline]
            if has_target:
                met = is_met(series[goal.deadline], goal.threshold, goal.comparator)
                out["status"] = MET_AT_DEADLINE if met else MISSED_AT_DEADLINE
        else:
            out["status"] = NO_DEADLINE_DATA
    return out


def _score_against_target(out: dict, goal: Goal, t0: int, y0: float, t: int, yt: float, target: float,
                          cagr_o: float) -> None:
    """Fill the Open SDG and UNSD figures of `assess` for a goal with a number."""
    d = goal.direction
    out["method"] = f"{METHOD_RATIO}; {METHOD_EXTRAPOLATION}"
    horizon = goal.deadline - t0
    if horizon > 0:
        cagr_r = cagr(y0, target, horizon)
        out["cagr_required"] = cagr_r
        out["growth_ratio"] = growth_ratio(cagr_o, cagr_r, d)
    met = is_met(out["latest_value"], goal.threshold, goal.comparator)
    ratio = out["growth_ratio"]
    if met:
        out["open_sdg_status"], out["open_sdg_score"] = ACHIEVED, 5.0
    elif math.isnan(ratio):
        # no growth was required (base at the target) yet the latest value misses it: it moved away
        out["open_sdg_status"], out["open_sdg_score"] = DETERIORATION, -5.0
    else:
        out["open_sdg_status"], out["open_sdg_score"] = open_sdg_band(ratio), open_sdg_score(ratio)
    out["status"] = out["open_sdg_status"]
    projected = project(yt, cagr_o, goal.deadline - t)
    out["projected_value"] = projected if not goal.is_parity else math.nan
    r = extrapolation_ratio(y0, projected, target)
    out["extrapolation_ratio"] = r
    out["unsd_status"] = UNSD_MET if met else unsd_band(r, out["latest_value"], target, goal.unit)
    out["year_target_reached"] = year_reached(t, yt, target, cagr_o, d)


# --- the pipeline step ----------------------------------------------------------------------------------
def parity_series(obs: pd.DataFrame) -> pd.DataFrame:
    """Gender parity score (female / male) per entity, year and release, from the female and male rows."""
    keys = ["entity_id", "year", "release", "source_id"]
    female = obs[obs["sex"] == "female"].set_index(keys)
    male = obs[obs["sex"] == "male"].set_index(keys)
    joined = female[["value", "series_code"]].join(male[["value"]].rename(columns={"value": "value_male"}),
                                                    how="inner")
    joined = joined[joined["value_male"] > 0]
    joined["value"] = joined["value"] / joined["value_male"]
    return joined.reset_index()[[*keys, "value", "series_code"]]


def group_population(
    obs: pd.DataFrame, entities: pd.DataFrame, group_membership: pd.DataFrame, calendar: Calendar
) -> pd.DataFrame:
    """Population of each group and year: the sum of its member countries' population (ITU's i61).

    Groups have no population series of their own; the sum uses the same weights and yearly membership as
    the computed aggregates (etl.aggregate), and its release says it is a sum.
    """
    countries = entities.loc[entities["entity_type"] == "country", "entity_id"]
    weights, release = aggregate.population_weights(obs, countries, calendar)
    if weights.empty:
        return pd.DataFrame(columns=["entity_id", "year", "value", "release"])
    members = aggregate.membership_by_year(group_membership, countries, weights["year"].unique().tolist())
    sums = members.merge(weights, on=["entity_id", "year"]).groupby(["group_id", "year"], as_index=False)
    out = sums["population"].sum().rename(columns={"group_id": "entity_id", "population": "value"})
    return out.assign(release=f"{release} (sum of member countries)")


Populations = dict[str, dict[int, tuple[float, str]]]  # entity -> year -> (population, release)


def population_lookup(
    obs: pd.DataFrame, calendar: Calendar, groups: pd.DataFrame | None = None
) -> Populations:
    """Population per entity: one value per year, from the newest release that has that year.

    `groups` (from group_population) fills entity-years without a population series of their own.
    """
    pop = obs[(obs["indicator_id"] == "population") & (obs["sex"] == "total") & (obs["area"] == "total")]
    pop = pop.assign(_date=calendar.order(pop["release"])).sort_values("_date", kind="stable")
    pop = pop.drop_duplicates(["entity_id", "year"], keep="last")[["entity_id", "year", "value", "release"]]
    if groups is not None and not groups.empty:
        pop = pd.concat([groups[["entity_id", "year", "value", "release"]], pop], ignore_index=True)
        pop = pop.drop_duplicates(["entity_id", "year"], keep="last")  # an own series wins
    out: Populations = {}
    for e, y, v, r in zip(pop["entity_id"].tolist(), pop["year"].tolist(), pop["value"].tolist(),
                          pop["release"].tolist(), strict=True):
        out.setdefault(e, {})[int(y)] = (float(v), str(r))
    return out


def population_for(lookup: Populations, entity: str, year: int) -> tuple[float, int, str] | None:
    """Population in `year`, else the latest earlier year (population_year says which year was used)."""
    earlier = [y for y in lookup.get(entity, {}) if y <= year]
    if not earlier:
        return None
    y = max(earlier)
    value, release = lookup[entity][y]
    return value, y, release


def _goal(t: pd.Series, unit: str) -> Goal:
    baseline = None if pd.isna(t["baseline_year"]) else int(t["baseline_year"])
    threshold = None if pd.isna(t["threshold_value"]) else float(t["threshold_value"])
    return Goal(threshold=threshold, deadline=int(t["deadline_year"]), comparator=t["comparator"],
                baseline_year=baseline, unit=unit)


def _series_for(t: pd.Series, obs: pd.DataFrame) -> pd.DataFrame:
    """The observations a target is scored on (parity targets: the female / male ratio)."""
    sel = obs[(obs["indicator_id"] == t["indicator_id"]) & (obs["area"] == t["area"])
              & (obs["age_group"] == "total")]
    if t["scope"] != EVERY_COUNTRY:
        sel = sel[sel["entity_id"] == t["scope"]]
    if t["comparator"] == "parity":
        return parity_series(sel)
    return sel[sel["sex"] == t["sex"]]


def score_target(t: pd.Series, obs: pd.DataFrame, unit: str, population: Populations,
                 as_of_year: int) -> list[dict]:
    """Rows for one target: one per entity, release and source that has its series."""
    goal = _goal(t, "ratio" if t["comparator"] == "parity" else unit)
    counts_people = (t["indicator_id"] in PEOPLE_SHARES and t["sex"] == "total" and t["area"] == "total"
                     and goal.threshold is not None and not goal.is_parity)
    series: dict[tuple[str, str, str], tuple[list[int], list[float], set[str]]] = {}
    sel = _series_for(t, obs)
    columns = ["entity_id", "release", "source_id", "year", "value", "series_code"]
    for entity, release, source, year, value, code in zip(*(sel[c].tolist() for c in columns), strict=True):
        years, values, codes = series.setdefault((entity, release, source), ([], [], set()))
        years.append(int(year))
        values.append(float(value))
        codes.add(str(code))
    rows = []
    for (entity, release, source), (years, values, codes) in sorted(series.items()):
        row = assess(years, values, goal, as_of_year)
        pop = None
        if counts_people and row["latest_year"] is not None:
            pop = population_for(population, entity, row["latest_year"])
        rows.append({
            "target_id": t["target_id"], "framework": t["framework"], "indicator_id": t["indicator_id"],
            "entity_id": entity, "sex": t["sex"], "area": t["area"], "unit": goal.unit,
            "release": release, "source_id": source,
            "series_code": ";".join(sorted(codes)),
            "verification_status": t["verification_status"], "comparator": t["comparator"],
            "target_value": goal.threshold, "deadline_year": goal.deadline, "as_of_year": as_of_year,
            **row,
            "population": pop[0] if pop else math.nan,
            "population_year": pop[1] if pop else None,
            "population_release": pop[2] if pop else None,
            "people_to_connect": people_to_connect(goal.threshold, row["latest_value"], pop[0]) if pop
            else math.nan,
        })
    return rows


def mark_latest_release(df: pd.DataFrame, calendar: Calendar) -> pd.Series:
    """True on the row of each target and entity that comes from the newest release.

    A publisher's own figure wins over ict4d's recomputed aggregate; ties (two sources of the same month)
    go to the one with the more recent data, then to ITU's own.
    """
    if df.empty:
        return pd.Series([], dtype=bool)
    rank = df.assign(
        _upstream=df["source_id"] != COMPUTED_SOURCE,
        _date=calendar.order(df["release"]),
        _latest=df["latest_year"].fillna(0),
        _itu=df["release"].str.startswith("itu"),
    ).sort_values(["_upstream", "_date", "_latest", "_itu", "release"])
    best = rank.groupby(["target_id", "entity_id"]).tail(1).index
    return df.index.isin(best)


PROGRESS_COLUMNS = [
    "target_id", "framework", "indicator_id", "entity_id", "sex", "area", "unit", "release", "source_id",
    "series_code", "is_latest_release", "verification_status", "comparator", "target_value", "deadline_year",
    "as_of_year", "base_year", "base_value", "base_year_rule", "latest_year", "latest_value", "n_points",
    "gap_to_target", "cagr_observed", "cagr_required", "growth_ratio", "open_sdg_status", "open_sdg_score",
    "projected_value", "extrapolation_ratio", "unsd_status", "year_target_reached", "deadline_value",
    "population", "population_year", "population_release", "people_to_connect", "status", "method",
]


def score_all(targets: pd.DataFrame, obs: pd.DataFrame, units: dict[str, str], as_of_year: int,
              calendar: Calendar, log=print, groups_population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every measurable target on every entity and release that has its series."""
    population = population_lookup(obs, calendar, groups_population)
    by_indicator = dict(tuple(obs.groupby("indicator_id")))
    rows: list[dict] = []
    measurable = targets[targets["is_measurable"]]
    for i, (_, t) in enumerate(measurable.iterrows(), 1):
        sub = by_indicator.get(t["indicator_id"])
        found = [] if sub is None else score_target(t, sub, units.get(t["indicator_id"], "percent"),
                                                    population, as_of_year)
        rows.extend(found)
        log(f"[progress] {i}/{len(measurable)} {t['target_id']}: {len(found)} series")
    df = pd.DataFrame(rows, columns=[c for c in PROGRESS_COLUMNS if c != "is_latest_release"])
    latest = mark_latest_release(df, calendar)
    df.insert(PROGRESS_COLUMNS.index("is_latest_release"), "is_latest_release", latest)
    return df


def indicator_units(indicators: pd.DataFrame | None) -> dict[str, str]:
    """indicator_id -> unit from the indicator registry table (empty when it is not built)."""
    if indicators is None:
        return {}
    return dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Pipeline step: the targets registry and the progress table."""
    tables = ctx.tables
    targets = targets_registry.load()
    indicators, entities = tables.get("indicators"), tables.get("entities")
    targets_registry.check_foreign_keys(
        targets,
        None if indicators is None else indicators["indicator_id"],
        None if entities is None else entities["entity_id"],
    )
    obs = tables.get("observations")
    if obs is None:
        ctx.warnings.append("progress: no observations table; progress is empty")
        obs = pd.DataFrame(columns=["indicator_id", "entity_id", "year", "value", "sex", "area", "age_group",
                                    "release", "source_id", "series_code"])
    units = indicator_units(indicators)
    membership = tables.get("group_membership")
    calendar = Calendar(tables["releases"])
    groups = (None if entities is None or membership is None
              else group_population(obs, entities, membership, calendar))
    progress = score_all(targets, obs, units, date.today().year, calendar, log=ctx.log,
                         groups_population=groups)
    return {"targets": targets, "progress": progress}


# --- the scoreboard (ict4d progress) --------------------------------------------------------------------
SCOREBOARD_COLUMNS = [
    "target_id", "verification_status", "entity_id", "release", "latest_year", "latest_value", "comparator",
    "target_value", "deadline_year", "status", "open_sdg_status", "growth_ratio", "extrapolation_ratio",
]


def scoreboard(targets: pd.DataFrame, progress: pd.DataFrame, framework: str | None = None) -> pd.DataFrame:
    """One line per target: the newest release's row for the target's scope (world for every_country).

    Targets without a series are listed with status "no series" so that nothing silently disappears.
    """
    if framework:
        words = rf"\b{re.escape(framework)}\b"  # "Connect" is Connect 2020/2030, not "connectivity"
        targets = targets[targets["framework"].str.contains(words, case=False, regex=True)
                          | targets["target_id"].str.startswith(framework)]
    latest = progress[progress["is_latest_release"]]
    rows = []
    for t in targets.itertuples(index=False):
        entity = "world" if t.scope == EVERY_COUNTRY else t.scope
        hit = latest[(latest["target_id"] == t.target_id) & (latest["entity_id"] == entity)]
        if hit.empty:
            status = "no series" if not t.is_measurable else f"no data for {entity}"
            rows.append({"target_id": t.target_id, "verification_status": t.verification_status,
                         "entity_id": entity, "comparator": t.comparator, "target_value": t.threshold_value,
                         "deadline_year": t.deadline_year, "status": status})
        else:
            rows.append(hit.iloc[0][SCOREBOARD_COLUMNS].to_dict())
    board = pd.DataFrame(rows, columns=SCOREBOARD_COLUMNS)
    return board.astype({"latest_year": "Int64", "deadline_year": "Int64"})
