"""dashboard.views.figures.targets: a target's series, projection and marker."""

from __future__ import annotations

import pandas as pd

from dashboard.views.figures import targets
from tests.dashboard.views.figures.test_explorer import target


def test_target_chart_has_history_projection_and_marker():
    hist = pd.DataFrame({"year": [2015, 2022], "value": [40.0, 66.3]})
    proj = pd.DataFrame({"year": [2022, 2025], "value": [66.3, 82.3]})
    fig = targets.target_chart(hist, target(), unit="percent", name="World", projection=proj)
    names = [t.name for t in fig.data]
    assert names == ["World", "Projection at current pace", "Target T1"]
    assert fig.data[1].line.dash == "dash" and list(fig.data[1].x) == [2022, 2025]
