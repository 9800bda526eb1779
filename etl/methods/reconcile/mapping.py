"""Which series a claim speaks of: its indicator and scope mapped to an entity, breakdown and derivation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from etl.methods.reconcile.interval import COUNT_UNITS, PERCENT_UNITS

# --- which series a claim speaks of ---------------------------------------------------------------------
SEX_SCOPES = {"women": "female", "men": "male"}
AGE_SCOPES = {"youth": "15-24"}
AREA_SCOPES = {"urban": "urban", "rural": "rural"}
GROUP_SCOPES = {
    "world": "world",
    "LDCs": "ldc",
    "LLDCs": "lldc",
    "SIDS": "sids",
    "Africa": "itu_africa",
    "Americas": "itu_americas",
    "Arab_States": "itu_arab_states",
    "Asia-Pacific": "itu_asia_pacific",
    "CIS": "itu_cis",
    "Europe": "itu_europe",
    "developed_countries": "itu_developed",
    "developing_countries": "itu_developing",  # ITU's own split
    "low_income": "wb_low_income",
    "lower_middle_income": "wb_lower_middle_income",
    "upper_middle_income": "wb_upper_middle_income",
    "high_income": "wb_high_income",
    "low_and_middle_income": "developing_lmic",
    "sub_saharan_africa": "sdg_sub_saharan_africa",
}
SHARES = frozenset(
    {  # claims that name a share of people or households directly
        "internet_use_share",
        "mobile_cellular_coverage_share",
        "mobile_broadband_coverage_share",
        "lte_coverage_share",
        "mobile_5g_coverage_share",
        "mobile_phone_ownership_share",
        "smartphone_ownership_share",
        "households_internet_access_share",
    }
)
USE = "internet_use_share"


@dataclass(frozen=True)
class Mapping:
    """The series a claim maps to and how its value is derived; `reason` says why when there is none."""

    indicator_id: str | None = None
    entity_id: str | None = None
    sex: str = "total"
    area: str = "total"
    age_group: str = "total"
    derivation: str = "direct"
    reason: str = ""


def map_claim(indicator: str, scope: str, unit: str, kind: str) -> Mapping:
    """Map a claim's vocabulary to a series (pure; see the module docstring)."""
    if indicator.startswith("process_") or scope in ("Partner2Connect", "UN_system", "ITU"):
        return Mapping(reason="the figure describes the WSIS process or its partners, not ICT data")
    if kind == "target":
        return Mapping(reason="a target, not a level that a series measures")
    if kind != "observation":
        return Mapping(reason=f"a {kind} between years, which no derivation here checks")
    if ";" in scope:
        return Mapping(reason="several scopes in one figure")
    group, breakdown = scope, {}
    for words, key in ((SEX_SCOPES, "sex"), (AGE_SCOPES, "age_group"), (AREA_SCOPES, "area")):
        for word, value in words.items():
            if group == word:
                group, breakdown = "world", {key: value}
            elif group.endswith("_" + word):
                group, breakdown = group[: -len(word) - 1], {key: value}
    entity = GROUP_SCOPES.get(group)
    if entity is None:
        return Mapping(reason=f"no series is kept for the scope {scope!r}")
    share, count = unit in PERCENT_UNITS, unit in COUNT_UNITS
    by = {"entity_id": entity, **breakdown}
    if indicator in SHARES and share:
        return Mapping(indicator, **by)
    if indicator == "offline_population_share" and share:
        return Mapping(USE, **by, derivation="100 - internet_use_share")
    if indicator in ("offline_population_count", "internet_users_count") and count and not breakdown:
        derivation = "offline count" if indicator.startswith("offline") else "users count"
        return Mapping(USE, entity, derivation=derivation)
    if indicator == "gender_gap" and not breakdown and unit in ("percent", "percentage_points"):
        derivation = "relative gender gap" if share else "gender gap in points"
        return Mapping(USE, entity, sex="female/male", derivation=derivation)
    if indicator == "gender_parity_score" and unit == "ratio" and not breakdown:
        return Mapping(USE, entity, sex="female/male", derivation="parity score")
    if (indicator.endswith("_count") and count) or (
        indicator.endswith("_per_100") and unit == "per_100_inhabitants"
    ):
        return Mapping(indicator, **by)
    return Mapping(reason=f"no series of {indicator.replace('_', ' ')} in {unit.replace('_', ' ')}")


def claim_year(year: object) -> int | None:
    """The data year a claim states: a year, or the last year of a period."""
    if year is None or (isinstance(year, float) and math.isnan(year)) or str(year).strip() == "":
        return None
    return int(str(year).split("-")[-1])
