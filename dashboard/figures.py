"""Pure figure functions: (data frames, options) -> plotly Figure, plus the text that summarises each.

Why pure: the same function draws a chart in the app, in ``ict4d export`` and in tests; nothing here reads
files or touches Dash. Colours are the Okabe–Ito colour-blind-safe palette; units are labelled from our
unit ids (which come from the indicator registry), never from upstream labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Okabe–Ito, black last so that it is used only when seven lines are already drawn
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HOVER_RELEASE = "release %{customdata[0]}<extra></extra>"
TARGET_COLOUR = "#D55E00"
PROJECTION_COLOUR = "#999999"
# viridis: colour-blind-safe and perceptually uniform; its darkest (lowest) end stays distinct from the
# light grey of countries without data, which a white-to-blue scale would not
MAP_SCALE = "Viridis"
NO_DATA_COLOUR = "#E0E0E0"

UNIT_LABELS = {
    "percent": "%",
    "per_100_inhabitants": "per 100 inhabitants",
    "count": "count",
    "persons": "persons",
    "usd": "US$",
    "ppp_usd": "PPP$",
    "percent_gni_per_capita": "% of monthly GNI per capita",
    "exabytes": "exabytes",
    "mbit_per_second": "Mbit/s",
    "index": "index",
    "ratio": "ratio",
    "years": "years",
}


def unit_label(unit: str | None) -> str:
    """Human label of a unit id from the registry (the id itself when unknown)."""
    return UNIT_LABELS.get(unit or "", unit or "")


def fmt_value(value: float | None, unit: str | None) -> str:
    """A value with its unit, rounded for reading ("66.3 %", "5.3 billion persons")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if unit in ("count", "persons", "usd", "ppp_usd") and abs(value) >= 1e6:
        for scale, word in ((1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                text = f"{value / scale:.1f} {word}"
                break
    elif abs(value) >= 1000:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.1f}" if unit != "ratio" else f"{value:.3f}"
    lab = unit_label(unit)
    return f"{text} {lab}".strip() if lab != "%" else f"{text} %"


AXIS = {"gridcolor": "#E5E5E5", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True}
# A light theme written out instead of plotly's named "plotly_white" template: applying a named template
# costs ~30 ms per figure (deep copies), which alone would use most of a callback's budget.
LAYOUT = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "colorway": PALETTE,
    "font": {
        "size": 14,
        "family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
        "color": "#1a1a1a",
    },
    "margin": {"l": 60, "r": 20, "t": 20, "b": 50},
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    "hovermode": "x unified",
}


def _base(fig: go.Figure, *, y_title: str = "", x_title: str = "Year") -> go.Figure:
    """Apply the app's light theme, axis titles and palette (in one layout update)."""
    fig.update_layout(
        LAYOUT,
        xaxis={**AXIS, "title": {"text": x_title}},
        yaxis={**AXIS, "title": {"text": y_title}},
    )
    return fig


def empty_figure(message: str) -> go.Figure:
    """A blank chart that says why it is blank, instead of empty axes."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 16}
    )
    fig.update_layout(
        LAYOUT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 20, "r": 20, "t": 20, "b": 20},
        height=320,
    )
    return fig


def series_label(entity_id: str, names: Mapping[str, str], release: str | None = None) -> str:
    name = names.get(entity_id) or entity_id
    return f"{name} ({release})" if release else name


def _layout(y_title: str, x_title: str = "Year", **extra: object) -> dict:
    return {
        **LAYOUT,
        "xaxis": {**AXIS, "title": {"text": x_title}},
        "yaxis": {**AXIS, "title": {"text": y_title}},
        **extra,
    }


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
    shapes = []
    for t in targets.to_dict("records") if targets is not None else []:
        parts = target_parts(t)
        if parts:
            traces.append(parts[0])
            shapes.append(parts[1])
    return go.Figure(data=traces, layout=_layout(unit_label(unit), x_title="", shapes=shapes))


def target_parts(target: Mapping) -> tuple[dict, dict] | None:
    """A target's diamond at its deadline (hollow when unverified) and its dotted level line, as dicts."""
    value = target.get("threshold_value")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    unverified = target.get("verification_status") not in (None, "verified")
    label = f"Target {target.get('target_id', '')}" + (" (unverified)" if unverified else "")
    marker = {
        "type": "scatter",
        "x": [target["deadline_year"]],
        "y": [value],
        "name": label,
        "mode": "markers",
        "marker": {
            "symbol": "diamond-open" if unverified else "diamond",
            "size": 13,
            "color": TARGET_COLOUR,
            "line": {"width": 2, "color": TARGET_COLOUR},
        },
        "hovertemplate": f"{label}: %{{y}} by %{{x}}<extra></extra>",
    }
    line = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": value,
        "y1": value,
        "line": {"dash": "dot", "color": TARGET_COLOUR, "width": 1},
        "layer": "below",
    }
    return marker, line


def add_target_marker(fig: go.Figure, target: Mapping) -> go.Figure:
    """Add a target's marker and level line to a figure (see `target_parts`)."""
    parts = target_parts(target)
    if parts:
        fig.add_trace(parts[0])
        fig.add_shape(parts[1])
    return fig


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
    fig = go.Figure(
        go.Scatter(
            x=h["year"],
            y=h["value"],
            name=name,
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 2.5},
            hovertemplate=f"{name}: %{{y:.1f}} {unit_label(unit)} (%{{x}})<extra></extra>",
        )
    )
    if projection is not None and not projection.empty:
        p = projection.sort_values("year")
        fig.add_trace(
            go.Scatter(
                x=p["year"],
                y=p["value"],
                name="Projection at current pace",
                mode="lines",
                line={"color": PROJECTION_COLOUR, "dash": "dash", "width": 2},
                hovertemplate="Projected: %{y:.1f} (%{x})<extra></extra>",
            )
        )
    add_target_marker(fig, target)
    return _base(fig, y_title=unit_label(unit))


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
    return go.Figure(data=[trace], layout={**LAYOUT, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}, "geo": geo})


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
