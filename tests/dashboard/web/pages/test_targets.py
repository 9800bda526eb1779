"""The Targets page: the scoreboard grid, the filters' callbacks, the detail panel and the layout."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from dashboard.views.spec import target_caveat
from dashboard.views.statuses import STATUS_GROUP_LABELS
from dashboard.web import components


@pytest.fixture
def targets(pages):
    return pages("targets")


def test_verification_mark_is_a_compact_badge_with_the_sentence_as_tooltip():
    for status in ("unverified", "secondary"):
        mark = components.verification_mark(status)
        assert mark.children[0] == status and mark.title == target_caveat(status)
    assert components.verification_mark("verified") is None


def test_grid_rows_write_thresholds_in_words_and_statuses_in_the_vocabulary(targets):
    rows = targets.grid(targets.targets.parse_query()).rowData
    assert {r["status"] for r in rows} <= set(STATUS_GROUP_LABELS.values())
    words = {r["target_id"]: r for r in rows}
    assert words["BBC-3-world"]["threshold"] == "≥ 75.0 %"
    assert words["BBC-3-world"]["trend"][-1][0] == words["BBC-3-world"]["latest_year"]
    assert all(">= " not in r["threshold"] for r in rows)


def test_refilter_narrows_the_rows_and_the_download_links_carry_the_view(targets, fixture_dir):
    rows, links, note = targets.refilter("all", "ldc", "all")
    assert note == []
    reg = pd.read_parquet(fixture_dir / "targets.parquet")
    assert sorted(r["target_id"] for r in rows) == sorted(reg.loc[reg.scope == "ldc", "target_id"])
    hrefs = [a.href for a in links]
    assert [urlsplit(h).path for h in hrefs] == [
        "/download/targets-board.csv",
        "/download/targets-board.xlsx",
        "/download/targets-brief.pdf",
        "/download/targets-brief.html",
    ]
    assert all(parse_qs(urlsplit(h).query) == {"scope": ["ldc"]} for h in hrefs)


def test_update_draws_the_target_and_writes_the_url(targets):
    children, search = targets.update("all", "world", "likely_met", "BBC-3-world")
    assert parse_qs(search[1:]) == {"scope": ["world"], "status": ["likely_met"], "target": ["BBC-3-world"]}
    text = str(children)
    assert "BBC-3-world: " in text and "The two official methods" in text
    assert "Open SDG" in text and "UN Statistics Division" in text


def test_select_takes_the_target_of_the_row_and_ignores_garbage(targets):
    assert targets.select([{"target_id": "BBC-3-world"}]) == "BBC-3-world"
    for junk in (None, [], [{"target_id": "nope"}], ["x"], {"a": 1}, [{"target_id": 3}]):
        assert targets.select(junk) is targets.dash.no_update


def test_layout_warns_about_bad_values_and_never_raises(targets):
    page = str(targets.layout(status="bogus", framework=["x", "y"]))
    assert "Unknown status" in page and "targets-grid" in page


def test_the_page_charts_the_default_target(targets):
    assert "H2(children='BBC-3-world: " in str(targets.layout())


def test_a_target_without_a_series_shows_its_words_and_why_not_an_empty_chart(targets):
    page = str(targets.layout(target="WSIS-6a"))
    assert "Not measurable: no series" in page and "Graph(" not in page.split("targets-detail")[1]
