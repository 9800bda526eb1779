"""dashboard.figures: pure figure functions, on small frames whose expected output follows from them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import figures
from etl.core import vocabulary


def obs_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["entity_id", "year", "value", "release", "is_estimate"])


@pytest.fixture
def two_lines() -> pd.DataFrame:
    return obs_frame(
        [
            ("world", 2020, 59.6, "unsd-2023-04", False),
            ("world", 2021, 62.6, "unsd-2023-04", False),
            ("world", 2022, 66.3, "unsd-2023-04", False),
            ("KEN", 2021, 28.8, "itu-datahub-2025-12", True),
            ("KEN", 2019, 22.0, "itu-datahub-2025-12", False),
        ]
    )


def target(**kw) -> dict:
    base = {
        "target_id": "T1",
        "threshold_value": 75.0,
        "deadline_year": 2025,
        "verification_status": "verified",
    }
    return {**base, **kw}


def test_line_chart_draws_one_line_per_entity_in_year_order(two_lines):
    fig = figures.line_chart(two_lines, names={"world": "World", "KEN": "Kenya"}, unit="percent")
    lines = {t.name: t for t in fig.data}
    assert set(lines) == {"World", "Kenya"}
    assert list(lines["Kenya"].x) == [2019, 2021] and list(lines["Kenya"].y) == [22.0, 28.8]
    assert fig.layout.yaxis.title.text == "%"


def test_estimates_are_hollow(two_lines):
    fig = figures.line_chart(two_lines, names={}, unit="percent")
    kenya = next(t for t in fig.data if t.name == "KEN")
    assert list(kenya.marker.symbol) == ["circle", "circle-open"]  # 2019 reported, 2021 estimate


def test_release_labels_when_asked(two_lines):
    fig = figures.line_chart(two_lines, names={"world": "World"}, unit="percent", label_release=True)
    assert "World (unsd-2023-04)" in {t.name for t in fig.data}


def test_targets_become_a_diamond_and_a_level_line_unverified_ones_hollow(two_lines):
    targets = pd.DataFrame(
        [
            target(),
            target(
                target_id="T2", threshold_value=70.0, deadline_year=2023, verification_status="unverified"
            ),
        ]
    )
    fig = figures.line_chart(two_lines, names={}, unit="percent", targets=targets)
    markers = {t.name: t for t in fig.data if t.name.startswith("Target")}
    assert markers["Target T1"].marker.symbol == "diamond" and list(markers["Target T1"].x) == [2025]
    assert markers["Target T2 (unverified)"].marker.symbol == "diamond-open"
    assert sorted(s.y0 for s in fig.layout.shapes) == [70.0, 75.0]


def test_a_target_without_a_number_draws_nothing():
    assert figures.target_parts(target(threshold_value=float("nan"))) is None
    assert figures.target_parts(target(threshold_value=None)) is None


def test_empty_data_gives_a_figure_that_says_so():
    fig = figures.line_chart(obs_frame([]), names={}, unit="percent")
    assert not fig.data and "No data" in fig.layout.annotations[0].text


def test_target_chart_has_history_projection_and_marker():
    hist = pd.DataFrame({"year": [2015, 2022], "value": [40.0, 66.3]})
    proj = pd.DataFrame({"year": [2022, 2025], "value": [66.3, 82.3]})
    fig = figures.target_chart(hist, target(), unit="percent", name="World", projection=proj)
    names = [t.name for t in fig.data]
    assert names == ["World", "Projection at current pace", "Target T1"]
    assert fig.data[1].line.dash == "dash" and list(fig.data[1].x) == [2022, 2025]


def test_map_draws_countries_of_the_year_only():
    obs = obs_frame(
        [
            ("KEN", 2022, 30.0, "r", False),
            ("NGA", 2022, 40.0, "r", False),
            ("world", 2022, 66.0, "r", False),
            ("KEN", 2021, 28.0, "r", False),
        ]
    )
    fig = figures.map_chart(obs, names={"KEN": "Kenya"}, unit="percent", year=2022)
    assert list(fig.data[0].locations) == ["KEN", "NGA"] and list(fig.data[0].z) == [30.0, 40.0]
    assert list(fig.data[0].text) == ["Kenya", "NGA"]
    assert (
        "No country data"
        in figures.map_chart(obs, names={}, unit="percent", year=1999).layout.annotations[0].text
    )


def test_summaries_say_what_the_chart_shows(two_lines):
    text = figures.summarise_lines(two_lines, names={"world": "World", "KEN": "Kenya"}, unit="percent")
    assert "World: 66.3 % in 2022 (from 59.6 % in 2020)" in text
    assert "Kenya: 28.8 % in 2021 (from 22.0 % in 2019)" in text
    obs = two_lines.assign(year=2021)
    m = figures.summarise_map(obs, names={"KEN": "Kenya"}, unit="percent", year=2021)
    # Kenya has two rows in 2021 here: it is still one country, the lowest and the highest
    assert m == "1 country with data in 2021; lowest Kenya (22.0 %), highest Kenya (28.8 %)."


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
    assert figures.fmt_value(value, unit) == text


def test_every_unit_we_know_has_words():
    """A unit id of the registry or of the claims must never reach a reader as an id."""
    for unit in vocabulary.CLAIM_UNITS:
        assert "_" not in figures.fmt_value(12.0, unit), unit


def test_fmt_range_shows_enough_decimals_to_tell_the_ends_apart():
    assert figures.fmt_range(94.5, 95.5, "percent") == "94.5 % – 95.5 %"
    assert figures.fmt_range(3.75e9, 3.85e9, "persons") == "3.75 billion people – 3.85 billion people"
    assert figures.fmt_range(7.735e9, 7.745e9, "count") == "7.735 billion – 7.745 billion"
    assert figures.fmt_range(None, 50.0, "percent") == "no data"


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
    assert figures.fmt_gap(gap, unit) == text


def test_fmt_threshold():
    assert figures.fmt_threshold(">=", 75.0, "percent") == "≥ 75.0 %"
    assert figures.fmt_threshold("<", 2.0, "percent_gni_per_capita") == "< 2.0 % of monthly GNI per capita"
    assert figures.fmt_threshold("parity", 1.0, "ratio") == "parity (0.98–1.02)"
    assert figures.fmt_threshold(">=", None, None) == "no number"


def test_units_are_labelled_from_our_ids():
    assert figures.unit_label("per_100_inhabitants") == "per 100 inhabitants"
    assert figures.unit_label("something_new") == "something_new"
