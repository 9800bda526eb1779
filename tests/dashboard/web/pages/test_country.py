"""The Country profile page: layout, key figures and the navigation callbacks, on the fixture."""

from __future__ import annotations

import dash
import pytest

from dashboard.views import published
from dashboard.views.pages import country as country_view
from tests.dashboard.component_tree import by_id


@pytest.fixture
def country(pages):
    return pages("country")


def test_layout_for_unknown_country_still_renders(country):
    page = country.layout(iso3="ZZZ", indicator="%00")
    text = str(page)
    assert "Country not found" in text and "No country with data" in text
    assert "country profile" not in text  # no other country shown in its place
    picker = by_id(page, "country-select")
    assert picker.value is None and [o["value"] for o in picker.options] == country_view.countries()


def test_key_figures_list_every_indicator_the_country_has(country):
    html_table = country.key_figures({"iso3": "KEN"})
    text = str(html_table)
    for ind in country_view.indicators_of("KEN"):
        assert published.indicator_info(ind)["name"] in text


def test_indicator_change_keeps_country_in_query_only_when_the_path_lacks_it(country):
    children, search = country.indicator_changed("households_internet_access_share", "KEN", "/country/KEN")
    assert search == "?indicator=households_internet_access_share"
    _, search = country.indicator_changed("households_internet_access_share", "KEN", "/country")
    assert search == "?iso3=KEN&indicator=households_internet_access_share"
    _, search = country.indicator_changed("internet_use_share", "KEN", "/country/KEN")
    assert search == ""
    assert "households_internet_access_share" in str(children)


def test_country_change_navigates_to_the_country_address(country):
    assert country.country_changed("NGA", "internet_use_share", "/country/KEN") == "/country/NGA"
    # keeps the indicator when the new country has it
    assert country.country_changed("BRA", "households_internet_access_share", "/country?iso3=KEN") == (
        "/country/BRA?indicator=households_internet_access_share"
    )
    # drops it when not (Nigeria has no 3G coverage rows in the fixture)
    assert country.country_changed("NGA", "mobile_broadband_coverage_share", "/country/KEN") == "/country/NGA"
    with pytest.raises(dash.exceptions.PreventUpdate):
        country.country_changed("KEN", "internet_use_share", "/country/KEN")
