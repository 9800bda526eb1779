"""Benchmarks: each `bench_<topic>.py` has `run(quick) -> figures`; `python -m benchmarks` runs them all."""

from __future__ import annotations


def print_figures(figures: dict[str, float | str]) -> None:
    """What a benchmark run as a script prints: a figure a line, values formatted as in the runner's table."""
    from benchmarks.__main__ import format_value

    width = max(map(len, figures), default=0)
    for name, value in figures.items():
        print(f"{name:<{width}}  {format_value(value)}")
