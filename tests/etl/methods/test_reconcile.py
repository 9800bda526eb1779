import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import registry
from etl.core import config, schemas, vocabulary
from etl.core.releases import Calendar
from etl.methods import reconcile as rc
from tests.etl.obs_rows import calendar_from_dates


# --- rounding and intervals -----------------------------------------------------------------------------
def test_rounding_of_a_whole_percentage():
    half = rc.half_step("66 per cent of the world's population", 66.0, "percent")
    assert half == 0.5
    bounds = rc.interval(66.0, half, None)
    assert (bounds.low, bounds.high, str(bounds)) == (65.5, 66.5, "[65.5, 66.5)")
    assert bounds.contains(66.3) and bounds.contains(65.5) and not bounds.contains(66.5)
    assert bounds.side(63.7) == "below" and bounds.side(66.5) == "above" and bounds.side(66.0) == "inside"


def test_rounding_of_billions_and_decimals():
    assert rc.half_step("5.3 billion people", 5.3e9, "persons") == pytest.approx(0.05e9)
    assert rc.half_step("a score of 0.913", 0.913, "ratio") == pytest.approx(0.0005)
    assert rc.half_step("2,700 million people", 2.7e9, "persons") == pytest.approx(0.5e6)
    quote = (
        "5.3 billion people or 66 per cent of the world's population"  # the figure equal to the value decides
    )
    assert rc.half_step(quote, 66.0, "percent") == 0.5
    assert rc.half_step(quote, 5.3e9, "persons") == pytest.approx(0.05e9)


def test_figures_in_words():
    assert rc.half_step("almost half of the world", 50.0, "percent") == rc.WORD_FIGURE_HALF_WIDTH
    assert rc.half_step("three billion people", 3e9, "persons") == pytest.approx(0.5e9)


def test_a_qualifier_opens_its_side_at_the_figure_itself():
    more = rc.interval(80.0, 2.5, "more_than")  # "more than four in five"
    assert str(more) == "(80, inf)" and not more.contains(80.0) and not more.contains(78.1)
    assert more.contains(80.5) and more.side(78.1) == "below"
    assert str(rc.interval(50.0, 2.5, "almost")) == "[45, 50)"  # "almost half"
    less = rc.interval(10.0, 2.5, "less_than")  # "fewer than 1 in 10"
    assert less.contains(9.99) and not less.contains(10.0) and less.side(17.5) == "above"
    assert rc.interval(20.0, 0.5, "up_to").contains(20.0) and rc.interval(40.0, 0.5, "at_least").contains(
        40.0
    )
    assert str(rc.interval(50.0, 0.5, "about")) == "[49.5, 50.5)"


@given(value=st.floats(min_value=0.1, max_value=99.0), half=st.floats(min_value=0.01, max_value=5.0))
def test_open_qualifiers_hold_on_their_side_of_the_figure(value: float, half: float):
    assert rc.interval(value, half, "more_than").contains(value * 1.001 + 1e-9)
    assert not rc.interval(value, half, "more_than").contains(value)
    assert rc.interval(value, half, "less_than").contains(value * 0.999 - 1e-9)
    plain = rc.interval(value, half, None)
    assert plain.contains(value) and plain.high - plain.low == pytest.approx(2 * half)


# --- mapping --------------------------------------------------------------------------------------------
def test_claim_mapping():
    assert rc.map_claim("internet_use_share", "world", "percent", "observation") == rc.Mapping(
        "internet_use_share", "world"
    )
    assert rc.map_claim("internet_use_share", "LDCs_women", "percent", "observation").sex == "female"
    youth = rc.map_claim("internet_use_share", "youth", "percent", "observation")
    assert (youth.entity_id, youth.age_group) == ("world", "15-24")
    developed = rc.map_claim(
        "mobile_broadband_subscriptions_per_100", "developed_countries", "per_100_inhabitants", "observation"
    )
    assert developed.entity_id == "itu_developed"  # ITU's own split, not income groups
    gap = rc.map_claim("gender_gap", "LDCs", "percent", "observation")
    assert (gap.entity_id, gap.sex, gap.derivation) == ("ldc", "female/male", "relative gender gap")
    assert rc.map_claim("gender_gap", "world", "percentage_points", "observation").derivation == (
        "gender gap in points"
    )
    assert rc.map_claim("offline_population_count", "world", "persons", "observation").derivation == (
        "offline count"
    )
    for args in [
        ("process_meetings_count", "Working_Group", "count", "observation"),
        ("pledges_count", "Partner2Connect", "count", "observation"),
        ("gender_gap", "world", "persons", "change"),
        ("internet_use_share", "world;LDCs", "percent", "observation"),
        ("internet_use_share", "Mars", "percent", "observation"),
    ]:
        m = rc.map_claim(*args)
        assert m.indicator_id is None and m.reason


def test_claim_year_takes_the_last_year_of_a_period():
    assert rc.claim_year("2021-2022") == 2022 and rc.claim_year("2019") == 2019
    assert rc.claim_year(None) is None and rc.claim_year(float("nan")) is None


def test_years_text_joins_runs():
    assert rc.years_text([2016, 2017, 2019]) == "2016-2017, 2019" and rc.years_text([]) == "none"


# --- checks on hand-made releases -----------------------------------------------------------------------
def _obs(rows: list[tuple]) -> pd.DataFrame:
    columns = ["indicator_id", "entity_id", "year", "sex", "value", "release", "source_id"]
    df = pd.DataFrame(rows, columns=columns)
    return df.assign(area="total", age_group="total", series_code="X", unit="percent")


OBS = _obs(
    [
        ("internet_use_share", "world", 2021, "total", 62.6, "unsd-2023-04", "unsd"),
        ("internet_use_share", "world", 2022, "total", 66.3, "unsd-2023-04", "unsd"),
        ("internet_use_share", "world", 2022, "female", 63.4, "unsd-2023-04", "unsd"),
        ("internet_use_share", "world", 2022, "male", 69.2, "unsd-2023-04", "unsd"),
        ("internet_use_share", "world", 2021, "total", 61.7, "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2022, "total", 63.7, "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2023, "total", 65.4, "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2022, "female", 60.8, "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2022, "male", 66.5, "itu-2024-11", "itu"),
        ("internet_users_count", "world", 2022, "total", 5.1e9, "itu-2024-11", "itu"),
        ("internet_use_share", "world", 2022, "total", 66.0, "owid-2025-06", "owid"),  # a redistribution
        ("population", "world", 2022, "total", 8.0e9, "itu-datahub-2025-07", "pop"),
    ]
)
DOCS = pd.DataFrame({"document": ["res-2023", "res-2015"], "adoption_date": ["2023-06-07", "2015-07-01"]})
CAL = calendar_from_dates(
    {
        "unsd-2023-04": "2023-04-02",
        "itu-2024-11": "2024-11-30",
        "owid-2025-06": "2025-06-22",
        "itu-datahub-2025-07": "2025-07-28",
    },
    primary=["unsd-2023-04", "itu-2024-11", "itu-datahub-2025-07"],
)


def _claim(
    quote: str,
    value: float,
    indicator: str = "internet_use_share",
    scope: str = "world",
    unit: str = "percent",
    year: str | None = "2022",
    qualifier: str | None = None,
    kind: str = "observation",
    document: str = "res-2023",
) -> dict:
    return {
        "document": document,
        "paragraph": "PP1",
        "quote": quote,
        "start": 0,
        "end": len(quote),
        "value": value,
        "unit": unit,
        "indicator": indicator,
        "year": year,
        "scope": scope,
        "kind": kind,
        "qualifier": qualifier,
        "year_rule": "stated" if year else "none",
    }


def _check(*claims: dict, obs: pd.DataFrame = OBS) -> pd.DataFrame:
    return rc.check_claims(pd.DataFrame(list(claims)), obs, DOCS, CAL)


def test_the_66_per_cent_matched_its_time_and_was_revised_down():
    out = _check(_claim("66 per cent", 66.0))
    schemas.ClaimCheck.validate(out)
    first = out.iloc[0]
    assert first["claim_verdict"] == vocabulary.REVISED
    assert (first["time_release"], first["time_value"]) == ("unsd-2023-04", 66.3)
    assert (first["newest_release"], first["newest_value"]) == ("itu-2024-11", 63.7)
    assert first["revision"] == pytest.approx(-2.6)
    assert first["sentence"].startswith("Matched the data of its time (unsd-2023-04: 66.3 % in 2022)")
    assert (
        "revised down by 2.6 points in the newest release (itu-2024-11: 63.7 % in 2022)" in first["sentence"]
    )
    by_release = out.set_index("release")
    assert by_release.loc["unsd-2023-04", "release_verdict"] == vocabulary.MATCHES
    assert by_release.loc["itu-2024-11", "release_verdict"] == vocabulary.REVISED
    assert by_release.loc["itu-2024-11", "side"] == "below"
    assert not by_release.loc["owid-2025-06", "is_primary"]  # listed, never deciding


def test_a_redistribution_never_decides_a_verdict():
    # only OWID's copy matches 66.0 +/- 0.05; the primary releases differ: not supported
    out = _check(_claim("66.0 per cent", 66.0))
    assert out["claim_verdict"].iloc[0] == vocabulary.NOT_SUPPORTED
    assert out.set_index("release").loc["owid-2025-06", "within_rounding"]


def test_women_figure_and_relative_gender_gap_come_from_one_release():
    women = _check(_claim("63 per cent of women", 63.0, scope="women")).iloc[0]
    assert (women["time_value"], women["newest_value"]) == (63.4, 60.8)
    gap = _check(_claim("women are 8 per cent less likely", 8.0, indicator="gender_gap")).set_index("release")
    assert gap.loc["unsd-2023-04", "data_value"] == pytest.approx(100 * (1 - 63.4 / 69.2))  # 8.38
    assert gap.loc["itu-2024-11", "data_value"] == pytest.approx(100 * (1 - 60.8 / 66.5))  # 8.57
    assert gap["claim_verdict"].iloc[0] == vocabulary.REVISED  # 8.57 is above [7.5, 8.5)
    assert gap.loc["itu-2024-11", "side"] == "above"


def test_counts_use_the_release_own_count_or_its_implied_population():
    users = _check(_claim("5.3 billion people", 5.3e9, indicator="internet_users_count", unit="persons"))
    users = users.set_index("release")
    assert users.loc["itu-2024-11", "data_value"] == 5.1e9  # ITU's own count
    assert users.loc["unsd-2023-04", "data_value"] == pytest.approx(0.663 * 8.0e9)  # share x i61 population
    assert "population" in users.loc["unsd-2023-04", "note"]
    assert users["claim_verdict"].iloc[0] == vocabulary.REVISED
    offline = _check(
        _claim("2.9 billion offline", 2.9e9, indicator="offline_population_count", unit="persons")
    ).set_index("release")
    implied = 5.1e9 / 63.7 * 100  # the population the Nov 2024 workbook's own figures imply
    assert offline.loc["itu-2024-11", "data_value"] == pytest.approx(implied - 5.1e9)
    assert offline.loc["unsd-2023-04", "data_value"] == pytest.approx((100 - 66.3) / 100 * 8.0e9)


def test_no_release_of_its_time_still_reports_the_newest():
    out = _check(_claim("66 per cent", 66.0, document="res-2015")).iloc[0]
    assert out["claim_verdict"] == vocabulary.NO_RELEASE_OF_ITS_TIME and pd.isna(out["time_release"])
    assert out["newest_release"] == "itu-2024-11" and "newest release gives" in out["sentence"]


def test_a_claim_without_a_year_is_read_where_it_held_in_its_time():
    out = _check(_claim("62.6 per cent", 62.6, year=None)).iloc[0]  # held in 2021 in the SDG release
    assert out["year_used"] == 2021 and out["time_release"] == "unsd-2023-04"
    assert out["newest_value"] == 61.7 and out["claim_verdict"] == vocabulary.REVISED
    assert out["held_years"] == "time (unsd-2023-04): 2021; newest (itu-2024-11): none"
    never = _check(_claim("50 per cent", 50.0, year=None)).iloc[0]
    assert never["claim_verdict"] == vocabulary.NOT_SUPPORTED and never["year_used"] == 2022


def test_qualifier_more_than_accepts_higher_data_only():
    assert _check(_claim("more than 60 per cent", 60.0, qualifier="more_than"))["claim_verdict"].iloc[0] == (
        vocabulary.MATCHES
    )
    assert _check(_claim("more than 64 per cent", 64.0, qualifier="more_than"))["claim_verdict"].iloc[0] == (
        vocabulary.REVISED
    )


def test_unmapped_claims_keep_one_row_with_the_reason():
    out = _check(
        _claim("five meetings", 5.0, indicator="process_meetings_count", unit="count"),
        _claim("by 20 million", 2e7, indicator="gender_gap", unit="persons", kind="change"),
    )
    assert len(out) == 2 and (out["claim_verdict"] == vocabulary.NO_SERIES).all()
    assert out["release"].isna().all() and out["sentence"].str.startswith("Cannot be checked").all()


def test_computed_aggregates_are_never_checked():
    computed = _obs(
        [
            (
                "internet_use_share",
                "world",
                2022,
                "total",
                66.0,
                "itu-datahub-2025-07",
                vocabulary.COMPUTED_SOURCE,
            )
        ]
    )
    out = _check(_claim("66 per cent", 66.0), obs=pd.concat([OBS, computed]))
    assert vocabulary.COMPUTED_SOURCE not in set(out["source_id"])


# --- the real tables ------------------------------------------------------------------------------------
def _published(name: str) -> pd.DataFrame:
    return pd.read_parquet(config.PUBLISHED_DIR / f"{name}.parquet")


def test_ecosoc_2023_3_internet_figures_on_the_real_tables():
    claims, obs, docs = _published("claims"), _published("observations"), _published("documents")
    mine = claims[(claims["document"] == "ecosoc-2023-3") & (claims["indicator"] == "internet_use_share")]
    out = rc.check_claims(mine, obs, docs, Calendar(registry.load().releases))
    world = out[(out["claim_value"] == 66) & (out["scope"] == "world")]
    assert (world["time_release"].iloc[0], world["time_value"].iloc[0]) == ("unsd-2023-04", 66.3)
    assert (world["newest_release"].iloc[0], world["newest_value"].iloc[0]) == ("itu-2024-11", 63.7)
    assert world["claim_verdict"].iloc[0] == vocabulary.REVISED
    assert math.isclose(world["revision"].iloc[0], -2.6, abs_tol=1e-9)
    assert date.fromisoformat(world["adoption_date"].iloc[0]) == date(2023, 6, 7)
