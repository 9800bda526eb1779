"""The words a report writer can quote about a claim: values in the claim's unit, and one sentence."""

from __future__ import annotations

import math

from etl.core.releases import Calendar
from etl.core.vocabulary import MATCHES, NO_SERIES, NOT_SUPPORTED
from etl.methods.reconcile.interval import COUNT_UNITS, Interval
from etl.methods.reconcile.series import Key
from etl.methods.reconcile.verdict import Finding


# --- words for readers ----------------------------------------------------------------------------------
def fmt(value: float, unit: str) -> str:
    """A data value as a report writes it (66.3 %, 5.32 billion, 97.1 per 100, 0.94)."""
    if unit in COUNT_UNITS:
        if abs(value) >= 1e9:
            return f"{value / 1e9:.2f} billion"
        if abs(value) >= 1e6:
            return f"{value / 1e6:.{0 if abs(value) >= 1e7 else 1}f} million"
        return f"{value:,.0f}"
    if unit == "per_100_inhabitants":
        return f"{value:.1f} per 100"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "percentage_points":
        return f"{value:.1f} points"
    return f"{value:.1f} %"


def fmt_interval(bounds: Interval, unit: str) -> str:
    """An interval in the claim's unit: "[65.5 %, 66.5 %)", "(80.0 %, ...)"."""
    low = "..." if math.isinf(bounds.low) else fmt(bounds.low, unit)
    high = "..." if math.isinf(bounds.high) else fmt(bounds.high, unit)
    return f"{'[' if bounds.low_closed else '('}{low}, {high}{']' if bounds.high_closed else ')'}"


def sentence(f: Finding, bounds: Interval, unit: str, calendar: Calendar, reason: str) -> str:
    """One sentence a report writer can quote about a claim."""
    if f.verdict == NO_SERIES:
        return f"Cannot be checked: {reason}."
    year = f" in {f.year_used}" if f.year_used is not None else ""

    def said(found: tuple[Key, float]) -> str:
        return f"{calendar.edition(found[0][0])}: {fmt(found[1], unit)}{year}"

    if f.time is None:
        out = "No release of its time has the figure"
        out += f"; the newest release gives {said(f.newest)}" if f.newest else ""
    elif f.verdict == NOT_SUPPORTED:
        out = f"Does not match the data of its time ({said(f.time)}, outside {fmt_interval(bounds, unit)})"
        if f.newest and f.newest[0] != f.time[0]:
            out += f"; the newest release gives {fmt(f.newest[1], unit)}"
    else:
        out = f"Matched the data of its time ({said(f.time)})"
        if f.newest[0] == f.time[0]:
            out += "; no later release has that year"
        elif f.verdict == MATCHES:
            out += f"; confirmed in the newest release ({said(f.newest)})"
        else:
            change = f.newest[1] - f.time[1]
            size = fmt(abs(change), "percentage_points" if unit == "percent" else unit)
            out += (
                f"; revised {'down' if change < 0 else 'up'} by {size} in the newest release "
                f"({said(f.newest)})"
            )
    if f.held_years:
        out += f". It held in: {f.held_years}"
    return out + "."
