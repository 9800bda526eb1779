"""CPU per request for hostile request sizes: a page address whose entity list is 1, 10 or 100 KB, sent as
the browser sends it (the pages' routing callback), through the hardened app in-process; and the parser
alone on the same lists.

What it shows: work per request is bounded. A 1 KB address is computed (a cut, de-duplicated entity list);
10 KB holds a value beyond the bound and is refused with 400, 100 KB is beyond the callback body bound
(413), both before any view runs. The parser alone stays flat once its input is beyond its cut. CPU
seconds (process time), not wall time, so other jobs on the machine do not move the figures.
Run: `python benchmarks/bench_dos.py [--quick] [--data DIR]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES_KB = (1, 10, 100)
HEADERS = {"Content-Type": "application/json"}


def entity_list(kb: int, salt: int) -> str:
    """Distinct well-formed ids, `kb` kilobytes (the case the old list scan made quadratic)."""
    items, size, i = [], 0, 0
    while size < kb * 1024:
        items.append(f"E{salt:02d}{i:05d}")
        size += len(items[-1]) + 1
        i += 1
    return ",".join(items)


def run(quick: bool = False, data_dir: Path | None = None) -> dict[str, float | str]:
    """Benchmark interface (docs/CONTRACTS.md): CPU ms per request and per parse, by input size."""
    from benchmarks import loadtest
    from dashboard.views.pages import explorer
    from dashboard.web.app import create_app
    from etl.core import config

    fixture = config.REPO_ROOT / "tests" / "fixtures" / "published"
    folder = data_dir or (fixture if quick else config.PUBLISHED_DIR)
    app = create_app(folder)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    routing = next(loadtest.callback_of(d) for d in deps if "_pages_content.children" in d["output"])
    reps = 3 if quick else 10
    figures: dict[str, float | str] = {"data": str(folder.name)}
    for kb in SIZES_KB:
        statuses, cpu = set(), 0.0
        for rep in range(reps):  # each request differs, so the callback cache never answers
            body = loadtest.route_body(routing, "/explorer", "?entities=" + entity_list(kb, rep))
            t0 = time.process_time()
            r = client.post(loadtest.CALLBACK, json=body, headers=HEADERS)
            cpu += time.process_time() - t0
            statuses.add(r.status_code)
        figures[f"request_{kb}kb_cpu_ms"] = round(1000 * cpu / reps, 2)
        figures[f"request_{kb}kb_status"] = ",".join(map(str, sorted(statuses)))
        lists = [entity_list(kb, rep) for rep in range(reps)]
        t0 = time.process_time()
        for value in lists:
            explorer.parse_query(entities=value)
        figures[f"parse_{kb}kb_cpu_ms"] = round(1000 * (time.process_time() - t0) / reps, 3)
    return figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the test fixture, 3 requests per size")
    p.add_argument("--data", type=Path, default=None, help="published folder (default data/published)")
    args = p.parse_args(argv)
    figures = run(quick=args.quick, data_dir=args.data)
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
