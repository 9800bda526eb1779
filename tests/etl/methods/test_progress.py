"""Target progress (etl.methods.progress, etl.methods.scoreboard) on hand-made tables: which row a target
headlines, its caveats, the distribution of countries beside an every-country target, and the scoreboard
`ict4d progress` prints.

The arithmetic itself is tested in test_scoring.py; the steps in tests/etl/steps."""

import math
from datetime import date

import pandas as pd
import pytest

from etl.core import vocabulary as voc
from etl.core.releases import Calendar
from etl.methods import aggregate, group_values, scoreboard
from etl.methods import progress as pg
from tests.etl.obs_rows import calendar_from_dates, calendar_of

AS_OF = date(2026, 12, 4)


def _obs(rows: list[tuple], **extra) -> pd.DataFrame:
    cols = ["indicator_id", "entity_id", "year", "value", "sex", "release", "source_id"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(area="total", age_group="total", series_code="X", unit="percent", note=None, **extra)


def _targets(**overrides) -> pd.DataFrame:
    base = {
        "target_id": "T1",
        "framework": "F",
        "wording": "w",
        "indicator_id": "internet_use_share",
        "scope": "world",
        "sex": "total",
        "area": "total",
        "comparator": ">=",
        "threshold_value": 75.0,
        "deadline_year": 2030,
        "baseline_year": None,
        "is_higher_better": True,
        "verification_status": "verified",
        "source_url": None,
        "source_reference": "r",
        "is_measurable": True,
        "not_measurable_reason": None,
        "caveat": None,
        "note": None,
    }
    base.update(overrides)
    return pd.DataFrame([base])


def _score(targets: pd.DataFrame, obs: pd.DataFrame, calendar: Calendar | None = None, **kw) -> pd.DataFrame:
    return pg.score_all(
        targets,
        obs,
        kw.pop("units", {}),
        kw.pop("as_of", AS_OF),
        calendar or calendar_of(obs),
        log=lambda _: None,
        **kw,
    )


def test_score_all_scores_each_release_and_marks_the_newest():
    obs = _obs(
        [
            ("internet_use_share", "world", 2019, 53.7, "total", "unsd-2023-04", "un-sdg"),
            ("internet_use_share", "world", 2022, 66.3, "total", "unsd-2023-04", "un-sdg"),
            ("internet_use_share", "world", 2019, 52.9, "total", "itu-2024-11", "itu-aggregates"),
            ("internet_use_share", "world", 2024, 67.6, "total", "itu-2024-11", "itu-aggregates"),
            ("population", "world", 2024, 8.0e9, "total", "itu-datahub-2025-07", "itu-pop"),
        ]
    )
    out = _score(_targets(), obs).set_index("release")
    assert out.loc["itu-2024-11", "is_latest_release"] and not out.loc["unsd-2023-04", "is_latest_release"]
    assert out.loc["itu-2024-11", "latest_value"] == 67.6
    assert out.loc["itu-2024-11", "people_to_connect"] == pytest.approx((75 - 67.6) / 100 * 8.0e9)
    assert out.loc["itu-2024-11", "population_year"] == 2024
    assert math.isnan(out.loc["unsd-2023-04", "people_to_connect"])  # no population up to 2022
    assert set(out["as_of"]) == {"2026-12-04"} and set(out["as_of_year"]) == {2026}
    assert (
        list(pg.score_all(_targets(), obs, {}, AS_OF, calendar_of(obs), log=lambda _: None).columns)
        == pg.PROGRESS_COLUMNS
    )


def test_people_to_connect_uses_the_population_of_the_latest_year():
    obs = _obs(
        [
            ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2020, 60.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2024, 70.0, "total", "itu-2024-11", "itu"),
            ("population", "world", 2020, 7.8e9, "total", "itu-datahub-2025-07", "pop"),
            ("population", "world", 2024, 8.1e9, "total", "itu-datahub-2025-07", "pop"),
        ]
    )
    row = _score(_targets(deadline_year=2020), obs).iloc[0]
    assert (row["status"], row["deadline_value"], row["assessed_year"]) == (voc.MISSED, 60.0, 2020)
    assert (row["latest_year"], row["population_year"]) == (2024, 2024)  # still to connect: today
    assert row["people_to_connect"] == pytest.approx((75 - 70) / 100 * 8.1e9)


def test_the_as_of_date_decides_which_deadlines_have_passed():
    obs = _obs(
        [
            ("internet_use_share", "world", 2015, 39.8, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2024, 67.6, "total", "itu-2024-11", "itu"),
        ]
    )
    t = _targets(deadline_year=2025)
    assert _score(t, obs, as_of=date(2025, 12, 31)).iloc[0]["status"] == voc.OFF_TRACK
    after = _score(t, obs, as_of=date(2026, 1, 1)).iloc[0]
    assert (after["status"], after["years_short"], after["as_of"]) == (voc.LIKELY_MISSED, 1, "2026-01-01")


def test_score_all_parity_and_every_country():
    obs = _obs(
        [
            ("internet_use_share", e, y, v, s, "itu-2024-11", "src")
            for e, f, m in [("KEN", (30.0, 40.0), (40.0, 45.0)), ("IND", (40.0, 50.0), (50.0, 52.0))]
            for s, vals in (("female", f), ("male", m))
            for y, v in zip((2019, 2023), vals, strict=True)
        ]
    )
    t = _targets(scope="every_country", comparator="parity", threshold_value=1.0)
    out = _score(t, obs).set_index("entity_id")
    assert set(out.index) == {"KEN", "IND"}
    assert out.loc["KEN", "latest_value"] == pytest.approx(40 / 45)
    assert out.loc["IND", "base_value"] == pytest.approx(40 / 50)
    assert out["unit"].eq("ratio").all()


def test_every_country_target_puts_the_distribution_of_countries_beside_the_world_row():
    rows = [
        ("internet_use_share", "world", y, v, "total", "itu-2024-11", "itu-agg")
        for y, v in ((2015, 40.0), (2024, 68.0))
    ]
    # newest primary country release: A and B meet 90, C is on track (50 -> 85 by 2024), D off track
    for country, (v15, v24) in {
        "AAA": (80.0, 95.0),
        "BBB": (85.0, 90.0),
        "CCC": (50.0, 85.0),
        "DDD": (30.0, 29.0),
    }.items():
        rows += [
            ("internet_use_share", country, 2015, v15, "total", "itu-datahub-2025-12", "dh"),
            ("internet_use_share", country, 2024, v24, "total", "itu-datahub-2025-12", "dh"),
        ]
    # an older country release and a redistribution: never counted
    rows += [
        ("internet_use_share", "AAA", y, v, "total", r, "x")
        for y, v in ((2015, 1.0), (2016, 2.0))
        for r in ("unsd-2023-04", "wdi-gapminder-2025-12")
    ]
    obs = _obs(rows)
    cal = calendar_from_dates(
        {r: f"{r[-7:]}-01" for r in obs["release"].unique()},
        primary=["itu-2024-11", "itu-datahub-2025-12", "unsd-2023-04"],
    )
    out = _score(_targets(scope="every_country", threshold_value=90.0), obs, cal)
    world = out[out["entity_id"] == "world"].iloc[0]
    assert world["is_latest_release"] and world["status"] == voc.ON_TRACK  # the world row is headlined
    assert world["countries_release"] == "itu-datahub-2025-12"
    assert (
        world["countries_with_data"],
        world["countries_met"],
        world["countries_on_track"],
        world["countries_improving"],
    ) == (4, 2, 1, 3)
    assert out.loc[out["entity_id"] != "world", "countries_release"].isna().all()


def test_itus_own_figure_beats_its_redistribution_even_when_newer():
    obs = _obs(
        [
            ("mobile_cellular_coverage_share", "world", 2015, 94.9, "total", "itu-2024-11", "itu-agg"),
            ("mobile_cellular_coverage_share", "world", 2023, 97.7, "total", "itu-2024-11", "itu-agg"),
            ("mobile_cellular_coverage_share", "world", 2015, 95.0, "total", "owid-2025-06", "owid"),
            ("mobile_cellular_coverage_share", "world", 2024, 98.0, "total", "owid-2025-06", "owid"),
        ]
    )
    cal = calendar_from_dates(
        {"itu-2024-11": "2024-11-30", "owid-2025-06": "2025-06-22"}, primary=["itu-2024-11"]
    )
    out = _score(_targets(indicator_id="mobile_cellular_coverage_share", threshold_value=50.0), obs, cal)
    head = out[out["is_latest_release"]]
    assert head["release"].tolist() == ["itu-2024-11"]
    owid = out[out["release"] == "owid-2025-06"].iloc[0]
    assert "redistribution" in owid["figure_kind"] and "redistribution" in owid["caveat"]


def test_a_publishers_figure_beats_a_computed_one_of_a_newer_input_release():
    obs = _obs(
        [
            ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2015, 41.0, "total", "a-2025-12", voc.COMPUTED_SOURCE),
            ("internet_use_share", "world", 2024, 69.0, "total", "a-2025-12", voc.COMPUTED_SOURCE),
        ]
    )
    out = _score(_targets(), obs)
    assert out.loc[out["is_latest_release"], "source_id"].tolist() == ["itu"]


def test_itus_world_minus_high_income_beats_our_weighted_mean_of_a_newer_release():
    derived = f"{group_values.LMIC_DERIVED}: Individuals using the Internet"
    obs = pd.concat(
        [
            _obs(
                [
                    (
                        "internet_use_share",
                        "developing_lmic",
                        y,
                        v,
                        "total",
                        "itu-2024-11",
                        voc.COMPUTED_SOURCE,
                    )
                    for y, v in ((2015, 31.2), (2024, 62.2))
                ]
            ).assign(series_code=derived),
            _obs(
                [
                    (
                        "internet_use_share",
                        "developing_lmic",
                        y,
                        v,
                        "total",
                        "itu-datahub-2025-12",
                        voc.COMPUTED_SOURCE,
                    )
                    for y, v in ((2015, 33.0), (2024, 70.0))
                ]
            ).assign(
                note="ict4d-computed: population-weighted mean ... Coverage: 91.0% of the group's population"
            ),
        ],
        ignore_index=True,
    )
    out = _score(_targets(scope="developing_lmic", threshold_value=65.0, deadline_year=2025), obs)
    head = out[out["is_latest_release"]].iloc[0]
    assert (head["release"], head["status"]) == ("itu-2024-11", voc.LIKELY_MET)
    assert "World minus High-income" in head["caveat"] and head["figure_kind"] == group_values.RANK_WORDS[1]
    mean = out[~out["is_latest_release"]].iloc[0]
    assert "Computed by ict4d, not an ITU figure" in mean["caveat"] and "coverage 91 %" in mean["caveat"]


def test_an_itu_aggregate_of_the_scope_is_scored_as_it_lands():
    """ITU's own Developing aggregate (entity itu_developing) comes from the vintage readers; any primary
    release with rows for a target's scope entity is scored and headlined the same way (synthetic rows)."""
    rows = [
        ("internet_use_share", "itu_developing", y, v, "total", "itu-2022-01", "itu-agg-2022")
        for y, v in (
            (2015, 32.9),
            (2016, 35.6),
            (2017, 38.4),
            (2018, 41.9),
            (2019, 47.1),
            (2020, 53.3),
            (2021, 57.1),
        )
    ]
    rows += [
        ("internet_use_share", "itu_developing", y, v, "total", "itu-2019-10", "itu-agg-2019")
        for y, v in ((2015, 36.0), (2019, 47.0))
    ]
    obs = _obs(rows)
    out = _score(_targets(scope="itu_developing", threshold_value=50.0, deadline_year=2020), obs)
    head = out[out["is_latest_release"]].iloc[0]
    assert (head["release"], head["status"], head["first_year_met"]) == ("itu-2022-01", voc.MET, 2020)
    assert (head["latest_year"], head["latest_value"], head["deadline_value"]) == (2021, 57.1, 53.3)


def test_a_computed_series_says_its_coverage_and_its_breaks():
    note = "ict4d-computed: population-weighted mean ... Coverage: {}% of the group's population has data"
    rows = [
        (
            "households_internet_access_share",
            "developing_lmic",
            y,
            v,
            "total",
            "itu-datahub-2025-12",
            voc.COMPUTED_SOURCE,
            note.format(c),
        )
        for y, v, c in ((2015, 32.5, 91.0), (2016, 35.4, 93.0), (2018, 43.8, 92.0), (2022, 70.6, 93.4))
    ]
    obs = pd.DataFrame(
        rows, columns=["indicator_id", "entity_id", "year", "value", "sex", "release", "source_id", "note"]
    ).assign(area="total", age_group="total", series_code="xHH6_IDI", unit="percent")
    t = _targets(
        indicator_id="households_internet_access_share",
        scope="developing_lmic",
        threshold_value=60.0,
        deadline_year=2023,
        caveat="Registry caveat.",
    )
    row = _score(t, obs).iloc[0]
    assert row["status"] == voc.MET and row["years_short"] == 1
    assert row["caveat"].startswith("Registry caveat. Computed by ict4d, not an ITU figure")
    assert "coverage 91-93 % of the group's population in 2015-2022" in row["caveat"]
    assert "No value for 2017, 2019-2021 (coverage below 80 %): a break in the series." in row["caveat"]


def test_a_value_exactly_at_the_threshold_says_so():
    obs = _obs(
        [
            ("internet_use_share", "ldc", y, v, "total", "itu-2024-11", "itu")
            for y, v in ((2015, 10.7), (2024, 35.0))
        ]
    )
    row = _score(_targets(scope="ldc", threshold_value=35.0, deadline_year=2025), obs).iloc[0]
    assert row["status"] == voc.MET and "equals the threshold as published" in row["caveat"]


def test_unmeasurable_targets_give_no_rows():
    obs = _obs([("internet_use_share", "world", 2019, 53.7, "total", "r-2023-04", "s")])
    t = _targets(indicator_id=None, is_measurable=False, not_measurable_reason="no_series")
    assert _score(t, obs).empty


def test_scoreboard_lists_every_target_once_with_status_and_reason(tmp_path):
    from typer.testing import CliRunner

    from etl import cli, targets

    registry = targets.load()
    obs = _obs(
        [
            ("internet_use_share", "world", 2015, 40.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "world", 2024, 68.0, "total", "itu-2024-11", "itu"),
            ("internet_use_share", "KEN", 2024, 40.0, "total", "itu-2024-11", "itu"),
        ]
    )
    scored = _score(registry, obs)
    entities = {"world", "KEN", "ldc", "developing_lmic"}
    board = scoreboard.scoreboard(registry, scored, entity_ids=entities).set_index("target_id")
    assert len(board) == len(registry)
    assert board.loc["BBC-1", "status"] == voc.NOT_MEASURABLE
    assert board.loc["BBC-1", "status_detail"].startswith("no series")
    assert board.loc["UMC-coverage", "status_detail"].startswith("no threshold recorded")
    assert "itu_developing is not in this build" in board.loc["C2020-2.2.A", "status_detail"]
    assert board.loc["SDG-17.8.1", "entity_id"] == "world"  # every_country targets headline the world row
    assert board.loc["BBC-3-world", "latest_value"] == 68.0
    assert board.loc["BBC-3-world", "status_label"] == "Likely missed (projected)"
    assert board.loc["BBC-3-ldc", "status_detail"] == "no series: no data for ldc in this build"
    assert "15+" in board.loc["UMC-internet-use", "caveat"]
    bbc = scoreboard.scoreboard(registry, scored, "BBC")
    assert len(bbc) == (registry["target_id"].str.startswith("BBC")).sum()

    registry.to_csv(tmp_path / "targets.csv", index=False)
    scored.to_csv(tmp_path / "progress.csv", index=False)
    result = CliRunner().invoke(cli.app, ["progress", "--framework", "BBC", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("BBC-")]
    assert len(lines) == (registry["target_id"].str.startswith("BBC")).sum()  # one line per target
    world = next(line for line in lines if line.startswith("BBC-3-world "))
    assert "Likely missed (projected)" in world and "projected 72.13 in 2025" in world
    assert "Not measurable" in next(line for line in lines if line.startswith("BBC-1 "))
    assert "SDG-17.8.1" not in result.output


def test_group_population_sums_member_countries_and_own_series_win():
    entities = pd.DataFrame(
        {
            "entity_id": ["KEN", "UGA", "ldc", "world"],
            "entity_type": ["country", "country", "special_group", "world"],
        }
    )
    membership = pd.DataFrame({"group_id": ["ldc"], "entity_id": ["UGA"], "year": [None], "source_id": ["s"]})
    obs = _obs(
        [
            ("population", "KEN", 2022, 50e6, "total", "itu-datahub-2025-07", "pop"),
            ("population", "UGA", 2022, 40e6, "total", "itu-datahub-2025-07", "pop"),
            ("population", "ldc", 2022, 1e6, "total", "other-2025-01", "own"),
        ]
    ).assign(series_code="i61")
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
    scored = _score(registry, _obs([]))
    board = scoreboard.scoreboard(registry, scored, "connect")
    assert set(board["target_id"].str[:5]) == {"C2020", "C2030"}


def test_price_target_for_developing_countries_is_scored_on_the_computed_median():
    from tests.etl.methods import test_aggregate as ta

    computed = aggregate.computed_aggregates(
        ta.price_obs(), ta.entities(), ta.membership(), calendar_of(ta.price_obs())
    )
    t = _targets(
        indicator_id="mobile_broadband_price_gni_share",
        scope="developing_lmic",
        comparator="<",
        threshold_value=2.0,
        deadline_year=2025,
        is_higher_better=False,
    )
    units = {"mobile_broadband_price_gni_share": "percent_gni_per_capita"}
    row = _score(t, computed, units=units, as_of=2024).iloc[0]
    # medians by hand: 4.0 in 2022, 3.0 in 2023; lower is better (d = -1)
    cagr_o, cagr_r = 3.0 / 4.0 - 1, (2.0 / 4.0) ** (1 / 3) - 1
    assert (row["base_value"], row["latest_value"]) == (4.0, 3.0)
    assert row["growth_ratio"] == pytest.approx(-1 * cagr_o / abs(cagr_r))  # 1.21
    assert row["open_sdg_status"] == voc.SUBSTANTIAL and row["source_id"] == voc.COMPUTED_SOURCE
    # headline: 3.0 x 0.75^2 = 1.69 projected for 2025 < 2: on track
    assert row["status"] == voc.ON_TRACK and row["projected_value"] == pytest.approx(3.0 * 0.75**2)
    assert row["is_latest_release"] and row["unit"] == "percent_gni_per_capita"
    assert "median of member countries" in row["caveat"]
    assert math.isnan(row["people_to_connect"])  # a price is not a share of people
