"""Browser tests of the skeleton and the Overview, Targets and Explorer pages, in headless Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def test_overview_draws_with_navigation(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("h1:has-text('Overview')")
    nav = page.locator("nav.site-nav a")
    assert {"Overview", "Targets", "Explorer"} <= set(nav.all_inner_texts())
    assert page.console_errors == []


def test_unknown_path_lists_the_pages(page):
    page.goto(page.base_url + "/no/such/page")
    page.wait_for_selector("h1:has-text('Page not found')")
    links = page.locator(".page-list a").all_inner_texts()
    assert "Explorer" in links and "Targets" in links


def test_explorer_url_holds_the_view(page):
    page.goto(page.base_url + "/explorer?indicator=internet_use_share&entities=world")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    # add Kenya through the searchable dropdown
    page.locator("#explorer-entities").click()
    page.locator(".dash-dropdown-search").fill("Kenya")
    page.locator("[role=option]:has-text('Kenya')").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('KEN')")
    q = parse_qs(urlparse(page.url).query)
    assert q["entities"] == ["world,KEN"] and q["indicator"] == ["internet_use_share"]
    assert re.search(r"Kenya: [\d.]+ %", page.locator(".chart-summary").inner_text())
