"""`ict4d build`: run every step in order, then publish all tables at once.

A step is a module of ``etl.steps`` that declares the tables it reads and writes and has
``run(ctx: BuildContext) -> dict[str, pandas.DataFrame]``; the order comes from those declarations
(``etl.steps.order``). The tables a step returns become visible to later steps through ``ctx.tables`` and
are published together at the end, so a failing step leaves ``data/published`` exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import filelock

from etl.core import config
from etl.core.digests import sha256_file
from etl.core.errors import Ict4dError
from etl.steps import BuildContext, build_order
from etl.steps import names as step_names

__all__ = ["BuildContext", "build_lock", "build_manifest", "run"]


# --- incremental builds: the manifest of everything a build depends on ----------------------------------
MANIFEST_FILE = "build.json"
CODE_DIR = Path(__file__).resolve().parent  # the etl package: its code is an input of the build too
_SKIP_SUFFIXES = (".new", ".part", ".pyc")  # fetch's files under review, partial downloads, bytecode


def _hash_tree(root: Path, pattern: str = "*", exclude: tuple[Path, ...] = ()) -> dict[str, str]:
    """sha256 of every file under `root` matching `pattern`, keyed by path relative to root (sorted)."""
    hashes = {}
    for path in sorted(root.rglob(pattern)):
        rel = path.relative_to(root)
        if (
            not path.is_file()
            or any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
            or path.name.endswith(_SKIP_SUFFIXES)
            or any(path.is_relative_to(e) for e in exclude)
        ):
            continue
        hashes[rel.as_posix()] = sha256_file(path)
    return hashes


def build_manifest(
    sources_dir: Path, out_dir: Path = config.PUBLISHED_DIR, as_of: date | None = None
) -> dict:
    """What a build reads: every source file, the registries in data/, the etl code, library versions and
    the as-of date the targets are scored on (so a rebuild on another day, e.g. after New Year, re-scores
    deadlines instead of being skipped).

    Paths are relative (the manifest is committed with data/published). The whole sources directory is
    hashed, a superset of the files the steps read, so a step that starts reading a new file is covered.
    """
    import platform
    from importlib.metadata import version

    data_dir = Path(config.DATA_DIR)
    return {
        "sources": _hash_tree(Path(sources_dir)),
        "registries": _hash_tree(data_dir, exclude=(Path(config.PUBLISHED_DIR), Path(out_dir))),
        "code": _hash_tree(CODE_DIR, "*.py"),
        "steps": step_names(),
        "as_of": (as_of or date.today()).isoformat(),
        "versions": {
            "python": platform.python_version(),
            **{lib: version(lib) for lib in ("pandas", "pandera", "pyarrow", "numpy")},
        },
    }


def previous_build(out_dir: Path) -> dict | None:
    """The manifest stored by the last build in `out_dir`, if that build's tables are all still there."""
    try:
        stored = json.loads((Path(out_dir) / MANIFEST_FILE).read_text())
        package = json.loads((Path(out_dir) / "datapackage.json").read_text())
        tables = [r["name"] for r in package["resources"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((Path(out_dir) / f"{t}.{ext}").is_file() for t in tables for ext in ("csv", "parquet")):
        return None
    return stored


def _changes(old: dict, new: dict) -> str:
    """A short account of what differs between two manifests, for the build log."""
    parts = []
    for key in new:
        a, b = old.get(key), new[key]
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict) and key != "versions":
            changed = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            parts.append(f"{key}: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}")
        else:
            parts.append(key)
    return "; ".join(parts) or "manifest format"


# --- one build at a time per output folder ---------------------------------------------------------------
LOCK_TIMEOUT_ENV = "ICT4D_BUILD_LOCK_TIMEOUT"
LOCK_TIMEOUT = 600.0  # seconds a build waits for another one into the same folder (a full build: ~10 s)
LOCK_NOTE_EVERY = 30.0  # while waiting, say so this often


class BuildLocked(Ict4dError):
    """Another build into the same folder held it for longer than this one waits."""


def lock_path(out_dir: Path) -> Path:
    """The lock of an output folder: a file beside it (`data/.published.lock`), never among its tables."""
    out = Path(out_dir)
    return out.with_name(f".{out.name}.lock")


def _lock_timeout() -> float:
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    try:
        return float(raw) if raw else LOCK_TIMEOUT
    except ValueError:
        raise config.ConfigError(f"{LOCK_TIMEOUT_ENV}={raw!r}: give the seconds to wait, e.g. 600") from None


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "another build (it has not said who it is yet)"
    except OSError:
        return "another build"


@contextmanager
def build_lock(
    out_dir: Path, log: Callable[[str], None] = print, timeout: float | None = None
) -> Iterator[None]:
    """Hold the output folder's lock for a whole build; wait at most `timeout` seconds for it.

    Why: a second build's recovery step (publish.recover) removes the temporary folders a killed build left,
    and would remove a live build's working folder too. The lock (filelock: flock, released by the OS when
    its holder dies) says who holds it: pid, host and start time, written into the lock file. The waiter
    prints that at once and every half minute, and gives up with one line.
    """
    path = lock_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    timeout = _lock_timeout() if timeout is None else timeout
    me = (
        f"pid {os.getpid()}, started {datetime.now(UTC).isoformat(timespec='seconds')} "
        f"on {socket.gethostname()}"
    )

    def stamp(fd: int) -> None:  # who holds it, for the next build that has to wait
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.encode(), 0)

    lock = filelock.FileLock(path, on_acquired=stamp)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        deadline = time.monotonic() + timeout
        log(f"{out_dir} is being built by {_holder(path)}; waiting up to {timeout:.0f} s for it to finish")
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BuildLocked(
                    f"{out_dir} is being built by {_holder(path)}; gave up after {timeout:.0f} s "
                    f"(set {LOCK_TIMEOUT_ENV}=<seconds> to wait longer)"
                ) from None
            try:
                lock.acquire(timeout=min(left, LOCK_NOTE_EVERY), poll_interval=0.2)
                break
            except filelock.Timeout:
                if deadline - time.monotonic() > 0:
                    log(f"still waiting for {_holder(path)}")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.truncate(path, 0)  # still ours: nobody writes it before we release
        lock.release()


def run(
    sources_dir: Path,
    out_dir: Path = config.PUBLISHED_DIR,
    log: Callable[[str], None] = print,
    force: bool = False,
    as_of: date | None = None,
) -> BuildContext | None:
    """Run all steps, then publish (validate into a temporary folder, then swap); one build at a time per
    output folder (`build_lock`).

    `as_of` (default today) is the day targets are scored on: a deadline year has passed once it is after
    that year's 31 December. Returns None without doing anything when the manifest of the last build in
    `out_dir` matches the current inputs, as-of date included (unless `force`).
    """
    with build_lock(out_dir, log):
        return _run(sources_dir, out_dir, log, force, as_of or date.today())


def _run(
    sources_dir: Path, out_dir: Path, log: Callable[[str], None], force: bool, as_of: date
) -> BuildContext | None:
    out = Path(out_dir)
    if any(out.parent.glob(f".{out.name}-new-*")) or out.with_name(f".{out.name}-old").exists():
        from etl import publish  # only now: a killed build left something to clean up or restore

        publish.recover(out, log)
    manifest = build_manifest(sources_dir, out_dir, as_of)
    previous = previous_build(out_dir)
    if previous is not None and not force:
        if previous.get("manifest") == manifest:
            log(
                f"nothing changed since {previous.get('built_at', '?')}; {out_dir} is up to date "
                "(--force rebuilds)"
            )
            return None
        log(f"rebuilding: changed since the last build: {_changes(previous.get('manifest', {}), manifest)}")
    from etl import publish  # imports pandas and pandera: only when there is work to do

    steps = build_order()  # before any step runs: declarations that make no order fail in one line
    ctx = BuildContext(sources_dir=sources_dir, out_dir=out_dir, log=log, as_of=as_of)
    started = time.perf_counter()
    for step in steps:
        t0 = time.perf_counter()
        log(f"[{step.label}] running")
        produced = step.run(ctx)
        undeclared = sorted(set(produced) - set(step.outputs))
        if undeclared:  # a table the order knows nothing of could be read before it is made
            raise Ict4dError(f"step {step.name} returned {', '.join(undeclared)}, not in its OUTPUTS")
        ctx.tables.update(produced)
        sizes = ", ".join(f"{k}: {len(v):,} rows" for k, v in produced.items())
        log(f"[{step.label}] done in {time.perf_counter() - t0:.1f}s ({sizes})")
    built_at = datetime.now(UTC).isoformat(timespec="seconds")
    stamp = json.dumps({"built_at": built_at, "manifest": manifest}, indent=1, sort_keys=True) + "\n"
    publish.publish(ctx.tables, out_dir, log=log, extra_files={MANIFEST_FILE: stamp})
    log(f"build finished in {time.perf_counter() - started:.1f}s; wrote {out_dir}")
    for report in ctx.reports:
        log(report)
    for w in ctx.warnings:
        log(f"warning: {w}")
    return ctx
