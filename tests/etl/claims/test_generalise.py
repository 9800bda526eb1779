"""Constructions of report pages and newer resolutions that the first extractor did not read (the sentences
are invented for the tests; each states what must be read from the wording alone)."""

from __future__ import annotations

import pytest

from etl.claims.extract import extract_claims

from .conftest import norm, one
from .test_constructions import check, claims


def page(*paragraphs: str) -> str:
    return "Facts and Figures 2099: a page\n\nA heading\n\n" + "\n\n".join(paragraphs) + "\n"


def page_claims(*paragraphs: str):
    return extract_claims(page(*paragraphs), "page")


def test_question_heading_is_not_a_paragraph():
    df = page_claims(
        "In 2099, 70 per cent of people use the Internet.",
        "Who is offline?",
        "Some 2.4 billion people remain offline.",
    )
    assert list(df["paragraph"]) == ["P1", "P2"]


def test_age_groups_as_scopes():
    df = page_claims(
        "Internet use among people aged 15-24 reached 79 per cent, compared with 65 per cent "
        "for the rest of the population."
    )
    check(one(df, "79 per cent"), scope="youth", indicator="internet_use_share")
    check(one(df, "65 per cent"), scope="older_people", indicator="internet_use_share")
    assert 15.0 not in set(df["value"]) and 24.0 not in set(df["value"])


@pytest.mark.parametrize(
    ("sentence", "figure", "indicator", "scope", "unit"),
    [
        (
            "Young people are 1.4 times more likely to be online than older people.",
            "1.4 times",
            "youth_gap",
            "youth",
            "ratio",
        ),
        (
            "Urban dwellers are 1.7 times more likely to use the Internet than rural dwellers.",
            "1.7 times",
            "urban_rural_gap",
            "world",
            "ratio",
        ),
        (
            "Globally, 79 per cent of youth are online, 13 percentage points more than older people.",
            "13 percentage points",
            "youth_gap",
            "youth",
            "percentage_points",
        ),
        (
            "In Africa, 60 per cent of men and 50 per cent of women are online, a gap of 10 percentage points.",
            "10 percentage points",
            "gender_gap",
            "Africa",
            "percentage_points",
        ),
    ],
)
def test_gaps_in_points_and_times(sentence, figure, indicator, scope, unit):
    check(one(page_claims(sentence), figure), indicator=indicator, scope=scope, unit=unit)


def test_a_change_in_points_keeps_the_concept_of_its_share():
    df = page_claims("5G reaches 51 per cent of the population, up 11 percentage points in a year.")
    check(one(df, "11 percentage points"), indicator="mobile_5g_coverage_share", kind="change")


def test_times_needs_a_comparison():
    df = claims("Notes that the Forum met three times and that 40 per cent of people use the Internet;")
    assert list(df["value"]) == [40.0]


def test_income_groups_sharing_their_noun_and_respectively_before():
    df = page_claims(
        "Upper-middle-income and lower-middle-income countries stand at 81 and 55 per cent, "
        "respectively, while low- and middle-income countries as a whole are at 60 per cent."
    )
    assert dict(zip(df["value"], df["scope"], strict=True)) == {
        81.0: "upper_middle_income",
        55.0: "lower_middle_income",
        60.0: "low_and_middle_income",
    }


def test_a_share_does_not_borrow_a_count_concept():
    df = claims("Notes the 2.6 billion people still offline and 5G in 40 per cent of cities;")
    check(one(df, "2.6 billion"), indicator="offline_population_count")
    check(one(df, "40 per cent"), indicator="unclassified_share")


def test_levels_of_a_change_and_the_level_reached():
    df = page_claims(
        "The price fell from 1.9 per cent of GNI per capita in 2097 to 1.3 per cent in 2099.",
        "Fixed-broadband subscriptions grew by 6 per cent in 2099, to 1.5 billion.",
    )
    check(one(df, "1.3 per cent"), kind="change", year="2099", unit="percent_gni_per_capita")
    check(one(df, "grew by 6 per cent"), indicator="fixed_broadband_subscriptions_growth_rate", kind="change")
    check(
        one(df, "1.5 billion"),
        indicator="fixed_broadband_subscriptions_count",
        unit="subscriptions",
        kind="change",
        year="2099",
    )


def test_definitional_threshold_is_generic():
    df = page_claims("Gender parity is reached when the score lies between 0.98 and 1.02.")
    assert set(df["scope"]) == {"generic"} and set(df["kind"]) == {"target"}
    assert sorted(df["value"]) == [0.98, 1.02]


@pytest.mark.parametrize(
    "sentence",
    [
        "Facts and Figures 2023 and Agenda 2030 guide the WSIS+20 review after COVID-19.",
        "The Decade of Action 2020-2030 and Connect 2030 aim to connect the next billion.",
        "Youth aged 15 to 24 and people aged 10 and over are surveyed every year.",
        "The majority of economies, and several hundred initiatives, are tracked.",
    ],
)
def test_report_page_not_claims(sentence):
    df = page_claims(sentence)
    assert df.empty, df[["quote", "value"]].to_string()


def test_process_counts_belong_to_their_body():
    df = claims(
        "Notes that the Internet Governance Forum held its meeting with over 9,000 participants;",
        "Notes that the Working Group held five meetings;",
    )
    check(one(df, "9,000 participants"), scope="IGF", indicator="process_participants_count")
    check(one(df, "five meetings"), scope="Working_Group", indicator="process_meetings_count")
    assert norm(one(df, "five meetings")["quote"]) == "five meetings"


def test_per_100_named_before_the_figure():
    df = claims(
        "Notes that mobile broadband subscriptions per 100 inhabitants reached 87 in 2099, and fixed "
        "broadband subscriptions per 100 inhabitants stood at 19 in Europe;"
    )
    check(
        one(df, "87"),
        unit="per_100_inhabitants",
        indicator="mobile_broadband_subscriptions_per_100",
        year="2099",
    )
    check(
        one(df, "19"),
        unit="per_100_inhabitants",
        indicator="fixed_broadband_subscriptions_per_100",
        scope="Europe",
    )
    assert 100.0 not in set(df["value"])


def test_price_in_dollars_and_a_target_stated_as_is_that():
    df = page_claims(
        "An entry-level mobile-broadband plan costs USD 5 a month, or 1.3 per cent of monthly "
        "GNI per capita.",
        "The target for 2099 is that entry-level broadband costs less than 2 per cent of "
        "monthly GNI per capita.",
    )
    row = one(df, "USD 5")
    check(row, value=5, unit="usd", indicator="mobile_broadband_price_usd")
    assert norm(row["quote"]).endswith("USD 5")
    check(
        one(df, "1.3 per cent"), unit="percent_gni_per_capita", indicator="mobile_broadband_price_gni_share"
    )
    check(one(df, "less than 2 per cent"), kind="target", qualifier="less_than")


# --- indicators of their own (issue 11): growth between two years, non-user gaps, shares of the offline ---
@pytest.mark.parametrize(
    ("sentence", "figure", "year"),
    [
        (
            "Notes that the number of Internet users grew by 17 per cent between 2097 and 2099;",
            "17 per cent",
            "2097-2099",
        ),
        ("Notes that Internet use grew 10 per cent between 2097 and 2099;", "10 per cent", "2097-2099"),
        (
            "Notes that Internet users increased by 782 million between 2097 and 2099, a growth of 17 per cent;",
            "17 per cent",
            "2097-2099",
        ),
        (
            "Notes that the number of Internet users grew from 4.1 billion in 2097 to 4.9 billion in 2099, an "
            "increase of 17 per cent;",
            "17 per cent",
            "2097-2099",
        ),
    ],
)
def test_growth_rate_between_two_years(sentence, figure, year):
    check(
        one(claims(sentence), figure),
        indicator="internet_users_growth_rate",
        unit="percent",
        kind="change",
        year=year,
        year_rule="stated",
    )


def test_the_level_a_growth_reached_and_the_levels_of_a_growth_rate():
    df = claims(
        "Notes that the number of Internet users grew by 17 per cent between 2097 and 2099, to 4.9 billion;"
    )
    check(one(df, "4.9 billion"), indicator="internet_users_count", kind="change", year="2099")
    df = page_claims(
        "In 2099, 5.6 billion people used the Internet. Growth slowed to 3.9 per cent, down "
        "from 4.7 per cent a year earlier.",
        "The share of women using the Internet fell from 40 per cent to 35 per cent.",
    )
    check(one(df, "3.9 per cent"), indicator="internet_users_growth_rate")
    check(one(df, "4.7 per cent"), indicator="internet_users_growth_rate")
    check(one(df, "35 per cent"), indicator="internet_use_share", kind="change")  # a level, not a rate


@pytest.mark.parametrize(
    "sentence",
    [
        "Notes that women non-users outnumber men by 17 per cent;",
        "Notes that female non-users outnumber male non-users by 17 per cent;",
        "Notes that among the offline population, women outnumber men by 17 per cent;",
        "Notes that the number of women not using the Internet exceeds that of men by 17 per cent;",
    ],
)
def test_non_user_gaps(sentence):
    check(one(claims(sentence), "17 per cent"), indicator="offline_gender_gap", unit="percent", scope="world")


@pytest.mark.parametrize(
    ("sentence", "figure", "scope"),
    [
        ("Notes that 73 per cent of the offline population live in rural areas;", "73 per cent", "rural"),
        (
            "Notes that 2.9 billion people remain offline, 96 per cent of whom live in developing countries;",
            "96 per cent",
            "developing_countries",
        ),
        ("Notes that women account for 55 per cent of the offline population;", "55 per cent", "women"),
        (
            "Notes that 40 per cent of people who are not using the Internet live in Africa;",
            "40 per cent",
            "Africa",
        ),
    ],
)
def test_shares_of_the_offline_population(sentence, figure, scope):
    check(
        one(claims(sentence), figure), indicator="offline_population_group_share", unit="percent", scope=scope
    )


def test_share_of_the_offline_after_the_offline_count_and_non_users():
    df = page_claims(
        "The offline population fell to 2.5 billion. Of these, 73 per cent live in rural areas.",
        "Some 2.6 billion non-users remain.",
    )
    check(one(df, "73 per cent"), indicator="offline_population_group_share", scope="rural")
    check(one(df, "2.6 billion"), indicator="offline_population_count")
    # a share of the population offline stays the offline share
    df = claims("Notes that 33 per cent of the world's population remain offline;")
    check(one(df, "33 per cent"), indicator="offline_population_share")


# --- rules the development texts of issue 11 asked for (each sentence invented for the test) ------------
def test_the_subject_of_a_figure_beats_the_next_statements_concept():
    df = page_claims(
        "4G networks now cover 93 per cent of the population, and 5G reaches 62 per cent.",
        "Mobile phone ownership is higher than Internet use: 78 per cent of people own a mobile phone.",
    )
    check(one(df, "93 per cent"), indicator="lte_coverage_share")
    check(one(df, "62 per cent"), indicator="mobile_5g_coverage_share")
    check(one(df, "78 per cent"), indicator="mobile_phone_ownership_share")  # a colon is no subject


def test_levels_of_a_share_after_growth_and_a_period_after_both_levels():
    df = page_claims(
        "Growth was fastest in the least developed countries, where Internet use rose from 36 "
        "per cent in 2096 to 45 per cent.",
        "The median price of a fixed-broadband basket fell from 3.4 to 2.8 per cent of GNI per "
        "capita between 2096 and 2099.",
    )
    check(one(df, "36 per cent"), indicator="internet_use_share", kind="change", year="2096")
    check(one(df, "45 per cent"), indicator="internet_use_share", kind="change")
    check(
        df[df["value"] == 3.4].iloc[0],
        unit="percent_gni_per_capita",
        indicator="fixed_broadband_price_gni_share",
        year="2096",
    )
    check(df[df["value"] == 2.8].iloc[0], indicator="fixed_broadband_price_gni_share", year="2099")


def test_a_statement_after_and_that_lends_nothing_and_borrows_nothing():
    df = claims(
        "Expresses concern that 73 per cent of those who are not online live in rural areas, and "
        "that there are still 290 million more men than women using the Internet;",
        "Notes that mobile data traffic grew by 19 per cent in 2099 and that the price of a fixed "
        "broadband basket fell from 3.4 to 2.8 per cent of GNI per capita;",
    )
    check(one(df, "73 per cent"), indicator="offline_population_group_share", scope="rural")
    check(one(df, "290 million"), indicator="gender_gap", scope="world")
    check(df[df["value"] == 3.4].iloc[0], indicator="fixed_broadband_price_gni_share")


def test_gender_gaps_among_young_people_and_non_users_of_the_internet():
    df = page_claims(
        "Among young people aged 15-24, 9 per cent more young women than young men are offline.",
        "Female non-users of the Internet outnumber male non-users by 16 per cent.",
    )
    check(one(df, "9 per cent"), indicator="offline_gender_gap", scope="youth")
    check(one(df, "16 per cent"), indicator="offline_gender_gap", scope="world")


def test_the_coalition_holds_its_counts():
    df = claims(
        "Welcomes the pledges made to the Partner2Connect Digital Coalition, and notes that the "
        "Coalition now brings together 160 countries;"
    )
    check(one(df, "160 countries"), scope="Partner2Connect", year=None, year_rule="none")
