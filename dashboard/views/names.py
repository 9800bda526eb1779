"""Ids as a reader should see them: indicator names (the registry's, else the id in words), notes of the
ETL with names for ids, how a claim's figure was derived, the unit of a check, a document's UN symbol.

Why: a reader never meets ``offline_population_count`` or ``ecosoc-2023-3``; every page names them here.
"""

from __future__ import annotations

import re

from dashboard.views import published
from dashboard.views.formats import fmt_number
from etl.core.releases import Calendar

# words for the ids of the claim vocabulary that are not in the indicator registry
_ID_PREFIXES = {"process_": "WSIS process: ", "unclassified_": "Unclassified: "}
_ID_SUFFIXES = {
    "_share": " (share)",
    "_count": " (number)",
    "_per_100": " per 100 inhabitants",
    "_years": " (years)",
}
_ACRONYMS = {
    "ict": "ICT",
    "oda": "ODA",
    "ldc": "LDC",
    "ldcs": "LDCs",
    "lldc": "LLDC",
    "lldcs": "LLDCs",
    "sids": "SIDS",
}


def indicator_name(indicator_id: object) -> str:
    """The name a person reads for an indicator id: the registry's name, else the id in words
    ("offline_population_count" -> "Offline population (number)"), never a raw id with underscores."""
    text = "" if indicator_id is None or indicator_id != indicator_id else str(indicator_id)
    info = published.indicator_info(text) if text else None
    if info is not None:
        return str(info["name"])
    prefix = next((w for p, w in _ID_PREFIXES.items() if text.startswith(p)), "")
    text = text.removeprefix(next((p for p in _ID_PREFIXES if text.startswith(p)), ""))
    suffix = next((w for s, w in _ID_SUFFIXES.items() if text.endswith(s)), "")
    text = text.removesuffix(next((s for s in _ID_SUFFIXES if text.endswith(s)), ""))
    words = text.replace("_", " ").strip()
    words = re.sub(r"\b(ict|oda|ldcs?|sids|lldcs?)\b", lambda m: _ACRONYMS[m.group(1)], words)
    body = (words[:1].upper() + words[1:]) if not prefix else words
    return f"{prefix}{body}{suffix}" or "unknown indicator"


_ID_TOKEN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bpopulation\b|\b\d{7,}\b")


def named_ids(text: str) -> str:
    """A sentence of the ETL (a check's note, a derivation) as a reader should see it: indicator and entity
    ids replaced by their names, and long counts written in words (7639661771 -> 7.6 billion)."""
    claim_ids = published.memo(
        ("claim_indicator_ids",), lambda: set(published.claims()["indicator"].dropna().astype(str))
    )
    names = published.entity_names()

    def name(m: re.Match) -> str:
        token = m.group(0)
        if token.isdigit():
            return fmt_number(float(token), "persons")
        if published.indicator_info(token) or token in claim_ids or token.endswith(tuple(_ID_SUFFIXES)):
            return indicator_name(token)
        return names.get(token, token)

    return _ID_TOKEN.sub(name, text)


def derivation_words(derivation: object) -> str:
    """How a claim's figure was computed from our series, with names for ids ("100 - internet_use_share"
    -> "100 − Individuals using the Internet"); "direct" when it is the series itself."""
    if not isinstance(derivation, str) or not derivation or derivation == "direct":
        return "direct"
    text = named_ids(derivation).replace(" * ", " × ").replace(" - ", " − ")
    return text.replace("direct, else", "direct, else computed:")


def check_unit(check: dict) -> str:
    """The unit of a claim check's data value: a derived figure (offline people = share x population) is in
    the claim's unit, a direct one in its indicator's unit from our registry."""
    derivation = check.get("derivation")
    derived = isinstance(derivation, str) and bool(derivation) and not derivation.startswith("direct")
    info = published.indicator_info(str(check.get("indicator_id"))) if not derived else None
    return str(info["unit"]) if info is not None else str(check.get("claim_unit") or check.get("unit") or "")


def document_label(document: str) -> str:
    """A document as readers cite it: its UN symbol and adoption date ("E/RES/2023/3 of 2023-06-07"),
    else its file name."""

    def labels() -> dict[str, str]:
        out = {}
        for r in published.documents().to_dict("records"):
            symbol = r.get("symbol")
            symbol = symbol if isinstance(symbol, str) and symbol else r["document"]
            date = r.get("adoption_date")
            out[str(r["document"])] = f"{symbol} of {date}" if isinstance(date, str) and date else str(symbol)
        return out

    return published.memo(("document_labels",), labels).get(document, document)


def release_name(release: str) -> str:
    """A release as readers know it: its edition name from the release calendar ("SDG Global Database 2023
    release"), else its id."""

    def calendar() -> Calendar:
        return Calendar(published.table("releases"))

    cal = published.memo(("release_calendar",), calendar)
    return cal.edition(release) if release in cal else release
