"""Server-side speed of the Gender, Claims, Country and Data & sources pages on the committed published data.

What a user waits for: the page layout (first page drawn, server side) and each control's callback.
Figures are the median and 95th percentile over calls that each ask for a different view (another country,
set of groups, year or document, so no cache answers), after one cold call that also fills the per-process
memo (reported as ``*_first_ms``). Aim: callbacks below 50 ms p95, first
page below 2 s. Run: `python benchmarks/bench_pages.py [--quick]`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _times_ms(fn: Callable[[int], object], n: int) -> tuple[float, list[float]]:
    """Time fn(0) (cold: fills the per-process memo) and then fn(1..n), each call a different view, so
    the app's chart cache (per query) never answers for the code."""
    t0 = time.perf_counter()
    fn(0)
    first = (time.perf_counter() - t0) * 1000
    out = []
    for i in range(1, n + 1):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return first, out


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def run(quick: bool = False) -> dict[str, float | str]:
    """Median and p95 milliseconds of each page layout and callback, plus the first (cold) call."""
    from dashboard.views import published
    from dashboard.views.pages import claims as claims_view
    from dashboard.views.pages import country as country_view
    from dashboard.views.pages import gender as gender_view
    from dashboard.web.app import create_app

    create_app()  # the committed data/published, as `ict4d serve` uses it
    from dashboard.web.pages import claims, country, data_sources, gender

    if published.observations().empty:
        return {"pages": "not available: data/published has no observations"}
    ids = country_view.countries()
    groups = gender_view.entity_options("internet_use_share")
    years = sorted(gender_view.by_sex("internet_use_share")["year"].unique().tolist())
    docs = [None, *claims_view.documents()]

    def pick(seq: list, i: int, k: int = 1) -> list:
        return [seq[(i * 7 + j) % len(seq)] for j in range(k)]

    cases: dict[str, Callable[[int], object]] = {
        "gender_layout": lambda i: gender.layout(entities=",".join(pick(groups, i, 3))),
        "gender_callback": lambda i: gender.update("internet_use_share", pick(groups, i + 500, 4), None,
                                                   int(pick(years, i)[0])),
        "country_layout": lambda i: country.layout(iso3=pick(ids, i)[0]),
        "country_callback": lambda i: country.indicator_changed("internet_use_share", pick(ids, i + 500)[0],
                                                                "/country"),
        "claims_layout": lambda i: claims.layout(document=pick(docs, i)[0]),
        "claims_callback": lambda i: claims.update(pick(docs, i)[0], None),
        "data_layout": lambda i: data_sources.layout(),
    }
    n = 5 if quick else 30
    out: dict[str, float | str] = {}
    for name, fn in cases.items():
        first, times = _times_ms(fn, n)
        out[f"{name}_first_ms"] = round(first, 1)
        out[f"{name}_median_ms"] = round(statistics.median(times), 1)
        out[f"{name}_p95_ms"] = round(_p95(times), 1)
    return out


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key:32} {value}")
