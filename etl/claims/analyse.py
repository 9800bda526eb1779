"""Analysis: what each figure of a clause measures (its indicator), its kind, and then its year and scope.

Why in this order: the concept is read first from the figure's own forward window, then from the words just
before it (a specific concept before the figure beats a weak one after it, "connect the remaining 2.6
billion people"); a difference in points or "N times more likely" is a gap named by the populations the
clause compares; the kind (change, target, observation) needs the concept's words out of the way; the year
and the scope come last, because a level of a change shares its change's year and population. Figures whose
windows name no concept take a neighbour's (:func:`inherit`).
"""

from __future__ import annotations

import re

from etl.claims import vocab
from etl.claims.context import NEAR, first_indicator, place
from etl.claims.figures import Figure
from etl.claims.grammar import HC, RESTATED, H, S
from etl.claims.scope import figure_scope, names_group
from etl.claims.years import figure_deadline, level_periods, stated_year

_CHANGE_BEFORE = re.compile(
    rf"\b(?:increased|increases?|grew|grown|growth(?:{S}rate)?|rose|risen|rises?|fell|fallen|falls?|decreased|"
    rf"decreases?|declined|declines?|dropped|drops?|widened|narrowed|jumped|expanded|reduced|reductions?|"
    rf"gains?|climbed|shrank|shrunk|up|down)\b(?:{S}[\w’']+){{0,4}}?{S}(?:by|of|from|to|at)?\s*$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    rf"^(?:{S}[\w’']+){{0,2}}?{S}(?:increase|rise|growth|decline|drop|decrease|jump|gain|fall|more{S}than{S}in|"
    rf"less{S}than{S}in|fewer{S}than{S}in|higher{S}than{S}in|lower{S}than{S}in)\b",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    rf"\b(?:(?:targets?|goals?|objectives?|aims?|ambition)(?:{S}(?:is|was|of|to|for|at))?"
    rf"(?:{S}(?:reach|achieve|attain|connect|ensure|provide|bring|have|increase|raise|reduce|be))?"
    rf"|(?:should|must|shall|to){S}(?:reach|achieve|attain|exceed))(?:{S}[\w’']+){{0,3}}?\s+$",
    re.IGNORECASE,
)

# what makes a figure with a deadline after it a goal: a call, a commitment, an aim or a modal before it in
# its clause ("Calls for 75 per cent … by 2025", "commit to connecting 60 per cent … by 2030")
_CALL = re.compile(
    r"\b(?:should|must|shall|targets?|goals?|aims?|aimed|aiming|ambitions?|objectives?"
    r"|(?:calls?|called|calling)\s+(?:for|upon|on)|(?:commit(?:s|ted|ting|ments?)?|pledge[sd]?|resolves?|resolved"
    r"|strives?|striving|aspires?|urges?|seeks?)\s+to"
    r"|to\s+(?:reach|achieve|attain|bring|raise|increase|reduce|halve|double|connect|ensure))\b",
    re.IGNORECASE,
)
# "…, and calls for 75 per cent … by 2030": the verb that opens a clause ends the clause break before it
_CALL_OPENS = re.compile(r"\b(?:calls|urges)$")
# a definite figure is a population that exists, even inside a call ("to connect the 2.6 billion people …")
_DEFINITE = re.compile(rf"\b(?:the|these|those)(?:{S}(?:remaining|estimated|other))?\s+$", re.IGNORECASE)
_THRESHOLD_BEFORE = re.compile(
    rf"\b(?:is|are)(?:{S}only)?{S}(?:reached|achieved|attained|met|defined)(?:{S}when\b[^;.]{{0,60}}?)?"
    rf"(?:{S}between(?:{S}[0-9.]+{S}and)?|{S}(?:at|above|below|from))?\s*$",
    re.IGNORECASE,
)
_THRESHOLD_WORD = re.compile(r"reached|achieved|attained|\bmet\b|defined")
_TARGET_CLAUSE = re.compile(
    rf"\b(?:to|should|must|shall){S}(?:ensure|guarantee){S}that\b"
    rf"|\b(?:targets?|goals?)\b(?:{S}[\w’']+){{0,4}}?{S}(?:is|are|was){S}(?:that|to)\b",
    re.IGNORECASE,
)

# "grew by 6 per cent in 2031, to 1.5 billion", "… between 2019 and 2021, to 4.9 billion": the level reached
_REACHED = re.compile(
    rf"(?:{S}(?:in{S}(?:19|20)[0-9]{{2}}|between{S}(?:19|20)[0-9]{{2}}{S}and{S}(?:19|20)[0-9]{{2}}))?,?{S}to{S}"
)
_FROM_TO = re.compile(rf"[^,;.\d]{{0,80}}?(?:{S}in{S}(?:19|20)[0-9]{{2}})?{S}to{S}")
_TARGET_AFTER = re.compile(rf"^(?:{S}[\w’'{HC}]+){{0,2}}?{S}(?:targets?|thresholds?|goals?)\b", re.IGNORECASE)


def analyse_clause(
    text: str, figures: list[Figure], clause: tuple[int, int], paragraph: tuple[int, int]
) -> None:
    """Indicator, kind, year and scope of each figure of one clause (in text order)."""
    place(text, figures, clause, paragraph)
    for i, f in enumerate(figures):
        _indicator(text, figures, i)
        _kind(text, figures, i)
        f.growth_named = _growth_named(text, figures, i)
        stated_year(text, figures, i)
        f.scope, f.scope_end = figure_scope(text, f)
        if f.is_level and i > 0 and f.scope == "world" and f.scope_end is None:
            f.scope = figures[i - 1].scope  # "… in LDCs fell from 40 to 35 per cent": same population
        elif i > 0 and f.scope == "world" and f.scope_end is None and _contrasted(text, figures[i - 1], f):
            f.scope = figures[i - 1].scope  # "… 88 per cent of the people of LDCs, but 5G only 9 per cent"
        if f.is_generic:
            f.scope, f.scope_end = "generic", None
    level_periods(figures)


_CONTRAST = re.compile(rf",?{S}(?:but|while|whereas|yet)\b", re.IGNORECASE)
_BARE_END = re.compile(r"\s*(?:[.;,)]|$)")


def _contrasted(text: str, prev: Figure, f: Figure) -> bool:
    """Is f a bare share that a contrast sets against the share of a group before it ("Mobile broadband
    covers 88 per cent of the population of LDCs, but 5G reaches only 9 per cent"): the same population?"""
    if not (
        f.unit == prev.unit == vocab.SHARE
        and prev.scope not in (None, "world")
        and _BARE_END.match(text, f.end)
    ):
        return False
    contrast = list(_CONTRAST.finditer(text, prev.end, f.start))
    # the contrasted statement names no group of its own ("…, whereas globally the share is 66 per cent")
    return bool(contrast) and not names_group(text, contrast[-1].end(), f.start)


_ADJACENT = 12  # characters: a concept this close before a figure is its subject ("4G networks now cover …")
_GLUE = re.compile(r"[\w’' \u00a0]*")  # only words between a subject and its figure (no ":", "," or dash)


def _indicator(text: str, figures: list[Figure], i: int) -> None:
    """The concept figures[i] measures: a counted noun, else the first concept after it, else the last one
    named before it since the previous figure; a comparison in points or times is a gap."""
    f = figures[i]
    ctx = f.ctx
    assert ctx is not None
    if f.noun_indicator:
        f.indicator = f.noun_indicator
    else:
        fwd_end = ctx.fwd[1]
        hit = first_indicator(text[f.core_end : fwd_end], f.unit, f.core_end)
        if f.unit == vocab.PER_100 and "100" not in text[f.core_end : f.end]:
            hit = None  # "… subscriptions per 100 inhabitants reached 87": the concept is before it
        has_prev = any(g.unit == f.unit for g in figures[:i])
        if hit and has_prev and hit[1][0] - f.end > NEAR:
            hit = None  # a concept this far away belongs to the sentence, not to this figure: inherit
        # a concept after the figure that follows a comma may be the next statement's ("…, and 5G reaches")
        far = hit is not None and hit[1][0] - f.end > _ADJACENT and "," in text[f.end : hit[1][0]]
        if hit is None or hit[0] in vocab.WEAK_INDICATORS or far:
            bs, be = ctx.back
            if has_prev:  # only a concept named since the last figure ("…, while 5G reaches 51 per cent")
                bs = max(bs, figures[i - 1].end)
            back = first_indicator(text[bs:be], f.unit, bs, reverse=True)
            if (
                back
                and has_prev
                and back[0] == next(g.indicator for g in reversed(figures[:i]) if g.unit == f.unit)
            ):
                back = None  # the previous figure's own predicate: inherited, not quoted again
            prev_span = figures[i - 1].indicator_span if i > 0 else None
            if back and prev_span and back[1][0] < prev_span[1] and back[1][1] > prev_span[0]:
                back = None  # "2.6 billion people still offline and 5G in 40 per cent": not this one's
            if (
                back
                and far
                and hit[0] not in vocab.WEAK_INDICATORS
                and not (f.start - back[1][1] <= _ADJACENT and _GLUE.fullmatch(text, back[1][1], f.start))
            ):
                back = None  # a concept after the figure beats one before it, unless that one is its subject
            # "connect the remaining 2.6 billion people": the specific concept before beats "people";
            # "4G networks now cover 93 per cent …, and 5G reaches 62 per cent": the subject beats the next's
            if back and (hit is None or back[0] not in vocab.WEAK_INDICATORS):
                hit = back
                f.named_before = True
        if hit:
            f.indicator, f.indicator_span, f.rule = hit
    gap = _gap_indicator(text, f, ctx.clause.start, ctx.clause.end)
    if gap is not None and (
        f.indicator is None
        or f.unit == vocab.POINTS
        or f.indicator.endswith(("_gap", "_count", "population"))
    ):
        f.indicator, f.indicator_span = gap, None
        f.named_before = False


def _kind(text: str, figures: list[Figure], i: int) -> None:
    """Change, target or observation, from the words just before and after figures[i]."""
    f = figures[i]
    ctx = f.ctx
    assert ctx is not None
    cs = ctx.clause.start
    back_text = text[max(cs, f.start - 80) : f.start]
    fwd_text = text[f.end : min(ctx.fwd[1], f.end + 60)]
    if _CHANGE_BEFORE.search(back_text) or _CHANGE_AFTER.match(fwd_text):
        f.kind = "change"
    elif _TARGET_AFTER.match(fwd_text):
        f.kind = "target"  # "the 2 per cent affordability target"
    elif _TARGET_BEFORE.search(back_text) or (
        figure_deadline(text, f)
        and not _DEFINITE.search(back_text)
        and (_CALL.search(text, cs, f.start) or _CALL_OPENS.search(text, max(0, cs - 8), cs))
    ):
        f.kind = "target"  # "Calls for 75 per cent … by 2025", not "to connect the 2.6 billion … by 2030"
    elif _THRESHOLD_WORD.search(back_text) and _THRESHOLD_BEFORE.search(text, max(cs, f.start - 80), f.start):
        f.kind = "target"  # "parity is reached between 0.98 and 1.02": a definitional threshold
        f.is_generic = True
    elif _TARGET_CLAUSE.search(text, max(ctx.sub_start, f.start - 150), f.start):
        f.kind = "target"  # "to ensure that entry-level broadband costs less than 2 per cent …"
    elif i > 0 and figures[i - 1].kind == "change":
        between = text[figures[i - 1].end : f.start] + " "
        if _REACHED.fullmatch(between) or (figures[i - 1].is_level and _FROM_TO.fullmatch(between)):
            f.kind = "change"  # "fell from X (… in 2026) to Y": both are levels of a change
            f.is_level = True
            # "grew by 6 per cent in 2031, to 1.5 billion": the level reached
            f.is_reached = not figures[i - 1].is_level
    if f.kind == "change" and re.search(rf"\bfrom{S}$", back_text):
        f.is_level = True
    elif (
        f.kind == "change"
        and i > 0
        and figures[i - 1].is_level
        and _FROM_TO.fullmatch(text[figures[i - 1].end : f.start] + " ")
    ):
        f.is_level = True  # "fell from 40 per cent to 35 per cent" read as a change by its verb: a level too


_GAP_BEFORE = re.compile(
    rf"\b(?:gap|difference|divide)(?:{S}(?:of|is|was|stands{S}at|stood{S}at|amounts{S}to))?(?:{S}(?:just|only|some))?{S}$",
    re.IGNORECASE,
)
_GAP_AFTER = re.compile(r"^\s*(?:more|less|higher|lower|fewer)\b", re.IGNORECASE)
_GAP_GROUPS = [  # which gap a comparison in points or times measures, from the people the clause names
    (
        "youth_gap",
        re.compile(rf"\b(?:{vocab.AGE_RULES[0][1]}|{vocab.AGE_RULES[1][1]}|aged{S}15)", re.IGNORECASE),
    ),
    ("urban_rural_gap", re.compile(r"\b(?:urban|rural)\b", re.IGNORECASE)),
    ("gender_gap", re.compile(r"\b(?:women|men|girls|boys|gender|female|male)\b", re.IGNORECASE)),
]


def _gap_indicator(text: str, f: Figure, cs: int, ce: int) -> str | None:
    """A difference in percentage points or a "N times more likely" between two populations is a gap:
    which one (youth, urban/rural, gender) the clause says by the people it names."""
    times = "times" in text[f.start : f.end]
    if f.unit not in (vocab.POINTS, vocab.RATIO) or (f.unit == vocab.RATIO and not times):
        return None
    if not (
        _GAP_BEFORE.search(text[max(cs, f.start - 40) : f.start])
        or _GAP_AFTER.match(text[f.end : f.end + 12])
    ):
        return None
    clause = text[cs:ce]
    return next((name for name, rx in _GAP_GROUPS if rx.search(clause)), None)


def _lends(g: Figure, f: Figure, restated: bool = False) -> str | None:
    """The concept figure g can lend to f: its own in the same unit (a difference in points is about the
    shares it compares), else the same concept in f's unit ("112 … subscriptions per 100 inhabitants and
    8.9 billion subscriptions in total")."""
    if not g.indicator:
        return None
    if g.unit == f.unit or (f.unit == vocab.POINTS and g.unit == vocab.SHARE):
        return g.indicator
    # a change in per cent next to a change of a count is its growth rate ("grew by 782 million between 2019
    # and 2021, a growth of 17 per cent"), as claim_indicator names it
    growth = f.unit == vocab.SHARE and f.kind == g.kind == "change" and not f.is_level
    if f.unit == vocab.SHARE and not (restated or growth):
        return None  # a share names its own concept ("the 3 billion without …, 5G in 40 per cent of cities")
    return vocab.RULE_UNITS.get(g.rule or vocab.CONCEPT_OF.get(g.indicator, ""), {}).get(f.unit)


def _statement(f: Figure) -> int:
    """Which sub-clause of its clause a figure is in (", while …", ", and that …" start a new one)."""
    assert f.ctx is not None
    return sum(1 for _, b in f.ctx.clause.subs if b <= f.start)


def inherit(text: str, figures: list[Figure], carried: dict[str, str]) -> None:
    """Figures whose window names no concept share the one of their neighbour in the clause:
    the previous figure of the same unit first ("… and 31 per cent lower in the least developed countries"),
    else the next one ("almost half …, as well as more than four in five …, do not have access …"), else
    a neighbour's concept in another unit, else the paragraph's last concept in this unit ("This represents
    an increase of 3.2 per cent"; "Ownership among women and men stands at 77 and 80 per cent")."""
    for i, f in enumerate(figures):
        if _of_the_offline(text, figures, i, carried):
            f.indicator = "offline_population_group_share"  # "2.9 billion offline, 96 per cent of whom …"
            continue
        if f.indicator:
            continue
        # a neighbour of the same statement first ("fell from 3.4 to 2.8 per cent of GNI per capita", not the
        # traffic figure of the sub-clause before it), then any neighbour of the clause
        here = _statement(f)
        same = [g for g in reversed(figures[:i]) if g.unit == f.unit or f.unit == vocab.POINTS]
        later = [g for g in figures[i + 1 :] if g.unit == f.unit and g.indicator]
        prev = next((g for g in same if _statement(g) == here and _lends(g, f)), None)
        nxt = next((g for g in later if _statement(g) == here), None) if prev is None else None
        if prev is None and nxt is None:
            prev = next((g for g in same if _lends(g, f)), None)
            nxt = next(iter(later), None) if prev is None else None
        if prev is not None:
            f.indicator = _lends(prev, f)
            if prev.kind == "change" and f.kind == "observation" and f.inherited_from is not None:
                f.kind = "change"
            continue
        if nxt is not None:
            f.indicator = nxt.indicator
            if nxt.indicator_span and not nxt.named_before:
                f.quote_end = nxt.indicator_span[1]
            continue
        # "5.6 billion people used the Internet in 2032, 69 per cent of the population": a count restated
        restated = i > 0 and bool(RESTATED.match(text, figures[i - 1].end, f.start))
        if restated and _lends(figures[i - 1], f, restated=True):
            f.indicator = _lends(figures[i - 1], f, restated=True)
            continue
        # a concept in another unit only from the same statement ("a third of humanity remains offline, and
        # that the figure reached 5.4 billion": the offline share names nothing of that count)
        other = next(
            (
                g
                for g in [*reversed(figures[:i]), *figures[i + 1 :]]
                if _statement(g) == here and _lends(g, f)
            ),
            None,
        )
        if other is not None:
            f.indicator = _lends(other, f)
        elif f.unit in carried:
            f.indicator = carried[f.unit]
        elif f.unit == vocab.SHARE and f.kind == "change" and vocab.PERSONS in carried:
            # "5.6 billion people used the Internet. Growth slowed to 3.9 per cent": the count's growth
            concept = vocab.CONCEPT_OF.get(carried[vocab.PERSONS], "")
            f.indicator = vocab.RULE_UNITS.get(concept, {}).get(f.unit)


_GROWTH_NAMED = re.compile(r"\bgrowth\b", re.IGNORECASE)


def _growth_named(text: str, figures: list[Figure], i: int) -> bool:
    """Is "growth" what the clause says figures[i] measures: named before it, and after every concept the
    clause names for it or the figures before it ("Growth slowed to 3.9 per cent, down from 4.7 per cent"),
    not before them ("Growth was fastest in LDCs, where Internet use rose from 36 to 45 per cent")?"""
    f = figures[i]
    assert f.ctx is not None
    named = [m.start() for m in _GROWTH_NAMED.finditer(text, f.ctx.clause.start, f.start)]
    spans = [
        g.indicator_span[0] for g in figures[: i + 1] if g.indicator_span and g.indicator_span[0] < f.start
    ]
    return bool(named) and all(s <= named[-1] for s in spans)


_PARTITIVE_AFTER = re.compile(rf"{S}of{S}(?:whom|them|these|those)\b", re.IGNORECASE)
_PARTITIVE_BEFORE = re.compile(rf"\b(?:of|among){S}(?:whom|them|these|those)\s*,?\s*$", re.IGNORECASE)


def _of_the_offline(text: str, figures: list[Figure], i: int, carried: dict[str, str]) -> bool:
    """A share "of whom" / "of these" whose people are the offline population counted just before it (in
    its clause, else in its paragraph): the share of the offline population in a group."""
    f = figures[i]
    if f.unit != vocab.SHARE or f.ctx is None:
        return False
    if not (
        _PARTITIVE_AFTER.match(text, f.end, f.ctx.fwd[1])
        or _PARTITIVE_BEFORE.search(text, max(f.ctx.clause.start, f.start - 20), f.start)
    ):
        return False
    before = [g.indicator for g in figures[:i] if g.unit == vocab.PERSONS]
    return (before[-1] if before else carried.get(vocab.PERSONS)) == "offline_population_count"


_BASKETS = re.compile(
    rf"(?P<fixed>fixed(?:{S}|{H})broadband)|(?P<mobile>mobile(?:{S}|{H})broadband|mobile{S}data|data{H}only)",
    re.IGNORECASE,
)


def price_basket(text: str, start: int, end: int, after_end: int) -> str | None:
    """Which price a "% of GNI per capita" figure is about: the basket named right after it ("1.1 per cent
    for a mobile-broadband basket"), else the last one named before it in its clause."""
    after = _BASKETS.search(text, end, min(after_end, end + 60))
    before = list(_BASKETS.finditer(text, start, end))
    m = after or (before[-1] if before else None)
    if m is None:
        return None
    return "fixed_broadband_price_gni_share" if m.group("fixed") else "mobile_broadband_price_gni_share"


def claim_indicator(text: str, f: Figure) -> tuple[str, str]:
    """The unit and indicator a claim row gets: the concept in its unit, a price by its basket, a change of
    a share or a count as a growth rate; the vocabulary's fallback when no concept was found."""
    ctx = f.ctx
    assert ctx is not None and f.unit is not None
    unit = f.unit
    indicator = f.indicator or vocab.FALLBACK_INDICATOR[unit]
    # a target's basket is only the one named with it ("below the 2 per cent target" is for entry-level
    # broadband, whatever basket the clause measured before it)
    before = f.start if f.kind == "target" else ctx.clause.start
    if indicator.endswith("price_gni_share"):
        unit = vocab.GNI
        indicator = price_basket(text, before, f.end, ctx.fwd[1]) or indicator
    elif indicator == "ict_price_usd":  # "a mobile-broadband plan costs USD 5"
        basket = price_basket(text, before, f.end, ctx.fwd[1])
        indicator = basket.replace("_gni_share", "_usd") if basket else indicator
    if indicator.endswith("subscriptions_count") and unit == vocab.PERSONS:
        unit = vocab.SUBSCRIPTIONS  # "reached 5.3 billion": subscriptions, not people
    # a change in per cent is a growth rate, and so are its levels when the clause names the growth ("Growth
    # slowed to 3.9 per cent, down from 4.7 per cent"); "fell from 40 to 35 per cent" are levels of a share
    if f.is_level and not f.growth_named and indicator == "internet_users_growth_rate":
        indicator = "internet_use_share"  # "Internet use rose from 36 per cent to 45 per cent": levels of use
    if f.kind == "change" and unit == vocab.SHARE and (not f.is_level or f.growth_named):
        if indicator == "internet_use_share":
            indicator = "internet_users_growth_rate"
        elif indicator.endswith(("_subscriptions_share", "_traffic_share")):
            indicator = indicator.removesuffix("_share") + "_growth_rate"  # "grew by 6 per cent"
    return unit, indicator
