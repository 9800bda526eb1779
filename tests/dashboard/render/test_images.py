"""dashboard.render.images: labelled chart files really are what they claim."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.render import images
from dashboard.views.spec import ChartSpec, ExportError
from tests.dashboard.render.files import (
    CAVEATS,
    SOURCE,
    labels,
    pdf_images,
    pdf_text,
    png_size,
    small_figure,
    svg_texts,
)


def test_decorate_returns_a_labelled_copy_and_leaves_the_app_figure_alone():
    fig = small_figure()
    before = fig.to_dict()
    out = images.decorate(fig, **labels())
    assert fig.to_dict() == before
    assert out is not fig
    assert "Chart title for test" in out.layout.title.text
    assert out.layout.title.subtitle.text == "A subtitle"
    notes = [a.text for a in out.layout.annotations]
    assert notes[0] == images._text(SOURCE)
    assert any("unverified" in n for n in notes)
    assert out.layout.width == 1600 and out.layout.height == 900


def test_more_caveats_make_room_below_the_plot():
    few = images.decorate(small_figure(), **labels(caveats=()))
    many = images.decorate(small_figure(), **labels(caveats=("one " * 80, "two", "three")))
    assert many.layout.margin.b > few.layout.margin.b
    assert len(many.layout.annotations) >= 1 + 2 + 2  # source, a wrapped long caveat, two short ones


def test_legend_sits_between_axis_and_notes_and_wraps_into_rows():
    fig = small_figure()
    for i in range(12):
        fig.add_trace(go.Scatter(x=[2019], y=[i], name=f"A rather long series name number {i}"))
    out = images.decorate(fig, **labels())
    assert out.layout.legend.orientation == "h" and out.layout.legend.y < 0
    rows = images.legend_rows(images.legend_names(out), 1600 - 130)
    assert rows >= 2
    first_note = out.layout.annotations[0].yshift
    assert -first_note >= 60 + rows * images.LEGEND_ROW_PX  # the source line starts below the legend
    lone = images.decorate(go.Figure(go.Scatter(x=[1], y=[1], name="only")), **labels())
    assert images.legend_names(lone) == [] and -lone.layout.annotations[0].yshift < 80


def test_long_bar_labels_get_room_and_notes_still_start_at_the_left_edge():
    bars = go.Figure(go.Bar(x=[3, 1], y=["a very long category label here", "short"], orientation="h"))
    out = images.decorate(bars, **labels())
    assert out.layout.margin.l > images.decorate(small_figure(), **labels()).layout.margin.l
    left = out.layout.margin.l
    assert all(a.xshift == -(left - images.NOTE_LEFT_PX) for a in out.layout.annotations)


def test_wrapped_source_line_keeps_its_colour():
    out = images.decorate(small_figure(), **labels(source="Source: " + "long words " * 60))
    colours = [a.font.color for a in out.layout.annotations]
    n_source = images.note_lines(
        "Source: " + "long words " * 60, CAVEATS, 1600 - 2 * images.NOTE_LEFT_PX - 20
    )[1]
    assert n_source >= 2 and len(set(colours[:n_source])) == 1 and colours[n_source] != colours[0]


def test_label_text_is_escaped_not_interpreted():
    out = images.decorate(small_figure(), **labels(title="a <b>bold</b> & claim"))
    assert out.layout.title.text == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"


# --- files ---------------------------------------------------------------------------------------------
def test_png_is_report_quality_with_the_size_asked_for(renderer):
    data = images.render(small_figure(), "png", **labels(), renderer=renderer)
    assert png_size(data) == (1600, 900)
    big = images.render(
        small_figure(), "png", **labels(), width=1800, height=1000, scale=2, renderer=renderer
    )
    assert png_size(big) == (3600, 2000)


def test_svg_is_vector_and_carries_title_subtitle_source_and_caveats(renderer):
    data = images.render(small_figure(), "svg", **labels(), renderer=renderer)
    texts = svg_texts(data)
    assert "Chart title for test" in texts
    assert "A subtitle" in texts
    assert SOURCE in texts
    assert "Note: Target unverified in the framework's own text" in texts
    assert b"<image" not in data  # no embedded raster


def test_pdf_is_one_vector_page_with_extractable_labels(renderer):
    data = images.render(small_figure(), "pdf", **labels(), renderer=renderer)
    pages, text = pdf_text(data)
    assert pages == 1 and pdf_images(data) == 0
    for expected in ("Chart title for test", "A subtitle", SOURCE, CAVEATS[0], CAVEATS[1]):
        assert expected in text


def test_maps_render_offline_from_the_apps_own_outlines(renderer):
    fig = go.Figure(go.Choropleth(locations=["KEN", "NGA", "BRA"], z=[1.0, 2.0, 3.0], locationmode="ISO-3"))
    data = images.render(fig, "svg", **labels(), renderer=renderer)
    assert data.count(b'class="choroplethlocation"') == 3  # three countries drawn: outlines were found


def test_render_spec_uses_the_specs_labels(renderer):
    spec = ChartSpec(small_figure(), title="Spec title", source=SOURCE, caveats=("", "Spec caveat"))
    assert spec.caveats == ["Spec caveat"]
    texts = svg_texts(images.render_spec(spec, "svg", renderer=renderer))
    assert "Spec title" in texts and "Note: Spec caveat" in texts


def test_render_many_keeps_order_and_each_charts_labels(renderer):
    specs = [ChartSpec(small_figure(), title=f"Batch chart {i}", source=SOURCE) for i in range(5)]
    svgs = images.render_many(specs, "svg", width=900, height=500, renderer=renderer)
    assert [f"Batch chart {i}" in svg_texts(s) for i, s in enumerate(svgs)] == [True] * 5
    assert all(b'width="900"' in s for s in svgs)


def test_unknown_format_is_a_clear_error(renderer):
    with pytest.raises(ExportError, match="unknown image format 'gif'"):
        images.render(small_figure(), "gif", **labels(), renderer=renderer)


# --- report legibility ---------------------------------------------------------------------------------
def svg_font_sizes(svg: bytes) -> list[tuple[str, float, str]]:
    """(class, font size in px, text) of every text drawn in an SVG export."""
    import re
    import xml.etree.ElementTree as ET

    out = []
    for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        m = re.search(r"font-size:\s*([\d.]+)px", el.get("style", ""))
        text = "".join(el.itertext()).strip()
        if m and text:
            out.append((el.get("class", ""), float(m.group(1)), text))
    return out


def test_exported_text_is_at_report_legibility_at_1600_px(renderer, fixture_dir):
    """Pasted 16 cm wide, a 1600 px export's title is >= 28 px and every other text >= 20 px."""
    from dashboard.views.registry import build_view

    for view in ("/explorer?indicator=internet_use_share&entities=world,ldc", "/targets?target=BBC-3-world"):
        _, spec = build_view(view, data_dir=fixture_dir)
        sizes = svg_font_sizes(images.render_spec(spec, "svg", renderer=renderer))
        assert [s for c, s, _ in sizes if c == "gtitle"] and all(
            s >= 28 for c, s, _ in sizes if c == "gtitle"
        )
        small = [(c, s, t) for c, s, t in sizes if s < 20]
        assert small == [], view
        assert any("Licence:" in t for _, _, t in sizes)  # the source line is drawn in


def test_the_source_line_is_in_plain_words(fixture_dir):
    from dashboard.views.registry import build_view

    _, spec = build_view("/targets?target=BBC-3-world", data_dir=fixture_dir)
    assert spec.source.startswith("Source: UN Statistics Division, SDG Global Database 2023 release")
    assert "Licence: CC BY 4.0" in spec.source and spec.source.endswith("Chart: ict4d")
    assert "Target as written in: Broadband Commission 2025 targets ·" in spec.source
    for bad in ("PROVENANCE", "not verified", "github", "repository", "unsd-2023-04", "release unsd", ".md"):
        assert bad not in spec.source


def test_no_note_for_a_target_that_is_not_drawn(monkeypatch):
    import pandas as pd

    from dashboard.views import published
    from dashboard.views.pages import explorer

    drawn, undrawn = published.targets().iloc[[0, 0]].to_dict("records")
    drawn.update(target_id="T-DRAWN", threshold_value=50.0, verification_status="unverified")
    undrawn.update(target_id="T-NONUMBER", threshold_value=float("nan"), verification_status="unverified")
    monkeypatch.setattr(explorer, "relevant_targets", lambda state: pd.DataFrame([drawn, undrawn]))
    spec = explorer.build_chart.__wrapped__({"indicator": "internet_use_share", "entities": "world"})
    notes = " ".join(spec.caveats)
    assert "T-DRAWN" in notes and "T-NONUMBER" not in notes
