"""One real build for the tests that hold the ETL against hand-written expectations."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl import steps
from etl.core import config, schemas

AS_OF = date(2026, 12, 4)  # the day tests/fixtures/expected was written for


@pytest.fixture(scope="session")
def real_build() -> dict[str, pd.DataFrame]:
    """Every step of `ict4d build` on the real sources as of AS_OF, validated; nothing is published."""
    try:
        sources = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    ctx = steps.BuildContext(sources_dir=sources, log=lambda _: None, as_of=AS_OF)
    for step in steps.build_order():
        ctx.tables.update(step.run(ctx))
    for name, table in ctx.tables.items():
        schemas.TABLES[name].validate(table)
    return ctx.tables
