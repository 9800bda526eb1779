"""claim_paragraphs: the paragraph around each claim, exact to the character, checked against the text."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from etl.core import schemas
from etl.core.errors import SourceError
from etl.steps import claim_paragraphs as cc

# a made-up resolution in the layout of the texts (one paragraph per line, blank line between blocks)
TEXT = (
    "Distr.: General\n\n"
    "2099/1. Made-up resolution on test figures\n\n"
    "The Economic and Social Council,\n\n"
    "Noting that 40 per cent of test users were online,\n\n"
    "1. Notes that 12 per cent of widgets and 30 per cent of gadgets are connected;\n\n"
    "2. Calls for more;\n"
)


def claim(quote: str, paragraph: str, document: str = "doc-1", occurrence: int = 0) -> dict:
    start = TEXT.index(quote) if occurrence == 0 else TEXT.index(quote, TEXT.index(quote) + 1)
    return {
        "document": document,
        "paragraph": paragraph,
        "quote": quote,
        "start": start,
        "end": start + len(quote),
    }


def test_each_claim_gets_its_paragraph_once_with_exact_offsets():
    claims = pd.DataFrame(
        [
            claim("12 per cent of widgets", "1"),
            claim("30 per cent of gadgets", "1"),
            claim("40 per cent of test users", "PP1"),
        ]
    )
    out = cc.paragraphs(claims, TEXT, "doc-1")
    assert list(out["paragraph"]) == ["1", "PP1"]  # two claims of paragraph 1 share one row
    for c in claims.itertuples():
        row = out[(out["start"] <= c.start) & (out["end"] >= c.end)].iloc[0]
        assert row["text"] == TEXT[row["start"] : row["end"]]
        assert row["text"][c.start - row["start"] : c.end - row["start"]] == c.quote
    assert out.iloc[0]["text"].startswith("1. Notes that") and out.iloc[0]["text"].endswith("connected;")
    schemas.TABLES["claim_paragraphs"].validate(out)


def test_quote_not_at_its_offsets_is_a_one_line_error_naming_the_file():
    bad = pd.DataFrame([{**claim("12 per cent of widgets", "1"), "start": 0, "end": 22}])
    with pytest.raises(SourceError, match=r"texts/doc-1\.txt.*not at offsets 0-22"):
        cc.paragraphs(bad, TEXT, "doc-1")


def test_line_bounds_fall_back_to_the_line():
    s = TEXT.index("more")
    p0, p1 = cc.line_bounds(TEXT, s, s + 4)
    assert TEXT[p0:p1] == "2. Calls for more;"


def _ctx(tmp_path: Path, claims: pd.DataFrame, sha: str | None) -> SimpleNamespace:
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "doc-1.txt").write_text(TEXT, encoding="utf-8")
    docs = pd.DataFrame([{"document": "doc-1", "path": "texts/doc-1.txt", "sha256": sha}])
    return SimpleNamespace(
        sources_dir=tmp_path, tables={"claims": claims, "documents": docs}, log=lambda _m: None
    )


def test_step_reads_each_text_and_checks_its_sha256(tmp_path):
    claims = pd.DataFrame([claim("12 per cent of widgets", "1")])
    good = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    out = cc.run(_ctx(tmp_path, claims, good))["claim_paragraphs"]
    assert len(out) == 1 and out.iloc[0]["paragraph"] == "1"
    with pytest.raises(SourceError, match="sha256 differs"):
        cc.run(_ctx(tmp_path, claims, "0" * 64))


def test_step_without_claims_publishes_an_empty_table(tmp_path):
    out = cc.run(SimpleNamespace(sources_dir=tmp_path, tables={}, log=print))["claim_paragraphs"]
    assert out.empty and list(out.columns) == cc.COLUMNS
