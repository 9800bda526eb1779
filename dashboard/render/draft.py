"""A checked draft as files for a reviewer: the table as CSV, the marked-up text as HTML or PDF.

What is shown comes from ``dashboard.views.pages.check``; the HTML is the Jinja2 template
``templates/draft.html`` (autoescaped: a draft full of ``<script>`` stays text), the CSV goes through
``safe_csv`` (a cell that starts like a formula is neutralised), and the PDF is that HTML printed by the
app's headless Chromium (``browser.shared_renderer``: one browser per process, never downloaded). Nothing
is kept: the bytes are returned to the caller (the printing browser reads a temporary file, removed after).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import pandas as pd

from dashboard.render import safe_csv
from dashboard.render.browser import Renderer, shared_renderer
from dashboard.views.pages import check as view

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def to_csv(checks: pd.DataFrame) -> str:
    """The table of the check (reader's columns first), formula cells neutralised."""
    return safe_csv.to_csv(view.download_frame(checks))


def to_html(text: str, checks: pd.DataFrame, as_of: date, title: str = "") -> str:
    """The text with every figure marked by its result (chip + reason), then the table; self-contained."""
    return many_to_html([(title, text, checks)], as_of)


def many_to_html(docs: list[tuple[str, str, pd.DataFrame]], as_of: date) -> str:
    """Several checked texts (title, text, table) in one page, one section each."""
    sections = [
        {
            "title": title,
            "summary": view.summary(checks, as_of),
            "pieces": view.pieces(text, checks),
            "rows": view.table_rows(checks),
        }
        for title, text, checks in docs
    ]
    return _env.get_template("draft.html").render(
        as_of=as_of.isoformat(),
        docs=sections,
        meanings=view.RESULT_MEANINGS,
        kinds=view.RESULT_KINDS,
        columns=view.TABLE_COLUMNS,
    )


def to_pdf(page: str, renderer: Renderer | None = None) -> bytes:
    """The HTML page printed to PDF by the headless browser (text stays text)."""
    return (renderer or shared_renderer()).html_to_pdf(page)
