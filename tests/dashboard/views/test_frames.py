"""dashboard.views.frames: one release per line, and women beside men with their parity score."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.views import frames


def obs_rows(rows: list[dict]) -> pd.DataFrame:
    """Observation-shaped rows with defaults for the columns a test does not care about."""
    base = {
        "indicator_id": "internet_use_share",
        "unit": "percent",
        "sex": "total",
        "area": "total",
        "age_group": "total",
        "release": "r1",
        "source_id": "s1",
        "series_code": "X",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


# --- gender ---------------------------------------------------------------------------------------------
def test_parity_score_is_women_over_men_with_gap_in_points():
    # the worked example of reference/progress-methods.md: 63 % of women vs 69 % of men -> 0.913
    df = obs_rows(
        [
            {"entity_id": "world", "year": 2022, "sex": "female", "value": 63.0},
            {"entity_id": "world", "year": 2022, "sex": "male", "value": 69.0},
            {"entity_id": "world", "year": 2022, "sex": "total", "value": 66.0},
        ]
    )
    out = frames.parity_frame(df)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["parity_score"] == pytest.approx(63 / 69)  # 0.913, unrounded
    assert row["gap"] == pytest.approx(6.0)
    assert (row["female"], row["male"]) == (63.0, 69.0)


def test_parity_frame_skips_unpaired_rows_and_zero_men():
    df = obs_rows(
        [
            {"entity_id": "A", "year": 2020, "sex": "female", "value": 10.0},  # no male value
            {"entity_id": "B", "year": 2020, "sex": "female", "value": 0.0},
            {"entity_id": "B", "year": 2020, "sex": "male", "value": 0.0},
            {"entity_id": "C", "year": 2020, "sex": "female", "value": 40.0, "release": "r1"},
            {"entity_id": "C", "year": 2020, "sex": "male", "value": 50.0, "release": "r2"},  # other release
        ]
    )
    out = frames.parity_frame(df)
    assert list(out["entity_id"]) == ["B"]
    assert math.isnan(out["parity_score"].iloc[0])


def test_parity_frame_without_sex_rows_is_empty_with_columns():
    out = frames.parity_frame(obs_rows([{"entity_id": "A", "year": 2020, "value": 1.0}]))
    assert out.empty and "parity_score" in out.columns


# --- releases -------------------------------------------------------------------------------------------
def test_pick_release_keeps_one_release_per_entity_reaching_latest_year():
    df = obs_rows(
        [
            {"entity_id": "world", "year": 2022, "value": 66.3, "release": "unsd-2023-04"},
            {"entity_id": "world", "year": 2023, "value": 65.4, "release": "itu-2024-11"},
            {"entity_id": "world", "year": 2022, "value": 63.7, "release": "itu-2024-11"},
            {"entity_id": "KEN", "year": 2021, "value": 28.76, "release": "unsd-2023-04"},
        ]
    )
    out = frames.pick_release(df)
    assert set(out.loc[out["entity_id"] == "world", "release"]) == {"itu-2024-11"}
    assert set(out.loc[out["entity_id"] == "KEN", "release"]) == {"unsd-2023-04"}
    asked = frames.pick_release(df, "unsd-2023-04")
    assert set(asked["release"]) == {"unsd-2023-04"} and len(asked) == 2


def test_parity_series_is_the_score_a_parity_target_is_scored_on():
    df = obs_rows(
        [
            {"entity_id": "world", "year": 2022, "sex": "female", "value": 63.0},
            {"entity_id": "world", "year": 2022, "sex": "male", "value": 69.0},
            {"entity_id": "ldc", "year": 2022, "sex": "female", "value": 1.0},
            {"entity_id": "ldc", "year": 2022, "sex": "male", "value": 0.0},  # no score: left out
        ]
    )
    out = frames.parity_series(df)
    assert out[["entity_id", "year"]].to_dict("records") == [{"entity_id": "world", "year": 2022}]
    assert out["value"].iloc[0] == pytest.approx(63 / 69)
    assert frames.parity_series(df.iloc[0:0])["value"].dtype == float
