"""What the progress brief says, before it is rendered, as a report a reader takes away: key messages first
(a handful of sentences, each with its number, year, release edition and chart, in the manner of ITU's
Facts and Figures), the scoreboard on one page, then each framework with its measurable targets and their
charts, the targets we cannot measure in one table with the reason, the claims check and the sources.

Why apart from the rendering: the words and numbers of the brief are a view of the published tables like
any page (pure functions over them); ``dashboard.render.brief`` only lays them out and draws the charts.
Every value comes back as the text a reader sees: names for ids, release edition names, status labels of
the one vocabulary; never "nan", a file name or an internal id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.views import target as one_target
from dashboard.views.formats import fmt_threshold, fmt_value
from dashboard.views.spec import ChartSpec
from dashboard.views.statuses import STATUS_GROUP_LABELS, status_group
from etl.core.vocabulary import EVERY_COUNTRY, NOT_MEASURABLE_REASONS, status_label

clean = one_target.clean
QUALIFIER_WORDS = {
    "more_than": "more than",
    "less_than": "less than",
    "at_least": "at least",
    "up_to": "up to",
}
KEY_MESSAGES = 5  # a handful: the first page of a report
KEY_SCOPES = (
    "world",
    "ldc",
    "developing_lmic",
    "itu_developing",
)  # the scopes a headline speaks of, in order
PENDING_REASON = "the group's own figures are not in the sources we hold"
# names of the groups the registry scores, for a folder whose entities table lacks them (as the contracts
# name them); every other id is looked up in the entities table
GROUP_NAMES = {
    "developing_lmic": "Low- and middle-income countries",
    "itu_developing": "Developing countries (ITU)",
    "itu_developed": "Developed countries (ITU)",
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
    anchor: str = ""


@dataclass
class Words:
    """How the brief names things: entities, indicators, releases (edition names) and documents."""

    entities: dict[str, str]
    indicators: dict[str, str]
    editions: dict[str, str]
    documents: dict[str, str]
    units: dict[str, str] = field(default_factory=dict)

    def entity(self, entity_id: object) -> str:
        e = text(entity_id)
        if e == EVERY_COUNTRY:
            return "every country"
        return self.entities.get(e) or GROUP_NAMES.get(e) or e.replace("_", " ")

    def place(self, entity_id: object) -> str:
        """An entity as a sentence names it ("the world", "Least Developed Countries (LDCs)")."""
        return "the world" if text(entity_id) == "world" else self.entity(entity_id)

    def edition(self, release: object) -> str:
        r = text(release)
        return self.editions.get(r, r)

    def indicator(self, indicator_id: object) -> str:
        i = text(indicator_id)
        return self.indicators.get(i, i.replace("_", " "))


def words(tables: Mapping[str, pd.DataFrame]) -> Words:
    """The names of the published tables (entities, indicators, release editions, document symbols)."""

    def pairs(name: str, key: str, value: str) -> dict[str, str]:
        t = tables.get(name)
        if t is None or t.empty or not {key, value} <= set(t.columns):
            return {}
        return {str(k): str(v) for k, v in zip(t[key], t[value], strict=True) if clean(v) is not None}

    return Words(
        entities=pairs("entities", "entity_id", "name"),
        indicators=pairs("indicators", "indicator_id", "name"),
        editions=pairs("releases", "release_id", "edition"),
        documents=pairs("documents", "document", "symbol"),
        units=pairs("indicators", "indicator_id", "unit"),
    )


def text(value: Any) -> str:
    """A cell as a reader sees it: the value as text, nothing for a missing one."""
    value = clean(value)
    return "" if value is None else str(value)


def number(value: Any, unit: str | None = None) -> str:
    """A value with its unit ("60.0 %"), a dash when there is none."""
    value = clean(value)
    return "–" if value is None else fmt_value(float(value), unit)


_FILE_NOTE = re.compile(
    r",?\s*(?:\((?:[^()]*?\b[\w/.-]+\.(?:md|csv|json|py|toml|xlsx?)\b[^()]*)\)"
    r"|(?:as (?:recorded|summarised|stated) in|per|see|in) [\w/.-]+\.(?:md|csv|json|py|toml|xlsx?)\b)"
)


_TARGET_ID = re.compile(r"\s*\((?:WSIS|C20[0-9]0|BBC|UMC|SDG)-[\w.-]+\)")


def reader_text(value: Any) -> str:
    """A registry text without the note on which of our files records it ("as recorded in
    reference/targets.md", "(second proxy of targets.md)") or our id of a target ("(BBC-3)"): the reader
    has the brief, not the repository."""
    cleaned = _TARGET_ID.sub("", _FILE_NOTE.sub("", text(value)))
    return re.sub(r"\s+([.;,])", r"\1", cleaned).strip(" ;,")


def is_measured(target: Mapping[str, Any]) -> bool:
    """Does the target have a series we can score it on?"""
    return bool(target.get("is_measurable", True)) and bool(clean(target.get("indicator_id")))


def target_unit(target: Mapping[str, Any], rows: pd.DataFrame, w: Words | None = None) -> str | None:
    """The unit of a target's threshold: a parity score is a ratio, else the unit of its progress rows, else
    its indicator's in the registry."""
    if target.get("comparator") == "parity":
        return "ratio"
    units = rows["unit"].dropna() if "unit" in rows else pd.Series(dtype=str)
    if not units.empty:
        return str(units.iloc[0])
    return (w.units if w else {}).get(text(target.get("indicator_id"))) or None


def headline_row(e: TargetEntry) -> dict[str, Any] | None:
    """The progress row a target headlines (its scope's newest release; the world's for every country)."""
    rows = e.progress
    if rows.empty:
        return None
    if e.target["scope"] == EVERY_COUNTRY:
        rows = rows[rows["entity_id"] == "world"]
        if "is_latest_release" in rows:
            rows = rows[rows["is_latest_release"].astype(bool)]
    return rows.iloc[0].to_dict() if not rows.empty else None


def status_of(e: TargetEntry) -> str:
    """A target's status id (its group: `statuses.status_group`): the headline row's, else why none."""
    if not is_measured(e.target):
        return "not_measurable"
    row = headline_row(e)
    return status_group(row.get("status") if row else None)


def threshold_words(e: TargetEntry, w: Words | None = None) -> str:
    """The target's threshold in words ("≥ 75.0 %")."""
    t = e.target
    unit = target_unit(t, e.progress, w)
    return fmt_threshold(t.get("comparator"), clean(t.get("threshold_value")), unit)


def releases_caveat(rows: pd.DataFrame, w: Words) -> str | None:
    """When the releases of a target's scope disagree on its status, which says what (edition names)."""
    if "status" not in rows or rows["release"].nunique() < 2 or rows["status"].nunique() < 2:
        return None
    per = "; ".join(
        f"{w.edition(r.release)}: {status_label(r.status)}"
        for r in rows.drop_duplicates("release").itertuples()
    )
    return f"Releases differ on the status ({per})"


def entries(tables: Mapping[str, pd.DataFrame]) -> list[TargetEntry]:
    """Every target in registry order, with its progress rows, caveats and chart spec (not yet rendered)."""
    targets, progress = tables["targets"], tables.get("progress", pd.DataFrame(columns=["target_id"]))
    obs = tables.get("observations")
    by_indicator = {} if obs is None else {str(k): g for k, g in obs.groupby("indicator_id", sort=False)}
    w = words(tables)
    out = []
    for n, target in enumerate(targets.to_dict("records"), start=1):
        rows = one_target.scope_rows(target, progress) if not progress.empty else progress
        caveats = [c for c in (reader_text(target.get("caveat")), one_target.target_caveat_of(target)) if c]
        single = target["scope"] != EVERY_COUNTRY
        if single and not rows.empty:
            caveats.append(releases_caveat(rows, w))
        entry = TargetEntry(target=target, progress=rows, caveats=[c for c in caveats if c], anchor=f"t{n}")
        indicator = clean(target.get("indicator_id"))
        drawn = {**target, "target_id": ""}  # the marker's legend says "Target", never our id
        if indicator and target["scope"] == EVERY_COUNTRY and not rows.empty:
            entry.chart = one_target.countries_chart(drawn, rows, tables)
        elif indicator and obs is not None:
            own = by_indicator.get(str(indicator), obs.iloc[0:0])
            entry.chart = one_target.target_chart(drawn, rows, {**tables, "observations": own})
        if entry.chart is not None:
            entry.chart = for_readers(entry, w)
        out.append(entry)
    return out


def for_readers(e: TargetEntry, w: Words) -> ChartSpec:
    """A target's chart with the brief's words: its wording as title; scope, status and edition as
    subtitle; the brief's caveats (no id, no release id) drawn in."""
    spec = e.chart
    assert spec is not None
    row = headline_row(e) or {}
    t = e.target
    sub = [w.entity(t["scope"]), f"status: {STATUS_GROUP_LABELS[status_of(e)]}"]
    if row.get("release"):
        sub.append(w.edition(row["release"]))
    if t["scope"] == EVERY_COUNTRY:
        sub = [spec.subtitle.split(" (")[0], f"world: {STATUS_GROUP_LABELS[status_of(e)]}"]
    return ChartSpec(
        figure=spec.figure,
        title=sentence_case(t["wording"]),
        subtitle=" · ".join(sub),
        summary=spec.summary,
        source=spec.source,
        caveats=e.caveats,
        data=spec.data,
        filename=f"ict4d-{t['target_id']}",
    )


def lower_first(words_: str) -> str:
    """A name inside a sentence: "Individuals using the Internet" -> "individuals using the Internet"
    (an acronym such as "LTE" stays as it is)."""
    s = text(words_)
    return s[:1].lower() + s[1:] if s[1:2].islower() else s


def sentence_case(words_: str) -> str:
    """A registry wording as a heading ("individuals using …" -> "Individuals using …")."""
    s = text(words_)
    return s[:1].upper() + s[1:]


def by_framework(items: list[TargetEntry]) -> dict[str, list[TargetEntry]]:
    """The entries of each framework, frameworks in the order they first appear."""
    frameworks: dict[str, list[TargetEntry]] = {}
    for e in items:
        frameworks.setdefault(str(e.target["framework"]), []).append(e)
    return frameworks


def releases_used(items: list[TargetEntry]) -> list[str]:
    """The releases behind the assessments and charts in the brief (ids; `Words.edition` names them)."""
    found: set[str] = set()
    for e in items:
        if "release" in e.progress:
            found.update(e.progress["release"].dropna().astype(str))
        if e.chart is not None and "release" in e.chart.data:
            found.update(e.chart.data["release"].dropna().astype(str))
    return sorted(found)


# --- the sections --------------------------------------------------------------------------------------
@dataclass
class KeyMessage:
    """One key message: a sentence with its number, year and release edition, and the target it charts."""

    sentence: str
    entry: TargetEntry
    svg: str = ""  # its chart drawn for the first pages (wider than tall), filled in by the renderer


def key_messages(items: list[TargetEntry], w: Words, limit: int = KEY_MESSAGES) -> list[KeyMessage]:
    """The handful of sentences the brief opens with: for each indicator and scope (the world first; a
    target on every country is left to its section), the newest figure and where it stands against the
    verified target whose deadline is nearest, not passed before the data's year (else the latest one)."""
    groups: dict[tuple, list[TargetEntry]] = {}
    for e in items:
        row = headline_row(e)
        t = e.target
        if (
            e.chart is None
            or row is None
            or t["scope"] == EVERY_COUNTRY
            or clean(row.get("latest_value")) is None
        ):
            continue
        groups.setdefault((t["scope"], t["indicator_id"], t["comparator"] == "parity"), []).append(e)

    def pick(group: list[TargetEntry]) -> TargetEntry:
        year = max(int(headline_row(e)["latest_year"]) for e in group)
        current = [e for e in group if int(e.target["deadline_year"]) >= year]
        if not current:
            return group[-1]
        # a verified target before one we could not read in its framework's text, then the nearest deadline
        return min(
            current,
            key=lambda e: (e.target.get("verification_status") != "verified", int(e.target["deadline_year"])),
        )

    order = sorted(groups, key=lambda k: k[0] != "world")  # the world first, then registry order
    return [KeyMessage(key_sentence(pick(groups[k]), w), pick(groups[k])) for k in order][:limit]


def key_sentence(e: TargetEntry, w: Words) -> str:
    """'In 2022, individuals using the Internet: 66.3 % in the World (SDG Global Database 2023 release).
    Broadband Commission 2025 target ≥ 75.0 % by 2025: Likely met (projected).'"""
    row = headline_row(e) or {}
    t = e.target
    unit = "ratio" if t["comparator"] == "parity" else row.get("unit")
    what = lower_first(w.indicator(t["indicator_id"]))
    what = f"gender parity score of {what}" if t["comparator"] == "parity" else what
    figure = number(row.get("latest_value"), unit)
    year = int(row["latest_year"])
    return (
        f"In {year}, {what}: {figure} in {w.place(t['scope'])} ({w.edition(row.get('release'))}). "
        f"{t['framework']} target {threshold_words(e, w)} by {t['deadline_year']}: "
        f"{STATUS_GROUP_LABELS[status_of(e)]}."
    )


@dataclass
class BoardRow:
    """One line of the one-page scoreboard (a measurable target)."""

    framework: str
    target: str
    scope: str
    status: str
    status_id: str
    latest: str
    threshold: str
    deadline: str
    anchor: str


def board(items: list[TargetEntry], w: Words) -> list[BoardRow]:
    """The scoreboard: every measurable target, by framework, with status, latest value, threshold and
    deadline in words."""
    out = []
    for e in items:
        if not is_measured(e.target):
            continue
        row = headline_row(e) or {}
        t = e.target
        unit = "ratio" if t["comparator"] == "parity" else row.get("unit")
        latest = (
            f"{number(row.get('latest_value'), unit)} ({int(row['latest_year'])})"
            if clean(row.get("latest_year")) is not None
            else "no data"
        )
        status_id = status_of(e)
        out.append(
            BoardRow(
                framework=str(t["framework"]),
                target=sentence_case(t["wording"]),
                scope=w.entity(t["scope"]),
                status=STATUS_GROUP_LABELS[status_id],
                status_id=status_id.replace("_", "-"),
                latest=latest,
                threshold=threshold_words(e, w),
                deadline=text(t["deadline_year"]),
                anchor=e.anchor,
            )
        )
    return out


def not_measurable(items: list[TargetEntry]) -> list[tuple[str, str, str, str]]:
    """The targets we cannot measure, in ONE table: framework, target, deadline and the reason in words."""
    out = []
    for e in items:
        if is_measured(e.target):
            continue
        t = e.target
        reason = clean(t.get("not_measurable_reason"))
        why = (
            NOT_MEASURABLE_REASONS.get(reason, PENDING_REASON)
            if reason
            else NOT_MEASURABLE_REASONS["no_series"]
        )
        out.append((str(t["framework"]), sentence_case(t["wording"]), text(t["deadline_year"]), why))
    return out


def progress_rows(e: TargetEntry, w: Words) -> list[list[str]]:
    """The cells of a target's progress table: scope, release edition, base, latest, target, projection,
    status and the two official methods (one row per entity and release)."""
    out = []
    for r in e.progress.to_dict("records"):
        unit = r.get("unit")
        methods = "; ".join(m for m in (text(r.get("open_sdg_status")), text(r.get("unsd_status"))) if m)
        out.append(
            [
                w.entity(r.get("entity_id")),
                w.edition(r.get("release")),
                f"{number(r.get('base_value'), unit)} ({text(r.get('base_year'))})",
                f"{number(r.get('latest_value'), unit)} ({text(r.get('latest_year'))})",
                f"{number(r.get('target_value'), unit)} by {text(r.get('deadline_year'))}",
                number(r.get("projected_value"), unit),
                status_label(text(r.get("status"))) if text(r.get("status")) else "not assessed",
                methods or "–",
            ]
        )
    return out


def country_counts(e: TargetEntry) -> list[tuple[str, int]]:
    """For a target on every country: how many countries are in each status (labels), newest release."""
    return [(status_label(str(s)), int(n)) for s, n in one_target.status_counts(e.progress).items()]


def verification_label(status: str | None) -> str | None:
    """The mark next to a target not read in its framework's own text (None when verified)."""
    if status in (None, "verified"):
        return None
    return "UNVERIFIED" if status == "unverified" else "SECONDARY SOURCE"
