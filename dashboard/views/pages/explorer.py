"""The Explorer's view: any indicator for any countries and groups, any breakdown and release, as a line
chart with target markers, a world map of one year, or a table; the whole view is in the address, e.g.
``/explorer?indicator=internet_use_share&entities=world,KEN&sex=female&tab=map&year=2022``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from dashboard.views import published
from dashboard.views.builders import chart
from dashboard.views.figures import explorer as figures
from dashboard.views.figures.base import empty_figure
from dashboard.views.formats import unit_label
from dashboard.views.frames import pick_release
from dashboard.views.query import as_int, as_list, first
from dashboard.views.spec import ChartSpec, releases_caveat, source_line, source_refs, target_caveat

PATH = "/explorer"
TABS = ["line", "map", "table"]
COVERAGE_SHARE = 0.5  # the default map year has at least this share of the best year's countries
DEFAULT_INDICATOR = "internet_use_share"
DEFAULT_ENTITIES = ["world"]
CSV_COLUMNS = [
    "indicator_id",
    "entity_id",
    "entity_name",
    "year",
    "value",
    "unit",
    "sex",
    "area",
    "age_group",
    "release",
    "source_id",
    "series_code",
    "is_estimate",
    "licence",
]


def defaults(indicator: str | None = None) -> dict:
    """The state of an address without query parameters (left out of the canonical query string)."""
    return {
        "indicator": indicator or DEFAULT_INDICATOR,
        "entities": DEFAULT_ENTITIES,
        "sex": "total",
        "area": "total",
        "age_group": "total",
        "release": None,
        "tab": "line",
        "year": None,
    }


def parse_query(**query: object) -> dict:
    """Clean explorer state from URL query parameters; never raises, explains what it ignored."""
    messages: list[str] = []
    known = published.indicators()["indicator_id"].tolist()
    indicator = first(query.get("indicator"))
    if indicator not in known:
        if indicator is not None:
            messages.append(f"Unknown indicator “{indicator[:64]}”; showing {_default_indicator(known)}.")
        indicator = _default_indicator(known)
    state = defaults(indicator)
    state["indicator"] = indicator  # None when nothing is published
    names = published.entity_names()
    asked = as_list(query.get("entities"))
    raw_entities = query.get("entities")
    if raw_entities is not None:
        unknown = [e for e in asked if e not in names]
        if unknown:
            messages.append(f"Unknown country or group: {', '.join(unknown[:5])} (ignored).")
        state["entities"] = [e for e in asked if e in names] or [e for e in DEFAULT_ENTITIES if e in names]
    else:
        state["entities"] = [e for e in DEFAULT_ENTITIES if e in names] or list(names)[:1]
    available = published.breakdown_values(indicator) if indicator else {}
    for col in published.BREAKDOWNS:
        val = first(query.get(col))
        if val is None:
            continue
        if val in available.get(col, []):
            state[col] = val
        else:
            messages.append(f"No {col.replace('_', ' ')} “{val[:32]}” for this indicator; showing total.")
    release = first(query.get("release"))
    if release is not None:
        if release in published.releases(indicator):
            state["release"] = release
        else:
            messages.append(f"Unknown release “{release[:40]}”; showing the latest release of each line.")
    tab = first(query.get("tab"))
    if tab is not None:
        if tab in TABS:
            state["tab"] = tab
        else:
            messages.append(f"Unknown view “{tab[:20]}”; showing the line chart.")
    year = as_int(query.get("year"))
    if query.get("year") is not None and (year is None or not 1960 <= year <= 2100):
        messages.append("The year must be a number such as 2022; showing the latest year.")
        year = None
    state["year"] = year
    state["messages"] = messages
    return state


def _default_indicator(known: list[str]) -> str | None:
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in known else (known[0] if known else None)


def query_of(state: Mapping[str, object]) -> dict:
    """The query dict of a state (what goes into the URL and into export views)."""
    keys = ["indicator", "entities", "sex", "area", "age_group", "release", "tab", "year"]
    return {k: state.get(k) for k in keys if state.get(k) not in (None, "", [])}


# --- data of a view -------------------------------------------------------------------------------------
def best_release_rows(indicator: str, sex: str, area: str, age_group: str) -> pd.DataFrame:
    """Every entity's rows of one indicator and breakdown from its best release (computed once)."""
    return published.memo(
        ("explorer-best", indicator, sex, area, age_group),
        lambda: pick_release(published.observations(indicator, sex=sex, area=area, age_group=age_group)),
    )


def view_data(state: Mapping[str, object], *, all_countries: bool = False) -> pd.DataFrame:
    """Observations of the view (selected entities, or every country for the map), one release each."""
    if state["release"]:
        obs = published.observations(
            state["indicator"],
            sex=state["sex"],
            area=state["area"],
            age_group=state["age_group"],
            release=state["release"],
        )
    else:
        obs = best_release_rows(state["indicator"], state["sex"], state["area"], state["age_group"])
    return obs if all_countries else obs[obs["entity_id"].isin(list(state["entities"]))]


def source_text(obs: pd.DataFrame) -> str:
    """Source line of exactly the rows shown: publisher, release and licence from the sources table."""
    return (
        source_line(source_refs(obs, published.sources(), published.table("releases")))
        if not obs.empty
        else ""
    )


def licences() -> dict[str, str]:
    """source_id -> licence, from the sources table."""
    src = published.sources()
    return dict(zip(src["source_id"], src["licence"], strict=False)) if "licence" in src else {}


def csv_frame(obs: pd.DataFrame) -> pd.DataFrame:
    """Exactly the data shown, with entity name, unit, release, source and licence columns."""
    out = obs.assign(
        entity_name=obs["entity_id"].map(published.entity_names()), licence=obs["source_id"].map(licences())
    )
    return out.reindex(columns=CSV_COLUMNS).sort_values(["entity_id", "release", "year"], ignore_index=True)


def country_rows(state: Mapping[str, object]) -> pd.DataFrame:
    """Rows of every country (ISO3 ids, no groups) for the map, computed once per indicator and breakdown."""
    key = ("explorer-countries", *(state[k] for k in ("indicator", "sex", "area", "age_group", "release")))

    def compute() -> pd.DataFrame:
        obs = view_data(state, all_countries=True)
        return obs[obs["entity_id"].str.fullmatch(r"[A-Z]{3}")]

    return published.memo(key, compute)


def map_year(countries: pd.DataFrame, asked: int | None) -> int | None:
    """The year the map shows: the one asked if it has country data, else the latest well-covered year.

    "Well covered" = at least half as many countries as the best-covered year, so that the default map is
    not the newest year in which only a handful of countries have reported.
    """
    counts = countries.groupby("year")["entity_id"].nunique()
    if counts.empty:
        return None
    if asked in counts.index:
        return int(asked)
    return int(counts[counts >= COVERAGE_SHARE * counts.max()].index.max())


def relevant_targets(state: Mapping[str, object]) -> pd.DataFrame:
    """The level targets drawn on a line chart: on its indicator and breakdown, for the entities shown."""
    t = published.targets()
    if t.empty:
        return t
    # a target for every country is drawn only when a country is on the chart
    scopes = list(state["entities"])
    if any(re.fullmatch(r"[A-Z]{3}", e) for e in scopes):
        scopes.append("every_country")
    mask = (t["indicator_id"] == state["indicator"]) & t["scope"].isin(scopes)
    mask &= t["comparator"] != "parity"
    if "sex" in t:
        mask &= t["sex"] == state["sex"]
    if "area" in t:
        mask &= t["area"] == state["area"]
    return t[mask]


def _breakdown_words(state: Mapping[str, object]) -> str:
    words = [
        BREAKDOWN_LABELS.get((k, state[k]), str(state[k]).replace("_", " "))
        for k in published.BREAKDOWNS
        if state[k] != "total"
    ]
    return ", ".join(words)


@chart("explorer-chart")
def build_chart(query: Mapping[str, object]) -> ChartSpec:
    """The chart (line or map) or table data of an explorer view, from its query."""
    state = parse_query(**query)
    ind = published.indicator_info(state["indicator"]) if state["indicator"] else None
    if ind is None:
        return ChartSpec(empty_figure("No indicators published yet"), "Explorer", filename="ict4d-explorer")
    names = published.entity_names()
    unit = ind["unit"]
    caveats = []
    breakdown = _breakdown_words(state)
    sub = f"Unit: {unit_label(unit)}" + (f" · {breakdown}" if breakdown else "")
    if state["tab"] == "map":
        obs = country_rows(state)
        year = map_year(obs, state["year"])
        shown = obs[obs["year"] == year] if year else obs.iloc[:0]
        fig = (
            figures.map_chart(obs, names=names, unit=unit, year=year)
            if year
            else empty_figure("No country data for this choice")
        )
        summary = (
            figures.summarise_map(obs, names=names, unit=unit, year=year) if year else "No country data."
        )
        title = f"{ind['name']}, {year}" if year else ind["name"]
        caveats.append(releases_caveat(shown["release"]) if not shown.empty else None)
        if state["year"] is not None and year != state["year"]:
            caveats.append(f"No country data for {state['year']}; showing {year}.")
    else:
        shown = view_data(state)
        targets = relevant_targets(state)
        multi = shown["release"].nunique() > 1 if not shown.empty else False
        fig = figures.line_chart(shown, names=names, unit=unit, targets=targets, label_release=multi)
        summary = figures.summarise_lines(shown, names=names, unit=unit)
        title = ind["name"]
        drawn = targets.dropna(subset=["threshold_value"]) if "threshold_value" in targets else targets
        caveats += [  # a note only for a target drawn on the chart (one with a number)
            f"{r.target_id}: {target_caveat(r.verification_status)}"
            for r in drawn.itertuples()
            if target_caveat(r.verification_status)
        ]
        caveats.append(releases_caveat(shown["release"]) if not shown.empty else None)
        if not shown.empty and shown["is_estimate"].astype(bool).any():
            caveats.append("Hollow markers are estimates.")
    if not shown.empty and shown["is_computed"].astype(bool).any():
        caveats.append("Some values are aggregated by ict4d, not published upstream.")
    missing = [names.get(e, e) for e in state["entities"] if e not in set(shown["entity_id"])]
    if state["tab"] != "map" and missing:
        caveats.append(f"No data for {', '.join(missing)} with this choice.")
    return ChartSpec(
        figure=fig,
        title=title,
        subtitle=sub,
        summary=summary,
        source=source_text(shown),
        caveats=caveats,
        data=csv_frame(shown),
        filename=f"ict4d-{state['indicator']}-{state['tab']}",
    )


def indicator_choices() -> list[dict]:
    """Every indicator of the registry with its unit, by name (the indicator picker)."""
    ind = published.indicators()
    return [
        {"label": f"{r.name} ({unit_label(r.unit)})", "value": r.indicator_id}
        for r in ind.sort_values("name").itertuples()
    ]


def entity_choices() -> list[dict]:
    """Every country and group, groups first by kind, then countries by name (the entity picker)."""
    return published.memo(("explorer-entity-options",), _entity_options)


def _entity_options() -> list[dict]:
    ent = published.entities()
    order = {
        "world": 0,
        "itu_region": 1,
        "income_group": 2,
        "special_group": 3,
        "sdg_region": 4,
        "computed_group": 5,
        "country": 6,
    }
    ent = ent.assign(o=ent["entity_type"].map(order).fillna(9)).sort_values(["o", "name"])
    return [
        {"label": r.name if r.entity_type == "country" else f"{r.name} (group)", "value": r.entity_id}
        for r in ent.itertuples()
    ]


BREAKDOWN_LABELS = {
    ("sex", "total"): "both sexes",
    ("sex", "female"): "women",
    ("sex", "male"): "men",
    ("area", "total"): "urban and rural",
    ("age_group", "total"): "all ages",
    ("age_group", "15-24"): "youth (15-24)",
    ("age_group", "not_15-24"): "rest of the population (not 15-24)",
}


def breakdown_choices(indicator: str | None) -> dict[str, list[dict]]:
    """The values of sex, area and age group that have data for the indicator, in words."""
    vals = published.breakdown_values(indicator) if indicator else {c: [] for c in published.BREAKDOWNS}
    return {
        c: [
            {"label": BREAKDOWN_LABELS.get((c, v), v.replace("_", " ")), "value": v}
            for v in (vals[c] or ["total"])
        ]
        for c in published.BREAKDOWNS
    }


def release_choices(indicator: str | None) -> list[dict]:
    """The releases that carry data for the indicator, newest vintage first."""
    return [{"label": r, "value": r} for r in published.releases(indicator)] if indicator else []


def year_marks(indicator: str | None, state: Mapping[str, object]) -> tuple[int, int, dict, int | None]:
    """The map's year slider: first and last year with country data, the marks, and the year shown."""
    if not indicator:
        return 2000, 2025, {}, None
    obs = country_rows({**state, "indicator": indicator})
    years = sorted(obs["year"].unique().tolist())
    if not years:
        return 2000, 2025, {}, None
    step = max(1, (years[-1] - years[0]) // 6)
    marks = {int(y): str(y) for y in years if (y - years[0]) % step == 0 or y == years[-1]}
    return int(years[0]), int(years[-1]), marks, map_year(obs, state.get("year"))


def table_chart(built: ChartSpec) -> ChartSpec:
    """The table view of a chart: the same data, words and exports, titled as a table."""
    return ChartSpec(
        figure=built.figure,
        title=f"{built.title}: table",
        subtitle=built.subtitle,
        summary=built.summary,
        source=built.source,
        caveats=built.caveats,
        data=built.data,
    )
