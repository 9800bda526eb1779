"""Check each claim of the texts against every release that has its series, the data of its time and later.

Rules (the figures in the table can be re-derived from these):

* A claim maps to a series by name: its ``indicator`` (claims vocabulary), its ``scope`` (world, women,
  men, LDCs, ITU regions, ``<group>_women``...) mapped to an entity and sex, and its year. Derived series:
  offline share = 100 - internet_use_share; offline count = (100 - share) / 100 * population;
  internet_users_count from the direct series, else share / 100 * population; gender parity score = female /
  male internet_use_share. Population: the entity's own series, for a group the sum of its member countries
  (progress.group_population); the note names it. "developed/developing countries" in a text means ITU's
  old split, which none of our releases carries (developing_lmic is a different grouping), so such claims
  have no matching series.
* Year: the year the text states (a period ``2021-2022`` uses its last year); else the latest year with data,
  before the adoption year, in the releases of the document's time (else in any release).
* "Of its time": a release published no later than 12 months after the document's adoption date (release
  date = first day of the month in the release id, e.g. itu-2024-11 -> 2024-11-01).
* Rounding: a claim covers the values that round to it as written: "66 per cent" covers [65.5, 66.5),
  "5.3 billion" [5.25e9, 5.35e9). A figure written in words (half, two thirds) covers +/- 2.5 points when a
  percentage, else half its leading digit's unit. "more than", "over", "at least" drop the upper bound;
  "less than", "up to" the lower; "almost", "nearly" extend the lower bound to 90 % of the figure.
  An open bound is empty (NaN) in ``interval_low`` / ``interval_high``.
* Verdicts per claim: "matches the data of its time" (a release of its time is within rounding and no later
  one differs), "revised since" (matched its time, a later release differs beyond rounding), "not supported"
  (no release of its time matches), "no release of its time" (the series exists only in later releases),
  "no matching series" (no series, a change or a target rather than a level, or several scopes).

One row per claim and release (``claim_verdict`` repeated on each), one row with empty release when nothing
maps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl import aggregate
from etl.core.releases import Calendar
from etl.core.vocabulary import (
    COMPUTED_SOURCE,
    DIFFERS,
    MATCHES,
    NO_RELEASE_OF_ITS_TIME,
    NO_SERIES,
    NOT_SUPPORTED,
    REVISED,
    STILL_MATCHES,
)
from etl.progress import group_population, population_lookup

if TYPE_CHECKING:
    from etl.pipeline import BuildContext

OF_ITS_TIME_MONTHS = 12
WORD_FIGURE_HALF_WIDTH = 2.5  # percentage points, for figures written in words (half, one in three)
ALMOST_FLOOR = 0.9  # "almost X" / "nearly X" cover down to 0.9 X

SEX_SCOPES = {"women": "female", "men": "male"}
GROUP_SCOPES = {
    "world": "world", "LDCs": "ldc", "LLDCs": "lldc", "SIDS": "sids", "Africa": "itu_africa",
    "Americas": "itu_americas", "Arab_States": "itu_arab_states", "Asia-Pacific": "itu_asia_pacific",
    "CIS": "itu_cis", "Europe": "itu_europe",
    # World Bank income groups as ITU's workbook publishes them; low- and middle-income is our computed group
    "low_income": "wb_low_income", "lower_middle_income": "wb_lower_middle_income",
    "upper_middle_income": "wb_upper_middle_income", "high_income": "wb_high_income",
    "low_and_middle_income": "developing_lmic", "sub_saharan_africa": "sdg_sub_saharan_africa",
}
UNMAPPED_GROUPS = {
    "developed_countries": "ITU's developed/developing split is in none of our releases",
    "developing_countries": "ITU's developed/developing split is in none of our releases "
                            "(developing_lmic is a different grouping)",
}
PERCENT_UNITS = {"percent"}
COUNT_UNITS = {"persons", "count", "subscriptions"}
DIRECT_SHARES = aggregate.WEIGHTED_INDICATORS  # the shares of people (or households) a claim names directly
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?:\s*(?P<scale>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)


# --- pure parts -----------------------------------------------------------------------------------------
def half_step(quote: str, value: float, unit: str) -> float:
    """Half the rounding unit of the figure as written in the quote (see the module docstring)."""
    for m in _NUMBER.finditer(quote):
        dec = m.group("dec") or ""
        written = float(m.group("int").replace(",", "") + ("." + dec if dec else ""))
        scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1.0
        if math.isclose(written * scale, value, rel_tol=1e-9, abs_tol=1e-12):
            return 0.5 * 10.0 ** (-len(dec)) * scale
    if unit in PERCENT_UNITS:
        return WORD_FIGURE_HALF_WIDTH
    if value == 0:
        return 0.5
    return 0.5 * 10.0 ** math.floor(math.log10(abs(value)))


def interval(value: float, half: float, qualifier: str | None) -> tuple[float, float]:
    """[low, high) of the values a claim covers; an open side is +/- inf."""
    low, high = value - half, value + half
    if qualifier in ("more_than", "over", "at_least"):
        high = math.inf
    elif qualifier in ("less_than", "up_to"):
        low = -math.inf
    elif qualifier in ("almost", "nearly"):
        low = min(low, ALMOST_FLOOR * value)
    return low, high


def within(data_value: float, bounds: tuple[float, float]) -> bool:
    """Is a data value inside a claim's interval?"""
    return bounds[0] <= data_value < bounds[1]


def add_months(d: date, months: int) -> date:
    """Same day `months` later (day clipped to 28 so every month has it)."""
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, min(d.day, 28))


def is_of_its_time(release: str, adopted: date | None, calendar: Calendar) -> bool | None:
    """Was the release out by adoption + 12 months? None when either date is unknown."""
    published = calendar.published_on(release)
    if published is None or adopted is None:
        return None
    return published <= add_months(adopted, OF_ITS_TIME_MONTHS)


@dataclass(frozen=True)
class Mapping:
    """Which series a claim maps to and how its value is derived; `reason` set when it maps to none."""

    indicator_id: str | None = None
    entity_id: str | None = None
    sex: str = "total"
    derivation: str = ""
    reason: str = ""


def map_claim(indicator: str, scope: str, unit: str, kind: str) -> Mapping:
    """Map a claim's vocabulary to our series (pure; see the module docstring)."""
    if kind != "observation":
        return Mapping(reason=f"a {kind}, not a level that a series measures")
    if indicator.startswith("process_"):
        return Mapping(reason="describes the WSIS process, not ICT data")
    if ";" in scope:
        return Mapping(reason="several scopes in one figure")
    if scope in UNMAPPED_GROUPS:
        return Mapping(reason=UNMAPPED_GROUPS[scope])
    group, sex = scope, "total"
    for word, s in SEX_SCOPES.items():
        if scope == word:
            group, sex = "world", s
        elif scope.endswith("_" + word):
            group, sex = scope[: -len(word) - 1], s
    entity = GROUP_SCOPES.get(group)
    if entity is None:
        return Mapping(reason=f"scope {scope!r} has no entity")
    share = unit in PERCENT_UNITS
    count = unit in COUNT_UNITS
    if indicator in DIRECT_SHARES and share:
        return Mapping(indicator, entity, sex, "direct")
    if indicator == "offline_population_share" and share:
        return Mapping("internet_use_share", entity, sex, "100 - internet_use_share")
    if indicator == "offline_population_count" and count:
        return Mapping("internet_use_share", entity, sex, "(100 - internet_use_share) / 100 * population")
    if indicator == "internet_users_count" and count:
        derivation = "direct, else internet_use_share / 100 * population"
        return Mapping("internet_users_count", entity, sex, derivation)
    if indicator == "gender_parity_score" and unit == "ratio":
        return Mapping("internet_use_share", entity, "female/male", "female / male internet_use_share")
    per_100 = indicator.endswith("_per_100") and unit == "per_100_inhabitants"
    if (indicator.endswith("_count") and count) or per_100:
        return Mapping(indicator, entity, sex, "direct")
    return Mapping(reason=f"no series for {indicator} in {unit}")


def claim_year(year: str | None) -> int | None:
    """The data year a claim states: a year, or the last year of a period."""
    if year is None or (isinstance(year, float) and math.isnan(year)) or str(year).strip() == "":
        return None
    return int(str(year).split("-")[-1])


def verdicts(rows: list[dict]) -> str:
    """The per-claim verdict from its per-release rows (fills each row's release_verdict)."""
    if not rows:
        return NO_SERIES
    of_time = [r for r in rows if r["is_of_its_time"]]
    later = [r for r in rows if not r["is_of_its_time"]]
    matched = any(r["within_rounding"] for r in of_time)
    for r in of_time:
        r["release_verdict"] = MATCHES if r["within_rounding"] else NOT_SUPPORTED
    for r in later:
        r["release_verdict"] = STILL_MATCHES if r["within_rounding"] else (REVISED if matched else DIFFERS)
    if not of_time:
        return NO_RELEASE_OF_ITS_TIME
    if not matched:
        return NOT_SUPPORTED
    return REVISED if any(not r["within_rounding"] for r in later) else MATCHES


# --- series lookup --------------------------------------------------------------------------------------
class SeriesIndex:
    """Values by (indicator, entity, sex, year) per (release, source), with derived series on demand."""

    def __init__(self, obs: pd.DataFrame, calendar: Calendar, groups_population: pd.DataFrame | None = None,
                 indicators: set[str] | None = None):
        # publishers' figures only: ict4d's own aggregates were nobody's data "of its time"
        keep = (obs["area"] == "total") & (obs["age_group"] == "total")
        keep &= obs["source_id"] != COMPUTED_SOURCE
        if indicators is not None:  # only the series some claim maps to
            keep &= obs["indicator_id"].isin(indicators)
        sel = obs[keep]
        self.values: dict[tuple, dict[tuple[str, str], float]] = {}
        self.releases_by_year: dict[tuple[str, str, str], dict[int, set[str]]] = {}
        columns = ["indicator_id", "entity_id", "sex", "year", "release", "source_id", "value"]
        for i, e, sx, y, r, src, v in zip(*(sel[c].tolist() for c in columns), strict=True):
            self.values.setdefault((i, e, sx, y), {})[(r, src)] = v
            self.releases_by_year.setdefault((i, e, sx), {}).setdefault(y, set()).add(r)
        self.population = population_lookup(obs, calendar, groups_population)

    def years(self, indicator: str, entity: str, sex: str) -> dict[int, set[str]]:
        """Years with data and the releases that have them."""
        sexes = ["female", "male"] if sex == "female/male" else [sex]
        out: dict[int, set[str]] = {}
        for s in sexes:
            for y, releases in self.releases_by_year.get((indicator, entity, s), {}).items():
                out.setdefault(y, set()).update(releases)
        return out

    def _pop(self, entity: str, year: int) -> tuple[float, str] | None:
        return self.population.get(entity, {}).get(year)

    def lookup(self, m: Mapping, year: int) -> list[dict]:
        """One dict per release with the (derived) value of the mapped series in `year`."""
        get = self.values.get
        if m.sex == "female/male":
            female = get((m.indicator_id, m.entity_id, "female", year), {})
            male = get((m.indicator_id, m.entity_id, "male", year), {})
            return [{"release": r, "source_id": s, "data_value": female[(r, s)] / male[(r, s)], "note": ""}
                    for (r, s) in female if (r, s) in male and male[(r, s)] > 0]
        direct = get((m.indicator_id, m.entity_id, m.sex, year), {})
        as_is = [{"release": r, "source_id": s, "data_value": v, "note": ""} for (r, s), v in direct.items()]
        if m.derivation == "direct":
            return as_is
        if m.derivation == "100 - internet_use_share":
            return [{"release": r, "source_id": s, "data_value": 100.0 - v, "note": ""}
                    for (r, s), v in direct.items()]
        offline = m.indicator_id == "internet_use_share"  # offline count: mapped on the share
        shares = get(("internet_use_share", m.entity_id, m.sex, year), {})
        if not offline:  # internet_users_count: direct where released, derived for the other releases
            shares = {k: v for k, v in shares.items() if k[0] not in {r for r, _ in direct}}
        pop = self._pop(m.entity_id, year) if m.sex == "total" else None
        if pop is None:
            return [] if offline else as_is
        note = f"derived with population {pop[0]:.0f} from {pop[1]}"
        return (as_is if not offline else []) + [
            {"release": r, "source_id": s, "data_value": ((100.0 - v) if offline else v) / 100.0 * pop[0],
             "note": note}
            for (r, s), v in shares.items()
        ]


def _adoption_dates(documents: pd.DataFrame | None) -> dict[str, date]:
    """document id -> adoption date (documents table, schemas.Document)."""
    if documents is None or documents.empty:
        return {}
    dates = pd.to_datetime(documents["adoption_date"], errors="coerce")
    return {str(d): t.date() for d, t in zip(documents["document"], dates, strict=True) if not pd.isna(t)}


def infer_year(index: SeriesIndex, m: Mapping, adopted: date | None, calendar: Calendar) -> int | None:
    """Latest year before the adoption year, preferring releases of the document's time."""
    if adopted is None:
        return None
    years = {y: rel for y, rel in index.years(m.indicator_id, m.entity_id, m.sex).items() if y < adopted.year}
    of_time = [y for y, rel in years.items() if any(is_of_its_time(r, adopted, calendar) for r in rel)]
    candidates = of_time or list(years)
    return max(candidates) if candidates else None


CLAIM_CHECK_COLUMNS = [
    "document", "paragraph", "start", "end", "quote", "claim_indicator", "claim_value", "claim_unit",
    "qualifier", "scope", "kind", "claim_year", "year_used", "year_rule", "adoption_date", "indicator_id",
    "entity_id", "sex", "derivation", "interval_low", "interval_high", "release", "source_id", "release_date",
    "is_of_its_time", "data_value", "difference", "within_rounding", "release_verdict", "claim_verdict",
    "note",
]


def check_claims(claims: pd.DataFrame, obs: pd.DataFrame, documents: pd.DataFrame | None, calendar: Calendar,
                 groups_population: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claim_checks table (see the module docstring); group populations are sums of member countries."""
    mappings = [map_claim(c.indicator, c.scope, c.unit, c.kind) for c in claims.itertuples(index=False)]
    needed = {m.indicator_id for m in mappings if m.indicator_id} | {"internet_use_share"}  # derived counts
    index = SeriesIndex(obs, calendar, groups_population, needed)
    adopted_by_doc = _adoption_dates(documents)
    out: list[dict] = []
    for c, m in zip(claims.itertuples(index=False), mappings, strict=True):
        adopted = adopted_by_doc.get(c.document)
        qualifier = None if pd.isna(c.qualifier) else c.qualifier
        bounds = interval(float(c.value), half_step(c.quote, float(c.value), c.unit), qualifier)
        base = {
            "document": c.document, "paragraph": c.paragraph, "start": c.start, "end": c.end,
            "quote": c.quote,
            "claim_indicator": c.indicator, "claim_value": float(c.value), "claim_unit": c.unit,
            "qualifier": qualifier, "scope": c.scope, "kind": c.kind,
            "claim_year": None if pd.isna(c.year) else str(c.year),
            "adoption_date": adopted.isoformat() if adopted else None,
            "interval_low": bounds[0] if math.isfinite(bounds[0]) else math.nan,
            "interval_high": bounds[1] if math.isfinite(bounds[1]) else math.nan,
        }
        rows: list[dict] = []
        year, rule, note = None, "not mapped", m.reason
        if m.indicator_id is not None:
            year = claim_year(c.year)
            rule = "stated in the text"
            if year is None:
                year = infer_year(index, m, adopted, calendar)
                rule = "latest year before adoption" if year is not None else "no year"
                if adopted is None:
                    note = "no adoption date for the document and no year in the text"
            if year is not None:
                for found in index.lookup(m, year):
                    of_time = is_of_its_time(found["release"], adopted, calendar)
                    rel_date = calendar.published_on(found["release"])
                    rows.append({
                        **base, "release": found["release"], "source_id": found["source_id"],
                        "release_date": rel_date.isoformat() if rel_date else None,
                        "is_of_its_time": bool(of_time), "data_value": found["data_value"],
                        "difference": found["data_value"] - float(c.value),
                        "within_rounding": within(found["data_value"], bounds), "note": found["note"],
                    })
            if not rows and not note:
                needs_pop = "population" in m.derivation
                note = (f"no population for {m.entity_id} in {year} to derive it" if needs_pop
                        else f"no value of {m.indicator_id} for {m.entity_id} ({m.sex}) in {year}")
        verdict = verdicts(rows)
        common = {"year_used": year, "year_rule": rule, "indicator_id": m.indicator_id,
                  "entity_id": m.entity_id, "sex": m.sex if m.indicator_id else None,
                  "derivation": m.derivation or None, "claim_verdict": verdict}
        if not rows:
            rows = [{**base, "note": note}]
        out.extend({**r, **common} for r in rows)
    return pd.DataFrame(out, columns=CLAIM_CHECK_COLUMNS)


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Pipeline step: the claim_checks table from the claims, documents and observations tables."""
    claims, obs = ctx.tables.get("claims"), ctx.tables.get("observations")
    if claims is None or obs is None:
        ctx.warnings.append("reconcile: claims or observations missing; claim_checks not built")
        return {}
    entities, membership = ctx.tables.get("entities"), ctx.tables.get("group_membership")
    calendar = Calendar(ctx.tables["releases"])
    groups = (None if entities is None or membership is None
              else group_population(obs, entities, membership, calendar))
    checks = check_claims(claims, obs, ctx.tables.get("documents"), calendar, groups)
    per_claim = checks.drop_duplicates(["document", "start", "end", "claim_value"])
    counts = per_claim["claim_verdict"].value_counts().to_dict()
    ctx.log("[reconcile] " + ", ".join(f"{v}: {n}" for v, n in counts.items()))
    return {"claim_checks": checks}
