"""Browser tests of the app shell and the Overview, Targets and Explorer pages, in headless Chromium.

They drive the real app (``ict4d serve`` on the fixture, see conftest.py) the way a visitor does.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def pick(page, dropdown_id: str, option_text: str) -> None:
    """Choose an option of a Dash 4 dropdown as a visitor does: open it, type, pick."""
    page.locator(f"#{dropdown_id}").click()
    search = page.locator(".dash-dropdown-search")
    if search.count():
        search.fill(option_text)
    page.locator(f"[role=option]:has-text('{option_text}')").first.click()
    page.keyboard.press("Escape")


def test_overview_draws_claims_targets_and_charts(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector(".claim-card")
    page.wait_for_selector(
        "#overview-internet .js-plotly-plot, [aria-labelledby='overview-internet-title'] .js-plotly-plot"
    )
    assert page.locator(".claim-card").count() >= 1
    assert page.locator(".claim-card .verdict").first.inner_text()  # every claim shows its verdict
    assert page.locator(".status-counts li").count() >= 1
    nav = page.locator("nav.site-nav a").all_inner_texts()
    assert nav[:3] == ["Overview", "Targets", "Explorer"]
    assert page.console_errors == []


def test_unknown_path_lists_the_pages(page):
    page.goto(page.base_url + "/no/such/page")
    page.wait_for_selector("h1:has-text('Page not found')")
    links = page.locator(".page-list a").all_inner_texts()
    assert {"Overview", "Targets", "Explorer"} <= set(links)


def test_garbage_in_the_url_gives_a_message_not_a_traceback(page):
    page.goto(page.base_url + "/explorer?indicator=%3Cscript%3Ealert(1)%3C/script%3E&year=abc&tab=%00")
    page.wait_for_selector(".message-warning")
    text = page.locator("main").inner_text()
    assert "Unknown indicator" in text and "Traceback" not in text
    page.wait_for_selector(".chart-card .js-plotly-plot")  # and the default view is still drawn


def test_explorer_url_holds_the_view(page):
    page.goto(page.base_url + "/explorer?indicator=internet_use_share&entities=world")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    pick(page, "explorer-entities", "Kenya")
    page.wait_for_function("() => window.location.search.includes('KEN')")
    assert query(page)["entities"] == ["world,KEN"] and query(page)["indicator"] == ["internet_use_share"]
    page.wait_for_function("() => document.querySelector('.chart-summary').innerText.includes('Kenya')")
    assert re.search(r"Kenya: [\d.]+ %", page.locator(".chart-summary").inner_text())
    # the address is shareable: opening it again shows the same view
    page.goto(page.url)
    page.wait_for_selector(".chart-card .js-plotly-plot")
    assert "Kenya" in page.locator(".chart-summary").inner_text()


def test_explorer_map_tab_with_year_slider(page):
    page.goto(page.base_url + "/explorer?entities=world")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    page.get_by_text("World map").click()
    page.wait_for_function("() => window.location.search.includes('tab=map')")
    page.wait_for_selector(".chart-card .choroplethlayer path", state="attached")
    n = int(re.match(r"(\d+) countr", page.locator(".chart-summary").inner_text()).group(1))
    assert page.locator(".chart-card .choroplethlayer path").count() == n >= 2  # a shape per country
    assert not page.locator("#explorer-year-box").is_hidden()
    year = query(page)["year"][0]
    assert year in page.locator(".chart-title").inner_text()


def test_explorer_table_tab_and_csv_download(page):
    page.goto(page.base_url + "/explorer?entities=world,KEN&tab=table")
    page.wait_for_selector("#explorer-table")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("as CSV")).click()
    content = Path(info.value.path()).read_text(encoding="utf-8")
    header = content.splitlines()[0].split(",")
    assert header[:2] == ["indicator_id", "entity_id"] and "licence" in header
    assert {"world", "KEN"} == {line.split(",")[1] for line in content.splitlines()[1:]}


def test_chart_png_export_is_rendered_on_the_server(page):
    page.goto(page.base_url + "/explorer?entities=world")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name=re.compile("as PNG")).click()
    assert info.value.suggested_filename.endswith(".png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_keyboard_reaches_skip_link_and_navigation(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector(".claim-card")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.innerText"))
    assert {"Overview", "Targets", "Explorer"} <= set(seen)


def test_every_button_and_control_has_a_name(page):
    page.goto(page.base_url + "/explorer")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    unnamed = page.evaluate("""() => [...document.querySelectorAll('main button, main input')]
        .filter(e => e.offsetParent !== null && e.getAttribute('aria-hidden') !== 'true')
        .filter(e => !(e.getAttribute('aria-label') || e.innerText.trim() || e.getAttribute('aria-labelledby')
                       || (e.id && document.querySelector(`label[for="${e.id}"]`))
                       || (e.closest('label') && e.closest('label').innerText.trim())
                       || e.getAttribute('placeholder') || e.type === 'hidden'))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
    assert page.locator("label[for='explorer-entities']").count() == 1


@pytest.mark.parametrize("path", ["/", "/targets", "/explorer"])
def test_usable_at_phone_width(browser, live_url, path):
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    pg = ctx.new_page()
    try:
        pg.goto(live_url + path)
        pg.wait_for_selector("main h1")
        pg.wait_for_timeout(300)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 380, f"{path} scrolls sideways at phone width ({width}px)"
    finally:
        ctx.close()


def test_explorer_view_switch_works_from_the_keyboard(page):
    page.goto(page.base_url + "/explorer?entities=world")
    page.wait_for_selector(".chart-card .js-plotly-plot")
    page.locator("#explorer-tab input[value='line']").focus()
    page.keyboard.press("ArrowRight")  # radio group: the arrow key selects the next view
    page.wait_for_function("() => window.location.search.includes('tab=map')")
    page.wait_for_selector(".chart-card .choroplethlayer path", state="attached")
