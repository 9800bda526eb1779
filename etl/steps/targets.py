"""The targets table: the hand-maintained target registry (data/targets.csv), checked against the built
indicators and entities (a target naming an unknown one is a warning of the build)."""

from __future__ import annotations

import pandas as pd

from etl import targets as registry
from etl.steps import BuildContext

INPUTS = ("data/targets.csv", "indicators", "entities")
OUTPUTS = ("targets",)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The registry as published, its foreign-key problems added to the build's warnings."""
    targets = registry.load()
    ctx.warnings.extend(
        registry.check_foreign_keys(
            targets, ctx.tables["indicators"]["indicator_id"], ctx.tables["entities"]["entity_id"]
        )
    )
    return {"targets": targets}
