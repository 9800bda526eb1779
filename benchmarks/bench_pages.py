"""Server-side speed of the Gender, Claims, Country and Data & sources pages on the committed published data.

What a user waits for: the page layout (first page drawn, server side) and each control's callback.
Figures are the median and 95th percentile over repeated calls after one warm-up call (the first call also
fills the per-process memo, reported separately as ``*_first_ms``). Aim: callbacks below 50 ms p95, first
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


def _times_ms(fn: Callable[[], object], n: int) -> tuple[float, list[float]]:
    t0 = time.perf_counter()
    fn()
    first = (time.perf_counter() - t0) * 1000
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return first, out


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def run(quick: bool = False) -> dict[str, float | str]:
    """Median and p95 milliseconds of each page layout and callback, plus the first (cold) call."""
    from dashboard import data
    from dashboard.app import create_app

    create_app()  # the committed data/published, as `ict4d serve` uses it
    from dashboard.pages import claims, country, data_sources, gender

    if data.observations().empty:
        return {"pages": "not available: data/published has no observations"}
    iso3 = "KEN" if "KEN" in country.countries() else country.countries()[0]
    other = next(c for c in country.countries() if c != iso3)
    gender_groups = gender.default_entities("internet_use_share")[:4]
    doc = next(iter(claims.documents()), None)
    cases: dict[str, Callable[[], object]] = {
        "gender_layout": lambda: gender.layout(),
        "gender_callback": lambda: gender.update("internet_use_share", gender_groups, None, None),
        "country_layout": lambda: country.layout(iso3=iso3),
        "country_callback": lambda: country.indicator_changed(other, "internet_use_share", "/country"),
        "claims_layout": lambda: claims.layout(),
        "claims_callback": lambda: claims.update(doc, None),
        "data_layout": lambda: data_sources.layout(),
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
