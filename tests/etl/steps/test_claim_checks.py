"""The claim_checks step: the claims checked against the built observations, one row per release."""

from __future__ import annotations

import pandas as pd

from etl.steps import BuildContext
from etl.steps import claim_checks as step
from tests.etl.methods.test_reconcile import CAL, DOCS, OBS, _claim


def test_the_step_checks_each_claim_against_every_release_that_has_it(tmp_path):
    entities = pd.DataFrame({"entity_id": ["world"], "entity_type": ["world"]})
    membership = pd.DataFrame(columns=["group_id", "entity_id", "year", "source_id"])
    tables = {
        "observations": OBS,
        "releases": CAL.frame,
        "entities": entities,
        "group_membership": membership,
        "claims": pd.DataFrame([_claim("66 per cent", 66.0)]),
        "documents": DOCS,
    }
    lines: list[str] = []
    ctx = BuildContext(sources_dir=tmp_path, tables=tables, log=lines.append)
    out = step.run(ctx)["claim_checks"]
    assert set(out["release"]) == {"unsd-2023-04", "itu-2024-11", "owid-2025-06"}
    assert lines and lines[0].startswith("[reconcile] ")
