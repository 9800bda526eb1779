"""Extract quantitative claims from a text of the WSIS family: one validated row per mention of a figure.

Design (so that it generalises to texts it has never seen): a small number-phrase grammar finds every
figure (digits, number words, fractions, "N in M", with qualifier, scale and unit), name-like contexts are
masked out (quoted and "entitled" titles, symbols, ordinals, compounds such as "10-year"), and what a figure
measures is read from context windows inside its clause: the concept (indicator) from the declared
vocabulary in :mod:`etl.claims.vocab`, then scope, year and kind. A bare number without a unit becomes a
claim only when a counted noun follows it ("600 pledges") or it continues a comparison ("compared with 41").
A clause is read in sub-clauses (", while …", ", and that …"): a concept, year or group named in one is not
lent to figures of another, though a group that opens the clause covers all of it. Differences in points and
"N times more likely" are gaps, named by the populations the clause compares (gender, youth, urban/rural).
Every look-up per figure is bounded, so the cost is linear in the text however dense or long a paragraph is
(benchmarks/bench_claims.py measures it). Offsets always point into the original text and every quote is
checked to equal ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from etl.claims import vocab
from etl.claims.segment import SUPERSCRIPTS, Paragraph, segment
from etl.core import schemas
from etl.core.errors import Ict4dError

S = r"\s+"
H = vocab.H
HC = vocab.HC
_WORD_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_WORD_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
_WORD_FRACTIONS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
                   "tenth": 10, "tenths": 10}
_UNIT_WORD = "|".join(sorted(_WORD_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_WORD_TENS)
_NUMWORD = rf"(?:(?:{_TENS_WORD})(?:{H}(?:{_UNIT_WORD}))?|{_UNIT_WORD}|a{S}hundred|one{S}hundred)"
# thousands grouped by commas, or by (no-break, thin) spaces as some report pages do ("6 000 exabytes")
_DIGITS = (r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
           r"|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])(?=\s+[^\W\d])"
           r"|[0-9]+(?:\.[0-9]+)?")

# the number core: "four in five" | "two thirds" / "half" | digits | number words
_CORE = re.compile(
    rf"(?<![\w./+$€£{HC}])"
    rf"(?:(?P<in_n>[0-9]{{1,3}}|{_NUMWORD}){S}(?:in|out{S}of){S}(?!(?:19|20)[0-9]{{2}}\b)"
    rf"(?P<in_m>[0-9]{{1,4}}|{_NUMWORD})\b(?![{HC}/.,]\w)"
    rf"|(?P<frac>(?:(?P<frac_n>a|an|one|two|three|four|nine)(?:{S}|{H}))?(?P<frac_d>half|thirds?|quarters?|fifths?|tenths?))\b"
    rf"(?![{HC}]\w)"
    rf"|(?P<num>{_DIGITS})(?![\w/]|[.,][0-9]|{H}[^\W\d])"
    rf"|\b(?P<word>{_NUMWORD})\b(?![{HC}]\w))",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DIGIT_RUN = re.compile(r"(?<![0-9.,])[0-9]")
_NUMBER_WORD = re.compile(  # run on an ASCII-lower-cased copy (same length), so no IGNORECASE needed
    rf"\b(?:(?:a|an){S}(?:third|quarter|fifth|tenth|hundred)|{'|'.join(list(_WORD_UNITS) + list(_WORD_TENS))}"
    rf"|half|hundred|(?<=remaining\s)(?:third|quarter))\b"
)
_ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_SCALE = re.compile(rf"^{S}(?P<scale>thousand|million|billion|trillion|bn)\b", re.IGNORECASE)
_HALF_A = re.compile(rf"^{S}an?{S}(?P<scale>thousand|million|billion|trillion)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_UNIT = re.compile(
    rf"^\s*(?:(?P<pct>per{S}cent|percent|%)|(?P<pts>percentage{S}points?))(?!\w)", re.IGNORECASE
)
_PER_100 = re.compile(
    rf"^(?:[^\W\d][\w{HC}]*\s+){{0,5}}?per{S}100{S}(?:inhabitants|people|persons|population)\b", re.IGNORECASE
)
# "1.9 times more likely", "10 times the global median" (not "met three times")
_TIMES = re.compile(
    rf"^{S}times{S}(?=(?:more|less|higher|lower|greater|larger|faster|as|the|that|what)\b)", re.IGNORECASE
)
_EXABYTES = re.compile(rf"^{S}(?:exabytes|EB)\b")
_PER_100_BEFORE = re.compile(
    rf"\bper{S}100{S}(?:inhabitants|people|persons|population)\b[^.;,\d]{{0,30}}?"
    rf"\b(?:reached|stood{S}at|stands{S}at|was|is|were|are|of|at|rose{S}to|fell{S}to)\s+$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|USD|\$)\s?$")
_CURRENCY_AFTER = re.compile(
    rf"^(?:{S}(?:million|billion|trillion))?{S}(?:US{S}|United{S}States{S})?dollars\b", re.IGNORECASE
)
_NOUN_AFTER = re.compile(
    rf"^(?:\s+(?!(?:in|of|for|to|on|at|from|by|and|or|with|than|per|the|a|an|between|during)\b)[\w’'{HC}]+)"
    rf"{{0,3}}?\s+(?P<noun>{vocab.COUNT_NOUNS})\b"
)
_PERSON_AFTER = re.compile(
    rf"^(?:\s+[\w’'{HC}]+){{0,2}}?\s+(?P<noun>{vocab.PERSON_NOUNS})\b", re.IGNORECASE
)
_SUBS_AFTER = re.compile(
    rf"^(?:\s+[\w’'{HC}]+){{0,3}}?\s+(?P<noun>{vocab.SUBSCRIPTION_NOUNS})\b", re.IGNORECASE
)
# a bare number right after these words is a reference, not a figure
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:paragraphs?|paras?\.|resolutions?|decisions?|articles?|Goals?|targets?|items?|No\.|nos?\.|vol\.|"
    r"chap\.|sect\.|annex|sessions?|pages?|footnotes?|rule|principle|action\s+lines?|Agenda|level|phase)"
    r"|\ball|\bpast|\blast|\bnext|\bcoming|\bprevious|\bfirst|\bthe\s+other)\s+$",
    re.IGNORECASE,
)
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_AFTER = re.compile(rf"^(?:\s+(?:and|to|–|-)\s+[0-9]{{1,2}})?\s+(?:{_MONTHS})\b")
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$")
_YEARLIKE = re.compile(r"^(?:1[89]|20|21)[0-9]{2}$")
# what sits between two figures that form a list, a range or a comparison (the later ones inherit the unit)
_LIST_JOIN = re.compile(rf"^(?:\s*,\s*|{S}(?:and|to|or){S}|\s*[–{HC}]\s*)(?:between{S})?$", re.IGNORECASE)
_COMPARE_JOIN = re.compile(
    rf"^[^;.\d]{{0,120}}?(?:compared{S}(?:with|to)|against|versus|vs\.?|while|whereas|and|or|,)\s+$",
    re.IGNORECASE,
)
_APPOSITION_JOIN = re.compile(rf"^[^;.\d]{{0,45}}?(?:,?{S}or|\s*[–—(]|,)\s*$", re.IGNORECASE)

# kind and year
_CHANGED_BY = re.compile(
    r"\b(?:increased|grew|rose|fell|decreased|declined|dropped|jumped|expanded|shrank|doubled|halved|reduced|cut|"
    r"narrowed|widened)(?:\s+\w+)?\s+by\s+$",
    re.IGNORECASE,
)
_CHANGE_BEFORE = re.compile(
    rf"\b(?:increased|increases?|grew|grown|growth(?:{S}rate)?|rose|risen|rises?|fell|fallen|falls?|decreased|"
    rf"decreases?|declined|declines?|dropped|drops?|widened|narrowed|jumped|expanded|reduced|reductions?|"
    rf"gains?|climbed|shrank|shrunk|up|down)\b(?:{S}[\w’']+){{0,4}}?{S}(?:by|of|from|to|at)?\s*$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    rf"^(?:{S}[\w’']+){{0,2}}?{S}(?:increase|rise|growth|decline|drop|decrease|jump|gain|fall|more{S}than{S}in|"
    rf"less{S}than{S}in|higher{S}than{S}in|lower{S}than{S}in)\b",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    rf"\b(?:(?:targets?|goals?|objectives?|aims?|ambition)(?:{S}(?:is|was|of|to|for|at))?"
    rf"(?:{S}(?:reach|achieve|attain|connect|ensure|provide|bring|have|increase|raise|reduce|be))?"
    rf"|(?:should|must|shall|to){S}(?:reach|achieve|attain|exceed))(?:{S}[\w’']+){{0,3}}?\s+$",
    re.IGNORECASE,
)
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
_GROUP_LEAD = re.compile(r"\b(?:in|among|across|for|of)\s+(?:the\s+)?$", re.IGNORECASE)
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
_RESTATED = re.compile(r"[^;.]{0,60}?(?:,|\s+or)\s*$")  # a count restated as a share of the population
_FROM_TO = re.compile(rf"[^,;.\d]{{0,80}}?(?:{S}in{S}(?:19|20)[0-9]{{2}})?{S}to{S}")
_TARGET_AFTER = re.compile(rf"^(?:{S}[\w’'{HC}]+){{0,2}}?{S}(?:targets?|thresholds?|goals?)\b", re.IGNORECASE)
_YEAR_POINT = re.compile(
    rf"\b(?:in|as{S}of|at{S}the{S}end{S}of|by{S}the{S}end{S}of|for|during)(?:{S}(?:{_MONTHS}))?{S}"
    rf"(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}(?:targets?|Agenda)|/|{H})"
    rf"|\b(?P<y2>(?:19|20)[0-9]{{2}}){S}(?:is|was|will{S}be){S}the{S}first{S}year"
    rf"|\((?P<y3>(?:19|20)[0-9]{{2}})\)"
    rf"|\b(?P<y4>(?:19|20)[0-9]{{2}}),?{S}when\b",  # "since 2030, when the share stood at 65 per cent"
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"{S}(?:since|from)(?:{S}(?:{_MONTHS}))?{S}(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}to\b)", re.IGNORECASE
)
_OWN_YEAR_GAP = re.compile(r"[^,;:\d()–—]{0,45}")  # what may stand between a figure and its own "in 2022"
_PERIOD = re.compile(
    rf"\b(?:between|from)(?:{S}(?:{_MONTHS}))?{S}(?P<a>(?:19|20)[0-9]{{2}}){S}(?:and|to|–)"
    rf"(?:{S}(?:{_MONTHS}))?{S}(?P<b>(?:19|20)[0-9]{{2}})\b"
    rf"|\b(?P<c>(?:19|20)[0-9]{{2}})\s*[–{HC}]\s*(?P<d>(?:19|20)[0-9]{{2}})\b",
    re.IGNORECASE,
)
_NEAR = 60  # characters: how far after a figure its own concept may be named when a neighbour can lend one
_RESPECTIVELY = re.compile(r"^[^;.]{0,160}?\brespectively\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r";|(?<=[a-z”)\]*0-9%])\.(?=\s+[A-Z0-9(“*])|\.\s*$"
    # a resolution's next operative verb starts a new clause ("…, notes with concern that …")
    r"|,\s+(?:and\s+)?(?:also\s+|further\s+|in\s+this\s+regard\s+|therefore\s+)?(?:notes|draws|calls|recognizes|"
    r"welcomes|urges|encourages|invites|requests|stresses|emphasizes|reaffirms|acknowledges|underlines|expresses|"
    r"decides|reiterates|highlights|underscores|recalls)\b"
)
_SUBCLAUSE = re.compile(
    r",\s+(?:and\s+|but\s+)?(?:that|while|whereas)\b|\s+(?:while|whereas)\s+|,\s+but\s+", re.IGNORECASE
)
_SEX_AFTER = re.compile(
    rf"^{S}(?:(?:of|among|for){S})?(?:all{S})?(?:the{S})?(?P<sex>{vocab.POPULATION_WORDS})\b",
    re.IGNORECASE,
)
_SEX_BEFORE = re.compile(rf"\b(?:among|for|of){S}(?P<sex>women|men|girls|boys|youth)\s*,?\s*$", re.IGNORECASE)
_SEX_WORD = re.compile(r"\b(?P<sex>women|men|girls|boys|females|males)\b", re.IGNORECASE)
_MEASURE_NOUN_BEFORE = re.compile(
    rf"\b(?:the{S})?(?:(?:proportion|share|percentage|number|rate|level)\s+of\s+(?:[\w’']+\s+){{0,2}}?)$",
    re.IGNORECASE,
)
_LEAD_WORDS = re.compile(
    r"(?:\b(?:the|a|an|digital|global|overall|total|world(?:’s|'s)?)\s+)+$", re.IGNORECASE
)
_SCOPE_CHAIN = re.compile(
    rf"^(?:\s*,\s*|{S}(?:and|or|as{S}well{S}as){S})(?:(?:in{S})?(?:the{S})?)$", re.IGNORECASE
)

_LINK_CLOSE = re.compile(r"[^\]\n]{0,200}\]\(")
_TITLE_OPEN = re.compile(rf"\b(?:entitled|titled|the{S}theme)\s+(?![“\"])")
_TITLE_END = re.compile(rf",{S}(?:which|in{S}which|and|as|with|where|that|to|thus|including)\b|;|\n")
_NAME_NUMBER = re.compile(  # numbers that are part of a name or title even outside quotes
    rf"\b(?:State{S}of{S}Broadband|Facts{S}and{S}Figures|Connect|Agenda|Forum|Report|Outlook|Index|Industry|"
    rf"Web|Summit|Decade|Vision|Strategy|Week|Day|Programme|Plan)\s+(?:[0-9]{{4}}|[0-9]\.[0-9])\b"
    rf"|\b[0-9]{{4}}{S}(?:Agenda|targets?|Goals?|Summit|Connect|Vision)\b"
    rf"|\b(?:connect|connecting|bring|bringing){S}the{S}(?:next|other|last){S}(?:{_DIGITS})?(?:{S}(?:billion|million))?",
    re.IGNORECASE,
)


@dataclass
class Figure:
    """One number mention inside a paragraph (offsets are positions in the ORIGINAL text)."""

    start: int  # first character (the qualifier if any)
    end: int  # last character of the number phrase (scale, unit, counted noun)
    value: float
    unit: str | None
    qualifier: str | None = None
    noun_indicator: str | None = None  # a counted noun names the concept directly ("600 pledges")
    noun_end: int | None = None
    core_start: int = 0
    is_bare: bool = False
    range_start: int | None = None
    indicator: str | None = None
    indicator_span: tuple[int, int] | None = None
    scope: str | None = None
    scope_end: int | None = None
    year: str | None = None
    year_end: int | None = None
    kind: str = "observation"
    quote_end: int | None = None
    inherited_from: int | None = None
    extra: dict = field(default_factory=dict)


def _word_value(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w in ("a hundred", "one hundred"):
        return 100.0
    parts = re.split(rf"{H}", w)
    if parts[0] in _WORD_TENS:
        return float(_WORD_TENS[parts[0]] + (_WORD_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return float(_WORD_UNITS[w]) if w in _WORD_UNITS else None


def _to_number(token: str) -> float | None:
    plain = re.sub(r"(?<=[0-9])[,\s](?=[0-9]{3})", "", token)
    if _PLAIN_NUMBER.fullmatch(plain):
        return float(plain)
    return _word_value(token)


def _is_masked(text: str, lo: int, hi: int, pos: int, end: int) -> bool:
    """Is the number at text[pos:end] inside a title, a quotation, link markup or a name? (local look-up,
    so the cost does not grow with the length of a paragraph)"""
    before = text[max(lo, pos - 400):pos]
    after = text[end:min(hi, end + 400)]
    if before.rfind("“") > before.rfind("”") and "”" in after:
        return True
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    if before.rfind("[") > before.rfind("]") and _LINK_CLOSE.match(after):
        return True
    title_window = text[max(lo, pos - 300):pos]
    opener = None
    for opener in _TITLE_OPEN.finditer(title_window):  # noqa: B007 - the last one counts
        pass
    if opener is not None and not _TITLE_END.search(title_window, opener.end()):
        return True
    token = text[pos:end]
    lead = text[max(lo, pos - 30):pos].lower()
    if not ((len(token) == 4 and token.isdigit()) or (len(token) == 3 and token[1] == ".")
            or any(w in lead for w in ("next", "other", "last"))):
        return False  # only years, "4.0" and "the next/other …" make up the names of _NAME_NUMBER
    names = _NAME_NUMBER.finditer(text, max(lo, pos - 60), min(hi, end + 40))
    return any(m.start() <= pos < m.end() for m in names)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a piece of a paragraph at semicolons and sentence ends (context never crosses these)."""
    out, s = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return out


def _candidates(text: str) -> list[int]:
    """Where a number may start: cheap scans for digit runs and number words; the full grammar then runs
    anchored at these positions only (a few per paragraph), which keeps extraction fast on long texts."""
    out = [m.start() for m in _DIGIT_RUN.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # a few Unicode letters change length when lower-cased
        lower = text.translate(_ASCII_LOWER)
    out += [m.start() for m in _NUMBER_WORD.finditer(lower)]
    return sorted(out)


def _find_figures(text: str, positions: list[int], start: int, end: int) -> list[Figure]:
    """The number-phrase grammar at each candidate position of text[start:end]: value, unit, qualifier."""
    figures: list[Figure] = []
    consumed_until = start
    for pos in positions:
        if pos < consumed_until:
            continue
        m = _CORE.match(text, pos, end)
        if m is None or _is_masked(text, start, end, m.start(), m.end()):
            continue
        after = text[m.end(): min(end, m.end() + 160)]
        before = text[max(start, m.start() - 60): m.start()]
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
        if not n or not d or n >= d or d > 1000 or _YEARLIKE.match(m.group("in_m")):
            return None
        value, unit = round(100 * n / d, 2), vocab.SHARE
    elif m.group("frac"):
        d = _WORD_FRACTIONS[m.group("frac_d").lower()]
        num_word = (m.group("frac_n") or "").lower()
        half_scale = _HALF_A.match(after) if d == 2 and not num_word else None
        if half_scale:  # "half a billion people": a count, not a share
            scale = _SCALES[half_scale.group("scale").lower()]
            rest = text[m.end() + half_scale.end(): m.end() + half_scale.end() + 160]
            pm = _PERSON_AFTER.match(rest)
            unit = vocab.PERSONS
            end = m.end() + half_scale.end() + (pm.end() if pm else 0)
            qm = vocab.QUALIFIER_RE.search(before)
            qualifier = next((n for n, _ in vocab.QUALIFIERS if qm and qm.group(n)), None)
            start = m.start() - (len(qm.group(0)) if qualifier else 0)
            return Figure(start=start, end=end, value=0.5 * scale, unit=unit, qualifier=qualifier,
                          noun_end=end if pm else None, core_start=m.start(),
                          extra={"token": m.group(0), "core_end": m.end()})
        by_change = bool(_CHANGED_BY.search(before))  # "traffic grew by a quarter", "fell by half"
        if d == 2:
            if num_word not in ("", "a", "one") or (re.search(
                r"\b(?:other|first|second|next|last|latter|former|in|by|on|behalf)\s+$", before, re.I
            ) and not by_change) or not (by_change or re.match(
                rf"{S}(?:of|the|a|an|its|their|our|all|[\w’']+(?:’s|'s))\b", after, re.I
            )):
                return None
            value = 50.0
        else:
            remaining = not num_word and re.search(rf"(?:\bthe{S})?\bremaining{S}$", before, re.I)
            if not num_word and not remaining:
                return None  # "third" alone is an ordinal, but "the remaining third of humanity" is a share
            n = 1 if num_word in ("a", "an", "one", "") else _WORD_UNITS.get(num_word, 0)
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
        sm = _SCALE.match(after)
        scale = 1.0
        if sm:
            scale = _SCALES[sm.group("scale").lower()]
            end += sm.end()
        rest = text[end: end + 160]
        um = _UNIT.match(rest)
        if um and not sm:
            unit = vocab.SHARE if um.group("pct") else vocab.POINTS
            end += um.end()
        elif not sm and _TIMES.match(rest):
            unit, end = vocab.RATIO, end + _TIMES.match(rest).end()
        elif _EXABYTES.match(rest):
            unit, end = vocab.EXABYTES, end + _EXABYTES.match(rest).end()
        elif _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(after):
            unit = vocab.USD
            cm = _CURRENCY_AFTER.match(text[core_end: core_end + 40])
            end = max(end, core_end + cm.end()) if cm else end
            currency = _CURRENCY_BEFORE.search(before)
            remaining = currency  # the quote starts at "USD 5" (set as the figure's start below)
        else:
            pm = _PER_100.match(rest.lstrip()) if not sm else None
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
    return Figure(start=start, end=end, value=float(value), unit=unit, qualifier=qualifier,
                  noun_indicator=noun_indicator, noun_end=noun_end, core_start=m.start(), is_bare=is_bare,
                  extra={"token": m.group(0), "core_end": m.end()})


def _unit_from_noun(rest: str, pos: int, scaled: bool, m: re.Match, before: str):
    """Unit of a number without "per cent": from the noun it counts (people, subscriptions, pledges…)."""
    token = m.group("num") or m.group("word")
    if scaled:
        for rx, unit in ((_SUBS_AFTER, vocab.SUBSCRIPTIONS), (_PERSON_AFTER, vocab.PERSONS)):
            nm = rx.match(rest)
            if nm:
                return unit, None, pos + nm.end(), False
        cm = _NOUN_AFTER.match(rest)
        if cm:
            return vocab.COUNT, None, pos + cm.end(), False
        return vocab.PERSONS, None, None, False  # "20 million" of people, by default
    if (_YEARLIKE.match(token) and not re.match(rf"{S}(?:{vocab.COUNT_NOUNS})\b", rest)) \
            or _DATE_AFTER.match(rest) or _DATE_BEFORE.search(before) or _REFERENCE_BEFORE.search(before):
        return None
    nm = _NOUN_AFTER.match(rest)
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
    if _PER_100_BEFORE.search(before):  # "subscriptions per 100 inhabitants reached 87 in 2023"
        return vocab.PER_100, None, None, False
    return None, None, None, True


def _link_lists(text: str, figures: list[Figure]) -> None:
    """Ranges and lists ("between 80 and 90 per cent", "63 and 69 per cent") and comparisons
    ("90 … per 100 people …, compared with 41 in developing countries"): bare members take the unit."""
    # backwards: a bare number followed by a list joiner and a figure with a unit takes that unit
    for i in range(len(figures) - 2, -1, -1):
        f, g = figures[i], figures[i + 1]
        if f.is_bare and g.unit and not _YEARLIKE.match(f.extra["token"]) \
                and _LIST_JOIN.match(text[f.end:g.start]) and g.unit not in (vocab.YEARS, vocab.COUNT):
            f.unit, f.is_bare = g.unit, False
            f.inherited_from = i + 1
            rs = re.search(r"\bbetween\s+$|\bfrom\s+$", text[max(0, f.start - 10): f.start], re.I)
            if rs or not re.search(r",|\band\b|\bor\b", text[f.end:g.start]):  # a range, not a list
                f.range_start = f.start - (len(rs.group(0)) if rs else 0)
                g.range_start = f.range_start
                g.extra["range_partner"] = f
    # forwards: a bare number after a comparison joiner takes the unit of the figure before it
    for i in range(1, len(figures)):
        f, p = figures[i], figures[i - 1]
        if f.is_bare and p.unit and p.unit not in (vocab.YEARS, vocab.COUNT) \
                and not _YEARLIKE.match(f.extra["token"]) and not _DATE_AFTER.match(text[f.end: f.end + 20]) \
                and _COMPARE_JOIN.match(text[p.end:f.start]) \
                and re.match(rf"{S}(?:in|for|among|of){S}", text[f.end: f.end + 12]):
            f.unit, f.is_bare = p.unit, False
            f.inherited_from = i - 1


def _first_indicator(window: str, unit: str, base: int, reverse: bool = False):
    """The concept of highest priority named in a window (its first mention, or looking backwards its last).
    A rule's pattern runs only when the window holds one of its keywords (a fast substring test)."""
    lower = window.lower()
    present = {k for k in vocab.ALL_KEYWORDS if k in lower}  # one pass over the keywords, not one per rule
    for name, rx, by_unit in vocab.UNIT_RULES.get(unit, ()):
        if not vocab.RULE_KEYWORD_SETS[name] & present:
            continue
        matches = list(rx.finditer(lower))
        if matches:
            mm = matches[-1] if reverse else matches[0]
            return by_unit[unit], (base + mm.start(), base + mm.end()), name
    return None


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


def _analyse(text: str, figures: list[Figure], clause: tuple[int, int], para_span: tuple[int, int]) -> None:
    """Indicator, scope, year and kind of each figure of one clause, from context windows."""
    cs, ce = clause
    n = len(figures)
    # ", and that …", ", while …": a new statement inside the clause; what it says is not about the figures
    # before it (its concept, year and groups), though a group that opens the clause covers it too
    subs = [(m.start(), m.end()) for m in _SUBCLAUSE.finditer(text, cs, ce)]
    lead_groups = _LazyGroups(text, cs, figures[0].start)
    for i, f in enumerate(figures):
        nxt = figures[i + 1].start if i + 1 < n else ce
        fwd_end = nxt
        # apposition ("5.3 billion people or 66 per cent … were using the Internet"): share the predicate
        if i + 1 < n and figures[i + 1].unit != f.unit and _APPOSITION_JOIN.match(text[f.end:nxt]):
            fwd_end = figures[i + 2].start if i + 2 < n else ce
        fwd_end = min([fwd_end] + [a for a, _ in subs if a >= f.end])
        # bounded, so that the look-ups per figure do not grow with the length of a clause
        sub_start = max([cs, f.start - 300] + [b for _, b in subs if b <= f.start])
        f.extra["fwd"] = (f.end, fwd_end)
        f.extra["sub_start"] = sub_start
        f.extra["lead_groups"] = lead_groups
        f.extra["sub_end"] = min([ce] + [a for a, _ in subs if a >= f.end])
        prev_end = figures[i - 1].end if i > 0 else cs
        f.extra["back"] = (max(prev_end, f.start - 200, cs), f.core_start)

        # indicator
        if f.noun_indicator:
            f.indicator = f.noun_indicator
        else:
            core_end = f.extra["core_end"]
            hit = _first_indicator(text[core_end:fwd_end], f.unit, core_end)
            if f.unit == vocab.PER_100 and "100" not in text[core_end:f.end]:
                hit = None  # "… subscriptions per 100 inhabitants reached 87": the concept is before it
            has_prev = any(g.unit == f.unit for g in figures[:i])
            if hit and has_prev and hit[1][0] - f.end > _NEAR:
                hit = None  # a concept this far away belongs to the sentence, not to this figure: inherit
            if hit is None or hit[0] in vocab.WEAK_INDICATORS:
                bs, be = f.extra["back"]
                if has_prev:  # only a concept named since the last figure ("…, while 5G reaches 51 per cent")
                    bs = max(bs, figures[i - 1].end)
                back = _first_indicator(text[bs:be], f.unit, bs, reverse=True)
                if back and has_prev and back[0] == next(g.indicator for g in reversed(figures[:i])
                                                         if g.unit == f.unit):
                    back = None  # the previous figure's own predicate: inherited, not quoted again
                if back and i > 0 and figures[i - 1].indicator_span \
                        and back[1][0] < figures[i - 1].indicator_span[1] \
                        and back[1][1] > figures[i - 1].indicator_span[0]:
                    back = None  # "2.6 billion people still offline and 5G in 40 per cent": not this one's
                # "connect the remaining 2.6 billion people": the specific concept before beats "people"
                if back and (hit is None or back[0] not in vocab.WEAK_INDICATORS):
                    hit = back
                    f.extra["back_hit"] = True
            if hit:
                f.indicator, f.indicator_span, f.extra["rule"] = hit
        gap = _gap_indicator(text, f, cs, ce)
        if gap is not None and (f.indicator is None or f.unit == vocab.POINTS
                                or f.indicator.endswith(("_gap", "_count", "population"))):
            f.indicator, f.indicator_span = gap, None
            f.extra["back_hit"] = False

        # kind
        back_text = text[max(cs, f.start - 80): f.start]
        fwd_text = text[f.end: min(fwd_end, f.end + 60)]
        if _CHANGE_BEFORE.search(back_text) or _CHANGE_AFTER.match(fwd_text):
            f.kind = "change"
        elif _TARGET_AFTER.match(fwd_text):
            f.kind = "target"  # "the 2 per cent affordability target"
        elif _TARGET_BEFORE.search(back_text) or (re.match(
            rf"^[^;.]{{0,80}}?\bby{S}(?:the{S}end{S}of{S})?(?:19|20)[0-9]{{2}}\b", fwd_text
        ) and re.search(r"\b(?:should|must|shall|target|goal|aim)", text[cs:f.start], re.I)):
            f.kind = "target"
        elif _THRESHOLD_WORD.search(back_text) \
                and _THRESHOLD_BEFORE.search(text, max(cs, f.start - 80), f.start):
            f.kind = "target"  # "parity is reached between 0.98 and 1.02": a definitional threshold
            f.extra["generic"] = True
        elif _TARGET_CLAUSE.search(text, max(f.extra["sub_start"], f.start - 150), f.start):
            f.kind = "target"  # "to ensure that entry-level broadband costs less than 2 per cent …"
        elif i > 0 and figures[i - 1].kind == "change":
            between = text[figures[i - 1].end:f.start] + " "
            if re.fullmatch(rf"(?:{S}in{S}(?:19|20)[0-9]{{2}})?,?{S}to{S}", between) or (
                    figures[i - 1].extra.get("level") and _FROM_TO.fullmatch(between)):
                f.kind = "change"  # "fell from X (… in 2026) to Y": both are levels of a change
                f.extra["level"] = True
                # "grew by 6 per cent in 2031, to 1.5 billion": the level reached
                f.extra["reached"] = not figures[i - 1].extra.get("level")
        if f.kind == "change" and re.search(rf"\bfrom{S}$", back_text):
            f.extra["level"] = True

        # year: a period right after the figure, a point year in the clause (never a date or a name)
        pm = _PERIOD.search(text, f.end, min(fwd_end, f.end + 120))
        if pm is not None and pm.start() - f.end <= 40:
            f.year_end = pm.end()  # the quote runs on over "between 2021 and 2022"
        if pm is None and f.kind == "change":  # "increased between 2021 and 2022 by 20 million"
            pm = _PERIOD.search(text, max(cs, f.start - 80), f.start)
        if pm is not None:
            f.year = f"{pm.group('a') or pm.group('c')}-{pm.group('b') or pm.group('d')}"
        else:
            f.year = _point_year(text, cs, ce, f, figures)
            if f.year is None and f.extra.get("reached"):
                f.year = figures[i - 1].year  # the level a change reached, in the change's year
            if f.year is None and i > 0 and f.unit == vocab.SHARE and figures[i - 1].unit == vocab.PERSONS \
                    and _RESTATED.match(text, figures[i - 1].end, f.start) and _BASE_AFTER.match(text, f.end):
                f.year = figures[i - 1].year  # "5.6 billion people … in 2032, 69 per cent of the population"
            since = _SINCE.match(text, f.end, fwd_end) if f.kind == "change" else None
            if since:  # "an increase of 4.5 per cent since 2030" on a page about 2031: the period
                now = [m for m in _YEAR_POINT.finditer(text, max(para_span[0], f.start - 600), f.start)
                       if m.group("y")]
                if now and int(now[-1].group("y")) > int(since.group("y")):
                    f.year = f"{since.group('y')}-{now[-1].group('y')}"

        # scope
        f.scope, f.scope_end = _scope(text, f, cs, fwd_end, para_span, prev_end)
        if f.extra.get("level") and i > 0 and f.scope == "world" and f.scope_end is None:
            f.scope = figures[i - 1].scope  # "… in LDCs fell from 40 to 35 per cent": same population
        if f.extra.get("generic"):
            f.scope, f.scope_end = "generic", None


_GAP_BEFORE = re.compile(
    rf"\b(?:gap|difference|divide)(?:{S}(?:of|is|was|stands{S}at|stood{S}at|amounts{S}to))?(?:{S}(?:just|only|some))?{S}$",
    re.IGNORECASE,
)
_GAP_AFTER = re.compile(r"^\s*(?:more|less|higher|lower|fewer)\b", re.IGNORECASE)
_GAP_GROUPS = [  # which gap a comparison in points or times measures, from the people the clause names
    ("youth_gap",
     re.compile(rf"\b(?:{vocab.AGE_RULES[0][1]}|{vocab.AGE_RULES[1][1]}|aged{S}15)", re.IGNORECASE)),
    ("urban_rural_gap", re.compile(r"\b(?:urban|rural)\b", re.IGNORECASE)),
    ("gender_gap", re.compile(r"\b(?:women|men|girls|boys|gender|female|male)\b", re.IGNORECASE)),
]


def _gap_indicator(text: str, f: Figure, cs: int, ce: int) -> str | None:
    """A difference in percentage points or a "N times more likely" between two populations is a gap:
    which one (youth, urban/rural, gender) the clause says by the people it names."""
    times = "times" in text[f.start:f.end]
    if f.unit not in (vocab.POINTS, vocab.RATIO) or (f.unit == vocab.RATIO and not times):
        return None
    if not (_GAP_BEFORE.search(text[max(cs, f.start - 40):f.start])
            or _GAP_AFTER.match(text[f.end:f.end + 12])):
        return None
    clause = text[cs:ce]
    return next((name for name, rx in _GAP_GROUPS if rx.search(clause)), None)


def _year_of(m: re.Match) -> str:
    return m.group("y") or m.group("y2") or m.group("y3") or m.group("y4")


def _point_year(text: str, cs: int, ce: int, f: Figure, others: list[Figure]) -> str | None:
    """The reference year a clause states for a figure: "… 35 per cent in 2022" right after it; else the
    nearest "in 2022," / "2019 was the first year" before it that does not follow an earlier figure; else
    the first one later in the clause (a list of figures followed by "in 2023")."""
    after = _YEAR_POINT.search(text, f.end, min(ce, f.end + 60))
    if after and not after.group("y4") and (re.fullmatch(r"[\s,]*", text[f.end:after.start()])
                  or _OWN_YEAR_GAP.fullmatch(text, f.end, after.start())):
        return _year_of(after)
    owned = set()
    for g in others:
        m = _YEAR_POINT.search(text, g.end, min(ce, g.end + 60)) if g is not f else None
        if m and not m.group("y4") and (re.fullmatch(r"[\s,]*", text[g.end:m.start()])
                                        or _OWN_YEAR_GAP.fullmatch(text, g.end, m.start())):
            owned.add(m.start())
    ce = f.extra.get("sub_end", ce)
    before = [m for m in _YEAR_POINT.finditer(text, f.extra.get("sub_start", cs), f.start)
              if m.start() not in owned]
    if before:
        return _year_of(before[-1])
    later = [m for m in _YEAR_POINT.finditer(text, f.end, ce) if m.start() not in owned]
    if later and not any(f.start < g.start < later[0].start() and g.kind != f.kind for g in others):
        return _year_of(later[0])
    return None


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
            led = _GROUP_LEAD.search(text[max(start, m.start() - 12):m.start()])
            opens = lead and _CLAUSE_OPENING.fullmatch(text, start, m.start())
            if (led or opens) and (last is None or m.start() > last[0]):
                last = (m.start(), name)
    return _group_scope(text, last[0], end)[0] if last else []


_PLEDGE_WORDS = re.compile(r"\b(?:pledge|commitment|partner)", re.IGNORECASE)


class _LazyGroups:
    """The groups that open a clause (looked up once per clause, and only if a figure needs them)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.args, self.groups = (text, start, end), None

    def get(self) -> list[str]:
        if self.groups is None:
            self.groups = _group_before(*self.args, lead=True)
        return self.groups


@lru_cache(maxsize=64)
def _paragraph_body(text: str, start: int, end: int) -> str | None:
    """The coalition a paragraph's counts belong to when it names one (looked up once per paragraph)."""
    name, rx = vocab.BODY_PATTERNS[0]
    return name if rx.search(text, start, end) else None


def _scope(text: str, f: Figure, cs: int, fwd_end: int, para_span: tuple[int, int],
           prev_end: int = 0) -> tuple[str, int | None]:
    """Who or where a figure is about: sex (right after the figure), groups, or the body holding a count."""
    if f.unit in (vocab.COUNT, vocab.YEARS, vocab.USD):
        window = text[f.start: min(fwd_end, f.end + 200)]
        for name, rx in vocab.BODY_PATTERNS:
            bm = rx.search(window)
            if bm:
                return name, f.start + bm.end() if bm.start() < 120 else None
        # the body that held the meetings or has the mandate, named before the count in its clause
        sub_start = f.extra.get("sub_start", cs)
        before = [(m.start(), name) for name, rx in vocab.BODY_PATTERNS
                  for m in rx.finditer(text, sub_start, f.start)]
        if before:
            return max(before)[1], None
        pledged = _PLEDGE_WORDS.search(text, sub_start, min(f.extra["sub_end"], f.end + 300))
        if f.unit in (vocab.COUNT, vocab.USD) and pledged and _paragraph_body(text, *para_span):
            return _paragraph_body(text, *para_span), None  # "… 130 countries have made commitments"
    sex = None
    sex_end = None
    is_gap = f.indicator in ("gender_gap", "offline_gender_gap", "gender_parity_score") \
        or (f.indicator or "").endswith("_gap")
    if f.indicator == "youth_gap":
        sex = "youth"
    elif not is_gap:
        sm = _SEX_AFTER.match(text[f.end:fwd_end])
        if sm:
            sex, sex_end = vocab.population(sm.group("sex")), f.end + sm.end()
        else:
            back = text[max(cs, f.start - 30): f.start]
            sb = _SEX_BEFORE.search(back) \
                or (back.rstrip().endswith("(") and _POPULATION_PAREN.search(back)) \
                or _MEASURED_SEX.search(text[f.extra.get("sub_start", cs): f.start])
            if sb:
                sex = vocab.population(sb.group("sex"))
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
        groups, g_end = _group_before(text, max(cs, f.start - 100, prev_end), f.start), None
    if not groups:  # "Europe has …, at 91 per cent", "the CIS (89%)"
        bracketed = text[max(cs, f.start - 3):f.start].rstrip().endswith("(")
        gp = _GROUP_PAREN.search(text, max(cs, f.start - 80), f.start) if bracketed else None
        groups = _group_scope(text, gp.start(), gp.end())[0] if gp else []
    if not groups and f.extra.get("sub_start", cs) > cs:  # "…, while low-income countries are at 60 per cent"
        groups = _group_before(text, f.extra["sub_start"], f.start, lead=True)
    if not groups:  # a group that opens the clause covers all its figures ("In LDCs, 5G …, while 4G …")
        groups = f.extra["lead_groups"].get() if "lead_groups" in f.extra else []
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
    for s, e, name in sorted((m.start(), m.end(), name) for name, rx in vocab.GROUP_PATTERNS
                             for m in rx.finditer(words)):
        if s >= last_end and name != "world":  # a nested match ("middle-income" in "upper-middle-…") once
            found.append(name)
            last_end = e
    return found if len(found) == count else None


def _respectively(text: str, figures: list[Figure], cs: int, ce: int) -> None:
    """ "63 and 69 per cent of women and men, respectively" or "Internet use in the Americas and the CIS is
    87 and 89 per cent, respectively": give each figure of the list its own scope."""
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and _LIST_JOIN.match(text[figures[j].end:figures[j + 1].start]):
            j += 1
        if j > i:
            rm = _RESPECTIVELY.match(text[figures[j].end:ce])
            if rm:
                names = _listed_names(rm.group(0), j - i + 1)
                tail_end = figures[j].end + rm.end()
                if names is None:  # the populations are named before the list
                    lead_start = max(cs, figures[i - 1].end if i > 0 else cs,
                                     figures[i].extra.get("sub_start", cs))
                    names = _listed_names(text[lead_start:figures[i].start], j - i + 1)
                    tail_end = None
                for k, name in enumerate(names or []):
                    figures[i + k].scope = name
                    figures[i + k].scope_end = tail_end
        i = j + 1


def _lends(g: Figure, f: Figure, restated: bool = False) -> str | None:
    """The concept figure g can lend to f: its own in the same unit (a difference in points is about the
    shares it compares), else the same concept in f's unit ("112 … subscriptions per 100 inhabitants and
    8.9 billion subscriptions in total")."""
    if not g.indicator:
        return None
    if g.unit == f.unit or (f.unit == vocab.POINTS and g.unit == vocab.SHARE):
        return g.indicator
    if f.unit == vocab.SHARE and not restated:
        return None  # a share names its own concept ("the 3 billion without …, 5G in 40 per cent of cities")
    return vocab.RULE_UNITS.get(g.extra.get("rule"), {}).get(f.unit)


def _inherit(text: str, figures: list[Figure], carried: dict[str, str]) -> None:
    """Figures whose window names no concept share the one of their neighbour in the clause:
    the previous figure of the same unit first ("… and 31 per cent lower in the least developed countries"),
    else the next one ("almost half …, as well as more than four in five …, do not have access …"), else
    a neighbour's concept in another unit, else the paragraph's last concept in this unit ("This represents
    an increase of 3.2 per cent"; "Ownership among women and men stands at 77 and 80 per cent")."""
    for i, f in enumerate(figures):
        if f.indicator:
            continue
        same = [g for g in reversed(figures[:i]) if g.unit == f.unit or f.unit == vocab.POINTS]
        prev = next((g for g in same if _lends(g, f)), None)
        if prev is not None:
            f.indicator = _lends(prev, f)
            if prev.kind == "change" and f.kind == "observation" and f.inherited_from is not None:
                f.kind = "change"
            continue
        nxt = next((g for g in figures[i + 1:] if g.unit == f.unit and g.indicator), None)
        if nxt is not None:
            f.indicator = nxt.indicator
            if nxt.indicator_span and not nxt.extra.get("back_hit"):
                f.quote_end = nxt.indicator_span[1]
            continue
        # "5.6 billion people used the Internet in 2032, 69 per cent of the population": a count restated
        restated = i > 0 and bool(_RESTATED.match(text, figures[i - 1].end, f.start))
        if restated and _lends(figures[i - 1], f, restated=True):
            f.indicator = _lends(figures[i - 1], f, restated=True)
            continue
        other = next((g for g in [*reversed(figures[:i]), *figures[i + 1:]] if _lends(g, f)), None)
        if other is not None:
            f.indicator = _lends(other, f)
        elif f.unit in carried:
            f.indicator = carried[f.unit]


_BASE_AFTER = re.compile(
    rf"{S}of{S}(?:the{S})?(?:(?:world(?:’s|'s)|global|total){S})?(?:population|people|inhabitants|households|persons)\b",
    re.IGNORECASE,
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


def _quote_bounds(text: str, f: Figure, piece: tuple[int, int]) -> tuple[int, int]:
    """The shortest span that holds the figure and says what it measures (clamped to its own text piece)."""
    start = f.range_start if f.range_start is not None else f.start
    end = f.end
    if f.noun_end:
        end = max(end, f.noun_end)
    if f.indicator_span:
        s, e = f.indicator_span
        if f.extra.get("back_hit"):
            lead = _MEASURE_NOUN_BEFORE.search(text[max(piece[0], s - 60): s])
            s = s - len(lead.group(0)) if lead else s
            lead = _LEAD_WORDS.search(text[max(piece[0], s - 40): s])
            s = s - len(lead.group(0)) if lead else s
            start = min(start, s)
        else:
            end = max(end, e)
    if f.quote_end:
        end = max(end, f.quote_end)
    tail = _BASE_AFTER.match(text, f.end, piece[1])  # "… 5G reaches 51 per cent of the population"
    if tail and f.extra.get("back_hit"):
        end = max(end, tail.end())
    if f.indicator and f.indicator.endswith("_gap") and f.unit in (vocab.POINTS, vocab.RATIO):
        tail = _GAP_TAIL.match(text, f.end, piece[1])  # "14 percentage points more than the rest of …"
        end = max(end, tail.end()) if tail else end
    if f.kind == "change" and not f.indicator_span:
        lead = _CHANGE_LEAD.search(text, max(piece[0], start - 40), start)  # "an increase of 4.5 per cent"
        start = lead.start() if lead else start
    if f.indicator in ("gender_gap", "youth_gap", "urban_rural_gap") and f.unit == vocab.SHARE:
        subject = _GAP_SUBJECT.search(text, max(piece[0], f.extra.get("sub_start", 0), start - 160), start)
        start = subject.start() if subject else start  # "the proportion of women using … is 25 per cent …"
    if f.scope_end:
        end = max(end, f.scope_end)
    if f.year_end:
        end = max(end, f.year_end)
    partner = f.extra.get("range_partner")
    if partner is not None:
        end = max(end, partner.end)
    start, end = max(start, piece[0]), min(end, piece[1])
    while end > start and text[end - 1] in " \u00a0,;:–—(":
        end -= 1
    return start, end


_BASKETS = re.compile(
    rf"(?P<fixed>fixed(?:{S}|{H})broadband)|(?P<mobile>mobile(?:{S}|{H})broadband|mobile{S}data|data{H}only)",
    re.IGNORECASE,
)


def _price_basket(text: str, start: int, end: int, after_end: int) -> str | None:
    """Which price a "% of GNI per capita" figure is about: the basket named right after it ("1.1 per cent
    for a mobile-broadband basket"), else the last one named before it in its clause."""
    after = _BASKETS.search(text, end, min(after_end, end + 60))
    before = list(_BASKETS.finditer(text, start, end))
    m = after or (before[-1] if before else None)
    if m is None:
        return None
    return "fixed_broadband_price_gni_share" if m.group("fixed") else "mobile_broadband_price_gni_share"


def _paragraph_claims(source: str, text: str, para: Paragraph, candidates: list[int]) -> list[dict]:
    """Claims of one paragraph; `text` is the shadow of `source`, quotes come from `source`."""
    rows = []
    carried: dict[str, str] = {}  # the last concept per unit in the paragraph, for "This …" sentences
    for piece in para.spans:
        positions = candidates[bisect_left(candidates, piece[0]):bisect_left(candidates, piece[1])]
        found = _find_figures(text, positions, *piece) if positions else []
        if all(f.unit is None for f in found):  # bare numbers count only next to a figure with a unit
            continue
        starts = [f.core_start for f in found]  # in text order: each clause takes its slice by bisection
        for clause in _clauses(text, *piece):
            figures = found[bisect_left(starts, clause[0]):bisect_left(starts, clause[1])]
            _link_lists(text, figures)
            figures = [f for f in figures if f.unit is not None]
            if not figures:
                continue
            _analyse(text, figures, clause, (para.start, para.end))
            _inherit(text, figures, carried)
            carried.update({f.unit: f.indicator for f in figures if f.indicator})
            for f in figures:
                partner = f.extra.get("range_partner")
                if partner is not None:  # both bounds of a range are about the same population
                    partner.scope, partner.year = f.scope, partner.year or f.year
            _respectively(text, figures, *clause)
            for f in figures:
                unit = f.unit
                indicator = f.indicator or vocab.FALLBACK_INDICATOR[unit]
                if indicator.endswith("price_gni_share"):
                    unit = vocab.GNI
                    indicator = _price_basket(text, clause[0], f.end, f.extra["fwd"][1]) or indicator
                elif indicator == "ict_price_usd":  # "a mobile-broadband plan costs USD 5"
                    basket = _price_basket(text, clause[0], f.end, f.extra["fwd"][1])
                    indicator = basket.replace("_gni_share", "_usd") if basket else indicator
                if indicator.endswith("subscriptions_count") and unit == vocab.PERSONS:
                    unit = vocab.SUBSCRIPTIONS  # "reached 5.3 billion": subscriptions, not people
                if f.kind == "change" and unit == vocab.SHARE and not f.extra.get("level"):
                    if indicator == "internet_use_share":
                        indicator = "internet_users_growth_rate"
                    elif indicator.endswith(("_subscriptions_share", "_traffic_share")):
                        indicator = indicator.removesuffix("_share") + "_growth_rate"  # "grew by 6 per cent"
                start, end = _quote_bounds(text, f, piece)
                rows.append({
                    "paragraph": para.id, "quote": source[start:end], "start": start, "end": end,
                    "value": f.value, "unit": unit, "indicator": indicator, "year": f.year,
                    "scope": f.scope or "world", "kind": f.kind, "qualifier": f.qualifier,
                })
    return rows


COLUMNS = list(schemas.Claim.to_schema().columns)
# matching runs on a same-length shadow of the text: footnote markers and emphasis marks become spaces, so
# "per cent⁷" and "*Welcomes*" read as plain words while every offset still points into the original text
_SHADOW = re.compile(f"[{SUPERSCRIPTS}*]")


def extract_rows(text: str, document: str) -> list[dict]:
    """The claims of one text as plain rows (the columns of schemas.Claim), each checked to quote
    text[start:end] exactly. Pure and cheap: callers that read many texts validate all rows at once."""
    rows = []
    shadow = _SHADOW.sub(" ", text)
    candidates = _candidates(shadow)
    for para in segment(text):
        if para.has_claims:
            rows += _paragraph_claims(text, shadow, para, candidates)
    for r in rows:
        if text[r["start"]:r["end"]] != r["quote"]:  # the contract of a claim row; a bug if it fails
            raise AssertionError(f"{document}: quote does not match offsets {r['start']}:{r['end']}")
        r["document"] = document
    return rows


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows from `extract_rows` (of one or many texts) as one DataFrame validated by schemas.Claim."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df.astype({"start": "int64", "end": "int64", "value": "float64"})
    return schemas.Claim.validate(df)


def extract_claims(text: str, document: str) -> pd.DataFrame:
    """All claims of one text as a DataFrame validated by schemas.Claim (one row per mention)."""
    return to_frame(extract_rows(text, document))


def extract_file(path: str | Path) -> pd.DataFrame:
    """Claims of one text file; the document id is the file stem."""
    from etl.claims.reader import read_text

    path = Path(path)
    return extract_claims(read_text(path), path.stem)


__all__ = ["COLUMNS", "Ict4dError", "extract_claims", "extract_file", "extract_rows", "to_frame"]
