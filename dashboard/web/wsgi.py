"""The one WSGI entry point, for production: `gunicorn -c gunicorn.conf.py dashboard.web.wsgi:app`.

Serves the published folder in $ICT4D_DATA_DIR (default data/published). Every table is read here, at
import (`published.preflight`), so a corrupt file stops the start-up with one line naming it, and
gunicorn's preloading master holds the data, and every page's default view (`server.warm`), once for all
its workers.
"""

from __future__ import annotations

import sys

from dashboard.views import published
from dashboard.web import server
from dashboard.web.app import create_app
from etl.core.errors import Ict4dError

data_dir = server.data_dir_from_env()
try:
    published.preflight(data_dir, complete=True)
except Ict4dError as exc:
    print(f"error: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(1) from None

dash_app = create_app(data_dir)
server.warm(dash_app, log=lambda message: print(message, file=sys.stderr, flush=True))
if dash_app.server.debug:  # pragma: no cover - guard against a debug flag leaking into production
    raise SystemExit("error: refusing to serve with Flask debug mode on")
app = dash_app.server
