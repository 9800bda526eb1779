"""Shared fixtures of the dashboard tests.

- Every test runs on the small published fixture (tests/fixtures/published, built from the real source files
  by tests/fixtures/make_published.py), never on the committed data/published.
- Views (``dashboard.views``) need no app: the autouse fixture points the one reader at the fixture.
- ``app``: the Dash app on the fixture (session); the Dash page modules are importable once it exists
  (``dashboard.web.pages.<name>``, through the ``pages`` fixture).
- ``renderer``: one headless Chromium for the tests that draw charts (session).
- ``live_url``: the real app served by ``ict4d serve`` in a subprocess on a free loopback port (session).
- ``browser`` / ``page``: headless Debian Chromium driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.core import config
from tests import localserver
from tests.localserver import CHROMIUM, CHROMIUM_ARGS

FIXTURE_DIR = config.REPO_ROOT / "tests" / "fixtures" / "published"


@pytest.fixture(scope="session")
def fixture_dir() -> Path:
    return FIXTURE_DIR


@pytest.fixture(scope="session")
def app(fixture_dir: Path):
    from dashboard.web.app import create_app

    return create_app(fixture_dir)


@pytest.fixture(autouse=True)
def _fixture_data(fixture_dir: Path) -> None:
    """Point the one reader at the fixture before each test (another test may have pointed it elsewhere)."""
    from dashboard.views import published

    published.use(fixture_dir)


@pytest.fixture(autouse=True, scope="session")
def _validate_figures() -> None:
    """Every figure a test builds is checked against plotly's schema (the app skips that for speed)."""
    from dashboard.views.figures import base

    base.VALIDATE_FIGURES = True


@pytest.fixture
def pages(app):
    """Import a Dash page module by name (the app must exist first because pages call register_page)."""
    return lambda name: importlib.import_module(f"dashboard.web.pages.{name}")


@pytest.fixture(scope="session")
def renderer():
    from dashboard.render.browser import Renderer

    with Renderer() as r:
        yield r


@pytest.fixture(scope="session")
def live_url(fixture_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`ict4d serve` on the fixture, in its own process; yields the base URL and stops it afterwards."""
    log_path = tmp_path_factory.mktemp("live-server") / "serve.log"
    with localserver.serve("--data", str(fixture_dir), log_path=log_path, timeout=60) as (url, _proc):
        yield url


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
