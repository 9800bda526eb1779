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

UNIT_LABELS = {  # our unit ids (etl.core.vocabulary.UNITS, CLAIM_UNITS) in words, for axes and values
    "percent": "%",
    "per_100_inhabitants": "per 100 inhabitants",
    "count": "number",
    "persons": "people",
    "subscriptions": "subscriptions",
    "percentage_points": "percentage points",
    "usd": "US$",
    "ppp_usd": "PPP$",
    "percent_gni_per_capita": "% of monthly GNI per capita",
    "exabytes": "exabytes",
    "gigabytes": "GB",
    "mbit_per_second": "Mbit/s",
    "index": "index",
    "ratio": "ratio",
    "years": "years",
}
# units whose large values read better in words ("3.8 billion people", not "3,800,000,000 persons")
SCALED_UNITS = {"count", "persons", "subscriptions", "usd", "ppp_usd", "mbit_per_second"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
PREFIX_UNITS = {"usd", "ppp_usd"}  # written before the number: "US$ 7.72"
BARE_UNITS = {"count", "ratio"}  # the number alone: the indicator's name says what is counted
COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def unit_label(unit: str | None) -> str:
    """Human label of a unit id from the registry (the id itself when unknown)."""
    return UNIT_LABELS.get(unit or "", unit or "")


def _missing(value: object) -> bool:
    """None, NaN or pd.NA (the ways a frame says 'no value')."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_number(value: float, unit: str | None = None, digits: int = 1) -> str:
    """A number rounded for reading in its unit, without the unit ("66.3", "3.8 billion", "7,696")."""
    if unit in SCALED_UNITS and abs(value) >= 1e6:
        scale, word = next((s, w) for s, w in SCALES if abs(value) >= s)
        return f"{value / scale:.{digits}f} {word}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:.{max(digits, 3)}f}"
    if unit in PREFIX_UNITS:
        return f"{value:.{max(digits, 2)}f}"
    return f"{value:.{digits}f}"


def fmt_value(value: float | None, unit: str | None, digits: int = 1) -> str:
    """The one way a value is written with its unit ("66.3 %", "3.8 billion people", "US$ 7.72").

    `unit` is one of our unit ids (registry or claim units), never an upstream label."""
    if _missing(value):
        return "no data"
    text = fmt_number(float(value), unit, digits)
    if unit in PREFIX_UNITS:
        return f"{unit_label(unit)} {text}"
    if unit in BARE_UNITS or not unit:
        return text
    return f"{text} {unit_label(unit)}"


def _scaled(value: float, unit: str | None) -> float:
    """The number `fmt_number` writes before its scale word (3.75e9 people -> 3.75)."""
    if unit in SCALED_UNITS and abs(value) >= 1e6:
        return value / next(s for s, _ in SCALES if abs(value) >= s)
    return value


def fmt_range(low: float | None, high: float | None, unit: str | None) -> str:
    """An interval written exactly, with the decimals its ends need ("3.75 billion people – 3.85 billion
    people", not "3.8 – 3.9"): the interval a rounded claim covers must not look rounded again."""
    if _missing(low) or _missing(high):
        return "no data"
    digits = 1
    ends = (_scaled(float(low), unit), _scaled(float(high), unit))
    while digits < 4 and any(abs(round(v, digits) - v) > 1e-9 * max(1.0, abs(v)) for v in ends):
        digits += 1
    return f"{fmt_value(low, unit, digits)} – {fmt_value(high, unit, digits)}"


def fmt_threshold(comparator: str | None, value: float | None, unit: str | None) -> str:
    """A target's threshold in words ("≥ 50.0 %", "parity (0.98–1.02)")."""
    if comparator == "parity":
        return "parity (0.98–1.02)"
    if _missing(value):
        return "no number"
    return f"{COMPARATORS.get(str(comparator), comparator or '')} {fmt_value(value, unit)}".strip()


def fmt_gap(gap: float | None, unit: str | None) -> str:
    """Distance to a target in words ("7.4 points to go", "reached (+3.4 points)"); `gap` is positive while
    there is still some way to go, and a gap between shares is in percentage points ("points")."""
    if _missing(gap):
        return "–"
    size = abs(float(gap))
    text = f"{size:.1f} points" if unit == "percent" else fmt_value(size, unit)
    return f"{text} to go" if gap > 0 else f"reached (+{text})" if gap < 0 else "reached"


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


def base_layout(y_title: str = "", x_title: str = "Year", **extra: object) -> dict:
    """The app's layout for any chart (light theme, axis titles, palette), as one dict.

    Figures are built in one ``go.Figure(data=[...], layout=base_layout(...))`` call: plotly validates
    every later ``update_*``/``add_*`` call separately, which costs tens of milliseconds per figure.
    `extra` keys replace the defaults; ``xaxis``/``yaxis`` dicts are merged into the base axes."""
    xaxis = {**AXIS, "title": {"text": x_title}, **dict(extra.pop("xaxis", None) or {})}  # type: ignore[arg-type]
    yaxis = {**AXIS, "title": {"text": y_title}, **dict(extra.pop("yaxis", None) or {})}  # type: ignore[arg-type]
    return {**LAYOUT, "xaxis": xaxis, "yaxis": yaxis, **extra}


def empty_figure(message: str) -> go.Figure:
    """A blank chart that says why it is blank, instead of empty axes."""
    note = {"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
            "font": {"size": 16}}
    return go.Figure(layout={**LAYOUT, "xaxis": {"visible": False}, "yaxis": {"visible": False},
                             "margin": {"l": 20, "r": 20, "t": 20, "b": 20}, "height": 320,
                             "annotations": [note]})


def series_label(entity_id: str, names: Mapping[str, str], release: str | None = None) -> str:
    name = names.get(entity_id) or entity_id
    return f"{name} ({release})" if release else name


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
    return go.Figure(data=traces, layout=base_layout(unit_label(unit), x_title="", shapes=shapes))


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


def with_targets(traces: list[dict], targets: list[Mapping]) -> tuple[list[dict], list[dict]]:
    """`traces` followed by each target's marker, and the targets' level lines (layout shapes)."""
    parts = [p for p in (target_parts(t) for t in targets) if p]
    return [*traces, *(p[0] for p in parts)], [p[1] for p in parts]


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
    traces: list[dict] = [{
        "type": "scatter", "x": h["year"].to_numpy(), "y": h["value"].to_numpy(), "name": name,
        "mode": "lines+markers", "line": {"color": PALETTE[0], "width": 2.5},
        "hovertemplate": f"{name}: %{{y:.1f}} {unit_label(unit)} (%{{x}})<extra></extra>",
    }]
    if projection is not None and not projection.empty:
        p = projection.sort_values("year")
        traces.append({
            "type": "scatter", "x": p["year"].to_numpy(), "y": p["value"].to_numpy(),
            "name": "Projection at current pace", "mode": "lines",
            "line": {"color": PROJECTION_COLOUR, "dash": "dash", "width": 2},
            "hovertemplate": "Projected: %{y:.1f} (%{x})<extra></extra>",
        })
    traces, shapes = with_targets(traces, [target])
    return go.Figure(data=traces, layout=base_layout(unit_label(unit), shapes=shapes))


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
