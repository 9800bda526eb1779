"""The Targets view: the scoreboard from the targets and progress tables, filters, one chart per target."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import statuses
from dashboard.views.brief import reader_text
from dashboard.views.pages import targets as targets_view
from etl.core.vocabulary import status_label


@pytest.fixture
def targets():
    return targets_view


@pytest.fixture
def tables(fixture_dir):
    return pd.read_csv(fixture_dir / "targets.csv"), pd.read_csv(fixture_dir / "progress.csv")


def test_every_target_is_on_the_board_measurable_first_then_framework_and_status(targets, tables):
    reg, _ = tables
    board = targets.scoreboard({})
    assert sorted(board["target_id"]) == sorted(reg["target_id"])
    measured = board["indicator_id"].notna().tolist()
    first_unmeasured = measured.index(False)
    assert not any(measured[first_unmeasured:])  # nothing to chart comes last, not first
    head = board.iloc[:first_unmeasured]
    rank = {g: i for i, g in enumerate(statuses.STATUS_GROUPS)}
    keys = list(zip(head["framework"], head["group"].map(rank), strict=True))
    assert keys == sorted(keys)
    # within a framework and status the registry order is kept
    order = {t: i for i, t in enumerate(reg["target_id"])}
    for _, g in head.groupby(["framework", "group"]):
        assert list(g["target_id"].map(order)) == sorted(g["target_id"].map(order))


def test_the_default_chart_is_a_current_world_target_not_the_first_row(targets):
    board = targets.scoreboard({})
    picked = targets.default_target(board)
    row = board.set_index("target_id").loc[picked]
    assert row["scope"] == "world" and row["verification_status"] == "verified"
    assert row["group"] != "not_assessed" and row["comparator"] != "parity"
    newest = pd.to_numeric(board["latest_year"], errors="coerce").max()
    assert row["deadline_year"] >= newest
    assert picked == "BBC-3-world"  # of the fixture's current world targets, the nearest deadline


def test_board_figures_come_from_the_latest_release_row(targets, tables):
    _, prog = tables
    board = targets.scoreboard({}).set_index("target_id")
    latest = prog[prog.is_latest_release & (prog.entity_id == "world")].set_index("target_id")
    for tid in ["BBC-3-world", "C2030-1.2"]:
        assert board.loc[tid, "latest_value"] == pytest.approx(latest.loc[tid, "latest_value"])
        assert board.loc[tid, "gap"] == pytest.approx(latest.loc[tid, "gap_to_target"])
        assert board.loc[tid, "status"] == latest.loc[tid, "status"]


def test_targets_without_a_series_are_not_measurable(targets, tables):
    """The registry says they cannot be scored: the board says "Not measurable" (the vocabulary's word)."""
    reg, _ = tables
    board = targets.scoreboard({}).set_index("target_id")
    no_series = reg[reg.indicator_id.isna()]["target_id"]
    assert (board.loc[no_series, "group"] == "not_measurable").all()
    assert (board.loc[no_series, "status"] == "not_measurable").all()


def test_every_country_targets_count_countries_by_status(targets, tables):
    _, prog = tables
    board = targets.scoreboard({}).set_index("target_id")
    rows = prog[
        (prog.target_id == "SDG-17.8.1") & prog.is_latest_release & prog.entity_id.str.fullmatch("[A-Z]{3}")
    ]
    assert len(rows) >= 2
    for status, n in rows["status"].value_counts().items():
        assert f"{n} {status_label(status)}" in board.loc["SDG-17.8.1", "countries"]
    # and the world row is its headline (status and latest value), as the progress table scores it
    world = prog[(prog.target_id == "SDG-17.8.1") & prog.is_latest_release & (prog.entity_id == "world")]
    assert board.loc["SDG-17.8.1", "status"] == world["status"].iloc[0]
    assert board.loc["SDG-17.8.1", "latest_value"] == pytest.approx(world["latest_value"].iloc[0])


@pytest.mark.parametrize("key", ["framework", "scope", "status"])
def test_filters(targets, key):
    full = targets.scoreboard({})
    col = "group" if key == "status" else key
    value = full[col].iloc[-1]
    sub = targets.scoreboard({key: value})
    assert len(sub) and (sub[col] == value).all() and len(sub) == (full[col] == value).sum()


def test_parse_query_refuses_unknown_values_without_raising(targets):
    s = targets.parse_query(framework="Nope", scope=["a", "b"], status="<x>", target="T-404")
    assert (s["framework"], s["scope"], s["status"], s["target"]) == ("all", "all", "all", None)
    assert len(s["messages"]) == 4


def test_chart_of_a_target_has_history_projection_marker_and_provenance(targets, tables):
    _, prog = tables
    row = prog[(prog.target_id == "BBC-3-world") & prog.is_latest_release].iloc[0]
    chart = targets.build_chart({"target": "BBC-3-world"})
    names = [t.name for t in chart.figure.data]
    assert "Projection at current pace" in names and any(n.startswith("Target BBC-3-world") for n in names)
    proj = next(t for t in chart.figure.data if t.name == "Projection at current pace")
    assert list(proj.x) == [row.latest_year, row.deadline_year]
    assert proj.y[-1] == pytest.approx(row.projected_value)
    assert {"indicator_id", "unit", "release", "source_id", "licence"} <= set(chart.data.columns)
    assert f"{row.latest_value:.1f} %" in chart.summary and row.status in chart.summary


def test_unverified_target_chart_carries_the_caveat(targets):
    chart = targets.build_chart({"target": "C2030-1.2"})
    assert any("unverified" in c.lower() for c in chart.caveats)
    assert any("(unverified)" in t.name for t in chart.figure.data)


def test_parity_target_charts_the_parity_score(targets, fixture_dir):
    obs = pd.read_csv(fixture_dir / "observations.csv")
    w = obs[(obs.entity_id == "world") & (obs.indicator_id == "internet_use_share")].pivot_table(
        index="year", columns="sex", values="value"
    )
    chart = targets.build_chart({"target": "C2020-2.5.A"})
    line = chart.figure.data[0]
    want = (w["female"] / w["male"]).dropna()
    assert dict(zip(line.x, line.y, strict=True)) == pytest.approx(want.to_dict())


def test_a_target_without_a_series_says_why(targets):
    chart = targets.build_chart({"target": "WSIS-6a"})
    assert "no series" in chart.summary.lower() and not chart.figure.data


def test_a_target_for_every_country_is_a_world_map_with_status_counts(targets, tables):
    _, prog = tables
    rows = prog[
        (prog.target_id == "SDG-17.8.1") & prog.is_latest_release & prog.entity_id.str.fullmatch("[A-Z]{3}")
    ]
    chart = targets.build_chart({"target": "SDG-17.8.1"})
    assert chart.figure.data[0].type == "choropleth"
    assert f"Assessed for {len(rows)} countries" in chart.summary
    assert {"indicator_id", "unit", "release", "source_id", "licence"} <= set(chart.data.columns)


def test_status_groups_cover_the_progress_statuses(tables):
    _, prog = tables
    for status in prog["status"].unique():
        assert statuses.status_group(status) != "not_assessed", status
    assert statuses.status_group(None) == "not_assessed"


def test_every_target_chart_names_where_the_target_comes_from(targets, tables):
    reg, _ = tables
    for tid in ["BBC-3-world", "WSIS-6a", "SDG-17.8.1"]:
        ref = reg.set_index("target_id").loc[tid, "source_reference"]
        chart = targets.build_chart({"target": tid})
        assert chart.source and reader_text(ref) in chart.source  # in words, without our file's name
        assert ".md" not in chart.source


def test_a_target_for_every_country_states_its_threshold_in_words(targets):
    chart = targets.build_chart({"target": "SDG-17.8.1"})
    assert "target ≥ 100.0 % by 2030" in chart.subtitle and ">=" not in chart.subtitle
