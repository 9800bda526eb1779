"""How a value is written for readers: the one place that turns a number and one of our unit ids into
words ("66.3 %", "3.8 billion people", "US$ 7.72", "≥ 75.0 %", "7.4 points to go").

Units are our unit ids (the indicator registry's, or a claim's), never upstream labels.
"""

from __future__ import annotations

import pandas as pd

from etl.core.measures import PARITY_BAND, format_score

UNIT_LABELS = {  # our unit ids (etl.core.vocabulary.UNITS, CLAIM_UNITS) in words, for axes and values
    "percent": "%",
    "per_100_inhabitants": "per 100 inhabitants",
    "count": "number",
    "persons": "people",
    "subscriptions": "subscriptions",
    "percentage_points": "percentage points",
    "usd": "US$",
    "ppp_usd": "PPP$",
    "percent_gni_per_capita": "% of monthly GNI per capita",
    "exabytes": "exabytes",
    "gigabytes": "GB",
    "mbit_per_second": "Mbit/s",
    "index": "index",
    "ratio": "ratio",
    "years": "years",
}
# units whose large values read better in words ("3.8 billion people", not "3,800,000,000 persons")
SCALED_UNITS = {"count", "persons", "subscriptions", "usd", "ppp_usd", "mbit_per_second"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
PREFIX_UNITS = {"usd", "ppp_usd"}  # written before the number: "US$ 7.72"
BARE_UNITS = {"count", "ratio"}  # the number alone: the indicator's name says what is counted
COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def unit_label(unit: str | None) -> str:
    """Human label of a unit id from the registry (the id itself when unknown)."""
    return UNIT_LABELS.get(unit or "", unit or "")


def _missing(value: object) -> bool:
    """None, NaN or pd.NA (the ways a frame says 'no value')."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_number(value: float, unit: str | None = None, digits: int = 1) -> str:
    """A number rounded for reading in its unit, without the unit ("66.3", "3.8 billion", "7,696")."""
    if unit in SCALED_UNITS and abs(value) >= 1e6:
        scale, word = next((s, w) for s, w in SCALES if abs(value) >= s)
        return f"{value / scale:.{digits}f} {word}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if unit == "ratio":  # a parity score: never rounded onto the other side of the band's edge
        return format_score(value, digits=max(digits, 3))
    if unit in PREFIX_UNITS:
        return f"{value:.{max(digits, 2)}f}"
    return f"{value:.{digits}f}"


def fmt_value(value: float | None, unit: str | None, digits: int = 1) -> str:
    """The one way a value is written with its unit ("66.3 %", "3.8 billion people", "US$ 7.72").

    `unit` is one of our unit ids (registry or claim units), never an upstream label."""
    if _missing(value):
        return "no data"
    text = fmt_number(float(value), unit, digits)
    if unit in PREFIX_UNITS:
        return f"{unit_label(unit)} {text}"
    if unit in BARE_UNITS or not unit:
        return text
    return f"{text} {unit_label(unit)}"


def _scaled(value: float, unit: str | None) -> float:
    """The number `fmt_number` writes before its scale word (3.75e9 people -> 3.75)."""
    if unit in SCALED_UNITS and abs(value) >= 1e6:
        return value / next(s for s, _ in SCALES if abs(value) >= s)
    return value


def fmt_range(low: float | None, high: float | None, unit: str | None) -> str:
    """An interval written exactly, with the decimals its ends need ("3.75 billion people – 3.85 billion
    people", not "3.8 – 3.9"): the interval a rounded claim covers must not look rounded again."""
    if _missing(low) or _missing(high):
        return "no data"
    digits = 1
    ends = (_scaled(float(low), unit), _scaled(float(high), unit))
    while digits < 4 and any(abs(round(v, digits) - v) > 1e-9 * max(1.0, abs(v)) for v in ends):
        digits += 1
    return f"{fmt_value(low, unit, digits)} – {fmt_value(high, unit, digits)}"


def fmt_threshold(comparator: str | None, value: float | None, unit: str | None) -> str:
    """A target's threshold in words ("≥ 50.0 %", "parity (0.98–1.02)")."""
    if comparator == "parity":
        return f"parity ({PARITY_BAND[0]:.2f}–{PARITY_BAND[1]:.2f})"
    if _missing(value):
        return "no number"
    return f"{COMPARATORS.get(str(comparator), comparator or '')} {fmt_value(value, unit)}".strip()


def fmt_gap(gap: float | None, unit: str | None) -> str:
    """Distance to a target in words ("7.4 points to go", "reached (+3.4 points)"); `gap` is positive while
    there is still some way to go, and a gap between shares is in percentage points ("points")."""
    if _missing(gap):
        return "–"
    size = abs(float(gap))
    text = f"{size:.1f} points" if unit == "percent" else fmt_value(size, unit)
    return f"{text} to go" if gap > 0 else f"reached (+{text})" if gap < 0 else "reached"


def fmt_change(change: float | None, unit: str | None) -> str:
    """The size of a revision or difference in words ("2.6 percentage points", "0.1 billion people"):
    a change of a share is in percentage points, never "%"."""
    if _missing(change):
        return "–"
    size = abs(float(change))
    return f"{size:.1f} percentage points" if unit == "percent" else fmt_value(size, unit)


def fmt_claimed(value: float | None, unit: str | None) -> str:
    """A figure as the text states it, with exactly the decimals it has ("66 %", "7.74 billion
    subscriptions", "1.5 %"): writing "66.0 %" would claim a precision the text does not give."""
    if _missing(value):
        return "no data"
    scaled = _scaled(float(value), unit)
    digits = 0
    while digits < 4 and abs(round(scaled, digits) - scaled) > 1e-9 * max(1.0, abs(scaled)):
        digits += 1
    text = f"{scaled:,.{digits}f}" if abs(scaled) >= 1000 else f"{scaled:.{digits}f}"
    if unit in SCALED_UNITS and abs(float(value)) >= 1e6:
        text += " " + next(w for s, w in SCALES if abs(float(value)) >= s)
    if unit in PREFIX_UNITS:
        return f"{unit_label(unit)} {text}"
    if unit in BARE_UNITS or not unit:
        return text
    return f"{text} {unit_label(unit)}"
