"""dashboard.views.brief and dashboard.views.target: what the brief says about every target (its rows,
chart and caveats), on small synthetic tables ("Testland")."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import brief, target
from dashboard.views.spec import target_caveat
from tests.dashboard.brief_tables import LICENCE, brief_tables, progress_row


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return brief_tables()


# --- choosing what to show -----------------------------------------------------------------------------
def test_every_target_is_listed_under_its_framework(tables):
    items = brief.entries(tables)
    assert [e.target["target_id"] for e in items] == tables["targets"]["target_id"].tolist()
    charted = {e.target["target_id"] for e in items if e.chart is not None}
    assert charted == {"T-VER", "T-UNV", "T-PAR", "T-ALL"}  # not the unmeasurable one


def test_chart_uses_the_newest_release_and_the_target_caveats(tables):
    spec = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-VER")
    assert set(spec.data["release"]) == {"rel-2024-11"}
    assert spec.data["value"].tolist() == [40.0, 50.0, 60.0]
    assert (
        "Releases differ on the status (Test Figures 2024: On track; Test Database 2023 release: Off track)"
        in spec.caveats
    )  # edition names and status labels: the brief's words
    assert spec.source == f"Source: Test Publisher, Test Figures 2024 · Licence: {LICENCE} · Chart: ict4d"
    assert spec.title == "Use the Internet: 75 % in Testland" and "T-VER" not in spec.subtitle
    assert spec.subtitle == "Testland · status: On track · Test Figures 2024"
    unverified = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-UNV")
    assert target_caveat("unverified") in unverified.caveats


def test_parity_chart_plots_the_female_to_male_score(tables):
    spec = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-PAR")
    assert spec.data.sort_values("year")["value"].round(3).tolist() == [0.9, 0.9]  # 45/50, 54/60


def test_every_country_target_charts_countries_by_status(tables):
    spec = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-ALL")
    bar = spec.figure.data[0]
    assert dict(zip(bar.y, bar.x, strict=True)) == {"Met": 2, "Off track": 1}  # the vocabulary's labels
    assert sorted(spec.data["entity_id"]) == ["AAA", "BBB", "CCC"]
    assert spec.subtitle.startswith("3 countries by status")
    assert not any(c.startswith("Releases differ") for c in spec.caveats)  # countries differ, not releases


def test_projection_runs_from_latest_value_to_the_deadline():
    proj = target.projection_for(
        {"latest_year": 2023, "latest_value": 60.0, "projected_value": 80.0, "deadline_year": 2030}
    )
    assert proj.to_dict("list") == {"year": [2023, 2030], "value": [60.0, 80.0]}
    assert (
        target.projection_for(
            {
                "latest_year": 2023,
                "latest_value": 60.0,
                "projected_value": float("nan"),
                "deadline_year": 2030,
            }
        )
        is None
    )


def test_progress_columns_read_here_exist_in_the_progress_table():
    progress = pytest.importorskip("etl.methods.progress")
    used = set(progress_row("x", "y", "z"))
    assert used <= set(progress.PROGRESS_COLUMNS)
