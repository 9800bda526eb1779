"""Helpers for tests that need a real server or a real browser (shared by the serving tests)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from werkzeug.serving import make_server

from dashboard.localserver import CHROMIUM, free_port


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
    return Path(CHROMIUM).exists()
