"""From a view address to the chart it shows: ``"/explorer?indicator=...&entities=..."`` -> the builder
the page registered and its query, with no Dash app (``ict4d export`` draws a view this way).

Why here: the address of every page is declared by its view (``PATH``), so the web app registers its
pages at those addresses and the exports find the same builders behind them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from dashboard.views import builders, published, scoreboard
from dashboard.views.pages import claims, country, data_sources, explorer, gender, overview, targets
from dashboard.views.spec import ChartSpec, ExportError

NOT_FOUND = "/404"  # the page that answers an unknown address (it shows no chart)
VIEWS = (overview, targets, explorer, gender, claims, country, data_sources)
TABLE_VIEWS = (scoreboard,)  # modules that register a page's downloadable table (`builders.table`)


def pages() -> list[dict[str, Any]]:
    """Every page's address (and address template) with the name of its view, as Dash's page registry
    lists them."""
    entries = [
        {"path": v.PATH, "path_template": getattr(v, "PATH_TEMPLATE", None), "module": v.__name__}
        for v in VIEWS
    ]
    return [*entries, {"path": NOT_FOUND, "path_template": None, "module": "not_found_404"}]


def parse_view(view: str) -> tuple[str, dict[str, str | list[str]]]:
    """A view URL (or just its path and query) as (path, query), with query values as Dash passes them."""
    parts = urlsplit(view.strip())
    path = "/" + parts.path.strip("/")
    query = parse_qs(parts.query, keep_blank_values=True)
    return path, {k: v[0] if len(v) == 1 else v for k, v in query.items()}


def find_page(path: str, registry: Iterable[Mapping[str, Any]]) -> tuple[str, dict[str, str]]:
    """The page serving `path` (the last part of its module name), and the variables of its path template
    (e.g. iso3)."""
    registry = list(registry)
    for entry in registry:
        if entry.get("path") == path:
            return str(entry["module"]).rsplit(".", 1)[-1], {}
    for entry in registry:
        template = entry.get("path_template")
        if template:
            pattern = "^" + re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", template.rstrip("/")) + "$"
            m = re.match(pattern, path)
            if m:
                return str(entry["module"]).rsplit(".", 1)[-1], m.groupdict()
    known = ", ".join(sorted(str(e.get("path")) for e in registry))
    raise ExportError(f"no dashboard page at {path!r}; pages: {known}")


def page_charts(page: str, names: Iterable[str]) -> list[str]:
    """The chart builders a page registered (named "<page>" or "<page>-<chart>"), in registration order."""
    return [n for n in names if n == page or n.startswith(f"{page}-")]


def build_view(
    view: str,
    *,
    chart: str | None = None,
    params: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
) -> tuple[str, ChartSpec]:
    """Rebuild a view's chart with the page's own builder: returns (builder name, chart)."""
    published.use(data_dir)
    path, query = parse_view(view)
    page, path_vars = find_page(path, pages())
    query = {**query, **path_vars, **(params or {})}
    names = page_charts(page, builders.CHARTS)
    if not names:
        raise ExportError(f"page {path!r} has no exportable chart")
    if chart is None:
        name = names[0]
    else:
        matches = [n for n in names if chart in (n, n.removeprefix(f"{page}-"))]
        if not matches:
            raise ExportError(f"page {path!r} has no chart {chart!r}; charts: {', '.join(names)}")
        name = matches[0]
    return name, builders.CHARTS[name](query)


def build_table(
    view: str, *, params: Mapping[str, str] | None = None, data_dir: Path | None = None
) -> tuple[str, pd.DataFrame] | None:
    """The table a view downloads (the Targets scoreboard of its filters), with the page's own builder:
    (page name, rows); None when the page registered no table."""
    published.use(data_dir)
    path, query = parse_view(view)
    page, path_vars = find_page(path, pages())
    builder = builders.TABLES.get(page)
    if builder is None:
        return None
    return page, builder({**query, **path_vars, **(params or {})})
