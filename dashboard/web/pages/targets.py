"""Targets: the scoreboard of every target on one screen (a sortable, filterable grid grouped by framework:
status chip, latest value and year, threshold, deadline, a sparkline), and for the target clicked a detail
panel with its chart, both official methods and its caveats. The view (framework, scope, status, target)
is in the address; the buttons download exactly that view as CSV, XLSX or the brief (HTML, PDF). What it
shows is ``dashboard.views.pages.targets`` and ``dashboard.views.scoreboard``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_ag_grid as dag
from dash import Input, Output, dcc, html

from dashboard.views import published, scoreboard
from dashboard.views.pages import targets
from dashboard.views.query import to_query
from dashboard.web import components

PAGE = "targets"
dash.register_page(
    __name__,
    path=targets.PATH,
    name="Targets",
    title="Targets · ict4d",
    nav_order=1,
    description="every target with its status, gap, history and projection",
)

COLUMNS = [  # status first and pinned: it stays in sight on a phone
    {"field": "status", "headerName": "Status", "cellRenderer": "StatusChip", "pinned": "left", "width": 150},
    {"field": "target", "headerName": "Target", "tooltipField": "target", "flex": 2, "minWidth": 220},
    {"field": "framework", "headerName": "Framework", "minWidth": 160, "flex": 1},
    {"field": "scope", "headerName": "Scope", "width": 150},
    {"field": "latest", "headerName": "Latest (year)", "width": 150},
    {"field": "threshold", "headerName": "Threshold", "width": 150},
    {"field": "deadline", "headerName": "Deadline", "width": 105},
    {
        "field": "trend",
        "headerName": "Trend",
        "cellRenderer": "Sparkline",
        "cellDataType": False,  # points drawn by the renderer, not a value to format
        "sortable": False,
        "filter": False,
        "width": 125,
    },
    {"field": "verification", "headerName": "Verification", "width": 130},
]


def grid(state: Mapping[str, object]) -> dag.AgGrid:
    """The scoreboard grid of the view's filters (rows in framework order; click a row for its detail)."""
    return dag.AgGrid(
        id="targets-grid",
        columnDefs=COLUMNS,
        rowData=scoreboard.grid_rows(state),
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
            "rowHeight": 40,
            "tooltipShowDelay": 300,
            "animateRows": False,
        },
        className="targets-grid",
        style={"height": "min(62vh, 560px)", "width": "100%"},
    )


def empty_note(rows: list) -> list:
    """Say so when no target passes the filters (or none is published)."""
    return [] if rows else [components.message("No target matches these filters.")]


def download_links(query: Mapping[str, object]) -> list:
    """The view's downloads: the scoreboard as CSV and XLSX, the brief of the view as PDF and HTML."""
    search = to_query({k: query.get(k) for k in ("framework", "scope", "status")}, targets.DEFAULTS)
    files = [
        ("csv", "targets-board.csv", "Scoreboard as CSV"),
        ("xlsx", "targets-board.xlsx", "Scoreboard as XLSX"),
        ("pdf", "targets-brief.pdf", "Brief of this view (PDF)"),
        ("html", "targets-brief.html", "Brief of this view (HTML)"),
    ]
    return [
        html.A(
            label,
            href=f"/download/{name}{search}",
            id=f"targets-download-{fmt}",
            className="button",
            download="",
        )
        for fmt, name, label in files
    ]


def detail_panel(state: Mapping[str, object]) -> list:
    """The chosen target (a current one when none is): chart, status and its meaning, both official
    methods, caveats and where the target is written."""
    _board, state, query = targets.charted({k: state.get(k) for k in targets.DEFAULTS})
    info = scoreboard.detail(state.get("target"))
    chosen = targets.build_chart(query)
    card = components.chart_card("targets-target", chosen, {"chart": "targets-target", "query": query})
    if info is None:
        return [card]
    if not info["measured"]:  # no series: nothing to draw, the wording and why are the whole story
        card = html.H2(chosen.title, className="chart-title")
    facts = [
        html.P([components.status_badge(info["status_id"]), " ", info["meaning"]], className="detail-status"),
        html.P(info["status_detail"]) if info["status_detail"] else None,
        html.H3("The two official methods"),
        html.Ul(
            [html.Li([html.Strong(m), f": {s}" + (f" ({r})" if r else "")]) for m, s, r in info["methods"]]
        )
        if info["methods"]
        else html.P("No official method applies: no data for this target's series."),
        html.H3("Caveats") if info["caveats"] else None,
        html.Ul([html.Li(c) for c in info["caveats"]], className="caveats") if info["caveats"] else None,
        html.P(
            [
                f"{info['framework']}. Where the target is written: {info['where_read'] or 'not recorded'}",
                " · ",
                html.A("source", href=info["url"], rel="noopener", target="_blank") if info["url"] else "",
            ],
            className="source-line",
        ),
    ]
    return [card, html.Div([f for f in facts if f is not None], className="target-detail-facts")]


def layout(**query: object) -> html.Div:
    """The targets page for a query string."""
    state = targets.parse_query(**query)
    choices = targets.filter_choices()
    controls = html.Div(
        [
            components.labelled(
                label,
                f"targets-{key}",
                components.dropdown(f"targets-{key}", choices[key], state[key], clearable=False),
            )
            for key, label in (("framework", "Framework"), ("scope", "Scope"), ("status", "Status"))
        ],
        className="controls",
    )
    key = tuple(state.get(k) for k in targets.DEFAULTS)
    detail = published.memo(("targets-detail", key), lambda: tuple(detail_panel(state)), view=True)
    return html.Div(
        [
            components.page_header(
                "Targets",
                "Every target of WSIS, ITU Connect 2020/2030, the Broadband Commission, universal "
                "meaningful connectivity and the SDGs, scored on the newest release of its series. Click a "
                "row for its chart, both official methods and its caveats; sort and filter by any column.",
            ),
            html.Div([components.message(m, kind="warning") for m in state["messages"]]),
            controls,
            html.Div(download_links(state), id="targets-downloads", className="download-links"),
            html.Div(empty_note(scoreboard.grid_rows(state)), id="targets-empty"),
            html.Div(grid(state), className="targets-board"),
            dcc.Store(id="targets-selected", data=state["target"]),
            dcc.Loading(
                html.Div(list(detail), id="targets-detail", className="target-detail"), delay_show=300
            ),
            *components.url_sync(PAGE),
        ],
        className="page page-targets",
    )


@dash.callback(
    Output("targets-selected", "data"),
    Input("targets-grid", "selectedRows"),
    prevent_initial_call=True,
)
def select(rows: object) -> str | None:
    """The target of the row clicked (nothing changes when the selection is cleared)."""
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        tid = rows[0].get("target_id")
        if isinstance(tid, str) and tid in set(published.targets()["target_id"]):
            return tid
    return dash.no_update


@dash.callback(
    Output("targets-grid", "rowData"),
    Output("targets-downloads", "children"),
    Output("targets-empty", "children"),
    Input("targets-framework", "value"),
    Input("targets-scope", "value"),
    Input("targets-status", "value"),
    prevent_initial_call=True,
)
def refilter(framework: object, scope: object, status: object) -> tuple:
    """The grid's rows, the download links of the filters, and a note when no target passes them."""
    state = targets.parse_query(framework=framework, scope=scope, status=status)
    rows = scoreboard.grid_rows(state)
    return rows, download_links(state), empty_note(rows)


@dash.callback(
    Output("targets-detail", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("targets-framework", "value"),
    Input("targets-scope", "value"),
    Input("targets-status", "value"),
    Input("targets-selected", "data"),
    prevent_initial_call=True,
)
def update(framework: object, scope: object, status: object, target: object) -> tuple:
    """The detail panel of the chosen target, and the filters and target in the address bar."""
    state = targets.parse_query(framework=framework, scope=scope, status=status, target=target)
    search = to_query({k: state[k] for k in targets.DEFAULTS}, targets.DEFAULTS)
    key = tuple(state.get(k) for k in targets.DEFAULTS)
    return list(
        published.memo(("targets-detail", key), lambda: tuple(detail_panel(state)), view=True)
    ), search
