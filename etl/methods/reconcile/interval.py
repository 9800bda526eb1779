"""The interval a figure covers: the values that round to it as written, with the side a qualifier
names opened ("more than 80" = (80, inf))."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WORD_FIGURE_HALF_WIDTH = 2.5  # percentage points, for figures written in words (half, one in three)
ALMOST_FLOOR = 0.9  # "almost X" / "nearly X" cover [0.9 X, X)
PERCENT_UNITS = {"percent"}
COUNT_UNITS = {"persons", "count", "subscriptions"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?:\s*(?P<scale>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)


# --- the interval a figure covers -----------------------------------------------------------------------
@dataclass(frozen=True)
class Interval:
    """The values a figure covers; ``low_closed`` / ``high_closed`` say whether a bound itself is in."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = False

    def contains(self, value: float) -> bool:
        above_low = value >= self.low if self.low_closed else value > self.low
        below_high = value <= self.high if self.high_closed else value < self.high
        return above_low and below_high

    def side(self, value: float) -> str:
        """ "inside", "above" or "below" the interval."""
        if self.contains(value):
            return "inside"
        return "below" if (value < self.low or (value == self.low and not self.low_closed)) else "above"

    def __str__(self) -> str:
        low = "-inf" if math.isinf(self.low) else f"{self.low:g}"
        high = "inf" if math.isinf(self.high) else f"{self.high:g}"
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def half_step(quote: str, value: float, unit: str) -> float:
    """Half the rounding unit of the figure as written in the quote (a figure in words: +/- 2.5 points)."""
    for m in NUMBER.finditer(quote):
        dec = m.group("dec") or ""
        written = float(m.group("int").replace(",", "") + ("." + dec if dec else ""))
        scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1.0
        if math.isclose(written * scale, value, rel_tol=1e-9, abs_tol=1e-12):
            return 0.5 * 10.0 ** (-len(dec)) * scale
    if unit in PERCENT_UNITS:
        return WORD_FIGURE_HALF_WIDTH
    if value == 0:
        return 0.5
    return 0.5 * 10.0 ** math.floor(math.log10(abs(value)))


def interval(value: float, half: float, qualifier: str | None) -> Interval:
    """The interval of a figure: its rounding, with the side a qualifier names opened."""
    if qualifier in ("more_than", "over"):
        return Interval(value, math.inf, low_closed=False)
    if qualifier == "at_least":
        return Interval(value, math.inf)
    if qualifier == "less_than":
        return Interval(-math.inf, value, low_closed=False)
    if qualifier == "up_to":
        return Interval(-math.inf, value, low_closed=False, high_closed=True)
    if qualifier in ("almost", "nearly"):
        return Interval(ALMOST_FLOOR * value, value)
    return Interval(value - half, value + half)
