"""The one declaration of every published table (pandera DataFrameModels).

Naming follows PUDL: identifiers end in ``_id``, upstream codes in ``_code``, booleans start with ``is_``,
and values carry their unit in the ``unit`` column (from our indicator registry, never from upstream labels).
``datapackage.json`` is generated from these models, so a column is described here and nowhere else.

The words a column may hold (units, sexes, statuses, verdicts) live in ``etl.core.vocabulary``.
"""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.core.vocabulary import (
    AGE_GROUP_PATTERN,
    AREAS,
    CLAIM_KINDS,
    CLAIM_QUALIFIERS,
    CLAIM_UNITS,
    CLAIM_VERDICTS,
    ENTITY_TYPES,
    OPEN_SDG_STATUSES,
    REASON_NO_SERIES,
    REASON_NO_THRESHOLD,
    RELEASE_VERDICTS,
    SEXES,
    TARGET_COMPARATORS,
    TARGET_STATUSES,
    UNIT_RANGES,
    UNITS,
    UNSD_STATUSES,
    VERIFICATION_STATUSES,
    YEAR_EVENT,
    YEAR_RULES,
    YEARS_GIVEN,
)


def _in_unit_range(df: pd.DataFrame) -> pd.Series:
    lo = df["unit"].map(lambda u: UNIT_RANGES.get(u, (-math.inf, math.inf))[0])
    hi = df["unit"].map(lambda u: UNIT_RANGES.get(u, (-math.inf, math.inf))[1])
    return (df["value"] >= lo) & (df["value"] <= hi)


class Table(pa.DataFrameModel):
    """Base of every published table: no column outside the model (strict), values coerced to its types."""

    class Config:
        strict = True
        coerce = True

# --- ITU series -----------------------------------------------------------------------------------------
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
            "indicator_id", "entity_id", "year", "sex", "area", "age_group", "release", "source_id",
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
            "indicator_id", "entity_id", "year", "sex", "area", "age_group",
            "source_id_a", "release_a", "source_id_b", "release_b",
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
            "indicator_id", "entity_id", "year", "sex", "area", "age_group", "source_id", "release",
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
        nullable=True, ge=1, le=12,
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


# --- claims ---------------------------------------------------------------------------------------------


class Claim(Table):
    """One mention of a figure in a text (columns as in reference/claims.md).

    The extractor itself checks quote == text[start:end] (this model does not see the text)."""

    document: Series[str] = pa.Field(description="document id: the file stem")
    paragraph: Series[str] = pa.Field(str_matches=r"^(\d+(\([a-z]+\))*|PP\d+|title|P\d+)$")
    quote: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    value: Series[float]
    unit: Series[str] = pa.Field(isin=CLAIM_UNITS)
    indicator: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    year: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d{4}(-\d{4})?$",
        description="data year (a period as 2021-2022), as year_rule decided it; empty when none does",
    )
    year_rule: Series[str] = pa.Field(isin=list(YEAR_RULES), description="how the year was decided")
    year_event: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[a-z][a-z0-9_]*$", description="its event_id in data/events.csv"
    )
    scope: Series[str]
    kind: Series[str] = pa.Field(isin=CLAIM_KINDS)
    qualifier: Series[str] = pa.Field(nullable=True, isin=CLAIM_QUALIFIERS)

    @pa.dataframe_check(error="a quote must be a non-empty span: end > start")
    def span_not_empty(cls, df: pd.DataFrame) -> pd.Series:
        return df["end"] > df["start"]

    @pa.dataframe_check(error="a year is given exactly when year_rule is one that gives a year")
    def year_matches_its_rule(cls, df: pd.DataFrame) -> pd.Series:
        return df["year"].notna() == df["year_rule"].isin(YEARS_GIVEN)

    @pa.dataframe_check(error="year_event names the event exactly when year_rule is event")
    def event_matches_its_rule(cls, df: pd.DataFrame) -> pd.Series:
        return df["year_event"].notna() == (df["year_rule"] == YEAR_EVENT)

    @pa.check("value", error="value must be finite")
    def claim_value_finite(cls, s: pd.Series) -> pd.Series:
        return s.map(math.isfinite)


class Document(Table):
    """One source text of the claims (a resolution or a report page), with what dates it."""

    document: Series[str] = pa.Field(unique=True, description="document id: the file stem")
    symbol: Series[str] = pa.Field(nullable=True, description="UN document symbol, e.g. E/RES/2023/3")
    title: Series[str] = pa.Field(nullable=True)
    adoption_date: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$", description="ISO date the text was adopted"
    )
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    path: Series[str] = pa.Field(description="path of the text relative to the sources directory")


class ClaimParagraph(Table):
    """The paragraph around a claim's quote (only paragraphs that hold a claim), for showing it in context."""

    document: Series[str] = pa.Field(description="document id: the file stem")
    paragraph: Series[str] = pa.Field(description="paragraph id, as in claims")
    start: Series[int] = pa.Field(ge=0, description="offset of the paragraph's first character in the text")
    end: Series[int] = pa.Field(ge=0, description="offset just after its last character")
    text: Series[str] = pa.Field(description="the text between start and end, exactly")

    class Config:
        unique = ["document", "start"]


# --- targets and progress -------------------------------------------------------------------------------
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
    source_reference: Series[str] = pa.Field(description="where the target was read (targets.md's account)")
    is_measurable: Series[bool] = pa.Field(description="we have a series for it (indicator_id not empty)")
    not_measurable_reason: Series[str] = pa.Field(
        nullable=True, isin=[REASON_NO_SERIES, REASON_NO_THRESHOLD],
        description="why the target cannot be scored (no_series, no_threshold); empty when measurable",
    )
    caveat: Series[str] = pa.Field(
        nullable=True, description="where the target's population or definition differs from its series"
    )
    note: Series[str] = pa.Field(nullable=True)




class Progress(Table):
    """Progress of one entity towards one target in one release (rules: etl/scoring.py docstring)."""

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
        nullable=True, description="headline projection at the deadline, bounded to the indicator's range; "
        "given where the status rests on it"
    )
    extrapolation_ratio: Series[float] = pa.Field(nullable=True, description="UNSD r (secondary method)")
    unsd_status: Series[str] = pa.Field(
        nullable=True, isin=UNSD_STATUSES, description="UNSD band (secondary); empty: no numeric target"
    )
    year_target_reached: Series[float] = pa.Field(nullable=True, description="at the current pace")
    deadline_value: Series[float] = pa.Field(nullable=True, description="value in the deadline year")
    first_year_met: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="first year the target was met (a missed target: first year after the "
        "deadline)"
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
        description="the headline status: " + "; ".join(f"{s.id}: {s.meaning}"
                                                          for s in TARGET_STATUSES.values()),
    )
    status_detail: Series[str] = pa.Field(description="the status in one sentence, with its figures")
    caveat: Series[str] = pa.Field(
        nullable=True, description="where the series differs from the target (population, definition) and "
        "what a computed figure rests on (coverage, breaks)"
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


class ClaimCheck(Table):
    """A claim next to the value its series has in one release, with the claim's verdict and a sentence."""

    document: Series[str]
    paragraph: Series[str]
    start: Series[int] = pa.Field(ge=0, description="with document, identifies the claim")
    end: Series[int] = pa.Field(ge=0)
    quote: Series[str]
    claim_indicator: Series[str] = pa.Field(description="the claim's indicator (claims vocabulary)")
    claim_value: Series[float]
    claim_unit: Series[str]
    qualifier: Series[str] = pa.Field(nullable=True, isin=CLAIM_QUALIFIERS)
    scope: Series[str]
    kind: Series[str] = pa.Field(isin=CLAIM_KINDS)
    claim_year: Series[str] = pa.Field(nullable=True, description="the claim's year (or period)")
    year_rule: Series[str] = pa.Field(
        description="what gave the claim its year: stated, edition, now, event, none"
    )
    year_used: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="the data year compared (for a claim without a year: where it held)"
    )
    adoption_date: Series[str] = pa.Field(nullable=True)
    indicator_id: Series[str] = pa.Field(nullable=True, description="the series the claim maps to")
    entity_id: Series[str] = pa.Field(nullable=True)
    sex: Series[str] = pa.Field(nullable=True, isin=[*SEXES, "female/male"])
    area: Series[str] = pa.Field(nullable=True, isin=AREAS)
    age_group: Series[str] = pa.Field(nullable=True)
    derivation: Series[str] = pa.Field(nullable=True, description="how the data value is derived")
    interval: Series[str] = pa.Field(description="the values the figure covers as written, e.g. [65.5, 66.5)")
    interval_low: Series[float] = pa.Field(nullable=True, description="lower bound (empty: open)")
    interval_high: Series[float] = pa.Field(nullable=True, description="upper bound (empty: open)")
    release: Series[str] = pa.Field(nullable=True)
    source_id: Series[str] = pa.Field(nullable=True)
    release_date: Series[str] = pa.Field(
        nullable=True, description="the day the release became public (release calendar)"
    )
    is_primary: Series[pd.BooleanDtype] = pa.Field(
        nullable=True, description="published by ITU or the UN SDG database (only these decide a verdict)"
    )
    is_of_its_time: Series[pd.BooleanDtype] = pa.Field(
        nullable=True, description="the release was public before the text was adopted"
    )
    data_value: Series[float] = pa.Field(nullable=True)
    difference: Series[float] = pa.Field(nullable=True, description="data_value - claim_value")
    within_rounding: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="data_value is inside")
    side: Series[str] = pa.Field(nullable=True, isin=["inside", "above", "below"])
    release_verdict: Series[str] = pa.Field(nullable=True, isin=RELEASE_VERDICTS)
    time_release: Series[str] = pa.Field(nullable=True, description="the release of its time")
    time_value: Series[float] = pa.Field(nullable=True, description="its value for year_used")
    newest_release: Series[str] = pa.Field(
        nullable=True, description="the newest primary release with the figure for year_used"
    )
    newest_value: Series[float] = pa.Field(nullable=True)
    revision: Series[float] = pa.Field(nullable=True, description="newest_value - time_value")
    held_years: Series[str] = pa.Field(
        nullable=True, description="for a claim without a year: the years it held, release by release"
    )
    claim_verdict: Series[str] = pa.Field(isin=CLAIM_VERDICTS)
    sentence: Series[str] = pa.Field(description="the verdict in one sentence a report writer can quote")
    note: Series[str] = pa.Field(nullable=True)


# --- references between published tables -----------------------------------------------------------------
# table -> [(columns, referenced table, its columns)]: every value (empty ones aside) is found there. Not
# declared where a column holds more than ids of that table: source_id of observations and progress is also
# ict4d-computed (no file), a target's scope is also every_country, and a claim check's entity_id is the
# group the text speaks of, which may be one no release publishes (ITU's developed/developing split). The
# targets table is the whole registry, published whole also where a package carries only some indicators
# (the dashboard's small fixture), so its indicator_id is not declared a reference either.
def _ref(columns: str, table: str, to: str | None = None) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    cols = tuple(columns.split(","))
    return cols, table, tuple(to.split(",")) if to else cols


FOREIGN_KEYS: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {
    "observations": [
        _ref("indicator_id", "indicators"), _ref("entity_id", "entities"),
        _ref("release", "releases", "release_id"),
    ],
    "group_membership": [
        _ref("group_id", "entities", "entity_id"), _ref("entity_id", "entities"),
        _ref("source_id", "sources"),
    ],
    "indicator_series": [_ref("indicator_id", "indicators"), _ref("source_id", "sources")],
    "sources": [_ref("release", "releases", "release_id")],
    "quarantine": [_ref("source_id", "sources")],
    "source_disagreements": [
        _ref("indicator_id", "indicators"), _ref("entity_id", "entities"),
        _ref("source_id_a", "sources", "source_id"), _ref("source_id_b", "sources", "source_id"),
        _ref("release_a", "releases", "release_id"), _ref("release_b", "releases", "release_id"),
    ],
    "aggregate_differences": [
        _ref("indicator_id", "indicators"), _ref("entity_id", "entities"), _ref("source_id", "sources"),
        _ref("release", "releases", "release_id"), _ref("computed_release", "releases", "release_id"),
    ],
    "claims": [_ref("document", "documents")],
    "claim_paragraphs": [_ref("document", "documents")],
    "progress": [
        _ref("target_id", "targets"), _ref("indicator_id", "indicators"), _ref("entity_id", "entities"),
        _ref("release", "releases", "release_id"),
    ],
    "claim_checks": [
        _ref("document", "documents"), _ref("indicator_id", "indicators"), _ref("source_id", "sources"),
        _ref("release", "releases", "release_id"),
    ],
}


# --- the published tables: name -> model (publish.py validates and describes each) ----------------------
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "claims": Claim,
    "documents": Document,
    "claim_paragraphs": ClaimParagraph,
    "observations": Observation,
    "entities": Entity,
    "group_membership": GroupMembership,
    "indicators": Indicator,
    "indicator_series": IndicatorSeries,
    "source_disagreements": SourceDisagreement,
    "aggregate_differences": AggregateDifference,
    "sources": Source,
    "releases": Release,
    "quarantine": QuarantineRow,
    "targets": Target,
    "progress": Progress,
    "claim_checks": ClaimCheck,
}
