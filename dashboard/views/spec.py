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
    """One source behind a chart, as it is cited in the source line."""

    publisher: str
    release: str
    licence: str = ""
    title: str = ""  # the dataset's name when the publisher has several


def source_line(refs: Iterable[SourceRef]) -> str:
    """The one-line citation drawn under every chart: sources with releases, then licences, then ict4d.

    e.g. "Source: ITU, Key ICT indicators, release itu-2024-11 · CC BY-NC-SA 3.0 IGO · ict4d".
    """
    unique = list(dict.fromkeys(refs))
    cited = "; ".join(
        ", ".join(p for p in (r.publisher, r.title, f"release {r.release}") if p) for r in unique
    )
    licences = "; ".join(dict.fromkeys(r.licence for r in unique if r.licence))
    parts = [f"Source: {cited}" if cited else "", licences, "ict4d"]
    return " · ".join(p for p in parts if p)


def source_refs(rows: pd.DataFrame, sources: pd.DataFrame) -> list[SourceRef]:
    """The sources behind some observations: their (source_id, release) pairs looked up in `sources`.

    Publisher and licence come from the published sources table; an id it does not list (e.g.
    ict4d-computed) is cited by its id and release, with no licence invented.
    """
    if rows.empty or not {"source_id", "release"} <= set(rows.columns):
        return []
    pairs = set(zip(rows["source_id"].tolist(), rows["release"].tolist(), strict=True))
    info = _source_info(sources)
    refs = []
    for source_id, release in sorted(pairs, key=lambda p: (str(p[1]), str(p[0]))):
        meta = info.get(source_id)
        refs.append(
            SourceRef(meta["publisher"], release, meta["licence"]) if meta else SourceRef(source_id, release)
        )
    return refs


# the publisher and licence of each source, per sources table (the published one lives as long as the process)
_SOURCE_INFO: dict[int, tuple[pd.DataFrame, dict]] = {}


def _source_info(sources: pd.DataFrame) -> dict:
    hit = _SOURCE_INFO.get(id(sources))
    if hit is not None and hit[0] is sources:
        return hit[1]
    info = {} if sources.empty else sources.set_index("source_id")[["publisher", "licence"]].to_dict("index")
    if len(_SOURCE_INFO) > 8:  # bounded: tests build many small tables
        _SOURCE_INFO.clear()
    _SOURCE_INFO[id(sources)] = (sources, info)
    return info


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
            attribution = re.sub(r"^source:\s*", "", _clean(row.get("attribution")), flags=re.IGNORECASE)
            text = attribution or ", ".join(
                p for p in (_clean(row.get("publisher")), _clean(row.get("release"))) if p
            )
            if text and text not in seen:
                seen.add(text)
                lines.append(f"Source: {text}")
    return "\n".join(lines)


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
