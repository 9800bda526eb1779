"""Overview: the resolution's headline figures next to what the data says now, the target scoreboard in
brief, and the key charts."""

from __future__ import annotations

import dash
from dash import html

from dashboard import components

dash.register_page(
    __name__,
    path="/",
    name="Overview",
    title="ict4d: ICT-for-development indicators",
    nav_order=0,
    description="headline figures, what the data says now, targets in brief",
)


def parse_query(**query: object) -> dict:
    """The overview has no state of its own; unknown parameters are ignored, never an error."""
    return {"messages": []}


def layout(**query: object) -> html.Div:
    parse_query(**query)
    return html.Div([components.page_header("Overview")], className="page page-overview")
