"""dashboard.views.figures.claims: one claim against each release of the data."""

from __future__ import annotations

import pandas as pd

from dashboard.views.figures import claims as figures
from etl.core import vocabulary


def test_verdict_figure_bars_per_release_with_claim_line_and_interval():

    checks = pd.DataFrame(
        {
            "release": ["itu-2024-11", "unsd-2023-04", None],
            "release_date": ["2024-11-01", "2023-04-01", None],
            "is_of_its_time": [False, True, False],
            "data_value": [63.7, 66.3, None],
            "year_used": [2022, 2022, None],
            "release_verdict": [vocabulary.DIFFERS, vocabulary.MATCHES, None],
            "interval_low": [65.5, 65.5, None],
            "interval_high": [66.5, 66.5, None],
        }
    )
    fig = figures.verdict_figure(checks, unit="percent", claim_value=66.0)
    assert list(fig.data[0].x) == ["unsd-2023-04 (of its time)", "itu-2024-11"]  # by release date
    assert list(fig.data[0].y) == [66.3, 63.7]
    assert fig.data[0].marker.color == ("#009E73", "#E69F00")
    shapes = {s.type: s for s in fig.layout.shapes}
    assert (shapes["rect"].y0, shapes["rect"].y1) == (65.5, 66.5) and shapes["line"].y0 == 66.0
    empty = figures.verdict_figure(checks.iloc[2:], unit="percent")
    assert "No release of the data" in empty.layout.annotations[0].text
