"""One small synthetic text per construction of reference/claims.md. The figures are invented for the tests
(they are not data); each test states what the extractor must read from the wording alone."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.claims.extract import extract_claims

from .conftest import norm, one


def resolution(*paragraphs: str) -> str:
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return f"The General Assembly,\n\nNoting the report,\n\n{body}\n"


def claims(*paragraphs: str) -> pd.DataFrame:
    return extract_claims(resolution(*paragraphs), "synthetic")


def check(row: pd.Series, **expected) -> None:
    for key, want in expected.items():
        got = row[key]
        if isinstance(want, float | int) and not isinstance(want, bool):
            assert math.isclose(got, want, abs_tol=1e-9), (key, got, want)
        else:
            got = None if pd.isna(got) else got
            assert got == want, (key, got, want)


@pytest.mark.parametrize("unit_words", ["per cent", "percent", "%", "per\u00a0cent"])
def test_percent_spellings(unit_words):
    sep = "" if unit_words == "%" else " "
    df = claims(f"Notes that 47{sep}{unit_words} of the world's population use the Internet;")
    check(one(df, "47"), value=47, unit="percent", indicator="internet_use_share", scope="world")


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("4.1 billion people", 4.1e9),
        ("350 million people", 3.5e8),
        ("900 thousand people", 9e5),
    ],
)
def test_scale_words_give_persons(phrase, value):
    df = claims(f"Notes that {phrase} are not using the Internet;")
    check(one(df, phrase), value=value, unit="persons", indicator="offline_population_count")


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("half of", 50),
        ("one third of", 33.33),
        ("two thirds of", 66.67),
        ("four in five", 80),
        ("one in three", 33.33),
        ("a quarter of", 25),
        ("three quarters of", 75),
        ("1 in 10", 10),
    ],
)
def test_number_words_and_fractions(phrase, value):
    df = claims(f"Notes that {phrase} people in small island developing States use the Internet;")
    check(one(df, phrase), value=value, unit="percent", indicator="internet_use_share", scope="SIDS")


@pytest.mark.parametrize(
    ("qualifier", "code"),
    [
        ("more than", "more_than"),
        ("almost", "almost"),
        ("nearly", "nearly"),
        ("over", "over"),
        ("about", "about"),
        ("at least", "at_least"),
        ("less than", "less_than"),
        ("up to", "up_to"),
        ("approximately", "about"),
    ],
)
def test_qualifiers_keep_the_value_and_are_recorded(qualifier, code):
    df = claims(f"Notes that {qualifier} 3 billion people remain offline;")
    row = one(df, "3 billion")
    check(row, value=3e9, qualifier=code, indicator="offline_population_count")
    assert norm(row["quote"]).startswith(qualifier)


def test_nearly_3_billion():
    row = one(claims("Notes that nearly 3 billion people have never used the Internet;"), "nearly 3 billion")
    check(row, value=3e9, unit="persons", qualifier="nearly", indicator="offline_population_count")


def test_range_gives_two_rows_with_lower_and_upper_bound():
    df = claims("Notes that between 80 and 90 per cent of the population in Europe use the Internet;")
    assert sorted(df["value"]) == [80, 90]
    assert set(df["scope"]) == {"Europe"} and set(df["indicator"]) == {"internet_use_share"}


def test_ratio_gender_parity_score():
    df = claims("Notes that the gender parity score for Internet use was 0.92 in 2023;")
    check(one(df, "0.92"), value=0.92, unit="ratio", indicator="gender_parity_score", year="2023")


def test_comparison_women_men():
    df = claims("Notes that 65 per cent of women are using the Internet compared with 70 per cent of men;")
    check(one(df, "65 per cent"), value=65, scope="women", indicator="internet_use_share")
    check(one(df, "70 per cent"), value=70, scope="men", indicator="internet_use_share")


def test_respectively():
    df = claims("Notes that 57 and 62 per cent of women and men, respectively, own a mobile phone;")
    assert len(df) == 2
    check(df[df["value"] == 57].iloc[0], scope="women", indicator="mobile_phone_ownership_share")
    check(df[df["value"] == 62].iloc[0], scope="men", indicator="mobile_phone_ownership_share")


def test_change_increased_by_with_period():
    df = claims("Notes that the number of Internet users increased by 100 million between 2022 and 2023;")
    check(
        one(df, "100 million"),
        value=1e8,
        unit="persons",
        kind="change",
        year="2022-2023",
        indicator="internet_users_count",
    )


def test_change_growth_rate():
    df = claims("Notes a growth rate of 4.7 per cent in the number of Internet users;")
    check(one(df, "4.7 per cent"), kind="change", unit="percent", indicator="internet_users_growth_rate")


def test_change_fell_from_to():
    df = claims(
        "Notes that Internet use in the least developed countries fell from 40 per cent in 2021 "
        "to 35 per cent in 2022;"
    )
    check(
        one(df, "fell from 40"),
        value=40,
        kind="change",
        year="2021",
        scope="LDCs",
        indicator="internet_use_share",
    )
    check(
        one(df, "35 per cent"),
        value=35,
        kind="change",
        year="2022",
        scope="LDCs",
        indicator="internet_use_share",
    )


def test_apposition_shares_the_predicate_and_the_year():
    df = claims(
        "Notes that in 2023, 67 per cent of the world's population, or 5.4 billion people, "
        "were using the Internet;"
    )
    check(one(df, "67 per cent"), value=67, indicator="internet_use_share", year="2023")
    check(one(df, "5.4 billion"), value=5.4e9, indicator="internet_users_count", year="2023")


def test_relative_gender_gap():
    df = claims("Notes that women are 13 per cent less likely than men to use the Internet;")
    check(one(df, "13 per cent"), unit="percent", indicator="gender_gap", scope="world")


def test_group_split_by_sex():
    df = claims("Notes that one third of women in the least developed countries use the Internet;")
    check(one(df, "one third"), scope="LDCs_women")


def test_coverage_and_subscriptions():
    df = claims(
        "Notes that 95 per cent of people live within range of a mobile broadband network;",
        "Notes that at least 90% of people are covered by a 4G network;",
        "Notes that there were 8.6 billion mobile-cellular subscriptions;",
        "Notes that there are 20 fixed broadband subscriptions per 100 inhabitants in Africa;",
    )
    check(one(df, "95 per cent"), indicator="mobile_broadband_coverage_share")
    check(one(df, "90%"), indicator="lte_coverage_share", qualifier="at_least")
    check(one(df, "8.6 billion"), unit="subscriptions", indicator="mobile_cellular_subscriptions_count")
    check(
        one(df, "20 fixed"),
        unit="per_100_inhabitants",
        indicator="fixed_broadband_subscriptions_per_100",
        scope="Africa",
    )


def test_counts_held_by_a_body():
    df = claims(
        "Acknowledges the more than 700 pledges made to the Partner2Connect Digital Coalition;",
        "Notes that some 30 United Nations entities take part;",
        "Recalls that the Working Group held seven meetings between May 2019 and June 2020;",
    )
    check(
        one(df, "700 pledges"),
        unit="count",
        indicator="pledges_count",
        scope="Partner2Connect",
        qualifier="more_than",
    )
    check(one(df, "30 United Nations entities"), indicator="entities_count", scope="UN_system")
    check(one(df, "seven meetings"), value=7, indicator="process_meetings_count", year="2019-2020")


def test_year_only_when_stated_for_the_figure():
    df = claims("Notes with concern that 40 per cent of the population of Africa use the Internet;")
    assert df["year"].isna().all()  # the adoption year or a date elsewhere is never the data year


def test_target_with_a_number():
    df = claims("Recalls the target to reach 75 per cent of households with broadband access by 2025;")
    check(one(df, "75 per cent"), kind="target")


@pytest.mark.parametrize(
    "sentence",
    [
        "Calls for universal connectivity by 2030 and recalls the period since 2005;",
        "Recalls resolutions 70/125 and 77/150 and paragraph 16 of the Tunis Agenda, article 19 and target 9.c;",
        "Welcomes the twenty-sixth session and the eighteenth meeting of the Forum;",
        "Notes the 2030 Agenda, Connect 2030, the WSIS+20 review, COVID-19 and Industry 4.0;",
        "Takes note of the report entitled The State of Broadband 2022: Accelerating Broadband, which notes it;",
        "Supports “connecting the other half” and connecting the next billion;",
        "Notes that ICTs accelerate progress across all 17 Sustainable Development Goals;",
        "Notes the two distinct processes and the 10-year review;",
        "Notes that the majority of people and many countries still lack access;",
        "Welcomes the Forum held in Geneva from 27 to 31 May 2024 and on 3 May each year;",
        "Recalls the report “Working together to connect the next 1.5 billion by 2020”;",
        "Requests a report during the past 20 years, through 2025;",
    ],
)
def test_not_claims(sentence):
    df = claims(sentence)
    assert df.empty, df[["quote", "value"]].to_string()


def test_footnote_markers_and_lines_are_never_figures():
    text = (
        "The General Assembly,\n\nRecalling the Tunis Agenda,⁶\n⁶ See 45 per cent of A/60/687.\n\n"
        "1. Notes that 30 per cent⁷ of people use the Internet;\n"
        "⁷ 12 per cent in a footnote is no claim.\n"
    )
    df = extract_claims(text, "fn")
    assert df["value"].tolist() == [30.0]


def test_report_page_with_title_and_unnumbered_paragraphs():
    text = (
        "Facts and Figures 2099: Internet use\n\n"
        "In 2099, approximately 71 per cent of the world's population, or 6.1 billion people, were online."
        "\n\n"
        "The remaining 29 per cent, or 2.4 billion people, remain offline.\n\n"
        "Internet use grew by 3.2 per cent in 2099.\n"
    )
    df = extract_claims(text, "ff")
    assert set(df["paragraph"]) == {"P1", "P2", "P3"}
    check(
        one(df, "71 per cent"),
        paragraph="P1",
        value=71,
        indicator="internet_use_share",
        year="2099",
        qualifier="about",
    )
    check(one(df, "6.1 billion"), paragraph="P1", value=6.1e9, indicator="internet_users_count", year="2099")
    check(one(df, "29 per cent"), paragraph="P2", indicator="offline_population_share")
    check(one(df, "2.4 billion"), paragraph="P2", indicator="offline_population_count")
    check(
        one(df, "3.2 per cent"),
        paragraph="P3",
        kind="change",
        indicator="internet_users_growth_rate",
        year="2099",
    )
    assert 2099.0 not in set(df["value"])


def test_quotes_are_exact_slices_with_no_break_spaces():
    text = resolution(
        "Notes that 95\u00a0per\u00a0cent of the world’s population live within reach of a "
        "mobile\u2011cellular network;"
    )
    df = extract_claims(text, "nbsp")
    row = one(df, "95 per cent")
    assert text[row["start"] : row["end"]] == row["quote"] and "\u00a0" in row["quote"]
    check(row, indicator="mobile_cellular_coverage_share")


def test_income_groups_and_urban_rural_scopes():
    df = claims(
        "Notes that only 27 per cent of the population in low-income countries use the Internet;",
        "Notes that 81 per cent of urban dwellers use the Internet, against 50 per cent in rural areas;",
    )
    check(one(df, "27 per cent"), scope="low_income", indicator="internet_use_share")
    check(one(df, "81 per cent"), scope="urban", indicator="internet_use_share")
    check(one(df, "50 per cent"), scope="rural", indicator="internet_use_share")


def test_hyphenated_fractions_and_gap_in_persons():
    df = claims(
        "Notes that one-third of the world's population remain offline;",
        "Notes that in 2099 there were 244 million more men than women using the Internet;",
    )
    check(one(df, "one-third"), value=33.33, indicator="offline_population_share")
    check(one(df, "244 million"), value=2.44e8, unit="persons", indicator="gender_gap", year="2099")


def test_threshold_named_after_the_figure_is_a_target():
    df = claims("Notes that broadband remains unaffordable against the 2 per cent affordability target;")
    check(one(df, "2 per cent"), kind="target")


def test_network_covers_a_share():
    df = claims("Notes that mobile broadband networks now cover 95 per cent of the world's population;")
    check(one(df, "95 per cent"), indicator="mobile_broadband_coverage_share", scope="world")


def test_scope_named_before_the_figure_and_not_after_a_comma():
    df = claims(
        "Notes that in the least developed countries, only 36 per cent of the population use the Internet;",
        "Notes that 2.7 billion people remained offline in 2099, most of them in developing countries;",
    )
    check(one(df, "36 per cent"), scope="LDCs")
    check(one(df, "2.7 billion"), scope="world", year="2099", indicator="offline_population_count")


def test_price_basket_from_the_clause():
    df = claims(
        "Notes that mobile broadband costs 1.5 per cent of monthly GNI per capita;",
        "Notes that fixed broadband costs 3 per cent of GNI per capita;",
    )
    check(
        one(df, "1.5 per cent"), unit="percent_gni_per_capita", indicator="mobile_broadband_price_gni_share"
    )
    check(one(df, "3 per cent"), unit="percent_gni_per_capita", indicator="fixed_broadband_price_gni_share")


def test_this_sentence_takes_the_last_concept_of_the_paragraph():
    text = (
        "Facts and Figures 2099\n\n"
        "In 2099, 71 per cent of the world's population used the Internet. "
        "This represents an increase of 3.2 per cent over the year before.\n"
    )
    df = extract_claims(text, "ff")
    check(one(df, "3.2 per cent"), kind="change", indicator="internet_users_growth_rate", paragraph="P1")


def test_specific_concept_before_the_figure_beats_people():
    df = claims(
        "Calls for efforts to connect the remaining 2.6 billion people;",
        "Notes that mobile broadband subscriptions reached 6.9 billion in 2099;",
        "Notes that one in three women in the least developed countries use the Internet;",
    )
    check(one(df, "2.6 billion"), indicator="offline_population_count", unit="persons")
    check(
        one(df, "6.9 billion"),
        indicator="mobile_broadband_subscriptions_count",
        unit="subscriptions",
        year="2099",
    )
    check(one(df, "one in three"), scope="LDCs_women", value=33.33)


def test_half_a_billion_and_oda_target():
    df = claims(
        "Notes that half a billion people remain offline in Africa;",
        "Recalls the target of 0.7 per cent of gross national income for official development aid;",
    )
    check(
        one(df, "half a billion"),
        value=5e8,
        unit="persons",
        indicator="offline_population_count",
        scope="Africa",
    )
    check(one(df, "0.7 per cent"), unit="percent", indicator="oda_gni_share", kind="target")


def test_years_count_only_as_a_mandate():
    df = claims(
        "Decides to extend the mandate of the Forum for a further 10 years;",
        "Notes the progress made after 15 years of implementation;",
    )
    check(one(df, "10 years"), unit="years", indicator="process_mandate_years")
    assert 15.0 not in set(df["value"])


def test_scaled_values_are_exact():
    df = claims("Notes that 4.1 billion people, 7.74 billion subscriptions and 0.3 million users exist;")
    assert sorted(df["value"]) == [3e5, 4.1e9, 7.74e9]
