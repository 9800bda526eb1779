"""The Country profile's figure: one country against its region, income group, the UN lists it is on
(LDCs, LLDCs, SIDS) and the world, with the targets on its series, and the sentence that says the latest
values. Whom it is compared with is ``dashboard.views.peers``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.views.figures.base import base_layout, empty_figure, figure, name_of, with_targets
from dashboard.views.formats import fmt_value, unit_label

# the roles of a comparison (dashboard.views.peers), in the order they are drawn and tabled
ROLE_ORDER = ["country", "region", "sdg_region", "income", "ldc", "lldc", "sids", "world"]
ROLE_STYLE = {  # Okabe–Ito hues, each with its own dash so lines stay apart in grey print
    "country": {"color": "#000000", "width": 3.5, "dash": "solid"},
    "region": {"color": "#E69F00", "width": 2.5, "dash": "dash"},
    "sdg_region": {"color": "#E69F00", "width": 2.5, "dash": "dash"},
    "income": {"color": "#56B4E9", "width": 2.5, "dash": "dot"},
    "ldc": {"color": "#D55E00", "width": 2, "dash": "longdash"},
    "lldc": {"color": "#CC79A7", "width": 2, "dash": "longdashdot"},
    "sids": {"color": "#0072B2", "width": 2, "dash": "dashdot"},
    "world": {"color": "#009E73", "width": 2.5, "dash": "dashdot"},
}


def country_figure(
    obs: pd.DataFrame,
    peers: Mapping[str, str],
    names: Mapping[str, str],
    targets: pd.DataFrame,
    *,
    unit: str,
) -> go.Figure:
    """One country against its region, income group and the world, with target markers at the deadline.

    `obs` holds total-breakdown rows of one indicator, one release per entity (see `pick_release`).
    Targets are drawn as in every other chart (figures.base.with_targets).
    """
    if obs.empty:
        return empty_figure("No data for this country and indicator")
    traces: list[dict] = []
    for role in ROLE_ORDER:
        entity = peers.get(role)
        rows = obs[obs["entity_id"] == entity].sort_values("year") if entity else obs.iloc[0:0]
        if rows.empty:
            continue
        style = ROLE_STYLE[role]
        traces.append(
            {
                "type": "scatter",
                "x": rows["year"].to_numpy(),
                "y": rows["value"].to_numpy(),
                "mode": "lines+markers",
                "name": name_of(entity, names),
                "line": {"color": style["color"], "width": style["width"], "dash": style["dash"]},
                "customdata": rows[["release"]].to_numpy(dtype=object),
                "hovertemplate": f"%{{y:.1f}} {unit_label(unit)} (%{{customdata[0]}})",
            }
        )
    traces, shapes = with_targets(traces, targets.to_dict("records"))
    return figure(traces, base_layout(unit_label(unit), shapes=shapes))


def country_summary(
    obs: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str], *, unit: str
) -> str:
    """Text of the country chart: the latest value of the country and each comparison group."""
    last = {
        r["entity_id"]: r
        for r in obs.sort_values("year").drop_duplicates("entity_id", keep="last").to_dict("records")
    }
    parts = [
        f"{name_of(e, names)} {fmt_value(last[e]['value'], unit)} in {last[e]['year']}"
        for e in (peers.get(role) for role in ROLE_ORDER)
        if e in last
    ]
    if not parts:
        return "No data for this country and indicator."
    return "Latest values: " + "; ".join(parts) + "."
