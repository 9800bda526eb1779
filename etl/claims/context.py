"""Context: where a figure sits in its clause, as a typed `Context`, and the concept its words name.

Why typed windows: every later look-up (concept, kind, scope, year) reads only a bounded window around the
figure: forward to the next figure of the clause (or past an apposition, "5.3 billion people or 66 per cent
… were using the Internet"), back to the previous figure, and never across a sub-clause (", while …",
", and that …"), which is a new statement. Computing these windows once, here, keeps the rules of the
other stages short and the cost per figure bounded however long a clause is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from etl.claims import vocab
from etl.claims.grammar import APPOSITION_JOIN, SUBCLAUSE

NEAR = 60  # characters: how far after a figure its own concept may be named when a neighbour can lend one
BACK = 200  # characters: how far before a figure its concept may be named
SUB_BACK = 300  # characters: how far back a figure's sub-clause is read (bounds the cost per figure)


@dataclass
class Clause:
    """One clause of a paragraph piece: its bounds, its sub-clause openers, and the groups that open it
    (looked up once per clause by the scope stage, and only if a figure needs them)."""

    start: int
    end: int
    subs: list[tuple[int, int]]  # (start, end) of every sub-clause opener (", while", ", and that")
    first_figure: int  # start of the clause's first figure: the clause's opening words end there
    lead_groups: list[str] | None = field(default=None, repr=False)


@dataclass
class Context:
    """The windows of one figure (character offsets into the text)."""

    clause: Clause
    paragraph: tuple[int, int]  # first and last character of the paragraph
    fwd: tuple[int, int]  # after the figure, up to the next figure (or sub-clause)
    back: tuple[int, int]  # before the figure, back to the previous figure (bounded)
    sub_start: int  # where the figure's sub-clause starts
    sub_end: int  # where it ends
    prev_end: int  # end of the previous figure of the clause (the clause start for the first)


class Placed(Protocol):
    """What the context stage reads of a figure (etl.claims.figures.Figure has it)."""

    start: int
    end: int
    core_start: int
    unit: str | None
    ctx: Context | None


def place(text: str, figures: Sequence[Placed], clause: tuple[int, int], paragraph: tuple[int, int]) -> None:
    """Give every figure of one clause (in text order) its Context."""
    cs, ce = clause
    subs = [(m.start(), m.end()) for m in SUBCLAUSE.finditer(text, cs, ce)]
    shared = Clause(cs, ce, subs, figures[0].start if figures else ce)
    n = len(figures)
    for i, f in enumerate(figures):
        nxt = figures[i + 1].start if i + 1 < n else ce
        fwd_end = nxt
        # apposition ("5.3 billion people or 66 per cent … were using the Internet"): share the predicate
        if i + 1 < n and figures[i + 1].unit != f.unit and APPOSITION_JOIN.match(text[f.end : nxt]):
            fwd_end = figures[i + 2].start if i + 2 < n else ce
        fwd_end = min([fwd_end] + [a for a, _ in subs if a >= f.end])
        prev_end = figures[i - 1].end if i > 0 else cs
        f.ctx = Context(
            clause=shared,
            paragraph=paragraph,
            fwd=(f.end, fwd_end),
            back=(max(prev_end, f.start - BACK, cs), f.core_start),
            sub_start=max([cs, f.start - SUB_BACK] + [b for _, b in subs if b <= f.start]),
            sub_end=min([ce] + [a for a, _ in subs if a >= f.end]),
            prev_end=prev_end,
        )


def first_indicator(
    window: str, unit: str, base: int, reverse: bool = False
) -> tuple[str, tuple[int, int], str] | None:
    """The concept named in a window: forwards the one of highest priority (its first mention). Backwards a
    comparison (a gap, a parity, a share of the offline) by priority as well, else the concept that ends
    nearest the figure ("although many remain offline, the number of Internet users reached …": the users
    are the subject, not the offline), of highest priority among those ending there; a concept as general
    as "population" only when the window names no other ("the offline population fell to …"). Returns
    (indicator, its span in the text, the rule's name). A rule's pattern runs only when the window holds
    one of its keywords (a fast substring test)."""
    lower = window.lower()
    present = {k for k in vocab.ALL_KEYWORDS if k in lower}  # one pass over the keywords, not one per rule
    best: tuple[str, tuple[int, int], str] | None = None
    for name, rx, by_unit in vocab.UNIT_RULES.get(unit, ()):
        if not vocab.RULE_KEYWORD_SETS[name] & present:
            continue
        if not reverse:
            mm = rx.search(lower)
        else:
            matches = list(rx.finditer(lower))
            mm = matches[-1] if matches else None
        if mm is None:
            continue
        hit = by_unit[unit], (base + mm.start(), base + mm.end()), name
        if not reverse or name in vocab.COMPARISON_RULES:  # comparisons come first in the rules
            return hit
        weak = name in vocab.WEAK_RULES
        if (
            best is None
            or (best[2] in vocab.WEAK_RULES and not weak)
            or (hit[1][1] > best[1][1] and not weak)
        ):
            best = hit
    return best
