"""The Gender page's view: women and men side by side, and the parity score (women / men) over time
against ITU's parity band, by region and group. The view is in the address:
``/gender?indicator=internet_use_share&entities=world,ldc&release=unsd-2023-04&year=2022``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.views import published
from dashboard.views.builders import chart
from dashboard.views.figures import gender as figures
from dashboard.views.figures.base import PALETTE
from dashboard.views.formats import unit_label
from dashboard.views.frames import parity_frame, pick_release
from dashboard.views.query import as_int, as_list, clip, first
from dashboard.views.spec import ChartSpec, releases_caveat, source_line, source_refs, target_caveat
from etl.core.measures import PARITY_BAND

PATH = "/gender"
DEFAULT_INDICATOR = "internet_use_share"
MAX_DEFAULT_ENTITIES = len(PALETTE)  # one colour per line
# groups first (the page is about regions and groups), in this order of entity types
TYPE_ORDER = [
    "world",
    "itu_region",
    "income_group",
    "special_group",
    "sdg_region",
    "computed_group",
    "country",
]


# --- what there is to show ------------------------------------------------------------------------------
def gender_indicators() -> list[str]:
    """Indicators with both female and male values somewhere (the only ones a parity score exists for)."""

    def compute() -> list[str]:
        out = []
        for ind in published.indicators()["indicator_id"]:
            sexes = published.breakdown_values(ind)["sex"]
            if "female" in sexes and "male" in sexes:
                out.append(str(ind))
        return out

    return published.memo(("gender.indicators",), compute)


def by_sex(indicator: str) -> pd.DataFrame:
    """All female/male rows of one indicator (every entity, release, area and age group)."""

    def compute() -> pd.DataFrame:
        obs = published.observations(indicator, sex=None)
        return obs[obs["sex"].isin(["female", "male"])]

    return published.memo(("gender.by_sex", indicator), compute)


def entity_options(indicator: str) -> list[str]:
    """Entities with values by sex for the indicator: groups first (by type), then countries by name."""

    def compute() -> list[str]:
        ids = set(by_sex(indicator)["entity_id"])
        ent = published.entities()
        ent = ent[ent["entity_id"].isin(ids)]
        order = ent["entity_type"].map({t: i for i, t in enumerate(TYPE_ORDER)}).fillna(len(TYPE_ORDER))
        ordered = ent.assign(_order=order).sort_values(["_order", "name"])["entity_id"].tolist()
        return ordered + sorted(ids - set(ordered))

    return published.memo(("gender.entity_options", indicator), compute)


def default_entities(indicator: str) -> list[str]:
    """The world and the ITU regions with values by sex (one colour each); else any groups, else countries."""
    ent_type = dict(zip(published.entities()["entity_id"], published.entities()["entity_type"], strict=False))
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
    indicator = first(query.get("indicator"))
    default_ind = DEFAULT_INDICATOR if DEFAULT_INDICATOR in available else next(iter(available), None)
    if indicator not in available:
        if indicator is not None:
            messages.append(
                f"No values by sex for indicator “{clip(indicator)}”; "
                f"showing {default_ind or 'nothing'}. Indicators with values by sex: "
                f"{', '.join(available) or 'none yet'}."
            )
        indicator = default_ind
    state: dict = {
        "indicator": indicator,
        "entities": [],
        "release": None,
        "year": None,
        "messages": messages,
    }
    if indicator is None:
        messages.append("The published data hold no values by sex yet.")
        return state
    options = entity_options(indicator)
    asked = as_list(query.get("entities"))
    unknown = [e for e in asked if e not in options]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        messages.append(f"No values by sex for {shown}; left out.")
    state["entities"] = [e for e in asked if e in options] or default_entities(indicator)
    rows = by_sex(indicator)
    release = first(query.get("release"))
    releases = sorted(rows["release"].unique().tolist(), reverse=True)
    if release is not None and release not in releases:
        messages.append(f"Unknown release “{clip(release)}” for this indicator; using the latest per entity.")
        release = None
    state["release"] = release
    year_text = first(query.get("year"))
    year = as_int(year_text)
    years = set(rows.loc[rows["entity_id"].isin(state["entities"]), "year"].astype(int))
    if year_text is not None and year not in years:
        messages.append(
            f"No values by sex in year “{clip(year_text, 12)}”; showing each entity's latest year."
        )
        year = None
    state["year"] = year
    return state


def defaults_for(state: Mapping) -> dict:
    """The state an address without query parameters gives (left out of the canonical query string)."""
    ind = state.get("indicator")
    return {
        "indicator": DEFAULT_INDICATOR,
        "entities": default_entities(ind) if ind else [],
        "release": None,
        "year": None,
    }


def canonical(state: Mapping) -> dict:
    """The part of a state that goes into the address."""
    return {k: state.get(k) for k in ("indicator", "entities", "release", "year")}


# --- data behind the charts -----------------------------------------------------------------------------
def parity_data(state: Mapping) -> pd.DataFrame:
    """Parity frame of the chosen entities: totals of area and age group, one release per entity (both
    charts of a view share it)."""
    if not state.get("indicator"):
        return parity_frame(pd.DataFrame())
    entities, release = tuple(state["entities"]), state.get("release")
    key = ("gender.parity", state["indicator"], entities, release)
    return published.memo(key, lambda: _parity(state["indicator"], entities, release), view=True)


def _parity(indicator: str, entities: tuple[str, ...], release: str | None) -> pd.DataFrame:
    par = all_parity(indicator, release)
    par = par[par["entity_id"].isin(entities)]
    order = {e: i for i, e in enumerate(entities)}  # lines and bars in the order the entities were chosen
    return par.sort_values(
        ["entity_id", "year"], key=lambda s: s.map(order) if s.name == "entity_id" else s, ignore_index=True
    )


def all_parity(indicator: str, release: str | None) -> pd.DataFrame:
    """Parity frame of every entity with values by sex (totals of area and age group, one release per
    entity), computed once per indicator and release: a view only filters it (the release is picked per
    entity, so picking before or after choosing the entities gives the same rows)."""

    def compute() -> pd.DataFrame:
        obs = by_sex(indicator)
        obs = obs[(obs["area"] == "total") & (obs["age_group"] == "total")]
        if release:
            obs = obs[obs["release"] == release]
        return parity_frame(pick_release(obs))

    return published.memo(("gender.all_parity", indicator, release), compute)


def with_provenance(rows: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The CSV behind a chart: entity name plus the indicator, unit, release, source and licence columns."""
    licences = (
        {}
        if published.sources().empty
        else dict(zip(published.sources()["source_id"], published.sources()["licence"], strict=False))
    )
    out = rows.copy()
    out.insert(2, "entity_name", [names.get(e, e) for e in out["entity_id"]])
    out["licence"] = [licences.get(s, "") for s in out["source_id"]]
    return out


def context(state: Mapping) -> tuple[dict, str, dict]:
    """Entity names, the indicator's unit (from the registry) and its registry row."""
    info = (published.indicator_info(state["indicator"]) if state.get("indicator") else None) or {}
    info.setdefault("name", state.get("indicator") or "")
    return published.entity_names(), info.get("unit", ""), info


def _source_and_caveats(rows: pd.DataFrame) -> tuple[str, list[str]]:
    refs = source_refs(rows, published.sources(), published.table("releases"))
    caveat = releases_caveat(rows["release"]) if not rows.empty else None
    return source_line(refs), [caveat] if caveat else []


@chart("gender-parity")
def parity_chart(query: Mapping[str, object]) -> ChartSpec:
    """Parity score over time, one line per entity, over the 0.98–1.02 band."""
    state = parse_query(**query)
    names, _unit, info = context(state)
    par = parity_data(state)
    source, caveats = _source_and_caveats(par)
    targets = parity_targets(published.targets(), state.get("indicator") or "", state["entities"])
    notes = dict.fromkeys(target_caveat(v) for v in targets["verification_status"])
    caveats += [c for c in notes if c]
    return ChartSpec(
        figure=figures.parity_figure(par, names, targets=targets),
        title=f"Gender parity score: {info['name']}",
        subtitle=f"Women's value divided by men's; {PARITY_BAND[0]:.2f}–{PARITY_BAND[1]:.2f} counts as "
        "parity (ITU). Below the band, men are ahead.",
        summary=figures.parity_summary(par, names),
        source=source,
        caveats=caveats,
        data=with_provenance(par, names),
        filename=f"ict4d-gender-parity-{state.get('indicator')}",
    )


@chart("gender-bars")
def bars_chart(query: Mapping[str, object]) -> ChartSpec:
    """Women and men side by side for each entity in the chosen (else latest) year."""
    state = parse_query(**query)
    names, unit, info = context(state)
    rows = latest_per_entity(parity_data(state), state.get("year"))
    source, caveats = _source_and_caveats(rows)
    when = f"in {state['year']}" if state.get("year") else "latest year of each"
    return ChartSpec(
        figure=figures.sex_bars_figure(rows, names, unit=unit),
        title=f"Women and men: {info['name']}",
        subtitle=f"{unit_label(unit)}, {when}",
        summary=figures.sex_bars_summary(rows, names, unit=unit),
        source=source,
        caveats=caveats,
        data=with_provenance(rows, names),
        filename=f"ict4d-gender-women-men-{state.get('indicator')}",
    )


def latest_per_entity(parity: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """For each entity the row of `year` if given (and present), else its latest year."""
    if parity.empty:
        return parity
    if year is not None:
        return parity[parity["year"] == year].reset_index(drop=True)
    return parity.sort_values("year").drop_duplicates("entity_id", keep="last").reset_index(drop=True)


def parity_targets(targets: pd.DataFrame, indicator_id: str, entity_ids: Iterable[str]) -> pd.DataFrame:
    """Gender parity targets (comparator "parity") on this indicator for the entities shown."""
    sel = targets[
        (targets["indicator_id"] == indicator_id)
        & (targets["comparator"] == "parity")
        & targets["scope"].isin({*entity_ids, "every_country"})
    ]
    sel = sel[sel["threshold_value"].notna()]
    return sel.sort_values(["deadline_year", "target_id"]).reset_index(drop=True)


def indicator_choices() -> list[dict]:
    """The indicators with values by sex, by their registry name."""
    ind_names = dict(
        zip(published.indicators()["indicator_id"], published.indicators()["name"], strict=False)
    )
    return [{"label": ind_names.get(i, i), "value": i} for i in gender_indicators()]


def choices(indicator: str | None) -> dict[str, list[dict]]:
    """The entities, releases and years with values by sex for an indicator (newest first)."""
    entity_names = published.entity_names()
    rows = by_sex(indicator) if indicator else pd.DataFrame(columns=["release", "year"])
    years = sorted(rows["year"].astype(int).unique().tolist(), reverse=True)
    return {
        "entities": [
            {"label": entity_names.get(e, e), "value": e}
            for e in (entity_options(indicator) if indicator else [])
        ],
        "releases": [{"label": r, "value": r} for r in sorted(rows["release"].unique(), reverse=True)],
        "years": [{"label": str(y), "value": y} for y in years],
    }


def kept_entities(indicator: str, entities: Iterable[object] | None) -> list[str]:
    """The chosen entities the indicator has values by sex for, else its default ones."""
    options = entity_options(indicator)
    return [e for e in as_list(entities) if e in options] or default_entities(indicator)
