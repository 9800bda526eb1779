"""The Country profile's view: one country against its ITU region (else its UN SDG region, labelled so), its
World Bank income group, the LDCs/LLDCs/SIDS where it is one, the world and the targets (whom it is compared
with: ``dashboard.views.peers``), and its key figures. Addresses: ``/country/KEN`` or ``/country?iso3=KEN``,
with ``&indicator=households_internet_access_share``; a code of no country with data is an unknown page
(``exists``: the server answers 404 and the page offers the country picker).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.views import published
from dashboard.views.builders import chart
from dashboard.views.figures import country as figures
from dashboard.views.figures.base import empty_figure, name_of
from dashboard.views.formats import fmt_value, unit_label
from dashboard.views.frames import pick_release
from dashboard.views.peers import (  # country_peers and key_figures_table are this view's API too
    ROLE_ORDER,
    ROLE_WORDS,
    country_peers,
    display_names,
    groups_sentence,
    key_figures_rows,
    key_figures_table,
    region_caveat,
)
from dashboard.views.query import first, to_query
from dashboard.views.spec import ChartSpec, releases_caveat, source_line, source_refs, target_caveat

PATH = "/country"
PATH_TEMPLATE = "/country/<iso3>"
DEFAULT_COUNTRY = "KEN"
DEFAULT_INDICATOR = "internet_use_share"
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def page_title(iso3: str | None = None, **_: object) -> str:
    """The browser tab's title: the country's name when the address names one."""
    name = published.entity_names().get((iso3 or "").upper()) if iso3 and _ISO3.match(iso3) else None
    return f"{name} · Country profile · ict4d" if name else "Country profile · ict4d"


# --- what there is to show ------------------------------------------------------------------------------
def _indicators_by_entity() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for indicator in published.indicators()["indicator_id"]:
        for entity in published.observations(indicator)["entity_id"].unique():
            out.setdefault(str(entity), set()).add(str(indicator))
    return out


def indicators_by_entity() -> dict[str, set[str]]:
    """entity_id -> indicators with total-breakdown values (computed once per process)."""
    return published.memo(("country.indicators_by_entity",), _indicators_by_entity)


def countries() -> list[str]:
    """ISO3 ids of the countries that have at least one observation, by name."""

    def compute() -> list[str]:
        ent = published.entities()
        ent = ent[(ent["entity_type"] == "country") & ent["entity_id"].isin(indicators_by_entity())]
        return ent.sort_values("name")["entity_id"].tolist()

    return published.memo(("country.countries",), compute)


def indicators_of(iso3: str) -> list[str]:
    """Indicators with total-breakdown values for the country, in registry order."""
    have = indicators_by_entity().get(iso3, set())
    return [i for i in published.indicators()["indicator_id"] if i in have]


def latest_rows() -> pd.DataFrame:
    """Total-breakdown observations, one release per (indicator, entity), computed once per process."""
    return published.memo(("country.latest_rows",), lambda: pick_release(published.observations()))


def latest_rows_of(indicator: str) -> pd.DataFrame:
    """`latest_rows` of one indicator (split once), so a view filters a few thousand rows."""
    split = published.memo(
        ("country.latest_rows_by_indicator",),
        lambda: {str(k): g for k, g in latest_rows().groupby("indicator_id", sort=False)},
    )
    return split.get(indicator, latest_rows().iloc[0:0])


def level_targets(indicator: str) -> pd.DataFrame:
    """The level (not parity) targets with a figure on one indicator, once per indicator."""
    return published.memo(
        ("country.level_targets", indicator),
        lambda: applicable_targets(published.targets(), indicator, published.targets()["scope"]),
    )


def peers_of(iso3: str) -> dict[str, str]:
    """Region, income group and world of a (validated) country, once per country and process."""
    return published.memo(
        ("country.peers", iso3),
        lambda: country_peers(iso3, published.entities(), published.group_membership()),
    )


# --- state ----------------------------------------------------------------------------------------------
def parse_query(**query: object) -> dict:
    """Clean state from the path variable or query; never raises (bad values fall back, with a message)."""
    messages: list[str] = []
    known = countries()
    raw = first(query.get("iso3"))
    iso3 = raw.upper() if raw and _ISO3.match(raw) else None
    default = DEFAULT_COUNTRY if DEFAULT_COUNTRY in known else next(iter(known), None)
    unknown = None
    if iso3 not in known:
        if raw is not None:  # never another country in its place: the reader asked for this one
            unknown = raw[:40]
            messages.append(
                f"No country with data has the code “{unknown}”. "
                "Use a three-letter ISO code such as KEN, or pick a country below."
            )
            iso3 = None
        else:
            iso3 = default
    state: dict = {"iso3": iso3, "indicator": None, "unknown": unknown, "messages": messages}
    if iso3 is None:
        if unknown is None:
            messages.append("The published data hold no country values yet.")
        return state
    available = indicators_of(iso3)
    indicator = first(query.get("indicator"))
    if indicator not in available:
        fallback = DEFAULT_INDICATOR if DEFAULT_INDICATOR in available else next(iter(available), None)
        if indicator is not None:
            messages.append(f"No values of “{indicator[:64]}” for this country; showing {fallback}.")
        indicator = fallback
    state["indicator"] = indicator
    return state


def exists(iso3: object = None, **_query: object) -> bool:
    """Is this a page: no code (the default country), or the code of a country with data? The server
    answers 404 for any other (``/country/XXX``, ``/country?iso3=XXX``)."""
    code = first(iso3)
    return code is None or (bool(_ISO3.match(code)) and code.upper() in set(countries()))


def query_of(state: Mapping) -> dict:
    """The query dict of a state (what goes into the address and into export views)."""
    return {k: state[k] for k in ("iso3", "indicator") if state.get(k)}


def search_for(state: Mapping, pathname: str | None) -> str:
    """The query string for the address: the indicator when not the default, and the country unless the
    path already names it (``/country/KEN``)."""
    iso3 = state.get("iso3")
    in_path = bool(pathname and iso3 and pathname.rstrip("/").upper().endswith(f"/COUNTRY/{iso3}"))
    shown = {"iso3": None if in_path else iso3, "indicator": state.get("indicator")}
    return to_query(shown, {"indicator": DEFAULT_INDICATOR})


# --- the chart ------------------------------------------------------------------------------------------
def view_data(state: Mapping) -> tuple[pd.DataFrame, dict[str, str]]:
    """Total-breakdown rows of the indicator for the country and its peers, one release per entity."""
    peers = peers_of(state["iso3"])
    rows = latest_rows_of(state["indicator"])
    return rows[rows["entity_id"].isin(list(peers.values()))], peers


def csv_frame(rows: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str]) -> pd.DataFrame:
    """Exactly the rows shown, with the entity's role and name and the licence of its source."""
    src = published.sources()
    licences = {} if src.empty else dict(zip(src["source_id"], src["licence"], strict=False))
    role_of = {v: k for k, v in peers.items()}
    out = rows.assign(
        entity_name=rows["entity_id"].map(lambda e: names.get(e, e)),
        role=rows["entity_id"].map(role_of),
        licence=rows["source_id"].map(licences),
    )
    cols = [
        "indicator_id",
        "entity_id",
        "entity_name",
        "role",
        "year",
        "value",
        "unit",
        "release",
        "source_id",
        "series_code",
        "is_estimate",
        "licence",
    ]
    return out.reindex(columns=cols).sort_values(["role", "year"], ignore_index=True)


@chart("country-compare")
def compare_chart(query: Mapping[str, object]) -> ChartSpec:
    """The country's line against its region, income group and the world, with the targets on the series."""
    state = parse_query(**query)
    if not state.get("indicator"):
        return ChartSpec(
            empty_figure("No data for this country"), "Country profile", filename="ict4d-country"
        )
    info = published.indicator_info(state["indicator"]) or {"name": state["indicator"], "unit": ""}
    rows, peers = view_data(state)
    names = display_names(peers, published.entity_names())
    targets = level_targets(state["indicator"])
    targets = targets[targets["scope"].isin([*peers.values(), "every_country"])]
    caveats = [c for c in (target_caveat(t) for t in targets.get("verification_status", [])) if c]
    mixed = releases_caveat(rows["release"]) if not rows.empty else None
    missing = [
        f"{ROLE_WORDS[r]} ({names.get(e, e)})"
        for r, e in peers.items()
        if r != "country" and e not in set(rows["entity_id"])
    ]
    if missing:
        caveats.append("No data for " + ", ".join(missing) + " on this indicator.")
    why_region = region_caveat(peers, published.entity_names())
    if why_region:
        caveats.append(why_region)
    country = names.get(state["iso3"], state["iso3"])
    return ChartSpec(
        figure=figures.country_figure(rows, peers, names, targets, unit=info["unit"]),
        title=f"{country}: {info['name']}",
        subtitle=f"{unit_label(info['unit'])}; compared with its region, income group, "
        + ("the UN lists it is on " if any(g in peers for g in ("ldc", "lldc", "sids")) else "")
        + "and the world",
        summary=figures.country_summary(rows, peers, names, unit=info["unit"]),
        source=source_line(source_refs(rows, published.sources(), published.table("releases"))),
        caveats=[*caveats, *([mixed] if mixed else [])],
        data=csv_frame(rows, peers, names),
        filename=f"ict4d-{state['iso3']}-{state['indicator']}",
    )


def peers_sentence(state: Mapping) -> str:
    """The page's introduction: whom the country is compared with, each group named by who defines it."""
    return groups_sentence(peers_of(state["iso3"]), published.entity_names())


# --- rules over the published tables -----------------------------------------------------------------
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


def country_targets(
    progress: pd.DataFrame, peers: Mapping[str, str], names: Mapping[str, str]
) -> pd.DataFrame:
    """Progress rows (latest release) of the targets scored on the country or one of its peers.

    One row per target and entity, the country first, then region, income group and world; columns:
    target_id, framework, entity_id, entity, indicator_id, unit, latest_value, latest_year, target_value,
    deadline_year, gap_to_target, status, verification_status, release.
    """
    cols = [
        "target_id",
        "framework",
        "entity_id",
        "entity",
        "indicator_id",
        "unit",
        "latest_value",
        "latest_year",
        "target_value",
        "deadline_year",
        "gap_to_target",
        "status",
        "verification_status",
        "release",
    ]
    if progress.empty:
        return pd.DataFrame(columns=cols)
    order = {entity: i for i, entity in enumerate(peers[r] for r in ROLE_ORDER if r in peers)}
    rows = progress[progress["entity_id"].isin(order)]
    if "is_latest_release" in rows:
        rows = rows[rows["is_latest_release"].astype(bool)]
    rows = rows.assign(entity=[name_of(e, names) for e in rows["entity_id"]], _o=rows["entity_id"].map(order))
    rows = rows.sort_values(["_o", "deadline_year", "target_id"])
    return rows.reindex(columns=cols).reset_index(drop=True)


def key_figures(iso3: str) -> pd.DataFrame:
    """Latest value of every indicator the country has, next to its peers (a table of text cells)."""
    return key_figures_table(latest_rows(), peers_of(iso3), published.indicators(), published.entity_names())


def key_figures_data(iso3: str) -> pd.DataFrame:
    """The key figures as data rows with release, source and licence (the CSV, the XLSX's data sheet)."""
    return key_figures_rows(
        latest_rows(), peers_of(iso3), published.indicators(), published.entity_names(), published.sources()
    )


def key_figures_source(iso3: str) -> str:
    """The source line of the key figures (publishers, releases, licences)."""
    return source_line(source_refs(key_figures_data(iso3), published.sources()))


def targets_of(iso3: str) -> pd.DataFrame:
    """Targets scored on the country or its groups (latest release), country first (see country_targets)."""
    return country_targets(published.progress(), peers_of(iso3), published.entity_names())


def target_words(r: object) -> dict[str, str]:
    """One scored target's latest value and target value in words."""
    latest = (
        f"{fmt_value(r.latest_value, r.unit)} ({int(r.latest_year)})"
        if pd.notna(r.latest_year)
        else "no data"
    )
    goal = (
        f"{fmt_value(r.target_value, r.unit) if pd.notna(r.target_value) else 'no figure set'} "
        f"by {r.deadline_year}"
    )
    return {"latest": latest, "target": goal}


def choices(iso3: str | None) -> dict[str, list[dict]]:
    """The country picker (every country with data, "Kenya (KEN)") and the indicators the country has."""
    entity_names = published.entity_names()
    ind_names = dict(
        zip(published.indicators()["indicator_id"], published.indicators()["name"], strict=False)
    )
    return {
        "country": [{"label": f"{entity_names.get(c, c)} ({c})", "value": c} for c in countries()],
        "indicator": [{"label": ind_names.get(i, i), "value": i} for i in indicators_of(iso3)],
    }


def address_of(iso3: str | None, indicator: str | None, pathname: str | None) -> str | None:
    """Where choosing another country goes: its own address, keeping the indicator when the new country has
    it; None when the address already shows that country."""
    if not iso3 or (pathname or "").rstrip("/").upper().endswith(f"/COUNTRY/{iso3.upper()}"):
        return None
    state = parse_query(iso3=iso3, indicator=indicator)
    return f"/country/{state['iso3']}" + search_for({**state, "iso3": None}, None)
