"""Country profile: one country against its ITU region, its World Bank income group, the world and the
targets.

Addresses: ``/country/KEN`` or ``/country?iso3=KEN``, with ``&indicator=households_internet_access_share``.
Choosing another country navigates to ``/country/<ISO3>``; choosing another indicator redraws in place and
writes it into the query string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components, data, exports
from dashboard import figures_pages as fp
from dashboard.figures import fmt_value, unit_label

PAGE = "country"
DEFAULT_COUNTRY = "KEN"
DEFAULT_INDICATOR = "internet_use_share"
ROLE_WORDS = {"region": "ITU region", "income": "World Bank income group", "world": "the world"}
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def _title(iso3: str | None = None, **_: object) -> str:
    name = data.entity_names().get((iso3 or "").upper()) if iso3 and _ISO3.match(iso3) else None
    return f"{name} · Country profile · ict4d" if name else "Country profile · ict4d"


dash.register_page(__name__, path="/country", path_template="/country/<iso3>", name="Country profile",
                   title=_title, nav_order=5,
                   description="one country against its region, income group, the world and the targets")


# --- what there is to show ------------------------------------------------------------------------------
def _indicators_by_entity() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for indicator in data.indicators()["indicator_id"]:
        for entity in data.observations(indicator)["entity_id"].unique():
            out.setdefault(str(entity), set()).add(str(indicator))
    return out


def indicators_by_entity() -> dict[str, set[str]]:
    """entity_id -> indicators with total-breakdown values (computed once per process)."""
    return data.memo(("country.indicators_by_entity",), _indicators_by_entity)


def countries() -> list[str]:
    """ISO3 ids of the countries that have at least one observation, by name."""
    def compute() -> list[str]:
        ent = data.entities()
        ent = ent[(ent["entity_type"] == "country") & ent["entity_id"].isin(indicators_by_entity())]
        return ent.sort_values("name")["entity_id"].tolist()

    return data.memo(("country.countries",), compute)


def indicators_of(iso3: str) -> list[str]:
    """Indicators with total-breakdown values for the country, in registry order."""
    have = indicators_by_entity().get(iso3, set())
    return [i for i in data.indicators()["indicator_id"] if i in have]


def latest_rows() -> pd.DataFrame:
    """Total-breakdown observations, one release per (indicator, entity), computed once per process."""
    return data.memo(("country.latest_rows",), lambda: fp.pick_release(data.observations()))


def latest_rows_of(indicator: str) -> pd.DataFrame:
    """`latest_rows` of one indicator (split once), so a view filters a few thousand rows."""
    split = data.memo(("country.latest_rows_by_indicator",),
                      lambda: {str(k): g for k, g in latest_rows().groupby("indicator_id", sort=False)})
    return split.get(indicator, latest_rows().iloc[0:0])


def level_targets(indicator: str) -> pd.DataFrame:
    """The level (not parity) targets with a figure on one indicator, once per indicator."""
    return data.memo(("country.level_targets", indicator),
                     lambda: fp.applicable_targets(data.targets(), indicator, data.targets()["scope"]))


def peers_of(iso3: str) -> dict[str, str]:
    """Region, income group and world of a (validated) country, once per country and process."""
    return data.memo(("country.peers", iso3),
                     lambda: fp.country_peers(iso3, data.entities(), data.group_membership()))


# --- state ----------------------------------------------------------------------------------------------
def parse_query(**query: object) -> dict:
    """Clean state from the path variable or query; never raises (bad values fall back, with a message)."""
    messages: list[str] = []
    known = countries()
    raw = components.first(query.get("iso3"))
    iso3 = raw.upper() if raw and _ISO3.match(raw) else None
    default = DEFAULT_COUNTRY if DEFAULT_COUNTRY in known else next(iter(known), None)
    if iso3 not in known:
        if raw is not None:
            shown = data.entity_names().get(default, default) if default else "nothing"
            messages.append(f"No country with data has the code “{raw[:40]}”; showing {shown}. "
                            "Use a three-letter ISO code such as KEN, or pick a country below.")
        iso3 = default
    state: dict = {"iso3": iso3, "indicator": None, "messages": messages}
    if iso3 is None:
        messages.append("The published data hold no country values yet.")
        return state
    available = indicators_of(iso3)
    indicator = components.first(query.get("indicator"))
    if indicator not in available:
        fallback = DEFAULT_INDICATOR if DEFAULT_INDICATOR in available else next(iter(available), None)
        if indicator is not None:
            messages.append(f"No values of “{indicator[:64]}” for this country; showing {fallback}.")
        indicator = fallback
    state["indicator"] = indicator
    return state


def query_of(state: Mapping) -> dict:
    return {k: state[k] for k in ("iso3", "indicator") if state.get(k)}


def search_for(state: Mapping, pathname: str | None) -> str:
    """The query string for the address: the indicator when not the default, and the country unless the
    path already names it (``/country/KEN``)."""
    iso3 = state.get("iso3")
    in_path = bool(pathname and iso3 and pathname.rstrip("/").upper().endswith(f"/COUNTRY/{iso3}"))
    shown = {"iso3": None if in_path else iso3, "indicator": state.get("indicator")}
    return components.to_query(shown, {"indicator": DEFAULT_INDICATOR})


# --- the chart ------------------------------------------------------------------------------------------
def view_data(state: Mapping) -> tuple[pd.DataFrame, dict[str, str]]:
    """Total-breakdown rows of the indicator for the country and its peers, one release per entity."""
    peers = peers_of(state["iso3"])
    rows = latest_rows_of(state["indicator"])
    return rows[rows["entity_id"].isin(list(peers.values()))], peers


def csv_frame(rows: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str]) -> pd.DataFrame:
    """Exactly the rows shown, with the entity's role and name and the licence of its source."""
    src = data.sources()
    licences = {} if src.empty else dict(zip(src["source_id"], src["licence"], strict=False))
    role_of = {v: k for k, v in peers.items()}
    out = rows.assign(entity_name=rows["entity_id"].map(lambda e: names.get(e, e)),
                      role=rows["entity_id"].map(role_of), licence=rows["source_id"].map(licences))
    cols = ["indicator_id", "entity_id", "entity_name", "role", "year", "value", "unit", "release",
            "source_id", "series_code", "is_estimate", "licence"]
    return out.reindex(columns=cols).sort_values(["role", "year"], ignore_index=True)


@components.chart("country-compare")
def compare_chart(query: Mapping[str, object]) -> components.Chart:
    """The country's line against its region, income group and the world, with the targets on the series."""
    state = parse_query(**query)
    names = data.entity_names()
    if not state.get("indicator"):
        return components.Chart(fp.empty_figure("No data for this country"), "Country profile",
                                filename="ict4d-country")
    info = data.indicator_info(state["indicator"]) or {"name": state["indicator"], "unit": ""}
    rows, peers = view_data(state)
    targets = level_targets(state["indicator"])
    targets = targets[targets["scope"].isin([*peers.values(), "every_country"])]
    caveats = [c for c in (exports.target_caveat(t) for t in targets.get("verification_status", [])) if c]
    mixed = exports.releases_caveat(rows["release"]) if not rows.empty else None
    missing = [f"{ROLE_WORDS[r]} ({names.get(e, e)})" for r, e in peers.items()
               if r != "country" and e not in set(rows["entity_id"])]
    if missing:
        caveats.append("No data for " + ", ".join(missing) + " on this indicator.")
    if "region" not in peers:
        caveats.append("The ITU region of this country is not in the published data.")
    country = names.get(state["iso3"], state["iso3"])
    return components.Chart(
        figure=fp.country_figure(rows, peers, names, targets, unit=info["unit"]),
        title=f"{country}: {info['name']}",
        subtitle=f"{unit_label(info['unit'])}; compared with its region, income group and the world",
        summary=fp.country_summary(rows, peers, names, unit=info["unit"]),
        source=exports.source_line(exports.source_refs(rows, data.sources())),
        caveats=[*caveats, *([mixed] if mixed else [])],
        data=csv_frame(rows, peers, names),
        filename=f"ict4d-{state['iso3']}-{state['indicator']}",
    )


# --- tables ---------------------------------------------------------------------------------------------
def _table(caption: str, frame: pd.DataFrame, *, table_id: str) -> html.Div:
    """An accessible HTML table (caption, header cells with scope), horizontally scrollable on phones."""
    if frame.empty:
        return html.Div(components.message(f"{caption}: nothing published for this country yet."))
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in frame.columns]))
    body = html.Tbody([html.Tr([html.Td(v) for v in row])
                       for row in frame.astype(object).itertuples(index=False)])
    return html.Div(html.Table([html.Caption(caption), head, body], className="data-table", id=table_id),
                    className="table-scroll")


def key_figures(state: Mapping) -> html.Div:
    """Latest value of every indicator the country has, next to its peers."""
    peers = peers_of(state["iso3"])
    table = fp.key_figures_table(latest_rows(), peers, data.indicators(), data.entity_names())
    return _table("Latest value of each indicator (year in brackets)", table, table_id="country-key-figures")


def targets_section(state: Mapping) -> html.Div:
    """Targets scored on the country or its groups (latest release), with status and verification."""
    names = data.entity_names()
    rows = fp.country_targets(data.progress(), peers_of(state["iso3"]), names)
    if rows.empty:
        return components.message("No target is scored on this country or its groups in the published data.")
    items = []
    for r in rows.itertuples():
        items.append(html.Tr([
            html.Td([dcc.Link(r.target_id, href=f"/targets?target={r.target_id}"), html.Br(),
                     html.Small(str(r.framework))]),
            html.Td(r.entity),
            html.Td(f"{fmt_value(r.latest_value, r.unit)} ({int(r.latest_year)})"
                    if pd.notna(r.latest_year) else "no data"),
            html.Td(f"{fmt_value(r.target_value, r.unit) if pd.notna(r.target_value) else 'no figure set'} "
                    f"by {r.deadline_year}"),
            html.Td([components.status_badge(r.status), " ",
                     components.verification_mark(r.verification_status)]),
        ]))
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in ("Target", "For", "Latest", "Target value",
                                                                    "Status")]))
    return html.Div(html.Table([html.Caption("Targets scored on this country and its groups"), head,
                                html.Tbody(items)], className="data-table", id="country-targets"),
                    className="table-scroll")


def peers_sentence(state: Mapping) -> str:
    names = data.entity_names()
    peers = peers_of(state["iso3"])
    parts = [f"{ROLE_WORDS[r]} {names.get(peers[r], peers[r])}" for r in ("region", "income") if r in peers]
    country = names.get(state["iso3"], state["iso3"])
    if not parts:
        return f"{country} compared with the world (its region and income group are not published)."
    return f"{country} compared with its " + " and its ".join(parts) + ", and with the world."


# --- layout and callbacks -------------------------------------------------------------------------------
def chart_children(state: Mapping) -> list:
    query = query_of(state)
    return [components.chart_card("country-compare", compare_chart(query), {"chart": "country-compare",
                                                                            "query": query})]


def layout(**query: object) -> html.Div:
    """The profile for a path variable or query (bad values give a message on the page, never an error)."""
    state = parse_query(**query)
    msgs = [components.message(m, kind="warning") for m in state["messages"]]
    names = data.entity_names()
    if state["iso3"] is None:
        return html.Div([components.page_header("Country profile"), *msgs], className="page page-country")
    ind_names = dict(zip(data.indicators()["indicator_id"], data.indicators()["name"], strict=False))
    controls = html.Div([
        components.labelled("Country", "country-select", dcc.Dropdown(
            id="country-select", value=state["iso3"], clearable=False, searchable=True,
            options=[{"label": f"{names.get(c, c)} ({c})", "value": c} for c in countries()]),
            "Type to search by name or ISO code"),
        components.labelled("Indicator", "country-indicator", dcc.Dropdown(
            id="country-indicator", value=state["indicator"], clearable=False, searchable=True,
            options=[{"label": ind_names.get(i, i), "value": i} for i in indicators_of(state["iso3"])])),
    ], className="controls")
    return html.Div([
        dcc.Location(id="country-nav", refresh="callback-nav"),
        components.page_header(f"{names.get(state['iso3'], state['iso3'])}: country profile",
                               peers_sentence(state)),
        *msgs,
        controls,
        html.Div(chart_children(state), id="country-chart", **{"aria-live": "polite"}),
        html.Section([html.H2("Key figures"), key_figures(state)], className="chart-card"),
        html.Section([html.H2("Targets"), targets_section(state)], className="chart-card"),
        *components.url_sync(PAGE),
    ], className="page page-country")


def indicator_changed(iso3: str | None, indicator: str | None, pathname: str | None) -> tuple[list, str]:
    """Another indicator: redraw the chart in place and write the view into the address."""
    state = parse_query(iso3=iso3, indicator=indicator)
    return chart_children(state), search_for(state, components.first(pathname))


def country_changed(iso3: str | None, indicator: str | None, pathname: str | None) -> str:
    """Another country: go to its own address, keeping the indicator when the new country has it."""
    iso3, pathname = components.first(iso3), components.first(pathname)
    if not iso3 or (pathname or "").rstrip("/").upper().endswith(f"/COUNTRY/{iso3.upper()}"):
        raise dash.exceptions.PreventUpdate
    state = parse_query(iso3=iso3, indicator=indicator)
    return f"/country/{state['iso3']}" + search_for({**state, "iso3": None}, None)


callback(
    Output("country-chart", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("country-indicator", "value"),
    State("country-select", "value"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)(lambda indicator, iso3, pathname: indicator_changed(iso3, indicator, pathname))

callback(
    Output("country-nav", "href"),
    Input("country-select", "value"),
    State("country-indicator", "value"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)(country_changed)
