"""Claims: every figure extracted from the resolutions, the quote highlighted in its paragraph, the series it
is matched to and the verdict of each release of the data.

State in the URL: ``/claims?document=ecosoc-2023-3&indicator=internet_use_share&verdict=revised since``
``&claim=ecosoc-2023-3:14175``
(``claim`` = document and start offset of one claim: that claim's check across releases is charted on top).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from urllib.parse import urlencode

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html

from dashboard import components, data, exports
from dashboard import figures_pages as fp
from dashboard.figures import PALETTE, base_layout, empty_figure, fmt_range, fmt_value, unit_label
from etl.core.vocabulary import CLAIM_VERDICTS

PAGE = "claims"
dash.register_page(__name__, path="/claims", name="Claims", title="Claims · ict4d", nav_order=4,
                   description="every figure in the resolutions, in its paragraph, checked against the data")

NOT_CHECKED = components.NOT_CHECKED
VERDICT_MEANINGS = components.VERDICT_MEANINGS
VERDICTS = [*CLAIM_VERDICTS, NOT_CHECKED]
_CLAIM_KEY = re.compile(r"^([A-Za-z0-9_.\-]{1,80}):(\d{1,9})$")
CSV_COLUMNS = ["document", "paragraph", "quote", "start", "end", "value", "unit", "indicator_id", "year",
               "scope", "kind", "qualifier", "claim_verdict", "release", "source_id", "licence"]


# --- data -----------------------------------------------------------------------------------------------
def claims() -> pd.DataFrame:
    """All claims in text order, with a stable key (document:start) and their verdict (etl.reconcile).

    Built once per process and published folder (the tables never change while the app runs)."""
    return data.memo(("claims.with_verdicts",), _claims_with_verdicts)


def _claims_with_verdicts() -> pd.DataFrame:
    c = data.claims()
    c = c.sort_values(["document", "start"], kind="stable")
    c = c.assign(key=c["document"].astype(str) + ":" + c["start"].astype(int).astype(str))
    checks = data.claim_checks()
    verdicts = checks.drop_duplicates(["document", "start"])[["document", "start", "claim_verdict"]]
    return c.merge(verdicts, on=["document", "start"], how="left")


def documents() -> list[str]:
    return sorted(data.claims()["document"].dropna().unique().tolist())


def doc_info(document: str) -> dict:
    """The documents-table row of a document (symbol, title, adoption date), or {}."""
    docs = data.documents()
    row = docs[docs["document"] == document]
    return {} if row.empty else row.iloc[0].to_dict()


document_label = data.document_label


def checks_of(claim: Mapping) -> pd.DataFrame:
    """The claim_checks rows of one claim, one per release (a row without release when nothing maps)."""
    checks = data.claim_checks()
    return checks[(checks["document"] == claim["document"]) & (checks["start"] == int(claim["start"]))]


def paragraph_of(claim: Mapping) -> dict | None:
    """The claim_paragraphs row holding the claim's quote, or None when not published."""
    def by_document() -> dict[str, list[dict]]:
        paras = data.table("claim_paragraphs")
        return {str(d): g.to_dict("records") for d, g in paras.groupby("document")} if len(paras) else {}

    rows = data.memo(("claims.paragraphs_by_document",), by_document).get(str(claim["document"]), [])
    start, end = int(claim["start"]), int(claim["end"])
    return next((p for p in rows if p["start"] <= start and end <= p["end"]), None)


def indicator_infos() -> dict[str, dict]:
    """indicator_id -> registry row (name, unit, definition), once per process."""
    return data.memo(("claims.indicator_infos",),
                     lambda: {str(r["indicator_id"]): r for r in data.indicators().to_dict("records")})


def licences() -> dict[str, str]:
    src = data.sources()
    return dict(zip(src["source_id"], src["licence"], strict=False))


# --- state ----------------------------------------------------------------------------------------------
def parse_query(**query: object) -> dict:
    """Clean state from the URL; never raises (bad values fall back, with a message)."""
    messages: list[str] = []
    docs = documents()
    document = components.first(query.get("document"))
    if document is not None and document not in docs:
        messages.append(f"Unknown document “{document[:80]}”; showing all documents "
                        f"({', '.join(docs) or 'none published yet'}).")
        document = None
    c = claims()
    inds = sorted(c["indicator"].dropna().unique().tolist()) if not c.empty else []
    indicator = components.first(query.get("indicator"))
    if indicator is not None and indicator not in inds:
        messages.append(f"No claim is about “{indicator[:64]}”; showing claims about every indicator.")
        indicator = None
    claim = components.first(query.get("claim"))
    if claim is not None:
        m = _CLAIM_KEY.match(claim)
        if not m or claim not in set(c["key"]):
            messages.append(f"No claim “{claim[:90]}”; the address should end like "
                            "claim=ecosoc-2023-3:14175 (document and character offset).")
            claim = None
    verdict = components.first(query.get("verdict"))
    if verdict is not None and verdict not in VERDICTS:
        messages.append(f"Unknown verdict “{verdict[:60]}”; showing every verdict ({', '.join(VERDICTS)}).")
        verdict = None
    return {"document": document, "indicator": indicator, "verdict": verdict, "claim": claim,
            "messages": messages}


def query_of(state: Mapping) -> dict:
    return {k: state[k] for k in ("document", "indicator", "verdict", "claim") if state.get(k)}


def selected(state: Mapping) -> pd.DataFrame:
    """The claims the filters select, in text order."""
    c = claims()
    if state.get("document"):
        c = c[c["document"] == state["document"]]
    if state.get("indicator"):
        c = c[c["indicator"] == state["indicator"]]
    if state.get("verdict"):
        c = c[c["claim_verdict"].fillna(NOT_CHECKED) == state["verdict"]]
    return c


def csv_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The claims listed, one row each, with their verdict and the releases, sources and licences checked."""
    checks = data.claim_checks().dropna(subset=["release"])
    lic = licences()
    joined = checks.groupby(["document", "start"]).agg(
        release=("release", lambda r: "; ".join(dict.fromkeys(r))),
        source_id=("source_id", lambda r: "; ".join(dict.fromkeys(r))),
        licence=("source_id", lambda r: "; ".join(dict.fromkeys(lic.get(x, "") for x in r if lic.get(x)))),
    ).reset_index()
    out = rows.merge(joined, on=["document", "start"], how="left")
    out = out.rename(columns={"indicator": "indicator_id"})
    return out.reindex(columns=CSV_COLUMNS).reset_index(drop=True)


# --- charts ---------------------------------------------------------------------------------------------
def overview_figure(rows: pd.DataFrame, ind_names: Mapping[str, str]) -> go.Figure:
    """How many claims there are about each indicator, split by their verdict."""
    if rows.empty:
        return empty_figure("No claims for this choice")
    frame = rows.assign(verdict=rows["claim_verdict"].fillna(NOT_CHECKED).astype(str),
                        label=rows["indicator_id"].map(lambda i: ind_names.get(i, i)))
    counts = frame.groupby(["label", "verdict"]).size().rename("n").reset_index()
    order = frame["label"].value_counts().sort_values().index.tolist()
    bars = [{"type": "bar", "y": g["label"].to_numpy(dtype=object), "x": g["n"].to_numpy(), "name": verdict,
             "orientation": "h",
             "marker": {"color": fp.VERDICT_COLOURS.get(verdict, PALETTE[i % len(PALETTE)])},
             "hovertemplate": f"%{{y}}: %{{x}} claim(s), {verdict}<extra></extra>"}
            for i, (verdict, g) in enumerate(counts.groupby("verdict", sort=True))]
    most = int(counts.groupby("label")["n"].sum().max())
    layout = base_layout("", "Claims", barmode="stack", height=max(300, 40 * len(order) + 160),
                         xaxis={"tick0": 0, "dtick": max(1, math.ceil(most / 8))},  # whole claims only
                         hovermode="closest", yaxis={"categoryorder": "array", "categoryarray": order})
    return go.Figure(data=bars, layout=layout)


@components.chart("claims-overview")
def overview_chart(query: Mapping[str, object]) -> components.Chart:
    """Claims by indicator and verdict, for the documents and indicator chosen."""
    state = parse_query(**query)
    rows = csv_frame(selected(state))
    ind_names = {i: data.indicator_name(i) for i in rows["indicator_id"].dropna().unique()}
    counts = fp.verdict_counts(rows["claim_verdict"])
    n_docs = rows["document"].nunique()
    summary = (f"{len(rows)} claim{'s' if len(rows) != 1 else ''} from {n_docs} "
               f"document{'s' if n_docs != 1 else ''}. Verdicts: "
               + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".") if len(rows) else "No claims."
    return components.Chart(
        figure=overview_figure(rows, ind_names),
        title=f"Claims by indicator: {state['document'] or 'all documents'}",
        subtitle="Each figure quoted in the texts, by the indicator it is about and its verdict against the "
                 "data of its time and of later releases",
        summary=summary,
        source="ict4d: claims extracted from the texts (document, paragraph, quote, offsets), checked "
               "against the published series",
        caveats=["A claim matches when the data round to the figure as written (e.g. 66 per cent covers "
                 "65.5 to 66.5)."],
        data=rows,
        filename=f"ict4d-claims-{state['document'] or 'all'}",
    )


@components.chart("claims-check")
def check_chart(query: Mapping[str, object]) -> components.Chart:
    """One claim's check across releases: the data each release gives against the claimed value."""
    state = parse_query(**query)
    c = claims()
    row = c[c["key"] == state.get("claim")]
    if row.empty:
        return components.Chart(empty_figure("Choose a claim"), "Claim check", filename="ict4d-claim")
    claim = row.iloc[0].to_dict()
    checks = checks_of(claim)
    unit = data.check_unit(checks.iloc[0].to_dict()) if len(checks) else str(claim["unit"])
    shown = checks.dropna(subset=["release"])
    parts = [f"{r['release']}: {fmt_value(r['data_value'], unit)} ({r['release_verdict']})"
             for r in shown.to_dict("records") if pd.notna(r["data_value"])]
    verdict = claim.get("claim_verdict")
    summary = (f"Claimed {fmt_value(claim['value'], claim['unit'])}. Verdict: "
               f"{verdict if pd.notna(verdict) else 'not checked'}. " + "; ".join(parts))
    notes = [data.named_ids(str(n)) for n in checks["note"].dropna().unique()]
    return components.Chart(
        figure=fp.verdict_figure(checks, unit=unit, claim_value=float(claim["value"])),
        title=f"“{claim['quote']}”",
        subtitle=f"{document_label(str(claim['document']))}, paragraph {claim['paragraph']}: the claimed "
                 "figure against each release of the data (shaded: the values that round to it)",
        summary=summary.strip(),
        source=exports.source_line(exports.source_refs(shown, data.sources())),
        caveats=notes,
        data=shown.assign(unit=unit, licence=shown["source_id"].map(licences())),
        filename=f"ict4d-claim-{claim['document']}-{claim['start']}",
    )


# --- the list of claims ---------------------------------------------------------------------------------
def quote_in_context(claim: Mapping) -> html.Blockquote:
    """The paragraph with the quote marked (<mark>), or the quote alone when no paragraph is published."""
    quote, start, end = str(claim["quote"]), int(claim["start"]), int(claim["end"])
    pieces = fp.claim_context(paragraph_of(claim), quote, start, end)
    return html.Blockquote([html.Mark(p, className="claim-quote") if marked else p for p, marked in pieces],
                           className="claim-context")


verdict_badge = components.verdict_badge  # one badge for a verdict on every page


def check_records(claim: Mapping) -> list[dict]:
    """The claim's checks as plain rows, releases in date order (row without release when nothing maps)."""
    def split() -> dict[tuple[str, int], list[dict]]:
        checks = data.claim_checks().sort_values(["release_date", "release"], na_position="first")
        return {(str(d), int(s)): g.to_dict("records") for (d, s), g in checks.groupby(["document", "start"])}

    return data.memo(("claims.check_records",), split).get((str(claim["document"]), int(claim["start"])), [])


def check_table(records: list[dict], unit: str) -> html.Div | html.P:
    """What each release says: entity, year used, value, the interval the claim covers, and the verdict."""
    rows = [r for r in records if pd.notna(r["release"])]
    if not rows:
        note = next((r["note"] for r in records if pd.notna(r["note"])), None)
        return html.P(f"No release to check against{': ' + data.named_ids(str(note)) if note else '.'}",
                      className="muted")
    names = data.entity_names()
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in
                               ("Release", "Series", "Year", "Data", "Claim covers", "Verdict")]))
    body = []
    for r in rows:
        bounds = (r["interval_low"], r["interval_high"])
        covers = fmt_range(*bounds, unit)
        when = " (of its time)" if bool(r["is_of_its_time"]) else ""
        sex = "" if pd.isna(r["sex"]) or r["sex"] == "total" else f", {r['sex']}"
        body.append(html.Tr([
            html.Td(f"{r['release']}{when}"),
            html.Td(f"{names.get(r['entity_id'], r['entity_id'])}{sex}"),
            html.Td("" if pd.isna(r["year_used"]) else str(int(r["year_used"]))),
            html.Td(fmt_value(r["data_value"], unit)),
            html.Td(covers),
            html.Td(verdict_badge(r["release_verdict"])),
        ]))
    return html.Div(html.Table([html.Caption("What each release of the data says"), head, html.Tbody(body)],
                               className="data-table"), className="table-scroll")


def claim_item(claim: Mapping, known_indicators: list[str]) -> html.Li:
    """One claim: where it is, the quote in its paragraph, what it says, the series and the verdicts."""
    records = check_records(claim)
    first = next((r for r in records if pd.notna(r.get("indicator_id"))), None)
    unit = data.check_unit(first) if first else str(claim["unit"])
    matched = str(first["indicator_id"]) if first else str(claim["indicator"])  # a derived claim's series
    series = fp.claim_series_query(matched, claim["scope"], known_indicators)
    derived = data.derivation_words(first.get("derivation")) if first else "direct"
    how = "" if derived == "direct" else f" (the claim's figure is computed: {derived})"
    label = f"{data.indicator_name(matched)} ({unit_label(indicator_infos().get(matched, {}).get('unit'))})"
    href = "/explorer?" + urlencode(series, safe=",") if series else ""
    series_link = (html.Span([dcc.Link(f"{label} in the Explorer", href=href), how])
                   if series else html.Span(f"none: we publish no series for {data.indicator_name(matched)}"))
    qualifier = claim.get("qualifier")
    value = fmt_value(claim["value"], claim["unit"])
    facts = [("Value", value + (f" ({qualifier.replace('_', ' ')})" if pd.notna(qualifier) else "")),
             ("Indicator", data.indicator_name(claim["indicator"])),
             ("Year", claim["year"] if pd.notna(claim["year"]) else "not stated"),
             ("Scope", str(claim["scope"]).replace("_", " ")), ("Kind", claim["kind"])]
    verdict = claim.get("claim_verdict")
    check_href = "/claims?" + urlencode({"document": claim["document"], "claim": claim["key"]})
    return html.Li(html.Article([
        html.H3([f"{document_label(str(claim['document']))}, ",
                 html.Span(f"paragraph {claim['paragraph']}", className="muted")]),
        quote_in_context(claim),
        html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(str(v)))], className="claim-facts"),
        html.P([html.Strong("Matched series: "), series_link]),
        html.P([html.Strong("Verdict: "), verdict_badge(verdict, extra="claim-verdict")]),
        check_table(records, unit),
        dcc.Link("Chart this claim across releases", href=check_href, className="button")
        if any(pd.notna(r["release"]) for r in records) else None,
    ], className="card claim", id=f"claim-{claim['document']}-{claim['start']}"))


def claim_list(state: Mapping) -> html.Ol | html.Div:
    rows = selected(state)
    if rows.empty:
        return components.message("No claims for this choice.")
    known = data.indicators()["indicator_id"].tolist()
    return html.Ol([claim_item(r, known) for r in rows.to_dict("records")], className="claim-list")


# --- layout and callback --------------------------------------------------------------------------------
def content(state: Mapping) -> list:
    """Everything below the controls for a state (what the callback redraws)."""
    query = query_of(state)
    out: list = [components.message(m, kind="warning") for m in state.get("messages", [])]
    if state.get("claim"):
        out.append(components.chart_card("claims-check", check_chart(query), {"chart": "claims-check",
                                                                              "query": query}))
    out.append(components.chart_card("claims-overview", overview_chart(query),
                                     {"chart": "claims-overview", "query": query}))
    out.append(html.Section([html.H2("The claims, in the order of the texts"), claim_list(state)],
                            className="claims"))
    return out


def document_options() -> list[dict]:
    opts = []
    for d in documents():
        info = doc_info(d)
        label = f"{d}: {info['title']}" if info.get("title") else d
        opts.append({"label": label, "value": d})
    return opts


def layout(**query: object) -> html.Div:
    """The page for a URL query (bad values give a message on the page, never an error)."""
    state = parse_query(**query)
    c = claims()
    inds = sorted(c["indicator"].dropna().unique().tolist()) if not c.empty else []
    counts = fp.verdict_counts(c["claim_verdict"]) if not c.empty else {}
    controls = html.Div([
        components.labelled("Document", "claims-document", dcc.Dropdown(
            id="claims-document", value=state["document"], options=document_options(), searchable=True,
            placeholder="All documents")),
        components.labelled("Indicator", "claims-indicator", dcc.Dropdown(
            id="claims-indicator", value=state["indicator"], searchable=True, placeholder="Every indicator",
            options=[{"label": data.indicator_name(i), "value": i} for i in inds])),
        components.labelled("Verdict", "claims-verdict", dcc.Dropdown(
            id="claims-verdict", value=state["verdict"], searchable=False, placeholder="Every verdict",
            options=[{"label": f"{v} ({counts.get(v, 0)})", "value": v, "title": VERDICT_MEANINGS[v]}
                     for v in VERDICTS if counts.get(v)])),
    ], className="controls")
    return html.Div([
        components.page_header(
            "Claims in the resolutions",
            "Every figure the texts state, shown in its paragraph with the quote highlighted, the series it "
            "is about, and what each release of the data says.",
        ),
        controls,
        html.Div(content(state), id="claims-content", **{"aria-live": "polite"}),
        *components.url_sync(PAGE),
    ], className="page page-claims")


def update(document: str | None, indicator: str | None, verdict: str | None = None) -> tuple[list, str]:
    """Filters changed: redraw the list and the chart, and put the view in the address (a chosen claim is
    dropped: it may not be in the new selection)."""
    state = parse_query(document=document, indicator=indicator, verdict=verdict)
    return content(state), components.to_query(query_of(state))


callback(
    Output("claims-content", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("claims-document", "value"),
    Input("claims-indicator", "value"),
    Input("claims-verdict", "value"),
    prevent_initial_call=True,
)(update)
