from pathlib import Path

import pytest

from etl import registry
from etl.sources import common

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


@pytest.fixture(scope="session")
def reg() -> registry.Registry:
    """The repository's own registries: the tests check the decisions they make (units, series)."""
    return registry.load()


@pytest.fixture
def ref() -> common.Reference:
    return common.Reference(
        iso3=frozenset({"KEN", "IND"}),
        m49_to_iso3={404: "KEN", 356: "IND"},
        m49_groups={1: "world", 199: "ldc", 202: "sdg_sub_saharan_africa"},
        group_names={"world": "World", "ldc": "LDCs", "sdg_sub_saharan_africa": "Sub-Saharan Africa"},
    )
