"""Overview: the resolutions' headline figures next to what the data says now (each with the verdict of
the claim check), the target scoreboard in brief, and the key charts; every card links to the page that
explains it. What it shows is ``dashboard.views.pages.overview``; the page has no state.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.views import published
from dashboard.views.pages import overview
from dashboard.views.statuses import STATUS_GROUP_LABELS
from dashboard.web import components

dash.register_page(
    __name__,
    path=overview.PATH,
    name="Overview",
    title="ict4d: ICT-for-development indicators",
    nav_order=0,
    description="headline figures, what the data says now, targets in brief",
)


def claim_card(check: dict) -> html.Article:
    """What the text said (quote, where) next to what the data says now, with the claim's verdict."""
    card = overview.claim_card(check)
    computed = [html.Dt("Computed as"), html.Dd(card.computed, className="how")] if card.computed else []
    return html.Article(
        [
            html.H3(card.heading),
            html.Blockquote(f"“{card.quote}”", cite=card.href),
            html.P([html.Small(card.where)]),
            html.Dl(
                [
                    html.Dt("The text said"),
                    html.Dd(card.said),
                    html.Dt(card.now_label),
                    html.Dd(card.now, className="figure"),
                    *([html.Dt("Since then"), html.Dd(card.change)] if card.change else []),
                    *computed,
                    *(
                        [html.Dt("Latest year"), html.Dd(card.latest, className="latest")]
                        if card.latest
                        else []
                    ),
                    html.Dt("Verdict"),
                    html.Dd(components.verdict_badge(card.verdict)),
                ],
                className="facts",
            ),
            dcc.Link("Check in detail", href=card.href),
        ],
        className="card claim-card",
    )


def targets_in_brief() -> html.Div:
    """How many targets are in each status group (links to the filtered Targets page), and the world ones."""
    groups, world = overview.targets_in_brief()
    items = [
        html.Li(
            [
                components.status_badge_group(g),
                f" {n} targets ",
                dcc.Link("list", href=f"/targets?status={g}", title=f"Targets: {STATUS_GROUP_LABELS[g]}"),
            ]
        )
        for g, n in groups.items()
    ]
    rows = [
        html.Tr(
            [
                html.Td(
                    [
                        html.Strong(r["target_id"]),
                        " ",
                        r["wording"],
                        " ",
                        components.verification_mark(r["verification_status"]),
                    ]
                ),
                html.Td(components.status_badge(r["status"])),
                html.Td(r["latest"]),
            ]
        )
        for r in world
    ]
    table = (
        html.Table(
            [
                html.Caption("World targets"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th("Target", scope="col"),
                            html.Th("Status", scope="col"),
                            html.Th("Latest", scope="col"),
                        ]
                    )
                ),
                html.Tbody(rows),
            ],
            className="data-table",
        )
        if rows
        else None
    )
    return html.Div(
        [
            html.Ul(items, className="status-counts"),
            html.Div(table, className="table-scroll"),
            dcc.Link("All targets", href="/targets"),
        ]
    )


def layout(**query: object) -> html.Div:
    """The overview page (it has no state, so it is built once per process and published folder)."""
    overview.parse_query(**query)
    return published.memo(("overview-layout",), build_page)


def build_page() -> html.Div:
    """Claims next to the data, targets in brief, key charts."""
    if published.indicators().empty:
        return html.Div(
            [
                components.page_header("Overview"),
                components.message("No data published yet: run `ict4d build`."),
            ],
            className="page",
        )
    cards = [claim_card(c) for c in overview.headline_claims().to_dict("records")]
    charts = [
        components.chart_card(card_id, built, {"chart": "explorer-chart", "query": q})
        for card_id, q, built in overview.key_charts()
    ]
    return html.Div(
        [
            components.page_header(
                "Overview",
                "What the UN's WSIS resolutions said about connectivity, what ITU's "
                "data says now, and how far the world is from its targets.",
            ),
            html.Section(
                [
                    html.H2("Headline figures: the texts and the data"),
                    html.Div(cards, className="cards")
                    if cards
                    else components.message("No checked claims published yet."),
                ],
                className="section",
            ),
            html.Section([html.H2("Targets in brief"), targets_in_brief()], className="section"),
            html.Section([html.H2("Key charts"), *charts], className="section"),
        ],
        className="page page-overview",
    )
