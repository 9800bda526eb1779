"""dashboard.views.claim: the quote marked in its paragraph, and the series a claim talks about."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.views import claim

# --- claims ---------------------------------------------------------------------------------------------
TEXT = "In 2022, 95 per cent of people were covered; 95 per cent is high."


def test_highlight_uses_offsets_when_they_point_at_the_quote():
    start = TEXT.rindex("95 per cent")
    segs = claim.highlight_segments(TEXT, "95 per cent", start, start + len("95 per cent"))
    assert segs == [(TEXT[:start], False), ("95 per cent", True), (TEXT[start + 11 :], False)]


def test_highlight_falls_back_to_search_when_offsets_are_wrong():
    segs = claim.highlight_segments(TEXT, "95 per cent of people", 0, 5)
    assert [s for s, marked in segs if marked] == ["95 per cent of people"]


def test_highlight_leaves_text_unmarked_when_quote_absent():
    assert claim.highlight_segments(TEXT, "66 per cent", 3, 14) == [(TEXT, False)]
    assert claim.highlight_segments("", "x") == []


@given(st.text(min_size=1, max_size=60), st.data())
def test_highlight_pieces_rebuild_the_text_and_mark_the_quote(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    segs = claim.highlight_segments(text, quote, start, end)
    assert "".join(s for s, _ in segs) == text
    assert [s for s, marked in segs if marked] == [quote]


def test_claim_context_marks_the_quote_in_its_paragraph_from_document_offsets():
    doc = "Title\n\n26. Notes that 66 per cent use it;\n"
    p0 = doc.index("26.")
    para = {"start": p0, "text": doc[p0 : doc.index(";") + 1]}
    s = doc.index("66")
    assert claim.claim_context(para, "66 per cent", s, s + 11) == [
        ("26. Notes that ", False),
        ("66 per cent", True),
        (" use it;", False),
    ]
    assert claim.claim_context(None, "66 per cent", s, s + 11) == [("66 per cent", True)]


@pytest.mark.parametrize(
    ("indicator", "scope", "query"),
    [
        ("internet_use_share", "world", {"indicator": "internet_use_share", "entities": "world"}),
        (
            "internet_use_share",
            "women",
            {"indicator": "internet_use_share", "entities": "world", "sex": "female"},
        ),
        (
            "internet_use_share",
            "LDCs_men",
            {"indicator": "internet_use_share", "entities": "ldc", "sex": "male"},
        ),
        (
            "internet_use_share",
            "Arab_States_women",
            {"indicator": "internet_use_share", "entities": "itu_arab_states", "sex": "female"},
        ),
        (
            "internet_use_share",
            "Africa;Europe",
            {"indicator": "internet_use_share", "entities": "itu_africa"},
        ),
        ("pledges_count", "Partner2Connect", None),
    ],
)
def test_claim_series_query(indicator, scope, query):
    assert claim.claim_series_query(indicator, scope, ["internet_use_share"]) == query
