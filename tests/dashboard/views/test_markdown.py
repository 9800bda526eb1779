"""dashboard.views.markdown: the texts' inline markdown rendered as runs, a raw span marked exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.views.markdown import Run, plain, runs

PARA = "26. *Welcomes* the fact that in 2022, 95 per cent were covered, see resolution [70/125](#);"


def test_emphasis_and_links_are_rendered_and_the_markers_dropped():
    expected = "26. Welcomes the fact that in 2022, 95 per cent were covered, see resolution 70/125;"
    assert plain(PARA) == expected
    assert Run("Welcomes", em=True) in runs(PARA)
    assert plain("**Decides** to") == "Decides to" and Run("Decides", strong=True) in runs("**Decides** to")


def test_the_mark_covers_exactly_the_raw_span():
    start = PARA.index("95 per cent")
    marked = [r.text for r in runs(PARA, start, start + len("95 per cent")) if r.mark]
    assert marked == ["95 per cent"]
    start = PARA.index("*Welcomes*")  # a span across an emphasis keeps the emphasis inside the mark
    assert [r for r in runs(PARA, start, start + 14) if r.mark] == [
        Run("Welcomes", em=True, mark=True),
        Run(" the", mark=True),
    ]


def test_lone_stars_and_escapes_stay_text():
    assert plain("2 * 3 = 6 and a_b_c") == "2 * 3 = 6 and a_b_c"
    assert plain(r"\*not emphasis\*") == "*not emphasis*"


@settings(deadline=None)  # a pure function: time on a shared machine says nothing about it
@given(st.text(alphabet="ab *_[]()\\#.", max_size=40))
def test_any_text_renders_without_error_and_never_grows(text):
    out = plain(text)
    assert len(out) <= len(text)
