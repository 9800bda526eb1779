"""Whom a country is compared with: its ITU region (or, where ITU's list is not in the data we hold, its UN
SDG region, labelled as such), its World Bank income group, the LDCs, LLDCs and SIDS where it is one, and
the world; and the key figures of the country next to those groups, as a table to read and to export.

Why one module: the Country page, its chart, its key figures and their CSV/XLSX must compare with exactly
the same groups, in the same order, named the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.views import names as id_names
from dashboard.views.figures.base import name_of
from dashboard.views.figures.country import ROLE_ORDER
from dashboard.views.formats import fmt_number, unit_label

ROLE_WORDS = {
    "country": "the country",
    "region": "ITU region",
    "sdg_region": "UN SDG region",
    "income": "World Bank income group",
    "ldc": "least developed countries (LDCs)",
    "lldc": "landlocked developing countries (LLDCs)",
    "sids": "small island developing States (SIDS)",
    "world": "the world",
}
SPECIAL_GROUPS = ["ldc", "lldc", "sids"]  # group ids of the UN lists, as the entities table has them
NO_ITU_REGION = (
    "{country}'s ITU region is not in the data we hold (ITU lists economies by region only in its ICT "
    "Development Index workbook, which does not cover {country}); it is compared with its UN SDG region, "
    "{region}, instead."
)


def country_peers(iso3: str, entities: pd.DataFrame, membership: pd.DataFrame) -> dict[str, str]:
    """role -> entity_id of the groups a country is compared with, in ROLE_ORDER.

    The ITU region comes from the entities table; without one, the UN SDG region (``sdg_region``); the
    income group is the country's World Bank group of the latest year in group_membership (a group listed
    without a year counts as current); ``ldc``/``lldc``/``sids`` where the country is on that list.
    """
    found: dict[str, str] = {"country": iso3}
    row = entities[entities["entity_id"] == iso3]
    region = row["itu_region_id"].iloc[0] if not row.empty and "itu_region_id" in row else None
    sdg = row["sdg_region_id"].iloc[0] if not row.empty and "sdg_region_id" in row else None
    if pd.notna(region) and region:
        found["region"] = str(region)
    elif pd.notna(sdg) and sdg:
        found["sdg_region"] = str(sdg)
    mine = membership[membership["entity_id"] == iso3]
    income = mine[mine["group_id"].str.startswith("wb_")]
    if not income.empty:
        years = pd.to_numeric(income["year"], errors="coerce").fillna(9999)
        found["income"] = str(income.assign(_y=years).sort_values("_y", kind="stable")["group_id"].iloc[-1])
    groups = set(mine["group_id"])
    for gid in SPECIAL_GROUPS:
        if gid in groups:
            found[gid] = gid
    if (entities["entity_id"] == "world").any():
        found["world"] = "world"
    return {r: found[r] for r in ROLE_ORDER if r in found}


def groups_sentence(peers: Mapping[str, str], names: Mapping[str, str]) -> str:
    """The page's introduction: whom the country is compared with, each group named by who defines it."""
    country = name_of(peers["country"], names)
    parts = []
    for role in ("region", "sdg_region", "income"):
        if role in peers:
            parts.append(f"its {ROLE_WORDS[role]} {name_of(peers[role], names)}")
    lists = [ROLE_WORDS[g] for g in SPECIAL_GROUPS if g in peers]
    if lists:
        parts.append("the " + " and the ".join(lists))
    if not parts:
        return f"{country} compared with the world (its region and income group are not published)."
    return f"{country} compared with " + ", ".join(parts) + ", and with the world."


def region_caveat(peers: Mapping[str, str], names: Mapping[str, str]) -> str | None:
    """Why a country is compared with its UN SDG region (None when it has its ITU region)."""
    if "region" in peers:
        return None
    country = name_of(peers["country"], names)
    if "sdg_region" in peers:
        return NO_ITU_REGION.format(country=country, region=name_of(peers["sdg_region"], names))
    return f"{country}'s region is not in the published data."


def latest_rows(obs: pd.DataFrame, peers: Mapping[str, str]) -> pd.DataFrame:
    """The latest year of each indicator for the country and each peer (one release per line in `obs`),
    only for the indicators the country has; columns of `obs` plus ``role``."""
    entities = [peers[r] for r in ROLE_ORDER if r in peers]
    obs = obs[obs["entity_id"].isin(entities)]
    latest = obs.sort_values("year", kind="stable")
    latest = latest.drop_duplicates(["indicator_id", "entity_id"], keep="last")
    has = set(latest.loc[latest["entity_id"] == peers["country"], "indicator_id"])
    latest = latest[latest["indicator_id"].isin(has)]
    role_of = {e: r for r, e in peers.items()}
    order = {e: i for i, e in enumerate(entities)}
    latest = latest.assign(role=latest["entity_id"].map(role_of), _o=latest["entity_id"].map(order))
    return latest.sort_values(["indicator_id", "_o"]).drop(columns="_o").reset_index(drop=True)


def key_figures_table(
    obs: pd.DataFrame, peers: Mapping[str, str], indicators: pd.DataFrame, names: Mapping[str, str]
) -> pd.DataFrame:
    """Latest value of every indicator for the country and each peer, one row per indicator.

    `obs`: total-breakdown rows for the peers, one release per (indicator, entity). Columns: Indicator,
    Unit, then one column per peer named after it ("66.3 (2022)"); indicators the country lacks are left
    out.
    """
    latest = latest_rows(obs, peers)
    if latest.empty:
        return pd.DataFrame(columns=["Indicator", "Unit"])
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    ind_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    # the Unit column names the unit once; a cell is the number and its year ("35.0 (2024)", "2.1 billion")
    latest = latest.assign(
        cell=[
            f"{fmt_number(float(v), units.get(i, ''))} ({y})"
            for v, i, y in zip(latest["value"], latest["indicator_id"], latest["year"], strict=True)
        ]
    )
    wide = latest.pivot(index="indicator_id", columns="entity_id", values="cell")
    table = pd.DataFrame(
        {
            "Indicator": [ind_names.get(i, i) for i in wide.index],
            "Unit": [unit_label(units.get(i, "")) for i in wide.index],
        }
    )
    shown = display_names(peers, names)
    for role in ROLE_ORDER:
        if role not in peers:
            continue
        entity = peers[role]
        col = wide[entity] if entity in wide else pd.Series(pd.NA, index=wide.index)
        table[name_of(entity, shown)] = col.fillna("–").to_numpy()
    return table.sort_values("Indicator", kind="stable").reset_index(drop=True)


def display_names(peers: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """Entity names for a comparison, the UN SDG region labelled as such ("Oceania (exc. Australia and New
    Zealand) (UN SDG region)") so no reader takes it for ITU's region; ITU's regions already say so."""
    sdg = peers.get("sdg_region")
    if sdg is None:
        return dict(names)
    name = name_of(sdg, names)
    return {**names, sdg: name if "SDG" in name else f"{name} (UN SDG region)"}


EXPORT_COLUMNS = [
    "indicator_id",
    "indicator",
    "unit",
    "role",
    "entity_id",
    "entity",
    "year",
    "value",
    "is_estimate",
    "release",
    "edition",
    "source_id",
    "licence",
]


def key_figures_rows(
    obs: pd.DataFrame,
    peers: Mapping[str, str],
    indicators: pd.DataFrame,
    names: Mapping[str, str],
    sources: pd.DataFrame,
) -> pd.DataFrame:
    """The key figures as data (one row per indicator and entity, the value unrounded, with its release,
    source and licence): what the CSV and the XLSX's data sheet hold."""
    latest = latest_rows(obs, peers)
    ind_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    licences = {} if sources.empty else dict(zip(sources["source_id"], sources["licence"], strict=False))
    names = display_names(peers, names)
    out = latest.assign(
        indicator=latest["indicator_id"].map(lambda i: ind_names.get(i, i)),
        unit=latest["indicator_id"].map(lambda i: units.get(i, "")),
        role=latest["role"].map(ROLE_WORDS),
        entity=latest["entity_id"].map(lambda e: name_of(e, names)),
        edition=latest["release"].map(lambda r: id_names.release_name(str(r))),
        licence=latest["source_id"].map(licences),
    )
    return out.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
