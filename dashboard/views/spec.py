"""What a view shows (``ChartSpec``) and the words that travel with it: the source line, the caveats and
the citation.

Why one spec: the app, ``ict4d export`` and the brief all render and download from a ChartSpec, so a chart
looks and reads the same wherever it is exported, and it leaves ict4d only with its source and caveats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from etl.core.errors import Ict4dError
from etl.core.vocabulary import COMPUTED_SOURCE

# columns every downloaded CSV carries so a number can be traced without the app
PROVENANCE_COLUMNS = ("indicator_id", "unit", "release", "source_id", "licence")


class ExportError(Ict4dError):
    """A view, chart or report could not be produced (unknown page, no browser, rendering failed)."""


@dataclass
class ChartSpec:
    """Everything a view shows: the figure, its words, and exactly the data behind it."""

    figure: go.Figure
    title: str
    subtitle: str = ""
    summary: str = ""  # the text alternative shown under the chart in the app and the report
    source: str = ""
    caveats: list[str] = field(default_factory=list)
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    filename: str = "ict4d-chart"  # file stem for downloads

    def __post_init__(self) -> None:
        self.caveats = [c for c in self.caveats if c]


def missing_provenance(df: pd.DataFrame) -> list[str]:
    """Which provenance columns a download would lack (the builder must supply them)."""
    return [c for c in PROVENANCE_COLUMNS if c not in df.columns]


# --- sources --------------------------------------------------------------------------------------------
class SourceRef(NamedTuple):
    """One source behind a chart, as it is cited in the source line: who published it, in which edition
    (the release as its publisher names it), under which licence; `computed` when ict4d computed the
    figures from that release."""

    publisher: str
    release: str
    licence: str = ""
    title: str = ""  # the dataset's name when the publisher has several
    edition: str = ""
    computed: bool = False


def plain_publisher(publisher: str, *, redistribution: bool = False) -> str:
    """A publisher as a reader cites it: "ITU" for the International Telecommunication Union, the name
    before any parenthesis otherwise; a redistribution of ITU's figures reads "ITU data via <name>"."""
    short = str(publisher).split(" (")[0].split(",")[0].strip()
    if short == "International Telecommunication Union":
        return "ITU"
    if redistribution and "ITU" in str(publisher):
        return f"ITU data via {short}"
    return short


def plain_licence(licence: str) -> str:
    """A licence as a reader cites it ("CC BY 4.0"): its name, without the note on how we learnt it (that
    note is in the data package's sources table); "ITU's terms of use" where no licence is stated."""
    text = str(licence or "").strip()
    if not text:
        return ""
    if text.lower().startswith("none stated"):
        return "ITU's terms of use (no licence stated)" if "ITU" in text else "no licence stated"
    return text.split(" (")[0].strip()


def source_line(refs: Iterable[SourceRef]) -> str:
    """The one-line citation drawn under every chart, in plain words: each publisher with its edition,
    the licences, and "computed by ict4d" where ict4d computed the figures.

    e.g. "Source: ITU, Key ICT indicators aggregates, November 2024 (Facts and Figures 2024) · Licence:
    CC BY-NC-SA 3.0 IGO · Chart: ict4d".
    """
    unique = list(dict.fromkeys(refs))

    def cite(r: SourceRef) -> str:
        named = ", ".join(p for p in (r.publisher, r.title, r.edition or f"release {r.release}") if p)
        return f"computed by ict4d from {named}" if r.computed else named

    cited = "; ".join(dict.fromkeys(cite(r) for r in unique))
    licences = "; ".join(dict.fromkeys(plain_licence(r.licence) for r in unique if r.licence))
    parts = [f"Source: {cited}" if cited else "", f"Licence: {licences}" if licences else "", CHART_CREDIT]
    return " · ".join(p for p in parts if p)


CHART_CREDIT = "Chart: ict4d"


def with_source_note(line: str, note: str) -> str:
    """A source line with one more part (where a target is written) before the chart's credit."""
    if not note:
        return line
    head = line.removesuffix(CHART_CREDIT).rstrip(" ·")
    return " · ".join(p for p in (head, note, CHART_CREDIT) if p)


def _calendar(releases: pd.DataFrame | None) -> dict[str, dict]:
    if releases is None or releases.empty or "release_id" not in releases:
        return {}
    return releases.set_index("release_id").to_dict("index")


def source_refs(
    rows: pd.DataFrame, sources: pd.DataFrame, releases: pd.DataFrame | None = None
) -> list[SourceRef]:
    """The sources behind some observations: their (source_id, release) pairs looked up in `sources`
    (publisher, licence) and in the release calendar `releases` (edition name, primary or not; without
    it a release is cited by its id).

    Figures ict4d computed (source ict4d-computed) are cited as computed from the publisher of the
    release they were computed from, with no licence invented.
    """
    if rows.empty or not {"source_id", "release"} <= set(rows.columns):
        return []
    pairs = set(zip(rows["source_id"].tolist(), rows["release"].tolist(), strict=True))
    info = {} if sources.empty else sources.set_index("source_id")[["publisher", "licence"]].to_dict("index")
    calendar = _calendar(releases)
    refs = []
    for source_id, release in sorted(pairs, key=lambda p: (str(p[1]), str(p[0]))):
        meta, cal = info.get(source_id), calendar.get(release, {})
        edition = str(cal.get("edition") or "")
        primary = bool(cal.get("is_primary", True))
        if meta:
            publisher = plain_publisher(meta["publisher"], redistribution=not primary)
            refs.append(SourceRef(publisher, release, meta["licence"], edition=edition))
        elif source_id == COMPUTED_SOURCE and cal:
            refs.append(
                SourceRef(plain_publisher(cal.get("publisher", "")), release, edition=edition, computed=True)
            )
        else:
            refs.append(SourceRef(source_id, release, edition=edition, computed=source_id == COMPUTED_SOURCE))
    return refs


def citation(package: Mapping, sources: pd.DataFrame) -> str:
    """How to cite the data: the package title and version, then each upstream publisher's attribution.

    Attributions come from the published `sources` table (never typed in here); a source without an
    attribution is cited by publisher and release.
    """
    title = package.get("title") or "ict4d: ICT-for-development indicators"
    version = package.get("version") or package.get("created")
    head = f"{title}" + (f", version {version}" if version else "") + ". Data package and code: ict4d (MIT)."
    lines = [head]
    if not sources.empty:
        seen: set[str] = set()
        for row in sources.to_dict("records"):
            attribution = plain_attribution(_clean(row.get("attribution")))
            text = attribution or ", ".join(
                p for p in (_clean(row.get("publisher")), _clean(row.get("release"))) if p
            )
            if text and text not in seen:
                seen.add(text)
                lines.append(f"Source: {text}")
    return "\n".join(lines)


_REDISTRIBUTED = [  # how an attribution names a copy's repository -> how a reader cites the copy ("via")
    (re.compile(r",?\s*assembled by the ([\w.-]+) repository"), r", via the \1 compilation"),
    (re.compile(r";\s*DDF packaging by ([\w.-]+)/([\w.-]+)"), r", via \2 (\1)"),
    (re.compile(r"\s*\((?:open-numbers/[^)]*|commit [0-9a-f]+)\)"), ""),
    (re.compile(r",\s*\(commit [0-9a-f]+\)"), ""),
]


def plain_attribution(text: str) -> str:
    """An attribution as a reader cites it: the publisher of the figures first; a redistributor's copy
    only as "via" (never a repository as the source of the figures), no "Source:" prefix."""
    text = re.sub(r"^source:\s*", "", text or "", flags=re.IGNORECASE)
    for pattern, repl in _REDISTRIBUTED:
        text = pattern.sub(repl, text)
    return text.strip()


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


# --- caveats --------------------------------------------------------------------------------------------
def releases_caveat(releases: Iterable[str]) -> str | None:
    """A caveat when one chart mixes vintages: ITU revises past values, so releases are not comparable."""
    distinct = sorted({r for r in releases if r})
    if len(distinct) < 2:
        return None
    return f"Releases differ: {', '.join(distinct)} (values are revised between releases; compare with care)"


def target_caveat(verification_status: str | None) -> str | None:
    """The caveat a target must carry unless we read it in the framework's own text."""
    if verification_status == "unverified":
        return "Target unverified in the framework's own text"
    if verification_status == "secondary":
        return "Target seen only in a secondary source, not in the framework's own text"
    return None
