"""The observations table, with the tables the same pass over the source files makes: entities,
group_membership, sources and quarantine.

One pass, because the entity reference the readers map codes with comes from the classification files, and
the rows each file gave (the sources table, the expectations check) and the rows set aside (quarantine)
come from the classification and the readers alike. The reading itself is ``etl.sources.build``.
"""

from __future__ import annotations

import pandas as pd

from etl import registry
from etl.sources import build, cache
from etl.steps import BuildContext

INPUTS = (
    "sources/itu/",
    "data/sources.toml",
    "data/indicators.csv",
    "data/indicator_series.csv",
    "data/releases.csv",
)
OUTPUTS = ("observations", "entities", "group_membership", "sources", "quarantine")


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Every source file of data/sources.toml read from ctx.sources_dir, through the parse cache."""
    tables = build.build(ctx.sources_dir, registry.load(), log=ctx.log, cache_dir=cache.default_dir())
    aside = len(tables["quarantine"])
    if aside:
        ctx.warnings.append(f"sources: {aside:,} source rows set aside (reasons in the quarantine table)")
    return tables
