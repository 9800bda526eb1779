"""Report-quality chart files and safe CSV downloads, shared by the app's buttons and `ict4d export/report`.

A chart leaves ict4d only with its title, subtitle, source line and caveats drawn into the image, so a PNG
pasted into a slide still says where the numbers come from and what is uncertain about them. Rendering
uses kaleido 1.x driving the system Chromium (never a downloaded one); one `Renderer` keeps one browser
open for any number of charts, which is what makes a 40-chart report fast.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import html
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import plotly.graph_objects as go

from etl.core.errors import Ict4dError

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv"}
# Chromium's executable names on Linux, macOS (Homebrew) and in Google's packages, in order of preference
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_ENV = "BROWSER_PATH"  # the variable choreographer (kaleido's browser driver) reads too
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# map outlines shipped with the app (plotly would fetch them from its CDN: exports must work offline)
TOPOJSON_DIR = Path(__file__).resolve().parent / "assets" / "topojson"
# a spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# columns every downloaded CSV carries so a number can be traced without the app
PROVENANCE_COLUMNS = ("indicator_id", "unit", "release", "source_id", "licence")


class ExportError(Ict4dError):
    """A chart or report could not be produced (no browser, unknown format, rendering failed)."""


# --- what a view shows ---------------------------------------------------------------------------------
@dataclass
class ChartSpec:
    """Everything a view shows: the figure, its words, and exactly the data behind it.

    The app, `ict4d export` and `ict4d report` all render and download from a ChartSpec, so a chart
    looks and reads the same wherever it is exported. Fields match `dashboard.components.Chart`, so
    either can be passed to the functions here.
    """

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
    pairs = rows[["source_id", "release"]].drop_duplicates().sort_values(["release", "source_id"])
    info = {} if sources.empty else sources.set_index("source_id")[["publisher", "licence"]].to_dict("index")
    refs = []
    for source_id, release in pairs.itertuples(index=False):
        meta = info.get(source_id)
        refs.append(
            SourceRef(meta["publisher"], release, meta["licence"]) if meta else SourceRef(source_id, release)
        )
    return refs


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


# --- drawing the labels into the figure ----------------------------------------------------------------
TITLE_SIZE, SUBTITLE_SIZE, NOTE_SIZE = 26, 17, 14
NOTE_LINE_PX = 21  # vertical space of one source/caveat line at NOTE_SIZE


def _wrap(text: str, width_px: int, font_px: int) -> list[str]:
    """Plotly does not wrap text; wrap at the characters that fit (DejaVu Sans: average glyph ≈ 0.57 em)."""
    chars = max(20, int(width_px / (font_px * 0.57)))
    return textwrap.wrap(text, chars) or [""]


def _text(s: str) -> str:
    """Plotly reads label text as a small HTML subset: escape what is data, keep line breaks ours."""
    return html.escape(s, quote=False)


def note_lines(source: str, caveats: Sequence[str], text_px: int) -> tuple[list[str], int]:
    """The lines drawn below the plot (source line first, then each caveat, wrapped to `text_px`) and how
    many of them are the source line."""
    src = _wrap(source, text_px, NOTE_SIZE) if source else []
    lines = list(src)
    for caveat in caveats:
        lines += _wrap(f"Note: {caveat}", text_px, NOTE_SIZE)
    return lines, len(src)


LEGEND_SIZE, LEGEND_ROW_PX = 13, 22


def legend_names(fig: go.Figure) -> list[str]:
    """Names plotly will show in the legend (it hides a lone trace's legend unless asked)."""
    names = [t.name or "" for t in fig.data if t.showlegend is not False]
    if fig.layout.showlegend is False or (fig.layout.showlegend is None and len(names) <= 1):
        return []
    return names


def legend_rows(names: Sequence[str], width_px: int) -> int:
    """Rows a horizontal legend needs: items packed left to right (symbol + text ≈ 40 px + 0.6 em/char)."""
    rows, used = (1, 0.0) if names else (0, 0.0)
    for name in names:
        item = 48 + len(name) * LEGEND_SIZE * 0.6
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows


NOTE_LEFT_PX = 16  # notes and legend start this far from the image's left edge


def left_margin(fig: go.Figure, width: int) -> int:
    """Room left of the plot: the y-axis title and numbers, or the category labels of horizontal bars."""
    labels = [
        str(v) for t in fig.data if getattr(t, "orientation", None) == "h" and t.y is not None for v in t.y
    ]
    longest = max((len(label) for label in labels), default=0)
    return int(min(width / 3, max(90, 30 + longest * 8.6)))  # 14 px DejaVu Sans ≈ 8.4 px a character


def decorate(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    caveats: Sequence[str] = (),
    width: int = 1600,
    height: int = 900,
) -> go.Figure:
    """Return a copy of `fig` with title, subtitle, source line and caveats drawn into its layout.

    Top to bottom: title, subtitle, plot, axis labels, legend (laid out horizontally here so it can never
    cover the notes), source line, caveats. The app's figure is never mutated: the copy is rendered.
    """
    out = go.Figure(fig)  # deep copy
    title_lines = _wrap(title, width - 120, TITLE_SIZE)
    sub_lines = _wrap(subtitle, width - 120, SUBTITLE_SIZE) if subtitle else []
    notes, n_source = note_lines(source, caveats, width - 2 * NOTE_LEFT_PX - 20)
    left, right = left_margin(out, width), 40
    has_x_title = bool(out.layout.xaxis.title.text)
    axis_room = 75 if has_x_title else 50  # tick labels (and axis title) sit between plot and legend
    names = legend_names(out)
    legend_px = legend_rows(names, width - 2 * NOTE_LEFT_PX) * LEGEND_ROW_PX + (8 if names else 0)
    top = 40 + len(title_lines) * 34 + len(sub_lines) * 24 + 20
    bottom = axis_room + legend_px + len(notes) * NOTE_LINE_PX + 20
    plot_px = max(height - top - bottom, 100)
    out.update_layout(
        width=width,
        height=height,
        font={"family": FONT_FAMILY},
        title={
            "text": "<br>".join(_text(t) for t in title_lines),
            "font": {"size": TITLE_SIZE},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 30 / height,
            "yanchor": "top",
            "yref": "container",
            "subtitle": {"text": "<br>".join(_text(s) for s in sub_lines), "font": {"size": SUBTITLE_SIZE}},
        },
        margin={"t": top, "b": bottom, "l": left, "r": right},
    )
    if names:
        out.update_layout(
            legend={
                "orientation": "h",
                "x": -(left - NOTE_LEFT_PX) / max(width - left - right, 100),
                "xanchor": "left",
                "y": -axis_room / plot_px,
                "yanchor": "top",
                "font": {"size": LEGEND_SIZE},
                "bgcolor": "rgba(0,0,0,0)",
            }
        )
    for i, line in enumerate(notes):
        out.add_annotation(
            text=_text(line),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=-(left - NOTE_LEFT_PX),
            yshift=-(axis_room + legend_px + i * NOTE_LINE_PX),
            showarrow=False,
            align="left",
            font={"size": NOTE_SIZE, "color": "#333333" if i < n_source else "#8a4b00"},
        )
    return out


# --- the browser ---------------------------------------------------------------------------------------
def find_browser(explicit: str | Path | None = None) -> Path:
    """Locate the system Chromium: an explicit path, then $BROWSER_PATH, then the PATH. Never downloads."""
    if explicit or os.environ.get(BROWSER_ENV):
        path = Path(explicit or os.environ[BROWSER_ENV]).expanduser()
        origin = "--browser" if explicit else f"${BROWSER_ENV}"
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ExportError(f"no Chromium at {path} (from {origin}): not an executable file")
        return path
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ExportError(
        f"no Chromium found (looked for {', '.join(BROWSER_NAMES)} on PATH and ${BROWSER_ENV}): "
        "install Debian's chromium (bash scripts/setup) or set BROWSER_PATH"
    )


class Renderer:
    """One headless Chromium, kept open for many charts (kaleido.Kaleido on a private event loop).

    Use as a context manager, or `shared_renderer()` for the app. Thread-safe: calls from Flask's worker
    threads are queued onto the renderer's own loop.
    """

    def __init__(self, browser: str | Path | None = None, timeout: float = 90.0, tabs: int = 2) -> None:
        self.browser_path = find_browser(browser)
        self.timeout = timeout
        self.tabs = tabs  # charts rendered at once by `images` (2 measured fastest on a 2-core machine)
        self.topojson = TOPOJSON_DIR.as_uri() + "/" if TOPOJSON_DIR.is_dir() else None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._lock = threading.Lock()

    # lifecycle
    def start(self) -> Renderer:
        """Start the browser (about 1-3 s); a no-op while it runs; a new one if it has died (the app's
        renderer lives as long as the server, so a crashed or killed Chromium must not break every export)."""
        if self._kaleido is not None and not self._browser_alive():
            self.close(quiet=True)
        with self._lock:
            if self._kaleido is not None:
                return self
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="ict4d-renderer", daemon=True)
            self._thread.start()
            try:
                self._kaleido = self._run(self._open())
            except BaseException:
                self._stop_loop()
                raise
        return self

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(path=str(self.browser_path), mathjax=False, timeout=self.timeout, n=self.tabs)
        try:
            await k.open()
        except Exception as exc:
            raise ExportError(f"could not start Chromium at {self.browser_path}: {exc}") from exc
        return k

    def close(self, quiet: bool = False) -> None:
        """Close the browser and its loop; safe to call twice (`quiet`: ignore a browser already gone)."""
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._run(self._kaleido.close(), timeout=30)
                except Exception:
                    if not quiet:
                        raise
                finally:
                    self._kaleido = None
                    self._stop_loop()

    def _browser_alive(self) -> bool:
        proc = getattr(self._kaleido, "subprocess", None)
        return proc is None or proc.poll() is None

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
        self._loop, self._thread = None, None

    def __enter__(self) -> Renderer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_running(self) -> bool:
        return self._kaleido is not None

    @property
    def browser_pid(self) -> int | None:
        """The browser's process id while running: the same one for every chart this renderer makes."""
        proc = getattr(self._kaleido, "subprocess", None)
        return proc.pid if proc is not None else None

    def _run(self, coro: Any, timeout: float | None = None) -> Any:
        assert self._loop is not None
        fut: Future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return fut.result(timeout=timeout or self.timeout + 30)

    # work
    def image(self, fig: go.Figure, fmt: str, *, width: int, height: int, scale: float = 1) -> bytes:
        """Render a finished figure to png/svg/pdf bytes in the open browser."""
        return self.images([fig], fmt, width=width, height=height, scale=scale)[0]

    def images(
        self, figs: Sequence[go.Figure], fmt: str, *, width: int, height: int, scale: float = 1
    ) -> list[bytes]:
        """Render many finished figures, `tabs` at a time, in the open browser; results in input order."""
        if fmt not in FORMATS:
            raise ExportError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
        self.start()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}

        async def batch() -> list[bytes]:
            calls = [self._kaleido.calc_fig(f, opts=opts, topojson=self.topojson) for f in figs]
            return await asyncio.gather(*calls)

        try:
            return self._run(batch(), timeout=self.timeout * max(1, len(figs)))
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(f"rendering {fmt} failed: {type(exc).__name__}: {exc}") from exc

    def html_to_pdf(self, page: str) -> bytes:
        """Print a self-contained HTML page to PDF with the same browser (A4, backgrounds, text kept)."""
        self.start()
        with tempfile.TemporaryDirectory(prefix="ict4d-print-") as tmp:
            path = Path(tmp) / "page.html"
            path.write_text(page, encoding="utf-8")
            try:
                return self._run(self._print(path.as_uri()))
            except Exception as exc:
                raise ExportError(f"printing the report to PDF failed: {type(exc).__name__}: {exc}") from exc

    async def _print(self, url: str) -> bytes:
        k = self._kaleido
        tab = await k.create_tab("")
        try:
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.enable")
            await tab.send_command("Page.navigate", params={"url": url})
            await asyncio.wait_for(loaded, self.timeout)
            params = {
                "printBackground": True,
                "preferCSSPageSize": True,
                "paperWidth": 8.27,  # A4, inches
                "paperHeight": 11.69,
                "marginTop": 0.5,
                "marginBottom": 0.5,
                "marginLeft": 0.5,
                "marginRight": 0.5,
            }
            response = await tab.send_command("Page.printToPDF", params=params)
            if "error" in response:
                raise ExportError(f"Chromium refused to print: {response['error']}")
            return base64.b64decode(response["result"]["data"])
        finally:
            await k.close_tab(tab.target_id)


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> Renderer:
    """The process-wide renderer (started on first use, closed at exit): one browser per app process."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.close)
        return _shared.start()


# --- public entry points -------------------------------------------------------------------------------
def render(
    fig: go.Figure,
    fmt: str,
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    caveats: Sequence[str] = (),
    width: int = 1600,
    height: int = 900,
    scale: float = 1,
    renderer: Renderer | None = None,
) -> bytes:
    """Render `fig` as a labelled png/svg/pdf (PNG: width*scale px; SVG and PDF: vector)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    labelled = decorate(
        fig, title=title, subtitle=subtitle, source=source, caveats=caveats, width=width, height=height
    )
    return (renderer or shared_renderer()).image(labelled, fmt, width=width, height=height, scale=scale)


def render_spec(spec: ChartSpec, fmt: str, **options: Any) -> bytes:
    """Render a ChartSpec (or a components.Chart: same fields) with its own labels."""
    return render(
        spec.figure,
        fmt,
        title=spec.title,
        subtitle=spec.subtitle,
        source=spec.source,
        caveats=spec.caveats,
        **options,
    )


def render_many(
    specs: Sequence[ChartSpec],
    fmt: str,
    *,
    width: int = 1600,
    height: int = 900,
    scale: float = 1,
    renderer: Renderer | None = None,
) -> list[bytes]:
    """Render many ChartSpecs with their labels in one browser, several at a time (report, batch export)."""
    labelled = [
        decorate(
            s.figure,
            title=s.title,
            subtitle=s.subtitle,
            source=s.source,
            caveats=s.caveats,
            width=width,
            height=height,
        )
        for s in specs
    ]
    return (renderer or shared_renderer()).images(labelled, fmt, width=width, height=height, scale=scale)


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote; keep the rest."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> str:
    """CSV of exactly `df`, with text cells neutralised against formula injection; numbers untouched."""
    safe = df.copy()
    for col in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[col]) or pd.api.types.is_bool_dtype(safe[col])):
            safe[col] = safe[col].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    # RFC 4180 CRLF rows: the writer then quotes any cell holding a CR or LF, so no cell can split a row
    return safe.to_csv(index=False, lineterminator="\r\n")


def missing_provenance(df: pd.DataFrame) -> list[str]:
    """Which provenance columns a download would lack (the caller must supply them)."""
    return [c for c in PROVENANCE_COLUMNS if c not in df.columns]


def image_download(spec: ChartSpec, fmt: str, **options: Any) -> dict[str, Any]:
    """The `dcc.Download` payload for a chart image, so an app callback is one line."""
    from dash import dcc

    return dcc.send_bytes(render_spec(spec, fmt, **options), f"{spec.filename}.{fmt}", type=MEDIA_TYPES[fmt])


def csv_download(spec: ChartSpec) -> dict[str, Any]:
    """The `dcc.Download` payload for the data behind a chart; refuses data without provenance columns."""
    from dash import dcc

    data, missing = spec.data, missing_provenance(spec.data)
    if missing and len(data):
        raise ExportError(f"chart {spec.filename!r}: CSV lacks provenance column(s) {', '.join(missing)}")
    if missing:  # nothing shown: an empty table, still with the columns a reader expects
        data = data.reindex(columns=[*data.columns, *missing])
    return dcc.send_string(to_csv(data), f"{spec.filename}.csv", type=MEDIA_TYPES["csv"])


# --- views: `ict4d export "/explorer?indicator=…"` -----------------------------------------------------
def parse_view(view: str) -> tuple[str, dict[str, str | list[str]]]:
    """A view URL (or just its path and query) as (path, query), with query values as Dash passes them."""
    parts = urlsplit(view.strip())
    path = "/" + parts.path.strip("/")
    query = parse_qs(parts.query, keep_blank_values=True)
    return path, {k: v[0] if len(v) == 1 else v for k, v in query.items()}


def find_page(path: str, registry: Iterable[Mapping[str, Any]]) -> tuple[str, dict[str, str]]:
    """The page module name serving `path`, and the variables of its path template (e.g. iso3)."""
    for entry in registry:
        if entry.get("path") == path:
            return str(entry["module"]).rsplit(".", 1)[-1], {}
    for entry in registry:
        template = entry.get("path_template")
        if template:
            pattern = "^" + re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", template.rstrip("/")) + "$"
            m = re.match(pattern, path)
            if m:
                return str(entry["module"]).rsplit(".", 1)[-1], m.groupdict()
    known = ", ".join(sorted(str(e.get("path")) for e in registry))
    raise ExportError(f"no dashboard page at {path!r}; pages: {known}")


def page_charts(page: str, names: Iterable[str]) -> list[str]:
    """The chart builders a page registered (named "<page>" or "<page>-<chart>"), in registration order."""
    return [n for n in names if n == page or n.startswith(f"{page}-")]


def build_view(
    view: str,
    *,
    chart: str | None = None,
    params: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
) -> tuple[str, Any]:
    """Rebuild a dashboard view's chart with the app's own builders: returns (builder name, Chart)."""
    import dash

    from dashboard import app as dashboard_app
    from dashboard import components, data

    if not components.CHARTS or not dash.page_registry:
        dashboard_app.create_app(data_dir)  # imports the pages, which register their chart builders
    else:
        data.use(data_dir)
    path, query = parse_view(view)
    page, path_vars = find_page(path, dash.page_registry.values())
    query = {**query, **path_vars, **(params or {})}
    names = page_charts(page, components.CHARTS)
    if not names:
        raise ExportError(f"page {path!r} has no exportable chart")
    if chart is None:
        name = names[0]
    else:
        matches = [n for n in names if chart in (n, n.removeprefix(f"{page}-"))]
        if not matches:
            raise ExportError(f"page {path!r} has no chart {chart!r}; charts: {', '.join(names)}")
        name = matches[0]
    return name, components.CHARTS[name](query)


def export_view(
    view: str,
    out: Path,
    *,
    fmt: str | None = None,
    chart: str | None = None,
    params: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
    width: int = 1600,
    height: int = 900,
    scale: float = 1,
    renderer: Renderer | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Write one view as png/svg/pdf (labelled) or csv (the data behind it); the format defaults to out's."""
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in (*FORMATS, "csv"):
        raise ExportError(f"unknown format {fmt!r} for {out}: use png, svg, pdf or csv")
    name, built = build_view(view, chart=chart, params=params, data_dir=data_dir)
    log(f"view {view!r}: chart {name!r}, {len(built.data):,} data rows, title {built.title!r}")
    if fmt == "csv":
        payload = to_csv(built.data).encode("utf-8")
    else:
        own = renderer is None
        renderer = renderer or Renderer()
        try:
            log(f"rendering {fmt} ({width}x{height}, scale {scale}) with {renderer.browser_path}")
            payload = render_spec(built, fmt, width=width, height=height, scale=scale, renderer=renderer)
        finally:
            if own:
                renderer.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(payload)
    log(f"wrote {out} ({len(payload) / 1024:.0f} KiB)")
    return out


# --- the data package: `ict4d data` ------------------------------------------------------------------------
def read_descriptor(folder: Path) -> dict[str, Any]:
    """A folder's datapackage.json, or a clear error when there is none."""
    path = Path(folder) / "datapackage.json"
    if not path.is_file():
        raise ExportError(f"no datapackage.json in {folder}: run `ict4d build` first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None


def data_readme(descriptor: Mapping[str, Any], sources: pd.DataFrame) -> str:
    """README of the data package: what is in it, how to cite it, and each source's licence."""
    from dashboard.downloads import citation

    lines = [
        f"# {descriptor.get('title') or descriptor.get('name', 'ict4d')}",
        "",
        "The published ict4d tables as CSV; `datapackage.json` describes every column (Frictionless Data",
        "table schema). Values carry their unit, release, source and flags; see the `sources` table.",
        "",
        "## Tables",
        *[f"- `{r['path']}`: {r.get('description', '')}" for r in descriptor.get("resources", [])],
        "",
        "## How to cite",
        "",
        citation(descriptor, sources),
        "",
        "## Licences",
        "",
        "The ict4d code is MIT-licensed. The data keep the licences of their sources:",
    ]
    if sources.empty:
        lines.append("- (no sources table in this package)")
    for r in sources.to_dict("records"):
        lines.append(
            f"- {r.get('source_id')} ({r.get('publisher')}, release {r.get('release')}): {r.get('licence')}"
        )
    return "\n".join(lines) + "\n"


def package_files(folder: Path) -> dict[str, bytes]:
    """The files of the data package: every resource CSV, datapackage.json (with sources) and README.md."""
    folder = Path(folder)
    descriptor = read_descriptor(folder)
    files: dict[str, bytes] = {}
    for res in descriptor.get("resources", []):
        path = folder / res["path"]
        if not path.is_file():
            raise ExportError(f"{folder}/datapackage.json: resource {res['name']!r}: file {path} is missing")
        files[res["path"]] = path.read_bytes()
    sources_csv = folder / "sources.csv"
    sources = pd.read_csv(sources_csv) if sources_csv.is_file() else pd.DataFrame()
    described = dict(descriptor)
    if not sources.empty:
        described["sources"] = [
            {"title": f"{r['publisher']}, release {r['release']}", "path": str(r["upstream_url"])}
            if pd.notna(r.get("upstream_url"))
            else {"title": f"{r['publisher']}, release {r['release']}"}
            for r in sources.to_dict("records")
        ]
    files["datapackage.json"] = (json.dumps(described, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files["README.md"] = data_readme(descriptor, sources).encode("utf-8")
    return files


def write_data_package(folder: Path, out: Path, *, log: Callable[[str], None] = print) -> Path:
    """Write the published tables with datapackage.json and README.md to a folder or a .zip."""
    out = Path(out)
    files = package_files(folder)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, blob in files.items():
                zf.writestr(name, blob)
    else:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} exists and is not a folder (give a folder or a .zip file)")
        out.mkdir(parents=True, exist_ok=True)
        for name, blob in files.items():
            (out / name).write_bytes(blob)
    tables = len(files) - 2
    log(
        f"wrote {out}: {tables} tables, datapackage.json and README.md "
        f"({sum(len(b) for b in files.values()) / 1e6:.1f} MB)"
    )
    return out


def check_data_package(files: Mapping[str, bytes]) -> list[str]:
    """Problems of a data package against its own descriptor: missing files, columns that differ from
    the schema fields, empty cells in required fields. An empty list means valid."""
    problems: list[str] = []
    if "datapackage.json" not in files:
        return ["no datapackage.json"]
    descriptor = json.loads(files["datapackage.json"])
    for res in descriptor.get("resources", []):
        blob = files.get(res["path"])
        if blob is None:
            problems.append(f"{res['name']}: file {res['path']} missing")
            continue
        df = pd.read_csv(io.BytesIO(blob), dtype=str, keep_default_na=False)
        fields = res.get("schema", {}).get("fields", [])
        names = [f["name"] for f in fields]
        if list(df.columns) != names:
            problems.append(f"{res['name']}: columns {list(df.columns)} differ from schema fields {names}")
            continue
        for f in fields:
            if f.get("constraints", {}).get("required"):
                empty = int((df[f["name"]].str.strip() == "").sum())
                if empty:
                    problems.append(f"{res['name']}: required field {f['name']!r} empty in {empty} rows")
    return problems
