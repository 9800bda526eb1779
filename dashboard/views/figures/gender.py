"""The Gender page's figures: the parity score over time against ITU's parity band, and women beside men,
each with its sentence (the text alternative under the chart).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.views.figures.base import PALETTE, base_layout, empty_figure, figure, name_of, with_targets
from dashboard.views.formats import fmt_value, unit_label
from etl.core.measures import PARITY_BAND, is_parity

# from the Okabe–Ito palette of dashboard.views.figures.base
WOMEN_COLOUR = "#D55E00"  # vermillion
MEN_COLOUR = "#0072B2"  # blue
BAND_COLOUR = "#009E73"  # bluish green
DASHES = ["solid", "dash", "dot", "dashdot"]  # after the eight colours, lines differ by dash too


def parity_status(score: float, band: tuple[float, float] = PARITY_BAND) -> str:
    """Words for a parity score: parity inside the band, else who is ahead."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "no score"
    if is_parity(score, band):
        return "parity"
    return "men ahead" if score < band[0] else "women ahead"


def parity_figure(
    parity: pd.DataFrame,
    names: Mapping[str, str],
    band: tuple[float, float] = PARITY_BAND,
    targets: pd.DataFrame | None = None,
) -> go.Figure:
    """The parity score over time, one line per entity, over the shaded parity band, with each gender
    parity target as a marker at its deadline (see `parity_targets`)."""
    if parity.empty:
        return empty_figure("No data by sex for this choice")
    traces: list[dict] = []
    for i, (entity, rows) in enumerate(parity.groupby("entity_id", sort=False, observed=True)):
        rows = rows.sort_values("year")
        traces.append(
            {
                "type": "scatter",
                "x": rows["year"].to_numpy(),
                "y": rows["parity_score"].to_numpy(),
                "mode": "lines+markers",
                "name": name_of(entity, names),
                "line": {
                    "color": PALETTE[i % len(PALETTE)],
                    "width": 2.5,
                    "dash": DASHES[i // len(PALETTE) % len(DASHES)],
                },
                "customdata": rows[["female", "male", "release"]].to_numpy(dtype=object),
                "hovertemplate": "%{y:.3f} (women %{customdata[0]:.1f}, men %{customdata[1]:.1f}; "
                "%{customdata[2]})",
            }
        )
    traces, shapes = with_targets(traces, [] if targets is None else targets.to_dict("records"))
    band_rect = {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": band[0],
        "y1": band[1],
        "line": {"width": 0},
        "fillcolor": BAND_COLOUR,
        "opacity": 0.18,
        "layer": "below",
    }
    band_note = {
        "text": f"parity {band[0]:.2f}–{band[1]:.2f}",
        "showarrow": False,
        "xref": "paper",
        "x": 0,
        "xanchor": "left",
        "yref": "y",
        "y": band[1],
        "yanchor": "bottom",
    }
    lo = min(float(parity["parity_score"].min()), band[0])
    hi = max(float(parity["parity_score"].max()), band[1])
    pad = max((hi - lo) * 0.1, 0.02)
    layout = base_layout(
        "Gender parity score (women / men)",
        shapes=[band_rect, *shapes],
        annotations=[band_note],
        xaxis={"dtick": 1},
        yaxis={"range": [lo - pad, hi + pad]},
    )
    return figure(traces, layout)


def parity_summary(
    parity: pd.DataFrame, names: Mapping[str, str], band: tuple[float, float] = PARITY_BAND
) -> str:
    """One sentence per entity: latest parity score, year, and whether it is inside the band."""
    if parity.empty:
        return "No values by sex for this choice."
    latest = parity.sort_values("year").drop_duplicates("entity_id", keep="last")
    parts = [
        f"{name_of(r.entity_id, names)}: {fmt_value(r.parity_score, 'ratio')} in {r.year} "
        f"({parity_status(r.parity_score, band)})"
        for r in latest.itertuples()
    ]
    head = f"Gender parity score, latest year (parity is {band[0]:.2f}–{band[1]:.2f}): "
    return head + "; ".join(parts) + "."


def sex_bars_figure(parity: pd.DataFrame, names: Mapping[str, str], *, unit: str) -> go.Figure:
    """Women and men side by side for each entity (one row per entity, the year given in the label)."""
    if parity.empty:
        return empty_figure("No data by sex for this choice")
    rows = parity.sort_values("female", ascending=True)
    labels = [f"{name_of(e, names)} ({y})" for e, y in zip(rows["entity_id"], rows["year"], strict=True)]
    bars = [
        {
            "type": "bar",
            "y": labels,
            "x": rows[col].to_numpy(),
            "name": word,
            "orientation": "h",
            "marker": {"color": colour, **({"pattern": {"shape": "/"}} if col == "male" else {})},
            "text": rows[col].round(1).to_numpy(),
            "textposition": "auto",
            "hovertemplate": f"{word}: %{{x:.1f}} {unit_label(unit)}<extra></extra>",
        }
        for col, word, colour in (("female", "Women", WOMEN_COLOUR), ("male", "Men", MEN_COLOUR))
    ]
    layout = base_layout(
        "", unit_label(unit), barmode="group", height=max(320, 60 * len(rows) + 120), hovermode="y unified"
    )
    return figure(bars, layout)


def sex_bars_summary(rows: pd.DataFrame, names: Mapping[str, str], *, unit: str) -> str:
    """Text of the side-by-side chart: women and men for each entity, widest gap first."""
    if rows.empty:
        return "No values by sex for this choice."
    rows = rows.sort_values("gap", ascending=False)
    parts = [
        f"{name_of(r.entity_id, names)} {r.year}: women {fmt_value(r.female, unit)}, "
        f"men {fmt_value(r.male, unit)}"
        for r in rows.itertuples()
    ]
    return "Women and men: " + "; ".join(parts) + "."
