"""The aggregates step: computed rows added to observations, entities and group_membership."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from etl.core import schemas
from etl.methods.group_values import LMIC_DERIVED
from etl.steps import aggregate_differences as step
from tests.etl.methods.test_aggregate import CAL, entities, itu_obs, membership, obs


def test_step_adds_rows_entity_and_membership():
    tables = {
        "observations": obs(),
        "entities": entities(),
        "group_membership": membership(),
        "releases": CAL.frame,
    }
    ctx = SimpleNamespace(tables=tables, log=lambda _: None, reports=[])
    out = step.run(ctx)
    assert ctx.reports[0].startswith("computed vs published aggregates")
    assert len(out["observations"]) == len(obs()) + 11
    schemas.Observation.validate(out["observations"])
    ents = schemas.Entity.validate(out["entities"]).set_index("entity_id")
    assert ents.loc["developing_lmic", "entity_type"] == "computed_group"
    gm = schemas.GroupMembership.validate(out["group_membership"])
    lmic = gm[gm["group_id"] == "developing_lmic"]
    assert sorted(lmic["entity_id"]) == ["A", "B", "C"] and set(lmic["source_id"]) == {"ict4d-computed"}


def test_the_step_prefers_itus_world_minus_high_income_and_labels_it():
    tables = {
        "observations": pd.concat([obs(), itu_obs()], ignore_index=True),
        "entities": entities(),
        "group_membership": membership(),
        "releases": CAL.frame,
    }
    out = step.run(SimpleNamespace(tables=tables, log=lambda _: None, reports=[]))["observations"]
    derived = out[out["series_code"].str.startswith(LMIC_DERIVED)]
    assert len(derived) == 4 and set(derived["entity_id"]) == {"developing_lmic"}
