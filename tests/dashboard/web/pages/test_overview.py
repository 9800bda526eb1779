"""The Overview page: claim cards, targets in brief and the key charts."""

from __future__ import annotations

import pytest

from dashboard.views import formats, published
from dashboard.views.pages import claims as claims_view
from dashboard.views.pages import overview as overview_view
from dashboard.views.pages import targets as targets_view
from dashboard.web import components


@pytest.fixture
def overview(pages):
    return pages("overview")


def test_claim_card_shows_quote_verdict_and_data(overview):
    check = overview_view.headline_claims().iloc[0].to_dict()
    card = str(overview.claim_card(check))
    now = overview_view.data_now(check["indicator_id"], check["entity_id"], check["sex"])
    assert check["quote"] in card and check["claim_verdict"][1:] in card and str(now["year"]) in card


def test_targets_in_brief_counts_every_target(overview):
    board = targets_view.scoreboard({})
    text = str(overview.targets_in_brief())
    for group, n in board["group"].value_counts().items():
        assert f"status={group}" in text and f" {n} targets " in text


def test_layout_has_the_three_sections_and_key_charts(overview):
    page = str(overview.layout(anything="ignored"))
    for heading in ("Headline figures", "Targets in brief", "Key charts"):
        assert heading in page
    assert "overview-internet" in page and "overview-coverage" in page


def test_overview_on_an_empty_folder_says_so(overview, tmp_path):
    published.use(tmp_path)
    assert "No data published yet" in str(overview.layout())


def test_a_derived_claim_is_shown_with_the_checks_own_figure(overview):
    check = {
        "document": "d",
        "paragraph": "PP1",
        "start": 10,
        "quote": "four in five are offline",
        "claim_value": 80.0,
        "claim_unit": "percent",
        "claim_indicator": "offline_population_share",
        "indicator_id": "internet_use_share",
        "entity_id": "ldc",
        "sex": "total",
        "derivation": "100 - internet_use_share",
        "data_value": 78.1,
        "year_used": 2019,
        "release": "itu-2024-11",
        "claim_verdict": "no release of its time",
    }
    card = str(overview.claim_card(check))
    assert "Offline population (share)" in card and "78.1 % in 2019 (itu-2024-11)" in card
    # the reader sees how the figure was derived, in names, not ids
    assert "100 − Individuals using the Internet" in card and "internet_use_share" not in card


def test_a_claim_counted_in_people_is_written_in_people_not_percent(overview):
    """The claim's unit (persons) governs both figures of a derived count, whatever the series' unit."""
    check = {
        "document": "d",
        "paragraph": "42",
        "start": 10,
        "quote": "3.8 billion of the world's people who are not connected",
        "claim_value": 3.8e9,
        "claim_unit": "persons",
        "claim_indicator": "offline_population_count",
        "indicator_id": "internet_use_share",
        "entity_id": "world",
        "sex": "total",
        "derivation": "(100 - internet_use_share) / 100 * population",
        "data_value": 2_910_675_506.0,
        "year_used": 2022,
        "release": "itu-2024-11",
        "claim_verdict": "not supported",
    }
    card = str(overview.claim_card(check))
    assert "3.8 billion people (year not stated)" in card and "2.9 billion people in 2022" in card
    # a year the text gives is shown as the text's; the data year stays with the data
    assert "3.8 billion people (2021)" in str(overview.claim_card({**check, "claim_year": "2021"}))
    assert "%" not in card.split("Computed as")[0].split("The text said")[1]


def test_every_headline_card_writes_its_figures_in_the_claims_unit(overview):
    for check in overview_view.headline_claims().to_dict("records"):
        card = str(overview.claim_card(check))
        assert formats.fmt_claimed(check["claim_value"], check["claim_unit"]) in card
        assert "_" not in card.split("H3(")[1].split(")")[0]  # the heading is a name, not an id


def test_claim_cards_link_to_that_claim_on_the_claims_page(overview):
    from urllib.parse import parse_qs, urlparse

    for check in overview_view.headline_claims().to_dict("records"):
        q = parse_qs(urlparse(overview_view.claim_href(check)).query)
        state = claims_view.parse_query(**{k: v[0] for k, v in q.items()})
        assert state["messages"] == [] and state["claim"] == q["claim"][0]


def test_verdicts_look_the_same_on_the_overview_and_the_claims_page(overview):
    for check in overview_view.headline_claims().to_dict("records"):
        badge = components.verdict_badge(check["claim_verdict"])
        assert str(badge) in str(overview.claim_card(check))


def test_a_claim_is_compared_with_the_same_year_of_the_newest_release(overview):
    """E/RES/2023/3's 66 % for 2022: 66.3 in the release of its time, 63.7 for 2022 in the Nov 2024
    workbook (the row as claim_checks has it); the series' latest year is shown apart, never instead."""
    check = {
        "document": "ecosoc-2023-3",
        "paragraph": "26",
        "start": 14175,
        "quote": "66 per cent of the world's population were using the Internet",
        "claim_value": 66.0,
        "claim_unit": "percent",
        "claim_indicator": "internet_use_share",
        "claim_year": "2022",
        "indicator_id": "internet_use_share",
        "entity_id": "KEN",  # a series of the fixture whose latest year (2024) is not the claim's
        "sex": "total",
        "derivation": "direct",
        "year_used": 2022,
        "release": "itu-2024-11",
        "data_value": 63.7,
        "time_release": "unsd-2023-04",
        "time_value": 66.3,
        "newest_release": "itu-2024-11",
        "newest_value": 63.7,
        "revision": -2.6,
        "claim_verdict": "revised since",
    }
    card = overview_view.claim_card(check)
    assert card.said == "66 % (2022)"
    assert card.now_label == "The newest release for 2022" and card.now.startswith("63.7 % in 2022")
    assert card.change == (
        "revised down by 2.6 percentage points from 66.3 % in the data of its time "
        "(SDG Global Database 2023 release)"
    )
    kenya = overview_view.data_now("internet_use_share", "KEN")
    assert kenya["year"] != 2022 and card.latest.startswith(
        f"{formats.fmt_value(kenya['value'], 'percent')} in {kenya['year']}"
    )
    text = str(overview.claim_card(check))
    assert "Latest year" in text and "Since then" in text
