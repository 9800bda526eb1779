"""The pure scoring functions (etl/methods/scoring.py, pace.py): the headline rule and the two official
methods.

Every expected figure is worked out by hand in the test, so a change of rule fails here."""

import math
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from etl.core import vocabulary as voc
from etl.methods import pace
from etl.methods import scoring as sc
from etl.methods.pace import Goal
from etl.methods.scoring import assess

AS_OF = date(2026, 12, 4)  # the expected table's as-of date: deadlines up to 2025 have passed


# --- the worked example of progress-methods.md ----------------------------------------------------------
def test_worked_example_of_progress_methods():
    row = assess([2015, 2022], [50.0, 66.0], Goal(100.0, 2030), AS_OF)
    # by hand: CAGR_o = (66/50)^(1/7) - 1, CAGR_r = (100/50)^(1/15) - 1
    cagr_o = (66 / 50) ** (1 / 7) - 1
    cagr_r = 2 ** (1 / 15) - 1
    assert row["cagr_observed"] == pytest.approx(cagr_o)
    assert row["cagr_required"] == pytest.approx(cagr_r)
    assert row["growth_ratio"] == pytest.approx(cagr_o / cagr_r)
    # the figures the reference states
    assert round(row["growth_ratio"], 3) == 0.855
    assert round(row["extrapolation_ratio"], 3) == 0.813
    projected = 66 * (1 + cagr_o) ** 8  # 89.8: below 100, so the bound does not bite
    assert row["projected_value"] == pytest.approx(projected)
    assert row["extrapolation_ratio"] == pytest.approx((projected - 50) / 50)
    assert row["open_sdg_status"] == voc.MODERATE and row["unsd_status"] == voc.UNSD_ACCELERATE
    assert row["status"] == voc.OFF_TRACK  # the headline: 89.8 projected for 2030 misses 100
    assert row["open_sdg_score"] == pytest.approx(7.1429 * (cagr_o / cagr_r) - 4.2857)
    assert row["year_target_reached"] == pytest.approx(2022 + math.log(100 / 66) / math.log(1 + cagr_o))
    assert row["gap_to_target"] == pytest.approx(34.0)
    assert (row["base_year"], row["latest_year"], row["n_points"]) == (2015, 2022, 2)


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (0.95, voc.SUBSTANTIAL),
        (1.4, voc.SUBSTANTIAL),
        (0.9499, voc.MODERATE),
        (0.6, voc.MODERATE),
        (0.5999, voc.LIMITED),
        (0.0, voc.LIMITED),
        (-0.01, voc.DETERIORATION),
    ],
)
def test_open_sdg_bands(ratio: float, band: str):
    assert pace.open_sdg_band(ratio) == band


def test_open_sdg_score_is_clamped_and_piecewise():
    assert pace.open_sdg_score(2.0) == 5.0
    assert pace.open_sdg_score(-2.0) == -5.0
    assert pace.open_sdg_score(0.6) == pytest.approx(7.1429 * 0.6 - 4.2857)
    assert pace.open_sdg_score(0.3) == pytest.approx(4.1667 * 0.3 - 2.5)


# --- when a deadline has passed -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "passed"),
    [
        (date(2025, 12, 31), False),  # the last day of the deadline year: not passed yet
        (date(2026, 1, 1), True),
        (2026, True),  # a bare year is its 1 January
        (2025, False),
    ],
)
def test_a_deadline_year_passes_after_its_31_december(as_of, passed):
    assert pace.deadline_passed(2025, as_of) is passed
    row = assess([2015, 2024], [40.0, 60.0], Goal(75.0, 2025), as_of)
    assert row["status"] in ((voc.LIKELY_MISSED,) if passed else (voc.OFF_TRACK,))


# --- the headline statuses ------------------------------------------------------------------------------
def test_met_before_the_deadline_is_met_with_its_first_year():
    # deadline 2030 not passed; the threshold 50 was first reached in 2020 and still holds
    row = assess([2015, 2018, 2020, 2022], [30.0, 45.0, 52.0, 60.0], Goal(50.0, 2030), AS_OF)
    assert (row["status"], row["first_year_met"]) == (voc.MET, 2020)
    assert math.isnan(row["projected_value"])  # the status does not rest on a projection


def test_met_before_a_passed_deadline_with_data_short_is_met_not_no_data():
    # deadline 2023 passed, data stop in 2020 (3 years short), but 65.7 already meets 65 (C2030-1.1)
    row = assess(range(2015, 2021), [47.9, 51.0, 53.9, 57.3, 61.5, 65.7], Goal(65.0, 2023), AS_OF)
    assert (row["status"], row["first_year_met"], row["years_short"]) == (voc.MET, 2020, 3)
    assert "met before the deadline" in row["status_detail"] and "3 year(s)" in row["status_detail"]


def test_deadline_passed_and_met_in_the_deadline_year():
    row = assess([2015, 2019, 2020, 2022], [30.0, 45.0, 52.0, 60.0], Goal(50.0, 2020), AS_OF)
    assert (row["status"], row["deadline_value"], row["first_year_met"]) == (voc.MET, 52.0, 2020)
    assert row["assessed_year"] == 2020 and row["latest_year"] == 2022  # assessed at the deadline
    assert row["cagr_observed"] == pytest.approx((52 / 30) ** (1 / 5) - 1)  # methods stop at the deadline


def test_deadline_passed_and_missed_says_when_it_was_met_later():
    row = assess([2015, 2020, 2023], [10.0, 18.0, 25.0], Goal(20.0, 2020), AS_OF)
    assert (row["status"], row["deadline_value"], row["first_year_met"]) == (voc.MISSED, 18.0, 2023)
    assert "met later, first in 2023" in row["status_detail"]
    assert row["cagr_observed"] == pytest.approx((18 / 10) ** (1 / 5) - 1)
    never = assess([2015, 2020, 2023], [10.0, 18.0, 19.0], Goal(20.0, 2020), AS_OF)
    assert never["status"] == voc.MISSED and never["first_year_met"] is None
    assert "not met since" in never["status_detail"]


def test_deadline_passed_with_data_one_year_short_is_judged_by_projection():
    # BBC-3-world: 39.8 (2015) -> 67.6 (2024), deadline 2025 passed: 67.6 x (67.6/39.8)^(1/9) = 71.70 < 75
    years = range(2015, 2025)
    values = [39.8, 42.8, 45.2, 48.5, 52.9, 58.6, 61.7, 63.7, 65.4, 67.6]
    row = assess(years, values, Goal(75.0, 2025), AS_OF)
    pace = (67.6 / 39.8) ** (1 / 9) - 1
    assert (row["status"], row["years_short"]) == (voc.LIKELY_MISSED, 1)
    assert row["projected_value"] == pytest.approx(67.6 * (1 + pace))
    assert round(row["projected_value"], 4) == 71.6984
    assert "likely missed by projection" in row["status_detail"] and "1 year(s)" in row["status_detail"]
    met = assess(years, values, Goal(70.0, 2025), AS_OF)
    assert (met["status"], met["years_short"]) == (voc.LIKELY_MET, 1)


def test_a_series_that_skips_the_deadline_year_is_interpolated():
    # 10 in 2018, 40 in 2022, deadline 2020: 10 x 4^(2/4) = 20 in 2020
    row = assess([2018, 2022], [10.0, 40.0], Goal(19.0, 2020), AS_OF)
    assert row["status"] == voc.LIKELY_MET and row["projected_value"] == pytest.approx(20.0)
    assert assess([2018, 2022], [10.0, 40.0], Goal(21.0, 2020), AS_OF)["status"] == voc.LIKELY_MISSED


def test_projection_is_bounded_at_100_percent():
    # 50 -> 80 in 5 years (9.86 % a year) would give 80 x 1.0986^8 = 169.8 in 2030: bounded to 100
    row = assess([2015, 2020], [50.0, 80.0], Goal(100.0, 2030), AS_OF)
    assert row["projected_value"] == 100.0 and row["status"] == voc.ON_TRACK
    assert 80 * (80 / 50) ** (8 / 5) > 100  # the unbounded figure
    assert row["extrapolation_ratio"] == pytest.approx(1.0)  # UNSD r on the bounded projection too
    assert pace.bounded(169.8, "percent") == 100.0 and pace.bounded(-3.0, "percent_gni_per_capita") == 0.0


def test_on_track_and_off_track_by_the_bounded_projection():
    on = assess([2015, 2020], [40.0, 60.0], Goal(90.0, 2030), AS_OF)  # 60 x 1.5^2 = 135 -> 100 >= 90
    off = assess([2015, 2020], [40.0, 44.0], Goal(90.0, 2030), AS_OF)  # 44 x 1.1^2 = 53.2 < 90
    assert (on["status"], off["status"]) == (voc.ON_TRACK, voc.OFF_TRACK)
    assert off["projected_value"] == pytest.approx(44 * 1.1**2)


def test_fewer_than_two_points_is_not_measurable_with_the_reason():
    row = assess([2022], [66.0], Goal(100.0, 2030), AS_OF)
    assert row["status"] == voc.NOT_MEASURABLE and "too few points" in row["status_detail"]
    assert math.isnan(row["growth_ratio"]) and row["latest_value"] == 66.0
    # points before the base year do not count
    row = assess([2010, 2016], [20.0, 40.0], Goal(100.0, 2030), AS_OF)
    assert row["status"] == voc.NOT_MEASURABLE and row["n_points"] == 1
    # but one value that meets the target is enough for "met"
    assert assess([2022], [100.0], Goal(100.0, 2030), AS_OF)["status"] == voc.MET


def test_no_numeric_target_gives_the_trend():
    no_target = Goal(None, 2030, unit="per_100_inhabitants")
    row = assess([2015, 2020], [10.0, 11.0], no_target, AS_OF)  # ~1.9 %/year
    assert row["status"] == voc.NO_NUMERIC_TARGET and row["method"] == sc.METHOD_NO_TARGET
    assert row["open_sdg_status"] == voc.SUBSTANTIAL and math.isnan(row["growth_ratio"])
    assert "trend 2015-2020" in row["status_detail"]
    assert assess([2015, 2020], [10.0, 9.0], no_target, AS_OF)["open_sdg_status"] == voc.DETERIORATION
    # near the natural limit of a percentage the thresholds shrink: 1 %/year from 90 % is substantial
    pct = assess([2015, 2016], [90.0, 90.9], Goal(None, 2030, unit="percent"), AS_OF)
    assert pct["open_sdg_status"] == voc.SUBSTANTIAL
    assert assess([2015, 2016], [90.0, 90.9], no_target, AS_OF)["open_sdg_status"] == voc.MODERATE


# --- the two official methods as secondary columns ------------------------------------------------------
def test_nan_values_are_ignored():
    row = assess([2015, 2018, 2020], [10.0, float("nan"), 20.0], Goal(100.0, 2030), AS_OF)
    assert (row["n_points"], row["latest_year"]) == (2, 2020)


def test_zero_base_uses_the_0001_rule():
    row = assess([2019, 2023], [0.0, 20.0], Goal(50.0, 2030), AS_OF)
    assert row["cagr_observed"] == pytest.approx((20 / 0.001) ** (1 / 4) - 1)
    assert row["cagr_required"] == pytest.approx((50 / 0.001) ** (1 / 11) - 1)
    assert math.isfinite(row["growth_ratio"])


def test_target_already_met():
    row = assess([2015, 2020], [40.0, 55.0], Goal(50.0, 2030), AS_OF)
    assert row["open_sdg_status"] == voc.ACHIEVED and row["unsd_status"] == voc.UNSD_MET
    assert row["gap_to_target"] == pytest.approx(-5.0)
    assert math.isnan(row["year_target_reached"])


def test_base_already_at_the_target_has_no_ratio():
    # WSIS-6j: 86.4 in 2010 already above 50: no growth was required, R and r are empty
    row = assess([2010, 2015], [86.4, 94.9], Goal(50.0, 2015, comparator=">", baseline_year=2003), AS_OF)
    assert math.isnan(row["growth_ratio"]) and math.isnan(row["extrapolation_ratio"])
    assert (row["open_sdg_status"], row["unsd_status"]) == (voc.ACHIEVED, voc.UNSD_MET)
    assert row["status"] == voc.MET
    assert row["first_year_met"] == 2010


def test_strict_comparator_needs_more_than_the_threshold():
    assert not pace.is_met(50.0, 50.0, ">") and pace.is_met(50.1, 50.0, ">")
    assert pace.is_met(50.0, 50.0, ">=") and not pace.is_met(2.0, 2.0, "<") and pace.is_met(2.0, 2.0, "<=")


def test_lower_is_better_price_target():
    # price falls from 5 % to 4 % of GNI per capita 2015-2020; target 2 % by 2025
    row = assess([2015, 2020], [5.0, 4.0], Goal(2.0, 2025, comparator="<="), as_of=2024)
    cagr_o = (4 / 5) ** (1 / 5) - 1
    cagr_r = (2 / 5) ** (1 / 10) - 1
    assert row["growth_ratio"] == pytest.approx(-1 * cagr_o / abs(cagr_r))
    assert row["growth_ratio"] > 0
    assert row["gap_to_target"] == pytest.approx(2.0)
    assert row["projected_value"] == pytest.approx(4 * (1 + cagr_o) ** 5)  # 3.28 > 2: off track
    assert row["status"] == voc.OFF_TRACK
    assert row["year_target_reached"] == pytest.approx(2020 + math.log(2 / 4) / math.log(1 + cagr_o))
    rising = assess([2015, 2020], [5.0, 6.0], Goal(2.0, 2025, comparator="<="), as_of=2024)
    assert rising["open_sdg_status"] == voc.DETERIORATION and rising["status"] == voc.OFF_TRACK


def test_parity_target_uses_goldilocks_and_itu_band():
    goal = Goal(1.0, 2030, comparator="parity", unit="ratio")
    # women/men: 0.80 in 2019 -> 0.913 in 2022 (progress-methods: 63 % vs 69 % gives 0.913)
    row = assess([2019, 2022], [0.80, 63 / 69], goal, AS_OF)
    g0, gt = 1 / 0.80, 69 / 63
    cagr_o = (gt / g0) ** (1 / 3) - 1
    cagr_r = (1 / g0) ** (1 / 11) - 1
    assert round(63 / 69, 3) == 0.913
    assert row["growth_ratio"] == pytest.approx(-cagr_o / abs(cagr_r))
    assert row["gap_to_target"] == pytest.approx(-(1 - gt))
    assert row["latest_value"] == pytest.approx(63 / 69)  # reported as the parity score itself
    assert assess([2019, 2022], [0.9, 0.985], goal, AS_OF)["status"] == voc.MET
    assert assess([2019, 2022], [0.9, 1.02], goal, AS_OF)["status"] == voc.MET
    assert assess([2019, 2022], [0.9, 1.025], goal, AS_OF)["status"] != voc.MET
    # 48.9 % of women vs 49.9 % of men: 0.97996, outside the band although it rounds to 0.980
    assert assess([2019, 2022], [0.9, 48.9 / 49.9], goal, AS_OF)["status"] != voc.MET


def test_parity_projection_stops_at_parity():
    goal = Goal(1.0, 2030, comparator="parity", unit="ratio")
    # 0.80 -> 0.95 in 3 years: the raw pace would overshoot to 1.13 by 2030; it stops at 1 (met band)
    row = assess([2019, 2022], [0.80, 0.95], goal, AS_OF)
    assert 0.95 * (0.95 / 0.8) ** (8 / 3) > 1.02
    assert row["projected_value"] == 1.0 and row["status"] == voc.ON_TRACK
    # BBC-7: 0.9081 (2019) -> 0.9396 (2024), deadline 2025 passed: 0.9396 x (0.9396/0.9081)^(1/5) = 0.946
    bbc7 = assess([2019, 2024], [0.9081, 0.9396], Goal(1.0, 2025, comparator="parity", unit="ratio"), AS_OF)
    assert bbc7["status"] == voc.LIKELY_MISSED and round(bbc7["projected_value"], 3) == 0.946


def test_parity_overshoot_counts_like_undershoot():
    goal = Goal(1.0, 2030, comparator="parity", unit="ratio")
    under = assess([2019, 2022], [0.8, 0.9], goal, AS_OF)
    over = assess([2019, 2022], [1 / 0.8, 1 / 0.9], goal, AS_OF)
    assert under["growth_ratio"] == pytest.approx(over["growth_ratio"])
    assert under["status"] == over["status"]


def test_base_year_choice():
    years, values = [2012, 2016, 2018, 2022], [5.0, 10.0, 20.0, 40.0]
    assert assess(years, values, Goal(100.0, 2030), AS_OF)["base_year"] == 2016
    row = assess(years, values, Goal(100.0, 2030, baseline_year=2012), AS_OF)
    assert (row["base_year"], row["base_year_rule"]) == (2012, "target baseline year")
    row = assess(years, values, Goal(100.0, 2030, baseline_year=2017), AS_OF)
    assert row["base_year"] == 2018 and "after the target baseline year 2017" in row["base_year_rule"]
    assert assess([2010, 2013], [5.0, 6.0], Goal(100.0, 2030), AS_OF)["base_year"] is None


def test_people_to_connect():
    assert pace.people_to_connect(100.0, 66.0, 8.0e9) == pytest.approx(0.34 * 8.0e9)
    assert pace.people_to_connect(50.0, 66.0, 8.0e9) == 0.0  # already there: nobody left to connect


def test_unsd_one_point_rule_near_100_percent():
    row = assess([2015, 2022], [98.0, 99.2], Goal(100.0, 2030), AS_OF)
    assert row["unsd_status"] == voc.UNSD_MET and row["status"] != voc.MET


def test_every_status_the_engine_writes_is_in_the_vocabulary():
    assert set(voc.TARGET_STATUSES) == set(voc.TARGET_STATUS_ORDER)
    for status in voc.TARGET_STATUSES.values():
        assert status.label and status.meaning.endswith(".")


# --- properties -----------------------------------------------------------------------------------------
values = st.floats(min_value=1.0, max_value=99.0, allow_nan=False)


@given(y0=values, yt=values, faster=st.floats(min_value=0.0, max_value=50.0), yT=values)
def test_growing_faster_never_gets_a_worse_status(y0: float, yt: float, faster: float, yT: float):
    goal = Goal(yT, 2030)
    slow = assess([2015, 2022], [y0, yt], goal, AS_OF)
    fast = assess([2015, 2022], [y0, min(yt + faster, 100.0)], goal, AS_OF)
    rank = voc.OPEN_SDG_ORDER.index
    assert rank(fast["open_sdg_status"]) <= rank(slow["open_sdg_status"])
    order = voc.TARGET_STATUS_ORDER.index
    assert order(fast["status"]) <= order(slow["status"])


@given(y0=values, yt=values, yT=values)
def test_lower_is_better_mirrors_higher_is_better(y0: float, yt: float, yT: float):
    assume(abs(yt - yT) > 1e-6 and abs(y0 - yt) > 1e-6)
    up = assess([2015, 2022], [y0, yt], Goal(yT, 2030, comparator=">=", unit="index"), AS_OF)
    down = assess([2015, 2022], [1 / y0, 1 / yt], Goal(1 / yT, 2030, comparator="<=", unit="ratio"), AS_OF)
    assert (up["open_sdg_status"] == voc.ACHIEVED) == (down["open_sdg_status"] == voc.ACHIEVED)
    assert (up["open_sdg_status"] == voc.DETERIORATION) == (down["open_sdg_status"] == voc.DETERIORATION)
    if not math.isnan(up["projected_value"]) and up["projected_value"] < 100:
        assert up["projected_value"] == pytest.approx(1 / down["projected_value"])
    if math.isnan(up["year_target_reached"]):
        assert math.isnan(down["year_target_reached"])
    else:
        assert up["year_target_reached"] == pytest.approx(down["year_target_reached"])


@given(y0=values, yt=values, yT=values)
def test_the_projection_never_leaves_the_indicators_range(y0: float, yt: float, yT: float):
    row = assess([2015, 2016], [y0, yt], Goal(yT, 2030), AS_OF)
    if not math.isnan(row["projected_value"]):
        assert 0.0 <= row["projected_value"] <= 100.0
