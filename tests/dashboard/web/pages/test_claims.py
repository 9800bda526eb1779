"""The Claims page: one table row per claim, the claim opened in the detail panel (its paragraph once,
markdown rendered, the quote marked), the releases compared, the filters' and the row's callbacks, on the
fixture (three claims of E/RES/2023/3)."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import pytest

from dashboard.views import claim as one_claim
from dashboard.views import names, published
from dashboard.views.pages import claims as claims_view
from dashboard.web import components
from etl.core import vocabulary
from tests.dashboard.component_tree import by_id, walk
from tests.dashboard.views.pages.test_claims import first_claim

KEY_66 = "ecosoc-2023-3:14175"  # "5.3 billion people or 66 per cent of the world's population …", ¶ 26


@pytest.fixture
def claims(pages):
    return pages("claims")


def grid(page) -> dag.AgGrid:
    return by_id(page, "claims-grid")


def text_of(node: object) -> str:
    """The text a reader sees in a component tree (children strings in order)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return "".join(text_of(n) for n in node)
    return text_of(getattr(node, "children", None) or "")


def test_the_table_has_one_row_per_claim_with_symbol_paragraph_value_year_and_verdict(claims):
    rows = grid(claims.layout()).rowData
    assert len(rows) == len(published.claims()) == 3
    by_key = {r["key"]: r for r in rows}
    row = by_key[KEY_66]
    assert row["symbol"] == "E/RES/2023/3" and row["paragraph"] == 26
    assert row["value_text"] == "66 %" and row["year"] == "2022"  # as written, not "66.0 %"
    assert row["verdict"] == vocabulary.MATCHES
    women = next(r for r in rows if r["quote"].startswith("63 per cent of women"))
    assert women["year"] == "not stated" and women["paragraph"] == 59 and women["value_text"] == "63 %"
    # the page itself repeats no paragraph: nothing is shown until a row is opened
    assert not [m for m in walk(claims.layout()) if isinstance(m, dash.html.Mark)]


def test_search_by_un_symbol_and_by_words(claims):
    assert len(claims_view.selected(claims_view.parse_query(q="E/RES/2023/3"))) == 3
    assert len(claims_view.selected(claims_view.parse_query(q="e/res/2023/3  women"))) == 1
    assert claims_view.selected(claims_view.parse_query(q="A/RES/75/202")).empty
    rows, count, _chart, filters = claims.update(None, None, None, "mobile broadband")
    assert [r["paragraph"] for r in rows] == [26] and count == "1 of 3 claims"
    assert filters["q"] == "mobile broadband"


def test_document_filter_offers_the_un_symbol(claims):
    [opt] = claims_view.filter_choices()["document"]
    assert opt["value"] == "ecosoc-2023-3" and opt["label"].startswith("E/RES/2023/3: ")
    assert "E/RES/2023/3" in opt["search"]


def test_a_claim_opened_shows_its_paragraph_once_with_the_quote_marked(claims):
    page = claims.layout(claim=KEY_66)
    assert [r["key"] for r in grid(page).selectedRows] == [KEY_66]
    panel = by_id(page, "claims-detail")
    [block] = [b for b in walk(panel) if isinstance(b, dash.html.Blockquote)]
    marks = [text_of(m) for m in walk(block) if isinstance(m, dash.html.Mark)]
    assert marks == ["5.3 billion people or 66 per cent of the world's population were using the Internet"]
    shown = text_of(block)
    assert shown.startswith("26. Welcomes the fact that the rapid growth")  # "*Welcomes*" rendered
    assert "*" not in shown and shown.count("5.3 billion people or 66 per cent") == 1
    assert [text_of(e) for e in walk(block) if isinstance(e, dash.html.Em)] == ["Welcomes"]
    graphs = [g.id["chart"] for g in walk(panel) if isinstance(g, dash.dcc.Graph)]
    assert graphs == ["claims-check"]


def test_the_releases_compared_name_the_edition_and_the_year(claims):
    compared = text_of(by_id(claims.layout(claim=KEY_66), "claims-compare"))
    # the fixture holds one release with world figures: of its time and newest at once
    assert compared == (
        "Data of its time66.3 % for 2022 (SDG Global Database 2023 release)"
        "Newest releasethe same: no later release has the figure for 2022"
    )
    c = one_claim.releases_compared(claims_view.claims().set_index("key").loc[KEY_66].to_dict())
    assert c.same_release and c.revision == "" and c.year == "2022"


def test_choosing_a_row_opens_it_and_writes_the_address(claims):
    row = next(r for r in grid(claims.layout()).rowData if r["key"] == KEY_66)
    panel, search = claims.open_claim([row], {"document": None})
    assert search == "?" + urlencode({"claim": KEY_66})
    assert "paragraph 26" in text_of(panel[0])
    # with filters: they stay in the address; a row outside them is not opened
    panel, search = claims.open_claim([row], {"verdict": vocabulary.MATCHES, "q": "E/RES/2023/3"})
    assert search == "?" + urlencode({"verdict": vocabulary.MATCHES, "q": "E/RES/2023/3", "claim": KEY_66})
    panel, search = claims.open_claim([row], {"q": "women"})
    assert search == "?q=women" and "Choose a claim" in text_of(panel)


@pytest.mark.parametrize("junk", [None, [], [{}], [{"key": 5}], "x", [{"key": "../../etc"}], {"a": 1}])
def test_any_selection_value_gives_a_page_not_an_error(claims, junk):
    panel, search = claims.open_claim(junk, junk)
    assert "Choose a claim" in text_of(panel) and search == ""


def test_verdict_filter_selects_claims(claims):
    every = claims_view.selected(claims_view.parse_query())
    verdict = every["claim_verdict"].dropna().iloc[0]
    rows, *_ = claims.update(None, None, verdict)
    assert {r["verdict"] for r in rows} == {verdict}
    present = set(every["claim_verdict"].fillna(claims_view.NOT_CHECKED))
    absent = next(v for v in claims_view.VERDICTS if v not in present)
    rows, count, *_ = claims.update(None, None, absent)
    assert rows == [] and count == "0 of 3 claims"
    bad = claims_view.parse_query(verdict="<b>true</b>")
    assert bad["verdict"] is None and any("Unknown verdict" in m for m in bad["messages"])


def test_verdict_chips_use_the_one_vocabulary(claims):
    verdict_col = next(c for c in claims.COLUMNS if c["field"] == "verdict")
    params = verdict_col["cellRendererParams"]
    assert params["kinds"][vocabulary.MATCHES] == "match"
    assert set(params["meanings"]) >= set(vocabulary.CLAIM_VERDICTS)
    kinds = {v: components.verdict_badge(v).className.split()[1] for v in vocabulary.CLAIM_VERDICTS}
    assert kinds[vocabulary.NOT_SUPPORTED] == "verdict-unsupported"
    assert components.verdict_badge(None).children == "not checked"


def test_a_claim_without_a_paragraph_shows_its_quote_alone_marked(claims, monkeypatch):
    monkeypatch.setattr(one_claim, "paragraph_of", lambda _claim: None)
    block = claims.marked_paragraph(first_claim())
    assert [text_of(m) for m in walk(block) if isinstance(m, dash.html.Mark)] == [first_claim()["quote"]]


def test_the_detail_is_headed_by_the_documents_symbol_and_date(claims):
    docs = published.documents().set_index("document")
    panel = by_id(claims.layout(claim=KEY_66), "claims-detail")
    assert text_of(panel).startswith(f"{docs.loc['ecosoc-2023-3', 'symbol']} of 2023-06-07, paragraph 26")
    assert names.document_label("not-a-document") == "not-a-document"
