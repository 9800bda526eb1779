"""gunicorn settings for the ict4d dashboard: `gunicorn -c gunicorn.conf.py dashboard.web.wsgi:app`.

`ict4d serve --prod [--workers N] [--host H] [--port P]` runs exactly this, with --bind and --workers
given on the command line (they override the defaults here).
"""

import os

from dashboard.web.server import default_workers

bind = os.environ.get("ICT4D_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("ICT4D_WORKERS", default_workers()))
# threads: a slow callback (a cold view, an export) no longer blocks the quick requests queued behind it.
# Measured with benchmarks/loadtest.py, 50 users for 60 s on 2 cores shared with other jobs (load average
# 6-8), zero errors either way: 5 sync workers p95 1.2-1.3 s; 3 workers x 4 threads p50 11 ms, p95 0.30 s.
worker_class = "gthread"
threads = int(os.environ.get("ICT4D_THREADS", "4"))
keepalive = 5  # seconds: longer than a user's pause between clicks, so kept-alive connections get reused
# load the app and every published table once in the master; workers fork from it, so a killed worker is
# replaced in milliseconds and the tables are shared copy-on-write
preload_app = True
timeout = 60  # a callback taking longer than this is a bug; the worker is killed and replaced
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, so a slow leak never grows without bound
max_requests_jitter = 500
limit_request_line = 8190  # long /explorer?… query strings still fit
limit_request_fields = 100
accesslog = os.environ.get("ICT4D_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = "info"
proc_name = "ict4d-dashboard"
control_socket_disable = True  # no runtime control socket: nothing to collide with, nothing to attack
