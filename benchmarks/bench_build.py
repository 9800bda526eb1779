"""Whole-build timings: a full `ict4d build --force` and a no-change rebuild, each as a user runs it.

Every run is the real command in a fresh Python process (so interpreter start-up and imports count),
publishing into a temporary --out folder, never into data/published. Figures are the best and the median
of a few runs (aim: full build under 20 s, no-change rebuild under 2 s, on 2 cores), plus the CPU time
(user + system) of the full build, which says more than wall time when other work shares the cores.
Full builds start from an empty parsed-sources cache (`ICT4D_CACHE_DIR` in a temporary folder: every file
is parsed); `full_build_cached_*` is the same `--force` build once that cache holds the readings, as after
a change to code or registries that leaves the sources' readings valid.
The build's own per-step timings (printed by the build) are parsed from the last full run, with the number
of upstream observations, releases and source files it grows with (24 releases and 102 files since the
2017-2022 vintages).
Run: `python benchmarks/bench_build.py [--quick]`.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import print_figures
from etl.core import config

STEP_LINE = re.compile(r"^\[(?P<step>[a-z_]+)\] done in (?P<seconds>[\d.]+)s")
SIZE_LINE = re.compile(r"^\[sources\] (?P<rows>[\d,]+) observations;")  # what the build grows with


def _timed(args: list[str], cache_dir: Path) -> tuple[float, str, float]:
    """Wall seconds, stderr and CPU seconds (user + system) of one run of the command."""
    env = {**os.environ, config.CACHE_ENV: str(cache_dir)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=config.REPO_ROOT, env=env)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1:] or ["(no output)"]
        raise RuntimeError(f"`ict4d {' '.join(args[3:5])}` failed: {last[0]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, proc.stderr, cpu


def run(quick: bool = False) -> dict[str, float | str]:
    """Full build and no-change rebuild wall times in seconds (best and median of a few runs)."""
    try:
        sources = config.sources_dir()
    except config.ConfigError as exc:
        return {"build": f"not available: {exc}"}
    full_runs, noop_runs = (1, 2) if quick else (3, 5)
    with tempfile.TemporaryDirectory(prefix="ict4d-bench-") as tmp:
        cli = [
            sys.executable,
            "-c",
            "from etl.cli import main; main()",
            "build",
            "--sources",
            str(sources),
            "--out",
            str(Path(tmp) / "published"),
        ]
        full, cpu, log = [], [], ""
        for i in range(full_runs):
            cache_dir = Path(tmp) / f"cache-{i}"  # empty: every source is parsed
            seconds, log, cpu_seconds = _timed([*cli, "--force"], cache_dir)
            full.append(seconds)
            cpu.append(cpu_seconds)
        cached = [_timed([*cli, "--force"], cache_dir)[0] for _ in range(full_runs)]  # readings reused
        noop, rebuilt = [], 0
        while len(noop) < noop_runs and rebuilt < 3:
            seconds, out, _ = _timed(cli, cache_dir)
            if "nothing changed since" in out:
                noop.append(seconds)
            else:  # someone edited an input (e.g. etl code in a shared checkout): that run was a rebuild
                rebuilt += 1
        if not noop:
            return {"build": "no-change rebuild never skipped: inputs kept changing during the benchmark"}
    figures: dict[str, float | str] = {
        "full_build_best_s": round(min(full), 2),
        "full_build_median_s": round(statistics.median(full), 2),
        "full_build_cpu_best_s": round(min(cpu), 2),  # user + system: what the build costs on a busy machine
        "full_build_cached_best_s": round(min(cached), 2),
        "full_build_cached_median_s": round(statistics.median(cached), 2),
        "no_change_rebuild_best_s": round(min(noop), 2),
        "no_change_rebuild_median_s": round(statistics.median(noop), 2),
        "runs": f"{len(full)} full, {len(noop)} no-change ({rebuilt} rebuilt: inputs changed meanwhile)",
    }
    for line in log.splitlines():
        if m := STEP_LINE.match(line):
            figures[f"step_{m['step']}_s"] = float(m["seconds"])
        elif m := SIZE_LINE.match(line):
            figures["upstream_observations"] = float(m["rows"].replace(",", ""))
    from etl import registry

    reg = registry.load()
    figures["releases"] = float(len(reg.releases))
    figures["source_files"] = float(len(reg.sources))
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--quick" in sys.argv))
