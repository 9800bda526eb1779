"""``ict4d export``: one view, given by its address, written as a labelled PNG/SVG/PDF chart or as the
CSV of the data behind it, drawn by the page's own chart builder (no web app is started). A page with a
table of its own (the Targets scoreboard) writes that table as CSV or XLSX, the rows of the page's
buttons; ``--chart`` still asks for the chart's data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from dashboard.render.browser import FORMATS, Renderer
from dashboard.render.images import render_spec
from dashboard.render.safe_csv import to_csv
from dashboard.render.spreadsheet import xlsx_bytes
from dashboard.views.registry import build_table, build_view
from dashboard.views.spec import ExportError


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
    if fmt not in (*FORMATS, "csv", "xlsx"):
        raise ExportError(f"unknown format {fmt!r} for {out}: use png, svg, pdf, csv or xlsx")
    board = build_table(view, params=params, data_dir=data_dir) if fmt in ("csv", "xlsx") else None
    if fmt == "xlsx" and (board is None or chart is not None):
        raise ExportError(f"view {view!r} has no table to write as xlsx: use png, svg, pdf or csv")
    if board is not None and chart is None:
        page, rows = board
        log(f"view {view!r}: the {page} table, {len(rows):,} rows")
        about = pd.DataFrame({"about": [f"ict4d {page}: {view}"]})
        payload = to_csv(rows).encode("utf-8") if fmt == "csv" else xlsx_bytes({page: rows, "about": about})
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(payload)
        log(f"wrote {out} ({len(payload) / 1024:.0f} KiB)")
        return out
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
