"""What the progress brief says, before it is rendered: every target with its progress rows, caveats and
chart, the headline of each, the claims check grouped by claim, and the sources.

Why apart from the rendering: the words and numbers of the brief are a view of the published tables like
any page (pure functions over them); ``dashboard.render.brief`` only lays them out and draws the charts.
Every value comes back as the text a reader sees (``text``: no "nan", no "None").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.views import target as one_target
from dashboard.views.formats import fmt_value
from dashboard.views.spec import ChartSpec
from etl.core.vocabulary import EVERY_COUNTRY

clean = one_target.clean
SOURCE_COLUMNS = ("source_id", "publisher", "release", "licence", "attribution", "upstream_url")
QUALIFIER_WORDS = {
    "more_than": "more than",
    "less_than": "less than",
    "at_least": "at least",
    "up_to": "up to",
}


@dataclass
class TargetEntry:
    """One target in the brief: its registry row, its progress rows and (when it has data) its chart; `svg`
    is that chart drawn, filled in by the renderer."""

    target: dict[str, Any]
    progress: pd.DataFrame
    chart: ChartSpec | None = None
    svg: str = ""
    caveats: list[str] = field(default_factory=list)


def text(value: Any) -> str:
    """A cell as a reader sees it: the value as text, nothing for a missing one."""
    value = clean(value)
    return "" if value is None else str(value)


def number(value: Any, unit: str | None = None) -> str:
    """A value with its unit ("60.0 %"), a dash when there is none."""
    value = clean(value)
    return "–" if value is None else fmt_value(float(value), unit)


def entries(tables: Mapping[str, pd.DataFrame]) -> list[TargetEntry]:
    """Every target in registry order, with its progress rows, caveats and chart spec (not yet rendered)."""
    targets, progress = tables["targets"], tables.get("progress", pd.DataFrame(columns=["target_id"]))
    obs = tables.get("observations")
    by_indicator = {} if obs is None else {str(k): g for k, g in obs.groupby("indicator_id", sort=False)}
    out = []
    for target in targets.to_dict("records"):
        rows = one_target.scope_rows(target, progress) if not progress.empty else progress
        entry = TargetEntry(target=target, progress=rows, caveats=one_target.target_caveats(target, rows))
        indicator = clean(target.get("indicator_id"))
        if indicator and target["scope"] == EVERY_COUNTRY and not rows.empty:
            entry.chart = one_target.countries_chart(target, rows, tables)
        elif indicator and obs is not None:
            own = by_indicator.get(str(indicator), obs.iloc[0:0])
            entry.chart = one_target.target_chart(target, rows, {**tables, "observations": own})
        out.append(entry)
    return out


def by_framework(items: list[TargetEntry]) -> dict[str, list[TargetEntry]]:
    """The entries of each framework, frameworks in the order they first appear."""
    frameworks: dict[str, list[TargetEntry]] = {}
    for e in items:
        frameworks.setdefault(str(e.target["framework"]), []).append(e)
    return frameworks


def releases_used(items: list[TargetEntry]) -> list[str]:
    """The releases behind the assessments and charts in the brief."""
    found: set[str] = set()
    for e in items:
        if "release" in e.progress:
            found.update(e.progress["release"].dropna().astype(str))
        if e.chart is not None and "release" in e.chart.data:
            found.update(e.chart.data["release"].dropna().astype(str))
    return sorted(found)


def is_measured(target: Mapping[str, Any]) -> bool:
    """Does the target have a series we can score it on?"""
    return bool(target.get("is_measurable", True)) and bool(clean(target.get("indicator_id")))


def headline(e: TargetEntry) -> str:
    """A target's phrase in the summary table: its status in the newest release, or why there is none."""
    t = e.target
    if not is_measured(t):
        return "not measured (no series)"
    if e.progress.empty:
        return "no data"
    if t["scope"] == EVERY_COUNTRY:
        counts = one_target.status_counts(e.progress)
        return f"{int(counts.sum())} countries: " + ", ".join(f"{int(n)} {s}" for s, n in counts.items())
    row = e.progress.iloc[0]
    return f"{clean(row.get('status')) or 'not assessed'} ({row['release']})"


def verification_label(status: str | None) -> str | None:
    """The mark next to a target not read in its framework's own text (None when verified)."""
    if status in (None, "verified"):
        return None
    return "UNVERIFIED" if status == "unverified" else "SECONDARY SOURCE"


def progress_rows(rows: pd.DataFrame) -> list[list[str]]:
    """The cells of a target's progress table: entity, release, base, latest, target, projection, status,
    method (one row per entity and release)."""
    out = []
    for r in rows.to_dict("records"):
        unit = r.get("unit")
        out.append(
            [
                text(r.get("entity_id")),
                text(r.get("release")),
                f"{number(r.get('base_value'), unit)} ({text(r.get('base_year'))})",
                f"{number(r.get('latest_value'), unit)} ({text(r.get('latest_year'))})",
                f"{number(r.get('target_value'), unit)} by {text(r.get('deadline_year'))}",
                number(r.get("projected_value"), unit),
                text(r.get("status")),
                text(r.get("method")),
            ]
        )
    return out


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


def release_line(r: Mapping[str, Any]) -> str:
    """What one release says for a claim ("rel-2023-04: 60.2 (2023): matches the data of its time")."""
    if not clean(r.get("release")):
        return text(r.get("note")) or "no series"
    used = clean(r.get("year_used"))
    year = f" ({int(used)})" if used is not None else ""
    verdict = f": {text(r.get('release_verdict'))}" if clean(r.get("release_verdict")) else ""
    return f"{text(r['release'])}: {number(r.get('data_value'), None)}{year}{verdict}"


def claims_check(checks: pd.DataFrame | None) -> tuple[int, dict[str, int], list[ClaimRow]]:
    """The claims check: how many claims, how many got each verdict, and one row per claim with the data of
    each release it was compared with (claim_checks has one row per claim and release)."""
    if checks is None or checks.empty:
        return 0, {}, []
    key = [c for c in ("document", "start") if c in checks.columns]
    groups = list(checks.groupby(key, sort=False)) if key else [((), checks)]
    firsts = [g.iloc[0].to_dict() for _, g in groups]
    verdicts = pd.Series([f.get("claim_verdict") for f in firsts]).dropna().value_counts()
    rows = [
        ClaimRow(
            where=f"{text(first.get('document'))} ¶{text(first.get('paragraph'))}",
            quote=text(first.get("quote")),
            claim=claim_value(first),
            verdict=text(first.get("claim_verdict")),
            releases=[release_line(r) for r in g.to_dict("records")],
        )
        for (_, g), first in zip(groups, firsts, strict=True)
    ]
    return len(groups), {str(v): int(n) for v, n in verdicts.items()}, rows


def source_rows(sources: pd.DataFrame | None) -> tuple[list[str], list[list[str]]]:
    """The sources table of the brief: its columns, and each source's cells."""
    if sources is None or sources.empty:
        return [], []
    cols = [c for c in SOURCE_COLUMNS if c in sources.columns]
    return cols, [[text(r[c]) for c in cols] for r in sources.to_dict("records")]
