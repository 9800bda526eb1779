"""dashboard.views.figures.country: one country against its region, income group and the world."""

from __future__ import annotations

from dashboard.views.figures import country as figures
from tests.dashboard.views.pages.test_country import NAMES, TARGETS
from tests.dashboard.views.test_frames import obs_rows


def test_country_figure_lines_in_role_order_and_unverified_target_marked():
    df = obs_rows(
        [
            {"entity_id": "world", "year": 2021, "value": 62.6},
            {"entity_id": "KEN", "year": 2021, "value": 28.76},
            {"entity_id": "itu_africa", "year": 2021, "value": 33.0},
        ]
    )
    peers = {"country": "KEN", "region": "itu_africa", "world": "world"}
    targets = TARGETS[TARGETS["target_id"].isin(["T-world", "T-hh"])]
    fig = figures.country_figure(df, peers, NAMES, targets, unit="percent")
    names = [t.name for t in fig.data]
    assert names == ["Kenya", "Africa", "World", "Target T-world", "Target T-hh (unverified)"]
    assert fig.data[3].marker.symbol == "diamond" and fig.data[4].marker.symbol == "diamond-open"
    assert (fig.data[3].x, fig.data[3].y) == ((2025,), (75.0,))
    assert fig.data[0].line.width > fig.data[2].line.width  # the country stands out
    assert fig.layout.yaxis.title.text == "%"


def test_country_figure_without_data_explains():
    fig = figures.country_figure(
        obs_rows([]).iloc[0:0], {"country": "KEN"}, NAMES, TARGETS.iloc[0:0], unit="percent"
    )
    assert "No data" in fig.layout.annotations[0].text
