"""The brief's closing sections: the claims check (one row per claim with what each release says) and the
sources it uses, in plain words (publisher, edition, licence, how to cite)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.views.brief import QUALIFIER_WORDS, Words, clean, number, reader_text, text
from dashboard.views.spec import plain_attribution, plain_licence, plain_publisher


@dataclass
class ClaimRow:
    """One checked claim: where it is, its quote, the figure claimed, its verdict and each release's data."""

    where: str
    quote: str
    claim: str
    verdict: str
    releases: list[str]


def claim_value(r: Mapping[str, Any]) -> str:
    """The figure as the text claims it ("almost 50.0 percent")."""
    qual = clean(r.get("qualifier"))
    value = number(r.get("claim_value"), None)
    return " ".join(
        p for p in (QUALIFIER_WORDS.get(qual, qual) if qual else "", value, text(r.get("claim_unit"))) if p
    )


def release_line(r: Mapping[str, Any], edition: Callable[[object], str] = text) -> str:
    """What one release says for a claim ("SDG Global Database 2023 release: 60.2 (2023): matches …")."""
    if not clean(r.get("release")):
        return reader_text(r.get("note")) or "no series"
    used = clean(r.get("year_used"))
    year = f" ({int(used)})" if used is not None else ""
    verdict = f": {text(r.get('release_verdict'))}" if clean(r.get("release_verdict")) else ""
    return f"{edition(r['release'])}: {number(r.get('data_value'), None)}{year}{verdict}"


def claims_check(
    checks: pd.DataFrame | None, w: Words | None = None
) -> tuple[int, dict[str, int], list[ClaimRow]]:
    """The claims check: how many claims, how many got each verdict, and one row per claim with the data of
    each release it was compared with (claim_checks has one row per claim and release)."""
    if checks is None or checks.empty:
        return 0, {}, []
    w = w or Words({}, {}, {}, {})
    key = [c for c in ("document", "start") if c in checks.columns]
    groups = list(checks.groupby(key, sort=False)) if key else [((), checks)]
    firsts = [g.iloc[0].to_dict() for _, g in groups]
    verdicts = pd.Series([f.get("claim_verdict") for f in firsts]).dropna().value_counts()
    rows = [
        ClaimRow(
            where=f"{w.documents.get(text(first.get('document')), text(first.get('document')))} "
            f"¶{text(first.get('paragraph'))}",
            quote=text(first.get("quote")),
            claim=claim_value(first),
            verdict=text(first.get("claim_verdict")),
            releases=[release_line(r, w.edition) for r in g.to_dict("records")],
        )
        for (_, g), first in zip(groups, firsts, strict=True)
    ]
    return len(groups), {str(v): int(n) for v, n in verdicts.items()}, rows


SOURCE_HEADINGS = ("publisher", "edition", "licence", "how to cite")


def source_rows(
    sources: pd.DataFrame | None, w: Words | None = None, releases: list[str] | None = None
) -> list[list[str]]:
    """The sources of the brief (of the releases it uses, when given), one row per publisher, edition,
    licence and attribution, in plain words: `SOURCE_HEADINGS`."""
    if sources is None or sources.empty:
        return []
    w = w or Words({}, {}, {}, {})
    rows = sources if not releases else sources[sources["release"].isin(releases)]
    out: dict[tuple, None] = {}
    for r in rows.to_dict("records"):
        out[
            (
                plain_publisher(text(r.get("publisher"))),
                w.edition(r.get("release")),
                plain_licence(text(r.get("licence"))),
                plain_attribution(text(r.get("attribution"))),
            )
        ] = None
    return [list(k) for k in out]
