"""Claims: every figure extracted from the resolutions, the quote highlighted in its paragraph, the series
it is matched to and the verdict of each release of the data. What it shows is
``dashboard.views.pages.claims`` (and ``dashboard.views.claim`` for each claim); the view is in the address.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
from dash import Input, Output, dcc, html

from dashboard.views import claim as one_claim
from dashboard.views import published
from dashboard.views.pages import claims
from dashboard.views.query import to_query
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


def quote_in_context(claim: Mapping) -> html.Blockquote:
    """The paragraph with the quote marked (<mark>), or the quote alone when no paragraph is published."""
    return html.Blockquote(
        [
            html.Mark(p, className="claim-quote") if marked else p
            for p, marked in one_claim.quote_pieces(claim)
        ],
        className="claim-context",
    )


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


def claim_item(claim: Mapping, known_indicators: list[str]) -> html.Li:
    """One claim: where it is, the quote in its paragraph, what it says, the series and the verdicts."""
    facts = one_claim.claim_facts(claim, known_indicators)
    series_link = (
        html.Span([dcc.Link(facts.series_label, href=facts.series_href), facts.how])
        if facts.series_href
        else html.Span(facts.series_label)
    )
    return html.Li(
        html.Article(
            [
                html.H3([f"{facts.where}, ", html.Span(f"paragraph {facts.paragraph}", className="muted")]),
                quote_in_context(claim),
                html.Dl(
                    [x for k, v in facts.facts for x in (html.Dt(k), html.Dd(v))], className="claim-facts"
                ),
                html.P([html.Strong("Matched series: "), series_link]),
                html.P(
                    [html.Strong("Verdict: "), components.verdict_badge(facts.verdict, extra="claim-verdict")]
                ),
                check_table(facts.records, facts.unit),
                dcc.Link("Chart this claim across releases", href=facts.check_href, className="button")
                if facts.chartable
                else None,
            ],
            className="card claim",
            id=f"claim-{claim['document']}-{claim['start']}",
        )
    )


def claim_list(state: Mapping) -> html.Ol | html.Div:
    """The claims the filters select, in the order of the texts."""
    rows = claims.selected(state)
    if rows.empty:
        return components.message("No claims for this choice.")
    known = published.indicators()["indicator_id"].tolist()
    return html.Ol([claim_item(r, known) for r in rows.to_dict("records")], className="claim-list")


def content(state: Mapping) -> list:
    """Everything below the controls for a state (what the callback redraws)."""
    query = claims.query_of(state)
    out: list = [components.message(m, kind="warning") for m in state.get("messages", [])]
    if state.get("claim"):
        out.append(
            components.chart_card(
                "claims-check", claims.check_chart(query), {"chart": "claims-check", "query": query}
            )
        )
    out.append(
        components.chart_card(
            "claims-overview", claims.overview_chart(query), {"chart": "claims-overview", "query": query}
        )
    )
    out.append(
        html.Section(
            [html.H2("The claims, in the order of the texts"), claim_list(state)], className="claims"
        )
    )
    return out


def layout(**query: object) -> html.Div:
    """The page for a URL query (bad values give a message on the page, never an error)."""
    state = claims.parse_query(**query)
    choices = claims.filter_choices()
    controls = html.Div(
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
            ),
            components.labelled(
                "Indicator",
                "claims-indicator",
                dcc.Dropdown(
                    id="claims-indicator",
                    value=state["indicator"],
                    searchable=True,
                    placeholder="Every indicator",
                    options=choices["indicator"],
                ),
            ),
            components.labelled(
                "Verdict",
                "claims-verdict",
                dcc.Dropdown(
                    id="claims-verdict",
                    value=state["verdict"],
                    searchable=True,
                    placeholder="Every verdict",
                    options=choices["verdict"],
                ),
            ),
        ],
        className="controls",
    )
    return html.Div(
        [
            components.page_header(
                "Claims in the resolutions",
                "Every figure the texts state, shown in its paragraph with the quote highlighted, the series "
                "it is about, and what each release of the data says.",
            ),
            controls,
            html.Div(content(state), id="claims-content", **{"aria-live": "polite"}),
            *components.url_sync(PAGE),
        ],
        className="page page-claims",
    )


@dash.callback(
    Output("claims-content", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("claims-document", "value"),
    Input("claims-indicator", "value"),
    Input("claims-verdict", "value"),
    prevent_initial_call=True,
)
def update(document: str | None, indicator: str | None, verdict: str | None = None) -> tuple[list, str]:
    """Filters changed: redraw the list and the chart, and put the view in the address (a chosen claim is
    dropped: it may not be in the new selection)."""
    state = claims.parse_query(document=document, indicator=indicator, verdict=verdict)
    return content(state), to_query(claims.query_of(state))
