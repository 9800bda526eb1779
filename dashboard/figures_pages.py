"""Pure figure and table functions for the Gender, Claims, Country and Data pages.

Every function takes data frames (already read by ``dashboard.data``) and options, and returns a
``plotly.graph_objects.Figure``, a frame, or plain text; nothing here reads files or touches Dash, so the
same functions serve the app, exports and tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import (
    PALETTE,
    base_layout,
    empty_figure,
    fmt_number,
    fmt_value,
    unit_label,
    with_targets,
)
from etl.core import vocabulary

# ITU's gender parity score: female value / male value; 0.98 to 1.02 counts as parity
# (reference/progress-methods.md, "ITU gender parity score").
PARITY_BAND: tuple[float, float] = (0.98, 1.02)

# from the Okabe–Ito palette of dashboard.figures
WOMEN_COLOUR = "#D55E00"  # vermillion
MEN_COLOUR = "#0072B2"  # blue
BAND_COLOUR = "#009E73"  # bluish green
DASHES = ["solid", "dash", "dot", "dashdot"]  # after the eight colours, lines differ by dash too

KEY = ["indicator_id", "entity_id", "year", "area", "age_group", "release", "source_id"]


def name_of(entity_id: str, names: Mapping[str, str]) -> str:
    """Display name of an entity, falling back to its id so a missing name never hides a line."""
    return names.get(entity_id) or entity_id


def pick_release(obs: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """One release per (indicator, entity): the one asked for, else the one reaching the latest year.

    Vintages differ (ITU revises its estimates each November), so a line never mixes two releases;
    ties go to the release with more points, then to the later release name. The one rule for every page
    (Explorer, Gender, Country profile).
    """
    if obs.empty:
        return obs
    if release:
        return obs[obs["release"] == release]
    stats = (
        obs.groupby(["indicator_id", "entity_id", "release"], observed=True)["year"]
        .agg(["max", "size"])
        .reset_index()
        .sort_values(["indicator_id", "entity_id", "max", "size", "release"])
    )
    best = stats.drop_duplicates(["indicator_id", "entity_id"], keep="last")[
        ["indicator_id", "entity_id", "release"]
    ]
    return obs.merge(best, on=["indicator_id", "entity_id", "release"], how="inner")


# --- gender ---------------------------------------------------------------------------------------------
def parity_frame(obs: pd.DataFrame) -> pd.DataFrame:
    """Women and men side by side with the parity score (women / men) and the gap (men - women).

    Input: observation rows with ``sex`` female and male. Rows whose male value is 0 get no score.
    Output columns: the observation key, unit, female, male, parity_score, gap.
    """
    cols = [*KEY, "unit", "female", "male", "parity_score", "gap"]
    if obs.empty:
        return pd.DataFrame(columns=cols)
    keys = [*KEY, "unit"]
    women = obs.loc[obs["sex"] == "female", [*keys, "value"]].drop_duplicates(keys)
    men = obs.loc[obs["sex"] == "male", [*keys, "value"]].drop_duplicates(keys)
    wide = women.merge(men, on=keys, suffixes=("_f", "_m")).rename(columns={"value_f": "female",
                                                                            "value_m": "male"})
    wide = wide.dropna(subset=["female", "male"])
    if wide.empty:
        return pd.DataFrame(columns=cols)
    male = wide["male"].where(wide["male"] != 0)
    wide["parity_score"] = (wide["female"] / male).round(3)
    wide["gap"] = (wide["male"] - wide["female"]).round(2)
    return wide[cols].sort_values(["entity_id", "year"]).reset_index(drop=True)


def parity_status(score: float, band: tuple[float, float] = PARITY_BAND) -> str:
    """Words for a parity score: parity inside the band, else who is ahead."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "no score"
    lo, hi = band
    if lo <= score <= hi:
        return "parity"
    return "men ahead" if score < lo else "women ahead"


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
        traces.append({
            "type": "scatter", "x": rows["year"].to_numpy(), "y": rows["parity_score"].to_numpy(),
            "mode": "lines+markers", "name": name_of(entity, names),
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 2.5,
                     "dash": DASHES[i // len(PALETTE) % len(DASHES)]},
            "customdata": rows[["female", "male", "release"]].to_numpy(dtype=object),
            "hovertemplate": "%{y:.3f} (women %{customdata[0]:.1f}, men %{customdata[1]:.1f}; "
                             "%{customdata[2]})",
        })
    traces, shapes = with_targets(traces, [] if targets is None else targets.to_dict("records"))
    band_rect = {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": band[0], "y1": band[1],
                 "line": {"width": 0}, "fillcolor": BAND_COLOUR, "opacity": 0.18, "layer": "below"}
    band_note = {"text": f"parity {band[0]:.2f}–{band[1]:.2f}", "showarrow": False, "xref": "paper", "x": 0,
                 "xanchor": "left", "yref": "y", "y": band[1], "yanchor": "bottom"}
    lo = min(float(parity["parity_score"].min()), band[0])
    hi = max(float(parity["parity_score"].max()), band[1])
    pad = max((hi - lo) * 0.1, 0.02)
    layout = base_layout("Gender parity score (women / men)", shapes=[band_rect, *shapes],
                         annotations=[band_note], xaxis={"dtick": 1}, yaxis={"range": [lo - pad, hi + pad]})
    return go.Figure(data=traces, layout=layout)


def parity_targets(targets: pd.DataFrame, indicator_id: str, entity_ids: Iterable[str]) -> pd.DataFrame:
    """Gender parity targets (comparator "parity") on this indicator for the entities shown."""
    sel = targets[(targets["indicator_id"] == indicator_id) & (targets["comparator"] == "parity")
                  & targets["scope"].isin({*entity_ids, "every_country"})]
    sel = sel[sel["threshold_value"].notna()]
    return sel.sort_values(["deadline_year", "target_id"]).reset_index(drop=True)


def parity_summary(parity: pd.DataFrame, names: Mapping[str, str], band: tuple[float, float] = PARITY_BAND
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
    bars = [{"type": "bar", "y": labels, "x": rows[col].to_numpy(), "name": word, "orientation": "h",
             "marker": {"color": colour, **({"pattern": {"shape": "/"}} if col == "male" else {})},
             "text": rows[col].round(1).to_numpy(), "textposition": "auto",
             "hovertemplate": f"{word}: %{{x:.1f}} {unit_label(unit)}<extra></extra>"}
            for col, word, colour in (("female", "Women", WOMEN_COLOUR), ("male", "Men", MEN_COLOUR))]
    layout = base_layout("", unit_label(unit), barmode="group", height=max(320, 60 * len(rows) + 120),
                         hovermode="y unified")
    return go.Figure(data=bars, layout=layout)


def latest_per_entity(parity: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """For each entity the row of `year` if given (and present), else its latest year."""
    if parity.empty:
        return parity
    if year is not None:
        return parity[parity["year"] == year].reset_index(drop=True)
    return parity.sort_values("year").drop_duplicates("entity_id", keep="last").reset_index(drop=True)


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


# --- country profile ------------------------------------------------------------------------------------
ROLE_ORDER = ["country", "region", "income", "world"]
ROLE_STYLE = {
    "country": {"color": "#000000", "width": 3.5, "dash": "solid"},
    "region": {"color": "#E69F00", "width": 2.5, "dash": "dash"},
    "income": {"color": "#56B4E9", "width": 2.5, "dash": "dot"},
    "world": {"color": "#009E73", "width": 2.5, "dash": "dashdot"},
}


def country_peers(
    iso3: str, entities: pd.DataFrame, membership: pd.DataFrame
) -> dict[str, str]:
    """The entities a country is compared with: role -> entity_id (country, region, income, world).

    The ITU region comes from the entities table; the income group is the country's World Bank group of
    the latest year in group_membership (a group listed without a year counts as current).
    """
    peers = {"country": iso3}
    row = entities[entities["entity_id"] == iso3]
    if not row.empty and pd.notna(row["itu_region_id"].iloc[0]):
        peers["region"] = str(row["itu_region_id"].iloc[0])
    mem = membership[(membership["entity_id"] == iso3) & membership["group_id"].str.startswith("wb_")]
    if not mem.empty:
        years = pd.to_numeric(mem["year"], errors="coerce").fillna(9999)
        peers["income"] = str(mem.assign(_y=years).sort_values("_y")["group_id"].iloc[-1])
    if (entities["entity_id"] == "world").any():
        peers["world"] = "world"
    return peers


def applicable_targets(targets: pd.DataFrame, indicator_id: str, entity_ids: Iterable[str]) -> pd.DataFrame:
    """Level targets on this indicator whose scope is one of the shown entities or every country.

    Parity targets are left out: their threshold is a parity score (women / men), not a level of the series.
    """
    if targets.empty:
        return targets
    scopes = {*entity_ids, "every_country"}
    sel = targets[
        (targets["indicator_id"] == indicator_id)
        & targets["scope"].isin(scopes)
        & targets["threshold_value"].notna()
        & (targets["comparator"] != "parity")
        & (targets["sex"] == "total")
    ]
    if "area" in sel:
        sel = sel[sel["area"] == "total"]
    return sel.sort_values(["deadline_year", "target_id"]).reset_index(drop=True)


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
    Targets are drawn as in every other chart (dashboard.figures.with_targets).
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
        traces.append({
            "type": "scatter", "x": rows["year"].to_numpy(), "y": rows["value"].to_numpy(),
            "mode": "lines+markers", "name": name_of(entity, names),
            "line": {"color": style["color"], "width": style["width"], "dash": style["dash"]},
            "customdata": rows[["release"]].to_numpy(dtype=object),
            "hovertemplate": f"%{{y:.1f}} {unit_label(unit)} (%{{customdata[0]}})",
        })
    traces, shapes = with_targets(traces, targets.to_dict("records"))
    return go.Figure(data=traces, layout=base_layout(unit_label(unit), shapes=shapes))


def country_summary(
    obs: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str], *, unit: str
) -> str:
    """Text of the country chart: the latest value of the country and each comparison group."""
    last = {r["entity_id"]: r for r in
            obs.sort_values("year").drop_duplicates("entity_id", keep="last").to_dict("records")}
    parts = [f"{name_of(e, names)} {fmt_value(last[e]['value'], unit)} in {last[e]['year']}"
             for e in (peers.get(role) for role in ROLE_ORDER) if e in last]
    if not parts:
        return "No data for this country and indicator."
    return "Latest values: " + "; ".join(parts) + "."


def key_figures_table(
    obs: pd.DataFrame, peers: Mapping[str, str], indicators: pd.DataFrame, names: Mapping[str, str]
) -> pd.DataFrame:
    """Latest value of every indicator for the country and each peer, one row per indicator.

    `obs`: total-breakdown rows for the peers, one release per (indicator, entity). Columns: Indicator,
    Unit, then one column per peer named after it ("66.3 (2022)"); indicators the country lacks are left
    out.
    """
    entities = [peers[r] for r in ROLE_ORDER if r in peers]
    obs = obs[obs["entity_id"].isin(entities)]
    if obs.empty:
        return pd.DataFrame(columns=["Indicator", "Unit"])
    latest = obs.sort_values("year").drop_duplicates(["indicator_id", "entity_id"], keep="last")
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    ind_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    # the Unit column names the unit once; a cell is the number and its year ("35.0 (2024)", "2.1 billion")
    latest = latest.assign(cell=[f"{fmt_number(float(v), units.get(i, ''))} ({y})" for v, i, y in
                                 zip(latest["value"], latest["indicator_id"], latest["year"], strict=True)])
    wide = latest.pivot(index="indicator_id", columns="entity_id", values="cell")
    country = peers["country"]
    wide = wide[wide[country].notna()] if country in wide else wide.iloc[0:0]  # indicators the country has
    table = pd.DataFrame({"Indicator": [ind_names.get(i, i) for i in wide.index],
                          "Unit": [unit_label(units.get(i, "")) for i in wide.index]})
    for entity in entities:
        col = wide[entity] if entity in wide else pd.Series(pd.NA, index=wide.index)
        table[name_of(entity, names)] = col.fillna("–").to_numpy()
    return table.sort_values("Indicator", kind="stable").reset_index(drop=True)


# --- claims ---------------------------------------------------------------------------------------------
def highlight_segments(text: str, quote: str, start: int | None = None, end: int | None = None
                       ) -> list[tuple[str, bool]]:
    """Split `text` into (piece, is_quote) so the quote can be marked in its paragraph.

    The offsets are trusted only when they point at exactly the quote; otherwise the quote is searched
    for (first occurrence). A quote not found leaves the text unmarked rather than marking the wrong span.
    """
    if not text:
        return []
    if not quote:
        return [(text, False)]
    if start is None or end is None or not (0 <= start <= end <= len(text)) or text[start:end] != quote:
        start = text.find(quote)
        if start < 0:
            return [(text, False)]
        end = start + len(quote)
    pieces = [(text[:start], False), (text[start:end], True), (text[end:], False)]
    return [p for p in pieces if p[0]]


def country_targets(
    progress: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str]
) -> pd.DataFrame:
    """Progress rows (latest release) of the targets scored on the country or one of its peers.

    One row per target and entity, the country first, then region, income group and world; columns:
    target_id, framework, entity_id, entity, indicator_id, unit, latest_value, latest_year, target_value,
    deadline_year, gap_to_target, status, verification_status, release.
    """
    cols = ["target_id", "framework", "entity_id", "entity", "indicator_id", "unit", "latest_value",
            "latest_year", "target_value", "deadline_year", "gap_to_target", "status", "verification_status",
            "release"]
    if progress.empty:
        return pd.DataFrame(columns=cols)
    order = {entity: i for i, entity in enumerate(peers[r] for r in ROLE_ORDER if r in peers)}
    rows = progress[progress["entity_id"].isin(order)]
    if "is_latest_release" in rows:
        rows = rows[rows["is_latest_release"].astype(bool)]
    rows = rows.assign(entity=[name_of(e, names) for e in rows["entity_id"]],
                       _o=rows["entity_id"].map(order))
    rows = rows.sort_values(["_o", "deadline_year", "target_id"])
    return rows.reindex(columns=cols).reset_index(drop=True)


# claim scopes (reference/claims.md) -> our entity ids, for links to the series a claim talks about
SCOPE_ENTITIES = {
    "world": "world", "women": "world", "men": "world", "LDCs": "ldc", "LLDCs": "lldc", "SIDS": "sids",
    "developing_countries": "developing_lmic", "Africa": "itu_africa", "Americas": "itu_americas",
    "Arab_States": "itu_arab_states", "Asia-Pacific": "itu_asia_pacific", "CIS": "itu_cis",
    "Europe": "itu_europe",
}
SCOPE_SEX = {"women": "female", "men": "male"}


def claim_series_query(indicator: str, scope: str, known_indicators: Iterable[str]) -> dict[str, str] | None:
    """Explorer query of the series a claim talks about, or None when we have no such indicator."""
    if indicator not in set(known_indicators):
        return None
    first = (scope or "").split(";")[0].strip()
    group, sex_word = first.rsplit("_", 1) if first.endswith(("_women", "_men")) else (first, "")
    query = {"indicator": indicator, "entities": SCOPE_ENTITIES.get(group, "world")}
    sex = SCOPE_SEX.get(sex_word or group)
    if sex:
        query["sex"] = sex
    return query


def verdict_counts(verdicts: pd.Series) -> dict[str, int]:
    """How many claims got each verdict, most frequent first (no verdict counted as 'not checked')."""
    counts = verdicts.fillna("not checked").astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def claim_context(paragraph: Mapping | None, quote: str, start: int, end: int) -> list[tuple[str, bool]]:
    """The quote marked inside its paragraph as (piece, is_quote) pieces; the bare quote without one.

    `paragraph` is a claim_paragraphs row (start, text); the claim's offsets are document-level.
    """
    if paragraph is None:
        return [(quote, True)] if quote else []
    p0 = int(paragraph["start"])
    return highlight_segments(str(paragraph["text"]), quote, start - p0, end - p0)


# verdicts of etl.reconcile -> colour (Okabe–Ito): matches green, revised sky blue, differs orange,
# not supported vermillion; nothing to check in two greys that stay apart (dark: only later data, light: none)
VERDICT_COLOURS = {
    vocabulary.MATCHES: "#009E73", vocabulary.STILL_MATCHES: "#009E73", vocabulary.REVISED: "#56B4E9",
    vocabulary.DIFFERS: "#E69F00", vocabulary.NOT_SUPPORTED: "#D55E00",
    vocabulary.NO_RELEASE_OF_ITS_TIME: "#8C8C8C", vocabulary.NO_SERIES: "#D0D0D0",
}
NO_VERDICT_COLOUR = "#999999"


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
    labels = [f"{r} (of its time)" if bool(t) else str(r)
              for r, t in zip(rows["release"], rows["is_of_its_time"], strict=True)]
    bar = {
        "type": "bar", "x": labels, "y": rows["data_value"].to_numpy(),
        "text": rows["release_verdict"].to_numpy(dtype=object), "textposition": "auto",
        "marker": {"color": [VERDICT_COLOURS.get(str(v), NO_VERDICT_COLOUR)
                             for v in rows["release_verdict"]]},
        "customdata": [[fmt_value(v, unit), "" if pd.isna(y) else str(int(y))]
                       for v, y in zip(rows["data_value"], rows["year_used"], strict=True)],
        "hovertemplate": "%{x}: %{customdata[0]} in %{customdata[1]}<extra></extra>",
    }
    shapes: list[dict] = []
    notes: list[dict] = []
    lo, hi = rows["interval_low"].iloc[0], rows["interval_high"].iloc[0]
    if pd.notna(lo) and pd.notna(hi):
        shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": float(lo),
                       "y1": float(hi), "line": {"width": 0}, "fillcolor": "#000000", "opacity": 0.08,
                       "layer": "below"})
    if claim_value is not None and not math.isnan(claim_value):
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": claim_value,
                       "y1": claim_value, "line": {"dash": "dash", "color": "#000000", "width": 2}})
        notes.append({"text": f"claimed {fmt_value(claim_value, unit)}", "showarrow": False, "xref": "paper",
                      "x": 0, "xanchor": "left", "yref": "y", "y": claim_value, "yanchor": "bottom"})
    layout = base_layout(unit_label(unit), "Release of the data", shapes=shapes, annotations=notes,
                         hovermode="closest", showlegend=False)
    return go.Figure(data=[bar], layout=layout)
