"""The benchmark runner: one table, missing or failing benchmarks reported instead of crashing."""

from __future__ import annotations

import subprocess
import sys

from benchmarks import __main__ as runner
from etl.core import config


def _fake_loader(name: str):
    if name == "fine":
        return lambda quick: {"throughput_mb_per_s": 12.3456 if quick else 99.0, "rows": 123456, "mode": "x"}
    if name == "broken":

        def run(quick):
            raise RuntimeError("disk full\nsecond line")

        return run
    if name == "bad_import":
        raise ImportError("cannot import name 'gone'")
    return None


def test_collect_reports_figures_missing_and_failed():
    rows = runner.collect(
        ["fine", "missing", "broken", "bad_import"], quick=True, loader=_fake_loader, log=lambda _: None
    )
    assert rows == [
        ("fine", "throughput_mb_per_s", "12.3"),
        ("fine", "rows", "123,456"),
        ("fine", "mode", "x"),
        ("missing", "-", "not available"),
        ("broken", "-", "failed: RuntimeError: disk full"),
        ("bad_import", "-", "failed: ImportError: cannot import name 'gone'"),
    ]


def test_quick_flag_reaches_the_benchmark():
    full = runner.collect(["fine"], quick=False, loader=_fake_loader, log=lambda _: None)
    assert full[0] == ("fine", "throughput_mb_per_s", "99")


def test_table_aligns_columns():
    table = runner.format_table([("a", "long_figure_name", "1.5"), ("bench_b", "f", "1,000")]).splitlines()
    assert table[0].split() == ["benchmark", "figure", "value"]
    assert len({len(line) for line in table}) == 1  # every line equally wide: values right-aligned


def test_names_keep_the_list_order_and_add_unlisted_benchmarks(tmp_path):
    for name in ("bench_zeta.py", "bench_alpha.py", "bench_claims.py", "helper.py"):
        (tmp_path / name).write_text("")
    listed = [n for n in runner.BENCHMARKS if n != "loadtest"]
    assert runner.benchmark_names(tmp_path) == [*listed, "bench_alpha", "bench_zeta", "loadtest"]


def test_load_tells_a_missing_module_from_a_broken_one():
    assert runner.load("bench_that_does_not_exist") is None


def test_cli_lists_unavailable_benchmarks_without_crashing():
    # only the load test would need a server; ask for modules that may not exist yet and check the table
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "bench_claims"],
        cwd=config.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "figure", "value"]
    assert all(line.startswith("bench_claims") for line in lines[2:]) and len(lines) > 2
