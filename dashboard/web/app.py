"""The ict4d Dash app: ``create_app(data_dir=None)`` builds it on a published folder.

How to add a page
-----------------
1. Write its view in ``dashboard/views/pages/<name>.py``: ``PATH = "/<name>"``, ``parse_query(**query) ->
   dict`` that turns the address's query (strings, or lists when a key repeats) into clean state and NEVER
   raises (unknown or malformed values fall back to defaults and add a message to ``state["messages"]``;
   use ``views.query.first / as_list / as_int``), the data it selects from ``views.published`` (the only
   reader of the published tables), and its chart builders, registered with
   ``@views.builders.chart("<name>-<chart>")`` so the download buttons and ``ict4d export`` rebuild exactly
   the view shown. Figures are pure functions in ``views/figures/``. List the module in
   ``views.registry.VIEWS``.
2. Write its Dash page in ``dashboard/web/pages/<name>.py``: ``dash.register_page(__name__, path=view.PATH,
   name="<Nav label>", title="… · ict4d", nav_order=<n>)`` (``nav_order`` puts it in the navigation),
   ``layout(**query)`` built from ``web.components`` (wrap every chart in ``components.chart_card``), and its
   callbacks as ``@dash.callback`` functions of plain values, so tests call them directly.
3. Keep the view in the address: put ``*components.url_sync("<name>")`` in the layout and let the callback
   that reacts to the controls also return ``views.query.to_query(state, defaults)`` into
   ``Output({"type": "url-query", "page": "<name>"}, "data")``. Callbacks receive any JSON value
   (tests/dashboard/web/test_fuzz.py sends them): clean inputs through ``parse_query`` first.
4. A page module never imports another page module (Dash executes page files itself) and registers nothing
   but its page and callbacks; what pages share is in ``views`` and ``web.components``. Charts and memoised
   values are shared: never mutate them.

Run: ``ict4d serve`` (or ``./scripts/run``); production: ``ict4d serve --prod``, i.e.
``gunicorn -c gunicorn.conf.py dashboard.web.wsgi:app``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import dash
import flask
from dash import dcc, html

from dashboard.views import published
from dashboard.views.registry import NOT_FOUND
from dashboard.web import components, downloads, meta, security, static

PAGES_FOLDER = Path(__file__).resolve().parent / "pages"
ASSETS_FOLDER = Path(__file__).resolve().parents[1] / "assets"
NOT_PAGES = ("/_dash", "/_reload", "/_favicon", "/assets/")  # served by Dash itself
OUR_ROUTES = "ict4d_"  # the endpoints of the routes the app adds (downloads, the plotly bundle)


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
            dcc.Store(id="last-country", storage_type="local"),  # the Country link remembers it
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


def _template_regex(template: str) -> str:
    """A Dash path template ("/country/<iso3>") as a regex with one named group per variable."""
    parts = re.split(r"<([A-Za-z_]\w*)>", template)
    return "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))


def page_exists(path: str, query: Mapping[str, str]) -> bool:
    """Is `path` one of the app's pages (its path, or its path template with values the page accepts)?

    A page may register ``exists=<callable>`` (path variables and query -> bool): the Country page says
    no for a code of no country."""
    path = "/" + path.strip("/")
    for page in dash.page_registry.values():
        if page.get("path") == NOT_FOUND:
            continue
        values: dict[str, str] | None = {} if page.get("path") == path else None
        template = page.get("path_template")
        if values is None and template:
            m = re.fullmatch(_template_regex(str(template)), path)
            values = m.groupdict() if m else None
        if values is None:
            continue
        check = page.get("exists")
        return not callable(check) or bool(check(**{**dict(query), **values}))
    return False


def _not_found_status(response: flask.Response) -> flask.Response:
    """Answer HTTP 404 for an address that is no page (Dash serves its page shell for every path; the
    shell then shows the 404 page, or the Country page's picker for an unknown code)."""
    req = flask.request
    if (
        req.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not (req.endpoint or "").startswith(OUR_ROUTES)  # a download (the brief as HTML) is no page
        and not req.path.startswith(NOT_PAGES)
        and not page_exists(req.path, req.args.to_dict())
    ):
        response.status_code = 404
    return response


class App(dash.Dash):
    """Dash with the page shell's meta tags made by `meta.page_meta` (the public address from
    configuration, never the request's Host)."""

    public_url: str | None = None

    def interpolate_index(self, **kwargs: str) -> str:
        tags = meta.page_meta(flask.request.path, dash.page_registry.values(), self.title, self.public_url)
        kwargs["metas"] = tags + "\n      " + kwargs.get("metas", "")
        return super().interpolate_index(**kwargs)


def _warm_home_page() -> None:
    """Build the home page once now (it memoises itself), so the first visitor gets it at once."""
    home = next((p for p in dash.page_registry.values() if p.get("path") == "/"), None)
    if home is not None and callable(home.get("layout")):
        home["layout"]()


def create_app(data_dir: Path | str | None = None) -> dash.Dash:
    """Build the Dash app on a published folder (default data/published); tables are read once, here, so
    the first page a visitor opens is not the one that pays for reading them."""
    public_url = meta.public_url()  # checked first: a malformed address stops the start in one line
    published.use(data_dir).load_all()
    bundle = static.load_bundle()  # plotly.js with only the trace types the app draws (scripts/setup)
    app = App(
        "dashboard",
        use_pages=True,
        include_pages_meta=False,  # Dash's own tags copy the request's Host into twitter:url
        pages_folder=str(PAGES_FOLDER),
        assets_folder=str(ASSETS_FOLDER),
        title="ict4d",
        suppress_callback_exceptions=True,
        update_title=None,
        external_scripts=static.external_scripts(bundle),
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.public_url = public_url
    app.layout = _layout
    components.register_callbacks(app)
    downloads.register(app.server)
    app.server.after_request(_not_found_status)
    _warm_home_page()
    static.install(app, bundle)
    security.harden(app)
    return app
