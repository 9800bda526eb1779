"""The progress table: every target scored on every entity and release that has its series, as of the
build's as-of date (``etl.methods.progress``; the method is ``etl.methods.scoring``)."""

from __future__ import annotations

import pandas as pd

from etl.core.releases import Calendar
from etl.methods.progress import group_population, indicator_units, score_all
from etl.steps import BuildContext

INPUTS = ("targets", "observations", "indicators", "entities", "group_membership", "releases")
OUTPUTS = ("progress",)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Score the targets; a group's people still to connect use the population of its member countries."""
    tables = ctx.tables
    obs, entities, membership = tables["observations"], tables["entities"], tables["group_membership"]
    calendar = Calendar(tables["releases"])
    groups = group_population(obs, entities, membership, calendar)
    progress = score_all(
        tables["targets"],
        obs,
        indicator_units(tables["indicators"]),
        ctx.as_of,
        calendar,
        log=ctx.log,
        groups_population=groups,
    )
    return {"progress": progress}
