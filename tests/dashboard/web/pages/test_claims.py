"""The Claims page: the list with each quote marked in its paragraph, verdicts per release, the layout
and the filters' callback, on the fixture."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pytest

from dashboard.views import claim as one_claim
from dashboard.views import names, published
from dashboard.views.pages import claims as claims_view
from dashboard.web import components
from etl.core import vocabulary
from tests.dashboard.component_tree import by_id, walk
from tests.dashboard.views.pages.test_claims import first_claim


@pytest.fixture
def claims(pages):
    return pages("claims")


def test_every_claim_is_listed_with_its_quote_marked_inside_its_paragraph(claims):
    listing = claims.claim_list({})
    items = [c for c in walk(listing) if isinstance(c, dash.html.Li)]
    assert len(items) == len(published.claims())
    paras = published.table("claim_paragraphs")
    for claim in published.claims().to_dict("records"):
        item = by_id(listing, f"claim-{claim['document']}-{claim['start']}")
        marks = [m.children for m in walk(item) if isinstance(m, dash.html.Mark)]
        assert marks == [claim["quote"]]
        quote_block = next(b for b in walk(item) if isinstance(b, dash.html.Blockquote))
        text = "".join(p if isinstance(p, str) else p.children for p in quote_block.children)
        para = paras[
            (paras["document"] == claim["document"])
            & (paras["start"] <= claim["start"])
            & (paras["end"] >= claim["end"])
        ].iloc[0]
        assert text == para["text"] and len(text) > len(claim["quote"])  # context, not just the quote


def test_quote_alone_when_no_paragraph_is_published(claims, monkeypatch):
    monkeypatch.setattr(one_claim, "paragraph_of", lambda _claim: None)
    block = claims.quote_in_context(first_claim())
    assert [getattr(p, "children", p) for p in block.children] == [first_claim()["quote"]]


def test_each_claim_shows_its_verdict_and_what_each_release_says(claims):
    checks = published.claim_checks()
    for claim in published.claims().to_dict("records"):
        rows = checks[(checks["document"] == claim["document"]) & (checks["start"] == claim["start"])]
        item = claims.claim_item(
            {**claim, "key": "k", "claim_verdict": rows["claim_verdict"].iloc[0]},
            published.indicators()["indicator_id"].tolist(),
        )
        text = str(item)
        assert rows["claim_verdict"].iloc[0] in text
        for r in rows.dropna(subset=["release"]).itertuples():
            assert r.release in text and r.release_verdict in text


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


def test_verdict_badges_say_the_verdict_in_words_and_class_it(claims):

    kinds = {v: components.verdict_badge(v).className.split()[1] for v in vocabulary.CLAIM_VERDICTS}
    assert kinds[vocabulary.MATCHES] == "verdict-match"
    assert kinds[vocabulary.NOT_SUPPORTED] == "verdict-unsupported"
    assert kinds[vocabulary.NO_SERIES] == "verdict-none"
    assert components.verdict_badge(None).children == "not checked"
    assert components.verdict_badge(vocabulary.REVISED).children == vocabulary.REVISED


def test_verdict_filter_selects_claims_and_goes_into_the_address(claims):
    every = claims_view.selected(claims_view.parse_query())
    verdict = every["claim_verdict"].dropna().iloc[0]
    state = claims_view.parse_query(verdict=verdict)
    assert state["messages"] == [] and state["verdict"] == verdict
    rows = claims_view.selected(state)
    assert len(rows) == (every["claim_verdict"] == verdict).sum() > 0
    assert set(rows["claim_verdict"]) == {verdict}
    present = set(every["claim_verdict"].fillna(claims_view.NOT_CHECKED))
    absent = next(v for v in claims_view.VERDICTS if v not in present)
    assert claims_view.selected(claims_view.parse_query(verdict=absent)).empty
    _, search = claims.update(None, None, verdict)
    assert search == "?" + urlencode({"verdict": verdict})
    bad = claims_view.parse_query(verdict="<b>true</b>")
    assert bad["verdict"] is None and any("Unknown verdict" in m for m in bad["messages"])


def test_claims_chart_and_list_name_indicators_instead_of_ids(claims):
    chart = claims_view.overview_chart({})
    labels = {str(y) for trace in chart.figure.data for y in trace.y}
    assert labels and not any("_" in label for label in labels)
    html_text = str(claims.claim_list(claims_view.parse_query()))
    assert "Dd('gender_gap')" not in html_text and "Dd('internet_use_share')" not in html_text


def test_claims_without_a_release_offer_no_empty_chart_and_name_their_series(claims):
    for claim in claims_view.claims().to_dict("records"):
        item = str(claims.claim_item(claim, published.indicators()["indicator_id"].tolist()))
        has_release = any(r["release"] == r["release"] for r in one_claim.check_records(claim))
        assert ("Chart this claim across releases" in item) == has_release
        assert f"Dd('{claim['indicator']}')" not in item or "_" not in claim["indicator"]


def test_claims_are_headed_by_the_documents_symbol_and_date(claims):
    docs = published.documents().set_index("document")
    claim = claims_view.claims().iloc[0].to_dict()
    doc = docs.loc[claim["document"]]
    item = str(claims.claim_item(claim, published.indicators()["indicator_id"].tolist()))
    assert f"{doc['symbol']} of {doc['adoption_date']}, " in item
    assert names.document_label("not-a-document") == "not-a-document"
