"""dashboard.report: the progress brief holds every target, its status, chart and caveats, the claims check
and the sources, as self-contained HTML and as a PDF whose text can be extracted.

The tables are small synthetic ones built here ("Testland"), shaped like the published tables.
"""

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

from dashboard import exports, report

AS_OF = date(2026, 11, 28)
LICENCE = "Test licence 1.0"


def obs_rows(entity: str, indicator: str, sex: str, values: dict[int, float], release: str = "rel-2024-11"):
    return [
        {
            "indicator_id": indicator,
            "entity_id": entity,
            "year": y,
            "value": v,
            "unit": "percent",
            "sex": sex,
            "area": "total",
            "age_group": "total",
            "release": release,
            "source_id": "src-a",
            "series_code": "S1",
            "is_estimate": False,
            "is_computed": False,
            "note": None,
        }
        for y, v in values.items()
    ]


def target_row(
    target_id,
    wording,
    *,
    indicator="internet_use_share",
    scope="testland",
    comparator=">=",
    threshold=75.0,
    status="verified",
    measurable=True,
    framework="Framework A",
):
    return {
        "target_id": target_id,
        "framework": framework,
        "wording": wording,
        "indicator_id": indicator if measurable else None,
        "scope": scope,
        "sex": "total",
        "area": "total",
        "comparator": comparator,
        "threshold_value": threshold,
        "deadline_year": 2030,
        "baseline_year": None,
        "is_higher_better": True,
        "verification_status": status,
        "source_url": None,
        "source_reference": "test registry",
        "is_measurable": measurable,
        "note": None,
    }


def progress_row(
    target_id,
    entity,
    status,
    *,
    release="rel-2024-11",
    latest=True,
    unit="percent",
    latest_value=60.0,
    projected=80.0,
    target_value=75.0,
):
    return {
        "target_id": target_id,
        "framework": "Framework A",
        "indicator_id": "internet_use_share",
        "entity_id": entity,
        "sex": "total",
        "area": "total",
        "unit": unit,
        "release": release,
        "source_id": "src-a",
        "series_code": "S1",
        "is_latest_release": latest,
        "verification_status": "x",
        "comparator": ">=",
        "target_value": target_value,
        "deadline_year": 2030,
        "as_of_year": 2026,
        "base_year": 2019,
        "base_value": 40.0,
        "latest_year": 2023,
        "latest_value": latest_value,
        "projected_value": projected,
        "status": status,
        "method": "unsd_extrapolation",
    }


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    targets = pd.DataFrame(
        [
            target_row("T-VER", "use the Internet: 75 % in Testland"),
            target_row(
                "T-UNV",
                "use the Internet: 90 % in Testland",
                threshold=90.0,
                status="unverified",
                framework="Framework B",
            ),
            target_row("T-PAR", "gender parity in Internet use", comparator="parity", threshold=1.0),
            target_row("T-ALL", "every country above 50 %", scope="every_country", threshold=50.0),
            target_row("T-NONE", "connect every village", measurable=False, threshold=None),
        ]
    )
    obs = pd.DataFrame(
        obs_rows("testland", "internet_use_share", "total", {2019: 40.0, 2021: 50.0, 2023: 60.0})
        + obs_rows("testland", "internet_use_share", "female", {2021: 45.0, 2023: 54.0})
        + obs_rows("testland", "internet_use_share", "male", {2021: 50.0, 2023: 60.0})
        + obs_rows("testland", "internet_use_share", "total", {2019: 42.0, 2022: 55.0}, release="rel-2023-04")
    )
    progress = pd.DataFrame(
        [
            progress_row("T-VER", "testland", "on track"),
            progress_row("T-VER", "testland", "acceleration needed", release="rel-2023-04", latest=False),
            progress_row("T-UNV", "testland", "acceleration needed", target_value=90.0),
            progress_row(
                "T-PAR",
                "testland",
                "limited progress",
                unit="ratio",
                latest_value=0.9,
                projected=0.95,
                target_value=1.0,
            ),
            progress_row("T-ALL", "AAA", "target achieved"),
            progress_row("T-ALL", "BBB", "target achieved"),
            progress_row("T-ALL", "CCC", "deterioration"),
        progress_row("T-ALL", "world", "on track"),  # a group: not one of the countries
        progress_row("T-ALL", "CCC", "on track", release="rel-2023-04", latest=False),
        ]
    )
    return {
        "targets": targets,
        "observations": obs,
        "progress": progress,
        "entities": pd.DataFrame({"entity_id": ["testland"], "name": ["Testland"]}),
        "sources": pd.DataFrame(
            {
                "source_id": ["src-a"],
                "publisher": ["Test Publisher"],
                "release": ["rel-2024-11"],
                "licence": [LICENCE],
                "attribution": ["Test Publisher, test database"],
                "upstream_url": ["https://example.org/data"],
            }
        ),
        "claim_checks": pd.DataFrame(
            {
                "document": ["doc-1", "doc-1", "doc-1"],
                "paragraph": ["12", "12", "PP3"],
                "start": [100, 100, 400],
                "quote": ["60 per cent of people in Testland use the Internet"] * 2
                + ["almost half of the world"],
                "claim_value": [60.0, 60.0, 50.0],
                "claim_unit": ["percent"] * 3,
                "qualifier": [None, None, "almost"],
                "year_used": [2023, 2023, None],
                "release": ["rel-2023-04", "rel-2024-11", None],
                "data_value": [60.2, 58.0, None],
                "release_verdict": ["matches the data of its time", "differs", None],
                "claim_verdict": ["revised since", "revised since", "no matching series"],
                "note": [None, None, "several scopes"],
            }
        ),
    }


@pytest.fixture(scope="module")
def renderer():
    with exports.Renderer() as r:
        yield r


@pytest.fixture(scope="module")
def written(tables, renderer, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    logs: list[str] = []
    html_path = report.write(
        folder / "brief.html",
        tables,
        citation="Cite ict4d like this.",
        renderer=renderer,
        as_of=AS_OF,
        log=logs.append,
    )
    pdf_path = report.write(
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


# --- choosing what to show -----------------------------------------------------------------------------
def test_every_target_is_listed_under_its_framework(tables):
    items = report.entries(tables)
    assert [e.target["target_id"] for e in items] == tables["targets"]["target_id"].tolist()
    charted = {e.target["target_id"] for e in items if e.chart is not None}
    assert charted == {"T-VER", "T-UNV", "T-PAR", "T-ALL"}  # not the unmeasurable one


def test_chart_uses_the_newest_release_and_the_target_caveats(tables):
    spec = next(e.chart for e in report.entries(tables) if e.target["target_id"] == "T-VER")
    assert set(spec.data["release"]) == {"rel-2024-11"}
    assert spec.data["value"].tolist() == [40.0, 50.0, 60.0]
    assert "Releases differ on the status (rel-2024-11: on track; rel-2023-04: acceleration needed)" in (
        spec.caveats
    )
    assert spec.source == f"Source: Test Publisher, release rel-2024-11 · {LICENCE} · ict4d"
    unverified = next(e.chart for e in report.entries(tables) if e.target["target_id"] == "T-UNV")
    assert exports.target_caveat("unverified") in unverified.caveats


def test_parity_chart_plots_the_female_to_male_score(tables):
    spec = next(e.chart for e in report.entries(tables) if e.target["target_id"] == "T-PAR")
    assert spec.data.sort_values("year")["value"].round(3).tolist() == [0.9, 0.9]  # 45/50, 54/60


def test_every_country_target_charts_countries_by_status(tables):
    spec = next(e.chart for e in report.entries(tables) if e.target["target_id"] == "T-ALL")
    bar = spec.figure.data[0]
    assert dict(zip(bar.y, bar.x, strict=True)) == {"target achieved": 2, "deterioration": 1}
    assert sorted(spec.data["entity_id"]) == ["AAA", "BBB", "CCC"]
    assert spec.subtitle.startswith("3 countries by status")
    assert not any(c.startswith("Releases differ") for c in spec.caveats)  # countries differ, not releases


def test_projection_runs_from_latest_value_to_the_deadline():
    proj = report.projection_for(
        {"latest_year": 2023, "latest_value": 60.0, "projected_value": 80.0, "deadline_year": 2030}
    )
    assert proj.to_dict("list") == {"year": [2023, 2030], "value": [60.0, 80.0]}
    assert (
        report.projection_for(
            {
                "latest_year": 2023,
                "latest_value": 60.0,
                "projected_value": float("nan"),
                "deadline_year": 2030,
            }
        )
        is None
    )


def test_progress_columns_read_here_exist_in_the_progress_table():
    progress = pytest.importorskip("etl.progress")
    used = set(progress_row("x", "y", "z"))
    assert used <= set(progress.PROGRESS_COLUMNS)


def test_inline_svg_gives_each_chart_its_own_ids():
    svg = (
        b'<svg><defs id="defs-ab12cd"><clipPath id="clipab12cdxyplot"/></defs>'
        b'<g clip-path="url(#clipab12cdxyplot)"/></svg>'
    )
    one, two = report.inline_svg(svg, 1), report.inline_svg(svg, 2)
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
    with pytest.raises(exports.ExportError, match=r"must end in \.html or \.pdf"):
        report.write(tmp_path / "brief.docx", tables)
    with pytest.raises(exports.ExportError, match="no targets table"):
        report.write(tmp_path / "brief.html", {"targets": pd.DataFrame()})
    assert not list(tmp_path.iterdir())


def test_a_target_without_data_still_appears(tables):
    empty_obs = dict(
        tables, observations=tables["observations"].iloc[0:0], progress=tables["progress"].iloc[0:0]
    )
    items = report.entries(empty_obs)
    assert len(items) == len(tables["targets"]) and all(e.chart is None for e in items)
    page = report.to_html(items, empty_obs, as_of=AS_OF, citation="")
    assert "No assessment: no data" in section(page, "T-VER")
    unv = section(page, "T-UNV")  # without a chart, the caveat is listed as text
    assert '<ul class="caveats"><li>Target unverified in the framework&#x27;s own text</li></ul>' in unv


def test_figure_is_not_touched_by_labelling(tables):
    spec = next(e.chart for e in report.entries(tables) if e.target["target_id"] == "T-VER")
    before = go.Figure(spec.figure).to_dict()
    exports.decorate(spec.figure, title=spec.title, source=spec.source, caveats=spec.caveats)
    assert spec.figure.to_dict() == before
