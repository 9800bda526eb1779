"""Browser tests (headless Chromium against the real app on the fixture) of the Claims table and its detail
panel, the Country page's 404 and remembered country, the app's 404, and page heights at desktop and phone
width."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

KEY_66 = "ecosoc-2023-3:14175"
QUOTE_66 = "5.3 billion people or 66 per cent of the world's population were using the Internet"
# the heights we allow (px, the whole document): the Claims page with a claim open was 23,000 px before
# it became a table; it stays well under 6,000 at desktop width and usable on a phone
HEIGHT_BOUNDS = {
    ("/claims?claim=" + KEY_66, 1400): 3500,
    ("/claims?claim=" + KEY_66, 390): 6000,
    ("/country/TUV", 1400): 4000,
    ("/country/TUV", 390): 7000,
}


GRID_TIMEOUT_MS = 60000  # the grid's script is parsed after the page: slow on a shared 2-core machine


def real_errors(page) -> list[str]:
    """Console errors, without the one Chromium logs for a document answered with 404 on purpose."""
    return [e for e in page.console_errors if "status of 404" not in e]


def test_a_claim_opened_shows_its_paragraph_once_with_the_quote_highlighted(page):
    page.set_default_timeout(GRID_TIMEOUT_MS)
    page.goto(page.base_url + "/claims")
    page.wait_for_selector("#claims-grid .ag-row")
    assert page.locator(".claim-context").count() == 0  # no paragraph until a row is opened
    # the search finds the document by its UN symbol and words of the quote
    page.locator("#claims-search").fill("E/RES/2023/3 billion")
    page.locator("#claims-search").press("Enter")
    page.wait_for_selector("#claims-count:has-text('1 of 3 claims')")
    page.locator("#claims-grid .ag-center-cols-container .ag-row").first.click()
    page.wait_for_selector("#claims-detail .claim-context mark.claim-quote")
    assert parse_qs(urlparse(page.url).query) == {"q": ["E/RES/2023/3 billion"], "claim": [KEY_66]}
    block = page.locator("#claims-detail .claim-context")
    assert block.count() == 1 and page.locator(".claim-context").count() == 1  # the paragraph, once
    assert page.locator("mark.claim-quote").all_inner_texts() == [QUOTE_66]
    text = block.inner_text()
    assert text.startswith("26. Welcomes the fact") and "*" not in text  # its markdown rendered
    assert block.locator("em").all_inner_texts() == ["Welcomes"]
    assert text.count(QUOTE_66) == 1 and len(text) > len(QUOTE_66)
    compared = page.locator("#claims-compare").inner_text()
    assert "66.3 % for 2022" in compared and "SDG Global Database 2023 release" in compared
    page.wait_for_selector("#claims-detail .js-plotly-plot")  # the claim across releases
    # the address alone opens it again
    page.goto(page.url)
    page.wait_for_selector("#claims-detail mark.claim-quote")
    assert page.locator("mark.claim-quote").all_inner_texts() == [QUOTE_66]
    assert page.console_errors == []


def test_an_unknown_country_answers_404_with_a_country_picker(page):
    response = page.goto(page.base_url + "/country/XXX")
    assert response.status == 404
    page.wait_for_selector("h1:has-text('Country not found')")
    page.wait_for_selector(".message:has-text('No country with data has the code “XXX”')")
    assert page.locator("h1:has-text('Kenya')").count() == 0
    page.locator("#country-select").click()
    page.locator(".dash-dropdown-search").fill("Tuvalu")
    page.locator("[role=option]:has-text('Tuvalu')").first.click()
    page.wait_for_url(re.compile(r"/country/TUV$"))
    page.wait_for_selector("h1:has-text('Tuvalu: country profile')")
    assert real_errors(page) == []


def test_an_unknown_page_answers_404_with_the_pages_of_the_app(page):
    response = page.goto(page.base_url + "/no-such-page")
    assert response.status == 404
    page.wait_for_selector("h1:has-text('Page not found')")
    assert page.locator(".page-list a").count() >= 6
    assert real_errors(page) == []


def test_tuvalu_is_compared_with_its_groups_and_the_nav_remembers_it(page):
    page.set_default_timeout(GRID_TIMEOUT_MS)
    page.goto(page.base_url + "/country/TUV")
    page.wait_for_selector("#country-chart .js-plotly-plot")
    intro = page.locator(".page-header .intro").inner_text()
    assert "UN SDG region Oceania" in intro and "least developed countries" in intro and "SIDS" in intro
    header = page.locator("#country-key-figures th").all_inner_texts()
    assert "Oceania (exc. Australia and New Zealand) (UN SDG region)" in header
    with page.expect_download() as dl:
        page.locator("#country-key-figures-csv").click()
    body = Path(dl.value.path()).read_text(encoding="utf-8")
    assert body.startswith("indicator_id,indicator,unit,role,entity_id") and "74.3146" in body
    # another page: the navigation's Country link goes back to Tuvalu, also after a reload
    nav_is_tuvalu = (
        "() => { const a = document.querySelector('#nav-country');"
        " return a !== null && a.getAttribute('href') === '/country/TUV'; }"
    )
    page.goto(page.base_url + "/claims")
    page.wait_for_function(nav_is_tuvalu)
    page.reload()  # kept in the browser's local storage, not in the page
    page.wait_for_function(nav_is_tuvalu)
    page.locator("#nav-country").click()
    page.wait_for_selector("h1:has-text('Tuvalu: country profile')")
    assert page.console_errors == []


@pytest.mark.parametrize(("path", "width"), list(HEIGHT_BOUNDS))
def test_page_height_is_bounded(browser, live_url, path, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(GRID_TIMEOUT_MS)
    try:
        pg.goto(live_url + path)
        pg.wait_for_selector("main h1")
        pg.wait_for_selector(".js-plotly-plot")
        pg.wait_for_load_state("networkidle")
        height = pg.evaluate("document.documentElement.scrollHeight")
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert height <= HEIGHT_BOUNDS[(path, width)], f"{path} at {width}px is {height}px tall"
        assert overflow <= 1, f"{path} scrolls sideways at {width}px"
    finally:
        ctx.close()
