"""`ict4d report`: a progress brief as one self-contained HTML page or PDF.

For each framework, every target with its status, chart and caveats (a target not verified in the
framework's own text says so next to its name and in its chart); then the claims check with verdicts and
quotes; then the sources, licences and how to cite; the date and the releases used. Charts come from the
same figure functions as the app (`dashboard.figures`), are labelled by `dashboard.exports` and rendered
by ONE browser (`exports.Renderer`) as inline SVG; the PDF is that HTML printed by the same browser, so
its text is real text.

Everything here is pure except `write`, which renders and writes the file.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import exports

REPORT_FORMATS = (".html", ".pdf")
CHART_WIDTH, CHART_HEIGHT = 1000, 680  # CSS px; fits an A4 column at a readable text size
EVERY_COUNTRY = "every_country"
ISO3 = r"[A-Z]{3}"  # country entity ids (groups are snake_case)


@dataclass
class TargetEntry:
    """One target in the brief: its registry row, its progress rows and (when it has data) its chart."""

    target: dict[str, Any]
    progress: pd.DataFrame
    chart: exports.ChartSpec | None = None
    svg: str = ""
    caveats: list[str] = field(default_factory=list)


def _clean(value: Any) -> Any:
    """None for NaN/NA so that text never says 'nan'."""
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _num(value: Any, unit: str | None = None) -> str:
    from dashboard.figures import fmt_value

    value = _clean(value)
    return "–" if value is None else fmt_value(float(value), unit)


# --- choosing what to show (pure) ----------------------------------------------------------------------
def scope_rows(target: Mapping[str, Any], progress: pd.DataFrame) -> pd.DataFrame:
    """Progress rows of one target for its scope entity (every release), newest release first."""
    rows = progress[progress["target_id"] == target["target_id"]]
    if target["scope"] != EVERY_COUNTRY:
        rows = rows[rows["entity_id"] == target["scope"]]
    if "is_latest_release" in rows:
        rows = rows.sort_values(["is_latest_release", "release"], ascending=[False, False])
    return rows


def history_for(
    target: Mapping[str, Any], row: Mapping[str, Any], observations: pd.DataFrame
) -> pd.DataFrame:
    """The observations a progress row was scored on (for parity targets: the female/male score)."""
    obs = observations[
        (observations["indicator_id"] == target["indicator_id"])
        & (observations["entity_id"] == row["entity_id"])
        & (observations["release"] == row["release"])
        & (observations["source_id"] == row["source_id"])
        & (observations["area"] == target.get("area", "total"))
        & (observations["age_group"] == "total")
    ]
    if target["comparator"] == "parity":
        from etl.progress import parity_series

        return parity_series(obs)
    return obs[obs["sex"] == target["sex"]]


def projection_for(row: Mapping[str, Any]) -> pd.DataFrame | None:
    """Latest value to the projected deadline value (the progress table's extrapolation), when given."""
    latest_year, latest, projected = (
        _clean(row.get(k)) for k in ("latest_year", "latest_value", "projected_value")
    )
    deadline = _clean(row.get("deadline_year"))
    if None in (latest_year, latest, projected, deadline) or int(deadline) <= int(latest_year):
        return None
    return pd.DataFrame(
        {"year": [int(latest_year), int(deadline)], "value": [float(latest), float(projected)]}
    )


def target_caveats(target: Mapping[str, Any], rows: pd.DataFrame) -> list[str]:
    """What a reader must know: unverified target, releases that disagree on the status (of the one entity
    a target is scoped to; for every country, each country is counted in its newest release)."""
    caveats = [exports.target_caveat(target.get("verification_status"))]
    single = target.get("scope") != EVERY_COUNTRY
    if single and "status" in rows and rows["release"].nunique() > 1 and rows["status"].nunique() > 1:
        per = "; ".join(f"{r.release}: {r.status}" for r in rows.drop_duplicates("release").itertuples())
        caveats.append(f"Releases differ on the status ({per})")
    return [c for c in caveats if c]


def target_chart(
    target: Mapping[str, Any], rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame]
) -> exports.ChartSpec | None:
    """The chart of a target's scope entity in the newest release: history, projection, target marker."""
    from dashboard import figures

    if rows.empty or target["scope"] == EVERY_COUNTRY:
        return None
    row = rows.iloc[0].to_dict()
    history = history_for(target, row, tables["observations"])
    if history.empty:
        return None
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"], strict=False))
    name = names.get(row["entity_id"], row["entity_id"])
    unit = row.get("unit") or ""
    fig = figures.target_chart(history, target, unit=unit, name=name, projection=projection_for(row))
    status = _clean(row.get("status")) or "not assessed"
    return exports.ChartSpec(
        figure=fig,
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{name} · status: {status} · release {row['release']}",
        source=exports.source_line(exports.source_refs(history, tables.get("sources", pd.DataFrame()))),
        caveats=target_caveats(target, rows),
        data=history,
        filename=f"ict4d-{target['target_id']}",
    )


def countries_chart(
    target: Mapping[str, Any], rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame]
) -> exports.ChartSpec | None:
    """For a target on every country: how many countries are in each status, newest release of each."""
    import plotly.graph_objects as go

    from dashboard import figures

    latest = latest_countries(rows)
    if latest.empty or "status" not in latest:
        return None
    counts = status_counts(rows).sort_values()
    bar = {
        "type": "bar",
        "x": counts.to_numpy(),
        "y": counts.index.tolist(),
        "orientation": "h",
        "text": counts.to_numpy(),
        "textposition": "outside",
        "marker": {"color": figures.PALETTE[0]},
        "hovertemplate": "%{y}: %{x} countries<extra></extra>",
    }
    fig = go.Figure(data=[bar], layout=figures.base_layout("", "countries", showlegend=False))
    releases = sorted(latest["release"].dropna().astype(str).unique())
    cols = [
        c
        for c in (
            "target_id",
            "indicator_id",
            "entity_id",
            "unit",
            "release",
            "source_id",
            "latest_year",
            "latest_value",
            "status",
            "method",
        )
        if c in latest.columns
    ]
    return exports.ChartSpec(
        figure=fig,
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{int(counts.sum())} countries by status, newest release of each ({', '.join(releases)})",
        source=exports.source_line(exports.source_refs(latest, tables.get("sources", pd.DataFrame()))),
        caveats=target_caveats(target, rows),
        data=latest[cols],
        filename=f"ict4d-{target['target_id']}",
    )


def latest_countries(rows: pd.DataFrame) -> pd.DataFrame:
    """For a target on every country: each country's row from its newest release (groups left out)."""
    latest = rows[rows["is_latest_release"]] if "is_latest_release" in rows else rows
    return latest[latest["entity_id"].astype(str).str.fullmatch(ISO3)]


def status_counts(rows: pd.DataFrame) -> pd.Series:
    """For a target on every country: how many countries are in each status (newest release of each)."""
    latest = latest_countries(rows)
    return (
        latest["status"].fillna("not assessed").value_counts() if "status" in latest else pd.Series(dtype=int)
    )


def entries(tables: Mapping[str, pd.DataFrame]) -> list[TargetEntry]:
    """Every target in registry order, with its progress rows, caveats and chart spec (not yet rendered)."""
    targets, progress = tables["targets"], tables.get("progress", pd.DataFrame(columns=["target_id"]))
    obs = tables.get("observations")
    by_indicator = {} if obs is None else {str(k): g for k, g in obs.groupby("indicator_id", sort=False)}
    out = []
    for target in targets.to_dict("records"):
        rows = scope_rows(target, progress) if not progress.empty else progress
        entry = TargetEntry(target=target, progress=rows, caveats=target_caveats(target, rows))
        indicator = _clean(target.get("indicator_id"))
        if indicator and target["scope"] == EVERY_COUNTRY and not rows.empty:
            entry.chart = countries_chart(target, rows, tables)
        elif indicator and obs is not None:
            own = by_indicator.get(str(indicator), obs.iloc[0:0])
            entry.chart = target_chart(target, rows, {**tables, "observations": own})
        out.append(entry)
    return out


def releases_used(items: list[TargetEntry]) -> list[str]:
    """The releases behind the assessments and charts in the brief."""
    found: set[str] = set()
    for e in items:
        if "release" in e.progress:
            found.update(e.progress["release"].dropna().astype(str))
        if e.chart is not None and "release" in e.chart.data:
            found.update(e.chart.data["release"].dropna().astype(str))
    return sorted(found)


# --- HTML (pure) ---------------------------------------------------------------------------------------
CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a;
       max-width: 1000px; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 20pt; margin-bottom: 0.2em; } h2 { font-size: 15pt; border-bottom: 2px solid #0072B2;
     margin-top: 1.6em; } h3 { font-size: 12pt; margin-bottom: 0.3em; }
.meta, .source { color: #444; font-size: 9.5pt; }
.target { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.2em; }
.chart svg { width: 100%; height: auto; display: block; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 3px; font-size: 9pt; font-weight: bold; }
.badge-unverified { background: #fde8cc; color: #7a3e00; border: 1px solid #d55e00; }
.badge-secondary { background: #fff3cc; color: #6b5200; border: 1px solid #e69f00; }
.caveats li { color: #7a3e00; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0.4em 0; }
th, td { border: 1px solid #ccc; padding: 2px 4px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
blockquote { margin: 0; font-style: italic; }
"""


def _e(value: Any) -> str:
    value = _clean(value)
    return "" if value is None else html.escape(str(value))


def _badge(status: str | None) -> str:
    if status in (None, "verified"):
        return ""
    label = "UNVERIFIED" if status == "unverified" else "SECONDARY SOURCE"
    return f' <span class="badge badge-{_e(status)}">{label}: not read in the framework\'s own text</span>'


def _progress_table(target: Mapping[str, Any], rows: pd.DataFrame) -> str:
    if rows.empty:
        return "<p>No assessment: no data for this target's series in the published tables.</p>"
    if target["scope"] == EVERY_COUNTRY:
        counts = status_counts(rows)
        cells = "".join(f"<tr><td>{_e(s)}</td><td>{int(n)}</td></tr>" for s, n in counts.items())
        return f"<table><tr><th>status (newest release)</th><th>countries</th></tr>{cells}</table>"
    head = (
        "<tr><th>entity</th><th>release</th><th>base</th><th>latest</th><th>target</th>"
        "<th>projected at deadline</th><th>status</th><th>method</th></tr>"
    )
    body = []
    for r in rows.to_dict("records"):
        unit = r.get("unit")
        base = f"{_num(r.get('base_value'), unit)} ({_e(r.get('base_year'))})"
        latest = f"{_num(r.get('latest_value'), unit)} ({_e(r.get('latest_year'))})"
        body.append(
            f"<tr><td>{_e(r.get('entity_id'))}</td><td>{_e(r.get('release'))}</td><td>{base}</td>"
            f"<td>{latest}</td><td>{_num(r.get('target_value'), unit)} by {_e(r.get('deadline_year'))}</td>"
            f"<td>{_num(r.get('projected_value'), unit)}</td><td><strong>{_e(r.get('status'))}</strong></td>"
            f"<td>{_e(r.get('method'))}</td></tr>"
        )
    return f"<table>{head}{''.join(body)}</table>"


def _target_html(e: TargetEntry) -> str:
    t = e.target
    parts = [
        f'<section class="target" id="{_e(t["target_id"])}">',
        f"<h3>{_e(t['target_id'])}: {_e(t['wording'])}{_badge(t.get('verification_status'))}</h3>",
        f'<p class="meta">Scope {_e(t["scope"])} · deadline {_e(t["deadline_year"])} · '
        f"verification: {_e(t.get('verification_status'))} · where read: {_e(t.get('source_reference'))}</p>",
    ]
    if not t.get("is_measurable", True) or not _clean(t.get("indicator_id")):
        parts.append("<p>Not measured: no series for this target in our sources.</p>")
    else:
        parts.append(_progress_table(t, e.progress))
    if e.svg:
        parts.append(f'<div class="chart">{e.svg}</div>')
    if e.caveats and not e.svg:  # a chart carries its caveats drawn in (as text, also in the PDF)
        parts.append('<ul class="caveats">' + "".join(f"<li>{_e(c)}</li>" for c in e.caveats) + "</ul>")
    if _clean(t.get("note")):
        parts.append(f'<p class="meta">Note: {_e(t["note"])}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _claim_value(r: Mapping[str, Any]) -> str:
    words = {"more_than": "more than", "less_than": "less than", "at_least": "at least", "up_to": "up to"}
    qual = _clean(r.get("qualifier"))
    value = _num(r.get("claim_value"), None)
    return " ".join(p for p in (words.get(qual, qual) if qual else "", value, _e(r.get("claim_unit"))) if p)


def _release_line(r: Mapping[str, Any]) -> str:
    if not _clean(r.get("release")):
        return _e(r.get("note")) or "no series"
    used = _clean(r.get("year_used"))
    year = f" ({int(used)})" if used is not None else ""
    verdict = f": {_e(r.get('release_verdict'))}" if _clean(r.get("release_verdict")) else ""
    return f"{_e(r['release'])}: {_num(r.get('data_value'), None)}{year}{verdict}"


def claims_html(checks: pd.DataFrame) -> str:
    """The claims check: verdict counts over claims, then one row per claim with its quote, the verdict and
    the data of each release it was compared with (claim_checks has one row per claim and release)."""
    if checks is None or checks.empty:
        return "<p>No claim checks in the published tables.</p>"
    key = [c for c in ("document", "start") if c in checks.columns]
    groups = list(checks.groupby(key, sort=False)) if key else [((), checks)]
    firsts = [g.iloc[0].to_dict() for _, g in groups]
    verdicts = pd.Series([f.get("claim_verdict") for f in firsts]).dropna().value_counts()
    out = [
        f"<p>{len(groups)} claims checked. " + "; ".join(f"{_e(v)}: {int(n)}" for v, n in verdicts.items())
    ]
    out[0] += "</p>"
    head = "<tr><th>where</th><th>quote</th><th>claim</th><th>verdict</th><th>data by release</th></tr>"
    rows = []
    for (_, g), first in zip(groups, firsts, strict=True):
        where = f"{_e(first.get('document'))} ¶{_e(first.get('paragraph'))}"
        data_lines = "<br>".join(_release_line(r) for r in g.to_dict("records"))
        rows.append(
            f"<tr><td>{where}</td><td><blockquote>{_e(first.get('quote'))}</blockquote></td>"
            f"<td>{_claim_value(first)}</td><td><strong>{_e(first.get('claim_verdict'))}</strong></td>"
            f"<td>{data_lines}</td></tr>"
        )
    out.append(f"<table>{head}{''.join(rows)}</table>")
    return "\n".join(out)


def sources_html(sources: pd.DataFrame, citation: str) -> str:
    """Sources with release, licence and attribution, then how to cite."""
    out = []
    if sources is not None and not sources.empty:
        cols = [
            c
            for c in ("source_id", "publisher", "release", "licence", "attribution", "upstream_url")
            if c in sources.columns
        ]
        head = "".join(f"<th>{_e(c)}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(r[c])}</td>" for c in cols) + "</tr>"
            for r in sources.to_dict("records")
        )
        out.append(f"<table><tr>{head}</tr>{body}</table>")
    else:
        out.append("<p>No sources table in the published data.</p>")
    out.append("<h3>How to cite</h3><p>" + "<br>".join(_e(line) for line in citation.splitlines()) + "</p>")
    return "\n".join(out)


def headline(e: TargetEntry) -> str:
    """A target's phrase in the summary table: its status in the newest release, or why there is none."""
    t = e.target
    if not t.get("is_measurable", True) or not _clean(t.get("indicator_id")):
        return "not measured (no series)"
    if e.progress.empty:
        return "no data"
    if t["scope"] == EVERY_COUNTRY:
        counts = status_counts(e.progress)
        return f"{int(counts.sum())} countries: " + ", ".join(f"{int(n)} {s}" for s, n in counts.items())
    row = e.progress.iloc[0]
    return f"{_clean(row.get('status')) or 'not assessed'} ({row['release']})"


def glance_html(items: list[TargetEntry]) -> str:
    """Every target in one table: framework, scope, status, verification (so nothing hides in the detail)."""
    head = (
        "<tr><th>target</th><th>framework</th><th>scope</th><th>status (newest release)</th>"
        "<th>verification</th></tr>"
    )
    body = "".join(
        f'<tr><td><a href="#{_e(e.target["target_id"])}">{_e(e.target["target_id"])}</a></td>'
        f"<td>{_e(e.target['framework'])}</td><td>{_e(e.target['scope'])}</td><td>{_e(headline(e))}</td>"
        f"<td>{_e(e.target.get('verification_status'))}</td></tr>"
        for e in items
    )
    return f"<table>{head}{body}</table>"


def to_html(
    items: list[TargetEntry], tables: Mapping[str, pd.DataFrame], *, as_of: date, citation: str
) -> str:
    """The whole brief as one self-contained HTML page (inline CSS and SVG, no external references)."""
    frameworks: dict[str, list[TargetEntry]] = {}
    for e in items:
        frameworks.setdefault(str(e.target["framework"]), []).append(e)
    releases = releases_used(items)
    unverified = sum(e.target.get("verification_status") != "verified" for e in items)
    body = [
        "<h1>ict4d progress brief</h1>",
        f'<p class="meta">Date: {as_of.isoformat()} · Releases used: {_e(", ".join(releases) or "none")} · '
        f"{len(items)} targets in {len(frameworks)} frameworks, {unverified} not verified in the "
        "framework's own text (marked).</p>",
        "<h2>At a glance</h2>",
        glance_html(items),
    ]
    for fw, fw_items in frameworks.items():
        body.append(f"<h2>{_e(fw)}</h2>")
        body += [_target_html(e) for e in fw_items]
    body.append("<h2>Claims check</h2>")
    body.append(claims_html(tables.get("claim_checks", pd.DataFrame())))
    body.append("<h2>Sources, licences and citation</h2>")
    body.append(sources_html(tables.get("sources", pd.DataFrame()), citation))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>ict4d progress brief {as_of.isoformat()}</title><style>{CSS}</style></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


_SVG_UID = re.compile(r'id="defs-([0-9a-z]+)"')


def inline_svg(svg: bytes, n: int) -> str:
    """An SVG for inlining: plotly's random clip-path ids made unique per chart, XML prolog dropped."""
    text = svg.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    m = _SVG_UID.search(text)
    if m:
        text = text.replace(m.group(1), f"ict4dchart{n}")
    return text


# --- writing (the only impure part) --------------------------------------------------------------------
def write(
    out: Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    citation: str = "",
    renderer: exports.Renderer | None = None,
    as_of: date | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Build the brief and write it as HTML or PDF (by `out`'s suffix), with one browser for everything."""
    out = Path(out)
    if out.suffix.lower() not in REPORT_FORMATS:
        raise exports.ExportError(f"report file must end in .html or .pdf: {out}")
    if "targets" not in tables or tables["targets"].empty:
        raise exports.ExportError("no targets table in the published data: run `ict4d build` first")
    as_of = as_of or datetime.now(UTC).date()
    started = time.perf_counter()
    items = entries(tables)
    charted = [e for e in items if e.chart is not None]
    own = renderer is None
    renderer = renderer or exports.Renderer()
    try:
        log(f"starting Chromium ({renderer.browser_path}) for {len(charted)} charts")
        renderer.start()
        step = max(renderer.tabs, 1) * 2  # a few charts per batch: progress shows, the tabs stay busy
        for lo in range(0, len(charted), step):
            batch = charted[lo : lo + step]
            for i, e in enumerate(batch, lo + 1):
                entity = e.progress.iloc[0]["entity_id"]
                log(f"[{i}/{len(charted)}] targets: {e.target['target_id']} ({entity})")
            specs = [e.chart for e in batch if e.chart is not None]
            svgs = exports.render_many(
                specs, "svg", width=CHART_WIDTH, height=CHART_HEIGHT, renderer=renderer
            )
            for i, (e, svg) in enumerate(zip(batch, svgs, strict=True), lo + 1):
                e.svg = inline_svg(svg, i)
        page = to_html(items, tables, as_of=as_of, citation=citation)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".pdf":
            log("printing the brief to PDF")
            out.write_bytes(renderer.html_to_pdf(page))
        else:
            out.write_text(page, encoding="utf-8")
    finally:
        if own:
            renderer.close()
    log(
        f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB, {len(items)} targets, {len(charted)} charts) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return out


def write_from_published(
    data_dir: Path,
    out: Path,
    *,
    renderer: exports.Renderer | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """`ict4d report`: the brief of a published folder, read through dashboard.data like the app."""
    from dashboard import data
    from dashboard.downloads import citation

    if not Path(data_dir).is_dir():
        raise exports.ExportError(f"published data folder not found: {data_dir} (run `ict4d build` first)")
    data.use(data_dir)
    log(f"reading the published tables in {data_dir}")
    tables = {name: data.table(name) for name in data.TABLE_NAMES}
    cite = citation(data.datapackage(), data.sources())
    return write(out, tables, citation=cite, renderer=renderer, log=log)
