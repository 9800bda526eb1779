"""The Explorer's figures: one line per entity with the targets drawn on it, and the world map of one
year, each with the sentence that says what it shows (the text alternative under the chart).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.views.figures.base import (
    HOVER_RELEASE,
    LAYOUT,
    MAP_SCALE,
    NO_DATA_COLOUR,
    PALETTE,
    base_layout,
    empty_figure,
    figure,
    series_label,
    with_targets,
)
from dashboard.views.formats import fmt_value, unit_label


def line_chart(
    obs: pd.DataFrame,
    *,
    names: Mapping[str, str],
    unit: str,
    targets: pd.DataFrame | None = None,
    label_release: bool = False,
) -> go.Figure:
    """One line per entity (and release when asked), with each target drawn as a marker at its deadline.

    `obs` holds observations of one indicator (columns entity_id, year, value, release, is_estimate);
    `targets` holds rows of the targets table (threshold_value, deadline_year, target_id, scope,
    verification_status). Estimates are drawn with hollow markers so they stay distinguishable.
    The figure is built in one constructor call (plotly validates each update separately).
    """
    if obs.empty:
        return empty_figure("No data for this choice")
    traces: list[dict] = []
    keys = ["entity_id", "release"] if label_release else ["entity_id"]
    for i, (key, g) in enumerate(obs.sort_values("year").groupby(keys, sort=False)):
        key = key if isinstance(key, tuple) else (key,)
        label = series_label(key[0], names, key[1] if label_release else None)
        est = g["is_estimate"].astype(bool).tolist() if "is_estimate" in g else [False] * len(g)
        traces.append(
            {
                "type": "scatter",
                "x": g["year"].to_numpy(),
                "y": g["value"].to_numpy(),
                "name": label,
                "mode": "lines+markers",
                "line": {"color": PALETTE[i % len(PALETTE)], "width": 2.5},
                "marker": {
                    "symbol": ["circle-open" if e else "circle" for e in est] if any(est) else "circle",
                    "size": 7,
                },
                "customdata": g[["release"]].to_numpy(dtype=object),
                "hovertemplate": f"{label}: %{{y:.1f}} {unit_label(unit)}<br>{HOVER_RELEASE}",
            }
        )
    traces, shapes = with_targets(traces, targets.to_dict("records") if targets is not None else [])
    return figure(traces, base_layout(unit_label(unit), x_title="", shapes=shapes))


def map_chart(obs: pd.DataFrame, *, names: Mapping[str, str], unit: str, year: int) -> go.Figure:
    """Choropleth of one year's country values by ISO3 (groups are not drawn on a map).

    Built in one constructor call from numpy arrays (plotly validates lists element by element).
    """
    countries = obs[(obs["year"] == year) & obs["entity_id"].str.fullmatch(r"[A-Z]{3}")]
    if countries.empty:
        return empty_figure(f"No country data for {year}")
    countries = countries.drop_duplicates("entity_id")
    ids = countries["entity_id"].to_numpy(dtype=object)
    trace = {
        "type": "choropleth",
        "locations": ids,
        "z": countries["value"].to_numpy(),
        "locationmode": "ISO-3",
        "text": np.array([names.get(e) or e for e in ids], dtype=object),
        "colorscale": MAP_SCALE,
        "marker": {"line": {"color": "#666666", "width": 0.4}},
        "colorbar": {"title": {"text": unit_label(unit)}},
        "hovertemplate": f"%{{text}}: %{{z:.1f}} {unit_label(unit)}<extra></extra>",
    }
    geo = {
        "showframe": False,
        "showcoastlines": False,
        "projection": {"type": "natural earth", "rotation": {"lon": 0}},
        "center": {"lon": 0, "lat": 10},
        "lonaxis": {"range": [-180, 180]},
        "showland": True,
        "landcolor": NO_DATA_COLOUR,
        "showcountries": True,
        "countrycolor": "#FFFFFF",
    }
    return figure([trace], {**LAYOUT, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}, "geo": geo})


def summarise_lines(obs: pd.DataFrame, *, names: Mapping[str, str], unit: str) -> str:
    """One sentence per line: its latest value and year, and its change since its first year."""
    if obs.empty:
        return "No data for this choice."
    first: dict[str, tuple[int, float]] = {}
    last: dict[str, tuple[int, float]] = {}
    for eid, year, value in zip(obs["entity_id"], obs["year"], obs["value"], strict=True):
        y = int(year)
        if eid not in first or y < first[eid][0]:
            first[eid] = (y, float(value))
        if eid not in last or y > last[eid][0]:
            last[eid] = (y, float(value))
    parts = []
    for eid in last:
        (y0, v0), (y1, v1) = first[eid], last[eid]
        text = f"{names.get(eid) or eid}: {fmt_value(v1, unit)} in {y1}"
        if y1 != y0:
            text += f" (from {fmt_value(v0, unit)} in {y0})"
        parts.append(text)
    return "; ".join(parts) + "."


def summarise_map(obs: pd.DataFrame, *, names: Mapping[str, str], unit: str, year: int) -> str:
    """How many countries have data in the year, and the lowest and highest."""
    c = obs[(obs["year"] == year) & obs["entity_id"].str.fullmatch(r"[A-Z]{3}")]
    if c.empty:
        return f"No country data for {year}."
    lo, hi = c.loc[c["value"].idxmin()], c.loc[c["value"].idxmax()]
    n = c["entity_id"].nunique()
    return (
        f"{n} {'country' if n == 1 else 'countries'} with data in {year}; "
        f"lowest {names.get(lo['entity_id'], lo['entity_id'])} "
        f"({fmt_value(lo['value'], unit)}), highest {names.get(hi['entity_id'], hi['entity_id'])} "
        f"({fmt_value(hi['value'], unit)})."
    )
