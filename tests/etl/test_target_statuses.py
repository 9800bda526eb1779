"""The real build against the target statuses a statistician wrote by hand
(tests/fixtures/expected/target_statuses.csv, as of 2026-12-04; how they were read: its README.md).

Per target: the headline status, and the release, latest year and latest value where the row gives them
(values within 0.05), plus the first year met and the projection the status rests on.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from etl.methods import scoreboard

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected" / "target_statuses.csv"
TOLERANCE = 0.05

EXPECTED_ROWS = pd.read_csv(EXPECTED, dtype={"release": str}, keep_default_na=False)
SCORED_ROWS = EXPECTED_ROWS[EXPECTED_ROWS["release"] != "none"]


@pytest.fixture(scope="module")
def build(real_build) -> dict[str, pd.DataFrame]:
    return real_build


@pytest.fixture(scope="module")
def board(build) -> pd.DataFrame:
    return scoreboard.scoreboard(
        build["targets"], build["progress"], entity_ids=set(build["entities"]["entity_id"])
    ).set_index("target_id")


def _status_id(words: str) -> str:
    return words.strip().replace(" ", "_")


def _number(text: str) -> float:
    return float(text) if str(text).strip() not in ("", "none") else math.nan


def test_every_target_of_the_registry_has_an_expected_row(build):
    assert EXPECTED_ROWS["target_id"].tolist() == build["targets"]["target_id"].tolist()


@pytest.mark.parametrize("target_id", EXPECTED_ROWS["target_id"].tolist())
def test_status(target_id: str, build, board):
    expected = EXPECTED_ROWS.set_index("target_id").loc[target_id].copy()
    expected["release"] = str(expected["release"])

    got = board.loc[target_id]
    assert got["status"] == _status_id(expected["status"]), (got["status"], got["status_detail"])


@pytest.mark.parametrize("target_id", SCORED_ROWS["target_id"].tolist())
def test_release_latest_year_and_value(target_id: str, build, board):
    expected = SCORED_ROWS.set_index("target_id").loc[target_id]

    got = board.loc[target_id]
    assert got["release"] == expected["release"]
    assert int(got["latest_year"]) == int(float(expected["latest_year"]))
    assert got["latest_value"] == pytest.approx(_number(expected["latest_value"]), abs=TOLERANCE)


@pytest.mark.parametrize("target_id", SCORED_ROWS["target_id"].tolist())
def test_first_year_met_and_projection(target_id: str, build, board):
    expected = SCORED_ROWS.set_index("target_id").loc[target_id]

    got = board.loc[target_id]
    first = _number(expected["first_year_met"])
    assert (None if math.isnan(first) else int(first)) == (
        None if pd.isna(got["first_year_met"]) else int(got["first_year_met"])
    )
    projected = _number(expected["projected_value"])
    if math.isnan(projected):
        assert pd.isna(got["projected_value"])
    else:
        assert got["projected_value"] == pytest.approx(projected, abs=TOLERANCE)


def test_the_old_status_words_are_never_a_headline(build):
    old = {
        "target achieved",
        "met in the deadline year",
        "missed in the deadline year",
        "no data for the deadline year",
        "insufficient data",
        "substantial progress",
    }
    assert not set(build["progress"]["status"]) & old
