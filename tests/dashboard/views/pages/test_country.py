"""The Country profile's view: path and query parsing, the comparison chart and the rules that pick a
country's peers, targets and key figures (fixture: Kenya with ITU DataHub and UN SDG rows; world and LDCs
from the UN SDG extract)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import published
from dashboard.views.builders import CHARTS
from dashboard.views.figures import country as country_figures
from dashboard.views.pages import country as country_view
from tests.dashboard.views.test_frames import obs_rows


@pytest.fixture
def country():
    return country_view


def test_path_and_query_give_the_same_state(country):
    assert (
        country.parse_query(iso3="KEN")
        == country.parse_query(iso3="ken")
        == {"iso3": "KEN", "indicator": "internet_use_share", "unknown": None, "messages": []}
    )
    both = country.parse_query(iso3="NGA", indicator="households_internet_access_share")
    assert both["iso3"] == "NGA" and both["indicator"] == "households_internet_access_share"


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ({"iso3": "XYZ"}, "No country with data has the code “XYZ”"),
        ({"iso3": "KEN/extra"}, "No country with data"),
        ({"iso3": "<img src=x>"}, "No country with data"),
        ({"iso3": "world"}, "No country with data"),  # a group is not a country
    ],
)
def test_an_unknown_code_shows_no_country_in_its_place(country, query, expect):
    state = country.parse_query(**query)
    assert state["iso3"] is None and state["indicator"] is None and state["unknown"] == query["iso3"]
    assert any(expect in m for m in state["messages"]), state["messages"]
    assert not country.exists(**query) and country.exists() and country.exists(iso3="ken")


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ({"iso3": "KEN", "indicator": "nope"}, "No values of “nope” for this country"),
        ({"iso3": "NGA", "indicator": "mobile_broadband_coverage_share"}, "No values of"),  # not for Nigeria
    ],
)
def test_bad_values_fall_back_with_a_message(country, query, expect):
    state = country.parse_query(**query)
    assert state["iso3"] in country.countries() and state["indicator"]
    assert any(expect in m for m in state["messages"]), state["messages"]


def test_compare_chart_draws_country_then_peers_and_the_targets_on_them(country):
    chart = country.compare_chart({"iso3": "KEN"})
    names = [t.name for t in chart.figure.data]
    assert names[:2] == ["Kenya", "World"]
    # world targets on internet use from the fixture's targets table, unverified ones marked
    t = published.targets()
    world = t[(t["scope"] == "world") & (t["indicator_id"] == "internet_use_share")]
    world = world[world["threshold_value"].notna()]
    levels, parity = world[world["comparator"] != "parity"], world[world["comparator"] == "parity"]
    assert not levels.empty and not parity.empty
    for row in levels.itertuples():
        assert any(n.startswith(f"Target {row.target_id}") for n in names)
        if row.verification_status != "verified":
            assert f"Target {row.target_id} (unverified)" in names
    for row in parity.itertuples():  # a parity score is not a level of the series: not drawn here
        assert not any(n.startswith(f"Target {row.target_id}") for n in names)
    # Kenya's line is one release (the one reaching the latest year), and its last value is in the summary
    ken = chart.data[chart.data["entity_id"] == "KEN"]
    assert ken["release"].nunique() == 1
    last = ken.sort_values("year").iloc[-1]
    assert f"Kenya {last['value']:.1f} % in {last['year']}" in chart.summary
    for col in ("indicator_id", "unit", "release", "source_id", "licence", "role"):
        assert col in chart.data.columns
    assert "Releases differ" in " ".join(chart.caveats)  # Kenya (DataHub) and world (UN SDG) vintages


def test_page_title_names_the_country(country):
    assert country.page_title("KEN").startswith("Kenya ·")
    assert country.page_title("../x") == "Country profile · ict4d"


def test_export_view_is_registered(country):
    rebuilt = CHARTS["country-compare"]({"iso3": "KEN", "indicator": "internet_use_share"})
    assert rebuilt.filename == "ict4d-KEN-internet_use_share" and not rebuilt.data.empty


# --- country --------------------------------------------------------------------------------------------
ENTITIES = pd.DataFrame(
    {
        "entity_id": ["KEN", "world", "itu_africa", "wb_lower_middle_income"],
        "name": ["Kenya", "World", "Africa", "Lower-middle income"],
        "entity_type": ["country", "world", "itu_region", "income_group"],
        "iso3_code": ["KEN", None, None, None],
        "m49_code": [404, 1, None, None],
        "itu_region_id": ["itu_africa", None, None, None],
    }
)


NAMES = dict(zip(ENTITIES["entity_id"], ENTITIES["name"], strict=True))


def test_country_peers_use_region_latest_income_group_and_world():
    membership = pd.DataFrame(
        {
            "group_id": ["wb_low_income", "wb_lower_middle_income", "ldc"],
            "entity_id": ["KEN", "KEN", "KEN"],
            "year": [2013, 2014, None],
            "source_id": ["wb"] * 3,
        }
    )
    peers = country_view.country_peers("KEN", ENTITIES, membership)
    assert peers == {
        "country": "KEN",
        "region": "itu_africa",
        "income": "wb_lower_middle_income",
        "ldc": "ldc",  # a hand-made list: the test of the rule, not of Kenya
        "world": "world",
    }


def test_country_peers_without_groups_is_country_and_world():
    empty = pd.DataFrame(columns=["group_id", "entity_id", "year", "source_id"])
    ents = ENTITIES.assign(itu_region_id=None)
    assert country_view.country_peers("KEN", ents, empty) == {"country": "KEN", "world": "world"}


TARGETS = pd.DataFrame(
    {
        "target_id": ["T-world", "T-ldc", "T-parity", "T-hh"],
        "wording": ["w1", "w2", "w3", "w4"],
        "indicator_id": ["internet_use_share", "internet_use_share", "internet_use_share", "households_x"],
        "scope": ["world", "ldc", "world", "world"],
        "sex": ["total"] * 4,
        "comparator": [">=", ">=", "parity", ">="],
        "threshold_value": [75.0, 35.0, 1.0, 65.0],
        "deadline_year": [2025, 2025, 2020, 2023],
        "verification_status": ["verified", "verified", "verified", "unverified"],
    }
)


def test_applicable_targets_match_indicator_scope_and_need_a_number():
    sel = country_view.applicable_targets(TARGETS, "internet_use_share", ["KEN", "world"])
    assert list(sel["target_id"]) == ["T-world"]


def test_country_summary_and_key_figures_table():
    df = obs_rows(
        [
            {"entity_id": "KEN", "year": 2019, "value": 22.6688},
            {"entity_id": "KEN", "year": 2024, "value": 34.9762},
            {"entity_id": "world", "year": 2022, "value": 66.3},
            {"entity_id": "world", "year": 2022, "value": 50.0, "indicator_id": "other"},
        ]
    )
    peers = {"country": "KEN", "world": "world"}
    one = df[df["indicator_id"] == "internet_use_share"]
    assert country_figures.country_summary(one, peers, NAMES, unit="percent") == (
        "Latest values: Kenya 35.0 % in 2024; World 66.3 % in 2022."
    )
    inds = pd.DataFrame(
        {
            "indicator_id": ["internet_use_share", "other"],
            "name": ["Internet use", "Other"],
            "unit": ["percent", "percent"],
        }
    )
    table = country_view.key_figures_table(df, peers, inds, NAMES)
    assert table.to_dict("records") == [
        {"Indicator": "Internet use", "Unit": "%", "Kenya": "35.0 (2024)", "World": "66.3 (2022)"},
    ]


def test_country_targets_keep_latest_release_rows_of_country_and_peers_in_role_order():
    progress = pd.DataFrame(
        {
            "target_id": ["T1", "T1", "T2", "T3", "T1"],
            "framework": ["F"] * 5,
            "entity_id": ["world", "KEN", "KEN", "ldc", "KEN"],
            "indicator_id": ["internet_use_share"] * 5,
            "unit": ["percent"] * 5,
            "latest_value": [66.3, 35.0, 35.0, 30.0, 28.8],
            "latest_year": [2022, 2024, 2024, 2022, 2021],
            "target_value": [75.0, 75.0, 100.0, 35.0, 75.0],
            "deadline_year": [2025, 2025, 2030, 2025, 2025],
            "status": ["moderate progress"] * 5,
            "verification_status": ["verified"] * 5,
            "release": ["r2", "r2", "r2", "r2", "r1"],
            "is_latest_release": [True, True, True, True, False],
        }
    )
    out = country_view.country_targets(progress, {"country": "KEN", "world": "world"}, NAMES)
    assert list(zip(out["target_id"], out["entity_id"], strict=True)) == [
        ("T1", "KEN"),
        ("T2", "KEN"),
        ("T1", "world"),
    ]
    assert list(out["entity"]) == ["Kenya", "Kenya", "World"]
    assert country_view.country_targets(progress.iloc[0:0], {"country": "KEN"}, NAMES).empty


def test_key_figures_write_large_counts_in_words_and_the_unit_once():
    df = obs_rows([{"entity_id": "KEN", "year": 2024, "value": 44_812_345.0, "indicator_id": "subs"}])
    inds = pd.DataFrame({"indicator_id": ["subs"], "name": ["Subscriptions"], "unit": ["count"]})
    table = country_view.key_figures_table(df, {"country": "KEN"}, inds, NAMES)
    assert table.to_dict("records") == [
        {"Indicator": "Subscriptions", "Unit": "number", "Kenya": "44.8 million (2024)"}
    ]
