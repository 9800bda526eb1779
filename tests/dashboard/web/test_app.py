"""The app shell: every page and the 404 served through the router, the navigation in order, and no page
registering routes of its own."""

from __future__ import annotations

from pathlib import Path

import dash

from dashboard.web import components


def test_app_serves_every_page_and_the_404_without_error(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d["output"] for d in deps if "_pages_content" in d["output"])
    for path, expect in [
        ("/", "Overview"),
        ("/targets", "Targets"),
        ("/explorer", "Explorer"),
        ("/no/such/page", "Page not found"),
        ("/explorer?indicator=%3Cb%3E", "Unknown indicator"),
    ]:
        pathname, _, search = path.partition("?")
        body = {
            "output": router,
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": "?" + search if search else ""},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        }
        r = client.post("/_dash-update-component", json=body)
        assert r.status_code == 200, path
        assert expect in r.get_data(as_text=True), path


def test_navigation_lists_the_pages_in_order(app):

    nav = str(components.nav_links(dash.page_registry.values()))
    assert nav.index("Overview") < nav.index("Targets") < nav.index("Explorer")
    assert "Page not found" not in nav


def test_download_routes_are_registered_by_the_app_not_by_a_page(app):
    import importlib

    rules = {r.endpoint for r in app.server.url_map.iter_rules()}
    assert {"ict4d_download_zip", "ict4d_download_csv"} <= rules
    source = Path(importlib.import_module("dashboard.web.pages.data_sources").__file__)
    assert "register(" not in source.read_text(encoding="utf-8")
