"""Server time of the heaviest dashboard views (Overview, Targets, Explorer) and the first page in a browser.

Figures, on the committed data/published:
- each callback called directly as a plain function over many parameter sets (p50, p95 in ms);
- the same callbacks through Flask's test client at ``/_dash-update-component`` (JSON in and out, as the
  browser sends them; the response cache of dashboard.web.security is bypassed by varying the request);
- page layouts (what the router callback builds when a page is opened);
- the time until the first page is fully drawn in headless Chromium (``ict4d serve`` started fresh, the
  page's charts rendered), when Chromium and Playwright are available.
Aim: below 50 ms p95 per callback, below 2 s for the first page.
Run: ``python benchmarks/bench_dashboard.py [--quick]``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import localserver
from tests.localserver import CHROMIUM, CHROMIUM_ARGS


def _stats(times: list[float]) -> tuple[float, float]:
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return round(statistics.median(times), 1), round(p95, 1)


def _time_each(calls: Iterable[Callable[[], object]]) -> list[float]:
    out = []
    for call in calls:
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def explorer_cases(n: int) -> list[tuple]:
    """Parameter sets of the explorer callback: indicators x entity sets x tabs x sex."""
    from dashboard.views import published

    known = published.indicators()["indicator_id"]
    indicators = [i for i in known if not published.observations(i).empty][:8]
    names = published.entity_names()
    groups = [e for e in ["world", "ldc", "wb_low_income", "wb_high_income", "itu_africa"] if e in names]
    countries = [e for e in ["KEN", "IND", "BRA", "DEU", "NGA", "USA", "CHN", "ZAF"] if e in names]
    entity_sets = [groups[:1], groups[:3], countries[:4], groups[:2] + countries[:6]]
    cases = []
    for ind, ents, tab in itertools.product(indicators, entity_sets, ["line", "map", "table"]):
        sexes = published.breakdown_values(ind)["sex"]
        sex = "female" if "female" in sexes and len(cases) % 2 else "total"
        cases.append((ind, ents, sex, "total", "total", None, tab, None))
    return cases[:n]


def _clear_view_caches() -> None:
    """Forget built charts and scoreboard views (not the per-indicator data memo a server keeps)."""
    from dashboard.views import published

    published.store().forget_views()


def direct(quick: bool) -> dict[str, float]:
    """Callbacks as plain functions: first view of each parameter set (cold), then the same again (cached)."""
    from dashboard.views.pages import targets as targets_view
    from dashboard.web.pages import explorer, targets

    out: dict[str, float] = {}
    cases = explorer_cases(24 if quick else 96)
    for c in cases:  # fill the per-indicator memo a running server has after its first requests
        explorer.update(*c)
    board = targets_view.scoreboard({})
    filters = [
        (f, s, st, None)
        for f in ["all", *board["framework"].unique()[:3]]
        for s in ["all", "world", "ldc"]
        for st in ["all", "off_track", "no_data"]
    ]
    filters += [("all", "all", "all", t) for t in board["target_id"][: (5 if quick else 30)]]
    _clear_view_caches()
    for label, fn, params in [("explorer", explorer.update, cases), ("targets", targets.update, filters)]:
        out[f"{label}_callback_cold_p50_ms"], out[f"{label}_callback_cold_p95_ms"] = _stats(
            _time_each(lambda p=p, fn=fn: fn(*p) for p in params)
        )
        out[f"{label}_callback_cached_p50_ms"], out[f"{label}_callback_cached_p95_ms"] = _stats(
            _time_each(lambda p=p, fn=fn: fn(*p) for p in params)
        )
    return out


def layouts(quick: bool) -> dict[str, float]:
    """Page layouts as the router builds them when a page is opened (after the first, cold one)."""
    from dashboard.web.pages import explorer, overview, targets

    out: dict[str, float] = {}
    n = 5 if quick else 20
    # the overview is built once per process (create_app warms it); this is what that build costs
    out["overview_build_p50_ms"], out["overview_build_p95_ms"] = _stats(_time_each([overview.build_page] * n))
    for name, fn in [
        ("overview", overview.layout),
        ("targets", targets.layout),
        ("explorer", explorer.layout),
    ]:
        t0 = time.perf_counter()
        fn()
        out[f"{name}_layout_first_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out[f"{name}_layout_p50_ms"], out[f"{name}_layout_p95_ms"] = _stats(_time_each([fn] * n))
    return out


def _body(deps: list[dict], marker: str, inputs: list[tuple[str, str, object]]) -> dict:
    """A /_dash-update-component request for the callback whose output names `marker`."""
    dep = next(d for d in deps if marker in d["output"])
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        cid, _, prop = part.rpartition(".")
        outputs.append({"id": json.loads(cid) if cid.startswith("{") else cid, "property": prop})
    return {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [],
    }


def through_flask(quick: bool) -> dict[str, float]:
    """The explorer and targets callbacks as HTTP requests through Flask's test client."""
    from dashboard.web.app import create_app

    client = create_app().server.test_client()
    client.get("/")
    deps = client.get("/_dash-dependencies").get_json()
    names = ["indicator", "entities", "sex", "area", "age_group", "release", "tab", "year"]
    bodies = []
    for i, c in enumerate(explorer_cases(24 if quick else 96)):
        ins = [(f"explorer-{n}", "value", v) for n, v in zip(names[:6], c[:6], strict=True)]
        ins += [("explorer-tab", "value", c[6]), ("explorer-year", "value", 2000 + i)]  # vary: no cache hit
        bodies.append(_body(deps, "explorer-view.children", ins))
    for b in bodies:  # warm-up pass fills the data memo; the timed pass uses new years (no cache hits)
        client.post("/_dash-update-component", json=b)
    for i, b in enumerate(bodies):
        b["inputs"][-1]["value"] = 1900 + i
    _clear_view_caches()
    out: dict[str, float] = {}

    def post(b: dict) -> None:
        r = client.post("/_dash-update-component", json=b)
        assert r.status_code in (200, 204), r.status_code

    out["explorer_http_p50_ms"], out["explorer_http_p95_ms"] = _stats(
        _time_each(lambda b=b: post(b) for b in bodies)
    )
    return out


# every chart of the page drawn (not only the first) and nothing loading
ALL_DRAWN = """() => {
    const graphs = [...document.querySelectorAll('.chart-card .dash-graph')];
    return graphs.length > 0 && graphs.every(g => g.querySelector('.main-svg'))
        && !document.querySelector('[data-dash-is-loading="true"]');
}"""


def first_page_in_browser(path: str = "/") -> dict[str, float | str]:
    """Start `ict4d serve` fresh, open `path` in headless Chromium, time until its charts are drawn."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"first_page": "not available: playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"first_page": f"not available: no {CHROMIUM}"}
    t_start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        try:
            url, _proc = stack.enter_context(localserver.serve())
        except RuntimeError as exc:
            return {"first_page": f"failed: the server did not start ({str(exc).splitlines()[0]})"}
        startup = time.perf_counter() - t_start
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t0 = time.perf_counter()
            page.goto(url + path)
            page.wait_for_selector(".chart-card .js-plotly-plot .main-svg", timeout=60000)
            page.wait_for_function(ALL_DRAWN, timeout=60000)
            drawn = time.perf_counter() - t0
            size = page.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".reduce((n, e) => n + (e.transferSize || 0), 0)"
            )
            browser.close()
    return {
        "server_start_s": round(startup, 2),
        "first_page_drawn_s": round(drawn, 2),
        "first_page_transfer_kb": round(size / 1024, 1),
    }


def run(quick: bool = False) -> dict[str, float | str]:
    """All the figures (see the module docstring)."""
    from dashboard.views import published
    from dashboard.web.app import create_app

    create_app()  # the committed data/published, as `ict4d serve` uses it
    if published.observations().empty:
        return {"dashboard": "not available: data/published has no observations"}
    out: dict[str, float | str] = {}
    out.update(direct(quick))
    out.update(layouts(quick))
    out.update(through_flask(quick))
    out.update(first_page_in_browser())
    return out


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key:32} {value}")
