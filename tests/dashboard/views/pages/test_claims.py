"""The Claims view: query parsing, the filters, the charts, on the fixture (claims found in ecosoc-2023-3
with their paragraphs, checked against the releases of the data)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import published
from dashboard.views.builders import CHARTS
from dashboard.views.pages import claims as claims_view


@pytest.fixture
def claims():
    return claims_view


def first_claim() -> dict:
    c = published.claims().sort_values("start").iloc[0]
    return c.to_dict()


def test_default_state_and_known_filters(claims):
    assert claims.parse_query() == {
        "document": None,
        "indicator": None,
        "verdict": None,
        "q": None,
        "claim": None,
        "messages": [],
    }
    doc, start = first_claim()["document"], first_claim()["start"]
    state = claims.parse_query(document=doc, indicator="internet_use_share", claim=f"{doc}:{start}")
    assert state["messages"] == [] and state["document"] == doc and state["claim"]


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ({"document": "../../etc/passwd"}, "Unknown document"),
        ({"indicator": "nonsense_share"}, "No claim is about"),
        ({"claim": "ecosoc-2023-3:999999"}, "No claim “ecosoc-2023-3:999999”"),
        ({"claim": "<script>alert(1)</script>"}, "No claim"),
    ],
)
def test_bad_values_fall_back_with_a_message(claims, query, expect):
    state = claims.parse_query(**query)
    assert any(expect in m for m in state["messages"])
    assert state["document"] is None and state["indicator"] is None and state["claim"] is None


def test_filters_select_claims_and_the_overview_counts_them(claims):
    doc = first_claim()["document"]
    state = claims.parse_query(document=doc, indicator="internet_use_share")
    rows = claims.selected(state)
    expected = published.claims()
    expected = expected[(expected["document"] == doc) & (expected["indicator"] == "internet_use_share")]
    assert sorted(rows["start"]) == sorted(expected["start"])
    chart = claims.overview_chart({"document": doc, "indicator": "internet_use_share"})
    assert f"{len(expected)} claim{'s' if len(expected) != 1 else ''} from 1 document." in chart.summary
    assert sum(sum(t.x) for t in chart.figure.data) == len(expected)
    for col in (
        "document",
        "paragraph",
        "quote",
        "indicator_id",
        "unit",
        "release",
        "source_id",
        "licence",
        "claim_verdict",
    ):
        assert col in chart.data.columns
    assert chart.data["licence"].str.len().min() > 0  # every checked claim names its licence


def test_check_chart_of_one_claim_plots_each_release_against_the_claim(claims):
    claim = first_claim()
    key = f"{claim['document']}:{claim['start']}"
    chart = claims.check_chart({"claim": key})
    checks = published.claim_checks()
    rows = checks[(checks["document"] == claim["document"]) & (checks["start"] == claim["start"])]
    rows = rows.dropna(subset=["release", "data_value"])
    assert list(chart.figure.data[0].y) == list(rows.sort_values("release_date")["data_value"])
    assert any(s.type == "line" and s.y0 == claim["value"] for s in chart.figure.layout.shapes)
    assert claim["quote"] in chart.title
    assert set(chart.data["release"]) == set(rows["release"])
    assert "Choose a claim" in str(claims.check_chart({}).figure.layout.annotations[0].text)


def test_export_views_are_registered(claims):
    for name in ("claims-overview", "claims-check"):
        assert name in CHARTS


def test_claims_chart_counts_whole_claims_in_plain_words(claims):
    one = claims.claims().iloc[0]
    chart = claims.overview_chart({"document": one["document"]})
    assert chart.figure.layout.xaxis.dtick >= 1  # no 0.2-claim ticks
    n = len(claims.selected(claims.parse_query(document=one["document"])))
    assert chart.summary.startswith(f"{n} claim{'s' if n != 1 else ''} from 1 document.")


def test_verdict_counts_most_frequent_first_and_unchecked_named():
    counts = claims_view.verdict_counts(pd.Series(["revised since", None, "revised since", "not supported"]))
    assert counts["revised since"] == 2 and counts["not checked"] == 1 and counts["not supported"] == 1
    assert next(iter(counts)) == "revised since"
