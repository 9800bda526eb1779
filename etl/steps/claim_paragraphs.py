"""The claim_paragraphs table: the paragraph around each claim, so the dashboard can show a quote in its
context.

Why a table: the dashboard reads only published data, and the texts are source files that are never copied
into the repository. Publishing just the paragraphs that hold a claim (with their offsets) keeps every
quote checkable in place — ``text[claim.start - start : claim.end - start] == claim.quote`` — without
republishing whole documents. Paragraph bounds come from the claims segmenter (``etl.claims.segment``), so a
paragraph here is the paragraph a claim's id names; the text is the exact slice of the decoded file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from etl.claims.reader import decode
from etl.claims.segment import segment
from etl.core.errors import SourceError
from etl.steps import BuildContext

INPUTS = ("claims", "documents", "sources/texts/*.txt")
OUTPUTS = ("claim_paragraphs",)
COLUMNS = ["document", "paragraph", "start", "end", "text"]


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) around [start, end): our texts hold one paragraph per line."""
    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    return p0, len(text) if p1 < 0 else p1


def paragraphs(claims: pd.DataFrame, text: str, document: str) -> pd.DataFrame:
    """One row per distinct paragraph holding a claim of `document`: id, bounds and exact text.

    Bounds are those of the segmenter's paragraph (first to last character) that covers the quote, else the
    line around it. A quote not at its offsets in `text` is an extraction bug: it raises, naming the claim.
    """
    rows: dict[tuple[int, int], dict] = {}
    mine = claims[claims["document"] == document]
    spans = [p for p in segment(text) if p.id is not None]
    for c in mine.itertuples():
        start, end = int(c.start), int(c.end)
        if text[start:end] != c.quote:
            raise SourceError(
                f"texts/{document}.txt",
                f"claim quote {c.quote[:60]!r} is not at offsets {start}-{end}",
                column="quote",
            )
        hit = next(((p.start, p.end) for p in spans if p.start <= start and end <= p.end), None)
        p0, p1 = hit or line_bounds(text, start, end)
        rows.setdefault(
            (p0, p1),
            {
                "document": document,
                "paragraph": str(c.paragraph),
                "start": p0,
                "end": p1,
                "text": text[p0:p1],
            },
        )
    return pd.DataFrame(list(rows.values()), columns=COLUMNS)


def _text_of(sources_dir: Path, doc: dict) -> str:
    path = sources_dir / str(doc.get("path") or f"texts/{doc['document']}.txt")
    if not path.is_file():
        raise SourceError(path, "text of a claim's document not found in the sources directory")
    raw = path.read_bytes()
    sha = doc.get("sha256")
    if isinstance(sha, str) and sha and hashlib.sha256(raw).hexdigest() != sha:
        raise SourceError(
            path, "text changed since the claims were extracted (sha256 differs)", column="sha256"
        )
    return decode(raw, path)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The claim_paragraphs table, from the claims and documents tables and the texts they were read from."""
    claims = ctx.tables.get("claims")
    if claims is None or claims.empty:
        return {"claim_paragraphs": pd.DataFrame(columns=COLUMNS)}
    docs = ctx.tables.get("documents")
    by_doc = {} if docs is None else {str(d["document"]): d for d in docs.to_dict("records")}
    frames = []
    for n, document in enumerate(sorted(claims["document"].unique()), 1):
        text = _text_of(Path(ctx.sources_dir), by_doc.get(document, {"document": document}))
        frames.append(paragraphs(claims, text, document))
        ctx.log(f"  [{n}] {document}: {len(frames[-1])} paragraphs with claims")
    return {"claim_paragraphs": pd.concat(frames, ignore_index=True)}
