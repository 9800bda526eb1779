"""`python -m benchmarks [--quick] [--only NAME ...]`: run every benchmark of the project, print one table.

Each `benchmarks/<name>.py` exposes `run(quick: bool = False) -> dict[str, float | str]` (docs/CONTRACTS.md).
A module that is missing is listed as "not available" and one that fails as "failed: <reason>", so one
broken benchmark never hides the figures of the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

# in the order of the data flow: extraction, build, dashboard callbacks, exports, the served app under load
BENCHMARKS = [
    "bench_claims",
    "bench_sources",
    "bench_build",
    "bench_progress",
    "bench_dashboard",
    "bench_pages",
    "bench_exports",
    "loadtest",
]

HERE = Path(__file__).resolve().parent
Row = tuple[str, str, str]  # (benchmark, figure, value)


def benchmark_names(folder: Path = HERE) -> list[str]:
    """BENCHMARKS in their order (listed even when missing), then any other bench_*.py of `folder` before
    the load test, so a new benchmark is never silently left out of the table."""
    known = [n for n in BENCHMARKS if n != "loadtest"]
    found = sorted(p.stem for p in folder.glob("bench_*.py") if p.stem not in BENCHMARKS)
    return [*known, *found, "loadtest"]


def load(name: str) -> Callable[..., dict] | None:
    """The module's `run`, or None when the module (not one of its own imports) does not exist."""
    qualified = f"{__package__ or 'benchmarks'}.{name}"
    try:
        module = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name in (qualified, name):
            return None
        raise
    return getattr(module, "run", None)


def format_value(value: object) -> str:
    """Three significant figures for floats, thousands separators for big ones, text as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def collect(
    names: Iterable[str],
    quick: bool,
    loader: Callable[[str], Callable[..., dict] | None] = load,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> list[Row]:
    """Run each benchmark; a missing or failing one becomes a row saying so instead of an exception."""
    rows: list[Row] = []
    for name in names:
        try:
            run = loader(name)
        except Exception as exc:  # an import error inside the benchmark module
            rows.append((name, "-", f"failed: {_one_line(exc)}"))
            continue
        if run is None:
            rows.append((name, "-", "not available"))
            log(f"[{name}] not available")
            continue
        log(f"[{name}] running{' (quick)' if quick else ''}")
        t0 = time.perf_counter()
        try:
            figures = run(quick=quick)
        except Exception as exc:
            rows.append((name, "-", f"failed: {_one_line(exc)}"))
            log(f"[{name}] failed: {_one_line(exc)}")
            continue
        log(f"[{name}] done in {time.perf_counter() - t0:.1f}s")
        rows.extend((name, figure, format_value(value)) for figure, value in figures.items())
        if not figures:
            rows.append((name, "-", "no figures"))
    return rows


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def format_table(rows: list[Row]) -> str:
    """A plain-text table, value column right-aligned."""
    header: Row = ("benchmark", "figure", "value")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    line = lambda r: f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}"  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (smaller inputs, shorter load test)")
    names = benchmark_names()
    parser.add_argument(
        "--only",
        nargs="+",
        choices=names,
        metavar="NAME",
        help=f"run only these benchmarks: {', '.join(names)}",
    )
    args = parser.parse_args(argv)
    rows = collect(args.only or names, args.quick)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
