"""Overview page: claims next to the data now, targets in brief, key charts; and the app shell around it."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data


@pytest.fixture
def overview(pages):
    return pages("overview")


def test_headline_claims_are_the_checked_claims_with_a_series(overview, fixture_dir):
    checks = pd.read_csv(fixture_dir / "claim_checks.csv")
    with_series = checks[checks.indicator_id.notna()].drop_duplicates(["claim_indicator", "entity_id", "sex"])
    got = overview.headline_claims()
    key = ["claim_indicator", "entity_id", "sex"]
    assert set(map(tuple, got[key].to_numpy())) == set(map(tuple, with_series[key].to_numpy()))


def test_data_now_is_the_latest_upstream_value(overview, fixture_dir):
    obs = pd.read_csv(fixture_dir / "observations.csv")
    ken = obs[
        (obs.indicator_id == "internet_use_share")
        & (obs.entity_id == "KEN")
        & (obs.sex == "total")
        & ~obs.is_computed
    ]
    latest = ken[ken.year == ken.year.max()]
    row = latest.loc[max(latest.index, key=lambda i: data.release_key(latest.loc[i, "release"]))]
    assert overview.data_now("internet_use_share", "KEN") == {
        "value": row.value,
        "year": row.year,
        "release": row.release,
        "unit": "percent",
    }
    assert overview.data_now("internet_use_share", "XYZ") is None


def test_data_now_prefers_values_published_upstream(overview, monkeypatch):
    rows = pd.DataFrame(
        {
            "year": [2023, 2024],
            "value": [60.0, 99.0],
            "release": ["itu-2024-11", "x-2025-01"],
            "is_computed": [False, True],
            "unit": "percent",
        }
    )
    monkeypatch.setattr(data, "observations", lambda *a, **k: rows)
    assert overview.data_now("internet_use_share", "world")["value"] == 60.0


def test_claim_card_shows_quote_verdict_and_data(overview):
    check = overview.headline_claims().iloc[0].to_dict()
    card = str(overview.claim_card(check))
    now = overview.data_now(check["indicator_id"], check["entity_id"], check["sex"])
    assert check["quote"] in card and check["claim_verdict"][1:] in card and str(now["year"]) in card


def test_targets_in_brief_counts_every_target(overview, pages):
    board = pages("targets").scoreboard({})
    text = str(overview.targets_in_brief())
    for group, n in board["group"].value_counts().items():
        assert f"status={group}" in text and f" {n} targets " in text


def test_layout_has_the_three_sections_and_key_charts(overview):
    page = str(overview.layout(anything="ignored"))
    for heading in ("Headline figures", "Targets in brief", "Key charts"):
        assert heading in page
    assert "overview-internet" in page and "overview-coverage" in page


def test_key_chart_keeps_only_entities_the_data_has(overview):
    q = overview.key_chart_query({"indicator": "internet_use_share", "entities": ["world", "wb_low_income"]})
    assert q["entities"] == ["world"]  # the fixture has no income groups


def test_overview_on_an_empty_folder_says_so(overview, tmp_path):
    data.use(tmp_path)
    assert "No data published yet" in str(overview.layout())


def test_app_serves_every_page_and_the_404_without_error(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d["output"] for d in deps if "_pages_content" in d["output"])
    for path, expect in [
        ("/", "Overview"),
        ("/targets", "Targets"),
        ("/explorer", "Explorer"),
        ("/no/such/page", "Page not found"),
        ("/explorer?indicator=%3Cb%3E", "Unknown indicator"),
    ]:
        pathname, _, search = path.partition("?")
        body = {
            "output": router,
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": "?" + search if search else ""},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        }
        r = client.post("/_dash-update-component", json=body)
        assert r.status_code == 200, path
        assert expect in r.get_data(as_text=True), path


def test_navigation_lists_the_pages_in_order(app):
    import dash

    from dashboard import components

    nav = str(components.nav_links(dash.page_registry.values()))
    assert nav.index("Overview") < nav.index("Targets") < nav.index("Explorer")
    assert "Page not found" not in nav


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
    assert "Offline population (share)" in card and "78.1 % in 2019 (release itu-2024-11)" in card
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
    from dashboard import figures

    for check in overview.headline_claims().to_dict("records"):
        card = str(overview.claim_card(check))
        assert figures.fmt_value(check["claim_value"], check["claim_unit"]) in card
        assert "_" not in card.split("H3(")[1].split(")")[0]  # the heading is a name, not an id


def test_claim_cards_link_to_that_claim_on_the_claims_page(overview, pages):
    from urllib.parse import parse_qs, urlparse

    claims_page = pages("claims")
    for check in overview.headline_claims().to_dict("records"):
        q = parse_qs(urlparse(overview.claim_href(check)).query)
        state = claims_page.parse_query(**{k: v[0] for k, v in q.items()})
        assert state["messages"] == [] and state["claim"] == q["claim"][0]


def test_verdicts_look_the_same_on_the_overview_and_the_claims_page(overview, pages):
    claims_page = pages("claims")
    for check in overview.headline_claims().to_dict("records"):
        badge = claims_page.verdict_badge(check["claim_verdict"])
        assert str(badge) in str(overview.claim_card(check))
