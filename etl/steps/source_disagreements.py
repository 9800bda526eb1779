"""The source_disagreements table: where two releases give the same figure further apart than rounding
(``etl.methods.compare``)."""

from __future__ import annotations

import pandas as pd

from etl.core.releases import Calendar
from etl.methods.compare import source_disagreements, summary
from etl.steps import BuildContext

INPUTS = ("observations", "releases")
OUTPUTS = ("source_disagreements",)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The pairs of consecutive releases that disagree, and their summary for the end of the build."""
    disagreements = source_disagreements(ctx.tables["observations"], Calendar(ctx.tables["releases"]))
    ctx.reports.append(summary(disagreements))
    return {"source_disagreements": disagreements}
