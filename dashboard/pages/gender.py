"""Gender divide: women and men side by side, and the parity score (women / men) over time with ITU's
0.98–1.02 parity band, by region and group.

State in the URL: ``/gender?indicator=internet_use_share&entities=world,ldc&release=unsd-2023-04&year=2022``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import components, data, exports
from dashboard import figures_pages as fp
from dashboard.figures import PALETTE, unit_label

PAGE = "gender"
dash.register_page(__name__, path="/gender", name="Gender divide", title="Gender divide · ict4d",
                   nav_order=3,
                   description="Women and men side by side; the gender parity score against the parity band")

DEFAULT_INDICATOR = "internet_use_share"
MAX_DEFAULT_ENTITIES = len(PALETTE)  # one colour per line
# groups first (the page is about regions and groups), in this order of entity types
TYPE_ORDER = [
    "world", "itu_region", "income_group", "special_group", "sdg_region", "computed_group", "country",
]


# --- what there is to show ------------------------------------------------------------------------------
def gender_indicators() -> list[str]:
    """Indicators with both female and male values somewhere (the only ones a parity score exists for)."""
    def compute() -> list[str]:
        out = []
        for ind in data.indicators()["indicator_id"]:
            sexes = data.breakdown_values(ind)["sex"]
            if "female" in sexes and "male" in sexes:
                out.append(str(ind))
        return out

    return data.memo(("gender.indicators",), compute)


def by_sex(indicator: str) -> pd.DataFrame:
    """All female/male rows of one indicator (every entity, release, area and age group)."""
    def compute() -> pd.DataFrame:
        obs = data.observations(indicator, sex=None)
        return obs[obs["sex"].isin(["female", "male"])]

    return data.memo(("gender.by_sex", indicator), compute)


def entity_options(indicator: str) -> list[str]:
    """Entities with values by sex for the indicator: groups first (by type), then countries by name."""
    def compute() -> list[str]:
        ids = set(by_sex(indicator)["entity_id"])
        ent = data.entities()
        ent = ent[ent["entity_id"].isin(ids)]
        order = ent["entity_type"].map({t: i for i, t in enumerate(TYPE_ORDER)}).fillna(len(TYPE_ORDER))
        ordered = ent.assign(_order=order).sort_values(["_order", "name"])["entity_id"].tolist()
        return ordered + sorted(ids - set(ordered))

    return data.memo(("gender.entity_options", indicator), compute)


def default_entities(indicator: str) -> list[str]:
    """The world and the ITU regions with values by sex (one colour each); else any groups, else countries."""
    ent_type = dict(zip(data.entities()["entity_id"], data.entities()["entity_type"], strict=False))
    options = entity_options(indicator)
    regions = [e for e in options if ent_type.get(e) in ("world", "itu_region")]
    groups = [e for e in options if ent_type.get(e) != "country"]
    chosen = regions if len(regions) > 1 else (groups or options)
    return chosen[:MAX_DEFAULT_ENTITIES]


# --- state ----------------------------------------------------------------------------------------------
def parse_query(**query: object) -> dict:
    """Clean state from URL query values; never raises (bad values fall back, with a message)."""
    messages: list[str] = []
    available = gender_indicators()
    indicator = components.first(query.get("indicator"))
    default_ind = DEFAULT_INDICATOR if DEFAULT_INDICATOR in available else next(iter(available), None)
    if indicator not in available:
        if indicator is not None:
            messages.append(f"No values by sex for indicator {indicator!r}; "
                            f"showing {default_ind or 'nothing'}. Indicators with values by sex: "
                            f"{', '.join(available) or 'none yet'}.")
        indicator = default_ind
    state: dict = {"indicator": indicator, "entities": [], "release": None, "year": None,
                   "messages": messages}
    if indicator is None:
        messages.append("The published data hold no values by sex yet.")
        return state
    options = entity_options(indicator)
    asked = components.as_list(query.get("entities"))
    unknown = [e for e in asked if e not in options]
    if unknown:
        messages.append(f"No values by sex for {', '.join(unknown)}; left out.")
    state["entities"] = [e for e in asked if e in options] or default_entities(indicator)
    rows = by_sex(indicator)
    release = components.first(query.get("release"))
    releases = sorted(rows["release"].unique().tolist(), reverse=True)
    if release is not None and release not in releases:
        messages.append(f"Unknown release {release!r} for this indicator; using the latest per entity.")
        release = None
    state["release"] = release
    year_text = components.first(query.get("year"))
    year = components.as_int(year_text)
    years = set(rows.loc[rows["entity_id"].isin(state["entities"]), "year"].astype(int))
    if year_text is not None and year not in years:
        messages.append(f"No values by sex in year {year_text!r}; showing each entity's latest year.")
        year = None
    state["year"] = year
    return state


def defaults_for(state: Mapping) -> dict:
    """The state an address without query parameters gives (left out of the canonical query string)."""
    ind = state.get("indicator")
    return {"indicator": DEFAULT_INDICATOR, "entities": default_entities(ind) if ind else [], "release": None,
            "year": None}


def canonical(state: Mapping) -> dict:
    return {k: state.get(k) for k in ("indicator", "entities", "release", "year")}


# --- data behind the charts -----------------------------------------------------------------------------
def parity_data(state: Mapping) -> pd.DataFrame:
    """Parity frame of the chosen entities: totals of area and age group, one release per entity."""
    if not state.get("indicator"):
        return fp.parity_frame(pd.DataFrame())
    return _parity(data.data_dir(), state["indicator"], tuple(state["entities"]), state.get("release"))


@functools.lru_cache(maxsize=64)  # both charts of a view share it; bounded, as the key comes from the URL
def _parity(_data_dir: object, indicator: str, entities: tuple[str, ...], release: str | None
            ) -> pd.DataFrame:
    par = all_parity(indicator, release)
    par = par[par["entity_id"].isin(entities)]
    order = {e: i for i, e in enumerate(entities)}  # lines and bars in the order the entities were chosen
    return par.sort_values(["entity_id", "year"], key=lambda s: s.map(order) if s.name == "entity_id" else s,
                           ignore_index=True)


def all_parity(indicator: str, release: str | None) -> pd.DataFrame:
    """Parity frame of every entity with values by sex (totals of area and age group, one release per
    entity), computed once per indicator and release: a view only filters it (the release is picked per
    entity, so picking before or after choosing the entities gives the same rows)."""

    def compute() -> pd.DataFrame:
        obs = by_sex(indicator)
        obs = obs[(obs["area"] == "total") & (obs["age_group"] == "total")]
        if release:
            obs = obs[obs["release"] == release]
        return fp.parity_frame(fp.pick_release(obs))

    return data.memo(("gender.all_parity", indicator, release), compute)


def with_provenance(rows: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The CSV behind a chart: entity name plus the indicator, unit, release, source and licence columns."""
    licences = {} if data.sources().empty else dict(
        zip(data.sources()["source_id"], data.sources()["licence"], strict=False))
    out = rows.copy()
    out.insert(2, "entity_name", [names.get(e, e) for e in out["entity_id"]])
    out["licence"] = [licences.get(s, "") for s in out["source_id"]]
    return out


def _context(state: Mapping) -> tuple[dict, str, dict]:
    """Entity names, the indicator's unit (from the registry) and its registry row."""
    info = (data.indicator_info(state["indicator"]) if state.get("indicator") else None) or {}
    info.setdefault("name", state.get("indicator") or "")
    return data.entity_names(), info.get("unit", ""), info


def definition_line(info: Mapping) -> html.P:
    """The registry's definition and unit of the women's and men's values (under the charts)."""
    definition = str(info.get("definition") or "").rstrip(". ")
    return html.P([html.Strong(f"{info['name']}: "), f"{definition}. ", html.Strong("Unit: "),
                   f"{unit_label(info.get('unit'))}."], className="definition-line")


def _source_and_caveats(rows: pd.DataFrame) -> tuple[str, list[str]]:
    refs = exports.source_refs(rows, data.sources())
    caveat = exports.releases_caveat(rows["release"]) if not rows.empty else None
    return exports.source_line(refs), [caveat] if caveat else []


@components.chart("gender-parity")
def parity_chart(query: Mapping[str, object]) -> components.Chart:
    """Parity score over time, one line per entity, over the 0.98–1.02 band."""
    state = parse_query(**query)
    names, _unit, info = _context(state)
    par = parity_data(state)
    source, caveats = _source_and_caveats(par)
    targets = fp.parity_targets(data.targets(), state.get("indicator") or "", state["entities"])
    notes = dict.fromkeys(exports.target_caveat(v) for v in targets["verification_status"])
    caveats += [c for c in notes if c]
    return components.Chart(
        figure=fp.parity_figure(par, names, targets=targets),
        title=f"Gender parity score: {info['name']}",
        subtitle=f"Women's value divided by men's; {fp.PARITY_BAND[0]:.2f}–{fp.PARITY_BAND[1]:.2f} counts as "
                 "parity (ITU). Below the band, men are ahead.",
        summary=fp.parity_summary(par, names),
        source=source,
        caveats=caveats,
        data=with_provenance(par, names),
        filename=f"ict4d-gender-parity-{state.get('indicator')}",
    )


@components.chart("gender-bars")
def bars_chart(query: Mapping[str, object]) -> components.Chart:
    """Women and men side by side for each entity in the chosen (else latest) year."""
    state = parse_query(**query)
    names, unit, info = _context(state)
    rows = fp.latest_per_entity(parity_data(state), state.get("year"))
    source, caveats = _source_and_caveats(rows)
    when = f"in {state['year']}" if state.get("year") else "latest year of each"
    return components.Chart(
        figure=fp.sex_bars_figure(rows, names, unit=unit),
        title=f"Women and men: {info['name']}",
        subtitle=f"{unit_label(unit)}, {when}",
        summary=fp.sex_bars_summary(rows, names, unit=unit),
        source=source,
        caveats=caveats,
        data=with_provenance(rows, names),
        filename=f"ict4d-gender-women-men-{state.get('indicator')}",
    )


# --- layout and callback --------------------------------------------------------------------------------
def charts(state: Mapping) -> list:
    """The two chart cards of a state (also what the callback returns when a control changes)."""
    query = {k: v for k, v in canonical(state).items() if v not in (None, [])}
    msgs = [components.message(m, kind="warning") for m in state.get("messages", [])]
    if not state.get("indicator"):
        return msgs
    return [
        *msgs,
        components.chart_card("gender-parity", parity_chart(query),
                              {"chart": "gender-parity", "query": query}),
        components.chart_card("gender-bars", bars_chart(query), {"chart": "gender-bars", "query": query}),
        definition_line(_context(state)[2]),
    ]


def controls(state: Mapping) -> html.Div:
    names = data.entity_names()
    ind_names = dict(zip(data.indicators()["indicator_id"], data.indicators()["name"], strict=False))
    ind = state.get("indicator")
    rows = by_sex(ind) if ind else pd.DataFrame(columns=["release", "year"])
    years = sorted(rows["year"].astype(int).unique().tolist(), reverse=True)
    return html.Div([
        components.labelled("Indicator", "gender-indicator", dcc.Dropdown(
            id="gender-indicator", value=ind,
            options=[{"label": ind_names.get(i, i), "value": i} for i in gender_indicators()],
            clearable=False, searchable=True)),
        components.labelled("Regions and groups", "gender-entities", dcc.Dropdown(
            id="gender-entities", multi=True, searchable=True, value=state.get("entities"),
            options=[{"label": names.get(e, e), "value": e} for e in (entity_options(ind) if ind else [])]),
            "Type to search; countries with values by sex are listed after the groups."),
        components.labelled("Release", "gender-release", dcc.Dropdown(
            id="gender-release", value=state.get("release"), placeholder="Latest per entity",
            options=[{"label": r, "value": r} for r in sorted(rows["release"].unique(), reverse=True)])),
        components.labelled("Year (women and men chart)", "gender-year", dcc.Dropdown(
            id="gender-year", value=state.get("year"), placeholder="Latest per entity",
            options=[{"label": str(y), "value": y} for y in years])),
    ], className="controls")


def layout(**query: object) -> html.Div:
    """The page for a URL query (bad values give a message on the page, never an error)."""
    state = parse_query(**query)
    return html.Div([
        components.page_header(
            "Gender divide",
            "How women and men compare: the gender parity score is the women's value divided by the men's; "
            "ITU counts 0.98 to 1.02 as parity.",
        ),
        controls(state),
        html.Div(charts(state), id="gender-charts", **{"aria-live": "polite"}),
        *components.url_sync(PAGE),
    ], className="page page-gender")


def update(indicator: str | None, entities: list[str] | None, release: str | None, year: int | None
           ) -> tuple[list, str]:
    """Controls changed: redraw both charts and put the view in the address."""
    state = parse_query(indicator=indicator, entities=entities, release=release, year=year)
    return charts(state), components.to_query(canonical(state), defaults_for(state))


def indicator_changed(indicator: str | None, entities: list[str] | None) -> tuple[list, list, list, list]:
    """Another indicator: offer its entities, releases and years; keep the chosen entities it has."""
    indicator = components.first(indicator)
    if indicator not in gender_indicators():
        raise dash.exceptions.PreventUpdate
    names = data.entity_names()
    options = entity_options(indicator)
    rows = by_sex(indicator)
    kept = [e for e in components.as_list(entities) if e in options] or default_entities(indicator)
    return (
        [{"label": names.get(e, e), "value": e} for e in options],
        kept,
        [{"label": r, "value": r} for r in sorted(rows["release"].unique(), reverse=True)],
        [{"label": str(y), "value": y} for y in sorted(rows["year"].astype(int).unique(), reverse=True)],
    )


callback(
    Output("gender-entities", "options"),
    Output("gender-entities", "value"),
    Output("gender-release", "options"),
    Output("gender-year", "options"),
    Input("gender-indicator", "value"),
    dash.State("gender-entities", "value"),
    prevent_initial_call=True,
)(indicator_changed)

callback(
    Output("gender-charts", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("gender-indicator", "value"),
    Input("gender-entities", "value"),
    Input("gender-release", "value"),
    Input("gender-year", "value"),
    prevent_initial_call=True,
)(update)
