"""The Targets scoreboard's rows: one function builds what the page's CSV/XLSX buttons, the grid and
`ict4d export "/targets?..."` give, with statuses in the one vocabulary and figures of the published data."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.render.export import export_view
from dashboard.views import scoreboard
from dashboard.views.pages import targets
from dashboard.views.statuses import STATUS_GROUP_LABELS
from etl.core.vocabulary import status_label


@pytest.fixture
def tables(fixture_dir):
    return (
        pd.read_parquet(fixture_dir / "targets.parquet"),
        pd.read_parquet(fixture_dir / "progress.parquet"),
        pd.read_parquet(fixture_dir / "releases.parquet"),
    )


def test_rows_of_the_world_view_carry_the_published_status_value_and_edition(tables):
    reg, prog, rel = tables
    rows = scoreboard.board_rows(targets.parse_query(scope="world")).set_index("target_id")
    assert sorted(rows.index) == sorted(reg.loc[reg.scope == "world", "target_id"])
    latest = prog[prog.is_latest_release & (prog.entity_id == "world")].set_index("target_id")
    editions = dict(zip(rel.release_id, rel.edition, strict=True))
    for tid, r in latest.iterrows():
        if tid not in rows.index:
            continue
        assert rows.loc[tid, "status"] == status_label(r["status"])
        assert rows.loc[tid, "latest_value"] == pytest.approx(r["latest_value"])
        assert rows.loc[tid, "latest_year"] == r["latest_year"]
        assert rows.loc[tid, "edition"] == editions[r["release"]]
    assert set(rows["status"]) <= set(STATUS_GROUP_LABELS.values())
    no_series = reg.loc[(reg.scope == "world") & ~reg.is_measurable.astype(bool), "target_id"]
    assert (rows.loc[no_series, "status"] == "Not measurable").all()
    assert rows.loc[no_series, "caveat"].str.contains("Not measurable: no (?:series|threshold)").all()


def test_rows_are_grouped_by_framework_in_registry_order(tables):
    reg, _, _ = tables
    rows = scoreboard.board_rows(targets.parse_query())
    frameworks = list(dict.fromkeys(rows["framework"]))
    assert frameworks == list(dict.fromkeys(reg["framework"]))
    assert len(rows) == len(reg) and list(rows.columns) == scoreboard.BOARD_COLUMNS


@pytest.mark.parametrize(
    ("query", "column", "value"),
    [
        ({"status": "met"}, "status", "Met"),
        ({"framework": "ITU Connect 2020"}, "framework", "ITU Connect 2020"),
    ],
)
def test_filters_narrow_the_rows(query, column, value):
    rows = scoreboard.board_rows(targets.parse_query(**query))
    assert len(rows) >= 1 and set(rows[column]) == {value}


def test_grid_rows_add_the_chip_id_and_the_sparkline_to_the_same_rows():
    state = targets.parse_query(scope="ldc")
    grid, rows = scoreboard.grid_rows(state), scoreboard.board_rows(state)
    assert [g["target_id"] for g in grid] == rows["target_id"].tolist()
    met = next(g for g in grid if g["target_id"] == "C2020-2.2.B")
    assert met["status_id"] == "met" and met["status"] == "Met"
    years = [p[0] for p in met["trend"]]
    assert years == sorted(years) and years[-1] == met["latest_year"]


def test_export_writes_exactly_the_rows_of_the_csv_button(app, fixture_dir, tmp_path):
    out = export_view(
        "/targets?scope=world", tmp_path / "board.csv", data_dir=fixture_dir, log=lambda _m: None
    )
    button = app.server.test_client().get("/download/targets-board.csv?scope=world")
    assert button.status_code == 200
    assert out.read_bytes() == button.data
    assert len(pd.read_csv(io.BytesIO(button.data))) == len(
        scoreboard.board_rows(targets.parse_query(scope="world"))
    )
    xlsx = export_view(
        "/targets?status=met", tmp_path / "board.xlsx", data_dir=fixture_dir, log=lambda _m: None
    )
    assert xlsx.read_bytes()[:2] == b"PK"


def test_a_formula_like_cell_is_text_in_the_xlsx():
    from openpyxl import load_workbook

    from dashboard.render.spreadsheet import xlsx_bytes

    book = load_workbook(
        io.BytesIO(xlsx_bytes({"data": pd.DataFrame({"a": ["=1+1", "x"], "n": [1.5, None]})}))
    )
    cell = book.active["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert book.active["B2"].value == 1.5 and book.active["B3"].value is None


def test_detail_says_both_official_methods_and_the_caveats():
    info = scoreboard.detail("BBC-7")
    assert [m[0] for m in info["methods"]] == [scoreboard.OPEN_SDG, scoreboard.UNSD]
    assert info["status"] == STATUS_GROUP_LABELS[info["status_id"]]
    assert any("measured on Internet use only" in c for c in info["caveats"])
    assert scoreboard.detail("nope") is None and scoreboard.detail(None) is None
