"""`ict4d build`: run every step in order, then publish all tables at once.

A step is a module with ``run(ctx: BuildContext) -> dict[str, pandas.DataFrame]``; the tables it returns
become visible to later steps through ``ctx.tables`` and are published together at the end, so a failing
step leaves ``data/published`` exactly as it was.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import config

# module paths, in order; each module exposes run(ctx). Series first, then claims, then the analysis
# that reads both (targets and progress, then claim checks).
STEPS: list[str] = [
    "etl.sources.step",
    "etl.aggregate",  # computed group aggregates (developing_lmic, recomputed ITU groups)
    "etl.compare",  # source_disagreements
    "etl.claims.step",
    "etl.claim_context",
    "etl.progress",
    "etl.reconcile",
]


def _label(module: str) -> str:
    parts = module.split(".")
    return parts[-2] if parts[-1] == "step" else parts[-1]


@dataclass
class BuildContext:
    sources_dir: Path
    out_dir: Path = config.PUBLISHED_DIR
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # printed at the end of the build
    log: Callable[[str], None] = print


def run(
    sources_dir: Path, out_dir: Path = config.PUBLISHED_DIR, log: Callable[[str], None] = print
) -> BuildContext:
    """Run all steps, then publish (validate into a temporary folder, then swap)."""
    from etl import publish

    ctx = BuildContext(sources_dir=sources_dir, out_dir=out_dir, log=log)
    started = time.perf_counter()
    for name in STEPS:
        t0 = time.perf_counter()
        log(f"[{_label(name)}] running")
        produced = importlib.import_module(name).run(ctx)
        ctx.tables.update(produced)
        sizes = ", ".join(f"{k}: {len(v):,} rows" for k, v in produced.items())
        log(f"[{_label(name)}] done in {time.perf_counter() - t0:.1f}s ({sizes})")
    publish.publish(ctx.tables, out_dir, log=log)
    log(f"build finished in {time.perf_counter() - started:.1f}s; wrote {out_dir}")
    for report in ctx.reports:
        log(report)
    for w in ctx.warnings:
        log(f"warning: {w}")
    return ctx
