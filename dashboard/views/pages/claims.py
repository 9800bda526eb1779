"""The Claims page's view: every figure extracted from the resolutions as one row of a table, filtered by
document, indicator, verdict and a search (a UN symbol such as "E/RES/2023/3", or words of the quote), the
claims by indicator and verdict, and one claim in detail. The view is in the address:
``/claims?document=ecosoc-2023-3&indicator=internet_use_share&verdict=revised since&q=E/RES/2023/3``
``&claim=ecosoc-2023-3:14175`` (``claim`` = document and start offset of the claim opened in the detail
panel). Each claim's detail is drawn from ``dashboard.views.claim``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from dashboard.views import names, published
from dashboard.views.builders import chart
from dashboard.views.claim import checks_of
from dashboard.views.figures import claims as figures
from dashboard.views.figures.base import empty_figure
from dashboard.views.formats import fmt_claimed, fmt_value
from dashboard.views.query import first
from dashboard.views.spec import ChartSpec, source_line, source_refs
from dashboard.views.statuses import CLAIM_VERDICTS, NOT_CHECKED, VERDICT_MEANINGS

PATH = "/claims"
VERDICTS = CLAIM_VERDICTS
_CLAIM_KEY = re.compile(r"^([A-Za-z0-9_.\-]{1,80}):(\d{1,9})$")
MAX_SEARCH = 80  # characters of the search kept (a UN symbol or a few words)
CSV_COLUMNS = [
    "document",
    "paragraph",
    "quote",
    "start",
    "end",
    "value",
    "unit",
    "indicator_id",
    "year",
    "scope",
    "kind",
    "qualifier",
    "claim_verdict",
    "release",
    "source_id",
    "licence",
]


# --- data -----------------------------------------------------------------------------------------------
def claims() -> pd.DataFrame:
    """All claims in text order, with a stable key (document:start) and their verdict (claim_checks).

    Built once per process and published folder (the tables never change while the app runs)."""
    return published.memo(("claims.with_verdicts",), _claims_with_verdicts)


def _claims_with_verdicts() -> pd.DataFrame:
    c = published.claims()
    c = c.sort_values(["document", "start"], kind="stable")
    c = c.assign(key=c["document"].astype(str) + ":" + c["start"].astype(int).astype(str))
    checks = published.claim_checks()
    verdicts = checks.drop_duplicates(["document", "start"])[["document", "start", "claim_verdict"]]
    return c.merge(verdicts, on=["document", "start"], how="left")


def documents() -> list[str]:
    """The documents that have claims, by file name."""
    return sorted(published.claims()["document"].dropna().unique().tolist())


def doc_info(document: str) -> dict:
    """The documents-table row of a document (symbol, title, adoption date), or {}."""
    docs = published.documents()
    row = docs[docs["document"] == document]
    return {} if row.empty else row.iloc[0].to_dict()


def licences() -> dict[str, str]:
    """source_id -> licence, from the sources table."""
    src = published.sources()
    return dict(zip(src["source_id"], src["licence"], strict=False))


# --- state ----------------------------------------------------------------------------------------------
def parse_query(**query: object) -> dict:
    """Clean state from the URL; never raises (bad values fall back, with a message)."""
    messages: list[str] = []
    docs = documents()
    document = first(query.get("document"))
    if document is not None and document not in docs:
        messages.append(
            f"Unknown document “{document[:80]}”; showing all documents "
            f"({', '.join(docs) or 'none published yet'})."
        )
        document = None
    c = claims()
    inds = sorted(c["indicator"].dropna().unique().tolist()) if not c.empty else []
    indicator = first(query.get("indicator"))
    if indicator is not None and indicator not in inds:
        messages.append(f"No claim is about “{indicator[:64]}”; showing claims about every indicator.")
        indicator = None
    claim = first(query.get("claim"))
    if claim is not None:
        m = _CLAIM_KEY.match(claim)
        if not m or claim not in set(c["key"]):
            messages.append(
                f"No claim “{claim[:90]}”; the address should end like "
                "claim=ecosoc-2023-3:14175 (document and character offset)."
            )
            claim = None
    verdict = first(query.get("verdict"))
    if verdict is not None and verdict not in VERDICTS:
        messages.append(f"Unknown verdict “{verdict[:60]}”; showing every verdict ({', '.join(VERDICTS)}).")
        verdict = None
    search = first(query.get("q"))
    return {
        "document": document,
        "indicator": indicator,
        "verdict": verdict,
        "q": " ".join(search.split())[:MAX_SEARCH] if search else None,
        "claim": claim,
        "messages": messages,
    }


def query_of(state: Mapping) -> dict:
    """The query dict of a state (what goes into the address and into export views)."""
    return {k: state[k] for k in ("document", "indicator", "verdict", "q", "claim") if state.get(k)}


def symbols() -> dict[str, str]:
    """document -> its UN symbol ("E/RES/2023/3"), the file name where the documents table has none."""

    def compute() -> dict[str, str]:
        docs = published.documents()
        out = {d: d for d in documents()}
        for d, sym in zip(docs["document"], docs["symbol"], strict=True):
            if isinstance(sym, str) and sym.strip():
                out[str(d)] = sym.strip()
        return out

    return published.memo(("claims.symbols",), compute)


def matches_search(rows: pd.DataFrame, search: str) -> pd.Series:
    """Rows whose UN symbol, document, paragraph, quote or indicator contain every word searched (case and
    spacing ignored: "e/res/2023/3" finds E/RES/2023/3)."""
    sym = symbols()
    hay = (
        rows["document"].map(lambda d: sym.get(d, d))
        + " "
        + rows["document"].astype(str)
        + " ¶"
        + rows["paragraph"].astype(str)
        + " "
        + rows["quote"].astype(str)
        + " "
        + rows["indicator"].map(lambda i: names.indicator_name(i))
    ).str.lower()
    hit = pd.Series(True, index=rows.index)
    for word in search.lower().split():
        hit &= hay.str.contains(word, regex=False)
    return hit


def selected(state: Mapping) -> pd.DataFrame:
    """The claims the filters select, in text order."""
    c = claims()
    if state.get("document"):
        c = c[c["document"] == state["document"]]
    if state.get("indicator"):
        c = c[c["indicator"] == state["indicator"]]
    if state.get("verdict"):
        c = c[c["claim_verdict"].fillna(NOT_CHECKED) == state["verdict"]]
    if state.get("q") and not c.empty:
        c = c[matches_search(c, str(state["q"]))]
    return c


def grid_rows(rows: pd.DataFrame) -> list[dict]:
    """The table's rows: one per claim, document by UN symbol, the value in words (and as a number, so
    the column sorts by size), the year as the text gives it, the indicator's name and the verdict."""
    sym = symbols()
    out = []
    for r in rows.to_dict("records"):
        year = r.get("year")
        verdict = r.get("claim_verdict")
        out.append(
            {
                "key": r["key"],
                "symbol": sym.get(r["document"], r["document"]),
                "paragraph": int(r["paragraph"]) if str(r["paragraph"]).isdigit() else str(r["paragraph"]),
                "quote": str(r["quote"]),
                "value": float(r["value"]) if pd.notna(r["value"]) else None,
                "value_text": fmt_claimed(r["value"], r["unit"]),
                "year": str(year) if isinstance(year, str) and year else "not stated",
                "indicator": names.indicator_name(r["indicator"]),
                "verdict": verdict if isinstance(verdict, str) and verdict else NOT_CHECKED,
            }
        )
    return out


def csv_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The claims listed, one row each, with their verdict and the releases, sources and licences checked."""
    checks = published.claim_checks().dropna(subset=["release"])
    lic = licences()
    joined = (
        checks.groupby(["document", "start"])
        .agg(
            release=("release", lambda r: "; ".join(dict.fromkeys(r))),
            source_id=("source_id", lambda r: "; ".join(dict.fromkeys(r))),
            licence=(
                "source_id",
                lambda r: "; ".join(dict.fromkeys(lic.get(x, "") for x in r if lic.get(x))),
            ),
        )
        .reset_index()
    )
    out = rows.merge(joined, on=["document", "start"], how="left")
    out = out.rename(columns={"indicator": "indicator_id"})
    return out.reindex(columns=CSV_COLUMNS).reset_index(drop=True)


@chart("claims-overview")
def overview_chart(query: Mapping[str, object]) -> ChartSpec:
    """Claims by indicator and verdict, for the documents and indicator chosen."""
    state = parse_query(**query)
    rows = csv_frame(selected(state))
    ind_names = {i: names.indicator_name(i) for i in rows["indicator_id"].dropna().unique()}
    counts = verdict_counts(rows["claim_verdict"])
    n_docs = rows["document"].nunique()
    summary = (
        (
            f"{len(rows)} claim{'s' if len(rows) != 1 else ''} from {n_docs} "
            f"document{'s' if n_docs != 1 else ''}. Verdicts: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + "."
        )
        if len(rows)
        else "No claims."
    )
    return ChartSpec(
        figure=figures.claims_figure(rows, ind_names),
        title=f"Claims by indicator: {state['document'] or 'all documents'}",
        subtitle="Each figure quoted in the texts, by the indicator it is about and its verdict against the "
        "data of its time and of later releases",
        summary=summary,
        source="ict4d: claims extracted from the texts (document, paragraph, quote, offsets), checked "
        "against the published series",
        caveats=[
            "A claim matches when the data round to the figure as written (e.g. 66 per cent covers "
            "65.5 to 66.5)."
        ],
        data=rows,
        filename=f"ict4d-claims-{state['document'] or 'all'}",
    )


@chart("claims-check")
def check_chart(query: Mapping[str, object]) -> ChartSpec:
    """One claim's check across releases: the data each release gives against the claimed value."""
    state = parse_query(**query)
    c = claims()
    row = c[c["key"] == state.get("claim")]
    if row.empty:
        return ChartSpec(empty_figure("Choose a claim"), "Claim check", filename="ict4d-claim")
    claim = row.iloc[0].to_dict()
    checks = checks_of(claim)
    unit = names.check_unit(checks.iloc[0].to_dict()) if len(checks) else str(claim["unit"])
    shown = checks.dropna(subset=["release"])
    parts = [
        f"{r['release']}: {fmt_value(r['data_value'], unit)} ({r['release_verdict']})"
        for r in shown.to_dict("records")
        if pd.notna(r["data_value"])
    ]
    verdict = claim.get("claim_verdict")
    summary = (
        f"Claimed {fmt_claimed(claim['value'], claim['unit'])}. Verdict: "
        f"{verdict if pd.notna(verdict) else 'not checked'}. " + "; ".join(parts)
    )
    notes = [names.named_ids(str(n)) for n in checks["note"].dropna().unique()]
    return ChartSpec(
        figure=figures.verdict_figure(checks, unit=unit, claim_value=float(claim["value"])),
        title=f"“{claim['quote']}”",
        subtitle=f"{names.document_label(str(claim['document']))}, paragraph {claim['paragraph']}: "
        "the claimed figure against each release of the data (shaded: the values that round to it)",
        summary=summary.strip(),
        source=source_line(source_refs(shown, published.sources(), published.table("releases"))),
        caveats=notes,
        data=shown.assign(unit=unit, licence=shown["source_id"].map(licences())),
        filename=f"ict4d-claim-{claim['document']}-{claim['start']}",
    )


def document_options() -> list[dict]:
    """The document filter's options: each document by its UN symbol, with its title (typing the symbol
    finds it)."""
    opts = []
    sym = symbols()
    for d in documents():
        info = doc_info(d)
        title = info.get("title") if isinstance(info.get("title"), str) else ""
        label = f"{sym.get(d, d)}: {title}" if title else sym.get(d, d)
        opts.append({"label": label, "value": d, "search": f"{sym.get(d, d)} {d} {title}"})
    return opts


def verdict_counts(verdicts: pd.Series) -> dict[str, int]:
    """How many claims got each verdict, most frequent first (no verdict counted as 'not checked')."""
    counts = verdicts.fillna("not checked").astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def filter_choices() -> dict[str, list[dict]]:
    """The options of the document, indicator and verdict filters (verdicts with their count)."""
    c = claims()
    inds = sorted(c["indicator"].dropna().unique().tolist()) if not c.empty else []
    counts = verdict_counts(c["claim_verdict"]) if not c.empty else {}
    return {
        "document": document_options(),
        "indicator": [{"label": names.indicator_name(i), "value": i} for i in inds],
        "verdict": [
            {"label": f"{v} ({counts.get(v, 0)})", "value": v, "title": VERDICT_MEANINGS[v]}
            for v in VERDICTS
            if counts.get(v)
        ],
    }
