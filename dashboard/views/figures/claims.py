"""The Claims page's figures: the claims by indicator and verdict, and one claim against each release of
the data (a bar per release, coloured by its verdict).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.views.figures.base import PALETTE, base_layout, empty_figure, figure
from dashboard.views.formats import fmt_claimed, fmt_value, unit_label
from dashboard.views.statuses import NOT_CHECKED
from etl.core import vocabulary

# claim verdicts -> colour (Okabe–Ito): matches green, revised sky blue, differs orange,
# not supported vermillion; nothing to check in two greys that stay apart (dark: only later data, light: none)
VERDICT_COLOURS = {
    vocabulary.MATCHES: "#009E73",
    vocabulary.STILL_MATCHES: "#009E73",
    vocabulary.REVISED: "#56B4E9",
    vocabulary.DIFFERS: "#E69F00",
    vocabulary.NOT_SUPPORTED: "#D55E00",
    vocabulary.NO_RELEASE_OF_ITS_TIME: "#8C8C8C",
    vocabulary.NO_SERIES: "#D0D0D0",
}
NO_VERDICT_COLOUR = "#999999"


def claims_figure(rows: pd.DataFrame, ind_names: Mapping[str, str]) -> go.Figure:
    """How many claims there are about each indicator, split by their verdict."""
    if rows.empty:
        return empty_figure("No claims for this choice")
    frame = rows.assign(
        verdict=rows["claim_verdict"].fillna(NOT_CHECKED).astype(str),
        label=rows["indicator_id"].map(lambda i: ind_names.get(i, i)),
    )
    counts = frame.groupby(["label", "verdict"]).size().rename("n").reset_index()
    order = frame["label"].value_counts().sort_values().index.tolist()
    bars = [
        {
            "type": "bar",
            "y": g["label"].to_numpy(dtype=object),
            "x": g["n"].to_numpy(),
            "name": verdict,
            "orientation": "h",
            "marker": {"color": VERDICT_COLOURS.get(verdict, PALETTE[i % len(PALETTE)])},
            "hovertemplate": f"%{{y}}: %{{x}} claim(s), {verdict}<extra></extra>",
        }
        for i, (verdict, g) in enumerate(counts.groupby("verdict", sort=True))
    ]
    most = int(counts.groupby("label")["n"].sum().max())
    layout = base_layout(
        "",
        "Claims",
        barmode="stack",
        height=max(300, 40 * len(order) + 160),
        xaxis={"tick0": 0, "dtick": max(1, math.ceil(most / 8))},  # whole claims only
        hovermode="closest",
        yaxis={"categoryorder": "array", "categoryarray": order},
    )
    return figure(bars, layout)


def verdict_figure(checks: pd.DataFrame, *, unit: str, claim_value: float | None = None) -> go.Figure:
    """What each release of the data says for one claim: a bar per release (coloured by its verdict) against
    the claimed value and the interval the claim covers when rounded as written.

    `checks`: claim_checks rows of one claim (release, data_value, release_verdict, is_of_its_time,
    interval_low, interval_high); rows without a release or a value are left out.
    """
    rows = checks.dropna(subset=["release", "data_value"])
    if rows.empty:
        return empty_figure("No release of the data has a matching series for this claim")
    rows = rows.sort_values(["release_date", "release"])
    labels = [
        f"{r} (of its time)" if bool(t) else str(r)
        for r, t in zip(rows["release"], rows["is_of_its_time"], strict=True)
    ]
    bar = {
        "type": "bar",
        "x": labels,
        "y": rows["data_value"].to_numpy(),
        "text": rows["release_verdict"].to_numpy(dtype=object),
        "textposition": "auto",
        "marker": {
            "color": [VERDICT_COLOURS.get(str(v), NO_VERDICT_COLOUR) for v in rows["release_verdict"]]
        },
        "customdata": [
            [fmt_value(v, unit), "" if pd.isna(y) else str(int(y))]
            for v, y in zip(rows["data_value"], rows["year_used"], strict=True)
        ],
        "hovertemplate": "%{x}: %{customdata[0]} in %{customdata[1]}<extra></extra>",
    }
    shapes: list[dict] = []
    notes: list[dict] = []
    lo, hi = rows["interval_low"].iloc[0], rows["interval_high"].iloc[0]
    if pd.notna(lo) and pd.notna(hi):
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": float(lo),
                "y1": float(hi),
                "line": {"width": 0},
                "fillcolor": "#000000",
                "opacity": 0.08,
                "layer": "below",
            }
        )
    if claim_value is not None and not math.isnan(claim_value):
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": claim_value,
                "y1": claim_value,
                "line": {"dash": "dash", "color": "#000000", "width": 2},
            }
        )
        notes.append(
            {
                "text": f"claimed {fmt_claimed(claim_value, unit)}",
                "showarrow": False,
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": claim_value,
                "yanchor": "bottom",
            }
        )
    layout = base_layout(
        unit_label(unit),
        "Release of the data",
        shapes=shapes,
        annotations=notes,
        hovermode="closest",
        showlegend=False,
    )
    return figure([bar], layout)
