"""The one browser that draws charts: a headless Chromium driven by kaleido 1.x, found on the system
(never downloaded), kept open for any number of charts.

Why one: starting Chromium takes 1-3 s, so a 40-chart brief or a busy server shares one; a browser that
died is replaced on the next chart. Maps draw from the app's own outlines, so exports work offline.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.views.spec import ExportError

FORMATS = ("png", "svg", "pdf")
# Chromium's executable names on Linux, macOS (Homebrew) and in Google's packages, in order of preference
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_ENV = "BROWSER_PATH"  # the variable choreographer (kaleido's browser driver) reads too
# map outlines shipped with the app (plotly would fetch them from its CDN: exports must work offline)
TOPOJSON_DIR = Path(__file__).resolve().parents[1] / "assets" / "topojson"


def find_browser(explicit: str | Path | None = None) -> Path:
    """Locate the system Chromium: an explicit path, then $BROWSER_PATH, then the PATH. Never downloads."""
    if explicit or os.environ.get(BROWSER_ENV):
        path = Path(explicit or os.environ[BROWSER_ENV]).expanduser()
        origin = "--browser" if explicit else f"${BROWSER_ENV}"
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ExportError(f"no Chromium at {path} (from {origin}): not an executable file")
        return path
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ExportError(
        f"no Chromium found (looked for {', '.join(BROWSER_NAMES)} on PATH and ${BROWSER_ENV}): "
        "install Debian's chromium (bash scripts/setup) or set BROWSER_PATH"
    )


class Renderer:
    """One headless Chromium, kept open for many charts (kaleido.Kaleido on a private event loop).

    Use as a context manager, or `shared_renderer()` for the app. Thread-safe: calls from Flask's worker
    threads are queued onto the renderer's own loop.
    """

    def __init__(self, browser: str | Path | None = None, timeout: float = 90.0, tabs: int = 2) -> None:
        self.browser_path = find_browser(browser)
        self.timeout = timeout
        self.tabs = tabs  # charts rendered at once by `images` (2 measured fastest on a 2-core machine)
        self.topojson = TOPOJSON_DIR.as_uri() + "/" if TOPOJSON_DIR.is_dir() else None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._lock = threading.Lock()

    # lifecycle
    def start(self) -> Renderer:
        """Start the browser (about 1-3 s); a no-op while it runs; a new one if it has died (the app's
        renderer lives as long as the server, so a crashed or killed Chromium must not break every export)."""
        if self._kaleido is not None and not self._browser_alive():
            self.close(quiet=True)
        with self._lock:
            if self._kaleido is not None:
                return self
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="ict4d-renderer", daemon=True)
            self._thread.start()
            try:
                self._kaleido = self._run(self._open())
            except BaseException:
                self._stop_loop()
                raise
        return self

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(path=str(self.browser_path), mathjax=False, timeout=self.timeout, n=self.tabs)
        try:
            await k.open()
        except Exception as exc:
            raise ExportError(f"could not start Chromium at {self.browser_path}: {exc}") from exc
        return k

    def close(self, quiet: bool = False) -> None:
        """Close the browser and its loop; safe to call twice (`quiet`: ignore a browser already gone)."""
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._run(self._kaleido.close(), timeout=30)
                except Exception:
                    if not quiet:
                        raise
                finally:
                    self._kaleido = None
                    self._stop_loop()

    def _browser_alive(self) -> bool:
        proc = getattr(self._kaleido, "subprocess", None)
        return proc is None or proc.poll() is None

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
        self._loop, self._thread = None, None

    def __enter__(self) -> Renderer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_running(self) -> bool:
        """Is the browser started (and not closed)?"""
        return self._kaleido is not None

    @property
    def browser_pid(self) -> int | None:
        """The browser's process id while running: the same one for every chart this renderer makes."""
        proc = getattr(self._kaleido, "subprocess", None)
        return proc.pid if proc is not None else None

    def _run(self, coro: Any, timeout: float | None = None) -> Any:
        assert self._loop is not None
        fut: Future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return fut.result(timeout=timeout or self.timeout + 30)

    # work
    def image(self, fig: go.Figure, fmt: str, *, width: int, height: int, scale: float = 1) -> bytes:
        """Render a finished figure to png/svg/pdf bytes in the open browser."""
        return self.images([fig], fmt, width=width, height=height, scale=scale)[0]

    def images(
        self, figs: Sequence[go.Figure], fmt: str, *, width: int, height: int, scale: float = 1
    ) -> list[bytes]:
        """Render many finished figures, `tabs` at a time, in the open browser; results in input order."""
        if fmt not in FORMATS:
            raise ExportError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
        self.start()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}

        async def batch() -> list[bytes]:
            calls = [self._kaleido.calc_fig(f, opts=opts, topojson=self.topojson) for f in figs]
            return await asyncio.gather(*calls)

        try:
            return self._run(batch(), timeout=self.timeout * max(1, len(figs)))
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(f"rendering {fmt} failed: {type(exc).__name__}: {exc}") from exc

    def html_to_pdf(self, page: str) -> bytes:
        """Print a self-contained HTML page to PDF with the same browser (A4, backgrounds, text kept)."""
        self.start()
        with tempfile.TemporaryDirectory(prefix="ict4d-print-") as tmp:
            path = Path(tmp) / "page.html"
            path.write_text(page, encoding="utf-8")
            try:
                return self._run(self._print(path.as_uri()))
            except Exception as exc:
                raise ExportError(f"printing the report to PDF failed: {type(exc).__name__}: {exc}") from exc

    async def _print(self, url: str) -> bytes:
        k = self._kaleido
        tab = await k.create_tab("")
        try:
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.enable")
            await tab.send_command("Page.navigate", params={"url": url})
            await asyncio.wait_for(loaded, self.timeout)
            params = {
                "printBackground": True,
                "preferCSSPageSize": True,
                "paperWidth": 8.27,  # A4, inches
                "paperHeight": 11.69,
                "marginTop": 0.5,
                "marginBottom": 0.5,
                "marginLeft": 0.5,
                "marginRight": 0.5,
            }
            response = await tab.send_command("Page.printToPDF", params=params)
            if "error" in response:
                raise ExportError(f"Chromium refused to print: {response['error']}")
            return base64.b64decode(response["result"]["data"])
        finally:
            await k.close_tab(tab.target_id)


# The app's renderer: ONE Chromium per server process, started on the first export (never in gunicorn's
# preloading master, so no worker inherits a browser), closed after IDLE_S without exports, and used by at
# most SLOTS exports at once (more wait up to WAIT_S, then are refused as busy). Per server: workers x 1
# Chromium at most, and only in workers that exported in the last IDLE_S seconds.
SLOTS_ENV, IDLE_ENV = "ICT4D_RENDER_SLOTS", "ICT4D_RENDERER_IDLE_S"
SLOTS = max(1, int(os.environ.get(SLOTS_ENV, "2")))
IDLE_S = float(os.environ.get(IDLE_ENV, "300"))
WAIT_S = 60.0


class RendererBusy(ExportError):
    """Every slot of the app's renderer stayed busy for WAIT_S seconds: try again shortly."""


_shared: Renderer | None = None
_shared_lock = threading.Lock()
_slots = threading.BoundedSemaphore(SLOTS)
_in_use = 0
_last_used = 0.0
_reaper: threading.Thread | None = None


def shared_renderer() -> Renderer:
    """The process-wide renderer (started on first use, closed at exit or when idle): one browser per app
    process. Prefer `shared_session()`, which also bounds how many exports use it at once."""
    global _shared, _last_used
    with _shared_lock:
        if _shared is None:
            _shared = Renderer(tabs=SLOTS)
        _last_used = time.monotonic()
        _start_reaper()
        return _shared.start()


@contextlib.contextmanager
def shared_session(wait: float = WAIT_S) -> Iterator[Renderer]:
    """The shared renderer for one export, holding one of its SLOTS (RendererBusy after `wait` s)."""
    global _in_use, _last_used
    if not _slots.acquire(timeout=wait):
        raise RendererBusy(f"every chart renderer stayed busy for {wait:.0f} s; try again in a minute")
    try:
        with _shared_lock:
            _in_use += 1
        yield shared_renderer()
    finally:
        with _shared_lock:
            _in_use -= 1
            _last_used = time.monotonic()
        _slots.release()


def _close_shared() -> None:
    global _shared
    with _shared_lock:
        renderer, _shared = _shared, None
    if renderer is not None:
        renderer.close(quiet=True)


def close_if_idle(idle_s: float | None = None) -> bool:
    """Close the shared browser when no export used it for `idle_s` seconds (default IDLE_S); True if
    closed. The next export starts a new one (1-3 s): an idle worker gives Chromium's memory back."""
    global _shared
    idle_s = IDLE_S if idle_s is None else idle_s
    with _shared_lock:
        if _shared is None or _in_use or time.monotonic() - _last_used < idle_s:
            return False
        renderer, _shared = _shared, None
    renderer.close(quiet=True)
    return True


def _start_reaper() -> None:
    """Start (once per process, under _shared_lock) the thread that closes the idle browser."""
    global _reaper
    if _reaper is not None and _reaper.is_alive():
        return

    def reap() -> None:
        while True:
            time.sleep(max(1.0, min(IDLE_S, 30.0)))
            close_if_idle()

    _reaper = threading.Thread(target=reap, name="ict4d-renderer-reaper", daemon=True)
    _reaper.start()


def _forget_after_fork() -> None:
    """A forked child (a gunicorn worker) never uses its parent's browser, loop or locks."""
    global _shared, _shared_lock, _slots, _in_use, _reaper
    _shared, _reaper, _in_use = None, None, 0
    _shared_lock, _slots = threading.Lock(), threading.BoundedSemaphore(SLOTS)


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(_close_shared)
