"""The pieces every page is built from: the chart card (title, subtitle, text summary, export buttons,
source line and caveats), badges for statuses and verdicts, messages, labelled controls, the navigation,
and the callbacks every page shares (a chart's downloads, the address kept in step with the view).

Why here: every chart in the app looks and behaves the same way (exports of exactly what is shown, a text
summary for screen readers, the source and caveats), so pages only say *what* to show. A chart card names
its registered builder and query; the export callback rebuilds that chart on the server from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import dash
from dash import ALL, MATCH, Input, Output, State, dcc, html
from werkzeug.exceptions import BadRequest, ServiceUnavailable

from dashboard.render.browser import RendererBusy
from dashboard.render.images import MEDIA_TYPES, check_size, render_spec
from dashboard.render.safe_csv import chart_csv
from dashboard.views import names
from dashboard.views.builders import CHARTS
from dashboard.views.spec import ChartSpec, ExportError, target_caveat
from dashboard.views.statuses import (
    NOT_CHECKED,
    STATUS_GROUP_LABELS,
    STATUS_MEANINGS,
    VERDICT_KINDS,
    VERDICT_MEANINGS,
    status_group,
)

EXPORT_FORMATS = ["png", "svg", "pdf", "csv"]
IMAGE_SIZE = {"width": 1600, "height": 900, "scale": 1}  # a chart's image unless its view says otherwise


def url_sync(page: str) -> list:
    """Components that keep the browser's address in step with a page's state (no reload, no re-render).

    A page callback writes the canonical query string to ``{"type": "url-query", "page": page}``; a
    clientside callback (registered once in ``register_callbacks``) pushes it as a new history entry when
    the view changed (so Back returns to the previous view, which the page rebuilds from the address), so
    any view can be shared by copying the address.
    """
    return [
        dcc.Store(id={"type": "url-query", "page": page}),
        html.Div(id={"type": "url-sink", "page": page}, hidden=True),
    ]


# --- pieces ---------------------------------------------------------------------------------------------
def message(text: str, *, kind: str = "info") -> html.Div:
    """A visible, announced message (unknown indicator, bad URL value, no data …)."""
    return html.Div(text, className=f"message message-{kind}", role="status" if kind == "info" else "alert")


def status_badge(status: str | None) -> html.Span:
    """A coloured, labelled progress status (the words, not colour alone, carry the meaning)."""
    group = status_group(status)
    return html.Span(
        STATUS_GROUP_LABELS[group],
        className=f"badge badge-{group.replace('_', '-')}",
        title=STATUS_MEANINGS.get(group, ""),
    )


def status_badge_group(group: str) -> html.Span:
    """A badge for a whole status group (e.g. in counts)."""
    label = STATUS_GROUP_LABELS.get(group, group)
    return html.Span(label, className=f"badge badge-{group.replace('_', '-')}")


def verification_mark(status: str | None) -> html.Span | None:
    """A compact caveat badge ("unverified", "secondary") for a target not verified in its framework's own
    text; the full sentence is its tooltip and is read by screen readers (None when verified)."""
    caveat = target_caveat(status)
    if caveat is None:
        return None
    return html.Span(
        [str(status), html.Span(f": {caveat}", className="visually-hidden")],
        className=f"badge badge-small badge-{status}",
        title=caveat,
    )


def verdict_badge(verdict: object, *, extra: str = "") -> html.Span:
    """A claim's (or a release's) verdict in words, coloured by kind, its meaning as tooltip; the same
    badge on the Overview and the Claims page (the words carry the meaning, the colour only repeats it)."""
    text = str(verdict) if isinstance(verdict, str) and verdict else NOT_CHECKED
    kind = VERDICT_KINDS.get(text, "none")
    return html.Span(
        text, className=f"verdict verdict-{kind} {extra}".strip(), title=VERDICT_MEANINGS.get(text, "")
    )


def page_header(title: str, intro: str | None = None) -> html.Header:
    """The page's title and its one-paragraph introduction."""
    return html.Header(
        [html.H1(title), html.P(intro, className="intro") if intro else None], className="page-header"
    )


def labelled(label: str, control_id: str, control: object, help_text: str | None = None) -> html.Div:
    """A form control with a visible <label for> (keyboard and screen-reader friendly)."""
    return html.Div(
        [
            html.Label(label, htmlFor=control_id),
            control,
            html.Small(help_text, className="help") if help_text else None,
        ],
        className="control",
    )


def source_line(chart_: ChartSpec) -> html.P:
    """The chart's source line as exports writes it ("Source: publisher, release · licence")."""
    return html.P(chart_.source, className="source-line")


# plotly's own toolbar keeps only zooming and resetting: our export buttons are the way to save a chart
# (with its title, source and caveats), and "share" would upload the data to a third-party service
MODEBAR_REMOVE = [
    "toImage",
    "sendDataToCloud",
    "editInChartStudio",
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "hoverClosestGeo",
    "toggleHover",
    "resetViews",
    "resetViewMapbox",
    "resetViewMap",
    "zoomInMap",
    "zoomOutMap",
    "panGeo",
]


def graph_config() -> dict:
    """dcc.Graph config: zoom in/out and reset only (no share, no camera, no logo), responsive, map
    outlines served by the app (works offline)."""
    return {
        "displaylogo": False,
        "responsive": True,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
        "topojsonURL": dash.get_asset_url("topojson/"),
    }


def dropdown(control_id: str, options: list, value: object, **props: Any) -> dcc.Dropdown:
    """A single-choice dropdown a visitor can type into (indicator, framework, release...)."""
    return dcc.Dropdown(id=control_id, options=options, value=value, searchable=True, **props)


def entity_picker(
    control_id: str,
    value: object,
    ids: Iterable[str] | None = None,
    *,
    multi: bool = True,
    clearable: bool = True,
    placeholder: str = "Type a country or group…",
) -> dcc.Dropdown:
    """The one picker of countries and groups: the names UN and ITU texts use, groups labelled by who
    defines them, accent-folded search with the exact name first (`entity_search` registers the search),
    and the typed text cleared after each pick (no "KenyaNigeria")."""
    return dcc.Dropdown(
        id=control_id,
        options=names.entity_options(ids),
        value=value,
        multi=multi,
        searchable=True,
        clearable=clearable,
        closeOnSelect=True,
        search_order="original",
        placeholder=placeholder,
        className="entity-picker",
    )


def entity_search(control_id: str, universe: Callable[..., list[dict]], *states: State) -> None:
    """Register the server-side search of an entity picker: its options for what is typed, best match first.

    `universe(*state values)` gives every option the picker offers (``names.entity_options``); the typed
    text is cut to ``names.MAX_SEARCH_CHARS`` and the answer to ``names.MAX_SEARCH_RESULTS`` options.
    """

    @dash.callback(
        Output(control_id, "options"),
        Input(control_id, "search_value"),
        State(control_id, "value"),
        *states,
        prevent_initial_call=True,
    )
    def _search(query: object, value: object, *args: object) -> list[dict]:
        return names.search_entity_options(universe(*args), query, value)


def chart_card(
    chart_id: str,
    chart_: ChartSpec,
    view: Mapping[str, object] | None = None,
    *,
    body: object = None,
) -> html.Section:
    """A chart with its title, subtitle, visible text summary, export buttons and source/caveats line.

    `view` = {"chart": registered builder name, "query": the query dict}; without it, no export buttons.
    `body` replaces the graph (e.g. a table showing the same data, with the same exports).
    """
    fig = chart_.figure
    heading_id = f"{chart_id}-title"
    buttons = []
    if view is not None:
        buttons = [
            html.Div(
                [
                    html.Span("Download:", className="export-label"),
                    *[
                        html.Button(
                            fmt.upper(),
                            id={"type": "export", "chart": chart_id, "fmt": fmt},
                            className="export-button",
                            n_clicks=0,
                            **{"aria-label": f"Download {chart_.title} as {fmt.upper()}"},
                        )
                        for fmt in EXPORT_FORMATS
                    ],
                    dcc.Download(id={"type": "download", "chart": chart_id}),
                    dcc.Store(id={"type": "chart-view", "chart": chart_id}, data=dict(view)),
                ],
                className="exports",
                role="group",
                **{"aria-label": "Downloads"},
            ),
        ]
    return html.Section(
        [
            html.H2(chart_.title, id=heading_id, className="chart-title"),
            html.P(chart_.subtitle, className="chart-subtitle") if chart_.subtitle else None,
            body
            if body is not None
            else dcc.Graph(
                id={"type": "graph", "chart": chart_id},
                figure=fig,
                config=graph_config(),
                className="graph",
            ),
            html.P(chart_.summary, className="chart-summary", id=f"{chart_id}-summary"),
            source_line(chart_),
            html.Ul([html.Li(c) for c in chart_.caveats], className="caveats") if chart_.caveats else None,
            *buttons,
        ],
        className="chart-card",
        **{"aria-labelledby": heading_id},
    )


def nav_link_id(path: str) -> str:
    """The id of a page's link in the navigation ("/country" -> "nav-country", "/" -> "nav-home")."""
    return "nav-" + (path.strip("/").replace("/", "-") or "home")


def nav_links(pages: Iterable[Mapping[str, object]]) -> html.Nav:
    """The main navigation from Dash's page registry (pages with `nav_order`), in order."""
    items = sorted((p for p in pages if p.get("nav_order") is not None), key=lambda p: p["nav_order"])
    return html.Nav(
        html.Ul([html.Li(dcc.Link(p["name"], href=p["path"], id=nav_link_id(p["path"]))) for p in items]),
        className="site-nav",
        **{"aria-label": "Main"},
    )


# --- app-wide callbacks -----------------------------------------------------------------------------------
def image_download(spec: ChartSpec, fmt: str, **options: Any) -> dict[str, Any]:
    """The `dcc.Download` payload of a chart drawn as a labelled image (the server's shared browser)."""
    return dcc.send_bytes(render_spec(spec, fmt, **options), f"{spec.filename}.{fmt}", type=MEDIA_TYPES[fmt])


def csv_download(spec: ChartSpec) -> dict[str, Any]:
    """The `dcc.Download` payload of the data behind a chart, as safe CSV with its provenance columns."""
    return dcc.send_string(chart_csv(spec), f"{spec.filename}.csv", type=MEDIA_TYPES["csv"])


def export_chart(view: Mapping[str, object] | None, fmt: str) -> dict:
    """The download payload of one chart in one format, rebuilt on the server from its view."""
    if not isinstance(view, Mapping) or view.get("chart") not in CHARTS or fmt not in EXPORT_FORMATS:
        raise dash.exceptions.PreventUpdate
    size = {k: view[k] for k in ("width", "height", "scale") if k in view}
    if fmt != "csv":
        try:  # a size beyond the bounds is refused before anything is drawn
            size = dict(zip(("width", "height", "scale"), check_size(**{**IMAGE_SIZE, **size}), strict=True))
        except ExportError as exc:
            raise BadRequest(f"Request refused: {exc}.") from None
    query = view.get("query")
    built = CHARTS[str(view["chart"])](dict(query) if isinstance(query, Mapping) else {})
    if fmt == "csv":
        return csv_download(built)
    try:
        return image_download(built, fmt, **size)
    except RendererBusy as exc:  # every slot of the server's renderer stayed busy: 503, try again
        raise ServiceUnavailable(f"{exc}.") from None


def register_callbacks(app: dash.Dash) -> None:
    """Callbacks shared by every page: exports and the URL sync (registered on each app instance)."""

    @app.callback(
        Output({"type": "download", "chart": MATCH}, "data"),
        Input({"type": "export", "chart": MATCH, "fmt": ALL}, "n_clicks"),
        State({"type": "chart-view", "chart": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def _export(_clicks: list, view: dict) -> dict:
        trig = dash.ctx.triggered_id
        clicks = _clicks if isinstance(_clicks, list) else []
        if not isinstance(trig, Mapping) or not any(isinstance(c, int) and c > 0 for c in clicks):
            raise dash.exceptions.PreventUpdate
        return export_chart(view, str(trig.get("fmt")))

    # the Country link opens the last country shown (the Country page writes `last-country`)
    app.clientside_callback(
        """
        function(iso3) {
            return (typeof iso3 === 'string' && /^[A-Z]{3}$/.test(iso3)) ? '/country/' + iso3 : '/country';
        }
        """,
        Output(nav_link_id("/country"), "href"),
        Input("last-country", "data"),
    )

    # assets/history.js: a new history entry per change of view (CSP: no inline script)
    app.clientside_callback(
        dash.ClientsideFunction(namespace="ict4d", function_name="pushQuery"),
        Output({"type": "url-sink", "page": MATCH}, "children"),
        Input({"type": "url-query", "page": MATCH}, "data"),
    )
