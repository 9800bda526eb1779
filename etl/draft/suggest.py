"""A replacement for a figure that is out of date, written in the text's own style, that never invents.

The value, year, unit and source come from one published row (``row_for``): the latest year of the newest
release out by the draft's date, or for a figure tied to a dated event, that release's value for the
event's year. The number is written as the text writes it (its decimals,
its scale word, its thousands separators), rounded as the text rounds; a qualifier stays true ("more than
80 per cent" is rounded down, "almost half" and "less than" up). The other figures inside the same quote are
rewritten from the same release and year, so a suggestion never mixes years. A figure that needs a
derivation (an offline count, a gender gap, a share of non-users) names it with the published values it
rests on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from etl.core.releases import Calendar
from etl.draft.figure import DraftFigure
from etl.methods.reconcile import NUMBER, USE, SeriesIndex, fmt, interval

DOWN = ("more_than", "over", "at_least")  # the written figure must stay below the value
UP = ("less_than", "up_to", "almost", "nearly")  # ... above it


@dataclass(frozen=True)
class Suggestion:
    """The rewritten figure, the source to cite and, for a derived figure, how it is derived."""

    text: str
    source: str
    derivation: str | None = None


@dataclass(frozen=True)
class Row:
    """The one published row a suggestion is written from: year, value and release."""

    year: int
    value: float
    release: str


def row_for(fig: DraftFigure) -> Row | None:
    """The latest year of the newest release; for a figure tied to a dated event (the launch of the 2025
    targets, 2018), the newest release's value for the event's year: a newer year does not replace it."""
    if fig.year_rule == "event":
        if fig.year_used is None or fig.year_value is None or fig.year_release is None:
            return None
        return Row(fig.year_used, fig.year_value, fig.year_release)
    if fig.latest_year is None or fig.latest_value is None or fig.latest_release is None:
        return None
    return Row(fig.latest_year, fig.latest_value, fig.latest_release)


@dataclass(frozen=True)
class Written:
    """How a figure is written in its quote: where, with how many decimals, which scale word."""

    start: int
    end: int
    decimals: int
    scale: float
    scale_word: str
    commas: bool


def written(quote: str, value: float) -> Written | None:
    """The number in `quote` that reads as `value` (the first one; None for a figure in words)."""
    for m in NUMBER.finditer(quote):
        dec = m.group("dec") or ""
        number = float(m.group("int").replace(",", "") + ("." + dec if dec else ""))
        word = m.group("scale") or ""
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(word.lower(), 1.0)
        if math.isclose(number * scale, value, rel_tol=1e-9, abs_tol=1e-12):
            end = m.end("dec") if m.group("dec") else m.end("int")
            return Written(m.start("int"), end, len(dec), scale, word, "," in m.group("int"))
    return None


def rounded(value: float, decimals: int, qualifier: str | None) -> float:
    """`value` at `decimals`, rounded the way that keeps the qualifier true."""
    factor = 10.0**decimals
    scaled = value * factor
    if qualifier in DOWN:
        out = math.floor(scaled + 1e-9)
        if qualifier != "at_least" and math.isclose(out, scaled, abs_tol=1e-9):
            out -= 1  # "more than 85" is false of 85.0
    elif qualifier in UP:
        out = math.ceil(scaled - 1e-9)
        if qualifier != "up_to" and math.isclose(out, scaled, abs_tol=1e-9):
            out += 1
    else:
        out = math.floor(scaled + 0.5)
    return out / factor


def number_text(value: float, w: Written) -> str:
    """A number written with the decimals and separators of `w` (its scale word stays in the text)."""
    if w.commas and w.decimals == 0:
        return f"{value:,.0f}"
    return f"{value:,.{w.decimals}f}" if w.commas else f"{value:.{w.decimals}f}"


def _rewrite(fig: DraftFigure) -> tuple[int, int, str] | None:
    """(start, end, new text) of the figure's number inside its own quote, or None (figure in words)."""
    w, row = written(fig.quote, fig.value), row_for(fig)
    if w is None or row is None:
        return None
    new = rounded(row.value / w.scale, w.decimals, fig.qualifier)
    check = interval(new * w.scale, 0.5 * 10.0 ** (-w.decimals) * w.scale, fig.qualifier)
    if not check.contains(row.value):  # the rounding cannot be said this way: write it plainly
        return None
    return w.start, w.end, number_text(new, w)


def _year(text: str, old: int | None, new: int, rule: str) -> str:
    """The quote with its year moved to `new`; "in <new>" added where the quote does not state one."""
    if old is not None and re.search(rf"\b{old}\b", text):
        return re.sub(rf"\b{old}\b", str(new), text)
    if rule == "now":
        return text
    return f"{text} in {new}"


def _plain(fig: DraftFigure, row: Row) -> str:
    """A figure written in words, or whose rounding the text's style cannot keep: the value as we write it."""
    value = row.value
    if fig.unit == "percent" and "per cent" in fig.quote:
        return f"{value:.1f} per cent"
    return fmt(value, fig.unit)


def _share(index: SeriesIndex, fig: DraftFigure, row: Row, sex: str) -> float | None:
    m = fig.extra["mapping"]
    key = (m.indicator_id or USE, m.entity_id, sex, m.area, m.age_group, row.year)
    found = [v for (r, _), v in index.values.get(key, {}).items() if r == row.release]
    return found[0] if found else None


def derivation_text(fig: DraftFigure, calendar: Calendar, index: SeriesIndex) -> str | None:
    """How a derived figure is computed from the release's published values, in words (None: direct)."""
    m, row = fig.extra.get("mapping"), row_for(fig)
    if m is None or m.derivation == "direct" or row is None:
        return None
    if m.sex == "female/male":
        women, men = _share(index, fig, row, "female"), _share(index, fig, row, "male")
        if women is None or men is None:
            return None
        shares = f"women {fmt(women, 'percent')}, men {fmt(men, 'percent')} using the Internet"
        return {
            "relative gender gap": f"gender gap = 100 x (1 - women / men): {shares}",
            "gender gap in points": f"gender gap in points = men - women: {shares}",
            "parity score": f"gender parity score = women / men: {shares}",
        }.get(m.derivation)
    share = _share(index, fig, row, m.sex)
    if share is None:
        return None
    if m.derivation == "100 - internet_use_share":
        return f"offline share = 100 - Internet use ({fmt(share, 'percent')})"
    found = next((index.value(m, k, row.year) for k in index.keys(m) if k[0] == row.release), None)
    population = f"; {found[1]}" if found and found[1] else ""
    if m.derivation == "offline count":
        return f"offline count = (100 - Internet use {fmt(share, 'percent')}) / 100 x population{population}"
    if m.derivation == "users count" and index._count_in(row.release, m, row.year) is None:
        return f"users = Internet use {fmt(share, 'percent')} / 100 x population{population}"
    return None


def suggest(
    fig: DraftFigure, others: list[DraftFigure], calendar: Calendar, index: SeriesIndex
) -> Suggestion | None:
    """The figure's quote rewritten with the latest published value and year (see the module docstring)."""
    row = row_for(fig)
    if row is None:
        return None
    own = _rewrite(fig)
    text = fig.quote
    bounds = fig.extra.get("bounds")
    if own is None and bounds is not None and bounds.contains(row.value):
        pass  # a figure in words that still holds ("more than half"): only its year moves
    elif own is None:
        text = _plain(fig, row)
    else:
        changes = [own]
        for o in others:
            r = _rewrite(o)
            if r is not None:
                shift = o.start - fig.start
                changes.append((r[0] + shift, r[1] + shift, r[2]))
        changes.sort(reverse=True)
        last = len(text) + 1
        for start, end, new in changes:
            if end <= last:  # never two rewrites of one span
                text = text[:start] + new + text[end:]
                last = start
    if row.year != fig.year_used or fig.year_rule != "event":
        text = _year(text, fig.year_used, row.year, fig.year_rule)
    source = calendar.citation(row.release)
    how = derivation_text(fig, calendar, index)
    return Suggestion(f"{text} ({source})", source, how)
