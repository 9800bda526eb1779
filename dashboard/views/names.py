"""Ids as a reader should see them: indicator names (the registry's, else the id in words), notes of the
ETL with names for ids, how a claim's figure was derived, the unit of a check, a document's UN symbol, and
the names of countries and groups in the entity picker (with the names a reader may type to find them).

Why: a reader never meets ``offline_population_count`` or ``ecosoc-2023-3``; every page names them here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


# --- entities: the names readers look for, and the entity picker's options ---------------------------------
# Who defines each kind of group, said after its name so two "Africa"s are told apart ("Africa (ITU region)",
# "Africa (UN SDG region)"); the ITU regions' published names already say it.
_DEFINED_BY = {
    "itu_region": "ITU region",
    "sdg_region": "UN SDG region",
    "income_group": "World Bank income group",
    "special_group": "UN list",
    "itu_development_group": "ITU",
    "computed_group": "computed by ict4d",
}
# the order of the picker: the world, then groups by who defines them, then countries by name
_KIND_ORDER = [
    "world",
    "itu_region",
    "income_group",
    "special_group",
    "itu_development_group",
    "computed_group",
    "sdg_region",
    "country",
]
# Where the country-codes file's short (CLDR) name is an abbreviation or a CLDR spelling, the name UN and ITU
# texts use; other countries keep their published name.
_SHORT_NAMES = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "COG": "Congo",
    "COD": "Democratic Republic of the Congo",
}
# names a reader may type that no published column holds: former names, UN formal names, common short forms
_ALSO_KNOWN_AS = {
    "USA": ["US", "USA", "United States of America", "America"],
    "GBR": ["UK", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "TUR": ["Turkey", "Turkiye"],
    "CZE": ["Czech Republic"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "MMR": ["Burma"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "KOR": ["Republic of Korea", "Korea, Rep."],
    "PRK": ["Democratic People's Republic of Korea", "DPRK"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao People's Democratic Republic", "Lao PDR"],
    "RUS": ["Russian Federation"],
    "IRN": ["Iran (Islamic Republic of)"],
    "SYR": ["Syrian Arab Republic"],
    "MDA": ["Republic of Moldova"],
    "TZA": ["United Republic of Tanzania"],
    "BOL": ["Bolivia (Plurinational State of)"],
    "VEN": ["Venezuela (Bolivarian Republic of)"],
    "FSM": ["Micronesia (Federated States of)"],
    "VAT": ["Holy See"],
    "PSE": ["State of Palestine"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "NLD": ["Netherlands (Kingdom of the)"],
    "world": ["Global"],
}
MAX_SEARCH_CHARS = 64  # a picker's query is cut here: no name is longer, and the work per request is bounded
MAX_SEARCH_RESULTS = 60


def fold(text: object) -> str:
    """Text as the picker compares it: accents removed, case folded, "&" as "and", one space between words,
    so "cote d'ivoire", "Côte d’Ivoire" and "COTE D IVOIRE" are the same query."""
    raw = unicodedata.normalize("NFKD", str(text or ""))
    raw = "".join(c for c in raw if not unicodedata.combining(c)).casefold()
    raw = raw.replace("&", " and ").replace("’", "'").replace("-", " ")
    return " ".join(re.sub(r"[^\w' ]+", " ", raw).split())


def _entity_rows() -> list[dict]:
    def compute() -> list[dict]:
        ent = published.entities()
        order = {kind: i for i, kind in enumerate(_KIND_ORDER)}
        rows = []
        for r in ent.to_dict("records"):
            eid, kind, name = str(r["entity_id"]), str(r["entity_type"]), str(r["name"])
            label = _SHORT_NAMES.get(eid, name.replace(" & ", " and ")) if kind == "country" else name
            by = _DEFINED_BY.get(kind)
            if by and "(" + by not in label and not label.endswith(f"({by})"):
                label = f"{label[:-1]}, {by})" if label.endswith(")") else f"{label} ({by})"
            terms = [label, name, *_ALSO_KNOWN_AS.get(eid, [])]
            if kind == "country":
                terms.append(eid)
            folded = list(dict.fromkeys(fold(t) for t in terms if fold(t)))
            rows.append({"id": eid, "label": label, "kind": order.get(kind, len(order)), "terms": folded})
        rows.sort(key=lambda r: (r["kind"], fold(r["label"])))
        return rows

    return published.memo(("names.entity_rows",), compute)


def entity_label(entity_id: object) -> str:
    """The name of a country or group in a picker: the short name UN and ITU texts use for a country, a
    group with who defines it ("Sub-Saharan Africa (UN SDG region)")."""
    labels = published.memo(("names.entity_labels",), lambda: {r["id"]: r["label"] for r in _entity_rows()})
    return labels.get(str(entity_id), str(entity_id))


def entity_options(ids: Iterable[str] | None = None) -> list[dict]:
    """The entity picker's options (all entities, or those of `ids`), in the picker's order: the world,
    groups by who defines them, countries by name; each with the folded names it is found by."""
    keep = None if ids is None else set(map(str, ids))
    return [
        {"label": r["label"], "value": r["id"], "search": " | ".join(r["terms"])}
        for r in _entity_rows()
        if keep is None or r["id"] in keep
    ]


def _rank(query: str, terms: list[str]) -> int | None:
    """How well a folded query matches an entity's folded names: 0 a name exactly, 1 the start of its label,
    2 the start of another name, 3 the start of words of a name, 4 inside a name; None no match."""
    if query in terms:
        return 0
    if terms and terms[0].startswith(query):
        return 1
    if any(t.startswith(query) for t in terms):
        return 2
    words = query.split()
    for t in terms:
        tw = t.split()
        if all(any(w.startswith(q) for w in tw) for q in words):
            return 3
    return 4 if any(query in t for t in terms) else None


def search_entity_options(options: list[dict], query: object, selected: object = None) -> list[dict]:
    """The picker's options for a typed query, best match first ("South Africa" before "Southern Africa",
    "Turkey" finds Türkiye), at most MAX_SEARCH_RESULTS, with the selected entities kept (the picker shows
    their names). No query: every option in the picker's order."""
    text = fold(query if isinstance(query, str) else "")[:MAX_SEARCH_CHARS].strip()
    chosen = {str(v) for v in (selected if isinstance(selected, list) else [selected]) if isinstance(v, str)}
    if not text:
        return options
    ranked = []
    for i, opt in enumerate(options):
        rank = _rank(text, str(opt.get("search", "")).split(" | "))
        if rank is not None:
            ranked.append((rank, i, opt))
    ranked.sort(key=lambda x: (x[0], x[1]))
    found = [opt for _, _, opt in ranked[:MAX_SEARCH_RESULTS]]
    shown = {opt["value"] for opt in found}
    return found + [opt for opt in options if opt["value"] in chosen and opt["value"] not in shown]


def release_name(release: str) -> str:
    """A release as readers know it: its edition name from the release calendar ("SDG Global Database 2023
    release"), else its id."""

    def calendar() -> Calendar:
        return Calendar(published.table("releases"))

    cal = published.memo(("release_calendar",), calendar)
    return cal.edition(release) if release in cal else release
