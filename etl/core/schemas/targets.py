"""The tables of the targets: the registry as published and the progress of each entity towards each."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.core.schemas.base import Table
from etl.core.vocabulary import (
    AREAS,
    OPEN_SDG_STATUSES,
    REASON_NO_SERIES,
    REASON_NO_THRESHOLD,
    SEXES,
    TARGET_COMPARATORS,
    TARGET_STATUSES,
    UNITS,
    UNSD_STATUSES,
    VERIFICATION_STATUSES,
)


class Target(Table):
    """A target of WSIS, ITU Connect 2020/2030, the Broadband Commission, UMC 2030 or the SDGs."""

    target_id: Series[str] = pa.Field(unique=True)
    framework: Series[str]
    wording: Series[str]
    indicator_id: Series[str] = pa.Field(nullable=True, description="empty when we have no series")
    scope: Series[str] = pa.Field(description='an entity_id, or "every_country"')
    sex: Series[str] = pa.Field(isin=SEXES)
    area: Series[str] = pa.Field(isin=AREAS, description="urban/rural/total, e.g. rural broadband coverage")
    comparator: Series[str] = pa.Field(isin=TARGET_COMPARATORS)
    threshold_value: Series[float] = pa.Field(nullable=True)
    deadline_year: Series[int] = pa.Field(ge=2000, le=2100)
    baseline_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    is_higher_better: Series[bool]
    verification_status: Series[str] = pa.Field(isin=VERIFICATION_STATUSES)
    source_url: Series[str] = pa.Field(nullable=True)
    source_reference: Series[str] = pa.Field(
        description="where the target was read: the framework's own document"
    )
    is_measurable: Series[bool] = pa.Field(description="we have a series for it (indicator_id not empty)")
    not_measurable_reason: Series[str] = pa.Field(
        nullable=True,
        isin=[REASON_NO_SERIES, REASON_NO_THRESHOLD],
        description="why the target cannot be scored (no_series, no_threshold); empty when measurable",
    )
    caveat: Series[str] = pa.Field(
        nullable=True, description="where the target's population or definition differs from its series"
    )
    note: Series[str] = pa.Field(nullable=True)


class Progress(Table):
    """Progress of one entity towards one target in one release (rules: etl.methods.scoring's docstring)."""

    target_id: Series[str] = pa.Field(description="id in data/targets.csv")
    framework: Series[str]
    indicator_id: Series[str]
    entity_id: Series[str]
    sex: Series[str] = pa.Field(isin=SEXES)
    area: Series[str] = pa.Field(isin=AREAS)
    unit: Series[str] = pa.Field(isin=UNITS, description="of the values; ratio for gender parity scores")
    release: Series[str] = pa.Field(description="the release the series was read from")
    source_id: Series[str]
    series_code: Series[str] = pa.Field(description="upstream series code(s), ; separated")
    is_latest_release: Series[bool] = pa.Field(
        description="the row a target headlines for this entity: ITU's own figure first, then derived from "
        "ITU's figures, then computed by ict4d, redistributions last; the newest release within each"
    )
    figure_kind: Series[str] = pa.Field(description="whose figure the row scores (that preference, in words)")
    verification_status: Series[str] = pa.Field(isin=VERIFICATION_STATUSES, description="of the target")
    comparator: Series[str] = pa.Field(isin=TARGET_COMPARATORS)
    target_value: Series[float] = pa.Field(nullable=True, description="yT; empty: no numeric target")
    deadline_year: Series[int]
    as_of_year: Series[int] = pa.Field(description="deadline years before this year have passed")
    as_of: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$", description="the build's as-of date (ict4d build --as-of)"
    )
    base_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    base_value: Series[float] = pa.Field(nullable=True)
    base_year_rule: Series[str] = pa.Field(description="why this base year")
    latest_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="last year of the series")
    latest_value: Series[float] = pa.Field(nullable=True)
    assessed_year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="last year the status and methods use (at most the deadline once passed)"
    )
    n_points: Series[int] = pa.Field(ge=0, description="values from the base year to the year assessed")
    gap_to_target: Series[float] = pa.Field(
        nullable=True, description="d * (yT - latest): still to go when positive; parity on max(y, 1/y)"
    )
    cagr_observed: Series[float] = pa.Field(nullable=True, description="CAGR_o, base to year assessed")
    cagr_required: Series[float] = pa.Field(nullable=True, description="CAGR_r, base to the target")
    growth_ratio: Series[float] = pa.Field(
        nullable=True, description="Open SDG R = d * CAGR_o / |CAGR_r| (secondary method)"
    )
    open_sdg_status: Series[str] = pa.Field(isin=OPEN_SDG_STATUSES, description="Open SDG band (secondary)")
    open_sdg_score: Series[float] = pa.Field(nullable=True, ge=-5, le=5)
    projected_value: Series[float] = pa.Field(
        nullable=True,
        description="headline projection at the deadline, bounded to the indicator's range; "
        "given where the status rests on it",
    )
    extrapolation_ratio: Series[float] = pa.Field(nullable=True, description="UNSD r (secondary method)")
    unsd_status: Series[str] = pa.Field(
        nullable=True, isin=UNSD_STATUSES, description="UNSD band (secondary); empty: no numeric target"
    )
    year_target_reached: Series[float] = pa.Field(nullable=True, description="at the current pace")
    deadline_value: Series[float] = pa.Field(nullable=True, description="value in the deadline year")
    first_year_met: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        description="first year the target was met (a missed target: first year after the deadline)",
    )
    years_short: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, description="deadline passed: years between the last value and the deadline"
    )
    population: Series[float] = pa.Field(nullable=True, description="population in population_year")
    population_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    population_release: Series[str] = pa.Field(nullable=True)
    people_to_connect: Series[float] = pa.Field(nullable=True, description="(yT - yt) / 100 * population")
    status: Series[str] = pa.Field(
        isin=list(TARGET_STATUSES),
        description="the headline status: "
        + "; ".join(f"{s.id}: {s.meaning}" for s in TARGET_STATUSES.values()),
    )
    status_detail: Series[str] = pa.Field(description="the status in one sentence, with its figures")
    caveat: Series[str] = pa.Field(
        nullable=True,
        description="where the series differs from the target (population, definition) and "
        "what a computed figure rests on (coverage, breaks)",
    )
    countries_release: Series[str] = pa.Field(
        nullable=True, description="every-country targets, world row: the newest primary country release"
    )
    countries_with_data: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    countries_met: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    countries_on_track: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    countries_improving: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="countries whose value moved towards the target since the base year"
    )
    method: Series[str] = pa.Field(
        nullable=True, description="methods behind the figures; empty: fewer than two values, none applies"
    )

    class Config:
        unique = ["target_id", "entity_id", "release", "source_id"]
