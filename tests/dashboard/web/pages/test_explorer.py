"""The Explorer page: layout and callbacks as plain functions, on the fixture."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard.views import published
from dashboard.views.pages import explorer as explorer_view
from dashboard.web import components


@pytest.fixture
def explorer(pages):
    return pages("explorer")


def test_update_callback_returns_view_and_canonical_url(explorer):
    _children, search, year_hidden, lo, hi, _marks, msgs = explorer.update(
        "internet_use_share", ["world", "KEN"], "female", "total", "total", None, "line", None
    )
    q = parse_qs(search[1:])
    assert q == {"indicator": ["internet_use_share"], "entities": ["world,KEN"], "sex": ["female"]}
    assert year_hidden is True and msgs == [] and lo <= hi


def test_update_with_no_entities_asks_for_one(explorer):
    out = explorer.update("internet_use_share", [], "total", "total", "total", None, "line", None)
    assert any("Pick at least one" in str(m.children) for m in out[6])


def test_map_update_shows_the_year_slider_and_puts_the_year_in_the_url(explorer):
    _, search, hidden, lo, hi, marks, _ = explorer.update(
        "internet_use_share", ["world"], "total", "total", "total", None, "map", None
    )
    q = parse_qs(search[1:])
    assert hidden is False and q["tab"] == ["map"] and lo <= int(q["year"][0]) <= hi and hi in marks


def test_indicator_change_offers_only_its_breakdowns(explorer):
    sex, _area, _age, rel = explorer.indicator_options("households_internet_access_share")
    assert [o["value"] for o in sex] == published.breakdown_values("households_internet_access_share")["sex"]
    assert [o["value"] for o in rel] == published.releases("households_internet_access_share")


def test_layout_never_raises_on_garbage(explorer):
    page = explorer.layout(indicator=["a", "b"], entities="<script>", year="-1", tab="%00")
    text = str(page)
    assert "Unknown indicator" in text and "Traceback" not in text


def test_csv_export_of_the_view(explorer):
    payload = components.export_chart({"chart": "explorer-chart", "query": {"entities": "world"}}, "csv")
    header = payload["content"].splitlines()[0].split(",")
    assert header == explorer_view.CSV_COLUMNS and payload["filename"].endswith(".csv")


def test_on_an_empty_folder_the_pages_say_so(pages, tmp_path):
    explorer, targets = pages("explorer"), pages("targets")
    published.use(tmp_path)
    assert "No data published yet" in str(explorer.layout(indicator="internet_use_share"))
    assert "No target matches" in str(targets.layout())
    children, search, *_ = explorer.update(
        "internet_use_share", ["world"], "total", "total", "total", None, "line", None
    )
    assert "No indicators published yet" in str(children) and "indicator=" not in search
