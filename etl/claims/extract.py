"""Extract quantitative claims from a text of the WSIS family: one validated row per mention of a figure.

Design (so that it generalises to texts it has never seen): a small number-phrase grammar finds every
figure (digits, number words, fractions, "N in M", with qualifier, scale and unit), name-like contexts are
masked out (quoted and "entitled" titles, symbols, ordinals, compounds such as "10-year"), and what a figure
measures is read from context windows inside its clause: the concept (indicator) from the declared
vocabulary in :mod:`etl.claims.vocab`, then kind, year and scope. A bare number without a unit becomes a
claim only when a counted noun follows it ("600 pledges") or it continues a comparison ("compared with 41").
A clause is read in sub-clauses (", while …", ", and that …"): a concept, year or group named in one is not
lent to figures of another, though a group that opens the clause covers all of it. Differences in points and
"N times more likely" are gaps, named by the populations the clause compares (gender, youth, urban/rural).
Every look-up per figure is bounded, so the cost is linear in the text however dense or long a paragraph is
(benchmarks/bench_claims.py measures it). Offsets always point into the original text and every quote is
checked to equal ``text[start:end]``.

The stages, one module each, each importing only the ones before it: :mod:`~etl.claims.grammar` (the
patterns), :mod:`~etl.claims.context` (a figure's windows), :mod:`~etl.claims.figures` (number reading),
:mod:`~etl.claims.scope`, :mod:`~etl.claims.years`, :mod:`~etl.claims.analyse` (concept, kind; calls scope
and years), :mod:`~etl.claims.quotes`, and this module, which walks the paragraphs and builds the rows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from pathlib import Path

import pandas as pd

from etl.claims.analyse import analyse_clause, claim_indicator, inherit
from etl.claims.documents import text_date
from etl.claims.figures import clauses, find_figures, link_lists, number_starts
from etl.claims.quotes import quote_bounds
from etl.claims.scope import respectively
from etl.claims.segment import SUPERSCRIPTS, Paragraph, segment
from etl.claims.years import Event, TextTime, cited_editions, decide_year, edition_year, load_events
from etl.core import schemas
from etl.core.errors import Ict4dError


def _paragraph_claims(
    source: str, text: str, para: Paragraph, candidates: list[int], when: TextTime, events: tuple[Event, ...]
) -> list[dict]:
    """Claims of one paragraph; `text` is the shadow of `source`, quotes come from `source`."""
    rows = []
    carried: dict[str, str] = {}  # the last concept per unit in the paragraph, for "This …" sentences
    basket = None  # the last price basket of the paragraph, for "…, however, it costs 6.4 per cent"
    for piece in para.spans:
        positions = candidates[bisect_left(candidates, piece[0]) : bisect_left(candidates, piece[1])]
        found = find_figures(text, positions, *piece) if positions else []
        if all(f.unit is None for f in found):  # bare numbers count only next to a figure with a unit
            continue
        starts = [f.core_start for f in found]  # in text order: each clause takes its slice by bisection
        for clause in clauses(text, *piece):
            figures = found[bisect_left(starts, clause[0]) : bisect_left(starts, clause[1])]
            link_lists(text, figures)
            figures = [f for f in figures if f.unit is not None]
            if not figures:
                continue
            analyse_clause(text, figures, clause, (para.start, para.end))
            inherit(text, figures, carried)
            carried.update({f.unit: f.indicator for f in figures if f.indicator})
            for f in figures:
                partner = f.range_partner
                if partner is not None:  # both bounds of a range are about the same population
                    partner.scope, partner.year = f.scope, partner.year or f.year
            respectively(text, figures, *clause)
            for f in figures:
                decide_year(text, f, when, events)
                unit, indicator = claim_indicator(text, f)
                if indicator == "ict_price_gni_share" and f.kind != "target" and basket:
                    indicator = basket  # the clause names no basket: the paragraph's last one
                elif indicator.endswith("_price_gni_share") and f.kind != "target":
                    basket = indicator if indicator != "ict_price_gni_share" else basket
                start, end = quote_bounds(text, f, piece)
                rows.append(
                    {
                        "paragraph": para.id,
                        "quote": source[start:end],
                        "start": start,
                        "end": end,
                        "value": f.value,
                        "unit": unit,
                        "indicator": indicator,
                        "year": f.year,
                        "year_rule": f.year_rule,
                        "year_event": f.year_event,
                        "scope": f.scope or "world",
                        "kind": f.kind,
                        "qualifier": f.qualifier,
                    }
                )
    return rows


COLUMNS = list(schemas.Claim.to_schema().columns)
# matching runs on a same-length shadow of the text: footnote markers and emphasis marks become spaces, so
# "per cent⁷" and "*Welcomes*" read as plain words while every offset still points into the original text
_SHADOW = re.compile(f"[{SUPERSCRIPTS}*]")


def text_time(text: str, paras: list[Paragraph], as_of: date | None = None) -> TextTime:
    """What dates a text: a report page's edition, and its date: the adoption date it states, else the issue
    date on its cover, else `as_of` (a text adopted on a date speaks of that date, whenever it is checked)."""
    adopted = text_date(text)
    return TextTime(
        edition_year(text, paras),
        date.fromisoformat(adopted) if adopted else as_of,
        cited_editions(text, paras),
    )


def extract_rows(text: str, document: str, as_of: date | None = None) -> list[dict]:
    """The claims of one text as plain rows (the columns of schemas.Claim), each checked to quote
    text[start:end] exactly. Pure and cheap: callers that read many texts validate all rows at once.

    `as_of` dates a text that states no adoption date of its own (a draft, a page), so that its "now" has a
    year; the text's own date always wins."""
    rows = []
    shadow = _SHADOW.sub(" ", text)
    candidates = number_starts(shadow)
    paras = segment(text)
    when, events = text_time(text, paras, as_of), load_events()
    for para in paras:
        if para.has_claims:
            rows += _paragraph_claims(text, shadow, para, candidates, when, events)
    for r in rows:
        if text[r["start"] : r["end"]] != r["quote"]:  # the contract of a claim row; a bug if it fails
            raise AssertionError(f"{document}: quote does not match offsets {r['start']}:{r['end']}")
        r["document"] = document
    return rows


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows from `extract_rows` (of one or many texts) as one DataFrame validated by schemas.Claim."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df.astype({"start": "int64", "end": "int64", "value": "float64"})
    return schemas.Claim.validate(df)


def extract_claims(text: str, document: str, as_of: date | None = None) -> pd.DataFrame:
    """All claims of one text as a DataFrame validated by schemas.Claim (one row per mention)."""
    return to_frame(extract_rows(text, document, as_of))


def extract_file(path: str | Path, as_of: date | None = None) -> pd.DataFrame:
    """Claims of one text file; the document id is the file stem."""
    from etl.claims.reader import read_text

    path = Path(path)
    return extract_claims(read_text(path), path.stem, as_of)


__all__ = ["COLUMNS", "Ict4dError", "extract_claims", "extract_file", "extract_rows", "text_time", "to_frame"]
