"""The ict4d Dash app: ``create_app(data_dir=None)`` and a module-level ``server`` for gunicorn.

How to add a page
-----------------
1. Create ``dashboard/pages/<name>.py`` that calls
   ``dash.register_page(__name__, path="/<name>", name="<Nav label>", title="… · ict4d", nav_order=<n>)``
   (``nav_order`` puts it in the navigation; omit it to keep a page out of the menu).
2. Write ``parse_query(**query) -> dict`` that turns the URL query parameters (strings, or lists when a
   key repeats) into clean state and NEVER raises: unknown or malformed values fall back to defaults and
   add a human message to ``state["messages"]``. Use ``components.first / as_list / as_int``.
3. Write ``layout(**query)``: call ``parse_query``, then build the page from ``dashboard.data`` accessors
   (the only way to read published data) and ``dashboard.figures`` (pure figure functions); wrap every
   chart in ``components.chart_card`` and register its builder with ``@components.chart("<page>-<chart>")``
   so the PNG/SVG/PDF/CSV buttons rebuild exactly the view shown.
4. Keep the view in the URL: put ``*components.url_sync("<page>")`` in the layout and let the callback that
   reacts to the controls also return ``components.to_query(state, defaults)`` into
   ``Output({"type": "url-query", "page": "<page>"}, "data")``.
5. Define callbacks with ``@dash.callback`` in the page module as plain functions of plain values, so tests
   call them directly (``tests/dashboard/test_<page>.py``); the app must be created first
   (``create_app(fixture_dir)``) because ``register_page`` needs an app. Callbacks receive any JSON value
   (tests/dashboard/test_fuzz.py sends them): clean inputs through ``parse_query`` before using them.
6. Never import another page module at import time (Dash executes page files itself; importing one from
   another registers it twice): import inside a function, or use ``components.CHARTS["<page>-<chart>"]``.
   Charts from builders and values from ``data.memo`` are cached and shared: never mutate them.

Run: ``ict4d serve`` (or ``./scripts/run``); gunicorn: ``gunicorn dashboard.app:server``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import dash
from dash import dcc, html

from dashboard import components, data

PAGES_FOLDER = Path(__file__).resolve().parent / "pages"
ASSETS_FOLDER = Path(__file__).resolve().parent / "assets"


def _layout() -> html.Div:
    return html.Div(
        [
            html.A("Skip to content", href="#main", className="skip-link"),
            html.Header(
                [
                    dcc.Link("ict4d", href="/", className="brand", title="ict4d home"),
                    html.Span(
                        "ICT-for-development indicators: WSIS claims, ITU data, progress against targets",
                        className="tagline",
                    ),
                    components.nav_links(dash.page_registry.values()),
                ],
                className="site-header",
            ),
            html.Main(dash.page_container, id="main", tabIndex="-1"),
            html.Footer(
                html.P(
                    [
                        "Data: ITU, UN SDG database and others — see ",
                        dcc.Link("Data & sources", href="/data"),
                        ". Every figure carries its source, release and unit.",
                    ]
                ),
                className="site-footer",
            ),
        ],
        className="shell",
    )


def _warm_home_page() -> None:
    """Build the home page once now (it memoises itself), so the first visitor gets it at once."""
    home = next((p for p in dash.page_registry.values() if p.get("path") == "/"), None)
    if home is not None and callable(home.get("layout")):
        home["layout"]()


def create_app(data_dir: Path | str | None = None) -> dash.Dash:
    """Build the Dash app on a published folder (default data/published); tables are read once, here, so
    the first page a visitor opens is not the one that pays for reading them."""
    data.use(data_dir).load_all()
    app = dash.Dash(
        "dashboard",
        use_pages=True,
        pages_folder=str(PAGES_FOLDER),
        assets_folder=str(ASSETS_FOLDER),
        title="ict4d",
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "ICT-for-development indicators dashboard"},
        ],
    )
    app.layout = _layout
    components.register_callbacks(app)
    _warm_home_page()
    if importlib.util.find_spec("dashboard.security") is not None:  # production hardening, when present
        from dashboard import security

        security.harden(app)
    return app


def __getattr__(name: str) -> object:
    """`dashboard.app:server` for gunicorn: the app is built on first access, not on import."""
    if name == "server":
        global server
        server = create_app().server
        return server
    raise AttributeError(name)
