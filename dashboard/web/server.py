"""Production serving: the gunicorn command behind `ict4d serve --prod`, the folder it serves, and the
warm-up in gunicorn's master before it forks (the start-up check of every table is
`dashboard.views.published.preflight`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.web import downloads
from etl.core import config

if TYPE_CHECKING:
    import dash

# the published folder the gunicorn workers serve (set by `ict4d serve --prod --data DIR`)
DATA_ENV = "ICT4D_DATA_DIR"
GUNICORN_CONF = config.REPO_ROOT / "gunicorn.conf.py"
WSGI_APP = "dashboard.web.wsgi:app"


def default_workers(cpus: int | None = None) -> int:
    """One process per core plus one, capped at 8: each runs several threads (gunicorn.conf.py), so a slow
    callback never holds up the quick requests behind it, and the processes use every core."""
    cpus = cpus or os.cpu_count() or 1
    return min(cpus + 1, 8)


def data_dir_from_env(env: Mapping[str, str] | None = None) -> Path:
    """The published folder to serve: $ICT4D_DATA_DIR, else data/published."""
    env = os.environ if env is None else env
    value = env.get(DATA_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else config.PUBLISHED_DIR


def warm(app: dash.Dash, log: Callable[[str], None] = print) -> None:
    """Finish Dash's set-up, build every page's default view and every table download once, in gunicorn's
    master before it forks.

    Why: workers inherit the pages' memoised views and the neutralised CSVs copy-on-write, so no visitor
    waits for a cold worker, and a worker that dies or is recycled is replaced already warm. Dash sets
    itself up on its first request and is not thread-safe while doing so (a threaded worker's concurrent
    first requests fail with "the path requested is not valid"); done here, before any worker exists.
    """
    import dash

    t0 = time.perf_counter()
    app.server.test_client().get("/")  # Dash's first-request set-up: callbacks, scripts, served paths
    pages = [p for p in dash.page_registry.values() if callable(p.get("layout")) and p.get("path") != "/404"]
    for page in pages:
        page["layout"]()
    tables = downloads.warm()  # every table's CSV and the data-package zip, once
    log(
        f"warmed {len(pages)} pages and {len(tables)} table downloads (and the data zip) "
        f"in {time.perf_counter() - t0:.1f}s"
    )


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line `ict4d serve --prod` runs (settings in gunicorn.conf.py)."""
    return gunicorn_argv_bind(f"{host}:{port}", workers)


def gunicorn_argv_bind(bind: str, workers: int) -> list[str]:
    """The gunicorn command line on any bind address ("host:port", or "unix:/path" behind the front)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        bind,
        "--workers",
        str(workers),
        WSGI_APP,
    ]


def exec_gunicorn(host: str, port: int, workers: int, data_dir: Path) -> None:
    """Replace this process by the gunicorn master (so signals reach it directly)."""
    argv = gunicorn_argv(host, port, workers)
    env = {**os.environ, DATA_ENV: str(Path(data_dir).resolve())}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(config.REPO_ROOT), env.get("PYTHONPATH")]))
    os.execve(argv[0], argv, env)
