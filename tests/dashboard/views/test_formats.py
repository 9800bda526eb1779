"""dashboard.views.formats: the one way a value is written with its unit."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import formats
from etl.core import vocabulary


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (66.25, "percent", "66.2 %"),  # round half to even, as Python formats
        (5.3e9, "persons", "5.3 billion people"),
        (3.8e9, "persons", "3.8 billion people"),  # a claim counted in persons, never "3,800,000,000 %"
        (2_910_675_506.0, "persons", "2.9 billion people"),
        (7.74e9, "subscriptions", "7.7 billion subscriptions"),  # claim unit, scaled like the registry's
        (31_900_000, "count", "31.9 million"),  # the indicator's name says what is counted
        (1388.0, "gigabytes", "1,388 GB"),
        (7.72, "usd", "US$ 7.72"),
        (0.9117, "ratio", "0.912"),
        (None, "percent", "no data"),
        (float("nan"), "percent", "no data"),
        (pd.NA, "persons", "no data"),
        (2.1, "percent_gni_per_capita", "2.1 % of monthly GNI per capita"),
    ],
)
def test_fmt_value(value, unit, text):
    assert formats.fmt_value(value, unit) == text


def test_every_unit_we_know_has_words():
    """A unit id of the registry or of the claims must never reach a reader as an id."""
    for unit in vocabulary.CLAIM_UNITS:
        assert "_" not in formats.fmt_value(12.0, unit), unit


def test_fmt_range_shows_enough_decimals_to_tell_the_ends_apart():
    assert formats.fmt_range(94.5, 95.5, "percent") == "94.5 % – 95.5 %"
    assert formats.fmt_range(3.75e9, 3.85e9, "persons") == "3.75 billion people – 3.85 billion people"
    assert formats.fmt_range(7.735e9, 7.745e9, "count") == "7.735 billion – 7.745 billion"
    assert formats.fmt_range(None, 50.0, "percent") == "no data"


@pytest.mark.parametrize(
    ("gap", "unit", "text"),
    [
        (7.4, "percent", "7.4 points to go"),
        (-44.9, "percent", "reached (+44.9 points)"),
        (0.0, "percent", "reached"),
        (0.064, "ratio", "0.064 to go"),
        (float("nan"), "percent", "–"),
    ],
)
def test_fmt_gap(gap, unit, text):
    assert formats.fmt_gap(gap, unit) == text


def test_fmt_threshold():
    assert formats.fmt_threshold(">=", 75.0, "percent") == "≥ 75.0 %"
    assert formats.fmt_threshold("<", 2.0, "percent_gni_per_capita") == "< 2.0 % of monthly GNI per capita"
    assert formats.fmt_threshold("parity", 1.0, "ratio") == "parity (0.98–1.02)"
    assert formats.fmt_threshold(">=", None, None) == "no number"


def test_units_are_labelled_from_our_ids():
    assert formats.unit_label("per_100_inhabitants") == "per 100 inhabitants"
    assert formats.unit_label("something_new") == "something_new"
