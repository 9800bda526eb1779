"""The releases table: the release calendar of data/releases.csv, every release a source belongs to."""

from __future__ import annotations

import pandas as pd

from etl import registry
from etl.steps import BuildContext

INPUTS = ("data/releases.csv", "data/sources.toml")
OUTPUTS = ("releases",)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The calendar, checked against data/sources.toml (a release no source names, or one missing, fails)."""
    return {"releases": registry.load().releases}
