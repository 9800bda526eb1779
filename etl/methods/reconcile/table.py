"""The claim_checks table: one row per claim and release that has the figure (``etl.methods.reconcile``)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from etl.core.releases import Calendar
from etl.methods.reconcile.interval import half_step, interval
from etl.methods.reconcile.mapping import claim_year, map_claim
from etl.methods.reconcile.series import SeriesIndex
from etl.methods.reconcile.verdict import Finding, assess, newest_first, release_verdict
from etl.methods.reconcile.words import sentence

# --- the table ------------------------------------------------------------------------------------------
CLAIM_CHECK_COLUMNS = [
    "document",
    "paragraph",
    "start",
    "end",
    "quote",
    "claim_indicator",
    "claim_value",
    "claim_unit",
    "qualifier",
    "scope",
    "kind",
    "claim_year",
    "year_rule",
    "year_used",
    "adoption_date",
    "indicator_id",
    "entity_id",
    "sex",
    "area",
    "age_group",
    "derivation",
    "interval",
    "interval_low",
    "interval_high",
    "release",
    "source_id",
    "release_date",
    "is_primary",
    "is_of_its_time",
    "data_value",
    "difference",
    "within_rounding",
    "side",
    "release_verdict",
    "time_release",
    "time_value",
    "newest_release",
    "newest_value",
    "revision",
    "held_years",
    "claim_verdict",
    "sentence",
    "note",
]


def _adoption_dates(documents: pd.DataFrame | None) -> dict[str, date]:
    """document id -> adoption date (documents table)."""
    if documents is None or documents.empty:
        return {}
    dates = pd.to_datetime(documents["adoption_date"], errors="coerce")
    return {str(d): t.date() for d, t in zip(documents["document"], dates, strict=True) if not pd.isna(t)}


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def check_claims(
    claims: pd.DataFrame,
    obs: pd.DataFrame,
    documents: pd.DataFrame | None,
    calendar: Calendar,
    groups_population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The claim_checks table (see the module docstring)."""
    mappings = [map_claim(c.indicator, c.scope, c.unit, c.kind) for c in claims.itertuples(index=False)]
    needed = {m.indicator_id for m in mappings if m.indicator_id} | {"internet_users_count", "population"}
    index = SeriesIndex(obs, calendar, groups_population, needed)
    adopted_by_doc = _adoption_dates(documents)
    out: list[dict] = []
    for c, m in zip(claims.itertuples(index=False), mappings, strict=True):
        adopted = adopted_by_doc.get(c.document)
        qualifier = _text(c.qualifier)
        bounds = interval(float(c.value), half_step(c.quote, float(c.value), c.unit), qualifier)
        f = assess(index, m, claim_year(c.year), adopted, bounds, calendar) if m.indicator_id else Finding()
        reason = m.reason or f.note
        before = set(calendar.primary_before(adopted)) if adopted else set()
        common = {
            "document": c.document,
            "paragraph": c.paragraph,
            "start": c.start,
            "end": c.end,
            "quote": c.quote,
            "claim_indicator": c.indicator,
            "claim_value": float(c.value),
            "claim_unit": c.unit,
            "qualifier": qualifier,
            "scope": c.scope,
            "kind": c.kind,
            "claim_year": _text(c.year),
            "year_rule": _text(getattr(c, "year_rule", None)) or ("stated" if _text(c.year) else "none"),
            "year_used": f.year_used,
            "adoption_date": adopted.isoformat() if adopted else None,
            "indicator_id": m.indicator_id,
            "entity_id": m.entity_id,
            "sex": m.sex if m.indicator_id else None,
            "area": m.area if m.indicator_id else None,
            "age_group": m.age_group if m.indicator_id else None,
            "derivation": m.derivation if m.indicator_id else None,
            "interval": str(bounds),
            "interval_low": bounds.low if math.isfinite(bounds.low) else math.nan,
            "interval_high": bounds.high if math.isfinite(bounds.high) else math.nan,
            "time_release": f.time[0][0] if f.time else None,
            "time_value": f.time[1] if f.time else math.nan,
            "newest_release": f.newest[0][0] if f.newest else None,
            "newest_value": f.newest[1] if f.newest else math.nan,
            "revision": f.newest[1] - f.time[1] if f.time and f.newest else math.nan,
            "held_years": f.held_years or None,
            "claim_verdict": f.verdict,
            "sentence": sentence(f, bounds, c.unit, calendar, reason),
        }
        rows = []
        if m.indicator_id and f.year_used is not None:
            for key in newest_first(list(index.keys(m)), calendar):
                found = index.value(m, key, f.year_used)
                if found is None:
                    continue
                published = calendar.published_on(key[0])
                inside = bounds.contains(found[0])
                rows.append(
                    {
                        **common,
                        "release": key[0],
                        "source_id": key[1],
                        "release_date": published.isoformat() if published else None,
                        "is_primary": calendar.is_primary(key[0]),
                        "is_of_its_time": bool(adopted and published and published < adopted),
                        "data_value": found[0],
                        "difference": found[0] - float(c.value),
                        "within_rounding": inside,
                        "side": bounds.side(found[0]),
                        "release_verdict": release_verdict(key, inside, f, before),
                        "note": found[1] or None,
                    }
                )
        out.extend(rows or [{**common, "note": reason or None}])
    return pd.DataFrame(out, columns=CLAIM_CHECK_COLUMNS)
