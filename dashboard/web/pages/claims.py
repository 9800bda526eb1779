"""Claims: every figure extracted from the resolutions as one row of a table to scan, filter, sort and
search (by UN symbol, e.g. "E/RES/2023/3"), and the claim opened in a detail panel: its paragraph once,
the quote highlighted, the release of its time against the newest, and its chart across releases.
What it shows is ``dashboard.views.pages.claims`` (and ``dashboard.views.claim`` for one claim); the view,
the claim opened included, is in the address.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_ag_grid as dag
from dash import Input, Output, dcc, html

from dashboard.views import claim as one_claim
from dashboard.views import published
from dashboard.views.pages import claims
from dashboard.views.query import to_query
from dashboard.views.statuses import VERDICT_KINDS, VERDICT_MEANINGS
from dashboard.web import components

PAGE = "claims"
dash.register_page(
    __name__,
    path=claims.PATH,
    name="Claims",
    title="Claims · ict4d",
    nav_order=4,
    description="every figure in the resolutions, in its paragraph, checked against the data",
)

COLUMNS = [
    {"field": "symbol", "headerName": "Document", "minWidth": 135, "flex": 1},
    {"field": "paragraph", "headerName": "¶", "headerTooltip": "Paragraph", "width": 70, "minWidth": 60},
    {
        "field": "quote",
        "headerName": "Quote",
        "flex": 3,
        "minWidth": 220,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "value",
        "headerName": "Value",
        "width": 120,
        "cellRenderer": "DisplayText",
        "cellRendererParams": {"display": "value_text"},
        "filter": "agNumberColumnFilter",
    },
    {"field": "year", "headerName": "Year", "width": 100},
    {
        "field": "indicator",
        "headerName": "Indicator",
        "flex": 2,
        "minWidth": 160,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "verdict",
        "headerName": "Verdict",
        "minWidth": 190,
        "flex": 2,
        "cellRenderer": "ClaimVerdict",
        "cellRendererParams": {"kinds": VERDICT_KINDS, "meanings": VERDICT_MEANINGS},
    },
]


def marked_paragraph(claim: Mapping) -> html.Blockquote:
    """The paragraph once, its markdown rendered (emphasis, links as text), the quote in <mark>."""
    pieces = []
    for run in one_claim.paragraph_runs(claim):
        node: object = run.text
        if run.strong:
            node = html.Strong(node)
        if run.em:
            node = html.Em(node)
        if run.mark:
            node = html.Mark(node, className="claim-quote")
        pieces.append(node)
    return html.Blockquote(html.P(pieces), className="claim-context")


def check_table(records: list[dict], unit: str) -> html.Div | html.P:
    """What each release says: entity, year used, value, the interval the claim covers, and the verdict."""
    rows = one_claim.release_rows(records, unit)
    if not rows:
        return html.P(one_claim.no_release_note(records), className="muted")
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in ("Release", "Series", "Year", "Data", "Claim covers", "Verdict")
            ]
        )
    )
    body = [
        html.Tr(
            [
                html.Td(r.release),
                html.Td(r.series),
                html.Td(r.year),
                html.Td(r.data),
                html.Td(r.covers),
                html.Td(components.verdict_badge(r.verdict)),
            ]
        )
        for r in rows
    ]
    return html.Div(
        html.Table(
            [html.Caption("What each release of the data says"), head, html.Tbody(body)],
            className="data-table",
        ),
        className="table-scroll",
    )


def compared(claim: Mapping) -> html.Dl | None:
    """The release of its time against the newest, for the claim's data year."""
    c = one_claim.releases_compared(claim)
    if c is None:
        return None
    year = f" for {c.year}" if c.year else ""
    items = []
    if c.time_release:
        items += [html.Dt("Data of its time"), html.Dd(f"{c.time_value}{year} ({c.time_release})")]
    else:
        items += [html.Dt("Data of its time"), html.Dd("no release published before the text has it")]
    if c.same_release:
        items += [html.Dt("Newest release"), html.Dd(f"the same: no later release has the figure{year}")]
    else:
        items += [html.Dt("Newest release"), html.Dd(f"{c.newest_value}{year} ({c.newest_release})")]
    if c.revision:
        items += [html.Dt("Since then"), html.Dd(c.revision)]
    return html.Dl(items, className="claims-compare", id="claims-compare")


def detail(state: Mapping) -> list:
    """The detail panel of the claim opened (an invitation to open one when none is)."""
    row = claims.claims()
    row = row[row["key"] == state.get("claim")]
    if row.empty:
        return [html.P("Choose a claim in the table to see its paragraph and its check.", className="muted")]
    claim = row.iloc[0].to_dict()
    facts = one_claim.claim_facts(claim, published.indicators()["indicator_id"].tolist())
    series_link = (
        html.Span([dcc.Link(facts.series_label, href=facts.series_href), facts.how])
        if facts.series_href
        else html.Span(facts.series_label)
    )
    query = claims.query_of(state)
    out: list = [
        html.H2([f"{facts.where}, ", html.Span(f"paragraph {facts.paragraph}", className="muted")]),
        marked_paragraph(claim),
        html.P([html.Strong("Verdict: "), components.verdict_badge(facts.verdict, extra="claim-verdict")]),
        compared(claim),
        html.Dl([x for k, v in facts.facts for x in (html.Dt(k), html.Dd(v))], className="claim-facts"),
        html.P([html.Strong("Matched series: "), series_link]),
    ]
    if facts.chartable:
        out.append(
            components.chart_card(
                "claims-check", claims.check_chart(query), {"chart": "claims-check", "query": query}
            )
        )
    out.append(html.Details([html.Summary("Every release checked"), check_table(facts.records, facts.unit)]))
    return out


def overview(state: Mapping) -> list:
    """The claims by indicator and verdict, folded away under the table."""
    query = {k: v for k, v in claims.query_of(state).items() if k != "claim"}
    return [
        components.chart_card(
            "claims-overview", claims.overview_chart(query), {"chart": "claims-overview", "query": query}
        )
    ]


def count_line(n: int, total: int) -> str:
    """How many claims the table lists."""
    return f"{n} of {total} claims" if n != total else f"{total} claims"


def controls(state: Mapping) -> html.Div:
    """The filters and the search (their values are the address's)."""
    choices = claims.filter_choices()
    return html.Div(
        [
            components.labelled(
                "Document",
                "claims-document",
                dcc.Dropdown(
                    id="claims-document",
                    value=state["document"],
                    options=choices["document"],
                    searchable=True,
                    placeholder="All documents",
                ),
                "Type a UN symbol, e.g. E/RES/2023/3",
            ),
            components.labelled(
                "Indicator",
                "claims-indicator",
                dcc.Dropdown(
                    id="claims-indicator",
                    value=state["indicator"],
                    options=choices["indicator"],
                    searchable=True,
                    placeholder="Every indicator",
                ),
            ),
            components.labelled(
                "Verdict",
                "claims-verdict",
                dcc.Dropdown(
                    id="claims-verdict",
                    value=state["verdict"],
                    options=choices["verdict"],
                    searchable=True,
                    placeholder="Every verdict",
                ),
            ),
            components.labelled(
                "Search",
                "claims-search",
                dcc.Input(
                    id="claims-search",
                    type="search",
                    value=state["q"] or "",
                    debounce=True,
                    placeholder="E/RES/2023/3, or words of the quote",
                    maxLength=claims.MAX_SEARCH,
                ),
            ),
        ],
        className="controls",
    )


def layout(**query: object) -> html.Div:
    """The page for a URL query (bad values give a message on the page, never an error)."""
    state = claims.parse_query(**query)
    rows = claims.grid_rows(claims.selected(state))
    chosen = [r for r in rows if r["key"] == state["claim"]]
    return html.Div(
        [
            components.page_header(
                "Claims in the resolutions",
                "Every figure the texts state, one row each: choose a row to read its paragraph with the "
                "quote highlighted, and to see what the data of its time and the newest release say.",
            ),
            *[components.message(m, kind="warning") for m in state["messages"]],
            controls(state),
            html.P(
                count_line(len(rows), len(claims.claims())),
                id="claims-count",
                className="claims-count",
                **{"aria-live": "polite"},
            ),
            dag.AgGrid(
                id="claims-grid",
                columnDefs=COLUMNS,
                rowData=rows,
                selectedRows=chosen,
                scrollTo={"data": chosen[0]} if chosen else None,
                defaultColDef={"sortable": True, "resizable": True, "filter": True},
                dashGridOptions={
                    "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                    "animateRows": False,
                    "tooltipShowDelay": 300,
                    "localeText": {"noRowsToShow": "No claims for this choice."},
                },
                className="claims-grid",
                style={"height": "min(26rem, 70vh)", "width": "100%"},
            ),
            html.Section(
                detail(state),
                id="claims-detail",
                className="chart-card claim-detail",
                **{"aria-live": "polite"},
            ),
            html.Details(
                [
                    html.Summary("Claims by indicator and verdict (chart)"),
                    html.Div(overview(state), id="claims-overview-box"),
                ],
                className="claims-overview",
            ),
            dcc.Store(
                id="claims-filters", data={k: state[k] for k in ("document", "indicator", "verdict", "q")}
            ),
            *components.url_sync(PAGE),
        ],
        className="page page-claims",
    )


@dash.callback(
    Output("claims-grid", "rowData"),
    Output("claims-count", "children"),
    Output("claims-overview-box", "children"),
    Output("claims-filters", "data"),
    Input("claims-document", "value"),
    Input("claims-indicator", "value"),
    Input("claims-verdict", "value"),
    Input("claims-search", "value"),
    prevent_initial_call=True,
)
def update(
    document: str | None, indicator: str | None, verdict: str | None = None, search: str | None = None
) -> tuple[list[dict], str, list, dict]:
    """Filters or search changed: the table's rows, their count and the chart (the claim opened is closed:
    it may not be in the new selection)."""
    state = claims.parse_query(document=document, indicator=indicator, verdict=verdict, q=search)
    rows = claims.grid_rows(claims.selected(state))
    filters = {k: state[k] for k in ("document", "indicator", "verdict", "q")}
    return rows, count_line(len(rows), len(claims.claims())), overview(state), filters


def _trigger() -> object:
    """The input that fired the callback (None when called outside a request, as tests do)."""
    try:
        return dash.ctx.triggered_id
    except Exception:  # no callback context
        return None


@dash.callback(
    Output("claims-detail", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("claims-grid", "selectedRows"),
    Input("claims-filters", "data"),
    prevent_initial_call=True,
)
def open_claim(selected: object, filters: object) -> tuple[list, str]:
    """A row chosen (or the filters changed): the detail panel of that claim, and the view in the address."""
    f = filters if isinstance(filters, Mapping) else {}
    key = None
    if _trigger() != "claims-filters" and isinstance(selected, list) and selected:
        first = selected[0]
        key = first.get("key") if isinstance(first, Mapping) else None
    state = claims.parse_query(
        **{k: f.get(k) for k in ("document", "indicator", "verdict", "q")},
        claim=key if isinstance(key, str) else None,
    )
    if state["claim"] and state["claim"] not in {r["key"] for r in claims.grid_rows(claims.selected(state))}:
        state["claim"] = None
    return detail(state), to_query(claims.query_of(state))
