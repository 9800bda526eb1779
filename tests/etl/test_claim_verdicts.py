"""The real build against the claim verdicts a statistician wrote by hand
(tests/fixtures/expected/claim_verdicts.csv; how they were read: its README.md).

Per claim of the five resolution texts: the claim itself (value, unit, indicator, scope, year and the rule
that gave it), the release of its time and its value, the newest release and its value, where a claim
without a year held, and the verdict.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected" / "claim_verdicts.csv"
ROWS = pd.read_csv(EXPECTED, dtype=str, keep_default_na=False)
IDS = [f"{r.document}-{r.paragraph}-{i}" for i, r in enumerate(ROWS.itertuples())]


def _text(value: object, empty: str = "") -> str:
    return empty if value is None or pd.isna(value) else str(value)


def _number(text: str) -> float:
    return math.nan if text in ("", "none") else float(text)


def _check_of(expected: pd.Series, checks: pd.DataFrame) -> pd.Series:
    """The claim_checks row of one expected claim: same document, paragraph, quote and value."""
    value = float(expected["value"])
    found = checks[
        (checks["document"] == expected["document"])
        & (checks["paragraph"] == expected["paragraph"])
        & (checks["quote"] == expected["quote"])
        & ((checks["claim_value"] - value).abs() <= 1e-6 * max(1.0, value))
    ].drop_duplicates(["document", "start", "end", "claim_value"])
    assert len(found) == 1, f"{len(found)} checks for {expected['quote']!r}"
    return found.iloc[0]


@pytest.fixture(scope="module")
def checks(real_build) -> pd.DataFrame:
    return real_build["claim_checks"]


def test_every_claim_of_the_texts_is_expected(checks):
    claims = checks.drop_duplicates(["document", "start", "end", "claim_value"])
    assert len(claims) == len(ROWS)


@pytest.mark.parametrize("i", range(len(ROWS)), ids=IDS)
def test_claim_and_its_year(i: int, checks):
    expected = ROWS.iloc[i]
    got = _check_of(expected, checks)
    assert (got["claim_unit"], got["claim_indicator"], got["scope"]) == (
        expected["unit"],
        expected["indicator"],
        expected["scope"],
    )
    assert _text(got["claim_year"]) == expected["year"]
    assert got["year_rule"] == expected["year_rule"].split(":")[0]  # "event:<name>" -> the rule "event"


@pytest.mark.parametrize("i", range(len(ROWS)), ids=IDS)
def test_releases_values_and_verdict(i: int, checks):
    expected = ROWS.iloc[i]
    got = _check_of(expected, checks)
    assert got["claim_verdict"] == expected["verdict"], got["sentence"]
    for release, value in (("time_release", "time_value"), ("newest_release", "newest_value")):
        assert _text(got[release], "none") == expected[release], release
        want, have = _number(expected[value]), got[value]
        assert (math.isnan(want) and pd.isna(have)) or have == pytest.approx(want, rel=1e-6), value
    assert _text(got["held_years"]) == expected["held_years"]
