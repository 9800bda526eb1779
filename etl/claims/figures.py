"""Number reading: every figure of a piece of text, as a `Figure` with its value, unit and qualifier.

Why a stage of its own: what a number IS (a share, a count of people, a date, a reference, part of a name)
is decided from the number phrase and a few words around it, before anything is known of what it measures.
Each candidate position is read by the anchored grammar of :mod:`etl.claims.grammar`, so the cost is linear
in the text; the later stages (context, scope, years) only annotate the figures found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from etl.claims import vocab
from etl.claims.context import Context
from etl.claims.grammar import (
    ASCII_LOWER,
    CHANGED_BY,
    CLAUSE_BREAK,
    COMPARE_JOIN,
    CORE,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DATE_AFTER,
    DATE_BEFORE,
    DIGIT_RUN,
    EXABYTES,
    HALF_A,
    LINK_CLOSE,
    LIST_JOIN,
    NAME_NUMBER,
    NOUN_AFTER,
    NUMBER_WORD,
    PER_100,
    PER_100_BEFORE,
    PERSON_AFTER,
    PLAIN_NUMBER,
    REFERENCE_BEFORE,
    SCALE,
    SCALES,
    SUBS_AFTER,
    TIMES,
    TITLE_END,
    TITLE_OPEN,
    UNIT,
    WORD_FRACTIONS,
    WORD_TENS,
    WORD_UNITS,
    YEARLIKE,
    H,
    S,
)


@dataclass(eq=False)
class Figure:
    """One number mention inside a paragraph (offsets are positions in the ORIGINAL text), and what the
    later stages find out about it (each field typed; nothing is passed through a loose dict)."""

    start: int  # first character (the qualifier if any)
    end: int  # last character of the number phrase (scale, unit, counted noun)
    value: float
    unit: str | None
    token: str  # the number as written ("4.1", "two thirds")
    core_end: int  # end of the number itself, before scale, unit or noun
    qualifier: str | None = None
    noun_indicator: str | None = None  # a counted noun names the concept directly ("600 pledges")
    noun_end: int | None = None
    core_start: int = 0
    is_bare: bool = False
    range_start: int | None = None
    range_partner: Figure | None = None  # the lower bound, on the upper bound of a range
    inherited_from: int | None = None  # index of the figure whose unit a list member took
    ctx: Context | None = None  # where it sits in its clause (set by the context stage)
    # what it measures
    indicator: str | None = None
    indicator_span: tuple[int, int] | None = None
    rule: str | None = None  # the vocabulary rule that named the concept
    named_before: bool = False  # the concept was named before the figure ("the share of women … is 25 %")
    # its kind
    kind: str = "observation"
    is_level: bool = False  # a level of a change ("fell from 40 per cent … to 35 per cent")
    is_reached: bool = False  # the level a change reached ("grew by 6 per cent, to 1.5 billion")
    is_generic: bool = False  # a definitional threshold ("parity is reached between 0.98 and 1.02")
    growth_named: bool = False  # "growth" is what its clause says it measures (a level of a growth rate)
    # who, when
    scope: str | None = None
    scope_end: int | None = None
    year: str | None = None
    year_rule: str | None = None
    year_event: str | None = None  # the event_id of data/events.csv when the year is an event's
    year_end: int | None = None
    since: int | None = None  # a change "since 2029" whose later year the paragraph does not state
    year_offset: int = 0  # -1 for "a year earlier": relative to the year the paragraph is about
    quote_end: int | None = None


def _word_value(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w in ("a hundred", "one hundred"):
        return 100.0
    parts = re.split(rf"{H}", w)
    if parts[0] in WORD_TENS:
        return float(WORD_TENS[parts[0]] + (WORD_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return float(WORD_UNITS[w]) if w in WORD_UNITS else None


def _to_number(token: str) -> float | None:
    plain = re.sub(r"(?<=[0-9])[,\s](?=[0-9]{3})", "", token)
    if PLAIN_NUMBER.fullmatch(plain):
        return float(plain)
    return _word_value(token)


def _is_masked(text: str, lo: int, hi: int, pos: int, end: int) -> bool:
    """Is the number at text[pos:end] inside a title, a quotation, link markup or a name? (local look-up,
    so the cost does not grow with the length of a paragraph)"""
    before = text[max(lo, pos - 400) : pos]
    after = text[end : min(hi, end + 400)]
    if before.rfind("“") > before.rfind("”") and "”" in after:
        return True
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    if before.rfind("[") > before.rfind("]") and LINK_CLOSE.match(after):
        return True
    title_window = text[max(lo, pos - 300) : pos]
    opener = None
    for opener in TITLE_OPEN.finditer(title_window):  # noqa: B007 - the last one counts
        pass
    if opener is not None and not TITLE_END.search(title_window, opener.end()):
        return True
    token = text[pos:end]
    lead = text[max(lo, pos - 30) : pos].lower()
    if not (
        (len(token) == 4 and token.isdigit())
        or (len(token) == 3 and token[1] == ".")
        or any(w in lead for w in ("next", "other", "last"))
    ):
        return False  # only years, "4.0" and "the next/other …" make up the names of NAME_NUMBER
    names = NAME_NUMBER.finditer(text, max(lo, pos - 60), min(hi, end + 40))
    return any(m.start() <= pos < m.end() for m in names)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a piece of a paragraph at semicolons and sentence ends (context never crosses these)."""
    out, s = [], start
    for m in CLAUSE_BREAK.finditer(text, start, end):
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return out


def number_starts(text: str) -> list[int]:
    """Where a number may start: cheap scans for digit runs and number words; the full grammar then runs
    anchored at these positions only (a few per paragraph), which keeps extraction fast on long texts."""
    out = [m.start() for m in DIGIT_RUN.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # a few Unicode letters change length when lower-cased
        lower = text.translate(ASCII_LOWER)
    out += [m.start() for m in NUMBER_WORD.finditer(lower)]
    return sorted(out)


def find_figures(text: str, positions: list[int], start: int, end: int) -> list[Figure]:
    """The number-phrase grammar at each candidate position of text[start:end]: value, unit, qualifier."""
    figures: list[Figure] = []
    consumed_until = start
    for pos in positions:
        if pos < consumed_until:
            continue
        m = CORE.match(text, pos, end)
        if m is None or _is_masked(text, start, end, m.start(), m.end()):
            continue
        after = text[m.end() : min(end, m.end() + 160)]
        before = text[max(start, m.start() - 60) : m.start()]
        fig = _read_figure(m, text, before, after)
        if fig is None:
            continue
        consumed_until = fig.end
        figures.append(fig)
    return figures


def _read_figure(m: re.Match, text: str, before: str, after: str) -> Figure | None:
    """Turn one number core into a Figure (or None when it is a date, a reference or a name)."""
    core_end = m.end()
    remaining = None
    unit: str | None = None
    noun_indicator = None
    noun_end = None
    is_bare = False
    if m.group("in_n"):
        n, d = _to_number(m.group("in_n")), _to_number(m.group("in_m"))
        if not n or not d or n >= d or d > 1000 or YEARLIKE.match(m.group("in_m")):
            return None
        value, unit = round(100 * n / d, 2), vocab.SHARE
    elif m.group("frac"):
        d = WORD_FRACTIONS[m.group("frac_d").lower()]
        num_word = (m.group("frac_n") or "").lower()
        half_scale = HALF_A.match(after) if d == 2 and not num_word else None
        if half_scale:  # "half a billion people": a count, not a share
            scale = SCALES[half_scale.group("scale").lower()]
            rest = text[m.end() + half_scale.end() : m.end() + half_scale.end() + 160]
            pm = PERSON_AFTER.match(rest)
            unit = vocab.PERSONS
            end = m.end() + half_scale.end() + (pm.end() if pm else 0)
            qm = vocab.QUALIFIER_RE.search(before)
            qualifier = next((n for n, _ in vocab.QUALIFIERS if qm and qm.group(n)), None)
            start = m.start() - (len(qm.group(0)) if qualifier else 0)
            return Figure(
                start=start,
                end=end,
                value=0.5 * scale,
                unit=unit,
                qualifier=qualifier,
                noun_end=end if pm else None,
                core_start=m.start(),
                token=m.group(0),
                core_end=m.end(),
            )
        by_change = bool(CHANGED_BY.search(before))  # "traffic grew by a quarter", "fell by half"
        if d == 2:
            if (
                num_word not in ("", "a", "one")
                or (
                    re.search(
                        r"\b(?:other|first|second|next|last|latter|former|in|by|on|behalf)\s+$", before, re.I
                    )
                    and not by_change
                )
                or not (
                    by_change
                    or re.match(rf"{S}(?:of|the|a|an|its|their|our|all|[\w’']+(?:’s|'s))\b", after, re.I)
                )
            ):
                return None
            value = 50.0
        else:
            remaining = not num_word and re.search(rf"(?:\bthe{S})?\bremaining{S}$", before, re.I)
            if not num_word and not remaining:
                return None  # "third" alone is an ordinal, but "the remaining third of humanity" is a share
            n = 1 if num_word in ("a", "an", "one", "") else WORD_UNITS.get(num_word, 0)
            if n >= d or not (by_change or re.match(rf"{S}(?:of|the)\b", after, re.I)):
                return None
            value = round(100 * n / d, 2)
        unit = vocab.SHARE
    else:
        token = m.group("num") or m.group("word")
        value = _to_number(token)
        if value is None:
            return None
    end = core_end
    if unit is None:
        sm = SCALE.match(after)
        scale = 1.0
        if sm:
            scale = SCALES[sm.group("scale").lower()]
            end += sm.end()
        rest = text[end : end + 160]
        um = UNIT.match(rest)
        if um and not sm:
            unit = vocab.SHARE if um.group("pct") else vocab.POINTS
            end += um.end()
        elif not sm and TIMES.match(rest):
            unit, end = vocab.RATIO, end + TIMES.match(rest).end()
        elif EXABYTES.match(rest):
            unit, end = vocab.EXABYTES, end + EXABYTES.match(rest).end()
        elif CURRENCY_BEFORE.search(before) or CURRENCY_AFTER.match(after):
            unit = vocab.USD
            cm = CURRENCY_AFTER.match(text[core_end : core_end + 40])
            end = max(end, core_end + cm.end()) if cm else end
            currency = CURRENCY_BEFORE.search(before)
            remaining = currency  # the quote starts at "USD 5" (set as the figure's start below)
        else:
            pm = PER_100.match(rest.lstrip()) if not sm else None
            if pm:
                lead = len(rest) - len(rest.lstrip())
                unit, end = vocab.PER_100, end + lead + pm.end()
            else:
                read = _unit_from_noun(rest, end, bool(sm), m, before)
                if read is None:
                    return None  # a date, a year, a reference number
                unit, noun_indicator, noun_end, is_bare = read
        if scale != 1.0:  # exact decimal arithmetic: 4.1 billion is 4100000000, not 4099999999.9999995
            value = float(Decimal(repr(value)) * Decimal(int(scale)))
        if unit is None and not sm:
            is_bare = True
    qm = vocab.QUALIFIER_RE.search(before)
    qualifier = next((n for n, _ in vocab.QUALIFIERS if qm and qm.group(n)), None)
    start = m.start() - (len(qm.group(0)) if qualifier else 0)
    if remaining:  # "the remaining third of humanity", "USD 5"
        start = m.start() - len(remaining.group(0))
    return Figure(
        start=start,
        end=end,
        value=float(value),
        unit=unit,
        qualifier=qualifier,
        noun_indicator=noun_indicator,
        noun_end=noun_end,
        core_start=m.start(),
        is_bare=is_bare,
        token=m.group(0),
        core_end=m.end(),
    )


def _unit_from_noun(rest: str, pos: int, scaled: bool, m: re.Match, before: str):
    """Unit of a number without "per cent": from the noun it counts (people, subscriptions, pledges…)."""
    token = m.group("num") or m.group("word")
    if scaled:
        for rx, unit in ((SUBS_AFTER, vocab.SUBSCRIPTIONS), (PERSON_AFTER, vocab.PERSONS)):
            nm = rx.match(rest)
            if nm:
                return unit, None, pos + nm.end(), False
        cm = NOUN_AFTER.match(rest)
        if cm:
            return vocab.COUNT, None, pos + cm.end(), False
        return vocab.PERSONS, None, None, False  # "20 million" of people, by default
    if (
        (YEARLIKE.match(token) and not re.match(rf"{S}(?:{vocab.COUNT_NOUNS})\b", rest))
        or DATE_AFTER.match(rest)
        or DATE_BEFORE.search(before)
        or REFERENCE_BEFORE.search(before)
    ):
        return None
    nm = NOUN_AFTER.match(rest)
    if nm:
        noun = nm.group("noun")
        if noun == "years":  # a duration is a claim only as the length of a mandate ("a further 10 years")
            if not re.search(r"\b(?:mandate|extend\w*|extension|renew\w*|term)\b", before + rest[:100], re.I):
                return None
            return vocab.YEARS, None, pos + nm.end(), False
        for _name, rx, by_unit in vocab.INDICATOR_PATTERNS:
            if vocab.COUNT in by_unit and rx.fullmatch(noun.lower()):
                return vocab.COUNT, by_unit[vocab.COUNT], pos + nm.end(), False
    if "." in token and re.search(r"\bparity\b|\bratio\b|\bscore\b", before + rest[:40], re.I):
        return vocab.RATIO, None, None, False
    if PER_100_BEFORE.search(before):  # "subscriptions per 100 inhabitants reached 87 in 2023"
        return vocab.PER_100, None, None, False
    return None, None, None, True


def link_lists(text: str, figures: list[Figure]) -> None:
    """Ranges and lists ("between 80 and 90 per cent", "63 and 69 per cent") and comparisons
    ("90 … per 100 people …, compared with 41 in developing countries"): bare members take the unit."""
    # backwards: a bare number followed by a list joiner and a figure with a unit takes that unit
    for i in range(len(figures) - 2, -1, -1):
        f, g = figures[i], figures[i + 1]
        if (
            f.is_bare
            and g.unit
            and not YEARLIKE.match(f.token)
            and LIST_JOIN.match(text[f.end : g.start])
            and g.unit not in (vocab.YEARS, vocab.COUNT)
        ):
            f.unit, f.is_bare = g.unit, False
            f.inherited_from = i + 1
            rs = re.search(r"\bbetween\s+$|\bfrom\s+$", text[max(0, f.start - 10) : f.start], re.I)
            if rs or not re.search(r",|\band\b|\bor\b", text[f.end : g.start]):  # a range, not a list
                f.range_start = f.start - (len(rs.group(0)) if rs else 0)
                g.range_start = f.range_start
                g.range_partner = f
    # forwards: a bare number after a comparison joiner takes the unit of the figure before it
    for i in range(1, len(figures)):
        f, p = figures[i], figures[i - 1]
        if (
            f.is_bare
            and p.unit
            and p.unit not in (vocab.YEARS, vocab.COUNT)
            and not YEARLIKE.match(f.token)
            and not DATE_AFTER.match(text[f.end : f.end + 20])
            and COMPARE_JOIN.match(text[p.end : f.start])
            and re.match(rf"{S}(?:in|for|among|of){S}", text[f.end : f.end + 12])
        ):
            f.unit, f.is_bare = p.unit, False
            f.inherited_from = i - 1
