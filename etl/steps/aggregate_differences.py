"""The aggregate_differences table, and ict4d's computed group values added to observations, entities and
group_membership (low- and middle-income countries, and the groups ITU publishes, recomputed).

The arithmetic is ``etl.methods.aggregate`` (population-weighted means, medians of prices) and
``etl.methods.group_values`` (ITU's World minus High income, computed next to published).
"""

from __future__ import annotations

import pandas as pd

from etl.core.releases import Calendar
from etl.methods.aggregate import (
    COVERAGE_THRESHOLD,
    DEVELOPING_LMIC,
    SOURCE_ID,
    as_observations,
    computed_entities,
    group_medians,
    lmic_membership,
    weighted_means,
)
from etl.methods.group_values import aggregate_differences, differences_summary, lmic_from_itu
from etl.steps import BuildContext

INPUTS = ("observations", "entities", "group_membership", "releases")
OUTPUTS = ("observations", "entities", "group_membership", "aggregate_differences")


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Computed aggregates appended to observations, and the aggregate_differences table."""
    obs, entities, membership, releases = (ctx.tables[n] for n in INPUTS)
    calendar = Calendar(releases)
    means = weighted_means(obs, entities, membership, calendar)
    medians = group_medians(obs, entities, membership, calendar)
    derived = lmic_from_itu(obs, calendar)
    computed = as_observations(pd.concat([means, medians], ignore_index=True))
    computed = pd.concat([derived, computed], ignore_index=True).drop_duplicates(
        ["indicator_id", "entity_id", "year", "sex", "area", "age_group", "release", "source_id"]
    )  # where ITU's World and High income give a group value, it wins over our mean of the same release
    if (membership["group_id"] == DEVELOPING_LMIC).any():
        lmic = membership.iloc[0:0]
    else:
        lmic = lmic_membership(membership).assign(source_id=SOURCE_ID)
        lmic = lmic.drop_duplicates(["group_id", "entity_id", "year", "source_id"])
    ctx.log(
        f"[aggregate] {len(computed):,} computed aggregates "
        f"({computed['entity_id'].nunique()} groups, coverage >= {COVERAGE_THRESHOLD:.0%}; "
        f"{len(derived):,} low- and middle-income rows from ITU's World minus High income)"
    )
    differences = aggregate_differences(means, obs, calendar)
    ctx.reports.append(differences_summary(differences, calendar))
    return {
        "observations": pd.concat([obs, computed], ignore_index=True),
        "entities": computed_entities(entities),
        "group_membership": pd.concat([membership, lmic], ignore_index=True),
        "aggregate_differences": differences,
    }
