"""The 404 page: says the address is unknown and lists the pages that exist (Dash pages uses it by name)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.views.registry import NOT_FOUND
from dashboard.web import components

dash.register_page(__name__, path=NOT_FOUND, title="Page not found · ict4d")


def layout(**_query: object) -> html.Div:
    """Unknown path: a helpful message and every page of the app (query parameters are ignored)."""
    pages = sorted(
        (p for p in dash.page_registry.values() if p.get("nav_order") is not None),
        key=lambda p: p["nav_order"],
    )
    return html.Div(
        [
            components.page_header(
                "Page not found", "There is no page at this address. These are the pages of the dashboard:"
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            dcc.Link(p["name"], href=p["path"]),
                            html.Span(f" — {p.get('description', '')}") if p.get("description") else None,
                        ]
                    )
                    for p in pages
                ],
                className="page-list",
            ),
        ],
        className="page page-404",
    )
