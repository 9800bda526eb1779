"""dashboard.web.static: the small plotly.js bundle, its encodings, cache lifetimes of fingerprinted files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dashboard.web import components, static


def test_graph_config_keeps_zoom_and_reset_only(app):
    config = components.graph_config()
    removed = set(config["modeBarButtonsToRemove"])
    assert {"toImage", "sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"} <= removed
    assert not removed & {"zoomIn2d", "zoomOut2d", "resetScale2d", "zoomInGeo", "zoomOutGeo", "resetGeo"}
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert config["displaylogo"] is False


def test_load_bundle_reads_the_built_file_and_its_encodings(tmp_path: Path):
    js = tmp_path / "plotly-ict4d.min.js"
    assert static.load_bundle(js) is None  # not built: the app falls back to Dash's plotly.js
    js.write_bytes(b"var Plotly = {};" * 100)
    bundle = static.load_bundle(js)
    assert bundle is not None and gzip.decompress(bundle.encodings["gzip"]) == js.read_bytes()
    assert bundle.path == f"/_ict4d/plotly-{bundle.digest}.min.js" and len(bundle.digest) == 16
    js.write_bytes(b"var Plotly = {a: 1};")
    assert static.load_bundle(js).digest != bundle.digest  # its address changes with its content


def test_the_app_serves_the_bundle_compressed_and_cached_for_a_year(app):
    bundle = static.load_bundle()
    if bundle is None:
        pytest.fail("dashboard/vendor/plotly-ict4d.min.js is not built: run scripts/setup")
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    assert f'<script src="{bundle.path}"></script>' in html
    assert html.index(bundle.path) < html.index("dash_renderer")  # window.Plotly exists before any graph
    for encoding in ("br", "gzip"):
        r = client.get(bundle.path, headers={"Accept-Encoding": encoding})
        assert r.status_code == 200 and r.headers["Content-Encoding"] == encoding
        assert r.headers["Cache-Control"] == static.IMMUTABLE and "javascript" in r.headers["Content-Type"]
        assert len(r.data) < len(bundle.body) / 2
    plain = client.get(bundle.path, headers={"Accept-Encoding": "identity"})
    assert plain.data == bundle.body and "Content-Encoding" not in plain.headers
    assert 500_000 < len(bundle.body) < 1_800_000  # three trace types, not plotly.min.js's 4.8 MB


def test_fingerprinted_files_are_immutable_and_others_are_not(app):
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    suite = html.split('src="/_dash-component-suites/', 1)[1].split('"', 1)[0]
    assert client.get("/_dash-component-suites/" + suite).headers["Cache-Control"] == static.IMMUTABLE
    asset = html.split('href="/assets/', 1)[1].split('"', 1)[0]
    assert "?m=" in asset
    assert client.get("/assets/" + asset).headers["Cache-Control"] == static.IMMUTABLE
    assert client.get("/").headers.get("Cache-Control") != static.IMMUTABLE  # the page itself is not
