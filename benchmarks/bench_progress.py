"""Progress scoring and claim checking: how long the two analysis steps take on the published tables.

Figures: series scored per second by the pure engine (`scoring.assess`); the whole progress step
(`progress.score_all`, every target x entity x release) and the claim check (`reconcile.check_claims`) on
data/published. Run: `python benchmarks/bench_progress.py [--quick]`.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import print_figures
from etl import registry as etl_registry
from etl import targets
from etl.core import config
from etl.core.releases import Calendar
from etl.methods import pace, progress, reconcile, scoring


def _published(name: str) -> pd.DataFrame | None:
    path = config.PUBLISHED_DIR / f"{name}.parquet"
    return pd.read_parquet(path) if path.is_file() else None


def run(quick: bool = False) -> dict[str, float | str]:
    """Time the pure engine, the progress step and the claim check."""
    figures: dict[str, float | str] = {}
    n = 2_000 if quick else 20_000
    goal = pace.Goal(100.0, 2030)
    years = list(range(2015, 2025))
    as_of = date(2026, 12, 4)
    t0 = time.perf_counter()
    for i in range(n):
        scoring.assess(years, [30.0 + i % 7 + k * 3.0 for k in range(len(years))], goal, as_of)
    figures["assess_series_per_s"] = n / (time.perf_counter() - t0)

    obs = _published("observations")
    if obs is None:
        figures["published"] = "no data/published/observations: run `ict4d build` for the step figures"
        return figures
    registry = targets.load()
    calendar = Calendar(etl_registry.load().releases)
    units = progress.indicator_units(_published("indicators"))
    repeats = 1 if quick else 3
    t1 = time.perf_counter()
    for _ in range(repeats):
        scored = progress.score_all(registry, obs, units, as_of, calendar, log=lambda _msg: None)
    figures["progress_step_s"] = (time.perf_counter() - t1) / repeats
    figures["progress_rows"] = float(len(scored))
    figures["observations_rows"] = float(len(obs))

    claims = _published("claims")
    if claims is None:
        figures["claims"] = "no published claims"
        return figures
    t2 = time.perf_counter()
    for _ in range(repeats):
        checks = reconcile.check_claims(claims, obs, _published("documents"), calendar)
    figures["claim_check_s"] = (time.perf_counter() - t2) / repeats
    figures["claims_per_s"] = len(claims) / figures["claim_check_s"]
    figures["claim_check_rows"] = float(len(checks))
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--quick" in sys.argv))
