"""The tables of the series: observations and what they refer to (entities, groups, indicators, series,
sources, releases), the rows set aside, and the comparisons of releases and of computed aggregates."""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.core.schemas.base import Table, _in_unit_range
from etl.core.vocabulary import (
    AGE_GROUP_PATTERN,
    AREAS,
    ENTITY_TYPES,
    SEXES,
    UNITS,
)


class Observation(Table):
    """One value of one indicator for one entity, year and breakdown, from one source release."""

    indicator_id: Series[str] = pa.Field(description="id in data/indicators.csv")
    entity_id: Series[str] = pa.Field(description="ISO3 for countries, stable snake_case id for groups")
    year: Series[int] = pa.Field(ge=1960, le=2100)
    value: Series[float] = pa.Field(description="the number, in `unit`")
    unit: Series[str] = pa.Field(isin=UNITS, description="from our indicator registry")
    sex: Series[str] = pa.Field(isin=SEXES)
    area: Series[str] = pa.Field(isin=AREAS, description="urban/rural/total")
    age_group: Series[str] = pa.Field(str_matches=AGE_GROUP_PATTERN)
    release: Series[str] = pa.Field(description="the source's vintage, e.g. itu-2024-11, unsd-2023-04")
    source_id: Series[str] = pa.Field(description="id in data/sources.toml, or ict4d-computed")
    series_code: Series[str] = pa.Field(description="upstream series code, e.g. i99H, IT_USE_ii99")
    is_estimate: Series[bool] = pa.Field(description="upstream marks the value as an estimate")
    is_computed: Series[bool] = pa.Field(description="aggregated by ict4d, not published upstream")
    note: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = [
            "indicator_id",
            "entity_id",
            "year",
            "sex",
            "area",
            "age_group",
            "release",
            "source_id",
        ]

    @pa.dataframe_check(error="value outside the range allowed for its unit (a share is 0-100)")
    def value_in_unit_range(cls, df: pd.DataFrame) -> pd.Series:
        return _in_unit_range(df)

    @pa.check("value", error="value must be finite")
    def value_finite(cls, s: pd.Series) -> pd.Series:
        return s.map(math.isfinite)


class Entity(Table):
    """Countries and groups."""

    entity_id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    entity_type: Series[str] = pa.Field(isin=ENTITY_TYPES)
    iso3_code: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Z]{3}$")
    m49_code: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    itu_region_id: Series[str] = pa.Field(nullable=True, description="ITU-D region, countries only")
    sdg_region_id: Series[str] = pa.Field(
        nullable=True, description="UN SDG regional grouping (sdg_*), countries only"
    )


class GroupMembership(Table):
    """Which country is in which group; `year` empty when the source gives a current list only."""

    group_id: Series[str]
    entity_id: Series[str]
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1980, le=2100)
    source_id: Series[str]

    class Config:
        unique = ["group_id", "entity_id", "year", "source_id"]


class Indicator(Table):
    """Our indicator registry (data/indicators.csv): the only place a unit is decided."""

    indicator_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    name: Series[str]
    unit: Series[str] = pa.Field(isin=UNITS)
    definition: Series[str]
    is_higher_better: Series[bool]
    sdg_indicator_code: Series[str] = pa.Field(nullable=True, description="e.g. 17.8.1")


class IndicatorSeries(Table):
    """Which upstream series of which source maps to which indicator (and upstream's own unit label)."""

    indicator_id: Series[str]
    source_id: Series[str]
    series_code: Series[str] = pa.Field(description="upstream code, column or block [column group]")
    selector: Series[str] = pa.Field(
        nullable=True, description="extra key=value filter, e.g. type_of_speed=anys"
    )
    breakdown: Series[str] = pa.Field(
        nullable=True, description="breakdown the series gives, e.g. sex=female"
    )
    scale: Series[float] = pa.Field(gt=0, description="multiplier from the upstream figure to our unit")
    upstream_unit_label: Series[str] = pa.Field(nullable=True, description="shown for audit, never used")

    class Config:
        unique = ["indicator_id", "source_id", "series_code"]


class SourceDisagreement(Table):
    """Where two sources or releases give different values for the same indicator, entity, year, breakdown."""

    indicator_id: Series[str]
    entity_id: Series[str]
    year: Series[int]
    sex: Series[str] = pa.Field(isin=SEXES)
    area: Series[str] = pa.Field(isin=AREAS)
    age_group: Series[str]
    unit: Series[str] = pa.Field(isin=UNITS, description="the indicator's unit (data/indicators.csv)")
    source_id_a: Series[str]
    release_a: Series[str] = pa.Field(description="the older vintage of the pair")
    value_a: Series[float]
    source_id_b: Series[str]
    release_b: Series[str] = pa.Field(description="the newer vintage of the pair")
    value_b: Series[float]
    difference: Series[float] = pa.Field(description="value_b - value_a, in the indicator's unit")
    tolerance: Series[float] = pa.Field(
        ge=0, description="differences up to this are rounding and not listed (0.05; 0.05 million for counts)"
    )

    class Config:
        unique = [
            "indicator_id",
            "entity_id",
            "year",
            "sex",
            "area",
            "age_group",
            "source_id_a",
            "release_a",
            "source_id_b",
            "release_b",
        ]


class AggregateDifference(Table):
    """A group aggregate ict4d recomputed from country data next to the one the source publishes."""

    indicator_id: Series[str]
    entity_id: Series[str] = pa.Field(description="the group, e.g. world, ldc, wb_low_income")
    year: Series[int]
    sex: Series[str] = pa.Field(isin=SEXES)
    area: Series[str] = pa.Field(isin=AREAS)
    age_group: Series[str]
    unit: Series[str] = pa.Field(isin=UNITS)
    source_id: Series[str] = pa.Field(description="who publishes the aggregate")
    release: Series[str]
    published_value: Series[float]
    computed_release: Series[str] = pa.Field(description="release of the ict4d-computed row (its inputs)")
    computed_value: Series[float]
    difference: Series[float] = pa.Field(description="computed_value - published_value")
    coverage_share: Series[float] = pa.Field(
        ge=0, le=100, description="% of the group's population in countries with data"
    )
    countries_with_data: Series[int] = pa.Field(ge=0)

    class Config:
        unique = [
            "indicator_id",
            "entity_id",
            "year",
            "sex",
            "area",
            "age_group",
            "source_id",
            "release",
            "computed_release",
        ]


class Source(Table):
    """One source file read by the build (data/sources.toml), with its licence and the rows read from it."""

    source_id: Series[str] = pa.Field(unique=True)
    path: Series[str] = pa.Field(description="relative to the sources directory")
    publisher: Series[str]
    licence: Series[str]
    attribution: Series[str]
    release: Series[str] = pa.Field(description="the vintage, e.g. itu-2024-11")
    upstream_url: Series[str]
    format: Series[str] = pa.Field(description="which reader in etl/sources reads it")
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    rows_read: Series[int] = pa.Field(ge=0)


class Release(Table):
    """One release we hold: who published it, under which edition name, when it became public."""

    release_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9-]*$")
    publisher: Series[str]
    edition: Series[str] = pa.Field(description="the release as its publisher names it")
    published_on: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$", description="the day the release became public"
    )
    snapshot_on: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$", description="the day of the copy we hold"
    )
    is_primary: Series[bool] = pa.Field(
        description="published by the producer of the figures (ITU, UN SDG database), not a redistribution"
    )
    date_note: Series[str] = pa.Field(description="where the dates come from")
    publication: Series[str] = pa.Field(
        str_matches=r"^[a-z][a-z0-9-]*$",
        description="the series of editions the release belongs to, e.g. itu-key-ict-indicators",
    )
    cycle_month: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=1,
        le=12,
        description="month of the year a new edition is due (11: ITU's November estimates); empty: no cycle",
    )
    cycle: Series[str] = pa.Field(description="the publisher's rhythm, as a reader would say it")
    refresh: Series[str] = pa.Field(description="how to get the next edition (ict4d fetch, or by hand)")


class QuarantineRow(Table):
    """A source row set aside by the build (e.g. an aggregate in a country file), with the reason."""

    source_id: Series[str]
    row: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="line or sheet row in the source file")
    column: Series[str] = pa.Field(nullable=True)
    value: Series[str] = pa.Field(nullable=True)
    reason: Series[str]
