"""Browser tests of what every page shares, in headless Chromium against the real app: the entity picker
(names, search order, the query cleared after a pick), Back after a change of view, plotly's toolbar (no
share, no camera, never over the data), phone width, and the small plotly.js bundle the app serves.

The app is served on the test fixture with the full entities table of data/published, so the picker offers
every country and group (South Africa, Southern Africa, Türkiye...), as in production.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from etl.core import config
from tests import localserver

pytestmark = pytest.mark.browser

CHART_PAGES = [
    "/",
    "/targets",
    "/explorer?entities=world",
    "/explorer?tab=map",
    "/gender",
    "/claims",
    "/country/KEN",
]
EVERY_PAGE = [*CHART_PAGES, "/explorer?tab=table", "/data", "/no/such/page"]
# plotly's toolbar keeps these only (zoom and reset, on cartesian and geo charts)
ALLOWED_BUTTONS = {"Zoom in", "Zoom out", "Reset axes", "Reset", "Reset view"}
FULL_PLOTLY_BYTES = 4_000_000  # plotly.min.js is 4.8 MB; the app's bundle (scatter, bar, choropleth) 1.4 MB
BUNDLE_BOUND = 1_800_000


@pytest.fixture(scope="module")
def picker_url(fixture_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("published-all-entities") / "published"
    shutil.copytree(fixture_dir, data)
    for suffix in ("parquet", "csv"):
        shutil.copy(config.PUBLISHED_DIR / f"entities.{suffix}", data / f"entities.{suffix}")
    log = data.parent / "serve.log"
    with localserver.serve("--data", str(data), log_path=log, timeout=60) as (url, _proc):
        yield url


@pytest.fixture
def tab(browser, picker_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.base_url = picker_url
    yield pg
    context.close()


def entities_in_address(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("entities", [""])[0].split(",")


def type_in_picker(page, picker: str, text: str) -> None:
    page.locator(f"#{picker}").click()
    page.locator(".dash-dropdown-search").fill(text)


def wait_first_option(page, name: str) -> None:
    """Wait until the picker's first option (what Enter picks) is `name`."""
    page.wait_for_function(
        "(n) => document.querySelector('.dash-dropdown-options [role=option]')?.innerText.trim() === n",
        arg=name,
    )


# --- the entity picker ------------------------------------------------------------------------------------
def test_picker_puts_the_exact_name_first_and_finds_turkiye_by_turkey(tab):
    tab.goto(tab.base_url + "/explorer?entities=world")
    tab.wait_for_selector(".chart-card .js-plotly-plot")
    type_in_picker(tab, "explorer-entities", "South Africa")
    wait_first_option(tab, "South Africa")
    options = tab.locator(".dash-dropdown-options [role=option]").all_inner_texts()
    assert "Southern Africa (UN SDG region)" in options  # offered, but after the exact name
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => window.location.search.includes('ZAF')")
    assert entities_in_address(tab) == ["world", "ZAF"]

    type_in_picker(tab, "explorer-entities", "Turkey")
    wait_first_option(tab, "Türkiye")
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => window.location.search.includes('TUR')")
    # official short names, accent-folded search, groups labelled by who defines them
    for typed, name in [
        ("US", "United States"),
        ("UK", "United Kingdom"),
        ("cote d'ivoire", "Côte d’Ivoire"),
        ("sub-saharan", "Sub-Saharan Africa (UN SDG region)"),
        ("africa itu", "Africa (ITU region)"),
    ]:
        type_in_picker(tab, "explorer-entities", typed)
        wait_first_option(tab, name)
        tab.keyboard.press("Escape")
    assert tab.console_errors == []


def test_the_query_clears_after_a_pick(tab):
    tab.goto(tab.base_url + "/explorer?entities=world")
    tab.wait_for_selector(".chart-card .js-plotly-plot")
    type_in_picker(tab, "explorer-entities", "Kenya")
    tab.locator(".dash-dropdown-options [role=option]:has-text('Kenya')").first.click()
    tab.wait_for_function("() => window.location.search.includes('KEN')")
    # what was typed is gone: the next name is typed on its own (not "KenyaNigeria")
    assert all(v == "" for v in (s.input_value() for s in tab.locator(".dash-dropdown-search").all()))
    type_in_picker(tab, "explorer-entities", "Nigeria")
    assert tab.locator(".dash-dropdown-search").input_value() == "Nigeria"
    wait_first_option(tab, "Nigeria")
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => window.location.search.includes('NGA')")
    assert entities_in_address(tab) == ["world", "KEN", "NGA"]


def test_single_choice_dropdowns_can_be_typed_into(tab):
    tab.goto(tab.base_url + "/explorer?entities=world")
    tab.wait_for_selector(".chart-card .js-plotly-plot")
    type_in_picker(tab, "explorer-indicator", "households")
    tab.wait_for_selector(".dash-dropdown-options [role=option]:has-text('Households')")
    assert all(
        "households" in o.lower()
        for o in tab.locator(".dash-dropdown-options [role=option]").all_inner_texts()
    )


# --- history --------------------------------------------------------------------------------------------
def test_back_after_a_change_returns_to_the_previous_view(tab):
    tab.goto(tab.base_url + "/")
    tab.wait_for_selector("main h1")
    tab.goto(tab.base_url + "/explorer?entities=world")
    tab.wait_for_selector(".chart-card .js-plotly-plot")
    type_in_picker(tab, "explorer-entities", "Kenya")
    wait_first_option(tab, "Kenya")
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => window.location.search.includes('KEN')")
    tab.wait_for_selector(".chart-summary:has-text('Kenya')")
    tab.go_back()
    tab.wait_for_function("() => !window.location.search.includes('KEN')")
    assert urlparse(tab.url).path == "/explorer" and entities_in_address(tab) == ["world"]
    tab.wait_for_function("() => !document.querySelector('.chart-summary').innerText.includes('Kenya')")
    assert "Kenya" not in tab.locator("#explorer-entities").inner_text()
    tab.go_forward()
    tab.wait_for_selector(".chart-summary:has-text('Kenya')")
    tab.go_back()
    tab.go_back()  # and out of the page, to the one before
    tab.wait_for_function("() => window.location.pathname === '/'")
    assert tab.console_errors == []


# --- plotly's toolbar -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_share_or_camera_button_on_any_chart(tab, path):
    tab.goto(tab.base_url + path)
    tab.wait_for_selector(".js-plotly-plot .main-svg .trace", state="attached")
    tab.wait_for_load_state("networkidle")
    graphs = tab.locator(".js-plotly-plot")
    assert graphs.count() >= 1
    for i in range(graphs.count()):
        titles = set(graphs.nth(i).locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.dataset.title)"))
        assert titles and titles <= ALLOWED_BUTTONS, f"{path}: chart {i} offers {sorted(titles)}"
    assert (
        tab.locator(
            "[data-title*='Share'], [data-title*='Download plot'], [data-title*='Chart Studio']"
        ).count()
        == 0
    )


# --- phone width ----------------------------------------------------------------------------------------
OVERLAP = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const bar = gd.querySelector('.modebar');
  const plot = gd.querySelector('.draglayer rect, .geo .bg rect, .bglayer rect');
  if (!bar || !plot) return null;
  return Math.round(bar.getBoundingClientRect().bottom - plot.getBoundingClientRect().top);
}).filter(v => v !== null)"""


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_fits_a_phone_and_the_toolbar_is_not_over_the_data(browser, picker_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        pg.goto(picker_url + path)
        pg.wait_for_selector("main h1")
        if path in CHART_PAGES:
            pg.wait_for_selector(".js-plotly-plot .main-svg .trace", state="attached")
        pg.wait_for_load_state("networkidle")
        overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 390 px"
        assert all(v <= 0 for v in pg.evaluate(OVERLAP)), f"{path}: the toolbar covers the plot"
    finally:
        context.close()


# --- the plotly.js bundle -------------------------------------------------------------------------------
def test_the_served_plotly_is_the_small_bundle(tab):
    sizes: dict[str, int] = {}
    tab.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
    tab.goto(tab.base_url + "/explorer?entities=world")
    tab.wait_for_selector(".chart-card .js-plotly-plot .main-svg .trace", state="attached")
    tab.wait_for_load_state("networkidle")
    plotly = [u for u in sizes if "plotly" in urlparse(u).path]
    assert len(plotly) == 1 and "/_ict4d/plotly-" in plotly[0], plotly  # never Dash's plotly.min.js
    body = tab.evaluate("(u) => fetch(u).then(r => r.arrayBuffer()).then(b => b.byteLength)", plotly[0])
    assert body < BUNDLE_BOUND < FULL_PLOTLY_BYTES
    assert sizes[plotly[0]] < 500_000  # sent compressed
    traces = tab.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert traces == ["bar", "choropleth", "scatter"]


@pytest.mark.parametrize(
    "path", ["/targets", "/explorer?entities=world", "/gender", "/claims", "/country/KEN"]
)
def test_every_dropdown_can_be_typed_into(tab, path):
    tab.goto(tab.base_url + path)
    tab.wait_for_selector("main h1")
    tab.wait_for_load_state("networkidle")
    ids = tab.evaluate("() => [...document.querySelectorAll('main .dash-dropdown[id]')].map(d => d.id)")
    assert ids, f"{path} has no dropdown"
    for control in ids:
        tab.locator(f"#{control}").click()
        assert tab.locator(".dash-dropdown-search").count() == 1, f"{path}: {control} cannot be typed into"
        tab.keyboard.press("Escape")
