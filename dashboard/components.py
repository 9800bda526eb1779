"""Shared pieces of every page: chart card (title, subtitle, text summary, exports, source line), status
badge, messages, query-string helpers and the URL sync.

Why here: every chart in the app looks and behaves the same way (exports of exactly what is shown, a text
summary for screen readers, the source/unit/definition/caveats line), so pages only describe *what* to
show. A chart is a ``Chart`` built by a function registered with ``@chart("name")`` from a query dict; the
export callback rebuilds it from that name and query, so the server renders exactly the view on screen.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

import dash
from dash import ALL, MATCH, Input, Output, State, dcc, html

from dashboard import data
from dashboard.exports import ChartSpec
from etl.core import vocabulary

EXPORT_FORMATS = ["png", "svg", "pdf", "csv"]
# progress statuses (etl.progress) grouped for colour and filtering; the badge shows the status's own words
STATUS_GROUPS = {
    "achieved": ["target achieved", "met in the deadline year", "target met"],
    "on_track": ["substantial progress", "on track"],
    "moderate": ["moderate progress", "acceleration needed"],
    "off_track": [
        "limited progress",
        "deterioration",
        "missed in the deadline year",
        "stagnation or regression",
    ],
    "no_data": ["insufficient data", "no data for the deadline year"],
    "not_assessed": [],
}
STATUS_GROUP_LABELS = {
    "achieved": "Achieved",
    "on_track": "On track",
    "moderate": "Moderate progress",
    "off_track": "Off track",
    "no_data": "Not enough data",
    "not_assessed": "Not assessed",
}


# What one chart shows (figure, words, exactly the data behind it): the exports module's ChartSpec, so the
# app, `ict4d export` and `ict4d report` render the same object.
Chart = ChartSpec


ChartBuilder = Callable[[Mapping[str, object]], Chart]
CHARTS: dict[str, ChartBuilder] = {}


CHART_CACHE_SIZE = 256  # built charts kept per process (a chart is a few kB; the LRU bounds memory)


def chart(name: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Register a chart builder under `name`, so exports can rebuild the view from its query.

    The registered (and returned) function is memoised per published folder and query: published data do
    not change while the server runs, and charts are never mutated (exports draw on a copy).
    """

    def register(fn: ChartBuilder) -> ChartBuilder:
        @functools.lru_cache(maxsize=CHART_CACHE_SIZE)
        def cached(folder: str, key: str) -> Chart:
            return fn(json.loads(key))

        @functools.wraps(fn)
        def build(query: Mapping[str, object]) -> Chart:
            return cached(str(data.data_dir()), json.dumps(dict(query), sort_keys=True, default=str))

        build.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        CHARTS[name] = build
        return build

    return register


# --- query strings --------------------------------------------------------------------------------------
def first(value: object) -> str | None:
    """A query value as one string (Dash passes a list when a key repeats); None when absent or blank."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def as_list(value: object, *, pattern: str = r"^[A-Za-z0-9_\-]{1,64}$", limit: int = 30) -> list[str]:
    """A comma-separated (or repeated) query value as a clean list; malformed items are dropped."""
    items: list[str] = []
    raw = value if isinstance(value, list | tuple) else [value]
    for v in raw:
        if v is None:
            continue
        items += [s.strip() for s in str(v).split(",")]
    out: list[str] = []
    for s in items:
        if s and re.match(pattern, s) and s not in out:
            out.append(s)
    return out[:limit]


def as_int(value: object, default: int | None = None) -> int | None:
    text = first(value)
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def to_query(state: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> str:
    """A canonical query string ("?a=1&b=x,y") of the values that differ from the defaults."""
    defaults = defaults or {}
    pairs = []
    for k, v in state.items():
        if v is None or v == "" or v == [] or defaults.get(k) == v:
            continue
        pairs.append((k, ",".join(map(str, v)) if isinstance(v, list | tuple) else str(v)))
    return ("?" + urlencode(pairs, safe=",")) if pairs else ""


def url_sync(page: str) -> list:
    """Components that keep the browser's address in step with a page's state (no reload, no re-render).

    A page callback writes the canonical query string to ``{"type": "url-query", "page": page}``; a
    clientside callback (registered once in ``register_callbacks``) replaces the address with it, so any
    view can be shared by copying the address.
    """
    return [
        dcc.Store(id={"type": "url-query", "page": page}),
        html.Div(id={"type": "url-sink", "page": page}, hidden=True),
    ]


# --- pieces ---------------------------------------------------------------------------------------------
def message(text: str, *, kind: str = "info") -> html.Div:
    """A visible, announced message (unknown indicator, bad URL value, no data …)."""
    return html.Div(text, className=f"message message-{kind}", role="status" if kind == "info" else "alert")


def status_group(status: str | None) -> str:
    """The group (colour, filter) of a progress status; unknown or missing: not_assessed."""
    return next((g for g, members in STATUS_GROUPS.items() if status in members), "not_assessed")


def status_badge(status: str | None) -> html.Span:
    """A coloured, labelled progress status (the words, not colour alone, carry the meaning)."""
    group = status_group(status)
    text = status if group != "not_assessed" and status else STATUS_GROUP_LABELS["not_assessed"]
    return html.Span(text[:1].upper() + text[1:], className=f"badge badge-{group.replace('_', '-')}")


def status_badge_group(group: str) -> html.Span:
    """A badge for a whole status group (e.g. in counts)."""
    label = STATUS_GROUP_LABELS.get(group, group)
    return html.Span(label, className=f"badge badge-{group.replace('_', '-')}")


def verification_mark(status: str | None) -> html.Span | None:
    """A compact caveat badge ("unverified", "secondary") for a target not verified in its framework's own
    text; the full sentence is its tooltip and is read by screen readers (None when verified)."""
    from dashboard.exports import target_caveat

    caveat = target_caveat(status)
    if caveat is None:
        return None
    return html.Span(
        [str(status), html.Span(f": {caveat}", className="visually-hidden")],
        className=f"badge badge-small badge-{status}",
        title=caveat,
    )


NOT_CHECKED = "not checked"  # a claim without a claim_checks row
VERDICT_MEANINGS = {  # the verdicts of etl.reconcile in a sentence (badge tooltips, filter help)
    vocabulary.MATCHES: "A release published within 12 months of the text rounds to the figure as written, "
    "and no later release differs.",
    vocabulary.STILL_MATCHES: "A later release still rounds to the figure as written.",
    vocabulary.REVISED: "The data of its time matched; a later release differs beyond rounding.",
    vocabulary.DIFFERS: "This release does not round to the figure as written.",
    vocabulary.NOT_SUPPORTED: "No release of its time (published within 12 months of the text) rounds to the "
    "figure.",
    vocabulary.NO_RELEASE_OF_ITS_TIME: "No release we hold was published within a year of the text; later "
    "releases are shown for comparison.",
    vocabulary.NO_SERIES: "We publish no series this figure can be checked against.",
    NOT_CHECKED: "This figure was not checked.",
}
VERDICT_KINDS = {  # verdict -> colour class (the hues of the Claims chart, figures_pages.VERDICT_COLOURS)
    vocabulary.MATCHES: "match",
    vocabulary.STILL_MATCHES: "match",
    vocabulary.REVISED: "revised",
    vocabulary.DIFFERS: "differs",
    vocabulary.NOT_SUPPORTED: "unsupported",
}


def verdict_badge(verdict: object, *, extra: str = "") -> html.Span:
    """A claim's (or a release's) verdict in words, coloured by kind, its meaning as tooltip; the same
    badge on the Overview and the Claims page (the words carry the meaning, the colour only repeats it)."""
    text = str(verdict) if isinstance(verdict, str) and verdict else NOT_CHECKED
    kind = VERDICT_KINDS.get(text, "none")
    return html.Span(
        text, className=f"verdict verdict-{kind} {extra}".strip(), title=VERDICT_MEANINGS.get(text, "")
    )


def page_header(title: str, intro: str | None = None) -> html.Header:
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


def source_line(chart_: Chart) -> html.P:
    """The chart's source line as exports writes it ("Source: publisher, release · licence")."""
    return html.P(chart_.source, className="source-line")


def graph_config() -> dict:
    """dcc.Graph config: no plotly logo, responsive, map outlines served by the app (works offline)."""
    return {"displaylogo": False, "responsive": True, "topojsonURL": dash.get_asset_url("topojson/")}


def chart_card(
    chart_id: str,
    chart_: Chart,
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


def number(value: float | None) -> float | None:
    """None for NaN, so templates and JSON never show 'nan'."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def records(df) -> list[dict]:
    """Rows of a frame as dicts with missing values as None (pandas turns None into NaN in frames)."""
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(value: object) -> bool:
    try:
        return bool(value is None or value != value)  # NaN is the only value not equal to itself
    except (TypeError, ValueError):
        return False


def nav_links(pages: Iterable[Mapping[str, object]]) -> html.Nav:
    """The main navigation from Dash's page registry (pages with `nav_order`), in order."""
    items = sorted((p for p in pages if p.get("nav_order") is not None), key=lambda p: p["nav_order"])
    return html.Nav(
        html.Ul([html.Li(dcc.Link(p["name"], href=p["path"])) for p in items]),
        className="site-nav",
        **{"aria-label": "Main"},
    )


# --- app-wide callbacks -----------------------------------------------------------------------------------
def export_chart(view: Mapping[str, object] | None, fmt: str) -> dict:
    """The download payload of one chart in one format, rebuilt on the server from its view."""
    from dashboard import exports

    if not isinstance(view, Mapping) or view.get("chart") not in CHARTS or fmt not in EXPORT_FORMATS:
        raise dash.exceptions.PreventUpdate
    query = view.get("query")
    built = CHARTS[str(view["chart"])](dict(query) if isinstance(query, Mapping) else {})
    return exports.csv_download(built) if fmt == "csv" else exports.image_download(built, fmt)


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

    app.clientside_callback(
        """
        function(search) {
            if (search === undefined || search === null) { return window.dash_clientside.no_update; }
            const url = window.location.pathname + search + window.location.hash;
            if (url !== window.location.pathname + window.location.search + window.location.hash) {
                window.history.replaceState(window.history.state, '', url);
            }
            return '';
        }
        """,
        Output({"type": "url-sink", "page": MATCH}, "children"),
        Input({"type": "url-query", "page": MATCH}, "data"),
    )
