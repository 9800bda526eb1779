"""The claim_checks table: each claim against the data of its time and the newest data
(the rules are ``etl.methods.reconcile``)."""

from __future__ import annotations

import pandas as pd

from etl.core.releases import Calendar
from etl.methods.progress import group_population
from etl.methods.reconcile import check_claims
from etl.steps import BuildContext

INPUTS = ("claims", "documents", "observations", "entities", "group_membership", "releases")
OUTPUTS = ("claim_checks",)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """One row per claim and release that has its figure; the verdicts counted in the log."""
    claims, obs = ctx.tables["claims"], ctx.tables["observations"]
    calendar = Calendar(ctx.tables["releases"])
    groups = group_population(obs, ctx.tables["entities"], ctx.tables["group_membership"], calendar)
    checks = check_claims(claims, obs, ctx.tables["documents"], calendar, groups)
    per_claim = checks.drop_duplicates(["document", "start", "end", "claim_value"])
    counts = per_claim["claim_verdict"].value_counts().to_dict()
    ctx.log("[reconcile] " + ", ".join(f"{v}: {n}" for v, n in counts.items()))
    return {"claim_checks": checks}
