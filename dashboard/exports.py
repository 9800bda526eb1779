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
import os
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

from etl.errors import Ict4dError

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv"}
# Chromium's executable names on Linux, macOS (Homebrew) and in Google's packages, in order of preference
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_ENV = "BROWSER_PATH"  # the variable choreographer (kaleido's browser driver) reads too
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
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
    """Plotly does not wrap text; wrap at the characters that fit (average glyph ≈ 0.55 em)."""
    chars = max(20, int(width_px / (font_px * 0.55)))
    return textwrap.wrap(text, chars) or [""]


def _text(s: str) -> str:
    """Plotly reads label text as a small HTML subset: escape what is data, keep line breaks ours."""
    return html.escape(s, quote=False)


def note_lines(source: str, caveats: Sequence[str], width: int) -> list[str]:
    """The lines drawn below the plot: the source line first, then one wrapped block per caveat."""
    lines = _wrap(source, width - 120, NOTE_SIZE) if source else []
    for caveat in caveats:
        lines += _wrap(f"Note: {caveat}", width - 120, NOTE_SIZE)
    return lines


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

    The app's figure is never mutated: the copy is what gets rendered.
    """
    out = go.Figure(fig)  # deep copy
    title_lines = _wrap(title, width - 120, TITLE_SIZE)
    sub_lines = _wrap(subtitle, width - 120, SUBTITLE_SIZE) if subtitle else []
    notes = note_lines(source, caveats, width)
    has_x_title = bool(out.layout.xaxis.title.text)
    axis_room = 75 if has_x_title else 50  # tick labels (and axis title) sit between plot and notes
    top = 40 + len(title_lines) * 34 + len(sub_lines) * 24 + 20
    bottom = axis_room + len(notes) * NOTE_LINE_PX + 20
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
        margin={"t": top, "b": bottom, "l": 90, "r": 40},
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
            yshift=-(axis_room + i * NOTE_LINE_PX),
            showarrow=False,
            align="left",
            font={"size": NOTE_SIZE, "color": "#333" if i == 0 and source else "#8a4b00"},
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

    def __init__(self, browser: str | Path | None = None, timeout: float = 90.0) -> None:
        self.browser_path = find_browser(browser)
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._lock = threading.Lock()

    # lifecycle
    def start(self) -> Renderer:
        """Start the browser (about 1-3 s); a no-op when already started."""
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

        k = kaleido.Kaleido(path=str(self.browser_path), mathjax=False, timeout=self.timeout)
        try:
            await k.open()
        except Exception as exc:
            raise ExportError(f"could not start Chromium at {self.browser_path}: {exc}") from exc
        return k

    def close(self) -> None:
        """Close the browser and its loop; safe to call twice."""
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._run(self._kaleido.close(), timeout=30)
                finally:
                    self._kaleido = None
                    self._stop_loop()

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
        if fmt not in FORMATS:
            raise ExportError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
        self.start()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            return self._run(self._kaleido.calc_fig(fig, opts=opts))
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

    missing = missing_provenance(spec.data)
    if missing:
        raise ExportError(f"chart {spec.filename!r}: CSV lacks provenance column(s) {', '.join(missing)}")
    return dcc.send_string(to_csv(spec.data), f"{spec.filename}.csv", type=MEDIA_TYPES["csv"])
