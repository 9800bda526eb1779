"""Servers and the browser for the tests, benchmarks and load test: `ict4d serve` in a child process on a
free loopback port, a Flask app in a thread, and the headless Chromium that opens them.

One place for starting, waiting and stopping, because the details matter: the server's output goes to a
file (a pipe nobody reads fills up after a few hundred requests and then blocks the server), and the whole
process group is stopped (gunicorn's workers too).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from werkzeug.serving import make_server

REPO_ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium (installed by scripts/setup), never a browser downloaded by a test tool; without the
# background-networking flags it keeps trying to reach Google's hosts on a closed network
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(
    *args: str,
    ready_path: str = "/_dash-layout",
    timeout: float = 120.0,
    log_path: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `ict4d serve ARGS --host 127.0.0.1 --port <free>`; yield (base URL, process) once it answers.

    The server's output goes to `log_path` (a temporary file if None); its end is part of the error when
    the server exits or does not answer within `timeout` seconds.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "dashboard.cli", "serve", *args, "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w+", encoding="utf-8") if log_path else tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        try:
            try:
                wait_until_up(url + ready_path, proc, timeout)
            except (RuntimeError, TimeoutError) as exc:
                log.seek(0)
                raise RuntimeError(f"{exc}; server output:\n{log.read()[-4000:]}") from None
            yield url, proc
        finally:
            stop(proc)


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Poll `url` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


def stop(proc: subprocess.Popen, grace: float = 30.0) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it is still there after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@contextlib.contextmanager
def threaded_server(flask_app) -> Iterator[str]:
    """Serve a Flask app on a loopback port in a thread; yields the base URL."""
    server = make_server("127.0.0.1", free_port(), flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def browser_available() -> bool:
    """Is Debian's chromium installed (the browser tests are skipped without it)?"""
    return Path(CHROMIUM).exists()
