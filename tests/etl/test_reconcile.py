import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import reconcile as rc
from etl import registry
from etl.core import config
from etl.core.releases import Calendar
from tests.etl.obs_rows import calendar_of


# --- rounding and intervals -----------------------------------------------------------------------------
def test_rounding_of_a_whole_percentage():
    half = rc.half_step("66 per cent of the world's population", 66.0, "percent")
    assert half == 0.5
    low, high = rc.interval(66.0, half, None)
    assert (low, high) == (65.5, 66.5)
    assert rc.within(66.3, (low, high)) and rc.within(65.5, (low, high)) and not rc.within(66.5, (low, high))
    assert not rc.within(63.7, (low, high))


def test_rounding_of_billions_and_decimals():
    assert rc.half_step("5.3 billion people", 5.3e9, "persons") == pytest.approx(0.05e9)
    assert rc.half_step("a score of 0.913", 0.913, "ratio") == pytest.approx(0.0005)
    assert rc.half_step("2,700 million people", 2.7e9, "persons") == pytest.approx(0.5e6)
    # the quote may hold several figures: the one equal to the value decides
    quote = "5.3 billion people or 66 per cent of the world's population"
    assert rc.half_step(quote, 66.0, "percent") == 0.5
    assert rc.half_step(quote, 5.3e9, "persons") == pytest.approx(0.05e9)


def test_figures_in_words():
    assert rc.half_step("almost half of the world", 50.0, "percent") == rc.WORD_FIGURE_HALF_WIDTH
    assert rc.half_step("three billion people", 3e9, "persons") == pytest.approx(0.5e9)


def test_qualifiers_widen_one_side():
    assert rc.interval(50.0, 0.5, "more_than") == (49.5, math.inf)
    assert rc.interval(50.0, 0.5, "less_than") == (-math.inf, 50.5)
    assert rc.interval(50.0, 0.5, "almost") == (45.0, 50.5)
    assert rc.interval(50.0, 0.5, "about") == (49.5, 50.5)


@given(value=st.floats(min_value=0.1, max_value=99.0), half=st.floats(min_value=0.01, max_value=5.0),
       qualifier=st.sampled_from(["more_than", "less_than", "almost", "nearly", "over", "up_to", "at_least"]))
def test_a_qualifier_never_narrows_the_plain_interval(value: float, half: float, qualifier: str):
    low, high = rc.interval(value, half, None)
    qlow, qhigh = rc.interval(value, half, qualifier)
    assert qlow <= low and qhigh >= high


# --- dates and mapping ----------------------------------------------------------------------------------
def test_of_its_time_is_twelve_months_after_adoption():
    adopted = date(2023, 6, 7)
    cal = calendar_of("unsd-2023-04", "itu-2024-06", "itu-2024-11")
    assert rc.is_of_its_time("unsd-2023-04", adopted, cal)
    assert rc.is_of_its_time("itu-2024-06", adopted, cal)  # 2024-06-01 <= 2024-06-07
    assert not rc.is_of_its_time("itu-2024-11", adopted, cal)
    assert rc.is_of_its_time("ict4d-computed", adopted, cal) is None


def test_claim_mapping():
    assert rc.map_claim("internet_use_share", "women", "percent", "observation") == rc.Mapping(
        "internet_use_share", "world", "female", "direct")
    assert rc.map_claim("internet_use_share", "LDCs_men", "percent", "observation").entity_id == "ldc"
    assert rc.map_claim("offline_population_share", "Africa", "percent", "observation").derivation == (
        "100 - internet_use_share")
    assert rc.map_claim("gender_parity_score", "world", "ratio", "observation").sex == "female/male"
    assert rc.map_claim("internet_use_share", "low_income_women", "percent", "observation") == rc.Mapping(
        "internet_use_share", "wb_low_income", "female", "direct")
    assert rc.map_claim("internet_use_share", "sub_saharan_africa", "percent", "observation").entity_id == (
        "sdg_sub_saharan_africa")
    for args in [("internet_use_share", "developing_countries", "percent", "observation"),
                 ("internet_use_share", "world", "percent", "target"),
                 ("internet_use_share", "women;men", "percent", "observation"),
                 ("pledges_count", "Partner2Connect", "count", "observation")]:
        assert rc.map_claim(*args).indicator_id is None and rc.map_claim(*args).reason


def test_claim_year_takes_the_last_year_of_a_period():
    assert rc.claim_year("2022") == 2022 and rc.claim_year("2021-2022") == 2022
    assert rc.claim_year(None) is None and rc.claim_year(float("nan")) is None


# --- the whole check on hand-made tables ----------------------------------------------------------------
def _obs(rows: list[tuple]) -> pd.DataFrame:
    columns = ["indicator_id", "entity_id", "year", "sex", "value", "release", "source_id"]
    df = pd.DataFrame(rows, columns=columns)
    return df.assign(area="total", age_group="total", series_code="X", unit="percent")


OBS = _obs([
    ("internet_use_share", "world", 2021, "total", 62.6, "unsd-2023-04", "unsd"),
    ("internet_use_share", "world", 2022, "total", 66.3, "unsd-2023-04", "unsd"),
    ("internet_use_share", "world", 2022, "female", 63.4, "unsd-2023-04", "unsd"),
    ("internet_use_share", "world", 2022, "male", 69.2, "unsd-2023-04", "unsd"),
    ("internet_use_share", "world", 2022, "total", 63.7, "itu-2024-11", "itu"),
    ("internet_use_share", "world", 2023, "total", 65.4, "itu-2024-11", "itu"),
    ("internet_use_share", "world", 2022, "female", 60.8, "itu-2024-11", "itu"),
    ("internet_use_share", "world", 2022, "male", 66.5, "itu-2024-11", "itu"),
    ("population", "world", 2022, "total", 8.0e9, "itu-2024-11", "itu"),
])
DOCS = pd.DataFrame({"document": ["res-2023"], "adoption_date": ["2023-06-07"]})
CAL = calendar_of(OBS)


def _claim(quote: str, value: float, indicator: str = "internet_use_share", scope: str = "world",
           unit: str = "percent", year: str | None = "2022", qualifier: str | None = None,
           kind: str = "observation") -> dict:
    return {"document": "res-2023", "paragraph": "PP1", "quote": quote, "start": 0, "end": len(quote),
            "value": value, "unit": unit, "indicator": indicator, "year": year, "scope": scope, "kind": kind,
            "qualifier": qualifier}


def _check(*claims: dict) -> pd.DataFrame:
    return rc.check_claims(pd.DataFrame(list(claims)), OBS, DOCS, CAL)


def test_matches_its_time_and_revised_since():
    out = _check(_claim("66 per cent", 66.0)).set_index("release")
    assert out.loc["unsd-2023-04", "release_verdict"] == rc.MATCHES
    assert out.loc["itu-2024-11", "release_verdict"] == rc.REVISED
    assert out.loc["itu-2024-11", "difference"] == pytest.approx(63.7 - 66)
    assert (out["claim_verdict"] == rc.REVISED).all()
    assert out.loc["unsd-2023-04", "is_of_its_time"] and not out.loc["itu-2024-11", "is_of_its_time"]


def test_women_figure_uses_the_female_series():
    out = _check(_claim("63 per cent of women", 63.0, scope="women")).set_index("release")
    assert out.loc["unsd-2023-04", "data_value"] == 63.4
    assert out.loc["itu-2024-11", "data_value"] == 60.8
    assert out["claim_verdict"].iloc[0] == rc.REVISED


def test_not_supported_when_no_release_of_its_time_matches():
    out = _check(_claim("70 per cent", 70.0))
    assert (out["claim_verdict"] == rc.NOT_SUPPORTED).all()


def test_qualifier_more_than_accepts_higher_data():
    out = _check(_claim("more than 60 per cent", 60.0, qualifier="more_than"))
    assert (out["claim_verdict"] == rc.MATCHES).all()
    assert math.isnan(out["interval_high"].iloc[0])


def test_year_inferred_from_adoption_date():
    # adopted June 2023: the latest year before 2023 in a release of its time is 2022
    out = _check(_claim("66 per cent", 66.0, year=None))
    assert (out["year_used"] == 2022).all()
    assert (out["year_rule"] == "latest year before adoption").all()


def test_derived_offline_share_count_and_parity():
    offline = _check(_claim("34 per cent offline", 34.0, indicator="offline_population_share"))
    assert offline.set_index("release").loc["unsd-2023-04", "data_value"] == pytest.approx(100 - 66.3)
    count = _check(_claim("2.7 billion people offline", 2.7e9, indicator="offline_population_count",
                          unit="persons"))
    expected = (100 - 63.7) / 100 * 8.0e9
    assert count.set_index("release").loc["itu-2024-11", "data_value"] == pytest.approx(expected)
    parity = _check(_claim("a parity score of 0.92", 0.92, indicator="gender_parity_score", unit="ratio"))
    by_release = parity.set_index("release")["data_value"]
    assert by_release["unsd-2023-04"] == pytest.approx(63.4 / 69.2)
    assert by_release["itu-2024-11"] == pytest.approx(60.8 / 66.5)


def test_unmapped_claims_keep_one_row_with_the_reason():
    out = _check(_claim("60 per cent of developing countries", 60.0, scope="developing_countries"),
                 _claim("by 2030, 100 per cent", 100.0, kind="target"))
    assert len(out) == 2 and out["release"].isna().all()
    assert (out["claim_verdict"] == rc.NO_SERIES).all()
    assert out["note"].str.len().gt(0).all()


def test_no_release_of_its_time_for_old_documents():
    docs = pd.DataFrame({"document": ["res-2023"], "adoption_date": ["2019-12-19"]})
    out = rc.check_claims(pd.DataFrame([_claim("66 per cent", 66.0)]), OBS, docs, CAL)
    assert (out["claim_verdict"] == rc.NO_RELEASE_OF_ITS_TIME).all()


# --- the real tables (once the claims and series steps have published) ----------------------------------
def _published(name: str) -> pd.DataFrame | None:
    path = config.PUBLISHED_DIR / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def test_ecosoc_2023_3_internet_figures_on_the_real_tables():
    claims, obs, docs = _published("claims"), _published("observations"), _published("documents")
    if claims is None or obs is None or docs is None:
        pytest.skip("claims, documents or observations not published yet")
    mine = claims[(claims["document"] == "ecosoc-2023-3") & (claims["indicator"] == "internet_use_share")]
    out = rc.check_claims(mine, obs, docs, Calendar(registry.load().releases))
    world = out[(out["claim_value"] == 66) & (out["scope"] == "world")].set_index("release")
    assert world.loc["unsd-2023-04", "data_value"] == 66.3
    assert world.loc["unsd-2023-04", "release_verdict"] == rc.MATCHES
    assert world.loc["itu-2024-11", "data_value"] == 63.7
    assert world.loc["itu-2024-11", "release_verdict"] == rc.REVISED
    women = out[(out["claim_value"] == 63) & (out["scope"] == "women")].set_index("release")
    assert women.loc["unsd-2023-04", "data_value"] == 63.4 and women.loc["itu-2024-11", "data_value"] == 60.8
    assert (women["claim_verdict"] == rc.REVISED).all()


def test_computed_aggregates_and_process_counts_are_not_checked():
    computed = _obs([("internet_use_share", "world", 2022, "total", 66.0, "itu-datahub-2025-12",
                      "ict4d-computed")])
    out = rc.check_claims(pd.DataFrame([_claim("66 per cent", 66.0)]), pd.concat([OBS, computed]), DOCS, CAL)
    assert "ict4d-computed" not in set(out["source_id"])
    process = _check(_claim("five meetings", 5.0, indicator="process_meetings_count", unit="count"))
    assert process["claim_verdict"].iloc[0] == rc.NO_SERIES and "process" in process["note"].iloc[0]


def test_internet_users_count_direct_where_released_else_derived():
    direct = _obs([("internet_users_count", "world", 2022, "total", 5.1e9, "itu-2024-11", "itu")])
    obs = pd.concat([OBS, direct])
    out = rc.check_claims(pd.DataFrame([_claim("5.3 billion people", 5.3e9, indicator="internet_users_count",
                                               unit="persons")]), obs, DOCS, CAL).set_index("release")
    assert out.loc["itu-2024-11", "data_value"] == 5.1e9  # the released count, not share x population
    assert out.loc["unsd-2023-04", "data_value"] == pytest.approx(66.3 / 100 * 8.0e9)
    assert out.loc["unsd-2023-04", "release_verdict"] == rc.MATCHES  # 5.304e9 is in [5.25e9, 5.35e9)


def test_run_step_needs_claims_and_observations(tmp_path):
    from etl.pipeline import BuildContext

    ctx = BuildContext(sources_dir=tmp_path, tables={"observations": OBS, "releases": CAL.frame},
                       log=lambda _: None)
    assert rc.run(ctx) == {} and "claims" in ctx.warnings[0]
    ctx.tables.update(claims=pd.DataFrame([_claim("66 per cent", 66.0)]), documents=DOCS)
    out = rc.run(ctx)["claim_checks"]
    assert set(out["release"]) == {"unsd-2023-04", "itu-2024-11"}
