"""Property: any text, however odd, never crashes the extractor, and every quote is text[start:end]."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.claims.extract import extract_rows, to_frame

FRAGMENTS = [
    "per cent",
    "per\u00a0cent",
    "percent",
    "%",
    "billion",
    "million",
    "half",
    "one third",
    "two thirds",
    "four in five",
    "more than ",
    "almost ",
    "between ",
    " and ",
    " to ",
    "of the world's population",
    "using the Internet",
    "of women",
    "of men",
    "respectively",
    "in 2022, ",
    "¹",
    "²",
    "*",
    "“",
    "”",
    "\n",
    "\n\n",
    "1. ",
    "(a) ",
    "The General Assembly,\n",
    "PP",
    "–",
    "\u2011",
    "0.92",
    "5.3",
    "1,000",
    "pledges",
    "entities",
    "least developed countries",
    "increased by ",
    "fell from ",
    " compared with ",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12), st.integers(0, 3000).map(str)),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_never_crashes_and_quotes_are_exact(text):
    rows = extract_rows(text, "prop")
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"] : r["end"]] == r["quote"]
    to_frame(rows)  # and the rows always satisfy the Claim model


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_unicode_never_crashes(text):
    for r in extract_rows(text, "prop"):
        assert text[r["start"] : r["end"]] == r["quote"]
