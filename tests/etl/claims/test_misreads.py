"""Misreads found on texts of the family the extractor was not built on, one test each (the sentences are
invented for the tests; their figures are not data): a figure's concept comes from its own clause, not from
an earlier statement of the paragraph, and a call or commitment with a deadline is a target whose year is
the deadline."""

from __future__ import annotations

import pytest

from .conftest import one
from .test_constructions import check
from .test_years import claims, page


@pytest.mark.parametrize(
    "paragraph",
    [
        # the earlier statement is a sub-clause of its own (", and that …", ", while …")
        "Notes with concern that a third of humanity remains offline, and that the number of Internet users "
        "reached 5.4 billion in 2099;",
        "Notes that many people are offline in rural areas, while the number of Internet users reached 5.4 "
        "billion in 2099;",
        # the same statement names "offline" first and the users' count's own subject after it
        "Notes that, although many people remain offline, the number of Internet users reached 5.4 billion in "
        "2099;",
        # an earlier sentence of the paragraph
        "Notes that some 2.6 billion people are offline in 2099. The number of Internet users reached 5.4 "
        "billion in 2099;",
    ],
)
def test_the_indicator_comes_from_the_figures_own_clause(paragraph):
    check(
        one(claims(paragraph), "5.4 billion"),
        indicator="internet_users_count",
        unit="persons",
        year="2099",
        year_rule="stated",
        kind="observation",
    )


def test_the_nearest_concept_before_a_figure_is_its_subject_but_a_sub_clause_of_its_own_needs_one():
    df = claims(
        "Notes that the offline population, while shrinking, stands at 2.7 billion people in 2099;",
        "Notes that 2.6 billion people remain offline, and that 5.4 billion people use the Internet;",
    )
    check(one(df, "2.7 billion"), indicator="offline_population_count")
    check(one(df, "5.4 billion"), indicator="internet_users_count")
    check(one(df, "2.6 billion"), indicator="offline_population_count")


@pytest.mark.parametrize(
    ("paragraph", "figure", "deadline"),
    [
        ("Calls for 75 per cent of the population to be using the Internet by 2099;", "75 per cent", "2099"),
        (
            "Calls upon Member States to commit to connecting 60 per cent of households to the Internet by 2098;",
            "60 per cent",
            "2098",
        ),
        (
            "Commits to bringing Internet use in the least developed countries to 50 per cent by the end of 2097;",
            "50 per cent",
            "2097",
        ),
        (
            "Urges Member States to ensure that entry-level broadband costs less than 2 per cent of monthly gross "
            "national income per capita by 2096;",
            "2 per cent",
            "2096",
        ),
        (
            "Calls for efforts to achieve the target of 75 per cent of people using broadband by 2095;",
            "75 per cent",
            "2095",
        ),
    ],
)
def test_a_call_or_commitment_with_a_deadline_is_a_target_dated_by_its_deadline(paragraph, figure, deadline):
    check(one(claims(paragraph), figure), kind="target", year=deadline, year_rule="deadline")


def test_a_target_without_a_deadline_has_no_year_and_a_level_in_a_call_stays_a_level():
    df = claims(
        "Calls for efforts to achieve the target of 75 per cent of people using broadband;",
        "Calls for action to connect the 2.6 billion people who remain offline by 2099;",
        "Notes that, by 2099, 68 per cent of the population was using the Internet;",
    )
    check(one(df, "75 per cent"), kind="target", year=None, year_rule="none")
    check(one(df, "2.6 billion"), kind="observation", indicator="offline_population_count", year_rule="now")
    check(one(df, "68 per cent"), kind="observation")


def test_a_deadline_on_a_report_page_is_not_its_edition():
    df = page(
        "Facts and Figures 2090: targets",
        "The Broadband Commission calls for 75 per cent of the population to be online by 2099.",
    )
    check(one(df, "75 per cent"), kind="target", year="2099", year_rule="deadline")


def test_a_deadline_that_ends_one_statement_is_not_the_next_ones():
    df = claims(
        "Notes that the Partner2Connect Digital Coalition had mobilized 1,300 pledges by the end of "
        "2099, and that the Internet Governance Forum held its meeting, with more than 11,000 "
        "participants;"
    )
    check(
        one(df, "1,300 pledges"), kind="observation", year="2099", year_rule="stated", scope="Partner2Connect"
    )
    check(one(df, "11,000 participants"), kind="observation", year=None, year_rule="none", scope="IGF")


def test_a_call_that_opens_a_new_clause_of_the_paragraph():
    df = claims(
        "Notes that a basic plan costs 9.2 per cent of monthly gross national income per capita in "
        "low-income countries, and calls for entry-level broadband to cost less than 2 per cent of "
        "monthly gross national income per capita by 2099;"
    )
    check(one(df, "9.2 per cent"), kind="observation", scope="low_income")
    check(
        one(df, "less than 2 per cent"),
        kind="target",
        year="2099",
        year_rule="deadline",
        indicator="ict_price_gni_share",
    )


# --- rules the new development texts asked for (each sentence invented for the test) -------------------
def test_a_report_without_an_adoption_line_is_dated_by_the_issue_date_on_its_cover():
    from etl.claims.documents import adoption_date, text_date

    report = (
        "United Nations\nA/99/65–E/2099/14\nGeneral Assembly\nDistr.: General\n16 March 2099\n\n"
        "Report of the Secretary-General\n\nI. Trends\n\n"
        "1. Mobile broadband networks now cover 97 per cent of the world’s population.\n"
    )
    assert (adoption_date(report), text_date(report)) == (None, "2099-03-16")
    from etl.claims.extract import extract_claims

    check(one(extract_claims(report, "report"), "97 per cent"), year="2098", year_rule="now")


def test_fewer_than_in_a_year_is_a_change_from_that_year_to_the_pages():
    df = page(
        "Facts and Figures 2099: offline",
        "That leaves an estimated 2.2 billion people offline, 200 million fewer than in 2098.",
    )
    check(one(df, "2.2 billion"), year="2099", year_rule="edition", kind="observation")
    check(
        one(df, "200 million"),
        indicator="offline_population_count",
        kind="change",
        year="2098-2099",
        year_rule="edition",
    )


def test_a_targets_basket_is_its_own_and_a_clause_without_one_takes_the_paragraphs():
    df = page(
        "Facts and Figures 2099: prices",
        "The median price of an entry-level mobile-broadband plan is 1.1 per cent of monthly GNI per "
        "capita, below the 2 per cent target. In low-income countries, however, it costs 6.4 per cent "
        "of monthly GNI per capita.",
    )
    check(one(df, "1.1 per cent"), indicator="mobile_broadband_price_gni_share")
    check(one(df, "2 per cent"), indicator="ict_price_gni_share", kind="target", year=None)
    check(one(df, "6.4 per cent"), indicator="mobile_broadband_price_gni_share", scope="low_income")


def test_subjects_and_groups_of_a_statement():
    df = claims(
        "Notes that young people aged 15 to 24 are online at a rate of 81 per cent, against 66 per "
        "cent for the rest of the population;",
        "Notes that fixed broadband is unaffordable in many developing countries, where a basic plan "
        "costs more than 5 per cent of GNI per capita;",
        "Notes that mobile broadband networks cover 88 per cent of the population of LDCs, but 5G "
        "reaches only 9 per cent;",
        "Notes that 4G networks cover 93 per cent of the world’s population, while 5G reaches 62 per cent;",
        "Commits to bringing at least 70 per cent of people in every least developed country online by 2099;",
    )
    check(one(df, "81 per cent"), scope="youth", indicator="internet_use_share")
    check(one(df, "66 per cent"), scope="older_people")
    check(one(df, "5 per cent"), scope="developing_countries", indicator="fixed_broadband_price_gni_share")
    check(one(df, "9 per cent"), scope="LDCs", indicator="mobile_5g_coverage_share")
    check(one(df, "62 per cent"), scope="world", indicator="mobile_5g_coverage_share")
    check(one(df, "70 per cent"), scope="LDCs", indicator="internet_use_share", kind="target", year="2099")


def test_who_is_not_reached_or_not_yet_online_and_digital_skills():
    df = claims(
        "Notes that in low-income countries one in five people live outside the reach of any mobile "
        "broadband signal, and that 17 per cent of the population has no mobile broadband coverage;",
        "Notes that nearly 1.9 billion people have yet to go online, two thirds of whom live in rural areas;",
        "Calls for efforts to ensure that 90 per cent of people have basic digital skills;",
    )
    check(one(df, "one in five"), indicator="mobile_broadband_coverage_gap_share", scope="low_income")
    check(one(df, "17 per cent"), indicator="mobile_broadband_coverage_gap_share")
    check(one(df, "1.9 billion"), indicator="offline_population_count", year="2099", year_rule="now")
    check(one(df, "two thirds"), indicator="offline_population_group_share", scope="rural")
    check(one(df, "90 per cent"), indicator="basic_digital_skills_share", kind="target")


def test_guards_a_deadline_of_another_statement_a_group_of_its_own_and_a_concept_of_another_unit():
    df = claims(
        "Encourages Member States to achieve universal connectivity by 2099, noting that only 35 per "
        "cent of people in the least developed countries are online;",
        "Notes that in Africa 40 per cent of people use the Internet, whereas globally the share is "
        "66 per cent;",
        "Notes that a third of humanity remains offline, and that the figure reached 5.4 billion;",
    )
    check(one(df, "35 per cent"), kind="observation", year=None, year_rule="none", scope="LDCs")
    check(one(df, "66 per cent"), scope="world", indicator="internet_use_share")
    assert one(df, "5.4 billion")["indicator"] != "offline_population_count"
