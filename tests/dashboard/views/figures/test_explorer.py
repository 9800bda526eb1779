"""dashboard.views.figures: the Explorer's figures (and the target markers every chart draws), on small
frames whose expected output follows from them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views.figures import base
from dashboard.views.figures import explorer as figures


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
    assert base.target_parts(target(threshold_value=float("nan"))) is None
    assert base.target_parts(target(threshold_value=None)) is None


def test_empty_data_gives_a_figure_that_says_so():
    fig = figures.line_chart(obs_frame([]), names={}, unit="percent")
    assert not fig.data and "No data" in fig.layout.annotations[0].text


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
