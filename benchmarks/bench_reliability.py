"""Reliability under attack, through the front (`ict4d serve --prod --front`): the load test's users alone
(quiet), then the same users with 4 hostile clients (oversized callback bodies and addresses, values
beyond the bounds, sent back to back) and 10 slow clients (headers at one byte a second) in parallel.

Prints for both runs: user requests held (answered), errors, p95 latency, and the p95 ratio (aim: within
1.5x of the quiet run, 0 errors), plus what the hostile clients sent and how it was answered.
Run: `python benchmarks/bench_reliability.py [--quick] [--users 50] [--duration 60] [--data DIR]`.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import loadtest
from tests import localserver

HOSTILE, SLOW = 4, 10


def hostile(base: str, stop: threading.Event, answers: collections.Counter) -> None:
    """Oversized or out-of-bound requests, back to back: what made workers spin for seconds before."""
    ids = ",".join(f"E{i:06d}" for i in range(40_000))  # 320 kB of distinct ids
    attacks = [
        (
            "post",
            "/_dash-update-component",
            {"inputs": [{"id": "explorer-entities", "property": "value", "value": ids[:290_000]}]},
        ),
        ("get", "/explorer?entities=" + ids[:690_000], None),
        (
            "post",
            "/_dash-update-component",
            {"inputs": [{"id": "x", "property": "search", "value": "?entities=" + ids[:5000]}]},
        ),
        ("get", "/explorer?entities=" + ids[:3900], None),
    ]
    with requests.Session() as s:
        i = 0
        while not stop.is_set():
            method, path, body = attacks[i % len(attacks)]
            i += 1
            try:
                data = json.dumps(body) if body else None
                r = s.request(
                    method,
                    base + path,
                    data=data,
                    timeout=30,
                    headers={"Content-Type": "application/json"} if body else None,
                )
                answers[r.status_code] += 1
            except requests.RequestException as exc:
                answers[type(exc).__name__] += 1


def slow(base: str, stop: threading.Event, connections: collections.Counter) -> None:
    """Headers at one byte a second, reconnecting whenever the front cuts the connection."""
    parts = urlsplit(base)
    while not stop.is_set():
        connections["opened"] += 1
        with contextlib.suppress(OSError), socket.create_connection((parts.hostname, parts.port), 5) as s:
            for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000:
                if stop.is_set():
                    return
                s.sendall(bytes([byte]))
                time.sleep(1)


def run(
    quick: bool = False,
    users: int | None = None,
    duration: float | None = None,
    data_dir: Path | None = None,
    workers: int | None = None,
) -> dict[str, float | str]:
    """Benchmark interface (docs/CONTRACTS.md): quiet run, then under attack, through the front."""
    users = users or (10 if quick else 50)
    duration = duration or (10.0 if quick else 60.0)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    args = [
        "--prod",
        "--front",
        *(["--workers", str(workers)] if workers else []),
        *(["--data", str(data_dir)] if data_dir else []),
    ]
    figures: dict[str, float | str] = {"users": float(users), "duration_s": duration}
    with localserver.serve(*args, ready_path="/", timeout=180) as (base, _proc):
        quiet = loadtest.load(base, users, duration, log=log)
        stop, answers, connections = threading.Event(), collections.Counter(), collections.Counter()
        attackers = [
            threading.Thread(target=hostile, args=(base, stop, answers), daemon=True) for _ in range(HOSTILE)
        ]
        attackers += [
            threading.Thread(target=slow, args=(base, stop, connections), daemon=True) for _ in range(SLOW)
        ]
        for t in attackers:
            t.start()
        try:
            loud = loadtest.load(base, users, duration, log=log)
        finally:
            stop.set()
    for name, f in (("quiet", quiet), ("attacked", loud)):
        figures[f"{name}_requests_held"] = f["requests"] - f["errors"]
        figures[f"{name}_errors"] = f["errors"]
        figures[f"{name}_p95_ms"] = f["p95_ms"]
    figures["p95_ratio"] = round(loud["p95_ms"] / max(quiet["p95_ms"], 1e-9), 2)
    figures["hostile_requests"] = float(sum(answers.values()))
    figures["hostile_answers"] = ", ".join(f"{k}: {v}" for k, v in sorted(answers.items(), key=str))
    figures["slow_connections_opened"] = float(connections["opened"])
    figures["loadavg_1min"] = os.getloadavg()[0]  # latencies depend on what else the machine runs
    return figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=None)
    p.add_argument("--duration", type=float, default=None, help="seconds per run")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--data", type=Path, default=None)
    p.add_argument("--quick", action="store_true", help="10 users for 10 s per run")
    a = p.parse_args(argv)
    figures = run(quick=a.quick, users=a.users, duration=a.duration, data_dir=a.data, workers=a.workers)
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v:.1f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    return 1 if figures["attacked_errors"] or figures["quiet_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
