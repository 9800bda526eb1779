"""Targets: every target with its status, latest value, gap, history, projection and target marker."""

from __future__ import annotations

import dash
from dash import html

from dashboard import components

dash.register_page(
    __name__,
    path="/targets",
    name="Targets",
    title="Targets · ict4d",
    nav_order=1,
    description="every target with its status, gap, history and projection",
)


def parse_query(**query: object) -> dict:
    return {"messages": []}


def layout(**query: object) -> html.Div:
    parse_query(**query)
    return html.Div([components.page_header("Targets")], className="page page-targets")
