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
