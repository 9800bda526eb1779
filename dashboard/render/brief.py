"""``ict4d report``: the progress brief as one self-contained HTML page, or that page printed to PDF.

A report, not a dump: key messages first (a sentence each with its number, year, release edition and
chart), the scoreboard on one page, then each framework with its measurable targets, their charts and
caveats (a target not verified in the framework's own text says so next to its name and in its chart),
the targets we cannot measure in one table with the reason, the claims check, and the sources, licences
and how to cite. No file name or internal id reaches the reader's text. What it says comes
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
from dashboard.views import brief, brief_sections, published, spec
from dashboard.views.spec import ExportError
from dashboard.views.statuses import STATUS_GROUP_LABELS
from etl.core.vocabulary import EVERY_COUNTRY

REPORT_FORMATS = (".html", ".pdf")
CHART_WIDTH, CHART_HEIGHT = 1000, 680  # CSS px; fits an A4 column at a readable text size
KEY_CHART_HEIGHT = 560  # the key messages' charts: two messages to a page
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
    country_counts=brief.country_counts,
    every_country=EVERY_COUNTRY,
    progress_rows=brief.progress_rows,
    reader_text=brief.reader_text,
    sentence_case=brief.sentence_case,
    status_labels=STATUS_GROUP_LABELS,
    status_of=brief.status_of,
    threshold_words=brief.threshold_words,
    verification_label=brief.verification_label,
)
_env.tests["is_measured"] = brief.is_measured


def to_html(
    items: list[brief.TargetEntry],
    tables: Mapping[str, pd.DataFrame],
    *,
    as_of: date,
    citation: str,
    messages: list[brief.KeyMessage] | None = None,
) -> str:
    """The whole brief as one self-contained HTML page (inline CSS and SVG, no external references)."""
    w = brief.words(tables)
    messages = brief.key_messages(items, w) if messages is None else messages
    n_claims, verdicts, claim_rows = brief_sections.claims_check(
        tables.get("claim_checks", pd.DataFrame()), w
    )
    used = brief.releases_used(items)
    return _env.get_template("brief.html").render(
        w=w,
        items=items,
        messages=messages,
        board_rows=brief.board(items, w),
        unmeasured=brief.not_measurable(items),
        frameworks=brief.by_framework(items),
        editions=list(dict.fromkeys(w.edition(r) for r in used)),
        unverified=sum(e.target.get("verification_status") != "verified" for e in items),
        as_of=as_of.isoformat(),
        n_claims=n_claims,
        verdicts=verdicts,
        claim_rows=claim_rows,
        source_headings=brief_sections.SOURCE_HEADINGS,
        source_cells=brief_sections.source_rows(tables.get("sources", pd.DataFrame()), w, used),
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
def render_brief(
    tables: Mapping[str, pd.DataFrame],
    fmt: str,
    *,
    citation: str = "",
    renderer: Renderer | None = None,
    as_of: date | None = None,
    log: Callable[[str], None] = print,
) -> bytes:
    """The brief as HTML or PDF bytes (`fmt` "html" or "pdf"), every chart drawn by one browser."""
    if fmt not in ("html", "pdf"):
        raise ExportError(f"brief format must be html or pdf, not {fmt!r}")
    if "targets" not in tables or tables["targets"].empty:
        raise ExportError("no targets table in the published data: run `ict4d build` first")
    as_of = as_of or datetime.now(UTC).date()
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
                log(f"[{i}/{len(charted)}] targets: {e.target['target_id']}")
            specs = [e.chart for e in batch if e.chart is not None]
            svgs = render_many(specs, "svg", width=CHART_WIDTH, height=CHART_HEIGHT, renderer=renderer)
            for i, (e, svg) in enumerate(zip(batch, svgs, strict=True), lo + 1):
                e.svg = inline_svg(svg, i)
        messages = brief.key_messages(items, brief.words(tables))
        keyed = [m for m in messages if m.entry.chart is not None]
        specs = [m.entry.chart for m in keyed if m.entry.chart is not None]
        svgs = render_many(specs, "svg", width=CHART_WIDTH, height=KEY_CHART_HEIGHT, renderer=renderer)
        for i, (m, svg) in enumerate(zip(keyed, svgs, strict=True), len(charted) + 1):
            m.svg = inline_svg(svg, i)
        page = to_html(items, tables, as_of=as_of, citation=citation, messages=messages)
        if fmt == "pdf":
            log("printing the brief to PDF")
            return renderer.html_to_pdf(page)
        return page.encode("utf-8")
    finally:
        if own:
            renderer.close()


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
    started = time.perf_counter()
    payload = render_brief(
        tables, out.suffix.lower().lstrip("."), citation=citation, renderer=renderer, as_of=as_of, log=log
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(payload)
    log(
        f"wrote {out} ({len(payload) / 1024:.0f} KiB, {len(tables['targets'])} targets) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return out


def published_tables() -> dict[str, pd.DataFrame]:
    """Every published table of the folder in use, read through the one reader."""
    return {name: published.table(name) for name in (*published.TABLE_NAMES, "releases")}


def view_tables(target_ids: list[str]) -> dict[str, pd.DataFrame]:
    """The published tables with the targets (and their progress) narrowed to `target_ids`, in registry
    order: the brief of a scoreboard view."""
    tables = published_tables()
    keep = set(target_ids)
    tables["targets"] = tables["targets"][tables["targets"]["target_id"].isin(keep)]
    progress = tables.get("progress")
    if progress is not None and not progress.empty:
        tables["progress"] = progress[progress["target_id"].isin(keep)]
    return tables


def view_brief(target_ids: list[str], fmt: str, *, renderer: Renderer | None = None) -> bytes:
    """The brief of the targets of one scoreboard view, as the app's download buttons serve it."""
    tables = view_tables(target_ids)
    if tables["targets"].empty:
        raise ExportError("no target in this view: widen the filters")
    cite = spec.citation(published.datapackage(), published.sources())
    return render_brief(tables, fmt, citation=cite, renderer=renderer, log=lambda _m: None)


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
    tables = published_tables()
    cite = spec.citation(published.datapackage(), published.sources())
    return write(out, tables, citation=cite, renderer=renderer, log=log)
