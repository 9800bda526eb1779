"""dashboard.render.brief: the progress brief holds every target, its status, chart and caveats, the claims
check and the sources, as self-contained HTML and as a PDF whose text can be extracted."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from dashboard.render import brief as render_brief
from dashboard.render import images
from dashboard.views import brief, spec
from tests.dashboard.brief_tables import LICENCE, brief_tables

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return brief_tables()


@pytest.fixture(scope="module")
def written(tables, renderer, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    logs: list[str] = []
    html_path = render_brief.write(
        folder / "brief.html",
        tables,
        citation="Cite ict4d like this.",
        renderer=renderer,
        as_of=AS_OF,
        log=logs.append,
    )
    pdf_path = render_brief.write(
        folder / "brief.pdf",
        tables,
        citation="Cite ict4d like this.",
        renderer=renderer,
        as_of=AS_OF,
        log=logs.append,
    )
    return html_path.read_text(encoding="utf-8"), pdf_path.read_bytes(), logs


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def section(page: str, target_id: str) -> str:
    m = re.search(rf'<section class="target" id="{re.escape(target_id)}">(.*?)</section>', page, re.S)
    assert m, f"no section for {target_id}"
    return m.group(1)


def test_inline_svg_gives_each_chart_its_own_ids():
    svg = (
        b'<svg><defs id="defs-ab12cd"><clipPath id="clipab12cdxyplot"/></defs>'
        b'<g clip-path="url(#clipab12cdxyplot)"/></svg>'
    )
    one, two = render_brief.inline_svg(svg, 1), render_brief.inline_svg(svg, 2)
    assert "ab12cd" not in one and 'id="clipict4dchart1xyplot"' in one and "#clipict4dchart1xyplot" in one
    assert 'id="clipict4dchart2xyplot"' in two


# --- the HTML brief ------------------------------------------------------------------------------------
def test_html_is_self_contained_with_one_inline_svg_per_chart(written):
    page, _, _ = written
    parser = _Tags()
    parser.feed(page)
    tags = parser.tags
    assert sum(t == "svg" for t, _ in tags) == 4
    assert not [t for t, a in tags if t in ("script", "link", "img", "iframe")]
    assert not [
        a
        for _, a in tags
        if any(str(v).startswith(("http:", "https:")) for k, v in a.items() if k in ("src", "href"))
    ]


def test_html_holds_status_caveats_claims_sources_date_and_releases(written):
    page, _, _ = written
    assert "Date: 2026-11-28" in page
    assert "Releases used: rel-2023-04, rel-2024-11" in page
    ver, unv = section(page, "T-VER"), section(page, "T-UNV")
    assert "on track" in ver and "UNVERIFIED" not in ver
    assert "UNVERIFIED" in unv and "Note: Target unverified in the framework's own text" in html.unescape(unv)
    assert '<ul class="caveats">' not in unv  # drawn into its chart instead of repeated
    assert "Target seen only in a secondary source" not in section(page, "T-ALL")  # verified, no caveat
    counts = section(page, "T-ALL")
    assert "<td>target achieved</td><td>2</td>" in counts and "<td>deterioration</td><td>1</td>" in counts
    assert "Not measured" in section(page, "T-NONE")
    assert page.index("<h2>Framework A</h2>") < page.index('id="T-VER"') < page.index("<h2>Framework B</h2>")
    assert "60 per cent of people in Testland use the Internet" in page
    assert "2 claims checked. revised since: 1; no matching series: 1" in page
    assert (
        "rel-2023-04: 60.2 (2023): matches the data of its time<br>rel-2024-11: 58.0 (2023): differs" in page
    )
    assert "almost 50.0 percent" in page and "several scopes" in page
    assert LICENCE in page and "https://example.org/data" in page and "Cite ict4d like this." in page


def test_at_a_glance_lists_every_target_with_its_headline(written, tables):
    page, _, _ = written
    glance = page[page.index("<h2>At a glance</h2>") : page.index("<h2>Framework A</h2>")]
    for target_id in tables["targets"]["target_id"]:
        assert f'href="#{target_id}"' in glance
    assert "on track (rel-2024-11)" in glance
    assert "3 countries: 2 target achieved, 1 deterioration" in glance
    assert "not measured (no series)" in glance


def test_progress_is_reported_per_chart(written):
    _, _, logs = written
    assert "[1/4] targets: T-VER (testland)" in logs
    assert any(line.startswith("wrote ") and "brief.pdf" in line for line in logs)


# --- the PDF brief -------------------------------------------------------------------------------------
def test_pdf_has_pages_and_extractable_text(written):
    _, pdf, _ = written
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2  # five targets with three charts do not fit one A4 page
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    text = " ".join(text.split())  # table cells wrap: compare words, not line breaks
    for expected in (
        "ict4d progress brief",
        "T-VER",
        "T-UNV",
        "UNVERIFIED",
        "on track",
        "60 per cent of people in Testland use the Internet",
        LICENCE,
        "2026-11-28",
        "Source: Test Publisher, release rel-2024-11",
    ):
        assert expected in text, expected


# --- errors --------------------------------------------------------------------------------------------
def test_report_needs_a_known_suffix_and_targets(tables, tmp_path):
    with pytest.raises(spec.ExportError, match=r"must end in \.html or \.pdf"):
        render_brief.write(tmp_path / "brief.docx", tables)
    with pytest.raises(spec.ExportError, match="no targets table"):
        render_brief.write(tmp_path / "brief.html", {"targets": pd.DataFrame()})
    assert not list(tmp_path.iterdir())


def test_a_target_without_data_still_appears(tables):
    empty_obs = dict(
        tables, observations=tables["observations"].iloc[0:0], progress=tables["progress"].iloc[0:0]
    )
    items = brief.entries(empty_obs)
    assert len(items) == len(tables["targets"]) and all(e.chart is None for e in items)
    page = render_brief.to_html(items, empty_obs, as_of=AS_OF, citation="")
    assert "No assessment: no data" in section(page, "T-VER")
    unv = section(page, "T-UNV")  # without a chart, the caveat is listed as text
    assert (
        '<ul class="caveats"><li>Target unverified in the framework\'s own text</li></ul>'
        in html.unescape(unv)
    )


def test_figure_is_not_touched_by_labelling(tables):
    spec = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-VER")
    before = go.Figure(spec.figure).to_dict()
    images.decorate(spec.figure, title=spec.title, source=spec.source, caveats=spec.caveats)
    assert spec.figure.to_dict() == before
