"""The Overview's view: the resolutions' headline figures next to what the data says now (each with the
verdict of its claim check), the target scoreboard in brief, and the key charts. It has no state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from dashboard.views import names, published
from dashboard.views.claim import compare_row
from dashboard.views.formats import fmt_claimed, fmt_value
from dashboard.views.frames import records
from dashboard.views.pages import explorer, targets
from dashboard.views.spec import ChartSpec
from dashboard.views.statuses import STATUS_GROUP_LABELS

PATH = "/"
MAX_CARDS = 6
KEY_CHARTS = [  # (card id, explorer query); entities that the data does not have are dropped
    (
        "overview-internet",
        {"indicator": "internet_use_share", "entities": ["world", "ldc", "wb_low_income", "wb_high_income"]},
    ),
    ("overview-coverage", {"indicator": "mobile_broadband_coverage_share", "entities": ["world", "ldc"]}),
]


def parse_query(**query: object) -> dict:
    """The overview has no state; unknown parameters are ignored, never an error."""
    return {"messages": []}


# --- headline figures -----------------------------------------------------------------------------------
def headline_claims(limit: int = MAX_CARDS) -> pd.DataFrame:
    """One row per checked claim with a series: the newest document's claim per indicator, scope and sex.

    Columns: the claim-check columns of the newest release row of each claim.
    """
    checks = published.claim_checks()
    if checks.empty or "claim_verdict" not in checks:
        return checks.iloc[0:0]
    found = checks[checks["indicator_id"].notna() & checks["release"].notna()]
    if found.empty:
        return found
    found = found.sort_values(["adoption_date", "release_date"], na_position="first")
    per_claim = found.drop_duplicates(["document", "start", "end"], keep="last")
    per_series = per_claim.drop_duplicates(["claim_indicator", "entity_id", "sex"], keep="last")
    return per_series.sort_values("adoption_date", ascending=False, na_position="last").head(limit)


def data_now(indicator: str, entity: str, sex: str = "total") -> dict | None:
    """The most recent value of a series: value, year, release, unit.

    Values published upstream come before ict4d's own aggregates; among them the latest year wins, then
    the newest release (vintage).
    """
    obs = published.observations(indicator, [entity], sex=sex)
    if obs.empty:
        return None
    upstream = obs[~obs["is_computed"].astype(bool)]
    pool = upstream if not upstream.empty else obs
    ranked = pool.assign(_vintage=pool["release"].map(published.release_key)).sort_values(
        ["year", "_vintage"]
    )
    row = ranked.iloc[-1]
    newest = row["release"]
    info = published.indicator_info(indicator) or {}
    return {
        "value": float(row["value"]),
        "year": int(row["year"]),
        "release": newest,
        "unit": info.get("unit", row["unit"]),
    }


def claim_href(check: Mapping) -> str:
    """The Claims page of this very claim (its key there is ``<document>:<start offset>``)."""
    key = f"{check['document']}:{int(check['start'])}"
    return "/claims?" + urlencode({"document": check["document"], "claim": key})


@dataclass
class ClaimCard:
    """What the text said next to what the data says, in the words of one card."""

    heading: str  # the indicator and who ("Individuals using the Internet — World, women")
    quote: str
    href: str  # the claim on the Claims page
    where: str  # document and paragraph
    said: str  # the claimed figure and the year the text gives
    now_label: str
    now: str  # the newest release's figure for the claim's own data year
    computed: str | None  # how a derived figure was computed from our series (None when direct)
    verdict: object
    change: str = ""  # "revised down by 2.6 percentage points from 66.3 % (SDG Global Database 2023 …)"
    latest: str = ""  # the series' latest year, shown apart ("" when it is the claim's year)


def claim_card(check: Mapping) -> ClaimCard:
    """One headline claim next to the newest release's figure for the SAME data year (a claim about 2022
    is compared with 2022, never with the series' latest year, which is shown apart), and how much that
    year was revised since the data of its time. A derived figure (e.g. offline people = (100 - Internet
    use) x population) is the check's own, in the claim's unit."""
    entity_names = published.entity_names()
    derivation = check.get("derivation")
    derived = isinstance(derivation, str) and bool(derivation) and not derivation.startswith("direct")
    unit = names.check_unit(dict(check))
    compared = compare_row(check)
    latest = (
        None if derived else data_now(check["indicator_id"], check["entity_id"], check.get("sex") or "total")
    )
    who = entity_names.get(check["entity_id"], check["entity_id"])
    if check.get("sex") in ("female", "male"):
        who += ", women" if check["sex"] == "female" else ", men"
    heading = names.indicator_name(check["claim_indicator"] if derived else check["indicator_id"])
    # the year the text gives, if any (the data year the check used is the one shown with the data)
    claim_year = check.get("claim_year")
    said_year = f" ({claim_year})" if isinstance(claim_year, str) and claim_year else " (year not stated)"
    year = compared.year or ("" if pd.isna(check.get("year_used")) else str(int(check["year_used"])))
    newest_value = check.get("newest_value")
    value = newest_value if pd.notna(newest_value) else check.get("data_value")
    release = check.get("newest_release") if pd.notna(newest_value) else check.get("release")
    now_text = (
        f"{fmt_value(value, unit)} in {year} ({names.release_name(str(release))})"
        if pd.notna(value)
        else "no data"
    )
    change = (
        f"{compared.revision} from {compared.time_value} in the data of its time ({compared.time_release})"
        if compared.revision and compared.revision != "unchanged"
        else compared.revision
    )
    latest_text = (
        f"{fmt_value(latest['value'], latest['unit'])} in {latest['year']} "
        f"({names.release_name(str(latest['release']))})"
        if latest and str(latest["year"]) != year
        else ""
    )
    said_unit = check.get("claim_unit") or unit
    return ClaimCard(
        heading=f"{heading} — {who}",
        quote=str(check["quote"]),
        href=claim_href(check),
        where=f"{names.document_label(check['document'])}, paragraph {check['paragraph']}",
        said=f"{fmt_claimed(check['claim_value'], said_unit)}{said_year}",
        now_label=f"The newest release for {year}" if year else "The newest release",
        now=now_text,
        computed=names.derivation_words(derivation) if derived else None,
        verdict=check.get("claim_verdict"),
        change=change,
        latest=latest_text,
    )


# --- targets and charts ---------------------------------------------------------------------------------
def targets_in_brief() -> tuple[dict[str, int], list[dict]]:
    """How many targets are in each status group (groups with none left out), and the first assessed world
    targets with their latest value in words (`latest`)."""
    board = targets.scoreboard({})
    counts = board["group"].value_counts()
    groups = {g: int(counts.get(g, 0)) for g in STATUS_GROUP_LABELS if counts.get(g, 0)}
    world = board[(board["scope"] == "world") & (board["group"] != "not_assessed")].head(6)
    rows = [
        {
            **r,
            "latest": f"{fmt_value(r['latest_value'], r['unit'])} ({int(r['latest_year'])})"
            if r["latest_value"] is not None and r["latest_year"] is not None
            else "–",
        }
        for r in records(world)
    ]
    return groups, rows


def key_chart_query(query: Mapping[str, object]) -> dict:
    """A key chart's explorer query, keeping only the entities with values of its indicator (a group
    classified but without figures, e.g. an income group in a build without ITU's workbook, is left out)."""
    have = set(published.observations(str(query["indicator"]))["entity_id"])
    return {**query, "entities": [e for e in query["entities"] if e in have]}


def key_charts() -> list[tuple[str, dict, ChartSpec]]:
    """The key charts the data has: card id, explorer query and chart."""
    out = []
    for card_id, q in KEY_CHARTS:
        if published.indicator_info(str(q["indicator"])) is None:
            continue
        q = key_chart_query(q)
        out.append((card_id, q, explorer.build_chart(q)))
    return out
