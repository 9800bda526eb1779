"""Fuzzing with hypothesis: every page's URL query parsing and every server-side callback.

- `parse_query(**query)` of each page never raises and returns a state dict; `layout(**query)` builds a
  component for any query.
- The pages router, given any path and query string, answers 200 with a valid component tree.
- Every callback, sent arbitrary (and plausible) input values through Dash's real dispatch, answers 200 or
  204 (no update), never 500, and every figure it returns is a valid plotly figure and every `children`
  a valid component tree.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import os
from pathlib import Path
from urllib.parse import urlencode

import plotly.graph_objects as go
import pytest
from dash.development.base_component import Component
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks import loadtest
from benchmarks.loadtest import id_key, walk

ROOT = Path(__file__).resolve().parents[3]
PAGES_DIR = ROOT / "dashboard" / "web" / "pages"
VIEWS_DIR = ROOT / "dashboard" / "views" / "pages"
PAGES = sorted(p.stem for p in PAGES_DIR.glob("*.py") if not p.stem.startswith("_"))
# pages whose view is read from the URL query (the 404 page has none)
QUERY_PAGES = [
    name
    for name in PAGES
    if (VIEWS_DIR / f"{name}.py").is_file() and "def parse_query(" in (VIEWS_DIR / f"{name}.py").read_text()
]
CALLBACK = "/_dash-update-component"
NAMESPACES = {"dash_html_components", "dash_core_components", "dash_table", "dash_ag_grid"}
EXAMPLES = int(os.environ.get("ICT4D_FUZZ_EXAMPLES", "25"))
# shrinking a failure costs minutes on a shared machine; ICT4D_FUZZ_SHRINK=1 turns it on for debugging
PHASES = [p for p in Phase if p is not Phase.shrink or os.environ.get("ICT4D_FUZZ_SHRINK") == "1"]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=PHASES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# values that mean something to some page, and values that mean trouble to any parser
PLAUSIBLE = [
    "internet_use_share",
    "mobile_broadband_subscriptions_per_100",
    "world",
    "KEN",
    "kEn",
    "NGA",
    "ldc",
    "female",
    "male",
    "total",
    "urban",
    "15-24",
    "2019",
    "2023",
    "1900",
    "line",
    "map",
    "table",
    "unsd-2023-04",
    "itu-datahub-2025-12",
    "met",
    "not_met",
    "on_track",
]
NASTY = [
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "nan",
    "inf",
    "None",
    "null",
    "../../etc/passwd",
    "%00",
    "<script>",
    "=1+1",
    ",,,",
    "KEN,,world",
    "a" * 300,
    "\u202e",
    "日本",
    "𝔘",
]
KEYS = [
    "indicator",
    "entities",
    "entity",
    "iso3",
    "sex",
    "area",
    "age_group",
    "release",
    "tab",
    "year",
    "target",
    "status",
    "claim",
    "document",
    "q",
    "sort",
    "page",
    "table",
    "chart",
]

text_value = st.one_of(st.sampled_from(PLAUSIBLE + NASTY), st.text(max_size=30))
query_value = st.one_of(text_value, st.lists(text_value, min_size=1, max_size=4))
queries = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12)), query_value, max_size=6
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    text_value,
)


class _Errors(logging.Handler):
    """Collects the server-side errors the generic 500 handler logs, to show them when a test fails."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        text = record.getMessage()
        self.messages.append(f"{text}: {type(exc).__name__}: {exc}" if exc else text)


@pytest.fixture(scope="module")
def client(app):
    errors = _Errors()
    logging.getLogger("ict4d.dashboard").addHandler(errors)
    test_client = app.server.test_client()
    test_client.errors = errors
    test_client.memo = {}  # layouts and dependencies, fetched once per module
    yield test_client
    logging.getLogger("ict4d.dashboard").removeHandler(errors)


def assert_valid_children(value: object, where: str) -> None:
    """A Dash `children` value: scalars, lists, or component dicts of a known library, all the way down."""
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        assert math.isfinite(value), where
        return
    if isinstance(value, list):
        for item in value:
            assert_valid_children(item, where)
        return
    assert isinstance(value, dict), f"{where}: {type(value).__name__} is not a component"
    assert {"type", "namespace", "props"} <= set(value), f"{where}: not a component: {str(value)[:200]}"
    assert value["namespace"] in NAMESPACES, f"{where}: unknown library {value['namespace']}"
    for prop, sub in value["props"].items():
        if prop == "children" or (isinstance(sub, dict) and "namespace" in sub):
            assert_valid_children(sub, f"{where}/{value['type']}.{prop}")


def assert_valid_output(prop: str, value: object, where: str) -> None:
    if prop == "figure" and value is not None:
        go.Figure(value)  # raises on anything plotly would not draw
    elif prop == "children":
        assert_valid_children(value, where)


def check_response(client, body: dict, where: str) -> None:
    before = len(client.errors.messages)
    r = client.post(CALLBACK, json=body)
    assert r.status_code in (200, 204), f"{where}: HTTP {r.status_code} {client.errors.messages[before:]}"
    if r.status_code == 200:
        for comp, props in r.get_json()["response"].items():
            for prop, value in props.items():
                assert_valid_output(prop, value, f"{where} -> {comp}.{prop}")


# --- parse_query and layout of each page ---------------------------------------------------------------
def test_every_page_but_the_404_reads_its_query():
    assert sorted(set(PAGES) - set(QUERY_PAGES)) == ["not_found_404"]


@pytest.mark.parametrize("name", QUERY_PAGES)
@FUZZ
@given(query=queries)
def test_parse_query_never_raises(app, name: str, query: dict):
    module = importlib.import_module(f"dashboard.views.pages.{name}")
    state = module.parse_query(**query)
    assert isinstance(state, dict)
    assert isinstance(state.get("messages", []), list)


@pytest.mark.parametrize("name", PAGES)
@settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
@given(query=queries)
def test_layout_builds_a_component_for_any_query(app, name: str, query: dict):
    module = importlib.import_module(f"dashboard.web.pages.{name}")
    assert isinstance(module.layout(**query), Component)


# --- the router: any path and query string ---------------------------------------------------------------
def _routing(client) -> tuple[dict, list[dict]]:
    if "deps" not in client.memo:
        client.memo["deps"] = client.get("/_dash-dependencies").get_json()
    deps = client.memo["deps"]
    routing = next(d for d in deps if "_pages_content.children" in d["output"])
    return routing, deps


def _route(routing: dict, path: str, search: str) -> dict:
    return loadtest.route_body(loadtest.callback_of(routing), path, search)


ADDRESSES = [
    "/",
    "/explorer",
    "/gender",
    "/targets",
    "/claims",
    "/data",
    "/country",
    "/country/KEN",
    "/country/xx",
    "/nope",
    "//",
    "/explorer/",
]


@FUZZ
@given(path=st.one_of(st.sampled_from(ADDRESSES), st.text(max_size=20).map(lambda t: "/" + t)), query=queries)
def test_router_renders_any_address(client, path: str, query: dict):
    routing, _ = _routing(client)
    check_response(client, _route(routing, path, "?" + urlencode(query, doseq=True)), f"route {path}")


# --- every server-side callback with arbitrary input values ----------------------------------------------
def _page_components(client, routing: dict, path: str) -> dict[str, dict]:
    """Components of the app shell and of the page at `path`, as the browser holds them."""
    if path in client.memo:
        return client.memo[path]
    r = client.post(CALLBACK, json=_route(routing, path, ""))
    assert r.status_code == 200, f"page {path} does not render: {client.errors.messages[-1:]}"
    content = r.get_json()["response"]["_pages_content"]["children"]
    shell = client.get("/_dash-layout").get_json()
    comps = {id_key(c["props"]["id"]): c for c in walk([shell, content]) if "id" in c["props"]}
    comps["_pages_location"]["props"].update(pathname=path, search="")
    client.memo[path] = comps
    return comps


def _fuzzable(dep: dict, comps: dict[str, dict]) -> bool:
    spec = [*dep["inputs"], *dep["state"]]
    return bool(spec) and all(s["id"] in comps for s in spec)


def test_every_plain_callback_is_on_a_fuzzed_page(client):
    """Coverage of the test below: each server-side callback with plain ids has all its inputs on a page."""
    routing, deps = _routing(client)
    pages = [_page_components(client, routing, path) for path in _page_paths()]
    plain = [
        d
        for d in deps
        if not d.get("clientside_function")
        and d is not routing
        and not any(w in s["id"] for s in [*d["inputs"], *d["state"]] for w in ('["MATCH"]', '["ALL"]'))
    ]
    missed = [d["output"] for d in plain if not any(_fuzzable(d, comps) for comps in pages)]
    assert plain and not missed, f"callbacks no fuzzed page can trigger: {missed}"


def _values_for(component: dict, prop: str) -> st.SearchStrategy:
    """Arbitrary JSON, or values drawn from the component's own options (single or multi)."""
    props = component["props"]
    opts = props.get("options")
    choices = [o.get("value") if isinstance(o, dict) else o for o in opts] if isinstance(opts, list) else []
    strategies = [json_scalars, st.lists(json_scalars, max_size=4), st.just(props.get(prop))]
    if choices and prop == "value":
        strategies += [st.sampled_from(choices), st.lists(st.sampled_from(choices), max_size=5)]
    return st.one_of(*strategies)


def _page_paths() -> list[str]:
    return ["/", "/explorer", "/gender", "/targets", "/claims", "/check", "/data", "/country/KEN"]


def test_every_page_is_fuzzed(app, client):
    """A new page must be added to the callback fuzzing below (and its module has a layout)."""
    import dash

    client.get("/")  # pages register on the first request
    registered = {p["path"] for p in dash.page_registry.values() if p["path"] != "/404"}
    covered = {p if not p.startswith("/country/") else "/country" for p in _page_paths()}
    assert registered <= covered, f"pages not fuzzed: {sorted(registered - covered)}"


@pytest.mark.parametrize("path", _page_paths())
@FUZZ
@given(data=st.data())
def test_every_callback_survives_arbitrary_inputs(client, path: str, data):
    routing, deps = _routing(client)
    comps = _page_components(client, routing, path)
    for dep in deps:
        if dep.get("clientside_function") or dep is routing:
            continue
        if not _fuzzable(dep, comps):  # pattern-matching, or another page's callback
            continue
        spec = [*dep["inputs"], *dep["state"]]
        values = {
            (s["id"], s["property"]): data.draw(_values_for(comps[s["id"]], s["property"])) for s in spec
        }
        changed = data.draw(st.sampled_from(dep["inputs"]))
        body = loadtest.callback_body(
            loadtest.callback_of(dep), values, [f"{changed['id']}.{changed['property']}"]
        )
        shown = json.dumps({f"{k}.{p}": v for (k, p), v in values.items()}, default=str)[:300]
        check_response(client, body, f"{path} {dep['output'][:80]} with {shown}")
