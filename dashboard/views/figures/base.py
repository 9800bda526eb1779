"""What every chart shares: the palette, the light layout, the blank chart that says why, and the target
markers drawn on any series.

Why a written-out layout: applying plotly's named "plotly_white" template costs ~30 ms per figure (deep
copies), which alone would use most of a callback's budget. Every figure is built in one
``go.Figure(data=[...], layout=base_layout(...))`` call, as plotly validates each later update separately.
Colours are the Okabe–Ito colour-blind-safe palette.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

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


# plotly validates every property of a figure as it is built: 30-170 ms a chart, most of a callback's time,
# for dicts this package writes itself. The app skips it; the tests turn it on (tests/dashboard/conftest.py),
# so every figure they build is still checked against plotly's schema.
VALIDATE_FIGURES = False


def figure(data: list, layout: Mapping) -> go.Figure:
    """A figure from trace and layout dicts, validated by plotly only when ``VALIDATE_FIGURES`` is set."""
    return go.Figure(data=data, layout=layout, _validate=VALIDATE_FIGURES)


def axis_title(text: str, width: int = 24) -> str:
    """A long axis title on two lines ("Gender parity score<br>(women / men)"), so that on a phone, where
    the plot is short, the upright y-axis title is not cut off."""
    if len(text) <= width or "<br>" in text:
        return text
    cut = text.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else text.find(" ")
    return text if cut <= 0 else f"{text[:cut]}<br>{text[cut + 1 :]}"


def base_layout(y_title: str = "", x_title: str = "Year", **extra: object) -> dict:
    """The app's layout for any chart (light theme, axis titles, palette), as one dict.

    Figures are built in one ``go.Figure(data=[...], layout=base_layout(...))`` call: plotly validates
    every later ``update_*``/``add_*`` call separately, which costs tens of milliseconds per figure.
    `extra` keys replace the defaults; ``xaxis``/``yaxis`` dicts are merged into the base axes."""
    xaxis = {**AXIS, "title": {"text": x_title}, **dict(extra.pop("xaxis", None) or {})}  # type: ignore[arg-type]
    yaxis = {**AXIS, "title": {"text": axis_title(y_title)}, **dict(extra.pop("yaxis", None) or {})}  # type: ignore[arg-type]
    return {**LAYOUT, "xaxis": xaxis, "yaxis": yaxis, **extra}


def empty_figure(message: str) -> go.Figure:
    """A blank chart that says why it is blank, instead of empty axes."""
    note = {
        "text": message,
        "showarrow": False,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "font": {"size": 16},
    }
    return figure(
        [],
        {
            **LAYOUT,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "margin": {"l": 20, "r": 20, "t": 20, "b": 20},
            "height": 320,
            "annotations": [note],
        },
    )


def series_label(entity_id: str, names: Mapping[str, str], release: str | None = None) -> str:
    """A line's name in the legend: the entity's name, with the release when lines of several are drawn."""
    name = names.get(entity_id) or entity_id
    return f"{name} ({release})" if release else name


def name_of(entity_id: str, names: Mapping[str, str]) -> str:
    """Display name of an entity, falling back to its id so a missing name never hides a line."""
    return names.get(entity_id) or entity_id


def target_parts(target: Mapping) -> tuple[dict, dict] | None:
    """A target's diamond at its deadline (hollow when unverified) and its dotted level line, as dicts."""
    value = target.get("threshold_value")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    unverified = target.get("verification_status") not in (None, "verified")
    name = str(target.get("target_id") or "")
    label = "Target" + (f" {name}" if name else "") + (" (unverified)" if unverified else "")
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


def with_targets(traces: list[dict], targets: list[Mapping]) -> tuple[list[dict], list[dict]]:
    """`traces` followed by each target's marker, and the targets' level lines (layout shapes)."""
    parts = [p for p in (target_parts(t) for t in targets) if p]
    return [*traces, *(p[0] for p in parts)], [p[1] for p in parts]
