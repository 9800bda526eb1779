"""How fast every page is for a visitor, and the server time of its callbacks, on the committed published
data.

In headless Chromium (``ict4d serve --prod``, cold browser cache: a new browser context per visit), for every
page: the time from navigation to its first chart drawn (a plotly trace in the page; pages without a chart:
their heading) and the bytes transferred (CDP Network events, compressed sizes with headers), median of 3
visits after one untimed visit that warms the server. The PEER, a minimal Dash app with one dcc.Graph as Dash
serves it out of the box (``benchmarks/peer_app.py``), is served and measured the same way in the same run,
so the figures can be compared whatever the machine's load. Aim: every page's first chart below 2 s, no
slower than the peer, at most 900 KB transferred.

Server side, each page layout and each control's callback as a plain function: median and 95th percentile
over calls that each ask for a different view (another country, set of groups, year or document, so no
cache answers), after one cold call that also fills the per-process memo (``*_first_ms``). Aim: below 50 ms
p95. Run: `python benchmarks/bench_pages.py [--quick] [--browser-only | --callbacks-only]`.
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import localserver
from tests.localserver import CHROMIUM, CHROMIUM_ARGS

# every page, and whether it draws a chart (Data & sources is text and tables only)
PAGES = {
    "/": True,
    "/targets": True,
    "/explorer": True,
    "/gender": True,
    "/claims": True,
    "/country": True,
    "/data": False,
}
VISITS = 3
# records when the first plotly trace is in the page (performance.now(): ms since navigation started)
FIRST_CHART_PROBE = """
window.__firstChart = null; window.__firstHeading = null;
new MutationObserver((_, obs) => {
  if (window.__firstHeading === null && document.querySelector('main h1, body h1')) {
    window.__firstHeading = performance.now();
  }
  if (window.__firstChart === null && document.querySelector('.js-plotly-plot .main-svg .trace')) {
    window.__firstChart = performance.now(); obs.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


# --- in the browser -------------------------------------------------------------------------------------
@contextlib.contextmanager
def _peer_server() -> Iterator[str]:
    """The peer app under gunicorn with the dashboard's worker settings, on a free loopback port."""
    port = localserver.free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--log-level",
        "warning",
        "benchmarks.peer_app:server",
    ]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        cmd,
        cwd=localserver.REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        localserver.wait_until_up(url + "/_dash-layout", proc, 60)
        yield url
    finally:
        localserver.stop(proc)


def visit(browser, url: str, *, chart: bool = True, width: int = 1280) -> dict[str, float]:
    """One cold visit: seconds to the first chart (`chart=False`: to the page's heading) and kB received."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(FIRST_CHART_PROBE)
        cdp = context.new_cdp_session(page)
        received: dict[str, float] = {}
        cdp.on(
            "Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"])
        )
        cdp.send("Network.enable")
        page.goto(url, wait_until="commit")
        mark = "window.__firstChart" if chart else "window.__firstHeading"
        page.wait_for_function(f"() => {mark} !== null", timeout=60000, polling=50)
        first = page.evaluate(f"() => {mark}")
        page.wait_for_load_state("networkidle")
        return {"first_s": first / 1000, "kb": sum(received.values()) / 1024}
    finally:
        context.close()


def _median_visits(browser, url: str, visits: int, chart: bool = True) -> dict[str, float]:
    visit(
        browser, url, chart=chart
    )  # untimed: warms the server's view and callback caches, as a running server is
    runs = [visit(browser, url, chart=chart) for _ in range(visits)]
    return {
        "first_s": round(statistics.median(r["first_s"] for r in runs), 2),
        "kb": round(statistics.median(r["kb"] for r in runs), 1),
    }


def in_browser(quick: bool = False) -> dict[str, float | str]:
    """Every page and the peer, measured the same way (see the module docstring)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"browser": "not available: playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"browser": f"not available: no {CHROMIUM}"}
    out: dict[str, float | str] = {}
    visits = 1 if quick else VISITS
    with contextlib.ExitStack() as stack:
        base, _proc = stack.enter_context(localserver.serve("--prod", "--workers", "2"))
        peer = stack.enter_context(_peer_server())
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        figures = _median_visits(browser, peer + "/", visits)
        out["peer_first_chart_s"], out["peer_kb"] = figures["first_s"], figures["kb"]
        for path, chart in PAGES.items():
            figures = _median_visits(browser, base + path, visits, chart)
            name = path.strip("/") or "overview"
            what = "first_chart" if chart else "first_heading"
            out[f"{name}_{what}_s"], out[f"{name}_kb"] = figures["first_s"], figures["kb"]
    return out


# --- server side ----------------------------------------------------------------------------------------
def _times_ms(fn: Callable[[int], object], n: int) -> tuple[float, list[float]]:
    """Time fn(0) (cold: fills the per-process memo) and then fn(1..n), each call a different view, so
    the app's chart cache (per query) never answers for the code."""
    t0 = time.perf_counter()
    fn(0)
    first = (time.perf_counter() - t0) * 1000
    out = []
    for i in range(1, n + 1):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return first, out


def callbacks(quick: bool = False) -> dict[str, float | str]:
    """Median and p95 milliseconds of each page layout and callback, plus the first (cold) call."""
    from dashboard.views import published
    from dashboard.views.pages import claims as claims_view
    from dashboard.views.pages import country as country_view
    from dashboard.views.pages import gender as gender_view
    from dashboard.web.app import create_app

    create_app()  # the committed data/published, as `ict4d serve` uses it
    from dashboard.web.pages import claims, country, data_sources, gender

    if published.observations().empty:
        return {"pages": "not available: data/published has no observations"}
    ids = country_view.countries()
    groups = gender_view.entity_options("internet_use_share")
    years = sorted(gender_view.by_sex("internet_use_share")["year"].unique().tolist())
    docs = [None, *claims_view.documents()]

    def pick(seq: list, i: int, k: int = 1) -> list:
        return [seq[(i * 7 + j) % len(seq)] for j in range(k)]

    cases: dict[str, Callable[[int], object]] = {
        "gender_layout": lambda i: gender.layout(entities=",".join(pick(groups, i, 3))),
        "gender_callback": lambda i: gender.update(
            "internet_use_share", pick(groups, i + 500, 4), None, int(pick(years, i)[0])
        ),
        "country_layout": lambda i: country.layout(iso3=pick(ids, i)[0]),
        "country_callback": lambda i: country.indicator_changed(
            "internet_use_share", pick(ids, i + 500)[0], "/country"
        ),
        "claims_layout": lambda i: claims.layout(document=pick(docs, i)[0]),
        "claims_callback": lambda i: claims.update(pick(docs, i)[0], None),
        "data_layout": lambda i: data_sources.layout(),
    }
    n = 5 if quick else 30
    out: dict[str, float | str] = {}
    for name, fn in cases.items():
        first, times = _times_ms(fn, n)
        out[f"{name}_first_ms"] = round(first, 1)
        out[f"{name}_median_ms"] = round(statistics.median(times), 1)
        out[f"{name}_p95_ms"] = round(_p95(times), 1)
    return out


def run(quick: bool = False, *, browser: bool = True, server: bool = True) -> dict[str, float | str]:
    """The browser figures, then the server-side ones."""
    out: dict[str, float | str] = {}
    if browser:
        out.update(in_browser(quick))
    if server:
        out.update(callbacks(quick))
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    figures = run(
        quick="--quick" in args, browser="--callbacks-only" not in args, server="--browser-only" not in args
    )
    for key, value in figures.items():
        print(f"{key:32} {value}")
