"""`ict4d serve --prod`: gunicorn with several workers, hardened responses, a short load-test smoke run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from benchmarks import loadtest
from dashboard.web import server
from etl.core import config

FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prod():
    with loadtest.prod_server(workers=2, data_dir=FIXTURE, log=lambda _: None) as (url, master):
        yield url, master


def test_default_workers_follows_cores():
    assert server.default_workers(1) == 2
    assert server.default_workers(2) == 3
    assert server.default_workers(64) == 8


def test_gunicorn_command_uses_the_config_file_and_wsgi_app():
    argv = server.gunicorn_argv("127.0.0.1", 8123, 3)
    assert argv[1:3] == ["-m", "gunicorn"]
    assert argv[argv.index("--config") + 1] == str(config.REPO_ROOT / "gunicorn.conf.py")
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[-1] == "dashboard.web.wsgi:app"


def test_data_dir_from_env(tmp_path: Path):
    assert server.data_dir_from_env({}) == config.PUBLISHED_DIR
    assert server.data_dir_from_env({server.DATA_ENV: str(tmp_path)}) == tmp_path.resolve()


def test_prod_runs_gunicorn_with_the_asked_number_of_workers(prod):
    _, master = prod
    cmdline = Path(f"/proc/{master}/cmdline").read_text().split("\0")
    assert cmdline[1:3] == ["-m", "gunicorn"]
    deadline = time.monotonic() + 30
    while len(loadtest.worker_pids(master)) < 2 and time.monotonic() < deadline:  # workers boot one by one
        time.sleep(0.1)
    assert len(loadtest.worker_pids(master)) == 2


def test_prod_pages_are_hardened_and_compressed(prod):
    url, _ = prod
    r = requests.get(url + "/explorer", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    layout = requests.get(url + "/_dash-layout", headers={"Accept-Encoding": "br"}, timeout=10)
    assert layout.headers["Content-Encoding"] == "br" and layout.json()["type"]


def test_prod_hides_errors_and_debugger(prod):
    url, _ = prod
    # a callback request naming an output no callback has: Dash raises inside the server
    bogus = {
        "output": "nope.children",
        "outputs": {"id": "nope", "property": "children"},
        "inputs": [],
        "state": [],
        "changedPropIds": [],
    }
    r = requests.post(url + "/_dash-update-component", json=bogus, timeout=10)
    assert r.status_code == 500
    assert "Traceback" not in r.text and "nope" not in r.text and "ref " in r.text
    assert "Werkzeug Debugger" not in requests.get(url + "/console", timeout=10).text
    big = requests.post(
        url + "/_dash-update-component",
        data=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert big.status_code == 413


def test_load_smoke_has_no_errors(prod):
    """5 users for 5 s through every kind of request the scenario knows; only errors are asserted."""
    url, _ = prod
    figures = loadtest.load(url, users=5, duration=5, think=(0.1, 0.4), log=lambda _: None)
    assert figures["errors"] == 0, figures.get("error_kinds")
    for kind in ("page", "callback", "csv", "asset"):
        assert figures.get(f"{kind}_requests", 0) > 0, f"no {kind} requests were made"


def test_scenario_is_captured_from_the_app(prod):
    url, _ = prod
    with requests.Session() as s:
        scenario = loadtest.capture(s, url)
    paths = {p.path for p in scenario.pages}
    assert {"/", "/explorer"} <= paths
    assert any(p.views for p in scenario.pages), "some page has a control that changes the view"
    assert any(p.exports for p in scenario.pages), "some chart has a CSV export"
    assert scenario.assets
    assert all(a.startswith(("/_dash-component-suites", "/assets")) for a in scenario.assets)


def test_loadtest_refuses_non_loopback_targets():
    with pytest.raises(ValueError, match="loopback"):
        loadtest.load("http://example.org", users=1, duration=1)


def test_percentile_nearest_rank():
    values = sorted(float(v) for v in range(1, 101))
    assert loadtest.percentile(values, 50) == 50.0
    assert loadtest.percentile(values, 95) == 95.0
    assert loadtest.percentile(values, 99) == 99.0
    assert loadtest.percentile([7.0], 99) == 7.0


def test_summary_counts_errors_by_kind():
    results = [
        loadtest.Result("page", 0.010, True, 200),
        loadtest.Result("callback", 0.030, False, 500),
        loadtest.Result("callback", 0.020, True, 200),
        loadtest.Result("asset", 1.0, True, 200),
    ]
    figures = loadtest.summarise(results, elapsed=2.0)
    assert figures["requests"] == 4 and figures["throughput_req_per_s"] == 2.0
    assert figures["errors"] == 1 and figures["error_kinds"] == "callback:500 x1"
    assert figures["p99_ms"] == pytest.approx(30.0)  # assets are excluded from the overall percentiles


def test_warm_builds_every_page_and_table_download(app, fixture_dir, monkeypatch):
    import dash

    from dashboard.views import published
    from dashboard.web import downloads

    logged: list[str] = []
    server.warm(app, log=logged.append)
    pages = [p for p in dash.page_registry.values() if p["path"] != "/404"]
    tables = published.published_tables(fixture_dir)
    assert logged and logged[0].startswith(f"warmed {len(pages)} pages and {len(tables)} table downloads")
    looked = []
    monkeypatch.setattr(downloads.safe_csv, "needs_neutralising", lambda df: looked.append(df) or True)
    for name in tables:  # warmed: each table's download was decided and built once, in the warm-up
        downloads.neutralised_csv(name)
    assert looked == []
