"""One claim as the Claims page shows it: the quote marked in its paragraph, the series it talks about,
and what each release of the data says about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from dashboard.views import markdown, names, published
from dashboard.views.formats import fmt_change, fmt_claimed, fmt_range, fmt_value, unit_label


def checks_of(claim: Mapping) -> pd.DataFrame:
    """The claim_checks rows of one claim, one per release (a row without release when nothing maps)."""
    checks = published.claim_checks()
    return checks[(checks["document"] == claim["document"]) & (checks["start"] == int(claim["start"]))]


def paragraph_of(claim: Mapping) -> dict | None:
    """The claim_paragraphs row holding the claim's quote, or None when not published."""

    def by_document() -> dict[str, list[dict]]:
        paras = published.table("claim_paragraphs")
        return {str(d): g.to_dict("records") for d, g in paras.groupby("document")} if len(paras) else {}

    rows = published.memo(("claims.paragraphs_by_document",), by_document).get(str(claim["document"]), [])
    start, end = int(claim["start"]), int(claim["end"])
    return next((p for p in rows if p["start"] <= start and end <= p["end"]), None)


def check_records(claim: Mapping) -> list[dict]:
    """The claim's checks as plain rows, releases in date order (row without release when nothing maps)."""

    def split() -> dict[tuple[str, int], list[dict]]:
        checks = published.claim_checks().sort_values(["release_date", "release"], na_position="first")
        return {(str(d), int(s)): g.to_dict("records") for (d, s), g in checks.groupby(["document", "start"])}

    return published.memo(("claims.check_records",), split).get(
        (str(claim["document"]), int(claim["start"])), []
    )


def highlight_segments(
    text: str, quote: str, start: int | None = None, end: int | None = None
) -> list[tuple[str, bool]]:
    """Split `text` into (piece, is_quote) so the quote can be marked in its paragraph.

    The offsets are trusted only when they point at exactly the quote; otherwise the quote is searched
    for (first occurrence). A quote not found leaves the text unmarked rather than marking the wrong span.
    """
    if not text:
        return []
    if not quote:
        return [(text, False)]
    if start is None or end is None or not (0 <= start <= end <= len(text)) or text[start:end] != quote:
        start = text.find(quote)
        if start < 0:
            return [(text, False)]
        end = start + len(quote)
    pieces = [(text[:start], False), (text[start:end], True), (text[end:], False)]
    return [p for p in pieces if p[0]]


# claim scopes (the claims table's vocabulary) -> our entity ids, for links to the series a claim talks about
SCOPE_ENTITIES = {
    "world": "world",
    "women": "world",
    "men": "world",
    "LDCs": "ldc",
    "LLDCs": "lldc",
    "SIDS": "sids",
    "developing_countries": "developing_lmic",
    "Africa": "itu_africa",
    "Americas": "itu_americas",
    "Arab_States": "itu_arab_states",
    "Asia-Pacific": "itu_asia_pacific",
    "CIS": "itu_cis",
    "Europe": "itu_europe",
}
SCOPE_SEX = {"women": "female", "men": "male"}


def claim_series_query(indicator: str, scope: str, known_indicators: Iterable[str]) -> dict[str, str] | None:
    """Explorer query of the series a claim talks about, or None when we have no such indicator."""
    if indicator not in set(known_indicators):
        return None
    first = (scope or "").split(";")[0].strip()
    group, sex_word = first.rsplit("_", 1) if first.endswith(("_women", "_men")) else (first, "")
    query = {"indicator": indicator, "entities": SCOPE_ENTITIES.get(group, "world")}
    sex = SCOPE_SEX.get(sex_word or group)
    if sex:
        query["sex"] = sex
    return query


def claim_context(paragraph: Mapping | None, quote: str, start: int, end: int) -> list[tuple[str, bool]]:
    """The quote marked inside its paragraph as (piece, is_quote) pieces; the bare quote without one.

    `paragraph` is a claim_paragraphs row (start, text); the claim's offsets are document-level.
    """
    if paragraph is None:
        return [(quote, True)] if quote else []
    p0 = int(paragraph["start"])
    return highlight_segments(str(paragraph["text"]), quote, start - p0, end - p0)


def quote_pieces(claim: Mapping) -> list[tuple[str, bool]]:
    """The claim's paragraph as (piece, is_quote) pieces; the quote alone when no paragraph is published."""
    quote, start, end = str(claim["quote"]), int(claim["start"]), int(claim["end"])
    return claim_context(paragraph_of(claim), quote, start, end)


def quote_bounds(text: str, quote: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where the quote is in `text`: the offsets when they point at exactly the quote, else its first
    occurrence; None when it is not there (nothing is marked rather than the wrong span)."""
    if not text or not quote:
        return None
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote:
        return start, end
    found = text.find(quote)
    return (found, found + len(quote)) if found >= 0 else None


def paragraph_runs(claim: Mapping) -> list[markdown.Run]:
    """The claim's paragraph, once, as styled runs (its markdown rendered) with the quote marked; the quote
    alone (marked) when no paragraph is published."""
    quote, start, end = str(claim["quote"]), int(claim["start"]), int(claim["end"])
    paragraph = paragraph_of(claim)
    if paragraph is None:
        return [markdown.Run(r.text, r.em, r.strong, True) for r in markdown.runs(quote)]
    text, p0 = str(paragraph["text"]), int(paragraph["start"])
    bounds = quote_bounds(text, quote, start - p0, end - p0)
    return markdown.runs(text, *(bounds or (None, None)))


@dataclass
class Compared:
    """The claim's figure in the release of its time and in the newest release, for the same data year."""

    year: str  # the data year compared ("2022")
    time_release: str  # the edition name, or "" when no release of its time has the year
    time_value: str
    newest_release: str
    newest_value: str
    revision: str  # "revised down by 2.6 percentage points", "unchanged"; "" when nothing to compare
    same_release: bool  # the release of its time is also the newest


def releases_compared(claim: Mapping) -> Compared | None:
    """What the release of its time and the newest release say for the claim's data year (None when the
    claim maps to no series)."""
    records = [r for r in check_records(claim) if pd.notna(r.get("release"))]
    return compare_row(records[-1]) if records else None


def compare_row(r: Mapping) -> Compared:
    """`releases_compared` from one claim_checks row (every row of a claim repeats the comparison): the
    newest release's value is the one for the same data year, never the series' latest year."""
    unit = names.check_unit(dict(r))
    get = r.get

    def value(v: object) -> str:
        return fmt_value(v, unit) if pd.notna(v) else "not in this release"

    time_release = get("time_release")
    newest = get("newest_release")
    revision = get("revision")
    same = pd.notna(time_release) and time_release == newest
    if pd.notna(revision) and pd.notna(time_release) and not same:
        rounded = round(float(revision), 6)
        words = (
            "unchanged"
            if rounded == 0
            else f"revised {'down' if rounded < 0 else 'up'} by {fmt_change(rounded, unit)}"
        )
    else:
        words = ""
    year = get("year_used")
    return Compared(
        year="" if pd.isna(year) else str(int(year)),
        time_release=names.release_name(str(time_release)) if pd.notna(time_release) else "",
        time_value=value(get("time_value")),
        newest_release=names.release_name(str(newest)) if pd.notna(newest) else "",
        newest_value=value(get("newest_value")),
        revision=words,
        same_release=bool(same),
    )


@dataclass
class ReleaseRow:
    """What one release of the data says for a claim, in words."""

    release: str  # with "(of its time)" when published within a year of the text
    series: str  # the entity (and sex) of the series compared
    year: str
    data: str
    covers: str  # the interval the claim covers when rounded as written
    verdict: object


def release_rows(records: list[dict], unit: str) -> list[ReleaseRow]:
    """Each release the claim was checked against, in date order."""
    entity_names = published.entity_names()
    out = []
    for r in records:
        if not pd.notna(r["release"]):
            continue
        when = " (of its time)" if bool(r["is_of_its_time"]) else ""
        sex = "" if pd.isna(r["sex"]) or r["sex"] == "total" else f", {r['sex']}"
        out.append(
            ReleaseRow(
                release=f"{r['release']}{when}",
                series=f"{entity_names.get(r['entity_id'], r['entity_id'])}{sex}",
                year="" if pd.isna(r["year_used"]) else str(int(r["year_used"])),
                data=fmt_value(r["data_value"], unit),
                covers=fmt_range(r["interval_low"], r["interval_high"], unit),
                verdict=r["release_verdict"],
            )
        )
    return out


def no_release_note(records: list[dict]) -> str:
    """Why a claim has no release to check against, as the check's note says (with names for ids)."""
    note = next((r["note"] for r in records if pd.notna(r["note"])), None)
    return f"No release to check against{': ' + names.named_ids(str(note)) if note else '.'}"


@dataclass
class ClaimFacts:
    """One claim as the list shows it: where, what it says, the series it is matched to, its checks."""

    where: str  # the document as readers cite it
    paragraph: str
    facts: list[tuple[str, str]]  # value, indicator, year, scope, kind
    series_label: str
    series_href: str  # the series in the Explorer ("" when we publish none)
    how: str  # how a derived claim's figure is computed ("" when direct)
    unit: str
    records: list[dict]
    verdict: object
    check_href: str  # this claim charted across releases
    chartable: bool  # some release could be compared


def claim_facts(claim: Mapping, known_indicators: list[str]) -> ClaimFacts:
    """Where a claim is, what it says, the series it is matched to and what each release says."""
    records = check_records(claim)
    found = next((r for r in records if pd.notna(r.get("indicator_id"))), None)
    unit = names.check_unit(found) if found else str(claim["unit"])
    matched = str(found["indicator_id"]) if found else str(claim["indicator"])  # a derived claim's series
    series = claim_series_query(matched, claim["scope"], known_indicators)
    derived = names.derivation_words(found.get("derivation")) if found else "direct"
    unit_of = (published.indicator_info(matched) or {}).get("unit")
    label = f"{names.indicator_name(matched)} ({unit_label(unit_of)})"
    qualifier = claim.get("qualifier")
    value = fmt_claimed(claim["value"], claim["unit"])
    facts = [
        ("Value", value + (f" ({qualifier.replace('_', ' ')})" if pd.notna(qualifier) else "")),
        ("Indicator", names.indicator_name(claim["indicator"])),
        ("Year", claim["year"] if pd.notna(claim["year"]) else "not stated"),
        ("Scope", str(claim["scope"]).replace("_", " ")),
        ("Kind", claim["kind"]),
    ]
    return ClaimFacts(
        where=names.document_label(str(claim["document"])),
        paragraph=str(claim["paragraph"]),
        facts=[(k, str(v)) for k, v in facts],
        series_label=f"{label} in the Explorer"
        if series
        else f"none: we publish no series for {names.indicator_name(matched)}",
        series_href="/explorer?" + urlencode(series, safe=",") if series else "",
        how="" if derived == "direct" else f" (the claim's figure is computed: {derived})",
        unit=unit,
        records=records,
        verdict=claim.get("claim_verdict"),
        check_href="/claims?" + urlencode({"document": claim["document"], "claim": claim["key"]}),
        chartable=any(pd.notna(r["release"]) for r in records),
    )
