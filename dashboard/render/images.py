"""Report-quality chart files: a chart leaves ict4d only with its title, subtitle, source line and caveats
drawn into the image, so a PNG pasted into a slide still says where the numbers come from and what is
uncertain about them (PNG: width*scale px; SVG and PDF: vector).
"""

from __future__ import annotations

import html
import math
import textwrap
import threading
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.render import browser
from dashboard.render.browser import FORMATS, Renderer
from dashboard.views.spec import ChartSpec, ExportError

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv"}
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

# image size bounds: below MIN_PX the labels do not fit; beyond MAX_PIXELS (a 6400x3600 PNG) Chromium's
# memory grows by gigabytes for an image no report needs
MIN_PX, MAX_PX = 300, 6400
MIN_SCALE, MAX_SCALE = 0.5, 4.0
MAX_PIXELS = 6400 * 3600


def check_size(width: object, height: object, scale: object = 1) -> tuple[int, int, float]:
    """The image size as (width, height, scale), or a one-line ExportError saying the bounds."""
    try:
        w, h, s = int(width), int(height), float(scale)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ExportError(f"image size {width!r}x{height!r} scale {scale!r}: numbers expected") from None
    if w != width or h != height:
        raise ExportError(f"image width and height are whole pixels, got {width!r}x{height!r}")
    if not (MIN_PX <= w <= MAX_PX and MIN_PX <= h <= MAX_PX):
        raise ExportError(f"image size {w}x{h} px: width and height must be {MIN_PX} to {MAX_PX} px")
    if not (math.isfinite(s) and MIN_SCALE <= s <= MAX_SCALE):
        raise ExportError(f"image scale {s:g}: must be {MIN_SCALE:g} to {MAX_SCALE:g}")
    if w * h * s * s > MAX_PIXELS:
        raise ExportError(
            f"image of {w * s:.0f}x{h * s:.0f} px is too large: at most {MAX_PIXELS / 1e6:.0f} million "
            "pixels (width x height x scale²)"
        )
    return w, h, s


# --- drawing the labels into the figure ----------------------------------------------------------------
# report legibility at 1600 px (pasted 16 cm wide: title ≈ 8 pt, body ≈ 6 pt and up): every text drawn is at
# least BODY_SIZE px, the title TITLE_SIZE px
TITLE_SIZE, SUBTITLE_SIZE, BODY_SIZE = 30, 22, 20
NOTE_SIZE = BODY_SIZE
TITLE_LINE_PX, SUBTITLE_LINE_PX = 38, 28
NOTE_LINE_PX = 27  # vertical space of one source/caveat line at NOTE_SIZE


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


LEGEND_SIZE, LEGEND_ROW_PX = BODY_SIZE, 30


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
    char_px = BODY_SIZE * 0.6  # DejaVu Sans: a character ≈ 0.6 em
    return int(min(width / 3, max(120, 40 + longest * char_px)))


def _body_text_at_least(fig: go.Figure, size: int) -> None:
    """Every text of the plot itself (axes, annotations, bar labels, colour bars) at `size` px or more: the
    app's figures are drawn for a screen at 14 px, an export is read on paper."""
    for axis in ("xaxis", "yaxis"):
        fig.update_layout({axis: {"tickfont": {"size": size}, "title": {"font": {"size": size}}}})
    for ann in fig.layout.annotations or ():
        if ann.font.size is None or ann.font.size < size:
            ann.font.size = size
    for trace in fig.data:
        if "textfont" in trace and (trace.textfont.size is None or trace.textfont.size < size):
            trace.textfont.size = size
        if "colorbar" in trace:
            trace.colorbar.tickfont.size = size
            trace.colorbar.title.font.size = size
    if "coloraxis" in fig.layout and fig.layout.coloraxis.colorbar is not None:
        fig.layout.coloraxis.colorbar.tickfont.size = size


_COPY_LOCK = threading.Lock()


def private_copy(fig: go.Figure) -> dict:
    """A deep copy of a (shared, memoised) figure as plain dicts, taken under a process-wide lock.

    Why: `go.Figure(fig)` hands the shared figure's own dicts to plotly's validators, which pop and
    restore each trace's "type" while they work; two threads copying one figure at once then see a trace
    without its type (a choropleth read as a scatter: HTTP 500). The copy is private, so the new figure
    is built from dicts no other thread sees.
    """
    with _COPY_LOCK:
        return fig.to_dict()


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
    out = go.Figure(private_copy(fig))
    title_lines = _wrap(title, width - 120, TITLE_SIZE)
    sub_lines = _wrap(subtitle, width - 120, SUBTITLE_SIZE) if subtitle else []
    notes, n_source = note_lines(source, caveats, width - 2 * NOTE_LEFT_PX - 20)
    left, right = left_margin(out, width), 40
    has_x_title = bool(out.layout.xaxis.title.text)
    axis_room = 95 if has_x_title else 60  # tick labels (and axis title) sit between plot and legend
    names = legend_names(out)
    legend_px = legend_rows(names, width - 2 * NOTE_LEFT_PX) * LEGEND_ROW_PX + (8 if names else 0)
    top = 40 + len(title_lines) * TITLE_LINE_PX + len(sub_lines) * SUBTITLE_LINE_PX + 20
    bottom = axis_room + legend_px + len(notes) * NOTE_LINE_PX + 20
    plot_px = max(height - top - bottom, 100)
    out.update_layout(
        width=width,
        height=height,
        font={"family": FONT_FAMILY, "size": BODY_SIZE},
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
    _body_text_at_least(out, BODY_SIZE)
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
    width, height, scale = check_size(width, height, scale)
    labelled = decorate(
        fig, title=title, subtitle=subtitle, source=source, caveats=caveats, width=width, height=height
    )
    if renderer is not None:
        return renderer.image(labelled, fmt, width=width, height=height, scale=scale)
    with browser.shared_session() as shared:
        return shared.image(labelled, fmt, width=width, height=height, scale=scale)


def render_spec(spec: ChartSpec, fmt: str, **options: Any) -> bytes:
    """Render a ChartSpec with its own labels."""
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
    width, height, scale = check_size(width, height, scale)
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
    if renderer is not None:
        return renderer.images(labelled, fmt, width=width, height=height, scale=scale)
    with browser.shared_session() as shared:
        return shared.images(labelled, fmt, width=width, height=height, scale=scale)
