"""What identifies and dates a text: its UN symbol, its title and its adoption date.

Why: the claim checker compares a claim with the data "of its time", which is the adoption date of the text,
so the date is read from the text itself ("Resolution adopted by the General Assembly on 21 December 2020",
else the closing date line after "48th plenary meeting"), never guessed from the file name.
"""

from __future__ import annotations

import re
from datetime import date

from etl.claims.segment import segment

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DATE = rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})"
_ADOPTED = re.compile(
    rf"(?:Resolution|Decision)\s+adopted\s+by\s+the\s+[^\n]*?\s+on\s+{_DATE}", re.IGNORECASE
)
_CLOSING_DATE = re.compile(rf"plenary\s+meeting\**\s*\n\s*\**{_DATE}")
# a report's cover: "Distr.: General" and on the next line the date it was issued
_ISSUED = re.compile(rf"^\**Distr\.:?\s*\w+\**\s*\n\s*\**{_DATE}", re.MULTILINE)
_SYMBOL = re.compile(r"^\**((?:A|E|S)/(?:RES/)?[\w.]+(?:/[\w.]+)+)\**", re.MULTILINE)
_TITLE_NUMBER = re.compile(r"^\**(?P<number>\d{2,4}/\d{1,4})\.\s")
_ORGAN_PREFIX = {"Economic and Social Council": "E", "General Assembly": "A", "Security Council": "S"}


def _iso(m: re.Match) -> str | None:
    try:
        month = _MONTHS.index(m.group("month")) + 1
        return date(int(m.group("year")), month, int(m.group("day"))).isoformat()
    except ValueError:
        return None


def adoption_date(text: str) -> str | None:
    """ISO date of adoption from the adoption line, else from the closing date line; None when absent."""
    for rx in (_ADOPTED, _CLOSING_DATE):
        m = rx.search(text)
        if m and _iso(m):
            return _iso(m)
    return None


def text_date(text: str) -> str | None:
    """ISO date a text speaks at: its adoption date, else (a report of the Secretary-General, a note) the
    issue date on its cover, under "Distr.: General"; None when it states neither."""
    adopted = adoption_date(text)
    if adopted:
        return adopted
    m = _ISSUED.search(text)
    return _iso(m) if m else None


def describe(text: str) -> dict[str, str | None]:
    """Symbol, title and adoption date of a text (each None when the text does not state it)."""
    paras = segment(text)
    title_para = next((p for p in paras if p.id == "title"), None)
    title = text[title_para.start : title_para.end].strip("* ") if title_para else None
    cover = "\n".join(text[p.start : p.end] for p in paras if p.kind == "cover")
    m = _SYMBOL.search(cover)
    symbol = m.group(1) if m else None
    if symbol is None and title:
        # no symbol line (ecosoc-2023-3): the title's number and the enacting organ give it
        number = _TITLE_NUMBER.match(title)
        organ = next((o for o in _ORGAN_PREFIX if re.search(rf"^\**The\s+{o},", text, re.MULTILINE)), None)
        if number and organ:
            symbol = f"{_ORGAN_PREFIX[organ]}/RES/{number.group('number')}"
    return {"symbol": symbol, "title": title, "adoption_date": adoption_date(text)}
