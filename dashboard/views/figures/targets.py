"""The figures of a target: its series, the projection at the current pace and the target marker; and
for a target on every country, how many countries are in each status.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.views.figures.base import (
    PALETTE,
    PROJECTION_COLOUR,
    base_layout,
    empty_figure,
    figure,
    with_targets,
)
from dashboard.views.formats import unit_label


def target_chart(
    history: pd.DataFrame,
    target: Mapping,
    *,
    unit: str,
    name: str,
    projection: pd.DataFrame | None = None,
) -> go.Figure:
    """History of the target's series, its projection to the deadline (dashed) and the target marker.

    `projection` has columns year, value (from the progress table); it starts at the latest observed year.
    """
    if history.empty:
        return empty_figure("No data for this target's series yet")
    h = history.sort_values("year")
    traces: list[dict] = [
        {
            "type": "scatter",
            "x": h["year"].to_numpy(),
            "y": h["value"].to_numpy(),
            "name": name,
            "mode": "lines+markers",
            "line": {"color": PALETTE[0], "width": 2.5},
            "hovertemplate": f"{name}: %{{y:.1f}} {unit_label(unit)} (%{{x}})<extra></extra>",
        }
    ]
    if projection is not None and not projection.empty:
        p = projection.sort_values("year")
        traces.append(
            {
                "type": "scatter",
                "x": p["year"].to_numpy(),
                "y": p["value"].to_numpy(),
                "name": "Projection at current pace",
                "mode": "lines",
                "line": {"color": PROJECTION_COLOUR, "dash": "dash", "width": 2},
                "hovertemplate": "Projected: %{y:.1f} (%{x})<extra></extra>",
            }
        )
    traces, shapes = with_targets(traces, [target])
    years = [*h["year"].tolist(), target.get("deadline_year")]
    years = [int(y) for y in years if y is not None and y == y]
    xaxis = {"dtick": 1} if years and max(years) - min(years) <= 8 else {}  # never "2,019.5"
    return figure(traces, base_layout(unit_label(unit), shapes=shapes, xaxis=xaxis))


def status_bars(counts: pd.Series) -> go.Figure:
    """How many countries are in each status (one horizontal bar per status, fewest first)."""
    counts = counts.sort_values()
    bar = {
        "type": "bar",
        "x": counts.to_numpy(),
        "y": counts.index.tolist(),
        "orientation": "h",
        "text": counts.to_numpy(),
        "textposition": "outside",
        "marker": {"color": PALETTE[0]},
        "hovertemplate": "%{y}: %{x} countries<extra></extra>",
    }
    return figure([bar], base_layout("", "countries", showlegend=False))
