"""The indicators and indicator_series tables: the indicator registry and which upstream series feed it."""

from __future__ import annotations

import pandas as pd

from etl import registry
from etl.steps import BuildContext

INPUTS = ("data/indicators.csv", "data/indicator_series.csv", "data/sources.toml")
OUTPUTS = ("indicators", "indicator_series")


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Both registries, validated against their models (a series of an unknown indicator fails)."""
    reg = registry.load()
    return {"indicators": reg.indicators, "indicator_series": reg.indicator_series}
