"""Browser tests of the Gender, Claims, Country and Data & sources pages, in headless Chromium (Playwright)
against the real app served on the fixture data."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

pytestmark = pytest.mark.browser


def fixture_table(fixture_dir, name: str) -> pd.DataFrame:
    return pd.read_parquet(fixture_dir / f"{name}.parquet")


# --- every page loads, shows its key element, and logs no error ----------------------------------------
@pytest.mark.parametrize(
    ("path", "heading", "key"),
    [
        ("/gender", "Gender divide", "#gender-charts .js-plotly-plot"),
        ("/claims", "Claims in the resolutions", "#claims-grid .ag-row"),
        ("/country/KEN", "Kenya: country profile", "#country-chart .js-plotly-plot"),
        ("/country?iso3=KEN", "Kenya: country profile", "#country-key-figures"),
        ("/data", "Data & sources", "#data-sources-table"),
    ],
)
def test_page_loads_with_its_key_element_and_no_console_error(page, path, heading, key):
    page.set_default_timeout(60000)
    page.goto(page.base_url + path)
    page.wait_for_selector(f"h1:has-text('{heading}')")
    page.wait_for_selector(key)
    assert page.console_errors == []


def test_garbage_in_the_address_gives_a_message_not_an_error(page):
    response = page.goto(page.base_url + "/country/QQQ?indicator=%3Cscript%3E")
    assert response.status == 404  # no such country: an unknown page, with the country picker
    page.wait_for_selector(".message:has-text('No country with data has the code')")
    page.goto(page.base_url + "/gender?indicator=nope&year=abc")
    page.wait_for_selector(".message:has-text('No values by sex for indicator')")
    page.wait_for_selector("#gender-charts .js-plotly-plot")
    # Chromium logs the document's own 404; nothing else may fail
    assert [e for e in page.console_errors if "status of 404" not in e] == []


# --- Gender: the parity band is drawn and the view goes into the address ------------------------------
def test_gender_parity_chart_and_url(page):
    page.goto(page.base_url + "/gender")
    page.wait_for_selector("#gender-charts .js-plotly-plot")
    assert "Gender parity score" in page.locator("#gender-parity-summary").inner_text()
    page.locator("#gender-year").click()
    page.locator("[role=option]:has-text('2020')").first.click()
    page.wait_for_function("() => window.location.search.includes('year=2020')")
    page.wait_for_selector("#gender-bars-summary:has-text('2020')")
    assert page.console_errors == []


# --- Claims: filter by document and verdict, in the address ------------------------------------------
def grid_keys(page) -> list[str]:
    """The quotes of the rows the Claims table shows (the grid renders its rows lazily, all 3 here)."""
    return page.locator("#claims-grid .ag-center-cols-container [col-id='quote']").all_inner_texts()


def test_claims_journey_filter_by_document(page, fixture_dir):
    claims = fixture_table(fixture_dir, "claims")
    doc = claims["document"].iloc[0]
    page.set_default_timeout(60000)  # the grid's script is slow to parse on a loaded machine
    page.goto(page.base_url + "/claims")
    page.wait_for_selector("#claims-grid .ag-row")
    page.locator("#claims-document").click()
    page.locator(".dash-dropdown-search").fill("E/RES/2023/3")  # found by its UN symbol
    page.locator("[role=option]:has-text('E/RES/2023/3')").first.click()
    page.wait_for_function(f"() => window.location.search.includes('document={doc}')")
    page.wait_for_selector("#claims-count:has-text('3 claims')")
    assert sorted(grid_keys(page)) == sorted(claims.loc[claims["document"] == doc, "quote"])
    assert page.console_errors == []


def test_claims_verdict_filter_goes_into_the_address_and_back(page, fixture_dir):
    checks = fixture_table(fixture_dir, "claim_checks")
    verdict = checks["claim_verdict"].dropna().iloc[0]
    n = int((checks.drop_duplicates(["document", "start"])["claim_verdict"] == verdict).sum())
    page.set_default_timeout(60000)  # the grid's script is slow to parse on a loaded machine
    page.goto(page.base_url + "/claims")
    page.wait_for_selector("#claims-grid .ag-row")
    page.locator("#claims-verdict").click()
    page.locator(f"[role=option]:has-text('{verdict}')").first.click()
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('verdict') !== null")
    assert parse_qs(urlparse(page.url).query)["verdict"] == [verdict]
    chips = "#claims-grid .ag-center-cols-container .verdict"
    page.wait_for_function(f"() => document.querySelectorAll({chips!r}).length === {n}")
    assert set(page.locator(chips).all_inner_texts()) == {verdict}
    # the address alone rebuilds the view
    page.goto(page.url)
    page.wait_for_selector(chips)
    assert set(page.locator(chips).all_inner_texts()) == {verdict}
    assert page.console_errors == []


# --- Country: change the country through the address and through the selector -------------------------
def test_country_journey_url_and_selector(page):
    page.set_default_timeout(60000)  # three page loads with charts on a shared 2-core machine
    page.goto(page.base_url + "/country/KEN")
    page.wait_for_selector("#country-chart .js-plotly-plot")
    assert "Kenya" in page.locator("#country-compare-summary").inner_text()
    # through the address
    page.goto(page.base_url + "/country/NGA")
    page.wait_for_selector("h1:has-text('Nigeria: country profile')")
    page.wait_for_selector("#country-compare-summary:has-text('Nigeria')")
    # through the selector: navigates to the country's own address
    page.locator("#country-select").click()
    page.locator(".dash-dropdown-search").fill("Brazil")
    page.locator("[role=option]:has-text('Brazil')").first.click()
    page.wait_for_url(re.compile(r"/country/BRA"))
    page.wait_for_selector("h1:has-text('Brazil: country profile')")
    page.wait_for_selector("#country-compare-summary:has-text('Brazil')")
    # another indicator redraws in place and goes into the query string
    page.locator("#country-indicator").click()
    page.locator("[role=option]:has-text('Households with Internet access')").first.click()
    page.wait_for_function("() => window.location.search.includes('households_internet_access_share')")
    assert parse_qs(urlparse(page.url).query) == {"indicator": ["households_internet_access_share"]}
    assert urlparse(page.url).path == "/country/BRA"
    page.wait_for_selector(".chart-title:has-text('Households with Internet access')")
    assert page.console_errors == []


# --- Data & sources: the zip and a table download -----------------------------------------------------
def test_data_page_downloads(page, fixture_dir):
    page.goto(page.base_url + "/data")
    page.wait_for_selector("#data-zip-link")
    with page.expect_download() as dl:
        page.locator("#data-zip-link").click()
    names = zipfile.ZipFile(io.BytesIO(Path(dl.value.path()).read_bytes())).namelist()
    assert "claims.csv" in names and "datapackage.json" in names and "README.md" in names
    with page.expect_download() as dl:
        page.locator("#data-table-links a:has-text('sources.csv')").click()
    assert Path(dl.value.path()).read_bytes() == (fixture_dir / "sources.csv").read_bytes()
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/gender", "/claims", "/country/KEN", "/data"])
def test_usable_at_phone_width_without_sideways_scrolling(page, path):
    page.set_default_timeout(60000)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + path)
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1  # wide tables scroll inside their own box, not the page
    assert page.console_errors == []
