"""The tables of the claims: each claim, its document and paragraph, and its check against the data."""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.core.schemas.base import Table
from etl.core.vocabulary import (
    AREAS,
    CLAIM_KINDS,
    CLAIM_QUALIFIERS,
    CLAIM_UNITS,
    CLAIM_VERDICTS,
    RELEASE_VERDICTS,
    SEXES,
    YEAR_EVENT,
    YEAR_RULES,
    YEARS_GIVEN,
)


class Claim(Table):
    """One mention of a figure in a text (columns described for readers in etl.core.metadata).

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
        nullable=True,
        str_matches=r"^\d{4}(-\d{4})?$",
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
        description="what gave the claim its year: stated, edition, now, event, deadline, none"
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
