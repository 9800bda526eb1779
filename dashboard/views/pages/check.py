"""Check a draft: what the /check page, its downloads and ``ict4d check --format html`` show of one check.

The check itself is the ETL's (``etl.draft``, reached through ``dashboard.web.draft``); this module only
turns its table (one row per figure, columns ``etl.draft.COLUMNS``) and the text into what a reader sees:
the text cut into pieces, each figure's piece marked with its result, the rows of the table with values
written by ``views.formats``, and the counts. No Dash, no state: the page keeps nothing but what the
visitor sent (the text is never put in the address).
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.views.formats import fmt_value
from dashboard.views.names import indicator_name
from dashboard.views.query import first
from etl.core import vocabulary as v

PATH = "/check"
RESULT_ORDER = [v.DRAFT_REVISED, v.DRAFT_NO_MATCH, v.DRAFT_OUTDATED, v.DRAFT_UP_TO_DATE, v.DRAFT_CANNOT_CHECK]
RESULT_KINDS = {  # result -> colour class (draft-<kind> in pages.css and the HTML download)
    v.DRAFT_UP_TO_DATE: "current",
    v.DRAFT_OUTDATED: "outdated",
    v.DRAFT_REVISED: "revised",
    v.DRAFT_NO_MATCH: "nomatch",
    v.DRAFT_CANNOT_CHECK: "unchecked",
}
RESULT_MEANINGS = v.DRAFT_RESULTS
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
# the table's columns as readers see them (CSV download: these headers, one row per figure)
TABLE_COLUMNS = {
    "no": "No.",
    "paragraph": "Paragraph",
    "quote": "Quote",
    "says": "What it says",
    "result": "Result",
    "reason": "Why",
    "year_value": "Newest release, same year",
    "latest": "Latest year",
    "suggestion": "Suggested replacement",
    "derivation": "Derived as",
}


def parse_date(value: object, today: date | None = None) -> tuple[date, str | None]:
    """The day a text is meant for, from a date picker's value (ISO); bad or missing: today, with a note."""
    today = today or date.today()
    if value in (None, ""):
        return today, None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return today, f"Not a date: {str(value)[:40]!r}; checked for today ({today.isoformat()})."
    if not EARLIEST <= day <= LATEST:
        return today, f"The date must lie between {EARLIEST.year} and {LATEST.year}; checked for today."
    return day, None


def parse_query(**query: object) -> dict:
    """The page's state from its address: only the day a text is meant for (``?date=2027-07-01``); the
    text is never in the address. Never raises: a bad date falls back to today with a message."""
    day, note = parse_date(first(query.get("date")))
    return {"date": day, "messages": [note] if note else []}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (x is pd.NA)


def _text(x: object) -> str:
    return "" if _missing(x) else str(x)


def says(row: dict) -> str:
    """What the figure says, as read: "66.0 % in 2022 (world, Internet use)"."""
    value = fmt_value(row["value"], row["unit"]) if not _missing(row.get("value")) else ""
    qualifier = _text(row.get("qualifier")).replace("_", " ")
    year = _text(row.get("year"))
    where = ", ".join(
        x for x in (_text(row.get("scope")).replace("_", " "), indicator_name(row.get("indicator"))) if x
    )
    return " ".join(
        x for x in (qualifier, value, f"in {year}" if year else "", f"({where})" if where else "") if x
    )


def _value_at(value: object, unit: str, year: object) -> str:
    if _missing(value):
        return ""
    return (
        f"{fmt_value(float(value), unit)} ({int(year)})"
        if not _missing(year)
        else fmt_value(float(value), unit)
    )


def table_rows(checks: pd.DataFrame) -> list[dict]:
    """The check's rows for readers: the keys of TABLE_COLUMNS, plus `kind` (colour) and `start`/`end`."""
    out = []
    for i, row in enumerate(checks.to_dict("records"), start=1):
        unit = _text(row.get("unit"))
        out.append(
            {
                "no": i,
                "paragraph": _text(row.get("paragraph")),
                "quote": _text(row.get("quote")),
                "says": says(row),
                "result": _text(row.get("result")),
                "reason": _text(row.get("reason")),
                "year_value": _value_at(row.get("year_value"), unit, row.get("year_used")),
                "latest": _value_at(row.get("latest_value"), unit, row.get("latest_year")),
                "suggestion": _text(row.get("suggestion")),
                "derivation": _text(row.get("derivation")),
                "kind": RESULT_KINDS.get(_text(row.get("result")), "unchecked"),
                "start": int(row["start"]),
                "end": int(row["end"]),
            }
        )
    return out


def download_frame(checks: pd.DataFrame) -> pd.DataFrame:
    """The table as the CSV download holds it: the reader's columns, then the figure as read, by id."""
    rows = table_rows(checks)
    shown = pd.DataFrame(
        [{TABLE_COLUMNS[k]: r[k] for k in TABLE_COLUMNS} for r in rows], columns=list(TABLE_COLUMNS.values())
    )
    extra = checks.reset_index(drop=True).reindex(columns=FIGURE_COLUMNS)
    return pd.concat([shown, extra], axis=1)


# after the reader's columns, the figure as read and the rows it was checked on, by id (for a spreadsheet)
FIGURE_COLUMNS = [
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "indicator",
    "scope",
    "year",
    "year_rule",
    "year_used",
    "year_value",
    "year_release",
    "latest_year",
    "latest_value",
    "latest_release",
    "suggestion_source",
]


@dataclass(frozen=True)
class Piece:
    """A piece of the text: plain (`figure` None) or part of figure `figure` (its row number, 1-based);
    `last` marks the figure's last piece, after which its result chip stands."""

    text: str
    figure: int | None = None
    last: bool = False


def pieces(text: str, checks: pd.DataFrame) -> list[Piece]:
    """The text cut at every figure's bounds; where quotes nest, each piece goes to the innermost figure
    (so "5.3 billion people or 66 per cent …" marks both figures)."""
    spans = [
        (int(s), int(e), i) for i, (s, e) in enumerate(zip(checks["start"], checks["end"], strict=True), 1)
    ]
    spans = [(s, e, i) for s, e, i in spans if 0 <= s < e <= len(text)]
    if not spans:
        return [Piece(text)] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    by_start = sorted(spans)
    active: list[tuple[int, int, int, int]] = []  # heap of (length, -start, figure, end): innermost first
    owners: list[tuple[int, int, int | None]] = []
    nxt = 0
    for a, b in itertools.pairwise(cuts):  # a sweep: linear in the figures however many there are
        while nxt < len(by_start) and by_start[nxt][0] <= a:
            s_, e_, i_ = by_start[nxt]
            heapq.heappush(active, (e_ - s_, -s_, i_, e_))
            nxt += 1
        while active and active[0][3] <= a:
            heapq.heappop(active)
        # a shorter span that ended is popped above; a longer one that ends earlier than the top stays
        # in the heap below it, harmless: the top covers [a, b) because every end is a cut
        owner = active[0][2] if active else None
        if owners and owners[-1][2] == owner:
            owners[-1] = (owners[-1][0], b, owner)
        else:
            owners.append((a, b, owner))
    last_piece = {o: n for n, (_, _, o) in enumerate(owners) if o is not None}
    return [Piece(text[a:b], o, o is not None and last_piece[o] == n) for n, (a, b, o) in enumerate(owners)]


def counts(checks: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(result, number of figures, kind) in RESULT_ORDER, results with no figure left out."""
    found = checks["result"].value_counts().to_dict() if len(checks) else {}
    return [(r, int(found[r]), RESULT_KINDS[r]) for r in RESULT_ORDER if found.get(r)]


def summary(checks: pd.DataFrame, as_of: date) -> str:
    """One sentence: how many figures, and how many need changing."""
    n = len(checks)
    if not n:
        return f"No figures found in the text (checked for {as_of.isoformat()})."
    change = int(checks["result"].isin(v.DRAFT_NOT_CURRENT).sum())
    parts = ", ".join(f"{k} {r}" for r, k, _ in counts(checks))
    verb = "needs" if change == 1 else "need"
    figures = f"{n} figure{'s' if n != 1 else ''}"
    return f"{figures} checked for {as_of.isoformat()}: {parts}; {change} {verb} changing."
