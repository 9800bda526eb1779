"""Years: the data year of every claim and the rule that decided it (`year_rule`, vocabulary.YEAR_RULES).

The rules, tried in this order (issue 11; reference/claims.md's "year only as stated" is kept apart as the
rule ``stated``):

1. ``stated``: the clause states it. A year counts only as "in 2022" (or "as of", "at the end of",
   "(2022)", "2019 was the first year") right after the figure, or before it in its own sub-clause without
   an earlier figure owning it, or later in the clause for a list of figures; a period as "between 2021 and
   2022", "2021-2022", or "since 2030" on a change whose paragraph states the later year. Years that are
   not the figure's ("resolution 70/125 of 16 December 2015", "by 2030", "the 2030 Agenda") never count.
2. ``edition``: a report page's edition ("Facts and Figures 2022" in its title speaks of 2022), or the
   edition of ITU's Facts and Figures the figure's clause cites.
3. ``now``: "now", "currently", "still", "at present", "today", "remain" … in the figure's sub-clause of a
   dated text: the newest data year at the text's date (`etl.core.releases.newest_data_year`). The date is the
   adoption date the text states, else the one the caller gives (``as_of``); with neither, the rule is
   ``now_undated`` and there is no year.
4. ``event``: a dated event the clause ties the figure to (``data/events.csv``: the Summit's phases, the
   launch of the Broadband Commission's 2025 targets, …).
5. ``none``: nothing above decides a year; and always for definitional thresholds, counts about the WSIS
   process or its bodies, and targets without a deadline, which have no data year.

A target's year is its deadline instead (``deadline``: "Calls for 75 per cent … by 2030" is for 2030, not
a year the figure was measured in), before any other rule. A text's date is its adoption date, else the
issue date on its cover (``documents.text_date``).

"A year earlier" after a figure is the year before the one the paragraph states (else the edition's or
now's), and "since 2029" on a change runs to that year.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from etl.claims import vocab
from etl.claims.figures import Figure
from etl.claims.grammar import BASE_AFTER, DEADLINE, HC, MONTHS, RESTATED, H, S
from etl.claims.segment import SUPERSCRIPTS, Paragraph
from etl.core import config
from etl.core.errors import SourceError
from etl.core.releases import newest_data_year
from etl.core.vocabulary import (
    YEAR_DEADLINE,
    YEAR_EDITION,
    YEAR_EVENT,
    YEAR_NONE,
    YEAR_NOW,
    YEAR_NOW_UNDATED,
    YEAR_STATED,
)

YEAR_POINT = re.compile(
    rf"\b(?:in|as{S}of|at{S}the{S}end{S}of|by{S}the{S}end{S}of|for|during)(?:{S}(?:{MONTHS}))?{S}"
    rf"(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}(?:targets?|Agenda)|/|{H})"
    rf"|\b(?P<y2>(?:19|20)[0-9]{{2}}){S}(?:is|was|will{S}be){S}the{S}first{S}year"
    rf"|\((?P<y3>(?:19|20)[0-9]{{2}})\)"
    rf"|\b(?P<y4>(?:19|20)[0-9]{{2}}),?{S}when\b",  # "since 2030, when the share stood at 65 per cent"
    re.IGNORECASE,
)
_SINCE = re.compile(  # "since 2029", "from 2029", and "200 million fewer than in 2034": a change from then
    rf"{S}(?:since|from|(?:more|fewer|less|higher|lower){S}than{S}in)(?:{S}(?:{MONTHS}))?{S}"
    rf"(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}to\b)",
    re.IGNORECASE,
)
_OWN_YEAR_GAP = re.compile(r"[^,;:\d()–—]{0,45}")  # what may stand between a figure and its own "in 2022"
_PERIOD = re.compile(
    rf"\b(?:between|from)(?:{S}(?:{MONTHS}))?{S}(?P<a>(?:19|20)[0-9]{{2}}){S}(?:and|to|–)"
    rf"(?:{S}(?:{MONTHS}))?{S}(?P<b>(?:19|20)[0-9]{{2}})\b"
    rf"|\b(?P<c>(?:19|20)[0-9]{{2}})\s*[–{HC}]\s*(?P<d>(?:19|20)[0-9]{{2}})\b",
    re.IGNORECASE,
)


# "4.7 per cent a year earlier": the year before the one the paragraph (or the page) is about
_RELATIVE = re.compile(
    rf"\s*,?\s*(?:(?:a|one){S}year{S}(?:earlier|before|ago|previously)|(?:in{S})?the{S}(?:previous|preceding|prior)"
    rf"{S}year|(?:in{S})?the{S}year{S}before|last{S}year)\b",
    re.IGNORECASE,
)


def _year_of(m: re.Match) -> str:
    return m.group("y") or m.group("y2") or m.group("y3") or m.group("y4")


def _point_year(text: str, cs: int, ce: int, f: Figure, others: list[Figure]) -> str | None:
    """The reference year a clause states for a figure: "… 35 per cent in 2022" right after it; else the
    nearest "in 2022," / "2019 was the first year" before it that does not follow an earlier figure; else
    the first one later in the clause (a list of figures followed by "in 2023")."""
    after = YEAR_POINT.search(text, f.end, min(ce, f.end + 60))
    if (
        after
        and not after.group("y4")
        and (
            re.fullmatch(r"[\s,]*", text[f.end : after.start()])
            or _OWN_YEAR_GAP.fullmatch(text, f.end, after.start())
        )
    ):
        return _year_of(after)
    owned = set()
    for g in others:
        m = YEAR_POINT.search(text, g.end, min(ce, g.end + 60)) if g is not f else None
        if (
            m
            and not m.group("y4")
            and (
                re.fullmatch(r"[\s,]*", text[g.end : m.start()])
                or _OWN_YEAR_GAP.fullmatch(text, g.end, m.start())
            )
        ):
            owned.add(m.start())
    ce = f.ctx.sub_end if f.ctx else ce
    before = [
        m
        for m in YEAR_POINT.finditer(text, f.ctx.sub_start if f.ctx else cs, f.start)
        if m.start() not in owned
    ]
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
    if pm is None and f.kind == "change" and not f.is_reached:  # "increased between 2021 and 2022 by 20 …"
        pm = _PERIOD.search(text, max(cs, f.start - 80), f.start)
    if pm is not None:
        f.year = f"{pm.group('a') or pm.group('c')}-{pm.group('b') or pm.group('d')}"
        return
    relative = _RELATIVE.match(text, f.end, fwd_end)  # "… down from 4.7 per cent a year earlier"
    since = _SINCE.match(text, f.end, fwd_end) if f.kind == "change" else None
    latest = None
    if relative or since:  # relative to the year the paragraph is about, stated before the figure
        now = [
            m
            for m in YEAR_POINT.finditer(text, max(ctx.paragraph[0], f.start - 600), f.start)
            if m.group("y")
        ]
        latest = int(now[-1].group("y")) if now else None
        if relative:
            f.year_offset, f.year_end = -1, relative.end()
            f.year = str(latest - 1) if latest is not None else None
            return
        if since:  # "an increase of 4.5 per cent since 2030" on a page about 2031: the period
            f.since = int(since.group("y"))
    f.year = _point_year(text, cs, ce, f, figures)
    if f.since is not None and f.year == str(f.since):
        f.year = None  # "fewer than in 2034" is where the change starts, not the figure's year
    if f.year is None and f.is_reached and figures[i - 1].year:
        f.year = figures[i - 1].year.split("-")[-1]  # the level a change reached, at the end of its period
    if (
        f.year is None
        and i > 0
        and f.unit == vocab.SHARE
        and figures[i - 1].unit == vocab.PERSONS
        and RESTATED.match(text, figures[i - 1].end, f.start)
        and BASE_AFTER.match(text, f.end)
    ):
        f.year = figures[i - 1].year  # "5.6 billion people … in 2032, 69 per cent of the population"
    if f.since is not None and latest is not None and latest > f.since:
        f.year = f"{f.since}-{latest}"
    # "from 4.1 billion in 2019 to 4.9 billion in 2021, an increase of 17 per cent": the change's period
    levels = [g for g in figures[max(0, i - 2) : i] if g.is_level and g.year and "-" not in g.year]
    if (
        f.year is None
        and f.kind == "change"
        and not f.is_level
        and len(levels) == 2
        and int(levels[0].year) < int(levels[1].year)
    ):
        f.year = f"{levels[0].year}-{levels[1].year}"


_DEADLINE_GAP = 80  # characters: how far after a target's figure its deadline may be named
_DEADLINE_OPENS = re.compile(r"\s*,")  # "By 2030, 75 per cent …": a deadline before the figure opens it
# … when only an opening stands before it ("Calls for ensuring that, by 2030, …", not "… connectivity by
# 2030, noting that …")
_DEADLINE_LEAD = re.compile(r"(?:^|[,:(]|\bthat|\bfor|\bto)\s*$", re.IGNORECASE)


def figure_deadline(text: str, f: Figure) -> re.Match | None:
    """The deadline ("by 2025", "by the end of 2030") a figure is to be reached by: after it in its
    sub-clause, or before the clause's first figure when it opens the statement ("by 2030, 75 per cent …";
    not "… 1,300 pledges by the end of 2035, and … 11,000 participants")."""
    ctx = f.ctx
    m = DEADLINE.search(text, f.end, min(ctx.sub_end if ctx else f.end + 100, f.end + _DEADLINE_GAP + 30))
    if m is not None and m.start() - f.end <= _DEADLINE_GAP:
        return m
    if ctx is not None:  # before the clause's first figure only: then it opens all of them
        before = [
            m
            for m in DEADLINE.finditer(text, ctx.sub_start, min(f.start, ctx.clause.first_figure))
            if _DEADLINE_OPENS.match(text, m.end())
            and _DEADLINE_LEAD.search(text[max(ctx.sub_start, m.start() - 20) : m.start()])
        ]
        if before:
            return before[-1]
    return None


def level_periods(figures: list[Figure]) -> None:
    """ "fell from 3.4 to 2.8 per cent of GNI per capita between 2030 and 2033": the period after the second
    level of a change dates both levels, the first at its start and the second at its end."""
    for prev, f in itertools.pairwise(figures):
        if prev.is_level and f.is_level and prev.year is None and f.year and "-" in f.year:
            prev.year, f.year = f.year.split("-")


# --- the rules after "stated": the text's edition, its date ("now") and dated events -------------------
# "Facts and Figures 2022", "The State of Broadband 2022", "… Report 2023": an edition named by its year
_EDITION = re.compile(
    rf"\b(?:Facts{S}and{S}Figures|State{S}of{S}Broadband|Report|Outlook|Review|Yearbook|Index|Edition)"
    rf"[:,]?{S}(?P<y>(?:19|20)[0-9]{{2}})\b(?!{H}|{S}(?:Agenda|targets?))",
    re.IGNORECASE,
)
# in a resolution, only ITU's own data edition dates a figure ("according to Facts and Figures 2022, …")
_CITED_EDITION = re.compile(rf"\bFacts{S}and{S}Figures(?:{S}[–—-])?{S}(?P<y>(?:19|20)[0-9]{{2}})\b")
NOW_WORDS = re.compile(
    rf"\b(?:now|nowadays|currently|presently|at{S}present|today|still|to{S}date|as{S}yet|yet{S}to|remains?"
    rf"|continues?{S}to)\b",
    re.IGNORECASE,
)
# the figures that have no data year: counts about the WSIS process and its bodies, a cost to be met
_NO_DATA_YEAR = (
    "process_",
    "pledges_",
    "commitments_",
    "entities_",
    "members_",
    "partners_",
    "countries_",
    "investment_",
)
_BODIES = {name for name, _ in vocab.BODY_RULES}


@dataclass(frozen=True)
class TextTime:
    """What dates a text: its edition (report pages), its date (adoption, else the caller's as-of), and
    the footnote markers whose note cites an edition of Facts and Figures: (offset, edition year)."""

    edition: int | None = None
    dated: date | None = None
    cited: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Event:
    """One dated event of data/events.csv and how a text refers to it."""

    event_id: str
    name: str
    year: int
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]


EVENTS_CSV = config.DATA_DIR / "events.csv"
EVENT_COLUMNS = ["event_id", "name", "year", "date", "pattern", "keywords", "source"]


@lru_cache(maxsize=4)
def load_events(path: Path = EVENTS_CSV) -> tuple[Event, ...]:
    """The registry of dated events; a malformed row is a SourceError naming the row."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise SourceError(path, f"cannot read the events registry: {exc.strerror}") from None
    events = []
    for n, row in enumerate(rows, 2):
        missing = [c for c in EVENT_COLUMNS if not (row.get(c) or "").strip() and c != "date"]
        if missing:
            raise SourceError(path, f"empty {', '.join(missing)}", row=n)
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
            year = int(row["year"])
        except (re.error, ValueError) as exc:
            raise SourceError(path, f"bad year or pattern: {exc}", row=n) from None
        date_ = row["date"].strip()
        if date_ and not date_.startswith(str(year)):
            raise SourceError(path, f"date {date_} is not in the event's year {year}", row=n, column="date")
        keywords = tuple(k.strip().lower() for k in row["keywords"].split(";") if k.strip())
        events.append(Event(row["event_id"], row["name"], year, pattern, keywords))
    return tuple(events)


def edition_year(text: str, paras: list[Paragraph]) -> int | None:
    """The edition a report page names in its title ("Facts and Figures 2022: …"); None for resolutions
    (a resolution's numbered title, "2023/3. Assessment …", is no edition) and pages without one."""
    if not any(p.kind == "report" for p in paras):
        return None
    title = next((p for p in paras if p.id == "title"), None)
    m = _EDITION.search(text, title.start, title.end) if title else None
    return int(m.group("y")) if m else None


_AFTER_EVENT = re.compile(r"\b(?:since|after|following)\s+(?:the\s+)?$", re.IGNORECASE)


_MARKER = re.compile(f"[{SUPERSCRIPTS}]+")


def cited_editions(text: str, paras: list[Paragraph]) -> tuple[tuple[int, int], ...]:
    """(offset, year) of every footnote marker in a paragraph whose note cites Facts and Figures ("¹ See
    ITU, Measuring Digital Development: Facts and Figures 2032"); a note's text follows its first marker."""
    notes: dict[str, int] = {}
    for p in paras:
        if p.kind == "footnote":
            m = _MARKER.match(text, p.start)
            cited = _CITED_EDITION.search(text, p.start, p.end)
            if m and cited:
                notes.setdefault(m.group(0), int(cited.group("y")))
    if not notes:
        return ()
    return tuple(
        (m.start(), notes[m.group(0)])
        for p in paras
        if p.has_claims
        for a, b in p.spans
        for m in _MARKER.finditer(text, a, b)
        if m.group(0) in notes
    )


def find_event(text: str, start: int, end: int, events: tuple[Event, ...]) -> Event | None:
    """The first registered event that text[start:end] refers to ("since" an event is a period's start, not
    the figure's year)."""
    lower = text[start:end].lower()
    for event in events:
        if not any(k in lower for k in event.keywords):
            continue
        for m in event.pattern.finditer(text, start, end):
            if not _AFTER_EVENT.search(text[max(start, m.start() - 20) : m.start()]):
                return event
    return None


def has_data_year(f: Figure) -> bool:
    """Targets, definitional thresholds and counts about the WSIS process or its bodies have no data year."""
    return (
        f.kind != "target"
        and not f.is_generic
        and f.scope not in _BODIES
        and not (f.indicator or "").startswith(_NO_DATA_YEAR)
    )


def decide_year(text: str, f: Figure, when: TextTime, events: tuple[Event, ...] = ()) -> None:
    """Set f.year and f.year_rule by the rules of this module (f.year already set means stated); a target's
    year is its deadline."""
    deadline = figure_deadline(text, f) if f.kind == "target" else None
    if deadline is not None:
        f.year, f.year_rule = deadline.group("y"), YEAR_DEADLINE
        return
    if f.year is not None:
        f.year_rule = YEAR_STATED
        return
    f.year_rule = YEAR_NONE
    ctx = f.ctx
    if ctx is None or not has_data_year(f):
        return
    cs, ce = ctx.clause.start, ctx.clause.end
    cited = _CITED_EDITION.search(text, cs, ce)  # "according to Facts and Figures 2022, …"
    noted = next((year for at, year in when.cited if cs <= at <= ce + 2), None)  # a footnote that cites it
    edition = int(cited.group("y")) if cited else noted or when.edition
    if edition is not None:
        _give(f, edition, YEAR_EDITION)
    elif NOW_WORDS.search(text, ctx.sub_start, ctx.sub_end):
        if when.dated is None:
            f.year_rule = YEAR_NOW_UNDATED
        else:
            _give(f, newest_data_year(when.dated), YEAR_NOW)
    else:
        event = find_event(text, cs, ce, events)
        if event is not None:
            _give(f, event.year, YEAR_EVENT)
            f.year_event = event.event_id


def _give(f: Figure, year: int, rule: str) -> None:
    """The year a rule gives, as a change's period when it ran "since" an earlier year, or the year before
    it for "a year earlier"."""
    if f.since is not None and f.since < year:
        f.year = f"{f.since}-{year}"
    else:
        f.year = str(year + f.year_offset)
    f.year_rule = rule
