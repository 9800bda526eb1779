"""Overview: the resolutions' headline figures next to what the data says now (each with the verdict of the
claim check), the target scoreboard in brief, and the key charts.

The page has no state of its own; every card links to the page that explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import dcc, html

from dashboard import components, data, figures

dash.register_page(
    __name__,
    path="/",
    name="Overview",
    title="ict4d: ICT-for-development indicators",
    nav_order=0,
    description="headline figures, what the data says now, targets in brief",
)

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


# --- headline figures (pure over dashboard.data) ---------------------------------------------------------
def headline_claims(limit: int = MAX_CARDS) -> pd.DataFrame:
    """One row per checked claim with a series: the newest document's claim per indicator, scope and sex.

    Columns: the claim-check columns of the newest release row of each claim.
    """
    checks = data.claim_checks()
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
    obs = data.observations(indicator, [entity], sex=sex)
    if obs.empty:
        return None
    upstream = obs[~obs["is_computed"].astype(bool)]
    pool = upstream if not upstream.empty else obs
    ranked = pool.assign(_vintage=pool["release"].map(data.release_key)).sort_values(["year", "_vintage"])
    row = ranked.iloc[-1]
    newest = row["release"]
    info = data.indicator_info(indicator) or {}
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


def claim_card(check: Mapping) -> html.Article:
    """What the text said (quote, where) next to what the data says now, with the claim's verdict."""
    names = data.entity_names()
    derivation = check.get("derivation")
    derived = isinstance(derivation, str) and bool(derivation) and not derivation.startswith("direct")
    # a derived claim (e.g. offline people = (100 - Internet use) x population) is shown with the check's own
    # figure, in the claim's unit; a direct one with the newest value of its series, in the registry's unit
    unit = data.check_unit(dict(check))
    now = (
        {
            "value": check["data_value"],
            "year": int(check["year_used"]),
            "release": check["release"],
            "unit": unit,
        }
        if derived
        else data_now(check["indicator_id"], check["entity_id"], check.get("sex") or "total")
    )
    who = names.get(check["entity_id"], check["entity_id"])
    if check.get("sex") in ("female", "male"):
        who += ", women" if check["sex"] == "female" else ", men"
    heading = data.indicator_name(check["claim_indicator"] if derived else check["indicator_id"])
    badge = components.verdict_badge(check.get("claim_verdict"))
    # the year the text gives, if any (the data year the check used is the one shown with the data)
    claim_year = check.get("claim_year")
    said_year = f" ({claim_year})" if isinstance(claim_year, str) and claim_year else " (year not stated)"
    now_text = (
        f"{figures.fmt_value(now['value'], now['unit'])} in {now['year']} (release {now['release']})"
        if now
        else "no data"
    )
    said_unit = check.get("claim_unit") or unit
    return html.Article(
        [
            html.H3(f"{heading} — {who}"),
            html.Blockquote(f"“{check['quote']}”", cite=claim_href(check)),
            html.P([html.Small(f"{data.document_label(check['document'])}, paragraph {check['paragraph']}")]),
            html.Dl(
                [
                    html.Dt("The text said"),
                    html.Dd(f"{figures.fmt_value(check['claim_value'], said_unit)}{said_year}"),
                    html.Dt("The data says" if derived else "The data says now"),
                    html.Dd(now_text, className="figure"),
                    *(
                        [html.Dt("Computed as"), html.Dd(data.derivation_words(derivation), className="how")]
                        if derived
                        else []
                    ),
                    html.Dt("Verdict"),
                    html.Dd(badge),
                ],
                className="facts",
            ),
            dcc.Link("Check in detail", href=claim_href(check)),
        ],
        className="card claim-card",
    )


def targets_in_brief() -> html.Div:
    """How many targets are in each status group (links to the filtered Targets page), and the world ones."""
    from dashboard.pages import targets as targets_page  # loaded by Dash pages before any request

    board = targets_page.scoreboard({})
    counts = board["group"].value_counts()
    items = [
        html.Li(
            [
                components.status_badge_group(g),
                f" {int(counts.get(g, 0))} targets ",
                dcc.Link("list", href=f"/targets?status={g}", title=f"Targets: {lab}"),
            ]
        )
        for g, lab in components.STATUS_GROUP_LABELS.items()
        if counts.get(g, 0)
    ]
    world = board[(board["scope"] == "world") & (board["group"] != "not_assessed")].head(6)
    rows = [
        html.Tr(
            [
                html.Td(
                    [
                        html.Strong(r["target_id"]),
                        " ",
                        r["wording"],
                        " ",
                        components.verification_mark(r["verification_status"]),
                    ]
                ),
                html.Td(components.status_badge(r["status"])),
                html.Td(
                    f"{figures.fmt_value(r['latest_value'], r['unit'])} ({int(r['latest_year'])})"
                    if r["latest_value"] is not None and r["latest_year"] is not None
                    else "–"
                ),
            ]
        )
        for r in components.records(world)
    ]
    table = (
        html.Table(
            [
                html.Caption("World targets"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th("Target", scope="col"),
                            html.Th("Status", scope="col"),
                            html.Th("Latest", scope="col"),
                        ]
                    )
                ),
                html.Tbody(rows),
            ],
            className="data-table",
        )
        if rows
        else None
    )
    return html.Div(
        [
            html.Ul(items, className="status-counts"),
            html.Div(table, className="table-scroll"),
            dcc.Link("All targets", href="/targets"),
        ]
    )


def key_chart_query(query: Mapping[str, object]) -> dict:
    """A key chart's explorer query, keeping only the entities the data has."""
    names = data.entity_names()
    return {**query, "entities": [e for e in query["entities"] if e in names]}


def layout(**query: object) -> html.Div:
    """The overview page (it has no state, so it is built once per process and published folder)."""
    parse_query(**query)
    return data.memo(("overview-layout",), build_page)


def build_page() -> html.Div:
    """Claims next to the data, targets in brief, key charts."""
    if data.indicators().empty:
        return html.Div(
            [
                components.page_header("Overview"),
                components.message("No data published yet: run `ict4d build`."),
            ],
            className="page",
        )
    claims = headline_claims()
    cards = [claim_card(c) for c in claims.to_dict("records")]
    charts = []
    for card_id, q in KEY_CHARTS:
        if data.indicator_info(str(q["indicator"])) is None:
            continue
        q = key_chart_query(q)
        charts.append(
            components.chart_card(
                card_id, components.CHARTS["explorer-chart"](q), {"chart": "explorer-chart", "query": q}
            )
        )
    return html.Div(
        [
            components.page_header(
                "Overview",
                "What the UN's WSIS resolutions said about connectivity, what ITU's "
                "data says now, and how far the world is from its targets.",
            ),
            html.Section(
                [
                    html.H2("Headline figures: the texts and the data"),
                    html.Div(cards, className="cards")
                    if cards
                    else components.message("No checked claims published yet."),
                ],
                className="section",
            ),
            html.Section([html.H2("Targets in brief"), targets_in_brief()], className="section"),
            html.Section([html.H2("Key charts"), *charts], className="section"),
        ],
        className="page page-overview",
    )
