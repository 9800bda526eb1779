"""dashboard.views.figures.gender: the parity score against the band, women beside men."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import frames
from dashboard.views.figures import gender as figures
from dashboard.views.pages import gender
from tests.dashboard.views.test_frames import obs_rows


def _parity_example() -> pd.DataFrame:
    return frames.parity_frame(
        obs_rows(
            [
                {"entity_id": e, "year": y, "sex": s, "value": v}
                for e, y, s, v in [
                    ("world", 2020, "female", 55.0),
                    ("world", 2020, "male", 62.0),
                    ("world", 2022, "female", 63.0),
                    ("world", 2022, "male", 69.0),
                    ("ldc", 2022, "female", 30.0),
                    ("ldc", 2022, "male", 43.0),
                ]
            ]
        )
    )


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (0.98, "parity"),
        (1.02, "parity"),
        (1.0, "parity"),
        (0.979, "men ahead"),
        (1.021, "women ahead"),
        (float("nan"), "no score"),
    ],
)
def test_parity_status_band_edges(score, words):
    assert figures.parity_status(score) == words


def test_parity_figure_draws_band_and_one_line_per_entity():
    fig = figures.parity_figure(_parity_example(), {"world": "World", "ldc": "LDCs"})
    assert [t.name for t in fig.data] == ["LDCs", "World"]
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 1 and (rects[0].y0, rects[0].y1) == (0.98, 1.02)
    lo, hi = fig.layout.yaxis.range
    assert lo < 30 / 43 and hi > 1.02  # lowest score and the whole band visible


def test_parity_summary_names_latest_score_and_status():
    text = figures.parity_summary(_parity_example(), {"world": "World"})
    assert "World: 0.913 in 2022 (men ahead)" in text
    assert "ldc: 0.698 in 2022" in text  # no name -> the id


def test_sex_bars_put_women_and_men_side_by_side():
    rows = gender.latest_per_entity(_parity_example())
    fig = figures.sex_bars_figure(rows, {"world": "World", "ldc": "LDCs"}, unit="percent")
    women, men = fig.data
    assert (women.name, men.name) == ("Women", "Men")
    assert list(women.x) == [30.0, 63.0] and list(men.x) == [43.0, 69.0]
    assert list(women.y) == ["LDCs (2022)", "World (2022)"]
    assert fig.layout.barmode == "group" and fig.layout.xaxis.title.text == "%"


def test_sex_bars_summary_lists_widest_gap_first():
    text = figures.sex_bars_summary(
        gender.latest_per_entity(_parity_example()), {"ldc": "LDCs", "world": "World"}, unit="percent"
    )
    assert text.index("LDCs 2022: women 30.0 %, men 43.0 %") < text.index("World 2022: women 63.0 %")


def test_empty_inputs_give_explaining_figures():
    empty = frames.parity_frame(obs_rows([]).iloc[0:0])
    for fig in (figures.parity_figure(empty, {}), figures.sex_bars_figure(empty, {}, unit="percent")):
        assert fig.layout.annotations[0].text.startswith("No data")


def test_parity_lines_beyond_the_palette_differ_by_dash():
    rows = [
        {"entity_id": f"e{i:02d}", "year": 2020, "sex": s, "value": v}
        for i in range(10)
        for s, v in (("female", 40.0 + i), ("male", 50.0))
    ]
    fig = figures.parity_figure(frames.parity_frame(obs_rows(rows)), {})
    styles = {(t.line.color, t.line.dash) for t in fig.data}
    assert len(styles) == 10  # no two lines look the same


def test_latest_per_entity_takes_asked_year_else_latest():
    par = _parity_example()
    assert list(gender.latest_per_entity(par, 2020)["entity_id"]) == ["world"]
    assert sorted(gender.latest_per_entity(par)["year"]) == [2022, 2022]
