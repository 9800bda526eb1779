"""Quotes: the shortest span of the text that holds a figure and says what it measures.

Why a stage of its own: the quote is the claim's evidence, so its bounds follow what the other stages found
(the concept's words after or before the figure, the scope and year words it runs on to, the subject of a
gap, the lead of a change, both bounds of a range), clamped to the figure's own piece of the paragraph, and
always an exact slice of the original text (the caller checks ``quote == text[start:end]``).
"""

from __future__ import annotations

import re

from etl.claims import vocab
from etl.claims.figures import Figure
from etl.claims.grammar import BASE_AFTER, S

_MEASURE_NOUN_BEFORE = re.compile(
    rf"\b(?:the{S})?(?:(?:proportion|share|percentage|number|rate|level)\s+of\s+(?:[\w’']+\s+){{0,2}}?)$",
    re.IGNORECASE,
)
_LEAD_WORDS = re.compile(
    r"(?:\b(?:the|a|an|digital|global|overall|total|world(?:’s|'s)?)\s+)+$", re.IGNORECASE
)

_GAP_TAIL = re.compile(
    rf"\s*(?:more|less|higher|lower|fewer)(?:{S}likely)?(?:{S}to{S}(?:use|be|own|access|have)"
    rf"(?:{S}(?:the|a|an|mobile|online|Internet|phones?|smartphones?)\b){{0,3}})?"
    rf"(?:{S}than{S}(?:the{S}|that{S}of{S})?(?:rest{S}of{S}the{S}population|[\w’']+(?:{S}(?:people|dwellers|adults))?))?",
    re.IGNORECASE,
)
_CHANGE_LEAD = re.compile(
    rf"(?:\b(?:an?|the){S})?\b(?:increase|rise|growth|decrease|decline|drop|fall|jump|gain|reduction){S}(?:of|by){S}$"
    rf"|\b(?:grew|rose|increased|decreased|declined|fell|dropped|jumped|climbed){S}by{S}$",
    re.IGNORECASE,
)
_GAP_SUBJECT = re.compile(  # the measured subject of a gap that precedes its figure
    rf"(?:\bthe{S}(?:proportion|share|percentage|number){S}of{S})?\b(?:women|girls|young{S}people|youth|"
    rf"(?:urban|rural){S}(?:dwellers|residents))\b[^,;:]{{0,120}}?\b(?:is|are|was|were)(?:{S}\w+ly)?{S}$",
    re.IGNORECASE,
)


def quote_bounds(text: str, f: Figure, piece: tuple[int, int]) -> tuple[int, int]:
    """The shortest span that holds the figure and says what it measures (clamped to its own text piece)."""
    start = f.range_start if f.range_start is not None else f.start
    end = f.end
    if f.noun_end:
        end = max(end, f.noun_end)
    if f.indicator_span:
        s, e = f.indicator_span
        if f.named_before:
            lead = _MEASURE_NOUN_BEFORE.search(text[max(piece[0], s - 60) : s])
            s = s - len(lead.group(0)) if lead else s
            lead = _LEAD_WORDS.search(text[max(piece[0], s - 40) : s])
            s = s - len(lead.group(0)) if lead else s
            start = min(start, s)
        else:
            end = max(end, e)
    if f.quote_end:
        end = max(end, f.quote_end)
    tail = BASE_AFTER.match(text, f.end, piece[1])  # "… 5G reaches 51 per cent of the population"
    if tail and f.named_before:
        end = max(end, tail.end())
    if f.indicator and f.indicator.endswith("_gap") and f.unit in (vocab.POINTS, vocab.RATIO):
        tail = _GAP_TAIL.match(text, f.end, piece[1])  # "14 percentage points more than the rest of …"
        end = max(end, tail.end()) if tail else end
    if f.kind == "change" and not f.indicator_span:
        lead = _CHANGE_LEAD.search(text, max(piece[0], start - 40), start)  # "an increase of 4.5 per cent"
        start = lead.start() if lead else start
    if f.indicator in ("gender_gap", "youth_gap", "urban_rural_gap") and f.unit == vocab.SHARE:
        sub_start = f.ctx.sub_start if f.ctx else 0
        subject = _GAP_SUBJECT.search(text, max(piece[0], sub_start, start - 160), start)
        start = subject.start() if subject else start  # "the proportion of women using … is 25 per cent …"
    if f.scope_end:
        end = max(end, f.scope_end)
    if f.year_end:
        end = max(end, f.year_end)
    partner = f.range_partner
    if partner is not None:
        end = max(end, partner.end)
    start, end = max(start, piece[0]), min(end, piece[1])
    while end > start and text[end - 1] in " \u00a0,;:–—(":
        end -= 1
    return start, end
