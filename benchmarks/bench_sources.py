"""Series step speed: the readers per format and the whole step on the real sources directory.

`python benchmarks/bench_sources.py [--quick]` prints the figures; `run()` returns them (docs/CONTRACTS.md).
The xlsx workbooks (openpyxl, read-only, only the sheets needed) are expected to dominate; the .xls
editions of 2017 and 2019 are read with calamine.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import print_figures
from etl import registry
from etl.core import config
from etl.core.digests import sha256_file
from etl.sources import build, classification, datahub, files


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def run(quick: bool = False) -> dict[str, float | str]:
    """Best-of-n wall times (n = 1 when quick, else 3) for each reader format and the whole step."""
    repeat = 1 if quick else 3
    sources = config.sources_dir()
    reg = registry.load()
    specs = reg.sources
    paths = {sid: spec.resolve(sources) for sid, spec in specs.items()}
    figures: dict[str, float | str] = {}

    seconds, (ref, *_rest) = _best(lambda: classification.build(paths, specs, log=lambda _: None), repeat)
    figures["classification_s"] = seconds

    for fmt in build.READERS:
        chosen = [s for s in specs.values() if s.format == fmt]
        size_mb = sum(paths[s.source_id].stat().st_size for s in chosen) / 1e6

        def read_all(chosen=chosen) -> int:  # as the step reads them: DDF files with their code lists
            return sum(
                len(
                    build.read_source(
                        s, paths[s.source_id], reg, ref, build.code_lists_of(s, specs, paths)
                    ).observations
                )
                for s in chosen
            )

        seconds, rows = _best(read_all, repeat)
        figures[f"{fmt}_read_s"] = seconds
        figures[f"{fmt}_rows_per_s"] = rows / seconds
        figures[f"{fmt}_mb_per_s"] = size_mb / seconds

    # the CSV parse alone (strict: every row's field count is checked), on the DataHub exports
    hub = [paths[s.source_id] for s in specs.values() if s.format == "datahub"]
    seconds, _ = _best(lambda: [files.read_csv(p, datahub.REQUIRED, only_required=True) for p in hub], repeat)
    figures["datahub_csv_parse_s"] = seconds

    seconds, _ = _best(lambda: [sha256_file(p) for p in paths.values()], repeat)
    figures["sha256_all_files_s"] = seconds
    seconds, tables = _best(lambda: build.build(sources, reg, log=lambda _: None), repeat)
    figures["step_total_s"] = seconds
    figures["observations_rows"] = float(len(tables["observations"]))
    figures["step_rows_per_s"] = len(tables["observations"]) / seconds
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--quick" in sys.argv))
