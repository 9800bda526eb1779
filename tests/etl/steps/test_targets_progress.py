"""The targets and progress steps: the registry checked against the built tables, scoring on the as-of day."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl import registry
from etl.core.errors import SourceError
from etl.steps import BuildContext
from etl.steps import progress as progress_step
from etl.steps import targets as targets_step
from tests.etl.methods.test_progress import _obs as rows
from tests.etl.obs_rows import calendar_of


def _obs() -> pd.DataFrame:
    return rows(
        [
            ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu"),
        ]
    )


def _ctx(tmp_path, entity_ids: list[str], indicators: pd.DataFrame | None = None) -> BuildContext:
    kinds = ["world" if e == "world" else "special_group" for e in entity_ids]
    entities = pd.DataFrame({"entity_id": entity_ids, "entity_type": kinds})
    tables = {
        "indicators": registry.load().indicators if indicators is None else indicators,
        "entities": entities,
    }
    return BuildContext(sources_dir=tmp_path, tables=tables, log=lambda _: None, as_of=date(2025, 6, 1))


def test_targets_step_checks_the_registry_against_the_built_tables(tmp_path):
    ctx = _ctx(tmp_path, ["world", "ldc", "developing_lmic"])  # a build without itu_developing yet
    out = targets_step.run(ctx)
    assert set(out) == {"targets"} and not out["targets"].empty
    assert any("'itu_developing'" in w and "C2020-2.2.A" in w for w in ctx.warnings)  # a warning, no failure
    with pytest.raises(SourceError, match=r"column 'scope'.*'ldc'"):
        targets_step.run(_ctx(tmp_path, ["world", "itu_developing"]))  # ldc unknown: an error
    few = pd.DataFrame({"indicator_id": ["internet_use_share"], "unit": ["percent"]})
    with pytest.raises(SourceError, match=r"targets\.csv, row \d+, column 'indicator_id'"):
        targets_step.run(_ctx(tmp_path, ["world", "ldc", "itu_developing"], few))


def test_progress_step_scores_the_targets_as_of_the_build_day(tmp_path):
    ctx = _ctx(tmp_path, ["world", "ldc", "developing_lmic", "itu_developing"])
    ctx.tables.update(targets_step.run(ctx))
    obs = _obs()
    ctx.tables.update(
        {
            "observations": obs,
            "releases": calendar_of(obs).frame,
            "group_membership": pd.DataFrame(columns=["group_id", "entity_id", "year", "source_id"]),
        }
    )
    out = progress_step.run(ctx)
    assert set(out) == {"progress"} and not out["progress"].empty
    assert set(out["progress"]["as_of"]) == {"2025-06-01"}
    world = out["progress"][(out["progress"]["target_id"] == "BBC-3-world")]
    assert world["latest_value"].tolist() == [68.0]
