"""The Targets page: the scoreboard table, the filters' callback and the layout."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard.views.spec import target_caveat
from dashboard.web import components


@pytest.fixture
def targets(pages):
    return pages("targets")


def test_verification_mark_is_a_compact_badge_with_the_sentence_as_tooltip():
    for status in ("unverified", "secondary"):
        mark = components.verification_mark(status)
        assert mark.children[0] == status and mark.title == target_caveat(status)
    assert components.verification_mark("verified") is None


def test_board_cells_write_thresholds_and_gaps_in_words(targets):
    cells = str(targets._static_cells())
    assert "≥ 75.0 %" in cells and "points to go" in cells
    assert ">= 75" not in cells and "-44.9 %" not in cells


def test_update_filters_and_writes_the_url(targets):
    children, search = targets.update("all", "world", "likely_met", None)
    assert parse_qs(search[1:]) == {"scope": ["world"], "status": ["likely_met"]}
    table = children[1]
    assert "targets" in str(table) and "BBC-3-world" in str(table)


def test_layout_marks_unverified_targets_and_never_raises(targets):
    page = str(targets.layout(status="bogus", framework=["x", "y"]))
    assert "Unknown status" in page and "badge-unverified" in page


def test_the_page_charts_the_default_target(targets):
    assert "H2(children='BBC-3-world: " in str(targets.layout())
