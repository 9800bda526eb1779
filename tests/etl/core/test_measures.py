"""The parity score and its band (etl/core/measures.py): one rule, classified before rounding."""

import math

import pandas as pd
import pytest

from etl.core import measures
from etl.methods import pace


def test_parity_score_is_women_over_men():
    assert measures.parity_score(63.0, 69.0) == pytest.approx(0.913, abs=5e-4)
    assert math.isnan(measures.parity_score(10.0, 0.0))
    column = measures.parity_score(pd.Series([63.0, 10.0]), pd.Series([69.0, 0.0]))
    assert column.iloc[0] == pytest.approx(63 / 69) and math.isnan(column.iloc[1])


@pytest.mark.parametrize(
    ("score", "inside"),
    [
        (0.98, True),
        (1.02, True),
        (1.0, True),
        (0.979999, False),
        (1.020001, False),
        (float("nan"), False),
    ],
)
def test_band_edges_are_included(score: float, inside: bool):
    assert measures.is_parity(score) is inside


def test_48_9_against_49_9_is_not_parity_on_every_page():
    """The case the Gender page and progress disagreed on: the score is classified unrounded."""
    score = measures.parity_score(48.9, 49.9)
    assert round(score, 3) == 0.980  # what a 3-decimal display shows
    assert not measures.is_parity(score)  # ... but the score is 0.97996, outside 0.98-1.02
    assert not pace.is_met(score, 1.0, "parity")  # the progress step says the same
    assert measures.format_score(score) == "0.97996"  # the shown number never contradicts the verdict
    assert measures.format_score(63 / 69) == "0.913"
    assert measures.format_score(49.0 / 50.0) == "0.980"  # exactly on the edge: parity, and shown so


def test_is_parity_works_on_columns():
    scores = pd.Series([0.97996, 0.98, 1.0, 1.03])
    assert measures.is_parity(scores).tolist() == [False, True, True, False]
