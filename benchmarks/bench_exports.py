"""Chart exports and the progress brief: how fast one browser turns figures into files.

Figures: browser start; the first chart including browser start (cold); charts per second once the browser
is up (warm), per format; the whole report (HTML and PDF) including its own browser start. Charts are the
report's real target charts on the published data (data/published, or the test fixture while nothing is
published yet). Run: `python benchmarks/bench_exports.py [--quick]`.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import print_figures
from dashboard.render import brief, browser, images
from dashboard.views import published
from dashboard.views.brief import entries
from dashboard.views.spec import ChartSpec
from etl.core import config

FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"


def published_dir() -> Path:
    """The published data if a build has run, else the committed test fixture."""
    has_targets = (config.PUBLISHED_DIR / "targets.csv").is_file()
    return config.PUBLISHED_DIR if has_targets else FIXTURE


def _specs(folder: Path) -> list[ChartSpec]:
    published.use(folder)
    tables = {name: published.table(name) for name in published.TABLE_NAMES}
    return [e.chart for e in entries(tables) if e.chart is not None]


def run(quick: bool = False) -> dict[str, float | str]:
    """Time browser start, cold and warm chart exports per format, and the report."""
    folder = published_dir()
    specs = _specs(folder)
    if not specs:
        return {"charts": "no target charts in the published data"}
    n = 5 if quick else 30
    figures: dict[str, float | str] = {"data": folder.name, "charts_available": len(specs)}

    t0 = time.perf_counter()
    renderer = browser.Renderer()
    renderer.start()
    figures["browser_start_s"] = time.perf_counter() - t0
    try:
        images.render_spec(specs[0], "png", renderer=renderer)
        figures["cold_first_png_incl_browser_start_s"] = time.perf_counter() - t0
        for fmt in browser.FORMATS:
            chosen = list(itertools.islice(itertools.cycle(specs), n))
            t1 = time.perf_counter()
            for spec in chosen:
                images.render_spec(spec, fmt, renderer=renderer)
            figures[f"warm_{fmt}_charts_per_s"] = n / (time.perf_counter() - t1)
        t1 = time.perf_counter()
        images.render_many(chosen, "svg", renderer=renderer)  # the report's path: two tabs at once
        figures["warm_svg_batch_charts_per_s"] = n / (time.perf_counter() - t1)
    finally:
        renderer.close()

    with tempfile.TemporaryDirectory(prefix="ict4d-bench-") as tmp:
        quiet = lambda _msg: None  # noqa: E731
        for suffix in (".html", ".pdf"):
            t2 = time.perf_counter()
            out = brief.write_from_published(folder, Path(tmp) / f"brief{suffix}", log=quiet)
            figures[f"report_{suffix[1:]}_total_s"] = time.perf_counter() - t2
            figures[f"report_{suffix[1:]}_kib"] = out.stat().st_size / 1024
    figures["report_charts"] = len(specs)
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--quick" in sys.argv))
