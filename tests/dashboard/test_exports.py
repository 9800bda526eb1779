"""dashboard.exports: labelled chart files really are what they claim, and CSV downloads are safe."""

from __future__ import annotations

import base64
import io
import os
import signal
import struct
import unicodedata
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from dashboard import exports as ex

SVG_NS = "{http://www.w3.org/2000/svg}"
SOURCE = ex.source_line([ex.SourceRef("ITU", "itu-2024-11", "CC BY-NC-SA 3.0 IGO", "Key ICT indicators")])
CAVEATS = ("Target unverified in the framework's own text", "Releases differ: itu-2024-11, unsd-2023-04")


def small_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[10.0, 20.0, 15.0], name="Testland"))
    fig.update_layout(xaxis_title="Year", yaxis_title="percent")
    return fig


def labels(**overrides):
    base = {"title": "Chart title for test", "subtitle": "A subtitle", "source": SOURCE, "caveats": CAVEATS}
    return base | overrides


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text)  # undo ligatures such as "ﬁ"


@pytest.fixture(scope="module")
def renderer():
    with ex.Renderer() as r:
        yield r


# --- labels --------------------------------------------------------------------------------------------
def test_source_line_cites_each_source_once_with_release_and_licence():
    itu = ex.SourceRef("ITU", "itu-2024-11", "CC BY-NC-SA 3.0 IGO", "Key ICT indicators")
    sdg = ex.SourceRef("UNSD", "unsd-2023-04", "CC-BY-4.0")
    expected = "Source: ITU, Key ICT indicators, release itu-2024-11 · CC BY-NC-SA 3.0 IGO · ict4d"
    assert ex.source_line([itu]) == expected
    line = ex.source_line([itu, sdg, itu])
    assert line.count("itu-2024-11") == 1
    assert "; UNSD, release unsd-2023-04 ·" in line
    assert line.endswith("CC BY-NC-SA 3.0 IGO; CC-BY-4.0 · ict4d")


def test_source_refs_look_up_publisher_and_licence_of_each_source_and_release():
    sources = pd.DataFrame(
        {
            "source_id": ["agg", "hub"],
            "publisher": ["Pub A", "Pub B"],
            "licence": ["Lic A", "Lic B"],
        }
    )
    rows = pd.DataFrame(
        {
            "source_id": ["hub", "agg", "agg", "ict4d-computed"],
            "release": ["r-2025", "r-2024", "r-2024", "r-2024"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    refs = ex.source_refs(rows, sources)
    assert refs == [
        ex.SourceRef("Pub A", "r-2024", "Lic A"),
        ex.SourceRef("ict4d-computed", "r-2024"),
        ex.SourceRef("Pub B", "r-2025", "Lic B"),
    ]
    assert ex.source_line(refs).endswith("· Lic A; Lic B · ict4d")
    assert ex.source_refs(rows.iloc[0:0], sources) == []


def test_caveats_only_when_due():
    assert ex.releases_caveat(["itu-2024-11", "itu-2024-11"]) is None
    assert "itu-2024-11, unsd-2023-04" in ex.releases_caveat(["unsd-2023-04", "itu-2024-11"])
    assert ex.target_caveat("verified") is None
    assert "unverified" in ex.target_caveat("unverified")
    assert "secondary" in ex.target_caveat("secondary")


def test_decorate_returns_a_labelled_copy_and_leaves_the_app_figure_alone():
    fig = small_figure()
    before = fig.to_dict()
    out = ex.decorate(fig, **labels())
    assert fig.to_dict() == before
    assert out is not fig
    assert "Chart title for test" in out.layout.title.text
    assert out.layout.title.subtitle.text == "A subtitle"
    notes = [a.text for a in out.layout.annotations]
    assert notes[0] == ex._text(SOURCE)
    assert any("unverified" in n for n in notes)
    assert out.layout.width == 1600 and out.layout.height == 900


def test_more_caveats_make_room_below_the_plot():
    few = ex.decorate(small_figure(), **labels(caveats=()))
    many = ex.decorate(small_figure(), **labels(caveats=("one " * 80, "two", "three")))
    assert many.layout.margin.b > few.layout.margin.b
    assert len(many.layout.annotations) >= 1 + 2 + 2  # source, a wrapped long caveat, two short ones


def test_legend_sits_between_axis_and_notes_and_wraps_into_rows():
    fig = small_figure()
    for i in range(12):
        fig.add_trace(go.Scatter(x=[2019], y=[i], name=f"A rather long series name number {i}"))
    out = ex.decorate(fig, **labels())
    assert out.layout.legend.orientation == "h" and out.layout.legend.y < 0
    rows = ex.legend_rows(ex.legend_names(out), 1600 - 130)
    assert rows >= 2
    first_note = out.layout.annotations[0].yshift
    assert -first_note >= 75 + rows * ex.LEGEND_ROW_PX  # the source line starts below the legend
    lone = ex.decorate(go.Figure(go.Scatter(x=[1], y=[1], name="only")), **labels())
    assert ex.legend_names(lone) == [] and -lone.layout.annotations[0].yshift < 80


def test_long_bar_labels_get_room_and_notes_still_start_at_the_left_edge():
    bars = go.Figure(go.Bar(x=[3, 1], y=["a very long category label here", "short"], orientation="h"))
    out = ex.decorate(bars, **labels())
    assert out.layout.margin.l > ex.decorate(small_figure(), **labels()).layout.margin.l
    left = out.layout.margin.l
    assert all(a.xshift == -(left - ex.NOTE_LEFT_PX) for a in out.layout.annotations)


def test_wrapped_source_line_keeps_its_colour():
    out = ex.decorate(small_figure(), **labels(source="Source: " + "long words " * 60))
    colours = [a.font.color for a in out.layout.annotations]
    n_source = ex.note_lines("Source: " + "long words " * 60, CAVEATS, 1600)[1]
    assert n_source >= 2 and len(set(colours[:n_source])) == 1 and colours[n_source] != colours[0]


def test_label_text_is_escaped_not_interpreted():
    out = ex.decorate(small_figure(), **labels(title="a <b>bold</b> & claim"))
    assert out.layout.title.text == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"


# --- files ---------------------------------------------------------------------------------------------
def test_png_is_report_quality_with_the_size_asked_for(renderer):
    data = ex.render(small_figure(), "png", **labels(), renderer=renderer)
    assert png_size(data) == (1600, 900)
    big = ex.render(small_figure(), "png", **labels(), width=1800, height=1000, scale=2, renderer=renderer)
    assert png_size(big) == (3600, 2000)


def test_svg_is_vector_and_carries_title_subtitle_source_and_caveats(renderer):
    data = ex.render(small_figure(), "svg", **labels(), renderer=renderer)
    texts = svg_texts(data)
    assert "Chart title for test" in texts
    assert "A subtitle" in texts
    assert SOURCE in texts
    assert "Note: Target unverified in the framework's own text" in texts
    assert b"<image" not in data  # no embedded raster


def pdf_images(data: bytes) -> int:
    """Raster images on the PDF's pages (a vector chart has none)."""
    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


def test_pdf_is_one_vector_page_with_extractable_labels(renderer):
    data = ex.render(small_figure(), "pdf", **labels(), renderer=renderer)
    pages, text = pdf_text(data)
    assert pages == 1 and pdf_images(data) == 0
    for expected in ("Chart title for test", "A subtitle", SOURCE, CAVEATS[0], CAVEATS[1]):
        assert expected in text


def test_one_browser_serves_many_charts(renderer):
    pid = renderer.browser_pid
    assert pid is not None
    for fmt in ("png", "svg", "png"):
        ex.render(small_figure(), fmt, **labels(), renderer=renderer)
    assert renderer.browser_pid == pid


def test_maps_render_offline_from_the_apps_own_outlines(renderer):
    fig = go.Figure(go.Choropleth(locations=["KEN", "NGA", "BRA"], z=[1.0, 2.0, 3.0], locationmode="ISO-3"))
    data = ex.render(fig, "svg", **labels(), renderer=renderer)
    assert data.count(b'class="choroplethlocation"') == 3  # three countries drawn: outlines were found


def test_a_dead_browser_is_replaced_on_the_next_chart():
    with ex.Renderer() as r:
        first = r.browser_pid
        os.kill(first, signal.SIGKILL)
        r._kaleido.subprocess.wait(timeout=10)  # reaped: the renderer sees it gone
        data = ex.render(small_figure(), "png", **labels(), renderer=r)
        assert png_size(data) == (1600, 900)
        assert r.browser_pid not in (None, first)


def test_render_spec_uses_the_specs_labels(renderer):
    spec = ex.ChartSpec(small_figure(), title="Spec title", source=SOURCE, caveats=("", "Spec caveat"))
    assert spec.caveats == ["Spec caveat"]
    texts = svg_texts(ex.render_spec(spec, "svg", renderer=renderer))
    assert "Spec title" in texts and "Note: Spec caveat" in texts


def test_render_many_keeps_order_and_each_charts_labels(renderer):
    specs = [ex.ChartSpec(small_figure(), title=f"Batch chart {i}", source=SOURCE) for i in range(5)]
    svgs = ex.render_many(specs, "svg", width=900, height=500, renderer=renderer)
    assert [f"Batch chart {i}" in svg_texts(s) for i, s in enumerate(svgs)] == [True] * 5
    assert all(b'width="900"' in s for s in svgs)


def test_html_to_pdf_keeps_text(renderer):
    pages, text = pdf_text(renderer.html_to_pdf("<html><body><h1>Brief</h1><p>Kenya 42</p></body></html>"))
    assert pages == 1 and "Brief" in text and "Kenya 42" in text


def test_unknown_format_is_a_clear_error(renderer):
    with pytest.raises(ex.ExportError, match="unknown image format 'gif'"):
        ex.render(small_figure(), "gif", **labels(), renderer=renderer)


def test_missing_browser_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nochrome"))
    with pytest.raises(ex.ExportError, match=r"no Chromium at .*nochrome .*BROWSER_PATH"):
        ex.find_browser()
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ex.ExportError, match="no Chromium found"):
        ex.Renderer()


# --- CSV -----------------------------------------------------------------------------------------------
def provenance_frame(**extra) -> pd.DataFrame:
    base = {
        "indicator_id": ["internet_use_share"] * 2,
        "entity_id": ["KEN", "world"],
        "year": [2022, 2022],
        "value": [-1.5, 66.25],
        "unit": ["percent", "percent"],
        "release": ["itu-2024-11", "itu-2024-11"],
        "source_id": ["itu_key_ict", "itu_key_ict"],
        "licence": ["CC BY-NC-SA 3.0 IGO"] * 2,
    }
    return pd.DataFrame(base | extra)


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    df = provenance_frame(note=['=HYPERLINK("http://x")', "-2 per cent"], label=["+1", "@SUM(A1)"])
    df["tabbed"] = ["\tcmd", "\rcmd"]
    df["plain"] = ["Kenya", None]
    text = ex.to_csv(df)
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["note"].tolist() == ['\'=HYPERLINK("http://x")', "'-2 per cent"]
    assert back["label"].tolist() == ["'+1", "'@SUM(A1)"]
    assert back["tabbed"].tolist() == ["'\tcmd", "'\rcmd"]
    assert back["plain"].tolist() == ["Kenya", ""]
    assert back["value"].tolist() == [-1.5, 66.25]  # a negative number stays a number
    assert back["year"].tolist() == [2022, 2022]
    assert list(back.columns) == list(df.columns)


def test_csv_neutralises_mixed_object_columns_cell_by_cell():
    df = pd.DataFrame({"mixed": pd.Series([-3, "=1+1", 2.5], dtype=object)})
    assert ex.to_csv(df) == "mixed\r\n-3\r\n'=1+1\r\n2.5\r\n"


@given(st.text())
def test_neutralise_never_leaves_a_formula_and_loses_nothing(s):
    out = ex.neutralise(s)
    assert not out.startswith(ex.FORMULA_PREFIXES)
    assert out == s or out == "'" + s


def test_download_payloads_decode_to_the_files(renderer, monkeypatch):
    monkeypatch.setattr(ex, "shared_renderer", lambda: renderer)
    spec = ex.ChartSpec(
        small_figure(), title="t", source=SOURCE, data=provenance_frame(), filename="kenya-internet"
    )
    png = ex.image_download(spec, "png")
    assert png["filename"] == "kenya-internet.png" and png["type"] == "image/png"
    assert png_size(base64.b64decode(png["content"]))[0] >= 1600
    csv = ex.csv_download(spec)
    assert csv["filename"] == "kenya-internet.csv"
    assert csv["content"] == ex.to_csv(spec.data)


def test_csv_download_refuses_data_without_provenance():
    data = provenance_frame().drop(columns=["licence", "release"])
    spec = ex.ChartSpec(small_figure(), title="t", data=data)
    with pytest.raises(ex.ExportError, match="release, licence"):
        ex.csv_download(spec)
    nothing = ex.ChartSpec(small_figure(), title="t", data=pd.DataFrame(), filename="empty")
    assert ex.csv_download(nothing)["content"] == ",".join(ex.PROVENANCE_COLUMNS) + "\r\n"
