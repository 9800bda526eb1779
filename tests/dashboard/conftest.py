"""Shared fixtures of the dashboard tests.

- Every test runs on the small published fixture (tests/fixtures/published, built from the real source files
  by tests/fixtures/make_published.py), never on the committed data/published.
- ``app``: the Dash app on the fixture (session); page modules are importable once it exists
  (``from dashboard.pages import explorer`` inside a test or through the ``pages`` fixture).
- ``live_url``: the real app served by ``ict4d serve`` in a subprocess on a free loopback port (session).
- ``browser`` / ``page``: headless Debian Chromium driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import config

FIXTURE_DIR = config.REPO_ROOT / "tests" / "fixtures" / "published"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def fixture_dir() -> Path:
    return FIXTURE_DIR


@pytest.fixture(scope="session")
def app(fixture_dir: Path):
    from dashboard.app import create_app

    return create_app(fixture_dir)


@pytest.fixture(autouse=True)
def _fixture_data(fixture_dir: Path) -> None:
    """Point dashboard.data at the fixture before each test (another test may have pointed it elsewhere)."""
    from dashboard import data

    data.use(fixture_dir)


@pytest.fixture
def pages(app):
    """Import a page module by name (the app must exist first because pages call register_page)."""
    return lambda name: importlib.import_module(f"dashboard.pages.{name}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


@pytest.fixture(scope="session")
def live_url(fixture_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`ict4d serve` on the fixture, in its own process; yields the base URL and stops it afterwards.

    The server's request log goes to a file: a pipe nobody reads fills up after a few hundred requests
    and then blocks the server mid-session (pages time out in whichever tests run last)."""
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "etl.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data",
        str(fixture_dir),
    ]
    log_path = tmp_path_factory.mktemp("live-server") / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        cmd,
        cwd=config.REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            _wait_until_up(url + "/_dash-layout", proc)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{exc}:\n{log_path.read_text(encoding='utf-8')[-4000:]}") from None
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_url: str):
    """A fresh browser page; console errors are collected in ``page.console_errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.base_url = live_url
    yield pg
    context.close()
