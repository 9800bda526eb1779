"""``ict4d report``: the progress brief as one self-contained HTML page, or that page printed to PDF.

For each framework, every target with its status, chart and caveats (a target not verified in the
framework's own text says so next to its name and in its chart); then the claims check with verdicts and
quotes; then the sources, licences and how to cite; the date and the releases used. What it says comes
from ``dashboard.views.brief``; the page is the Jinja2 template ``templates/brief.html`` (autoescaped), its
charts are drawn as inline SVG by ONE browser, and the PDF is that page printed by the same browser, so
its text is real text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from dashboard.render.browser import Renderer
from dashboard.render.images import render_many
from dashboard.views import brief, published, spec
from dashboard.views import target as one_target
from dashboard.views.spec import ExportError
from etl.core.vocabulary import EVERY_COUNTRY

REPORT_FORMATS = (".html", ".pdf")
CHART_WIDTH, CHART_HEIGHT = 1000, 680  # CSS px; fits an A4 column at a readable text size
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _shown(value: object) -> object:
    """What a template prints for a value: markup as it is, nothing for a missing value (never "nan")."""
    return value if isinstance(value, Markup) else brief.text(value)


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    finalize=_shown,
)
_env.globals.update(
    clean=brief.clean,
    every_country=EVERY_COUNTRY,
    headline=brief.headline,
    is_measured=brief.is_measured,
    progress_rows=brief.progress_rows,
    status_counts=one_target.status_counts,
    verification_label=brief.verification_label,
)


def to_html(
    items: list[brief.TargetEntry], tables: Mapping[str, pd.DataFrame], *, as_of: date, citation: str
) -> str:
    """The whole brief as one self-contained HTML page (inline CSS and SVG, no external references)."""
    n_claims, verdicts, claim_rows = brief.claims_check(tables.get("claim_checks", pd.DataFrame()))
    source_columns, source_cells = brief.source_rows(tables.get("sources", pd.DataFrame()))
    return _env.get_template("brief.html").render(
        items=items,
        frameworks=brief.by_framework(items),
        releases=brief.releases_used(items),
        unverified=sum(e.target.get("verification_status") != "verified" for e in items),
        as_of=as_of.isoformat(),
        n_claims=n_claims,
        verdicts=verdicts,
        claim_rows=claim_rows,
        source_columns=source_columns,
        source_cells=source_cells,
        citation=citation,
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
    renderer: Renderer | None = None,
    as_of: date | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Build the brief and write it as HTML or PDF (by `out`'s suffix), with one browser for everything."""
    out = Path(out)
    if out.suffix.lower() not in REPORT_FORMATS:
        raise ExportError(f"report file must end in .html or .pdf: {out}")
    if "targets" not in tables or tables["targets"].empty:
        raise ExportError("no targets table in the published data: run `ict4d build` first")
    as_of = as_of or datetime.now(UTC).date()
    started = time.perf_counter()
    items = brief.entries(tables)
    charted = [e for e in items if e.chart is not None]
    own = renderer is None
    renderer = renderer or Renderer()
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
            svgs = render_many(specs, "svg", width=CHART_WIDTH, height=CHART_HEIGHT, renderer=renderer)
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
    renderer: Renderer | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """`ict4d report`: the brief of a published folder, read through the one reader like the app."""
    if not Path(data_dir).is_dir():
        raise ExportError(f"published data folder not found: {data_dir} (run `ict4d build` first)")
    published.use(data_dir)
    log(f"reading the published tables in {data_dir}")
    tables = {name: published.table(name) for name in published.TABLE_NAMES}
    cite = spec.citation(published.datapackage(), published.sources())
    return write(out, tables, citation=cite, renderer=renderer, log=log)
