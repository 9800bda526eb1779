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


def section(page: str, wording: str) -> str:
    """The section of the target with this wording (sections are anchored t1, t2 …: no id of ours)."""
    for m in re.finditer(r'<section class="target" id="t\d+">(.*?)</section>', page, re.S):
        if wording in m.group(1).split("</h3>")[0]:
            return m.group(1)
    raise AssertionError(f"no section for {wording}")


def between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end)]


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
    keys = page.count('<div class="key">')
    assert sum(t == "svg" for t, _ in tags) == 4 + keys  # a chart per charted target, one per key message
    assert not [t for t, a in tags if t in ("script", "link", "img", "iframe")]
    assert not [
        a
        for _, a in tags
        if any(str(v).startswith(("http:", "https:")) for k, v in a.items() if k in ("src", "href"))
    ]


def test_the_brief_reads_as_a_report_in_this_order(written):
    page, _, _ = written
    heads = [
        "<h2>Key messages</h2>",
        "<h2>Scoreboard</h2>",
        '<h2 class="page">Framework A</h2>',
        '<h2 class="page">Framework B</h2>',
        '<h2 class="page">Targets we cannot measure</h2>',
        '<h2 class="page">Claims check</h2>',
        "<h2>Sources, licences and citation</h2>",
    ]
    positions = [page.index(h) for h in heads]
    assert positions == sorted(positions)


def test_key_messages_give_number_year_edition_status_and_chart(written):
    page, _, _ = written
    key = between(page, "<h2>Key messages</h2>", '<section class="page" id="scoreboard">')
    sentences = re.findall(r'<div class="key">\s*<p>(.*?)</p>', key, re.S)
    assert 1 <= len(sentences) <= brief.KEY_MESSAGES
    first = html.unescape(sentences[0])
    assert first == (
        "In 2023, individuals using the Internet: 60.0 % in Testland (Test Figures 2024). "
        "Framework A target ≥ 75.0 % by 2030: On track."
    )
    assert key.count("<svg") == len(sentences)  # each message with its chart


def test_scoreboard_has_every_measurable_target_by_framework_and_one_table_for_the_rest(written, tables):
    page, _, _ = written
    board = between(page, "<h2>Scoreboard</h2>", '<h2 class="page">Framework A</h2>')
    measured = tables["targets"][tables["targets"]["is_measurable"]]
    assert board.count('<tr><td><a href="#t') == len(measured)
    assert '<tr class="framework"><td colspan="6">Framework A</td></tr>' in board
    assert '<span class="chip chip-on-track">On track</span>' in board
    assert "connect every village" not in board.lower()
    rest = between(page, "Targets we cannot measure</h2>", "Claims check</h2>")
    assert "<td>Connect every village</td>" in rest and "<td>no series</td>" in rest
    assert "Connect every village" not in between(
        page, '<h2 class="page">Framework A</h2>', "Targets we cannot"
    )


def test_target_sections_say_status_methods_caveats_in_words(written):
    page, _, _ = written
    ver, unv = section(page, "Use the Internet: 75 % in Testland"), section(page, "Use the Internet: 90 % in")
    assert "<strong>On track</strong>" in ver and "UNVERIFIED" not in ver
    assert "Test Figures 2024" in ver and "moderate progress; acceleration needed" in ver
    assert "UNVERIFIED" in unv
    assert '<ul class="caveats">' not in unv  # drawn into its chart instead of repeated
    assert "written in: Framework text, paragraph 3</p>" in ver and "targets.md" not in ver
    counts = section(page, "Every country above 50 %")
    assert "<td>Met</td><td>2</td>" in counts and "<td>Off track</td><td>1</td>" in counts


def test_claims_and_sources_in_plain_words(written):
    page, _, _ = written
    assert "2 claims checked. revised since: 1; no matching series: 1" in page
    assert "A/RES/99/1 ¶12" in page
    assert (
        "Test Database 2023 release: 60.2 (2023): matches the data of its time<br>"
        "Test Figures 2024: 58.0 (2023): differs" in page
    )
    assert "almost 50.0 percent" in page and "several scopes" in page
    assert LICENCE in page and "Cite ict4d like this." in page


FILE_NAME = re.compile(r"\b[\w/.-]+\.(?:md|csv|json|py|toml|parquet|xlsx?)\b")


def reader_text(page: str) -> str:
    """What a reader sees: the HTML without its tags, styles and drawn charts' markup."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_file_name_or_internal_id_in_the_readers_text(written, tables):
    page, pdf, _ = written
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    ids = [
        *tables["targets"]["target_id"],
        *tables["releases"]["release_id"],
        *tables["sources"]["source_id"],
        "doc-1",
        "every_country",
        "on_track",
        "off_track",
        "not_measurable",
        "internet_use_share",
    ]
    for shown in (reader_text(page), pdf_text):
        assert FILE_NAME.findall(shown) == []
        assert "PROVENANCE" not in shown and "reference/" not in shown
        assert [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown)] == []


def test_the_brief_of_the_published_fixture_has_no_file_name_or_id(renderer, fixture_dir):
    """The real registry's texts (caveats, where each target is written) go through the same words."""
    from dashboard.views import published

    published.use(fixture_dir)
    tables = render_brief.published_tables()
    items = brief.entries(tables)
    shown = reader_text(render_brief.to_html(items, tables, as_of=AS_OF, citation=""))
    assert FILE_NAME.findall(shown) == []
    targets = tables["targets"]["target_id"].tolist()
    leaked = [t for t in targets if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", shown)]
    assert leaked == []
    assert not re.search(r"\b(?:unsd|itu|itu-datahub)-20\d\d-\d\d\b", shown)
    assert "Key messages" in shown and "In 2022, individuals using the Internet: 66.3 % in the world" in shown


def test_progress_is_reported_per_chart(written):
    _, _, logs = written
    assert "[1/4] targets: T-VER" in logs
    assert any(line.startswith("wrote ") and "brief.pdf" in line for line in logs)


# --- the PDF brief -------------------------------------------------------------------------------------
def test_pdf_has_pages_and_extractable_text(written):
    _, pdf, _ = written
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4  # key messages, scoreboard, a page per framework …
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    text = " ".join(text.split())  # table cells wrap: compare words, not line breaks
    for expected in (
        "Progress towards the ICT targets",
        "Key messages",
        "Scoreboard",
        "UNVERIFIED",
        "On track",
        "60 per cent of people in Testland use the Internet",
        LICENCE,
        "2026-11-28",
        "Source: Test Publisher, Test Figures 2024",
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
    assert "No assessment: no data" in section(page, "Use the Internet: 75 % in Testland")
    unv = section(page, "Use the Internet: 90 % in")  # without a chart, the caveat is listed as text
    assert (
        '<ul class="caveats"><li>Target unverified in the framework\'s own text</li></ul>'
        in html.unescape(unv)
    )


def test_figure_is_not_touched_by_labelling(tables):
    spec = next(e.chart for e in brief.entries(tables) if e.target["target_id"] == "T-VER")
    before = go.Figure(spec.figure).to_dict()
    images.decorate(spec.figure, title=spec.title, source=spec.source, caveats=spec.caveats)
    assert spec.figure.to_dict() == before
