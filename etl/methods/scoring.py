"""Target status: one series scored against one target, as pure functions (no tables, no I/O).

**The headline** (``status``, words in ``etl.core.vocabulary.TARGET_STATUSES``) rests on one rule, the
bounded projection at the current pace:

* Base year: the first year with data at or after the target's ``baseline_year`` when the registry gives
  one, else at or after 2015 (Open SDG's default, the start of the SDG period). The current pace is the
  compound annual growth rate (CAGR) from the base year to the latest year assessed.
* Projection: latest x (1 + CAGR)^(deadline - latest), bounded to the indicator's range (0-100 for a
  percentage, >= 0 otherwise; a parity score moving towards 1 stops at 1).
* A deadline year Y has passed once the build's as-of date is after 31 December of Y.
* Deadline not passed: **met** when the latest value meets the target, else **on track** / **off track** by
  the projection for the deadline.
* Deadline passed, with a value for the deadline year: **met** / **missed** on that value (a missed target
  gives the first year it was met later, if any).
* Deadline passed, data stop one or more years before it: **met** when the latest value already meets the
  target (met before the deadline), else **likely met** / **likely missed** by the projection, with the
  number of years short. A series that skips the deadline year but has later values is interpolated at the
  pace between the years either side instead.
* No numeric target (SDG 17.6.1, 5.b.1): **no numeric target**, and the trend since the base year.
* **Not measurable** with a reason: no series (the registry has none, or the build has none for the
  scope), too few points (fewer than two values from the base year, so no pace), no threshold.
* "Meets": >=, >, <=, < against the threshold as published, never rounded first; parity: the female / male
  score inside ITU's band 0.98-1.02 (``etl.core.measures``). ``first_year_met`` is the first year with data
  in which the target was met (up to the year assessed; for a missed target, the first year after the
  deadline).

**The two official methods** (Open SDG's and the UN Statistics Division's progress assessments) stay
beside the headline as secondary columns, on the same window (data up to the deadline once it has passed,
else up to the latest year):

* Open SDG ratio of growth rates (``growth_ratio`` R, ``open_sdg_status``, ``open_sdg_score``): CAGR_o =
  (yt / y0)^(1/(t - t0)) - 1, CAGR_r = (yT / y0)^(1/(T - t0)) - 1, R = d * CAGR_o / |CAGR_r|; bands R >= 0.95
  substantial, >= 0.60 moderate, >= 0 limited, < 0 deterioration; "target achieved" when the value assessed
  meets the target. R is empty when the base already meets the target (no growth is required). A zero is
  replaced by 0.001 before any ratio. Without a numeric target, d * CAGR_o is banded at 1.5 % / 0.5 % / 0,
  the positive thresholds scaled by C = 1 - (y0 / 100)^4.44 for percentages.
* UNSD extrapolation (``extrapolation_ratio`` r, ``unsd_status``): r = (yT_hat - y0) / (yT - y0) with
  yT_hat the observed deadline value when the deadline has one, else the bounded projection; r >= 0.95 on
  track, >= 0.10 acceleration needed, else stagnation or regression; a latest percentage within 1 point of a
  0 % or 100 % target counts as met.
* Parity targets use the Goldilocks transform max(y, 1/y) towards 1 with d = -1 in both methods (we keep
  ITU's band 0.98-1.02 rather than Open SDG's 0.97-1.03); values are reported untransformed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from etl.core.measures import format_score
from etl.core.vocabulary import (
    ACHIEVED,
    DETERIORATION,
    INSUFFICIENT,
    LIKELY_MET,
    LIKELY_MISSED,
    MET,
    MISSED,
    NO_NUMERIC_TARGET,
    NOT_MEASURABLE,
    NOT_MEASURABLE_REASONS,
    OFF_TRACK,
    ON_TRACK,
    REASON_TOO_FEW_POINTS,
    UNSD_MET,
)
from etl.methods.pace import (
    Goal,
    bounded,
    bounded_projection,
    cagr,
    choose_base,
    deadline_passed,
    extrapolation_ratio,
    first_year_met,
    goldilocks,
    growth_ratio,
    is_met,
    no_target_band,
    open_sdg_band,
    open_sdg_score,
    project,
    unsd_band,
    year_reached,
)

METHOD_HEADLINE = "bounded_projection_at_current_pace"
METHOD_RATIO = "open_sdg_ratio_of_growth_rates"
METHOD_EXTRAPOLATION = "unsd_extrapolation"
METHOD_NO_TARGET = "open_sdg_observed_growth_no_target"


def _fmt(value: float, goal: Goal) -> str:
    return format_score(value) if goal.is_parity else f"{value:.4g}"


def _threshold_words(goal: Goal) -> str:
    return "parity (0.98-1.02)" if goal.is_parity else f"{goal.comparator} {goal.threshold:g}"


def _empty_row() -> dict:
    return {
        "base_year": None,
        "base_value": math.nan,
        "base_year_rule": "",
        "latest_year": None,
        "latest_value": math.nan,
        "assessed_year": None,
        "n_points": 0,
        "gap_to_target": math.nan,
        "cagr_observed": math.nan,
        "cagr_required": math.nan,
        "growth_ratio": math.nan,
        "open_sdg_status": INSUFFICIENT,
        "open_sdg_score": math.nan,
        "projected_value": math.nan,
        "extrapolation_ratio": math.nan,
        "unsd_status": INSUFFICIENT,
        "year_target_reached": math.nan,
        "deadline_value": math.nan,
        "first_year_met": None,
        "years_short": None,
        "status": NOT_MEASURABLE,
        "status_detail": "",
        "method": "",
    }


def assess(years: Sequence[int], values: Sequence[float], goal: Goal, as_of: date | int) -> dict:
    """Score one series against one goal: the headline status and the two methods' figures.

    Pure: the same inputs always give the same row (see the module docstring for every rule)."""
    points = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if not math.isnan(v))
    out = _empty_row()
    if points:
        out["latest_year"], out["latest_value"] = points[-1]
    passed = deadline_passed(goal.deadline, as_of) and goal.has_threshold
    series = dict(points)
    # the window the status and both methods rest on: up to the deadline once it has passed
    window = [(y, v) for y, v in points if y <= goal.deadline] if passed else points
    base_year, out["base_year_rule"] = choose_base([y for y, _ in window], goal.baseline_year)
    if base_year is not None:
        window = [(y, v) for y, v in window if y >= base_year]
        out["base_year"], out["base_value"] = window[0]
        out["assessed_year"] = window[-1][0]
    else:
        window = []
    out["n_points"] = len(window)
    if goal.has_threshold and points:
        scale = goldilocks if goal.is_parity else (lambda v: v)
        out["gap_to_target"] = goal.direction * (goal.target - scale(out["latest_value"]))
    if not goal.has_threshold:
        _no_numeric_target(out, window, goal)
        return out
    if len(window) >= 2:
        _official_methods(out, window, goal, passed and goal.deadline in series)
    _headline(out, points, window, goal, passed)
    return out


def _no_numeric_target(out: dict, window: list[tuple[int, float]], goal: Goal) -> None:
    if len(window) < 2:
        out["status_detail"] = _too_few(window, goal)
        return
    (t0, y0), (t, yt) = window[0], window[-1]
    cagr_o = cagr(y0, yt, t - t0)
    band = no_target_band(cagr_o, goal.direction, y0, goal.unit)
    out.update(
        cagr_observed=cagr_o,
        open_sdg_status=band,
        unsd_status="",
        method=METHOD_NO_TARGET,
        status=NO_NUMERIC_TARGET,
        status_detail=f"trend {t0}-{t}: {_fmt(y0, goal)} -> {_fmt(yt, goal)}, {cagr_o:+.2%} a year "
        f"(Open SDG no-target band: {band})",
    )


def _too_few(window: list[tuple[int, float]], goal: Goal) -> str:
    words = NOT_MEASURABLE_REASONS[REASON_TOO_FEW_POINTS]
    if not window:
        return f"{words}: no value at or after the base year" + (
            f" up to the {goal.deadline} deadline" if goal.has_threshold else ""
        )
    return f"{words}: one value ({window[0][0]}: {_fmt(window[0][1], goal)}), so no pace"


def _official_methods(
    out: dict, window: list[tuple[int, float]], goal: Goal, observed_deadline: bool
) -> None:
    """Open SDG's ratio of growth rates and UNSD's extrapolation on the window (secondary columns)."""
    d, target = goal.direction, goal.target
    scale = goldilocks if goal.is_parity else (lambda v: v)
    (t0, raw0), (t, raw_t) = window[0], window[-1]
    y0, yt = scale(raw0), scale(raw_t)
    cagr_o = cagr(y0, yt, t - t0)
    out["cagr_observed"] = cagr_o
    out["method"] = f"{METHOD_HEADLINE}; {METHOD_RATIO}; {METHOD_EXTRAPOLATION}"
    if goal.deadline > t0:
        out["cagr_required"] = cagr(y0, target, goal.deadline - t0)
        out["growth_ratio"] = growth_ratio(cagr_o, out["cagr_required"], d)
    met = is_met(raw_t, goal.threshold, goal.comparator)
    ratio = out["growth_ratio"]
    if met:
        out["open_sdg_status"], out["open_sdg_score"] = ACHIEVED, 5.0
    elif math.isnan(ratio):  # the base met the target (nothing was required), the value assessed does not
        out["open_sdg_status"], out["open_sdg_score"] = DETERIORATION, -5.0
    else:
        out["open_sdg_status"], out["open_sdg_score"] = open_sdg_band(ratio), open_sdg_score(ratio)
    if observed_deadline:
        expected = yt
    else:
        expected = project(yt, cagr_o, goal.deadline - t)
        expected = max(expected, 1.0) if goal.is_parity else bounded(expected, goal.unit)
    r = extrapolation_ratio(y0, expected, target, d)
    out["extrapolation_ratio"] = r
    out["unsd_status"] = UNSD_MET if met else unsd_band(r, raw_t, target, goal.unit)
    out["year_target_reached"] = year_reached(t, yt, target, cagr_o, d)


def _headline(
    out: dict, points: list[tuple[int, float]], window: list[tuple[int, float]], goal: Goal, passed: bool
) -> None:
    """The headline status and its one-line detail (the rule of the module docstring)."""
    series = dict(points)
    deadline, words = goal.deadline, _threshold_words(goal)
    if passed and deadline in series:
        value = series[deadline]
        out["deadline_value"] = value
        if is_met(value, goal.threshold, goal.comparator):
            first = first_year_met(points, goal, until=deadline)
            out.update(
                status=MET,
                first_year_met=first,
                status_detail=f"met: {_fmt(value, goal)} in the deadline year {deadline} ({words}); "
                f"first met in {first}",
            )
            return
        later = first_year_met(points, goal, after=deadline)
        since = (
            f"met later, first in {later} ({_fmt(series[later], goal)})"
            if later is not None
            else f"not met since (latest {out['latest_year']}: {_fmt(out['latest_value'], goal)})"
        )
        detail = f"missed: {_fmt(value, goal)} in the deadline year {deadline} ({words}); {since}"
        out.update(status=MISSED, first_year_met=later, status_detail=detail)
        return
    if not window:
        out["status_detail"] = _too_few(window, goal)
        return
    t, yt = window[-1]
    short = deadline - t if passed else None
    out["years_short"] = short
    short_words = f"data stop in {t}, {short} year(s) before the {deadline} deadline" if passed else ""
    if is_met(yt, goal.threshold, goal.comparator):
        first = first_year_met(points, goal, until=t)
        detail = f"met: {_fmt(yt, goal)} in {t} ({words}); first met in {first}"
        out.update(
            status=MET,
            first_year_met=first,
            status_detail=detail + (f"; {short_words}, but it was met before the deadline" if passed else ""),
        )
        return
    later = [(y, v) for y, v in points if y > deadline] if passed else []
    if later:  # the series skips the deadline year: interpolate at the pace between its neighbours
        t1, y1 = later[0]
        estimate = bounded_projection(yt, cagr(yt, y1, t1 - t), deadline - t, goal)
        meets = is_met(estimate, goal.threshold, goal.comparator)
        verdict = "likely met" if meets else "likely missed"
        out.update(
            status=LIKELY_MET if meets else LIKELY_MISSED,
            projected_value=estimate,
            status_detail=f"{verdict}: no value for the deadline year {deadline}; "
            f"{_fmt(estimate, goal)} interpolated between {t} ({_fmt(yt, goal)}) and "
            f"{t1} ({_fmt(y1, goal)}) ({words})",
        )
        return
    if len(window) < 2:
        out["status_detail"] = _too_few(window, goal)
        return
    (t0, y0) = window[0]
    pace = cagr(y0, yt, t - t0)
    projected = bounded_projection(yt, pace, deadline - t, goal)
    meets = is_met(projected, goal.threshold, goal.comparator)
    out["projected_value"] = projected
    how = f"{_fmt(projected, goal)} projected for {deadline} at the {t0}-{t} pace ({pace:+.2%} a year)"
    if passed:
        verdict = "likely met" if meets else "likely missed"
        out.update(
            status=LIKELY_MET if meets else LIKELY_MISSED,
            status_detail=f"{verdict} by projection: {short_words}; {how} ({words})",
        )
    else:
        out.update(
            status=ON_TRACK if meets else OFF_TRACK,
            status_detail=f"{'on track' if meets else 'off track'}: {_fmt(yt, goal)} in {t}; {how} ({words})",
        )
