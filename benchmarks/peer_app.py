"""The peer of the page benchmark: a minimal Dash app with one dcc.Graph, as Dash serves it out of the box.

`benchmarks/bench_pages.py` serves it next to the dashboard in the same run and measures it the same way,
so "fast" means "no slower than the smallest Dash app", whatever the machine's load.
Serve: ``gunicorn benchmarks.peer_app:server``.
"""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html

app = dash.Dash(__name__, title="peer")
app.layout = html.Div(
    [
        html.H1("One chart"),
        dcc.Graph(
            figure=go.Figure(
                data=[{"type": "scatter", "x": list(range(2000, 2025)), "y": [i * 3.5 for i in range(25)]}],
                layout={"title": {"text": "Individuals using the Internet"}},
            )
        ),
    ]
)
server = app.server
# Dash sets itself up on its first request and is not thread-safe while doing so: done here, once per
# process, as the dashboard does before gunicorn forks (dashboard.web.server.warm)
server.test_client().get("/")
