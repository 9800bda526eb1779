"""Hand-made Observation frames for the compare/aggregate tests: only what each test cares about is given."""

from __future__ import annotations

import pandas as pd

from etl.core import schemas

DEFAULTS = {
    "unit": "percent", "sex": "total", "area": "total", "age_group": "total", "series_code": "x",
    "is_estimate": False, "is_computed": False, "note": None,
}


def observations(*rows: dict) -> pd.DataFrame:
    """Validated Observation rows; a dict gives indicator_id, entity_id, year, value, source_id, release."""
    df = pd.DataFrame([{**DEFAULTS, **r} for r in rows])
    return schemas.Observation.validate(df[list(schemas.Observation.to_schema().columns)])
