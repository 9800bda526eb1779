"""Years: the reference year of a figure as its clause states it (a point year or a period).

Why so careful: a year in a resolution is often not the figure's ("resolution 70/125 of 16 December 2015",
"by 2030", "the 2030 Agenda"). A year counts only as "in 2022" (or "as of", "at the end of", "(2022)",
"2019 was the first year") right after the figure, or before it in its own sub-clause without an earlier
figure owning it, or later in the clause for a list of figures; a period as "between 2021 and 2022",
"2021-2022", or "since 2030" on a change whose paragraph states the later year.
"""

from __future__ import annotations

import re

from etl.claims import vocab
from etl.claims.figures import Figure
from etl.claims.grammar import BASE_AFTER, HC, MONTHS, RESTATED, H, S

YEAR_POINT = re.compile(
    rf"\b(?:in|as{S}of|at{S}the{S}end{S}of|by{S}the{S}end{S}of|for|during)(?:{S}(?:{MONTHS}))?{S}"
    rf"(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}(?:targets?|Agenda)|/|{H})"
    rf"|\b(?P<y2>(?:19|20)[0-9]{{2}}){S}(?:is|was|will{S}be){S}the{S}first{S}year"
    rf"|\((?P<y3>(?:19|20)[0-9]{{2}})\)"
    rf"|\b(?P<y4>(?:19|20)[0-9]{{2}}),?{S}when\b",  # "since 2030, when the share stood at 65 per cent"
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"{S}(?:since|from)(?:{S}(?:{MONTHS}))?{S}(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}to\b)", re.IGNORECASE
)
_OWN_YEAR_GAP = re.compile(r"[^,;:\d()–—]{0,45}")  # what may stand between a figure and its own "in 2022"
_PERIOD = re.compile(
    rf"\b(?:between|from)(?:{S}(?:{MONTHS}))?{S}(?P<a>(?:19|20)[0-9]{{2}}){S}(?:and|to|–)"
    rf"(?:{S}(?:{MONTHS}))?{S}(?P<b>(?:19|20)[0-9]{{2}})\b"
    rf"|\b(?P<c>(?:19|20)[0-9]{{2}})\s*[–{HC}]\s*(?P<d>(?:19|20)[0-9]{{2}})\b",
    re.IGNORECASE,
)


def _year_of(m: re.Match) -> str:
    return m.group("y") or m.group("y2") or m.group("y3") or m.group("y4")


def _point_year(text: str, cs: int, ce: int, f: Figure, others: list[Figure]) -> str | None:
    """The reference year a clause states for a figure: "… 35 per cent in 2022" right after it; else the
    nearest "in 2022," / "2019 was the first year" before it that does not follow an earlier figure; else
    the first one later in the clause (a list of figures followed by "in 2023")."""
    after = YEAR_POINT.search(text, f.end, min(ce, f.end + 60))
    if after and not after.group("y4") and (re.fullmatch(r"[\s,]*", text[f.end:after.start()])
                  or _OWN_YEAR_GAP.fullmatch(text, f.end, after.start())):
        return _year_of(after)
    owned = set()
    for g in others:
        m = YEAR_POINT.search(text, g.end, min(ce, g.end + 60)) if g is not f else None
        if m and not m.group("y4") and (re.fullmatch(r"[\s,]*", text[g.end:m.start()])
                                        or _OWN_YEAR_GAP.fullmatch(text, g.end, m.start())):
            owned.add(m.start())
    ce = f.ctx.sub_end if f.ctx else ce
    before = [m for m in YEAR_POINT.finditer(text, f.ctx.sub_start if f.ctx else cs, f.start)
              if m.start() not in owned]
    if before:
        return _year_of(before[-1])
    later = [m for m in YEAR_POINT.finditer(text, f.end, ce) if m.start() not in owned]
    if later and not any(f.start < g.start < later[0].start() and g.kind != f.kind for g in others):
        return _year_of(later[0])
    return None



def stated_year(text: str, figures: list[Figure], i: int) -> None:
    """Set the year (and where its words end, for the quote) that the clause states for figures[i]."""
    f = figures[i]
    ctx = f.ctx
    assert ctx is not None, "the context stage places every figure first"
    cs, ce = ctx.clause.start, ctx.clause.end
    fwd_end = ctx.fwd[1]
    pm = _PERIOD.search(text, f.end, min(fwd_end, f.end + 120))
    if pm is not None and pm.start() - f.end <= 40:
        f.year_end = pm.end()  # the quote runs on over "between 2021 and 2022"
    if pm is None and f.kind == "change":  # "increased between 2021 and 2022 by 20 million"
        pm = _PERIOD.search(text, max(cs, f.start - 80), f.start)
    if pm is not None:
        f.year = f"{pm.group('a') or pm.group('c')}-{pm.group('b') or pm.group('d')}"
        return
    f.year = _point_year(text, cs, ce, f, figures)
    if f.year is None and f.is_reached:
        f.year = figures[i - 1].year  # the level a change reached, in the change's year
    if f.year is None and i > 0 and f.unit == vocab.SHARE and figures[i - 1].unit == vocab.PERSONS \
            and RESTATED.match(text, figures[i - 1].end, f.start) and BASE_AFTER.match(text, f.end):
        f.year = figures[i - 1].year  # "5.6 billion people … in 2032, 69 per cent of the population"
    since = _SINCE.match(text, f.end, fwd_end) if f.kind == "change" else None
    if since:  # "an increase of 4.5 per cent since 2030" on a page about 2031: the period
        now = [m for m in YEAR_POINT.finditer(text, max(ctx.paragraph[0], f.start - 600), f.start)
               if m.group("y")]
        if now and int(now[-1].group("y")) > int(since.group("y")):
            f.year = f"{since.group('y')}-{now[-1].group('y')}"
