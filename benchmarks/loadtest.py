"""Load test of the served dashboard, on loopback only: simulated users load pages, change views and
download CSVs against `ict4d serve --prod`; prints throughput, latency percentiles and errors.

    python benchmarks/loadtest.py                       # 50 users, 60 s, starts its own production server
    python benchmarks/loadtest.py --users 5 --duration 5
    python benchmarks/loadtest.py --url http://127.0.0.1:8050   # against a server you started

Why a scenario captured from the app itself: the callback requests are built from `/_dash-layout`,
`/_dash-dependencies` and each page's layout as the routing callback returns it, with values taken from
the components' own options, so the test follows the app as it changes instead of replaying stale JSON.
Users are threads with a `requests.Session`, a think time between actions, a fixed random seed each, and a
hard stop at the deadline.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import requests

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import localserver

CALLBACK = "/_dash-update-component"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WILDCARDS = ("MATCH", "ALL", "ALLSMALLER")
# what a user does next, with weights: open a page, change the view on it, download a CSV
ACTIONS = {"page": 0.25, "view": 0.55, "csv": 0.20}
HEADERS = {"Accept-Encoding": "gzip, br", "Content-Type": "application/json"}


# --- scenario: what there is to request, read from the running app -----------------------------------
def id_key(component_id: str | dict) -> str:
    """Dash's string form of a component id (dict ids as compact JSON with sorted keys)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def parse_id(text: str) -> str | dict:
    return json.loads(text) if text.startswith("{") else text


def split_outputs(output: str) -> list[tuple[str | dict, str]]:
    """`..a.children...b.figure..` (or `a.children`) -> [(id, property), ...]."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [(parse_id(p.rsplit(".", 1)[0]), p.rsplit(".", 1)[1]) for p in parts]


def walk(node: Any) -> Iterator[dict]:
    """Every component dict ({"type", "namespace", "props"}) in a serialised layout."""
    if isinstance(node, dict):
        if "props" in node and "type" in node:
            yield node
            for value in node["props"].values():
                yield from walk(value)
        else:
            for value in node.values():
                yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def option_values(props: dict) -> list[Any]:
    """The values a user can pick on a control: options of dropdowns/radios/tabs, marks of sliders."""
    opts = props.get("options")
    if isinstance(opts, list):
        return [
            o.get("value") if isinstance(o, dict) else o
            for o in opts
            if not (isinstance(o, dict) and o.get("disabled"))
        ]
    if isinstance(opts, dict):
        return list(opts)
    marks = props.get("marks")
    if isinstance(marks, dict) and marks:
        return [int(float(k)) if float(k).is_integer() else float(k) for k in marks]
    if isinstance(props.get("min"), int | float) and isinstance(props.get("max"), int | float):
        lo, hi, step = props["min"], props["max"], props.get("step") or 1
        return [lo + i * step for i in range(int((hi - lo) / step) + 1)][:200]
    return []


@dataclass
class Callback:
    output: str
    outputs: list[tuple[str | dict, str]]
    inputs: list[tuple[str, str]]  # (id key, property)
    state: list[tuple[str, str]]
    prevent_initial_call: bool


@dataclass
class Page:
    path: str
    html_path: str
    components: dict[str, dict] = field(default_factory=dict)  # id key -> component
    initial: list[dict] = field(default_factory=list)  # callback bodies the browser sends on load
    views: list[Callable[[random.Random], dict]] = field(default_factory=list)  # view-change generators
    exports: list[dict] = field(default_factory=list)  # chart CSV export callback bodies
    broken: str = ""  # why the page's layout could not be captured, if it could not


@dataclass
class Scenario:
    routing: Callback
    pages: list[Page]
    assets: list[str]
    table_csvs: list[str]

    def describe(self) -> str:
        views = sum(len(p.views) for p in self.pages)
        exports = sum(len(p.exports) for p in self.pages)
        broken = [f"{p.path} ({p.broken})" for p in self.pages if p.broken]
        return (
            f"{len(self.pages)} pages, {views} view-changing callbacks, {exports} chart CSV exports, "
            f"{len(self.table_csvs)} table CSVs, {len(self.assets)} static assets"
            + (f"; pages failing to render: {', '.join(broken)}" if broken else "")
        )


def callback_body(cb: Callback, values: dict[tuple[str, str], Any], changed: list[str]) -> dict:
    """The request body the browser sends for `cb`: values by (id key, property), `changed` as "id.prop"."""
    entry = lambda k, p: {"id": parse_id(k), "property": p, "value": values.get((k, p))}  # noqa: E731
    outs = [{"id": i, "property": p} for i, p in cb.outputs]
    return {
        "output": cb.output,
        "outputs": outs if cb.output.startswith("..") else outs[0],
        "inputs": [entry(k, p) for k, p in cb.inputs],
        "state": [entry(k, p) for k, p in cb.state],
        "changedPropIds": changed,
    }


def callback_of(dep: dict) -> Callback:
    """A callback as `/_dash-dependencies` describes it."""
    return Callback(
        dep["output"],
        split_outputs(dep["output"]),
        [(i["id"], i["property"]) for i in dep["inputs"]],
        [(s["id"], s["property"]) for s in dep["state"]],
        bool(dep.get("prevent_initial_call")),
    )


def route_body(routing: Callback, path: str, search: str = "") -> dict:
    """The pages routing callback as the browser sends it when it opens `path` (with `search`)."""
    (loc, _), *_ = routing.inputs
    return callback_body(routing, {(loc, "pathname"): path, (loc, "search"): search}, [f"{loc}.pathname"])


def _view_generator(cb: Callback, comps: dict[str, dict]) -> Callable[[random.Random], dict] | None:
    """A function drawing a random new value for one input of `cb` that has choices (a view change)."""
    current = {(k, p): comps[k]["props"].get(p) for k, p in [*cb.inputs, *cb.state]}
    choosable = [(k, p, option_values(comps[k]["props"])) for k, p in cb.inputs if p == "value"]
    choosable = [(k, p, vals) for k, p, vals in choosable if len(vals) > 1]
    if not choosable:
        return None

    def draw(rng: random.Random) -> dict:
        k, p, vals = rng.choice(choosable)
        values = dict(current)
        if comps[k]["props"].get("multi") or isinstance(current[(k, p)], list):
            values[(k, p)] = rng.sample(vals, rng.randint(1, min(4, len(vals))))
        else:
            values[(k, p)] = rng.choice(vals)
        return callback_body(cb, values, [f"{k}.{p}"])

    return draw


def _matches(pattern: dict, concrete: dict) -> bool:
    return set(pattern) == set(concrete) and all(
        v == concrete[k] for k, v in pattern.items() if not (isinstance(v, list) and v and v[0] in WILDCARDS)
    )


def _export_bodies(dep: dict, comps: dict[str, dict]) -> list[dict]:
    """Bodies of a MATCH/ALL export callback clicking its "csv" button, one per chart on the page."""
    (inp,) = dep["inputs"]
    pattern = json.loads(inp["id"])
    wild_key = next(k for k, v in pattern.items() if v == ["MATCH"])
    buttons = [json.loads(k) for k in comps if k.startswith("{") and _matches(pattern, json.loads(k))]
    bodies = []
    for match in sorted({b[wild_key] for b in buttons}):
        group = [b for b in buttons if b[wild_key] == match]
        csv = [b for b in group if "csv" in b.values()]
        if not csv:
            continue
        state = []
        for st in dep["state"]:
            sid = {k: (match if v == ["MATCH"] else v) for k, v in json.loads(st["id"]).items()}
            state.append(
                {
                    "id": sid,
                    "property": st["property"],
                    "value": comps.get(id_key(sid), {}).get("props", {}).get(st["property"]),
                }
            )
        outs = [
            {"id": {k: (match if v == ["MATCH"] else v) for k, v in json.loads(i).items()}, "property": p}
            for i, p in (o.rsplit(".", 1) for o in [dep["output"]])
        ]
        bodies.append(
            {
                "output": dep["output"],
                "outputs": outs[0],
                "inputs": [
                    [{"id": b, "property": inp["property"], "value": 1 if b in csv else None} for b in group]
                ],
                "state": state,
                "changedPropIds": [f"{id_key(csv[0])}.{inp['property']}"],
            }
        )
    return bodies


def capture(session: requests.Session, base: str) -> Scenario:
    """Read the app (layout, callbacks, every page's layout) and derive every request a user can make."""
    layout = session.get(base + "/_dash-layout", timeout=30).json()
    deps = session.get(base + "/_dash-dependencies", timeout=30).json()
    callbacks = [callback_of(d) for d in deps if not d.get("clientside_function")]
    servers = [d for d in deps if not d.get("clientside_function")]
    routing = next(cb for cb in callbacks if "_pages_content.children" in cb.output)
    paths = sorted(
        {
            c["props"]["href"]
            for c in walk(layout)
            if c["type"] == "Link" and str(c["props"].get("href", "")).startswith("/")
        }
    )
    html_text = session.get(base + "/", timeout=30).text
    assets = sorted(set(re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', html_text)))
    pages, csvs = [], set()
    for path in paths:
        routed = session.post(base + CALLBACK, json=route_body(routing, path), headers=HEADERS, timeout=60)
        page = Page(path=path, html_path=path)
        pages.append(page)
        if routed.status_code != 200:  # kept: users will open it and the failures count as errors
            page.broken = f"HTTP {routed.status_code}"
            continue
        content = routed.json()["response"]["_pages_content"]["children"]
        shell = json.loads(json.dumps(layout))  # the app shell, with the location the browser would have
        for c in walk(shell):
            if c["props"].get("id") == "_pages_location":
                c["props"].update(pathname=path, search="")
        page.components = {id_key(c["props"]["id"]): c for c in walk([shell, content]) if "id" in c["props"]}
        csvs |= {
            c["props"]["href"]
            for c in walk(content)
            if re.fullmatch(r"/download/[a-z0-9_]+\.csv", str(c["props"].get("href", "")))
        }
        for cb, dep in zip(callbacks, servers, strict=True):
            ids = [k for k, _ in [*cb.inputs, *cb.state]]
            if cb is routing:
                continue
            if any(any(w in k for w in WILDCARDS) for k in ids):
                if len(dep["inputs"]) == 1 and '["MATCH"]' in dep["inputs"][0]["id"]:
                    page.exports += _export_bodies(dep, page.components)  # only charts with a CSV button
                continue
            if not all(k in page.components for k in ids):
                continue
            if not cb.prevent_initial_call:
                page.initial.append(
                    callback_body(
                        cb,
                        {(k, p): page.components[k]["props"].get(p) for k, p in [*cb.inputs, *cb.state]},
                        [f"{k}.{p}" for k, p in cb.inputs],
                    )
                )
            view = _view_generator(cb, page.components)
            if view is not None:
                page.views.append(view)
    return Scenario(routing=routing, pages=pages, assets=assets, table_csvs=sorted(csvs))


# --- users -------------------------------------------------------------------------------------------
@dataclass
class Result:
    kind: str
    seconds: float
    ok: bool
    status: int | str


class User:
    """One simulated visitor: first visit loads the page's assets, then pages, view changes, downloads."""

    def __init__(self, base: str, scenario: Scenario, seed: int, think: tuple[float, float]):
        self.base, self.scenario, self.think = base, scenario, think
        self.rng = random.Random(seed)
        self.session = requests.Session()
        self.session.headers.update({"Accept-Encoding": "gzip, br"})
        self.results: list[Result] = []

    def _request(self, kind: str, method: str, path: str, body: dict | None = None) -> None:
        t0 = time.perf_counter()
        try:
            r = self.session.request(method, self.base + path, json=body, timeout=30)
            _ = r.content
            ok, status = r.status_code in (200, 204), r.status_code
        except requests.RequestException as exc:
            ok, status = False, type(exc).__name__
        self.results.append(Result(kind, time.perf_counter() - t0, ok, status))

    def open_page(self, page: Page) -> None:
        self._request("page", "GET", page.html_path)
        self._request("page", "GET", "/_dash-layout")
        self._request("page", "GET", "/_dash-dependencies")
        self._request("callback", "POST", CALLBACK, route_body(self.scenario.routing, page.path))
        for body in page.initial:
            self._request("callback", "POST", CALLBACK, body)

    def act(self) -> None:
        action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        page = self.rng.choice(self.scenario.pages)
        if action == "view" and page.views:
            self._request("callback", "POST", CALLBACK, self.rng.choice(page.views)(self.rng))
        elif action == "csv" and (self.scenario.table_csvs or any(p.exports for p in self.scenario.pages)):
            exports = [b for p in self.scenario.pages for b in p.exports]
            if exports and (not self.scenario.table_csvs or self.rng.random() < 0.5):
                self._request("csv", "POST", CALLBACK, self.rng.choice(exports))
            else:
                self._request("csv", "GET", self.rng.choice(self.scenario.table_csvs))
        else:
            self.open_page(page)

    def run(self, deadline: float) -> None:
        for asset in self.scenario.assets:  # a first visit; later requests hit the browser cache
            self._request("asset", "GET", asset)
        self.open_page(self.rng.choice(self.scenario.pages))
        while True:
            pause = self.rng.uniform(*self.think)
            if time.monotonic() + pause >= deadline:
                break
            time.sleep(pause)
            self.act()


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def summarise(results: list[Result], elapsed: float) -> dict[str, float | str]:
    """Throughput, latency percentiles (ms) overall and per kind of request, and error counts."""
    out: dict[str, float | str] = {
        "requests": float(len(results)),
        "duration_s": round(elapsed, 1),
        "throughput_req_per_s": len(results) / elapsed if elapsed else 0.0,
    }
    lat = sorted(r.seconds * 1000 for r in results if r.kind != "asset")
    for q in (50, 95, 99):
        out[f"p{q}_ms"] = percentile(lat, q)
    for kind in ("page", "callback", "csv", "asset"):
        k = sorted(r.seconds * 1000 for r in results if r.kind == kind)
        if k:
            out[f"{kind}_requests"] = float(len(k))
            out[f"{kind}_p95_ms"] = percentile(k, 95)
    errors = [r for r in results if not r.ok]
    out["errors"] = float(len(errors))
    if errors:
        counts: dict[str, int] = {}
        for r in errors:
            counts[f"{r.kind}:{r.status}"] = counts.get(f"{r.kind}:{r.status}", 0) + 1
        out["error_kinds"] = ", ".join(f"{k} x{v}" for k, v in sorted(counts.items()))
    return out


def load(
    base: str,
    users: int,
    duration: float,
    think: tuple[float, float] = (0.5, 2.0),
    log: Callable[[str], None] = print,
) -> dict[str, float | str]:
    """Run `users` simulated users against `base` for `duration` seconds; return the summary."""
    host = urlparse(base).hostname
    if host not in LOOPBACK:
        raise ValueError(f"the load test only targets loopback addresses, not {host!r}")
    with requests.Session() as s:
        scenario = capture(s, base)
    log(f"scenario: {scenario.describe()}")
    crowd = [User(base, scenario, seed, think) for seed in range(users)]
    start = time.monotonic()
    deadline = start + duration
    threads = [threading.Thread(target=u.run, args=(deadline,), daemon=True) for u in crowd]
    for i, t in enumerate(threads):
        t.start()
        time.sleep(min(0.05, duration / max(users, 1) / 10))  # ramp up over a fraction of a second
        if i == len(threads) - 1:
            log(f"{users} users started")
    last_report = time.monotonic()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if time.monotonic() - last_report >= 10:
            last_report = time.monotonic()
            done = sum(len(u.results) for u in crowd)
            log(f"  {done:,} requests so far, {max(0.0, deadline - last_report):.0f}s left")
        if time.monotonic() > deadline + 60:
            log("warning: some users still busy 60s after the deadline; stopping anyway")
            break
    results = [r for u in crowd for r in list(u.results)]
    figures = summarise(results, time.monotonic() - start)
    figures["users"] = float(users)
    return figures


# --- a production server of our own ------------------------------------------------------------------
def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) of a gunicorn master's live workers plus the workers it has reaped."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    master_fields = fields(master)
    total = int(master_fields[13]) + int(master_fields[14])  # cutime, cstime: reaped workers
    for child in worker_pids(master):
        with contextlib.suppress(FileNotFoundError):
            f = fields(child)
            total += int(f[11]) + int(f[12])  # utime, stime
    return total / tick


def worker_pids(master: int) -> set[int]:
    """The live child processes (gunicorn workers) of a master process, from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(p) for p in children.read_text().split()} if children.exists() else set()


@contextlib.contextmanager
def prod_server(
    workers: int | None = None,
    data_dir: Path | None = None,
    log: Callable[[str], None] = print,
    timeout: float = 120.0,
) -> Iterator[tuple[str, int]]:
    """`ict4d serve --prod` on a free loopback port, stopped (its whole process group) afterwards; yields
    the base URL and the gunicorn master's pid."""
    args = (
        ["--prod"]
        + (["--workers", str(workers)] if workers else [])
        + (["--data", str(data_dir)] if data_dir else [])
    )
    log("starting: ict4d serve " + " ".join(args))
    with localserver.serve(*args, ready_path="/", timeout=timeout) as (base, proc):
        yield base, proc.pid


def run(
    quick: bool = False,
    users: int | None = None,
    duration: float | None = None,
    workers: int | None = None,
    data_dir: Path | None = None,
) -> dict[str, float | str]:
    """Benchmark interface (docs/CONTRACTS.md): start a production server, load it, return figures."""
    users = users or (10 if quick else 50)
    duration = duration or (10.0 if quick else 60.0)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    with prod_server(workers, data_dir, log=log) as (base, master):
        log(f"load: {users} users for {duration:.0f}s against {base}")
        cpu0, client0 = server_cpu_seconds(master), time.process_time()
        figures = load(base, users, duration, log=log)
        # CPU per request does not depend on what else the machine runs, unlike the latencies
        server_cpu = server_cpu_seconds(master) - cpu0
        figures["server_cpu_s"] = round(server_cpu, 1)
        figures["server_cpu_ms_per_request"] = 1000 * server_cpu / max(figures["requests"], 1)
        figures["client_cpu_s"] = round(time.process_time() - client0, 1)
        figures["loadavg_1min"] = os.getloadavg()[0]
        return figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=60.0, help="seconds")
    p.add_argument("--workers", type=int, default=None, help="gunicorn processes (default: cores + 1)")
    p.add_argument("--data", type=Path, default=None, help="published folder to serve")
    p.add_argument("--url", default=None, help="an already running server on loopback")
    p.add_argument("--quick", action="store_true", help="10 users for 10 s")
    args = p.parse_args(argv)
    if args.quick:
        args.users, args.duration = 10, 10.0
    if args.url:
        figures = load(args.url.rstrip("/"), args.users, args.duration)
    else:
        figures = run(users=args.users, duration=args.duration, workers=args.workers, data_dir=args.data)
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v:.1f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    return 1 if figures.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
