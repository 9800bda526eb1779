"""Every chart builder, registered by name: ``@chart("explorer-chart")`` on a function
``builder(query) -> ChartSpec`` that rebuilds a view from its query (values as Dash passes them).

Why a registry: the app's download buttons, ``ict4d export`` and the tests rebuild exactly the view on
screen from its name and query, with the same function that drew it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping

import pandas as pd

from dashboard.views import published
from dashboard.views.spec import ChartSpec

ChartBuilder = Callable[[Mapping[str, object]], ChartSpec]
CHARTS: dict[str, ChartBuilder] = {}


def chart(name: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Register a chart builder under `name`; the registered (and returned) function is memoised per
    published folder and query (a view: the last few hundred are kept). Charts are shared: never mutate
    one (exports draw on a copy)."""

    def register(fn: ChartBuilder) -> ChartBuilder:
        @functools.wraps(fn)
        def build(query: Mapping[str, object]) -> ChartSpec:
            key = json.dumps(dict(query), sort_keys=True, default=str)
            return published.memo(("chart", name, key), lambda: fn(json.loads(key)), view=True)

        CHARTS[name] = build
        return build

    return register


TableBuilder = Callable[[Mapping[str, object]], pd.DataFrame]
TABLES: dict[str, TableBuilder] = {}


def table(page: str) -> Callable[[TableBuilder], TableBuilder]:
    """Register the table a page downloads as CSV/XLSX (``builder(query) -> DataFrame``), by page name:
    the page's buttons and ``ict4d export "/<page>?..." --out x.csv`` write exactly these rows."""

    def register(fn: TableBuilder) -> TableBuilder:
        TABLES[page] = fn
        return fn

    return register
