"""Every target scored on every entity and release that has its series (the progress table).

The arithmetic and the headline rule are pure functions in ``etl.methods.scoring`` (its docstring is the
method); the status words are ``etl.core.vocabulary.TARGET_STATUSES``. This module picks the series
(parity targets: the female / male score), the row each target headlines
(``etl.methods.group_values.group_value_rank``: ITU's own figure before anything derived or computed,
redistributions last), writes the caveats a reader needs (the
registry's, and what a computed figure rests on: coverage, missing years), adds the distribution of
countries beside the world row of an every-country target, and the people still to connect.

People still to connect: (yT - yt) / 100 * population, for shares of people (``PEOPLE_SHARES``), total sex
and area, with the ``population`` indicator of the latest year's entity (else its latest earlier year); for a
group, the sum of its member countries (``group_population``).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl.core.measures import parity_score
from etl.core.releases import Calendar
from etl.core.vocabulary import (
    EVERY_COUNTRY,
    LIKELY_MET,
    LIKELY_MISSED,
    MET,
    ON_TRACK,
)
from etl.methods import aggregate, group_values, pace, scoring

if TYPE_CHECKING:
    from collections.abc import Callable


PEOPLE_SHARES = aggregate.PEOPLE_SHARES  # (yT - yt) / 100 * population is a number of people
COUNTRY_ID = re.compile(r"^[A-Z]{3}$")  # countries are ISO3 (docs/CONTRACTS.md), groups snake_case


# --- the series a target is scored on -------------------------------------------------------------------
def parity_series(obs: pd.DataFrame) -> pd.DataFrame:
    """Gender parity score (female / male) per entity, year and release, from the female and male rows."""
    keys = ["entity_id", "year", "release", "source_id"]
    extra = [c for c in ("note",) if c in obs]
    female = obs[obs["sex"] == "female"].set_index(keys)
    male = obs[obs["sex"] == "male"].set_index(keys)
    joined = female[["value", "series_code", *extra]].join(
        male[["value"]].rename(columns={"value": "value_male"}), how="inner"
    )
    joined = joined[joined["value_male"] > 0]
    joined["value"] = parity_score(joined["value"], joined["value_male"])
    return joined.reset_index()[[*keys, "value", "series_code", *extra]]


def group_population(
    obs: pd.DataFrame, entities: pd.DataFrame, group_membership: pd.DataFrame, calendar: Calendar
) -> pd.DataFrame:
    """Population of each group and year: the sum of its member countries' population (ITU's i61).

    Groups have no population series of their own; the sum uses the same weights and membership as the
    computed aggregates (etl.methods.aggregate), and its release says it is a sum.
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
    for e, y, v, r in zip(
        pop["entity_id"].tolist(),
        pop["year"].tolist(),
        pop["value"].tolist(),
        pop["release"].tolist(),
        strict=True,
    ):
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


def goal_of(t: pd.Series, unit: str) -> pace.Goal:
    """The registry row reduced to what the arithmetic needs."""
    baseline = None if pd.isna(t["baseline_year"]) else int(t["baseline_year"])
    threshold = None if pd.isna(t["threshold_value"]) else float(t["threshold_value"])
    return pace.Goal(
        threshold=threshold,
        deadline=int(t["deadline_year"]),
        comparator=t["comparator"],
        baseline_year=baseline,
        unit=unit,
    )


def _series_for(t: pd.Series, obs: pd.DataFrame) -> pd.DataFrame:
    """The observations a target is scored on (parity targets: the female / male ratio)."""
    sel = obs[
        (obs["indicator_id"] == t["indicator_id"])
        & (obs["area"] == t["area"])
        & (obs["age_group"] == "total")
    ]
    if t["scope"] != EVERY_COUNTRY:
        sel = sel[sel["entity_id"] == t["scope"]]
    if t["comparator"] == "parity":
        return parity_series(sel)
    return sel[sel["sex"] == t["sex"]]


# --- caveats --------------------------------------------------------------------------------------------
def _years(years: list[int]) -> str:
    """2019, 2020, 2021, 2023 -> '2019-2021, 2023'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def series_caveat(
    target_caveat: object,
    source_id: str,
    series_code: str,
    release: str,
    values: dict[int, float],
    notes: dict[int, str | None],
    row: dict,
    goal: pace.Goal,
    calendar: Calendar,
) -> str:
    """What a reader must know beside the status: the registry's caveat, whose figure it is (derived;
    computed, with its coverage), years missing inside the window, a value exactly at the threshold."""
    parts = [str(target_caveat)] if pd.notna(target_caveat) and str(target_caveat).strip() else []
    first, last = row["base_year"], row["assessed_year"]
    if row["status"] in (LIKELY_MET, LIKELY_MISSED) and any(y > goal.deadline for y in values):
        last = min(y for y in values if y > goal.deadline)  # interpolated up to the first later value
    window = [] if first is None else [y for y in values if first <= y <= last]
    if source_id == aggregate.SOURCE_ID:
        note = next((n for n in notes.values() if isinstance(n, str)), None)
        what = group_values.computed_statistic(series_code, note)
        if series_code.startswith(group_values.LMIC_DERIVED):
            parts.append(
                f"Derived by ict4d from {what} ({release}), as published (rounded to 1 decimal); "
                "World minus High income also counts economies without an income classification."
            )
        else:
            coverage = [c for y in window if (c := group_values.note_coverage(notes.get(y))) is not None]
            span = ""
            if coverage:
                lo, hi = min(c for c, _ in coverage), max(c for c, _ in coverage)
                shown = f"{lo:.0f}-{hi:.0f}" if round(hi) != round(lo) else f"{lo:.0f}"
                years = f"{first}-{last}" if last != first else str(first)
                span = f"; coverage {shown} % of the {coverage[0][1]} in {years}"
            parts.append(f"Computed by ict4d, not an ITU figure: {what} ({release}){span}.")
    elif not calendar.is_primary(release):
        parts.append(f"A redistribution ({calendar.edition(release)}), not ITU's own release.")
    if window:
        gaps = [y for y in range(first, last + 1) if y not in values]
        if gaps and source_id == aggregate.SOURCE_ID:
            parts.append(f"No value for {_years(gaps)} (coverage below 80 %): a break in the series.")
        elif gaps:
            parts.append(f"No value for {_years(gaps)}.")
    if (
        row["status"] == MET
        and goal.has_threshold
        and not goal.is_parity
        and last is not None
        and values.get(last) == goal.threshold
    ):
        parts.append(
            "The value assessed equals the threshold as published (rounded): the unrounded "
            "estimate may lie either side."
        )
    return " ".join(parts)


# --- scoring --------------------------------------------------------------------------------------------
def score_target(
    t: pd.Series, obs: pd.DataFrame, unit: str, population: Populations, as_of: date, calendar: Calendar
) -> list[dict]:
    """Rows for one target: one per entity, release and source that has its series."""
    goal = goal_of(t, "ratio" if t["comparator"] == "parity" else unit)
    counts_people = (
        t["indicator_id"] in PEOPLE_SHARES
        and t["sex"] == "total"
        and t["area"] == "total"
        and goal.has_threshold
        and not goal.is_parity
    )
    series: dict[tuple[str, str, str], tuple[dict[int, float], dict[int, str | None], set[str]]] = {}
    sel = _series_for(t, obs)
    notes = sel["note"] if "note" in sel else pd.Series(None, index=sel.index)
    columns = ["entity_id", "release", "source_id", "year", "value", "series_code"]
    for (entity, release, source, year, value, code), note in zip(
        zip(*(sel[c].tolist() for c in columns), strict=True), notes.tolist(), strict=True
    ):
        values, year_notes, codes = series.setdefault((entity, release, source), ({}, {}, set()))
        values[int(year)] = float(value)
        year_notes[int(year)] = note if isinstance(note, str) else None
        codes.add(str(code))
    rows = []
    for (entity, release, source), (values, year_notes, codes) in sorted(series.items()):
        row = scoring.assess(list(values), list(values.values()), goal, as_of)
        code = ";".join(sorted(codes))
        pop = None
        if counts_people and row["latest_year"] is not None:
            pop = population_for(population, entity, row["latest_year"])
        rows.append(
            {
                "target_id": t["target_id"],
                "framework": t["framework"],
                "indicator_id": t["indicator_id"],
                "entity_id": entity,
                "sex": t["sex"],
                "area": t["area"],
                "unit": goal.unit,
                "release": release,
                "source_id": source,
                "series_code": code,
                "verification_status": t["verification_status"],
                "comparator": t["comparator"],
                "target_value": goal.threshold,
                "deadline_year": goal.deadline,
                "as_of_year": as_of.year,
                "as_of": as_of.isoformat(),
                **row,
                "caveat": series_caveat(
                    t.get("caveat"), source, code, release, values, year_notes, row, goal, calendar
                ),
                "population": pop[0] if pop else math.nan,
                "population_year": pop[1] if pop else None,
                "population_release": pop[2] if pop else None,
                "people_to_connect": pace.people_to_connect(goal.threshold, row["latest_value"], pop[0])
                if pop
                else math.nan,
            }
        )
    return rows


def mark_headline(df: pd.DataFrame, calendar: Calendar) -> pd.Series:
    """True on the row each target headlines for each entity: the best figure (``group_value_rank``), then
    the newest release, then the more recent data."""
    if df.empty:
        return pd.Series([], dtype=bool)
    rank = df.assign(
        _rank=-group_values.group_value_rank(df, calendar),
        _date=calendar.order(df["release"]),
        _latest=df["latest_year"].fillna(0),
    ).sort_values(["_rank", "_date", "_latest", "release"])
    best = rank.groupby(["target_id", "entity_id"]).tail(1).index
    return df.index.isin(best)


def country_distribution(rows: pd.DataFrame, calendar: Calendar) -> dict:
    """Beside the world row of an every-country target: how many countries meet the target, are on track
    and improve, of how many with data, in the newest primary release of country values."""
    countries = rows[rows["entity_id"].str.match(COUNTRY_ID) & (rows["source_id"] != aggregate.SOURCE_ID)]
    primary = [r for r in countries["release"].unique() if calendar.is_primary(r)]
    release = calendar.newest(primary)
    if release is None:
        return {}
    these = countries[countries["release"] == release]
    d = -1 if these["comparator"].iloc[0] in ("<=", "<", "parity") else 1  # parity: max(y, 1/y) falls
    has_target = these["target_value"].notna().any()
    return {
        "countries_release": release,
        "countries_with_data": len(these),
        "countries_met": int((these["status"] == MET).sum()) if has_target else None,
        "countries_on_track": int(these["status"].isin([ON_TRACK, LIKELY_MET]).sum()) if has_target else None,
        "countries_improving": int((d * these["cagr_observed"] > 0).sum()),
    }


PROGRESS_COLUMNS = [
    "target_id",
    "framework",
    "indicator_id",
    "entity_id",
    "sex",
    "area",
    "unit",
    "release",
    "source_id",
    "series_code",
    "is_latest_release",
    "figure_kind",
    "verification_status",
    "comparator",
    "target_value",
    "deadline_year",
    "as_of_year",
    "as_of",
    "base_year",
    "base_value",
    "base_year_rule",
    "latest_year",
    "latest_value",
    "assessed_year",
    "n_points",
    "gap_to_target",
    "cagr_observed",
    "cagr_required",
    "growth_ratio",
    "open_sdg_status",
    "open_sdg_score",
    "projected_value",
    "extrapolation_ratio",
    "unsd_status",
    "year_target_reached",
    "deadline_value",
    "first_year_met",
    "years_short",
    "population",
    "population_year",
    "population_release",
    "people_to_connect",
    "status",
    "status_detail",
    "caveat",
    "countries_release",
    "countries_with_data",
    "countries_met",
    "countries_on_track",
    "countries_improving",
    "method",
]
COUNTRY_COLUMNS = [
    "countries_release",
    "countries_with_data",
    "countries_met",
    "countries_on_track",
    "countries_improving",
]
INT_COLUMNS = [
    "base_year",
    "latest_year",
    "assessed_year",
    "first_year_met",
    "years_short",
    "population_year",
    *COUNTRY_COLUMNS[1:],
]


def score_all(
    targets: pd.DataFrame,
    obs: pd.DataFrame,
    units: dict[str, str],
    as_of: date | int,
    calendar: Calendar,
    log: Callable[[str], None] = print,
    groups_population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score every measurable target on every entity and release that has its series.

    `as_of` is the build's as-of date (a bare year: its 1 January); a deadline year has passed once as-of is
    after its 31 December."""
    as_of = pace.as_of_date(as_of)
    population = population_lookup(obs, calendar, groups_population)
    by_indicator = dict(tuple(obs.groupby("indicator_id"))) if len(obs) else {}
    frames: list[pd.DataFrame] = []
    measurable = targets[targets["is_measurable"]]
    for i, (_, t) in enumerate(measurable.iterrows(), 1):
        sub = by_indicator.get(t["indicator_id"])
        found = (
            []
            if sub is None
            else score_target(t, sub, units.get(t["indicator_id"], "percent"), population, as_of, calendar)
        )
        log(f"[progress] {i}/{len(measurable)} {t['target_id']}: {len(found)} series")
        if not found:
            continue
        rows = pd.DataFrame(found)
        if t["scope"] == EVERY_COUNTRY:
            spread = country_distribution(rows, calendar)
            for column, value in spread.items():
                rows[column] = None
                rows.loc[rows["entity_id"] == "world", column] = value
        frames.append(rows)
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    df = df.reindex(columns=[c for c in PROGRESS_COLUMNS if c not in ("is_latest_release", "figure_kind")])
    df.insert(PROGRESS_COLUMNS.index("is_latest_release"), "is_latest_release", mark_headline(df, calendar))
    kinds = group_values.group_value_rank(df, calendar).map(group_values.RANK_WORDS) if len(df) else []
    df.insert(PROGRESS_COLUMNS.index("figure_kind"), "figure_kind", kinds)
    return df.astype({c: "Int64" for c in INT_COLUMNS}).astype({"countries_release": "object"})


def indicator_units(indicators: pd.DataFrame | None) -> dict[str, str]:
    """indicator_id -> unit from the indicator registry table (empty when it is not built)."""
    if indicators is None:
        return {}
    return dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
