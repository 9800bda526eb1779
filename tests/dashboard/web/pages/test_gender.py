"""The Gender page: layout and callbacks as plain functions, on the fixture data."""

from __future__ import annotations

import dash
import pandas as pd
import pytest

from dashboard.views.builders import CHARTS
from dashboard.views.pages import gender as gender_view
from dashboard.web import components
from tests.dashboard.component_tree import walk


@pytest.fixture
def gender(pages):
    return pages("gender")


def test_layout_renders_for_garbage_query_without_raising(gender):
    page = gender.layout(indicator="../../etc", entities="%%%", year="-1", release="x" * 500)
    text = str(page)
    assert "Gender divide" in text and "message" in text


def test_update_callback_returns_cards_and_canonical_query(gender):
    cards, query = gender.update("internet_use_share", ["world", "KEN"], None, 2021)
    assert query == "?entities=world,KEN&year=2021"
    graphs = [g.id["chart"] for g in walk(cards) if isinstance(g, dash.dcc.Graph)]
    assert graphs == ["gender-parity", "gender-bars"]
    # default view -> empty query (the address stays /gender)
    _, query = gender.update("internet_use_share", ["world", "ldc"], None, None)
    assert query == ""


def test_indicator_changed_offers_entities_releases_and_years(gender):
    ent_opts, kept, rel_opts, year_opts = gender.indicator_changed("internet_use_share", ["KEN", "NOPE"])
    assert kept == ["KEN"]
    assert {o["value"] for o in ent_opts} == {"world", "ldc", "KEN"}
    assert [o["value"] for o in rel_opts] == ["unsd-2023-04"]
    assert year_opts[0]["value"] > year_opts[-1]["value"]
    with pytest.raises(dash.exceptions.PreventUpdate):
        gender.indicator_changed("households_internet_access_share", [])


def test_export_views_rebuild_the_same_chart(gender):
    query = {"entities": ["world", "KEN"], "year": 2021}
    cards = gender.charts(gender_view.parse_query(**query))
    for name in ("gender-parity", "gender-bars"):
        assert name in CHARTS
        rebuilt = CHARTS[name](query)
        assert isinstance(rebuilt.data, pd.DataFrame) and not rebuilt.data.empty
    assert [type(c).__name__ for c in cards] == ["Section", "Section", "P"]  # two charts, the definition
    assert "Unit:" in str(cards[-1])


def test_csv_export_of_a_chart_carries_provenance_columns(gender):
    payload = components.export_chart({"chart": "gender-parity", "query": {"entities": "world"}}, "csv")
    header = payload["content"].splitlines()[0].split(",")
    for col in ("indicator_id", "unit", "release", "source_id", "licence", "female", "male", "parity_score"):
        assert col in header
    assert payload["filename"].endswith(".csv")
