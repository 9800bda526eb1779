"""The arithmetic of target scoring, as pure functions: the goal, growth rates, projections, the bands of
the two official methods (Open SDG, UNSD) and the years a target is reached. The rules that combine them
into a status are ``etl.methods.scoring`` (its docstring is the method).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from etl.core.measures import is_parity
from etl.core.vocabulary import (
    DETERIORATION,
    LIMITED,
    MODERATE,
    SUBSTANTIAL,
    UNIT_RANGES,
    UNSD_ACCELERATE,
    UNSD_MET,
    UNSD_ON_TRACK,
    UNSD_STAGNATION,
)

DEFAULT_BASE_YEAR = 2015
ZERO_REPLACEMENT = 0.001


@dataclass(frozen=True)
class Goal:
    """What a series is scored against: a target row reduced to what the arithmetic needs."""

    threshold: float | None  # yT in the series' own scale (1.0 for parity); None: no numeric target
    deadline: int
    comparator: str = ">="  # >=, >, <=, <, parity
    baseline_year: int | None = None
    unit: str = "percent"

    @property
    def is_parity(self) -> bool:
        return self.comparator == "parity"

    @property
    def has_threshold(self) -> bool:
        return self.threshold is not None and not math.isnan(self.threshold)

    @property
    def direction(self) -> int:
        """d: +1 when higher is better; parity scores max(y, 1/y) towards 1, so lower is better."""
        return -1 if self.comparator in ("<=", "<", "parity") else 1

    @property
    def target(self) -> float:
        """yT on the scale the growth figures use (1 for parity, the threshold otherwise)."""
        return 1.0 if self.is_parity else (self.threshold if self.has_threshold else math.nan)


# --- dates ----------------------------------------------------------------------------------------------
def as_of_date(as_of: date | int) -> date:
    """The as-of date; a bare year means 1 January of it (every earlier deadline year has then passed)."""
    return as_of if isinstance(as_of, date) else date(int(as_of), 1, 1)


def deadline_passed(deadline: int, as_of: date | int) -> bool:
    """A deadline year has passed once the as-of date is after its 31 December."""
    return as_of_date(as_of) > date(int(deadline), 12, 31)


# --- pure arithmetic ------------------------------------------------------------------------------------
def nonzero(value: float) -> float:
    """The 0.001 rule: growth rates need a non-zero base."""
    return ZERO_REPLACEMENT if value == 0 else value


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate between two values `years` apart (zeros replaced by 0.001)."""
    return (nonzero(end) / nonzero(start)) ** (1.0 / years) - 1.0


def goldilocks(y: float) -> float:
    """Distance from parity on a symmetric scale: a ratio and its inverse are equally far from 1."""
    y = nonzero(y)
    return max(y, 1.0 / y)


def is_met(value: float, threshold: float | None, comparator: str) -> bool:
    """Does a value meet a target, compared as published (parity: inside ITU's 0.98-1.02 band)?"""
    if comparator == "parity":
        return is_parity(value)
    if threshold is None or math.isnan(threshold) or math.isnan(value):
        return False
    return {
        ">=": value >= threshold,
        ">": value > threshold,
        "<=": value <= threshold,
        "<": value < threshold,
    }[comparator]


def growth_ratio(cagr_observed: float, cagr_required: float, direction: int) -> float:
    """R = d * CAGR_o / |CAGR_r|; NaN when no growth is required (the base already meets the target)."""
    if direction * cagr_required <= 0:
        return math.nan
    return direction * cagr_observed / abs(cagr_required)


def open_sdg_band(ratio: float) -> str:
    """Open SDG's band for R."""
    if ratio >= 0.95:
        return SUBSTANTIAL
    if ratio >= 0.60:
        return MODERATE
    if ratio >= 0:
        return LIMITED
    return DETERIORATION


def open_sdg_score(ratio: float) -> float:
    """Open SDG's -5..5 score for R."""
    if ratio >= 0.6:
        return min(7.1429 * ratio - 4.2857, 5.0)
    return max(4.1667 * ratio - 2.5, -5.0)


def no_target_band(cagr_observed: float, direction: int, base_value: float, unit: str) -> str:
    """Open SDG's band without a numeric target: d * CAGR_o against 1.5 % and 0.5 %, scaled near 100 %."""
    scale = 1.0 - (base_value / 100.0) ** 4.44 if unit == "percent" and direction > 0 else 1.0
    growth = direction * cagr_observed
    if growth >= 0.015 * scale:
        return SUBSTANTIAL
    if growth >= 0.005 * scale:
        return MODERATE
    if growth >= 0:
        return LIMITED
    return DETERIORATION


def project(latest_value: float, cagr_observed: float, years: float) -> float:
    """Value after `years` more at the observed pace (unbounded)."""
    return nonzero(latest_value) * (1.0 + cagr_observed) ** years


def bounded(value: float, unit: str) -> float:
    """A value held inside its unit's range (0-100 for a percentage, >= 0 for counts and prices)."""
    lo, hi = UNIT_RANGES.get(unit, (-math.inf, math.inf))
    return min(max(value, lo), hi)


def bounded_projection(latest_value: float, cagr_observed: float, years: float, goal: Goal) -> float:
    """The headline projection: the current pace, bounded to the indicator's range; a parity score moving
    towards 1 stops at 1 (the target is parity, not an overshoot)."""
    value = bounded(project(latest_value, cagr_observed, years), goal.unit)
    if goal.is_parity and (latest_value - 1.0) * (value - 1.0) < 0:
        return 1.0
    return value


def extrapolation_ratio(base_value: float, projected: float, target: float, direction: int = 1) -> float:
    """UNSD r: share of the required change the projection covers; NaN when none is required."""
    if direction * (target - base_value) <= 0:
        return math.nan
    return (projected - base_value) / (target - base_value)


def unsd_band(ratio: float, latest_value: float, target: float, unit: str) -> str:
    """UNSD extrapolation band, with its rule that within 1 point of a 0 % or 100 % target is met."""
    if unit == "percent" and target in (0.0, 100.0) and abs(latest_value - target) <= 1.0:
        return UNSD_MET
    if math.isnan(ratio):
        return UNSD_STAGNATION
    if ratio >= 0.95:
        return UNSD_ON_TRACK
    if ratio >= 0.10:
        return UNSD_ACCELERATE
    return UNSD_STAGNATION


def year_reached(
    latest_year: int, latest_value: float, target: float, cagr_observed: float, direction: int
) -> float:
    """Year the target is reached at the current pace, or NaN when the pace does not lead there."""
    if direction * cagr_observed <= 0 or direction * (target - latest_value) <= 0:
        return math.nan
    return latest_year + math.log(nonzero(target) / nonzero(latest_value)) / math.log(1.0 + cagr_observed)


def people_to_connect(target: float, latest_value: float, population: float) -> float:
    """People still to reach: (yT - yt) / 100 * population, never negative."""
    return max(target - latest_value, 0.0) / 100.0 * population


def choose_base(years: Sequence[int], baseline_year: int | None) -> tuple[int | None, str]:
    """Base year and the rule that picked it (see the module docstring)."""
    start = baseline_year if baseline_year is not None else DEFAULT_BASE_YEAR
    candidates = [y for y in years if y >= start]
    if not candidates:
        return None, "no data at or after the base year"
    first = min(candidates)
    if baseline_year is None:
        return first, f"first year at or after {DEFAULT_BASE_YEAR}"
    if first == baseline_year:
        return first, "target baseline year"
    return first, f"first year with data after the target baseline year {baseline_year}"


def first_year_met(
    points: Sequence[tuple[int, float]], goal: Goal, after: int | None = None, until: int | None = None
) -> int | None:
    """First year with data in which the target was met (only years > `after` and <= `until`)."""
    for year, value in points:
        if (
            (after is None or year > after)
            and (until is None or year <= until)
            and is_met(value, goal.threshold, goal.comparator)
        ):
            return year
    return None


# --- one series against one goal ------------------------------------------------------------------------
