"""Computed aggregates on hand-made frames; every expected mean is worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.core import schemas
from etl.methods import aggregate, group_values
from tests.etl.obs_rows import calendar_from_dates, calendar_of, observations

POP = {"A": 100, "B": 300, "C": 600, "D": 1000}  # same in 2022 and 2023
INTERNET = {2022: {"A": 10, "B": 50, "C": 80, "D": 90}, 2023: {"A": 20, "C": 85, "D": 95}}
DATA = ("dh", "itu-datahub-2025-12")
POP_RELEASE = "itu-datahub-2025-07"
CAL = calendar_of(DATA[1], POP_RELEASE, "unsd-2023-04", "itu-2024-11")


def entities() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "entity_id": ["A", "B", "C", "D", "world", "ldc"],
            "name": ["A", "B", "C", "D", "World", "LDCs"],
            "entity_type": ["country"] * 4 + ["world", "special_group"],
            "iso3_code": [None] * 6,
            "m49_code": pd.array([pd.NA] * 6, dtype="Int64"),
            "itu_region_id": [None] * 6,
            "sdg_region_id": [None] * 6,
        }
    )
    return schemas.Entity.validate(df)


def membership() -> pd.DataFrame:
    rows = [
        ("wb_low_income", "A", 2022),
        ("wb_lower_middle_income", "B", 2022),
        ("wb_upper_middle_income", "C", 2022),
        ("wb_high_income", "D", 2022),
        ("ldc", "A", None),
        ("ldc", "B", None),
    ]
    df = pd.DataFrame(rows, columns=["group_id", "entity_id", "year"])
    df["source_id"] = ["wb-oghist"] * 4 + ["country-codes"] * 2
    df["year"] = df["year"].astype("Int64")
    return schemas.GroupMembership.validate(df)


def obs(extra: list[dict] | None = None) -> pd.DataFrame:
    rows = [
        {
            "indicator_id": "population",
            "entity_id": c,
            "year": y,
            "value": p,
            "unit": "persons",
            "series_code": "i61",
            "source_id": "dh-pop",
            "release": POP_RELEASE,
        }
        for y in (2022, 2023)
        for c, p in POP.items()
    ]
    rows += [
        {
            "indicator_id": "internet_use_share",
            "entity_id": c,
            "year": y,
            "value": v,
            "series_code": "i99H",
            "source_id": DATA[0],
            "release": DATA[1],
            "is_estimate": c == "C",
        }
        for y, values in INTERNET.items()
        for c, v in values.items()
    ]
    return observations(*rows, *(extra or []))


def values(df: pd.DataFrame) -> dict[tuple[str, int], float]:
    return {(r.entity_id, r.year): r.value for r in df.itertuples()}


def test_population_weighted_means_by_hand():
    out = aggregate.computed_aggregates(obs(), entities(), membership(), CAL)
    assert values(out) == pytest.approx(
        {
            ("developing_lmic", 2022): (10 * 100 + 50 * 300 + 80 * 600) / 1000,  # 64.0
            ("world", 2022): (10 * 100 + 50 * 300 + 80 * 600 + 90 * 1000) / 2000,  # 77.0
            ("world", 2023): (20 * 100 + 85 * 600 + 95 * 1000) / 1700,  # B missing: 85 % coverage
            ("ldc", 2022): (10 * 100 + 50 * 300) / 400,  # 40.0; 2023 has A only: 25 % coverage, dropped
            ("wb_low_income", 2022): 10,
            ("wb_low_income", 2023): 20,
            ("wb_lower_middle_income", 2022): 50,  # 2023: B has no value
            ("wb_upper_middle_income", 2022): 80,
            ("wb_upper_middle_income", 2023): 85,
            ("wb_high_income", 2022): 90,
            ("wb_high_income", 2023): 95,
            # developing_lmic 2023: A and C hold 700 of 1000: 70 % < 80 %, dropped
        }
    )
    assert set(out["source_id"]) == {"ict4d-computed"} and out["is_computed"].all()
    assert set(out["release"]) == {"itu-datahub-2025-12"}
    assert set(out["series_code"]) == {"i99H"} and set(out["unit"]) == {"percent"}
    estimate = dict(zip(zip(out["entity_id"], out["year"], strict=True), out["is_estimate"], strict=True))
    assert estimate[("developing_lmic", 2022)] and not estimate[("wb_high_income", 2022)]  # C is an estimate


def test_note_states_definition_coverage_and_threshold():
    out = aggregate.computed_aggregates(obs(), entities(), membership(), CAL).set_index(["entity_id", "year"])
    note = out.loc[("world", 2023), "note"]
    assert "3 of 4 member countries" in note and "Coverage: 85.0%" in note and ">= 80%" in note
    assert "ITU i61 population (itu-datahub-2025-07)" in note
    lmic = out.loc[("developing_lmic", 2022), "note"]
    assert "low- and middle-income" in lmic and "Broadband Commission" in lmic
    latest = "classification of 2022 (the latest) applied to every year"
    assert latest in lmic and latest in out.loc[("wb_high_income", 2023), "note"]


def test_threshold_is_a_parameter():
    out = aggregate.computed_aggregates(obs(), entities(), membership(), CAL, threshold=0.5)
    assert values(out)[("developing_lmic", 2023)] == pytest.approx((20 * 100 + 85 * 600) / 700)
    assert ("ldc", 2023) not in values(out)  # 25 % < 50 %


def test_only_totals_of_people_shares_from_upstream_rows_are_used():
    female = {
        "indicator_id": "internet_use_share",
        "entity_id": "A",
        "year": 2022,
        "value": 99,
        "sex": "female",
        "source_id": DATA[0],
        "release": DATA[1],
    }
    spending = [
        {
            "indicator_id": "household_ict_expenditure_share",
            "entity_id": c,
            "year": 2022,
            "value": 5,
            "source_id": DATA[0],
            "release": DATA[1],
        }
        for c in POP
    ]
    extra = [female, *spending]
    base = aggregate.computed_aggregates(obs(), entities(), membership(), CAL)
    with_extra = aggregate.computed_aggregates(obs(extra), entities(), membership(), CAL)
    pd.testing.assert_frame_equal(base, with_extra)
    computed_input = aggregate.computed_aggregates(pd.concat([obs(), base]), entities(), membership(), CAL)
    pd.testing.assert_frame_equal(base, computed_input)


def test_country_without_population_is_left_out_of_weights_and_coverage():
    no_pop_d = obs()
    no_pop_d = no_pop_d[~((no_pop_d["indicator_id"] == "population") & (no_pop_d["entity_id"] == "D"))]
    out = values(aggregate.computed_aggregates(no_pop_d, entities(), membership(), CAL))
    assert out[("world", 2022)] == pytest.approx(64.0)  # A, B, C only: same as developing_lmic
    assert ("wb_high_income", 2022) not in out


def test_each_input_release_gives_its_own_aggregate():
    other = [
        {
            "indicator_id": "internet_use_share",
            "entity_id": c,
            "year": 2022,
            "value": v,
            "series_code": "IT_USE_ii99",
            "source_id": "unsd",
            "release": "unsd-2023-04",
        }
        for c, v in {"A": 12, "B": 52, "C": 82, "D": 92}.items()
    ]
    out = aggregate.computed_aggregates(obs(other), entities(), membership(), CAL)
    world = out[(out["entity_id"] == "world") & (out["year"] == 2022)].set_index("release")["value"]
    assert world.to_dict() == pytest.approx(
        {
            "itu-datahub-2025-12": 77.0,
            "unsd-2023-04": 77.0 + 2,  # every country 2 points higher
        }
    )


def test_aggregate_differences_against_published_aggregate():
    published = [
        {
            "indicator_id": "internet_use_share",
            "entity_id": "world",
            "year": 2022,
            "value": 76.5,
            "source_id": "itu-agg",
            "release": "itu-2024-11",
        }
    ]
    full = obs(published)
    means = aggregate.weighted_means(full, entities(), membership(), CAL)
    [row] = group_values.aggregate_differences(means, full, CAL).to_dict("records")
    assert (row["entity_id"], row["year"], row["source_id"], row["release"]) == (
        "world",
        2022,
        "itu-agg",
        "itu-2024-11",
    )
    assert (row["published_value"], row["computed_value"]) == (76.5, pytest.approx(77.0))
    assert row["difference"] == pytest.approx(0.5)
    assert (row["coverage_share"], row["countries_with_data"]) == (pytest.approx(100.0), 4)


def test_differences_summary_names_the_latest_world_pair():
    published = [
        {
            "indicator_id": "internet_use_share",
            "entity_id": "world",
            "year": y,
            "value": v,
            "source_id": "itu-agg",
            "release": "itu-2024-11",
        }
        for y, v in ((2022, 76.5), (2023, 80.0))
    ]
    full = obs(published)
    means = aggregate.weighted_means(full, entities(), membership(), CAL)
    text = group_values.differences_summary(group_values.aggregate_differences(means, full, CAL), CAL)
    world_2023 = (20 * 100 + 85 * 600 + 95 * 1000) / 1700  # 87.06, 85 % coverage
    assert text.splitlines() == [
        "computed vs published aggregates (2 pairs; computed - published):",
        f"  internet_use_share: median |difference| {(0.5 + world_2023 - 80) / 2:.2f}, "
        f"largest {world_2023 - 80:.2f}",
        "    world 2023: itu-2024-11 80 vs itu-datahub-2025-12 87.1 (+7.1; coverage 85%)",
    ]


# prices: the median over member countries (not weighted); LMIC = A, B, C; world = A, B, C, D
PRICE = {2022: {"A": 12.0, "B": 4.0, "C": 1.5, "D": 0.5}, 2023: {"A": 9.0, "B": 3.0, "C": 1.0}}


def price_obs() -> pd.DataFrame:
    return obs(
        [
            {
                "indicator_id": "mobile_broadband_price_gni_share",
                "entity_id": c,
                "year": y,
                "value": v,
                "unit": "percent_gni_per_capita",
                "series_code": "i271mb_ts_GNI",
                "source_id": "dh-price",
                "release": "itu-datahub-2025-07",
            }
            for y, values in PRICE.items()
            for c, v in values.items()
        ]
    )


def test_price_groups_are_medians_of_member_countries_by_hand():
    out = aggregate.computed_aggregates(price_obs(), entities(), membership(), CAL)
    prices = out[out["indicator_id"] == "mobile_broadband_price_gni_share"]
    assert values(prices) == pytest.approx(
        {
            ("developing_lmic", 2022): 4.0,  # median of 12, 4, 1.5 (a weighted mean would be 6.9)
            ("developing_lmic", 2023): 3.0,  # median of 9, 3, 1
            ("world", 2022): (4.0 + 1.5) / 2,  # four countries: mean of the middle two
            # world 2023: 3 of 4 countries = 75 % < 80 %, dropped
            ("ldc", 2022): (12.0 + 4.0) / 2,
            ("ldc", 2023): (9.0 + 3.0) / 2,
            ("wb_low_income", 2022): 12.0,
            ("wb_low_income", 2023): 9.0,
            ("wb_lower_middle_income", 2022): 4.0,
            ("wb_lower_middle_income", 2023): 3.0,
            ("wb_upper_middle_income", 2022): 1.5,
            ("wb_upper_middle_income", 2023): 1.0,
            ("wb_high_income", 2022): 0.5,  # 2023: D has no value
        }
    )
    assert set(prices["unit"]) == {"percent_gni_per_capita"} and prices["is_computed"].all()
    assert set(prices["release"]) == {"itu-datahub-2025-07"}  # no population release: nothing weighted
    note = prices.set_index(["entity_id", "year"]).loc[("developing_lmic", 2022), "note"]
    assert "median of 3 of 3 member countries" in note and "not population-weighted" in note
    assert "Coverage: 100.0% of the member countries" in note


def test_price_median_coverage_counts_countries():
    out = aggregate.computed_aggregates(price_obs(), entities(), membership(), CAL, threshold=0.75)
    prices = values(out[out["indicator_id"] == "mobile_broadband_price_gni_share"])
    assert prices[("world", 2023)] == pytest.approx(3.0)  # 9, 3, 1: 3 of 4 countries reach 75 %


def test_a_yearly_classification_applies_its_latest_edition_to_every_year():
    """A country that moved up keeps its latest group along the whole series (no composition break)."""
    moved = pd.concat(
        [
            membership(),
            schemas.GroupMembership.validate(
                pd.DataFrame(
                    {
                        "group_id": ["wb_lower_middle_income", "wb_high_income"],
                        "entity_id": ["C", "C"],
                        "year": pd.array([2021, 2021], dtype="Int64"),
                        "source_id": ["wb-oghist"] * 2,
                    }
                )
            ),
        ],
        ignore_index=True,
    )
    members = aggregate.membership_by_year(moved, pd.Series(list(POP)), [2020, 2021, 2022, 2023])
    c = members[(members["entity_id"] == "C") & members["group_id"].str.startswith("wb_")]
    assert set(c["group_id"]) == {"wb_upper_middle_income"}  # its 2022 group, also for 2020 and 2021
    assert set(c["basis_year"]) == {2022} and sorted(c["year"]) == [2020, 2021, 2022, 2023]


# ITU's own World and High income (Nov 2024 workbook style: millions and percentages, rounded as published)
ITU = {
    ("world", 2023): (65.4, 5300.0),
    ("world", 2024): (67.6, 5500.0),
    ("wb_high_income", 2023): (93.0, 1170.0),
    ("wb_high_income", 2024): (93.6, 1180.0),
}


def itu_obs(release: str = "itu-2024-11") -> pd.DataFrame:
    rows = []
    for (entity, year), (share, millions) in ITU.items():
        rows.append(
            {
                "indicator_id": "internet_use_share",
                "entity_id": entity,
                "year": year,
                "value": share,
                "series_code": "Individuals using the Internet [Percentage]",
                "source_id": "itu-agg",
                "release": release,
            }
        )
        rows.append(
            {
                "indicator_id": "internet_users_count",
                "entity_id": entity,
                "year": year,
                "value": millions * 1e6,
                "unit": "persons",
                "series_code": "Individuals using the Internet [Millions]",
                "source_id": "itu-agg",
                "release": release,
            }
        )
    return observations(*rows)


def test_low_and_middle_income_from_itus_world_minus_high_income_by_hand():
    out = group_values.lmic_from_itu(itu_obs(), CAL)
    got = {(r.indicator_id, r.year): r.value for r in out.itertuples()}
    # 2023: population world = 5300 / 65.4 x 100 = 8103.98 m, high = 1170 / 93.0 x 100 = 1258.06 m
    #       LMIC share = (5300 - 1170) / (8103.98 - 1258.06) x 100 = 4130 / 6845.92 x 100 = 60.33
    pop_w, pop_h = 5300 / 65.4 * 100, 1170 / 93.0 * 100
    assert got[("internet_use_share", 2023)] == pytest.approx((5300 - 1170) / (pop_w - pop_h) * 100)
    assert got[("internet_use_share", 2023)] == pytest.approx(60.33, abs=0.005)
    assert got[("internet_users_count", 2024)] == pytest.approx((5500 - 1180) * 1e6)
    assert set(out["entity_id"]) == {"developing_lmic"} and set(out["release"]) == {"itu-2024-11"}
    assert set(out["source_id"]) == {"ict4d-computed"} and out["is_computed"].all()
    assert out["series_code"].str.startswith(group_values.LMIC_DERIVED).all()
    note = out["note"].iloc[0]
    assert "World minus High income" in note and "does not classify" in note
    assert set(out.loc[out["indicator_id"] == "internet_use_share", "unit"]) == {"percent"}


def test_lmic_is_derived_only_from_a_primary_release_with_both_world_and_high_income():
    redistribution = calendar_from_dates({"itu-2024-11": "2024-11-30"}, primary=[])
    assert group_values.lmic_from_itu(itu_obs(), redistribution).empty
    world_only = itu_obs()[itu_obs()["entity_id"] == "world"]
    assert group_values.lmic_from_itu(world_only, CAL).empty


def test_group_value_rank_puts_itus_own_figure_first_and_redistributions_last():
    cal = calendar_from_dates(
        {"itu-2024-11": "2024-11-30", "itu-datahub-2025-12": "2025-12-22", "owid-2025-06": "2025-06-22"},
        primary=["itu-2024-11", "itu-datahub-2025-12"],
    )
    rows = pd.DataFrame(
        {
            "source_id": ["itu-agg", "ict4d-computed", "ict4d-computed", "owid", "ict4d-computed"],
            "release": ["itu-2024-11", "itu-2024-11", "itu-datahub-2025-12", "owid-2025-06", "owid-2025-06"],
            "series_code": ["x", f"{group_values.LMIC_DERIVED}: x", "i99H", "x", "x"],
        }
    )
    assert group_values.group_value_rank(rows, cal).tolist() == [0, 1, 2, 3, 4]
