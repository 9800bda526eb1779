"""Helpers for tests that need a real server or a real browser (shared by the serving tests)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from werkzeug.serving import make_server

from etl import config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f}s")


@contextlib.contextmanager
def prod_server(
    workers: int = 2, data_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `ict4d serve --prod` on a free loopback port; yields (base URL, process). Stops it afterwards."""
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    cmd = [sys.executable, "-m", "etl.cli", "serve", "--prod", "--workers", str(workers),
           "--host", "127.0.0.1", "--port", str(port)]
    if data_dir is not None:
        cmd += ["--data", str(data_dir)]
    proc = subprocess.Popen(cmd, cwd=config.REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", proc)
        yield url, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def browser_available() -> bool:
    return Path(CHROMIUM).exists()
