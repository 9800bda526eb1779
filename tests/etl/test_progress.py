import math

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from etl import progress as pg
from etl.core import vocabulary as voc
from etl.progress import Goal, assess
from tests.etl.obs_rows import calendar_of

AS_OF = 2026


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
    projected = 66 * (1 + cagr_o) ** 8
    assert row["projected_value"] == pytest.approx(projected)
    assert row["extrapolation_ratio"] == pytest.approx((projected - 50) / 50)
    assert row["status"] == voc.MODERATE and row["open_sdg_status"] == voc.MODERATE
    assert row["unsd_status"] == voc.UNSD_ACCELERATE
    assert row["open_sdg_score"] == pytest.approx(7.1429 * (cagr_o / cagr_r) - 4.2857)
    assert row["year_target_reached"] == pytest.approx(2022 + math.log(100 / 66) / math.log(1 + cagr_o))
    assert row["gap_to_target"] == pytest.approx(34.0)
    assert (row["base_year"], row["latest_year"], row["n_points"]) == (2015, 2022, 2)


@pytest.mark.parametrize(
    ("ratio", "band"),
    [(0.95, voc.SUBSTANTIAL), (1.4, voc.SUBSTANTIAL), (0.9499, voc.MODERATE), (0.6, voc.MODERATE),
     (0.5999, voc.LIMITED), (0.0, voc.LIMITED), (-0.01, voc.DETERIORATION)],
)
def test_open_sdg_bands(ratio: float, band: str):
    assert pg.open_sdg_band(ratio) == band


def test_open_sdg_score_is_clamped_and_piecewise():
    assert pg.open_sdg_score(2.0) == 5.0
    assert pg.open_sdg_score(-2.0) == -5.0
    assert pg.open_sdg_score(0.6) == pytest.approx(7.1429 * 0.6 - 4.2857)
    assert pg.open_sdg_score(0.3) == pytest.approx(4.1667 * 0.3 - 2.5)


# --- edge cases -----------------------------------------------------------------------------------------
def test_fewer_than_two_points_is_insufficient_data():
    row = assess([2022], [66.0], Goal(100.0, 2030), AS_OF)
    assert row["status"] == voc.INSUFFICIENT
    assert math.isnan(row["growth_ratio"]) and row["latest_value"] == 66.0
    # points before the base year do not count
    row = assess([2010, 2016], [20.0, 40.0], Goal(100.0, 2030), AS_OF)
    assert row["status"] == voc.INSUFFICIENT and row["n_points"] == 1


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
    assert row["status"] == voc.ACHIEVED and row["unsd_status"] == voc.UNSD_MET
    assert row["gap_to_target"] == pytest.approx(-5.0)
    assert math.isnan(row["year_target_reached"])


def test_strict_comparator_needs_more_than_the_threshold():
    assert not pg.is_met(50.0, 50.0, ">") and pg.is_met(50.1, 50.0, ">")
    assert pg.is_met(50.0, 50.0, ">=") and not pg.is_met(2.0, 2.0, "<") and pg.is_met(2.0, 2.0, "<=")


def test_deadline_passed_and_met_in_deadline_year_stops_there():
    row = assess([2015, 2019, 2020, 2022], [30.0, 45.0, 52.0, 60.0], Goal(50.0, 2020), AS_OF)
    assert row["status"] == voc.MET_AT_DEADLINE and row["deadline_value"] == 52.0
    assert row["latest_year"] == 2020  # assessed at the deadline, not with later data


def test_deadline_passed_and_missed():
    row = assess([2015, 2020, 2023], [10.0, 18.0, 25.0], Goal(20.0, 2020), AS_OF)
    assert row["status"] == voc.MISSED_AT_DEADLINE and row["deadline_value"] == 18.0
    cagr_o = (18 / 10) ** (1 / 5) - 1
    assert row["cagr_observed"] == pytest.approx(cagr_o)


def test_deadline_passed_without_a_value_for_it():
    row = assess([2015, 2022], [50.0, 66.0], Goal(75.0, 2025), AS_OF)
    assert row["status"] == voc.NO_DEADLINE_DATA and math.isnan(row["deadline_value"])
    # the growth figures still describe the latest data
    assert row["open_sdg_status"] in voc.OPEN_SDG_ORDER and row["latest_year"] == 2022


def test_deadline_not_passed_is_judged_on_pace():
    row = assess([2015, 2022], [50.0, 66.0], Goal(75.0, 2025), as_of_year=2024)
    assert row["status"] == row["open_sdg_status"]


def test_lower_is_better_price_target():
    # price falls from 5 % to 4 % of GNI per capita 2015-2020; target 2 % by 2025
    row = assess([2015, 2020], [5.0, 4.0], Goal(2.0, 2025, comparator="<="), as_of_year=2024)
    cagr_o = (4 / 5) ** (1 / 5) - 1
    cagr_r = (2 / 5) ** (1 / 10) - 1
    assert row["growth_ratio"] == pytest.approx(-1 * cagr_o / abs(cagr_r))
    assert row["growth_ratio"] > 0
    assert row["gap_to_target"] == pytest.approx(2.0)
    assert row["projected_value"] == pytest.approx(4 * (1 + cagr_o) ** 5)
    assert row["year_target_reached"] == pytest.approx(2020 + math.log(2 / 4) / math.log(1 + cagr_o))
    rising = assess([2015, 2020], [5.0, 6.0], Goal(2.0, 2025, comparator="<="), as_of_year=2024)
    assert rising["status"] == voc.DETERIORATION


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
    assert assess([2019, 2022], [0.9, 0.985], goal, AS_OF)["status"] == voc.ACHIEVED
    assert assess([2019, 2022], [0.9, 1.02], goal, AS_OF)["status"] == voc.ACHIEVED
    assert assess([2019, 2022], [0.9, 1.025], goal, AS_OF)["status"] != voc.ACHIEVED


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
    assert pg.people_to_connect(100.0, 66.0, 8.0e9) == pytest.approx(0.34 * 8.0e9)
    assert pg.people_to_connect(50.0, 66.0, 8.0e9) == 0.0  # already there: nobody left to connect


def test_people_to_connect_uses_the_population_of_the_assessed_year():
    obs = _obs([
        ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2020, 60.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2024, 70.0, "total", "itu-2024-11", "itu"),
        ("population", "world", 2020, 7.8e9, "total", "itu-datahub-2025-07", "pop"),
        ("population", "world", 2024, 8.1e9, "total", "itu-datahub-2025-07", "pop"),
    ])
    passed = _targets(deadline_year=2020)  # assessed in its deadline year 2020, with 2020's population
    row = pg.score_all(passed, obs, {}, AS_OF, calendar_of(obs), log=lambda _: None).iloc[0]
    assert (row["latest_year"], row["population_year"]) == (2020, 2020)
    assert row["people_to_connect"] == pytest.approx((75 - 60) / 100 * 7.8e9)


def test_unsd_one_point_rule_near_100_percent():
    row = assess([2015, 2022], [98.0, 99.2], Goal(100.0, 2030), AS_OF)
    assert row["unsd_status"] == voc.UNSD_MET and row["status"] != voc.ACHIEVED


def test_no_numeric_target_bands_observed_growth():
    no_target = Goal(None, 2030, unit="per_100_inhabitants")
    row = assess([2015, 2020], [10.0, 11.0], no_target, AS_OF)  # ~1.9 %/year
    assert row["status"] == voc.SUBSTANTIAL and row["method"] == pg.METHOD_NO_TARGET
    assert math.isnan(row["growth_ratio"])
    assert assess([2015, 2020], [10.0, 9.0], no_target, AS_OF)["status"] == voc.DETERIORATION
    # near the natural limit of a percentage the thresholds shrink: 1 %/year from 90 % is on track
    scale = 1 - 0.9 ** 4.44
    assert 0.015 * scale <= 0.01
    pct = assess([2015, 2016], [90.0, 90.9], Goal(None, 2030, unit="percent"), AS_OF)
    assert pct["status"] == voc.SUBSTANTIAL
    assert assess([2015, 2016], [90.0, 90.9], no_target, AS_OF)["status"] == voc.MODERATE  # unscaled


# --- properties -----------------------------------------------------------------------------------------
values = st.floats(min_value=1.0, max_value=99.0, allow_nan=False)


@given(y0=values, yt=values, faster=st.floats(min_value=0.0, max_value=50.0), yT=values)
def test_growing_faster_never_gets_a_worse_status(y0: float, yt: float, faster: float, yT: float):
    goal = Goal(yT, 2030)
    slow = assess([2015, 2022], [y0, yt], goal, AS_OF)
    fast = assess([2015, 2022], [y0, min(yt + faster, 100.0)], goal, AS_OF)
    rank = voc.OPEN_SDG_ORDER.index
    assert rank(fast["open_sdg_status"]) <= rank(slow["open_sdg_status"])


@given(y0=values, yt=values, yT=values)
def test_lower_is_better_mirrors_higher_is_better(y0: float, yt: float, yT: float):
    assume(abs(yt - yT) > 1e-6 and abs(y0 - yt) > 1e-6)
    up = assess([2015, 2022], [y0, yt], Goal(yT, 2030, comparator=">="), AS_OF)
    down = assess([2015, 2022], [1 / y0, 1 / yt], Goal(1 / yT, 2030, comparator="<="), AS_OF)
    assert (up["status"] == voc.ACHIEVED) == (down["status"] == voc.ACHIEVED)
    assert (up["status"] == voc.DETERIORATION) == (down["status"] == voc.DETERIORATION)
    assert up["projected_value"] == pytest.approx(1 / down["projected_value"])
    if math.isnan(up["year_target_reached"]):
        assert math.isnan(down["year_target_reached"])
    else:
        assert up["year_target_reached"] == pytest.approx(down["year_target_reached"])


# --- the step on hand-made tables -----------------------------------------------------------------------
def _obs(rows: list[tuple]) -> pd.DataFrame:
    cols = ["indicator_id", "entity_id", "year", "value", "sex", "release", "source_id"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(area="total", age_group="total", series_code="X", unit="percent")


def _targets(**overrides) -> pd.DataFrame:
    base = {
        "target_id": "T1", "framework": "F", "wording": "w", "indicator_id": "internet_use_share",
        "scope": "world", "sex": "total", "area": "total", "comparator": ">=", "threshold_value": 75.0,
        "deadline_year": 2030, "baseline_year": None, "is_higher_better": True,
        "verification_status": "verified", "source_url": None, "source_reference": "r",
        "is_measurable": True, "note": None,
    }
    base.update(overrides)
    return pd.DataFrame([base])


def test_score_all_scores_each_release_and_marks_the_newest():
    obs = _obs([
        ("internet_use_share", "world", 2019, 53.7, "total", "unsd-2023-04", "un-sdg"),
        ("internet_use_share", "world", 2022, 66.3, "total", "unsd-2023-04", "un-sdg"),
        ("internet_use_share", "world", 2019, 52.9, "total", "itu-2024-11", "itu-aggregates"),
        ("internet_use_share", "world", 2024, 67.6, "total", "itu-2024-11", "itu-aggregates"),
        ("population", "world", 2024, 8.0e9, "total", "itu-datahub-2025-07", "itu-pop"),
    ])
    out = pg.score_all(_targets(), obs, {}, AS_OF, calendar_of(obs), log=lambda _: None).set_index("release")
    assert out.loc["itu-2024-11", "is_latest_release"] and not out.loc["unsd-2023-04", "is_latest_release"]
    assert out.loc["itu-2024-11", "latest_value"] == 67.6
    assert out.loc["itu-2024-11", "people_to_connect"] == pytest.approx((75 - 67.6) / 100 * 8.0e9)
    assert out.loc["itu-2024-11", "population_year"] == 2024
    assert math.isnan(out.loc["unsd-2023-04", "people_to_connect"])  # no population up to 2022


def test_score_all_parity_and_every_country():
    obs = _obs([
        ("internet_use_share", e, y, v, s, "itu-2024-11", "src")
        for e, f, m in [("KEN", (30.0, 40.0), (40.0, 45.0)), ("IND", (40.0, 50.0), (50.0, 52.0))]
        for s, vals in (("female", f), ("male", m))
        for y, v in zip((2019, 2023), vals, strict=True)
    ])
    t = _targets(scope="every_country", comparator="parity", threshold_value=1.0)
    out = pg.score_all(t, obs, {}, AS_OF, calendar_of(obs), log=lambda _: None).set_index("entity_id")
    assert set(out.index) == {"KEN", "IND"}
    assert out.loc["KEN", "latest_value"] == pytest.approx(40 / 45)
    assert out.loc["IND", "base_value"] == pytest.approx(40 / 50)
    assert out["unit"].eq("ratio").all()


def test_unmeasurable_targets_give_no_rows():
    obs = _obs([("internet_use_share", "world", 2019, 53.7, "total", "r-2023-04", "s")])
    t = _targets(indicator_id=None, is_measurable=False)
    assert pg.score_all(t, obs, {}, AS_OF, calendar_of(obs), log=lambda _: None).empty


def test_scoreboard_lists_every_target_once(tmp_path):
    from typer.testing import CliRunner

    from etl import cli, targets

    registry = targets.load()
    obs = _obs([
        ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "KEN", 2024, 40.0, "total", "itu-2024-11", "itu"),
    ])
    scored = pg.score_all(registry, obs, {}, AS_OF, calendar_of(obs), log=lambda _: None)
    board = pg.scoreboard(registry, scored).set_index("target_id")
    assert len(board) == len(registry)
    assert board.loc["BBC-1", "status"] == "no series"
    assert board.loc["SDG-17.8.1", "entity_id"] == "world"  # every_country targets headline the world row
    assert board.loc["BBC-3-world", "latest_value"] == 68.0
    assert board.loc["BBC-3-ldc", "status"] == "no data for ldc"
    assert len(pg.scoreboard(registry, scored, "BBC")) == (registry["target_id"].str.startswith("BBC")).sum()

    registry.to_csv(tmp_path / "targets.csv", index=False)
    scored.to_csv(tmp_path / "progress.csv", index=False)
    result = CliRunner().invoke(cli.app, ["progress", "--framework", "BBC", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "BBC-3-world" in result.output and "SDG-17.8.1" not in result.output


def test_a_publishers_figure_beats_a_computed_one_of_a_newer_input_release():
    obs = _obs([
        ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2015, 41.0, "total", "a-2025-12", voc.COMPUTED_SOURCE),
        ("internet_use_share", "world", 2024, 69.0, "total", "a-2025-12", voc.COMPUTED_SOURCE),
    ])
    out = pg.score_all(_targets(), obs, {}, AS_OF, calendar_of(obs), log=lambda _: None)
    assert out.loc[out["is_latest_release"], "source_id"].tolist() == ["itu"]


def test_run_step_checks_registry_against_built_tables(tmp_path):
    from etl.core.errors import SourceError
    from etl.pipeline import BuildContext

    obs = _obs([("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
                ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu")])
    indicators = pd.DataFrame({"indicator_id": ["internet_use_share"], "unit": ["percent"]})
    tables = {"observations": obs, "releases": calendar_of(obs).frame}
    ctx = BuildContext(sources_dir=tmp_path, tables=tables, log=lambda _: None)
    out = pg.run(ctx)
    assert set(out) == {"targets", "progress"} and not out["progress"].empty
    ctx.tables["indicators"] = indicators  # a registry without most of the targets' indicators
    with pytest.raises(SourceError, match=r"targets\.csv, row \d+, column 'indicator_id'"):
        pg.run(ctx)


def test_group_population_sums_member_countries_and_own_series_win():
    entities = pd.DataFrame({"entity_id": ["KEN", "UGA", "ldc", "world"],
                             "entity_type": ["country", "country", "special_group", "world"]})
    membership = pd.DataFrame({"group_id": ["ldc"], "entity_id": ["UGA"], "year": [None], "source_id": ["s"]})
    obs = _obs([
        ("population", "KEN", 2022, 50e6, "total", "itu-datahub-2025-07", "pop"),
        ("population", "UGA", 2022, 40e6, "total", "itu-datahub-2025-07", "pop"),
        ("population", "ldc", 2022, 1e6, "total", "other-2025-01", "own"),
    ]).assign(series_code="i61")
    groups = pg.group_population(obs, entities, membership, calendar_of(obs)).set_index("entity_id")
    assert groups.loc["world", "value"] == 90e6  # every country
    assert groups.loc["ldc", "value"] == 40e6
    assert "sum of member countries" in groups.loc["world", "release"]
    lookup = pg.population_lookup(obs, calendar_of(obs), groups.reset_index())
    assert lookup["ldc"][2022][0] == 1e6  # the group's own series wins over the sum
    assert lookup["world"][2022][0] == 90e6
    assert pg.population_for(lookup, "world", 2030) == (90e6, 2022, groups.loc["world", "release"])
    assert pg.population_for(lookup, "world", 2021) is None


def test_scoreboard_framework_filter_matches_whole_words():
    from etl import targets

    registry = targets.load()
    scored = pg.score_all(registry, _obs([]), {}, AS_OF, calendar_of(_obs([])), log=lambda _: None)
    board = pg.scoreboard(registry, scored, "connect")
    assert set(board["target_id"].str[:5]) == {"C2020", "C2030"}


def test_price_target_for_developing_countries_is_scored_on_the_computed_median():
    from etl import aggregate
    from tests.etl import test_aggregate as ta

    computed = aggregate.computed_aggregates(ta.price_obs(), ta.entities(), ta.membership(),
                                             calendar_of(ta.price_obs()))
    t = _targets(indicator_id="mobile_broadband_price_gni_share", scope="developing_lmic", comparator="<",
                 threshold_value=2.0, deadline_year=2025, is_higher_better=False)
    units = {"mobile_broadband_price_gni_share": "percent_gni_per_capita"}
    row = pg.score_all(t, computed, units, 2024, calendar_of(computed), log=lambda _: None).iloc[0]
    # medians by hand: 4.0 in 2022, 3.0 in 2023; lower is better (d = -1)
    cagr_o, cagr_r = 3.0 / 4.0 - 1, (2.0 / 4.0) ** (1 / 3) - 1
    assert (row["base_value"], row["latest_value"]) == (4.0, 3.0)
    assert row["growth_ratio"] == pytest.approx(-1 * cagr_o / abs(cagr_r))  # 1.21
    assert row["status"] == voc.SUBSTANTIAL and row["source_id"] == voc.COMPUTED_SOURCE
    assert row["is_latest_release"] and row["unit"] == "percent_gni_per_capita"
    assert math.isnan(row["people_to_connect"])  # a price is not a share of people
