"""Scope: who or where a figure is about (a sex or age group, country groups, the body holding a count).

Why bounded and ordered: a scope is named right after the figure ("33 per cent in the least developed
countries"), just before it ("in LDCs, only 36 per cent"), at the head of its sub-clause or of its clause
("In LDCs, 5G …, while 4G …"), or, for a list, by "respectively". Only the figure's own windows
(:mod:`etl.claims.context`) are read, and each named group must chain to the first by "and", "or" or a
comma, so a group of another statement of the sentence is never lent to this figure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.claims import vocab
from etl.claims.context import Clause
from etl.claims.figures import Figure
from etl.claims.grammar import LIST_JOIN, S

_SCOPE_STOP = re.compile(r",\s|\s[–—]\s|;|\)")
_GROUP_PAREN = re.compile(  # "followed by the CIS (89%)": the group just before a bracketed figure
    rf"(?:{'|'.join(p for _, p in vocab.GROUP_RULES if 'world' not in p)})\s*\(\s*$"
)
_CLAUSE_OPENING = re.compile(
    rf"\s*(?:\W\s*)?(?:(?:notes?|recogniz\w+|concerned|noting|that|and|also|however|moreover|in{S}(?:19|20)\d\d)"
    rf"[\s,]+)*(?:the{S})?",
    re.IGNORECASE,
)
_POPULATION_PAREN = re.compile(rf"(?P<sex>{vocab.POPULATION_WORDS})\s*\(\s*$", re.IGNORECASE)
_MEASURED_SEX = re.compile(  # "the share of women owning a phone fell from …", "use among people aged 15-24"
    rf"\b(?:(?:share|proportion|percentage|number)\s+of|among)\s+(?:the\s+)?(?P<sex>{vocab.POPULATION_WORDS})\b"
    r"(?![^,;]*\b(?:compared|than|versus)\b)",
    re.IGNORECASE,
)
# "women account for 55 per cent of the offline population": the population a share is of is its subject
_SUBJECT_SEX = re.compile(
    rf"\b(?P<sex>{vocab.POPULATION_WORDS}){S}(?:account{S}for|represent|make{S}up|comprise|constitute)\s+$",
    re.IGNORECASE,
)
# "9 per cent more young women than young men": a gender gap among young people
_YOUNG = re.compile(rf"\s*(?:more|fewer|less){S}young{S}(?:women|men|girls|boys)\b", re.IGNORECASE)
_GROUP_LEAD = re.compile(
    r"\b(?:in|among|across|for|of)\s+(?:the\s+)?(?:(?:many|most|some|several|all|other|these|those)\s+)?$",
    re.IGNORECASE,
)

_RESPECTIVELY = re.compile(r"^[^;.]{0,160}?\brespectively\b", re.IGNORECASE)

_SEX_AFTER = re.compile(
    rf"^{S}(?:(?:of|among|for){S})?(?:all{S})?(?:the{S})?(?P<sex>{vocab.POPULATION_WORDS})\b",
    re.IGNORECASE,
)
_SEX_BEFORE = re.compile(rf"\b(?:among|for|of){S}(?P<sex>women|men|girls|boys|youth)\s*,?\s*$", re.IGNORECASE)
_SEX_WORD = re.compile(r"\b(?P<sex>women|men|girls|boys|females|males)\b", re.IGNORECASE)

_SCOPE_CHAIN = re.compile(
    rf"^(?:\s*,\s*|{S}(?:and|or|as{S}well{S}as){S})(?:(?:in{S})?(?:the{S})?)$", re.IGNORECASE
)


def _group_scope(text: str, start: int, end: int) -> tuple[list[str], int | None]:
    """Groups named in text[start:end] from the first one on, chained by "and", "or" or commas."""
    found = []
    lower = text[start:end].lower()
    for name, rx in vocab.GROUP_PATTERNS:
        if not any(k in lower for k in vocab.GROUP_KEYWORDS[name]):
            continue
        for m in rx.finditer(text, start, end):
            found.append((m.start(), m.end(), name))
    if not found:
        return [], None
    found.sort()
    # drop matches nested in a longer one ("developing countries" inside "least developed countries" is
    # already excluded by the patterns; "world" inside "developing world" is not)
    kept = []
    for s, e, n in found:
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e, n))
    names, last_end = [kept[0][2]], kept[0][1]
    for s, e, n in kept[1:]:
        if _SCOPE_CHAIN.match(text[last_end:s]) and n not in names:
            names.append(n)
            last_end = e
        else:
            break
    return names, last_end


def names_group(text: str, start: int, end: int) -> bool:
    """Does text[start:end] name any group, the world included ("globally")?"""
    return bool(_group_scope(text, start, end)[0])


def _group_before(text: str, start: int, end: int, lead: bool = False) -> list[str]:
    """The last group named before a figure as "in/among/for/across (the) <group>" (with the groups chained
    to it: "in landlocked developing countries and small island developing States"); with `lead`, a group
    that opens the clause as its subject counts too ("Europe has the highest …")."""
    last = None
    lower = text[start:end].lower()
    for name, rx in vocab.GROUP_PATTERNS:
        if not any(k in lower for k in vocab.GROUP_KEYWORDS[name]):
            continue
        for m in rx.finditer(text, start, end):
            led = _GROUP_LEAD.search(text[max(start, m.start() - 12) : m.start()])
            opens = lead and _CLAUSE_OPENING.fullmatch(text, start, m.start())
            if (led or opens) and (last is None or m.start() > last[0]):
                last = (m.start(), name)
    return _group_scope(text, last[0], end)[0] if last else []


_POPULATION = re.compile(rf"\b(?P<sex>{vocab.POPULATION_WORDS})\b", re.IGNORECASE)
_COMPARED = re.compile(r"\b(?:than|compared|versus|against|relative)\b", re.IGNORECASE)


def _opening_population(text: str, start: int, end: int) -> str | None:
    """The population that opens a statement as its subject, when nothing compares it with another before
    the figure ("Notes that young people aged 15 to 24 are online at a rate of 81 per cent")."""
    m = _POPULATION.search(text, start, end)
    if (
        m is None
        or not _CLAUSE_OPENING.fullmatch(text, start, m.start())
        or _COMPARED.search(text, m.end(), end)
    ):
        return None
    name = vocab.population(m.group("sex"))
    return None if name == "world" else name


_NEXT_STATEMENT = re.compile(r",\s+(?:and|but|while|whereas)\s|;", re.IGNORECASE)
_PLEDGE_WORDS = re.compile(r"\b(?:pledge|commitment|partner|coalition)", re.IGNORECASE)


def _lead_groups(text: str, clause: Clause) -> list[str]:
    """The groups that open a clause (looked up once per clause, and only if a figure needs them)."""
    if clause.lead_groups is None:
        clause.lead_groups = _group_before(text, clause.start, clause.first_figure, lead=True)
    return clause.lead_groups


@lru_cache(maxsize=64)
def _paragraph_body(text: str, start: int, end: int) -> str | None:
    """The coalition a paragraph's counts belong to when it names one (looked up once per paragraph)."""
    name, rx = vocab.BODY_PATTERNS[0]
    return name if rx.search(text, start, end) else None


def figure_scope(text: str, f: Figure) -> tuple[str, int | None]:
    """Who or where a figure is about: sex (right after the figure), groups, or the body holding a count;
    and where the words that name it end (the quote runs on to them), None when they are not close."""
    ctx = f.ctx
    assert ctx is not None, "the context stage places every figure first"
    cs, fwd_end, sub_start, prev_end = ctx.clause.start, ctx.fwd[1], ctx.sub_start, ctx.prev_end
    if f.unit in (vocab.COUNT, vocab.YEARS, vocab.USD):
        # a body after the count, within its own statement ("1,100 pledges made to the Partner2Connect …",
        # not "… 1,300 pledges by the end of 2035, and the Internet Governance Forum held …")
        own = _NEXT_STATEMENT.search(text, f.end, min(fwd_end, f.end + 200))
        window = text[f.start : own.start() if own else min(fwd_end, f.end + 200)]
        for name, rx in vocab.BODY_PATTERNS:
            bm = rx.search(window)
            if bm:
                return name, f.start + bm.end() if bm.start() < 120 else None
        # the body that held the meetings or has the mandate, named before the count in its clause
        before = [
            (m.start(), name)
            for name, rx in vocab.BODY_PATTERNS
            for m in rx.finditer(text, sub_start, f.start)
        ]
        if before:
            return max(before)[1], None
        pledged = _PLEDGE_WORDS.search(text, sub_start, min(ctx.sub_end, f.end + 300))
        if f.unit in (vocab.COUNT, vocab.USD) and pledged and _paragraph_body(text, *ctx.paragraph):
            return _paragraph_body(text, *ctx.paragraph), None  # "… 130 countries have made commitments"
    sex = None
    sex_end = None
    is_gap = f.indicator in ("gender_gap", "offline_gender_gap", "gender_parity_score") or (
        f.indicator or ""
    ).endswith("_gap")
    if f.indicator == "youth_gap":
        sex = "youth"
    elif f.indicator in ("gender_gap", "offline_gender_gap", "gender_parity_score") and (
        _YOUNG.match(text, f.end, fwd_end) or _MEASURED_SEX.search(text, sub_start, f.start)
    ):
        sex = (
            "youth"
            if (
                _YOUNG.match(text, f.end, fwd_end)
                or vocab.population(_MEASURED_SEX.search(text, sub_start, f.start).group("sex")) == "youth"
            )
            else None
        )
    elif not is_gap:
        sm = _SEX_AFTER.match(text[f.end : fwd_end])
        if sm:
            sex, sex_end = vocab.population(sm.group("sex")), f.end + sm.end()
        else:
            back = text[max(cs, f.start - 30) : f.start]
            sb = (
                _SEX_BEFORE.search(back)
                or (back.rstrip().endswith("(") and _POPULATION_PAREN.search(back))
                or _MEASURED_SEX.search(text[sub_start : f.start])
                or (
                    f.unit == vocab.SHARE and _SUBJECT_SEX.search(text, max(sub_start, f.start - 60), f.start)
                )
            )
            subject = _opening_population(text, sub_start, f.start) if f.unit == vocab.SHARE else None
            if sb:
                sex = vocab.population(sb.group("sex"))
            elif subject:
                sex = subject  # "young people aged 15 to 24 are online at a rate of 81 per cent"
            elif f.indicator == "women_population_share":
                sex = "women"  # "…, of whom women represent 60 per cent": the share is the women's
    if f.unit in (vocab.COUNT, vocab.YEARS):
        # a count's groups must follow it closely ("46 least developed countries", "pledges from LDCs")
        groups, g_end = _group_scope(text, f.core_start, min(fwd_end, f.end + 60))
        limit = f.end + 60
        starts = [m.start() for _, rx in vocab.GROUP_PATTERNS for m in rx.finditer(text, f.core_start, limit)]
        first = min(starts, default=None)
        if groups and first is not None and first - f.end <= 25:
            return ";".join(groups), g_end
        return "world", None
    # groups named after the figure, up to the first comma or dash (what follows is another statement)
    stop = _SCOPE_STOP.search(text, f.end, min(fwd_end, f.end + 200))
    groups, g_end = _group_scope(text, f.end, stop.start() if stop else min(fwd_end, f.end + 200))
    if not groups:  # "in the least developed countries, only 36 per cent …"
        groups, g_end = _group_before(text, max(cs, f.start - 100, prev_end, sub_start), f.start), None
    if not groups:  # "Europe has …, at 91 per cent", "the CIS (89%)"
        bracketed = text[max(cs, f.start - 3) : f.start].rstrip().endswith("(")
        gp = _GROUP_PAREN.search(text, max(cs, f.start - 80), f.start) if bracketed else None
        groups = _group_scope(text, gp.start(), gp.end())[0] if gp else []
    if not groups and sub_start > cs:  # "…, while low-income countries are at 60 per cent"
        groups = _group_before(text, sub_start, f.start, lead=True)
    if not groups:  # a group that opens the clause covers all its figures ("In LDCs, 5G …, while 4G …")
        groups = _lead_groups(text, ctx.clause)
    groups = [g for g in groups if not (g == "world" and len(groups) > 1)]
    if f.indicator == "urban_rural_gap":  # the gap is between them: its scope is where it is measured
        groups = [g for g in groups if g not in ("urban", "rural")]
    if sex and groups and groups != ["world"]:
        return ";".join(f"{g}_{sex}" for g in groups), sex_end
    if sex:
        return sex, sex_end
    if groups:
        end = g_end if g_end is not None and g_end - f.end <= 80 else None
        return ";".join(groups), end
    return "world", None


def _listed_names(words: str, count: int) -> list[str] | None:
    """The populations (women, men) or else the groups named in `words`, in order, if there are `count`."""
    names = [vocab.population(m.group("sex")) for m in _SEX_WORD.finditer(words)]
    if len(names) == count:
        return names
    found, last_end = [], -1
    for s, e, name in sorted(
        (m.start(), m.end(), name) for name, rx in vocab.GROUP_PATTERNS for m in rx.finditer(words)
    ):
        if s >= last_end and name != "world":  # a nested match ("middle-income" in "upper-middle-…") once
            found.append(name)
            last_end = e
    return found if len(found) == count else None


def respectively(text: str, figures: list[Figure], cs: int, ce: int) -> None:
    """ "63 and 69 per cent of women and men, respectively" or "Internet use in the Americas and the CIS is
    87 and 89 per cent, respectively": give each figure of the list its own scope."""
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and LIST_JOIN.match(text[figures[j].end : figures[j + 1].start]):
            j += 1
        if j > i:
            rm = _RESPECTIVELY.match(text[figures[j].end : ce])
            if rm:
                names = _listed_names(rm.group(0), j - i + 1)
                tail_end = figures[j].end + rm.end()
                if names is None:  # the populations are named before the list
                    ctx = figures[i].ctx
                    lead_start = max(cs, figures[i - 1].end if i > 0 else cs, ctx.sub_start if ctx else cs)
                    names = _listed_names(text[lead_start : figures[i].start], j - i + 1)
                    tail_end = None
                for k, name in enumerate(names or []):
                    figures[i + k].scope = name
                    figures[i + k].scope_end = tail_end
        i = j + 1
