"""Claims page: query parsing, the quote in its paragraph, verdicts per release, charts and the callback, on
the fixture (claims found in ecosoc-2023-3 with their paragraphs, checked by etl.reconcile)."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pytest

from dashboard import components, data
from etl.core import vocabulary
from tests.dashboard.component_tree import by_id, walk


@pytest.fixture
def claims(pages):
    return pages("claims")


def first_claim() -> dict:
    c = data.claims().sort_values("start").iloc[0]
    return c.to_dict()


def test_default_state_and_known_filters(claims):
    assert claims.parse_query() == {"document": None, "indicator": None, "verdict": None, "claim": None,
                                    "messages": []}
    doc, start = first_claim()["document"], first_claim()["start"]
    state = claims.parse_query(document=doc, indicator="internet_use_share", claim=f"{doc}:{start}")
    assert state["messages"] == [] and state["document"] == doc and state["claim"]


@pytest.mark.parametrize(("query", "expect"), [
    ({"document": "../../etc/passwd"}, "Unknown document"),
    ({"indicator": "nonsense_share"}, "No claim is about"),
    ({"claim": "ecosoc-2023-3:999999"}, "No claim “ecosoc-2023-3:999999”"),
    ({"claim": "<script>alert(1)</script>"}, "No claim"),
])
def test_bad_values_fall_back_with_a_message(claims, query, expect):
    state = claims.parse_query(**query)
    assert any(expect in m for m in state["messages"])
    assert state["document"] is None and state["indicator"] is None and state["claim"] is None


def test_every_claim_is_listed_with_its_quote_marked_inside_its_paragraph(claims):
    listing = claims.claim_list({})
    items = [c for c in walk(listing) if isinstance(c, dash.html.Li)]
    assert len(items) == len(data.claims())
    paras = data.table("claim_paragraphs")
    for claim in data.claims().to_dict("records"):
        item = by_id(listing, f"claim-{claim['document']}-{claim['start']}")
        marks = [m.children for m in walk(item) if isinstance(m, dash.html.Mark)]
        assert marks == [claim["quote"]]
        quote_block = next(b for b in walk(item) if isinstance(b, dash.html.Blockquote))
        text = "".join(p if isinstance(p, str) else p.children for p in quote_block.children)
        para = paras[(paras["document"] == claim["document"]) & (paras["start"] <= claim["start"])
                     & (paras["end"] >= claim["end"])].iloc[0]
        assert text == para["text"] and len(text) > len(claim["quote"])  # context, not just the quote


def test_quote_alone_when_no_paragraph_is_published(claims, monkeypatch):
    monkeypatch.setattr(claims, "paragraph_of", lambda _claim: None)
    block = claims.quote_in_context(first_claim())
    assert [getattr(p, "children", p) for p in block.children] == [first_claim()["quote"]]


def test_each_claim_shows_its_verdict_and_what_each_release_says(claims):
    checks = data.claim_checks()
    for claim in data.claims().to_dict("records"):
        rows = checks[(checks["document"] == claim["document"]) & (checks["start"] == claim["start"])]
        item = claims.claim_item({**claim, "key": "k", "claim_verdict": rows["claim_verdict"].iloc[0]},
                                 data.indicators()["indicator_id"].tolist())
        text = str(item)
        assert rows["claim_verdict"].iloc[0] in text
        for r in rows.dropna(subset=["release"]).itertuples():
            assert r.release in text and r.release_verdict in text


def test_filters_select_claims_and_the_overview_counts_them(claims):
    doc = first_claim()["document"]
    state = claims.parse_query(document=doc, indicator="internet_use_share")
    rows = claims.selected(state)
    expected = data.claims()
    expected = expected[(expected["document"] == doc) & (expected["indicator"] == "internet_use_share")]
    assert sorted(rows["start"]) == sorted(expected["start"])
    chart = claims.overview_chart({"document": doc, "indicator": "internet_use_share"})
    assert f"{len(expected)} claim{'s' if len(expected) != 1 else ''} from 1 document." in chart.summary
    assert sum(sum(t.x) for t in chart.figure.data) == len(expected)
    for col in ("document", "paragraph", "quote", "indicator_id", "unit", "release", "source_id", "licence",
                "claim_verdict"):
        assert col in chart.data.columns
    assert chart.data["licence"].str.len().min() > 0  # every checked claim names its licence


def test_check_chart_of_one_claim_plots_each_release_against_the_claim(claims):
    claim = first_claim()
    key = f"{claim['document']}:{claim['start']}"
    chart = claims.check_chart({"claim": key})
    checks = data.claim_checks()
    rows = checks[(checks["document"] == claim["document"]) & (checks["start"] == claim["start"])]
    rows = rows.dropna(subset=["release", "data_value"])
    assert list(chart.figure.data[0].y) == list(rows.sort_values("release_date")["data_value"])
    assert any(s.type == "line" and s.y0 == claim["value"] for s in chart.figure.layout.shapes)
    assert claim["quote"] in chart.title
    assert set(chart.data["release"]) == set(rows["release"])
    assert "Choose a claim" in str(claims.check_chart({}).figure.layout.annotations[0].text)


def test_layout_with_a_claim_puts_its_chart_first(claims):
    claim = first_claim()
    page = claims.layout(claim=f"{claim['document']}:{claim['start']}")
    graphs = [g.id["chart"] for g in walk(page) if isinstance(g, dash.dcc.Graph)]
    assert graphs == ["claims-check", "claims-overview"]
    assert "Claims in the resolutions" in str(claims.layout(document="%%%"))


def test_update_callback_redraws_and_writes_the_address(claims):
    doc = first_claim()["document"]
    content, search = claims.update(doc, "internet_use_share")
    assert search == f"?document={doc}&indicator=internet_use_share"
    assert [g.id["chart"] for g in walk(content) if isinstance(g, dash.dcc.Graph)] == ["claims-overview"]
    _, search = claims.update(None, None)
    assert search == ""


def test_export_views_are_registered(claims):
    for name in ("claims-overview", "claims-check"):
        assert name in components.CHARTS


def test_verdict_badges_say_the_verdict_in_words_and_class_it(claims):

    kinds = {v: claims.verdict_badge(v).className.split()[1] for v in vocabulary.CLAIM_VERDICTS}
    assert kinds[vocabulary.MATCHES] == "verdict-match"
    assert kinds[vocabulary.NOT_SUPPORTED] == "verdict-unsupported"
    assert kinds[vocabulary.NO_SERIES] == "verdict-none"
    assert claims.verdict_badge(None).children == "not checked"
    assert claims.verdict_badge(vocabulary.REVISED).children == vocabulary.REVISED


def test_verdict_filter_selects_claims_and_goes_into_the_address(claims):
    every = claims.selected(claims.parse_query())
    verdict = every["claim_verdict"].dropna().iloc[0]
    state = claims.parse_query(verdict=verdict)
    assert state["messages"] == [] and state["verdict"] == verdict
    rows = claims.selected(state)
    assert len(rows) == (every["claim_verdict"] == verdict).sum() > 0
    assert set(rows["claim_verdict"]) == {verdict}
    present = set(every["claim_verdict"].fillna(claims.NOT_CHECKED))
    absent = next(v for v in claims.VERDICTS if v not in present)
    assert claims.selected(claims.parse_query(verdict=absent)).empty
    _, search = claims.update(None, None, verdict)
    assert search == "?" + urlencode({"verdict": verdict})
    bad = claims.parse_query(verdict="<b>true</b>")
    assert bad["verdict"] is None and any("Unknown verdict" in m for m in bad["messages"])


def test_claims_chart_and_list_name_indicators_instead_of_ids(claims):
    chart = claims.overview_chart({})
    labels = {str(y) for trace in chart.figure.data for y in trace.y}
    assert labels and not any("_" in label for label in labels)
    html_text = str(claims.claim_list(claims.parse_query()))
    assert "Dd('gender_gap')" not in html_text and "Dd('internet_use_share')" not in html_text


def test_claims_without_a_release_offer_no_empty_chart_and_name_their_series(claims):
    for claim in claims.claims().to_dict("records"):
        item = str(claims.claim_item(claim, data.indicators()["indicator_id"].tolist()))
        has_release = any(r["release"] == r["release"] for r in claims.check_records(claim))
        assert ("Chart this claim across releases" in item) == has_release
        assert f"Dd('{claim['indicator']}')" not in item or "_" not in claim["indicator"]


def test_claims_are_headed_by_the_documents_symbol_and_date(claims):
    docs = data.documents().set_index("document")
    claim = claims.claims().iloc[0].to_dict()
    doc = docs.loc[claim["document"]]
    item = str(claims.claim_item(claim, data.indicators()["indicator_id"].tolist()))
    assert f"{doc['symbol']} of {doc['adoption_date']}, " in item
    assert claims.document_label("not-a-document") == "not-a-document"


def test_claims_chart_counts_whole_claims_in_plain_words(claims):
    one = claims.claims().iloc[0]
    chart = claims.overview_chart({"document": one["document"]})
    assert chart.figure.layout.xaxis.dtick >= 1  # no 0.2-claim ticks
    n = len(claims.selected(claims.parse_query(document=one["document"])))
    assert chart.summary.startswith(f"{n} claim{'s' if n != 1 else ''} from 1 document.")
