"""Country profile: path and query parsing, the comparison chart, key figures and navigation callbacks, on
the fixture data (Kenya: ITU DataHub and UN SDG rows; world and LDCs from the UN SDG extract)."""

from __future__ import annotations

import dash
import pytest

from dashboard import components, data


@pytest.fixture
def country(pages):
    return pages("country")


def test_path_and_query_give_the_same_state(country):
    assert country.parse_query(iso3="KEN") == country.parse_query(iso3="ken") == {
        "iso3": "KEN", "indicator": "internet_use_share", "messages": []}
    both = country.parse_query(iso3="NGA", indicator="households_internet_access_share")
    assert both["iso3"] == "NGA" and both["indicator"] == "households_internet_access_share"


@pytest.mark.parametrize(("query", "expect"), [
    ({"iso3": "XYZ"}, "No country with data has the code “XYZ”"),
    ({"iso3": "KEN/extra"}, "No country with data"),
    ({"iso3": "<img src=x>"}, "No country with data"),
    ({"iso3": "world"}, "No country with data"),  # a group is not a country
    ({"iso3": "KEN", "indicator": "nope"}, "No values of “nope” for this country"),
    ({"iso3": "NGA", "indicator": "mobile_broadband_coverage_share"}, "No values of"),  # not for Nigeria
])
def test_bad_values_fall_back_with_a_message(country, query, expect):
    state = country.parse_query(**query)
    assert state["iso3"] in country.countries() and state["indicator"]
    assert any(expect in m for m in state["messages"]), state["messages"]


def test_layout_for_unknown_country_still_renders(country):
    text = str(country.layout(iso3="ZZZ", indicator="%00"))
    assert "country profile" in text and "No country with data" in text


def test_compare_chart_draws_country_then_peers_and_the_targets_on_them(country):
    chart = country.compare_chart({"iso3": "KEN"})
    names = [t.name for t in chart.figure.data]
    assert names[:2] == ["Kenya", "World"]
    # world targets on internet use from the fixture's targets table, unverified ones marked
    t = data.targets()
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


def test_key_figures_list_every_indicator_the_country_has(country):
    html_table = country.key_figures({"iso3": "KEN"})
    text = str(html_table)
    for ind in country.indicators_of("KEN"):
        assert data.indicator_info(ind)["name"] in text


def test_indicator_change_keeps_country_in_query_only_when_the_path_lacks_it(country):
    children, search = country.indicator_changed("KEN", "households_internet_access_share", "/country/KEN")
    assert search == "?indicator=households_internet_access_share"
    _, search = country.indicator_changed("KEN", "households_internet_access_share", "/country")
    assert search == "?iso3=KEN&indicator=households_internet_access_share"
    _, search = country.indicator_changed("KEN", "internet_use_share", "/country/KEN")
    assert search == ""
    assert "households_internet_access_share" in str(children)


def test_country_change_navigates_to_the_country_address(country):
    assert country.country_changed("NGA", "internet_use_share", "/country/KEN") == "/country/NGA"
    # keeps the indicator when the new country has it
    assert country.country_changed("BRA", "households_internet_access_share", "/country?iso3=KEN") == (
        "/country/BRA?indicator=households_internet_access_share")
    # drops it when not (Nigeria has no 3G coverage rows in the fixture)
    assert country.country_changed("NGA", "mobile_broadband_coverage_share", "/country/KEN") == "/country/NGA"
    with pytest.raises(dash.exceptions.PreventUpdate):
        country.country_changed("KEN", "internet_use_share", "/country/KEN")


def test_page_title_names_the_country(country):
    assert country._title("KEN").startswith("Kenya ·")
    assert country._title("../x") == "Country profile · ict4d"


def test_export_view_is_registered(country):
    rebuilt = components.CHARTS["country-compare"]({"iso3": "KEN", "indicator": "internet_use_share"})
    assert rebuilt.filename == "ict4d-KEN-internet_use_share" and not rebuilt.data.empty
