"""The one declaration of every published table (pandera DataFrameModels).

Naming follows PUDL: identifiers end in ``_id``, upstream codes in ``_code``, booleans start with ``is_``,
and values carry their unit in the ``unit`` column (from our indicator registry, never from upstream labels).
``datapackage.json`` is generated from these models (types, constraints, keys) and the descriptions for
readers in ``etl.core.metadata``, so a column is declared here and nowhere else.

The words a column may hold (units, sexes, statuses, verdicts) live in ``etl.core.vocabulary``.
"""

from __future__ import annotations

import pandera.pandas as pa

from etl.core.schemas.base import Table
from etl.core.schemas.claims import Claim, ClaimCheck, ClaimParagraph, Document
from etl.core.schemas.series import (
    AggregateDifference,
    Entity,
    GroupMembership,
    Indicator,
    IndicatorSeries,
    Observation,
    QuarantineRow,
    Release,
    Source,
    SourceDisagreement,
)
from etl.core.schemas.targets import Progress, Target

__all__ = [
    "FOREIGN_KEYS",
    "TABLES",
    "AggregateDifference",
    "Claim",
    "ClaimCheck",
    "ClaimParagraph",
    "Document",
    "Entity",
    "GroupMembership",
    "Indicator",
    "IndicatorSeries",
    "Observation",
    "Progress",
    "QuarantineRow",
    "Release",
    "Source",
    "SourceDisagreement",
    "Table",
    "Target",
]


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
        _ref("indicator_id", "indicators"),
        _ref("entity_id", "entities"),
        _ref("release", "releases", "release_id"),
    ],
    "group_membership": [
        _ref("group_id", "entities", "entity_id"),
        _ref("entity_id", "entities"),
        _ref("source_id", "sources"),
    ],
    "indicator_series": [_ref("indicator_id", "indicators"), _ref("source_id", "sources")],
    "sources": [_ref("release", "releases", "release_id")],
    "quarantine": [_ref("source_id", "sources")],
    "source_disagreements": [
        _ref("indicator_id", "indicators"),
        _ref("entity_id", "entities"),
        _ref("source_id_a", "sources", "source_id"),
        _ref("source_id_b", "sources", "source_id"),
        _ref("release_a", "releases", "release_id"),
        _ref("release_b", "releases", "release_id"),
    ],
    "aggregate_differences": [
        _ref("indicator_id", "indicators"),
        _ref("entity_id", "entities"),
        _ref("source_id", "sources"),
        _ref("release", "releases", "release_id"),
        _ref("computed_release", "releases", "release_id"),
    ],
    "claims": [_ref("document", "documents")],
    "claim_paragraphs": [_ref("document", "documents")],
    "progress": [
        _ref("target_id", "targets"),
        _ref("indicator_id", "indicators"),
        _ref("entity_id", "entities"),
        _ref("release", "releases", "release_id"),
    ],
    "claim_checks": [
        _ref("document", "documents"),
        _ref("indicator_id", "indicators"),
        _ref("source_id", "sources"),
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
