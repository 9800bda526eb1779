"""Targets: every target with its status, latest value and gap, and for any one of them a chart of its
history, its projection at the current pace and the target marker; filters by framework, scope and status;
targets not verified in their framework's own text carry a visible mark. What it shows is
``dashboard.views.pages.targets``; the view is in the address.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard.views import published
from dashboard.views.frames import records
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


def _static_cells() -> dict[str, list]:
    """The cells of each target's row that do not depend on the filters (built once per process)."""
    words = targets.board_words()
    out = {}
    for r in records(targets.full_board()):
        w = words[r["target_id"]]
        out[r["target_id"]] = [
            html.Td(
                [
                    html.Strong(r["target_id"]),
                    html.Br(),
                    r["wording"],
                    " ",
                    components.verification_mark(r["verification_status"]),
                ]
            ),
            html.Td(r["framework"]),
            html.Td(w["scope"]),
            html.Td(components.status_badge(r["status"]) if not r["countries"] else r["countries"]),
            html.Td(w["latest"]),
            html.Td(w["threshold"]),
            html.Td(w["gap"]),
            html.Td(w["deadline"]),
        ]
    return out


def board_table(board: pd.DataFrame, state: Mapping[str, object]) -> html.Div:
    """The scoreboard as an accessible table; each target links to its chart."""
    if board.empty:
        return components.message("No target matches these filters.")
    head = html.Thead(
        html.Tr(
            [
                html.Th(c, scope="col")
                for c in [
                    "Target",
                    "Framework",
                    "Scope",
                    "Status",
                    "Latest",
                    "Threshold",
                    "Gap to target",
                    "Deadline",
                    "Chart",
                ]
            ]
        )
    )
    cells = published.memo(("targets-cells",), _static_cells)
    body = [
        html.Tr(
            [
                *cells[r["target_id"]],
                html.Td(
                    dcc.Link(
                        "Chart", href=targets.link(state, r["target_id"]), title=f"Chart of {r['target_id']}"
                    )
                    if targets.has_series(r)
                    else ""
                ),
            ],
            className="target-row" + (" selected" if r["target_id"] == state.get("target") else ""),
        )
        for r in board[["target_id", "indicator_id"]].to_dict("records")
    ]
    return html.Div(
        html.Table([html.Caption(f"{len(board)} targets"), head, html.Tbody(body)], className="data-table"),
        className="table-scroll",
    )


def view_children(state: Mapping[str, object]) -> list:
    """Chart card of the chosen target, then the scoreboard (built once per folder and filters)."""
    key = tuple(state.get(k) for k in targets.DEFAULTS)
    return list(published.memo(("targets-view", key), lambda: _view_children(state), view=True))


def _view_children(state: Mapping[str, object]) -> tuple:
    board, state, query = targets.charted({k: state.get(k) for k in targets.DEFAULTS})
    card = components.chart_card(
        "targets-target", targets.build_chart(query), {"chart": "targets-target", "query": query}
    )
    return (card, board_table(board, state))


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
    return html.Div(
        [
            components.page_header(
                "Targets",
                "Every target of WSIS, ITU Connect 2020/2030, the Broadband Commission, "
                "universal meaningful connectivity and the SDGs, scored on the newest "
                "release of its series. Targets we could not verify in the framework's "
                "own text are marked.",
            ),
            html.Div([components.message(m, kind="warning") for m in state["messages"]]),
            controls,
            dcc.Store(id="targets-selected", data=state["target"]),
            dcc.Loading(html.Div(view_children(state), id="targets-view"), delay_show=300),
            *components.url_sync(PAGE),
        ],
        className="page page-targets",
    )


@dash.callback(
    Output("targets-view", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("targets-framework", "value"),
    Input("targets-scope", "value"),
    Input("targets-status", "value"),
    Input("targets-selected", "data"),
    prevent_initial_call=True,
)
def update(framework: str | None, scope: str | None, status: str | None, target: str | None) -> tuple:
    """Re-filter the scoreboard and keep the filters (and the charted target) in the address bar."""
    state = targets.parse_query(framework=framework, scope=scope, status=status, target=target)
    search = to_query({k: state[k] for k in targets.DEFAULTS}, targets.DEFAULTS)
    return view_children(state), search
