"""`ict4d serve --prod --front`: Debian's nginx in front of gunicorn, both in the foreground.

Why a front: gunicorn's threads belong to whoever holds a connection, so ten clients sending their headers
at one byte a second hold ten threads; nginx holds any number of slow connections in one event loop and
hands the app only complete requests, buffers its answers, refuses oversized requests itself (414, 431,
413 with the security headers), and serves the static files with long cache lifetimes. gunicorn listens
on a unix socket in a private temporary folder, so only nginx can reach it; nginx runs as the current
user with its pid, temporary files and cache in the same folder and logs to stderr.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.web import limits, security, server
from etl.core import config
from etl.core.errors import Ict4dError

TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
ASSETS = Path(__file__).resolve().parents[1] / "assets"
NGINX_ENV = "ICT4D_NGINX"  # the nginx executable (default: nginx on PATH, then /usr/sbin/nginx)


def find_nginx() -> str:
    """Debian's nginx (apt-get install nginx; scripts/setup does), or a one-line error."""
    found = os.environ.get(NGINX_ENV) or shutil.which("nginx") or "/usr/sbin/nginx"
    if not (os.path.isfile(found) and os.access(found, os.X_OK)):
        raise Ict4dError("no nginx found (apt-get install nginx, or set $ICT4D_NGINX): needed by --front")
    return found


def nginx_conf(listen: str, upstream: str, run_dir: Path, *, access_log: str | None = None) -> str:
    """The nginx configuration, from the template: `listen` (host:port), `upstream` (unix:/path or
    host:port of gunicorn), every runtime file in `run_dir`; the security headers are the app's own."""
    headers = {k: v for k, v in security.security_headers("").items() if k != "Content-Security-Policy"}
    hide = "\n".join(f"        proxy_hide_header {name};" for name in headers)
    add = "\n".join(f'        add_header {name} "{value}" always;' for name, value in headers.items())
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""  # workers stay the current user
    values = {
        "RUN": str(run_dir),
        "USER": user,
        "ACCESS_LOG": "/dev/stdout" if access_log == "-" else (access_log or "off"),
        "MAX_BODY": f"{security.MAX_REQUEST_BYTES // 1024}k",
        "MAX_BODY_TEXT": f"{security.MAX_REQUEST_BYTES / 2**20:g} MiB",
        "MAX_CALLBACK": f"{limits.UPLOAD_MAX_REQUEST_BYTES // 1024}k",
        "MAX_CALLBACK_TEXT": f"{limits.UPLOAD_MAX_REQUEST_BYTES / 2**20:g} MiB",
        "UPSTREAM": upstream,
        "LISTEN": listen,
        "ASSETS": str(ASSETS),
        "HIDE_HEADERS": hide,
        "ADD_HEADERS": add,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    return text


def _wait_for_socket(path: Path, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Ict4dError(f"gunicorn exited with {proc.returncode} before it listened (see above)")
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as s:
            s.connect(str(path))
            return
        time.sleep(0.2)
    raise Ict4dError(f"gunicorn did not listen on {path} within {timeout:.0f}s")


def run(host: str, port: int, workers: int, data_dir: Path, log: Callable[[str], None] = print) -> int:
    """Start gunicorn on a private unix socket, then nginx on host:port in front; stop both when either
    ends or on SIGTERM/SIGINT; returns the exit code."""
    nginx = find_nginx()
    run_dir = Path(tempfile.mkdtemp(prefix="ict4d-front-"))
    os.chmod(run_dir, 0o700)
    sock = run_dir / "gunicorn.sock"
    env = {**os.environ, server.DATA_ENV: str(Path(data_dir).resolve())}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(config.REPO_ROOT), env.get("PYTHONPATH")]))
    procs: list[subprocess.Popen] = []

    def stop(*_: object) -> None:
        for p in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                p.send_signal(signal.SIGTERM if p is procs[0] else signal.SIGQUIT)  # nginx: graceful

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        procs.append(subprocess.Popen(server.gunicorn_argv_bind(f"unix:{sock}", workers), env=env))
        _wait_for_socket(sock, procs[0], timeout=180)
        conf = run_dir / "nginx.conf"
        conf.write_text(
            nginx_conf(
                f"{host}:{port}", f"unix:{sock}", run_dir, access_log=os.environ.get("ICT4D_ACCESS_LOG")
            ),
            encoding="utf-8",
        )
        test = subprocess.run([nginx, "-t", "-q", "-e", "stderr", "-p", str(run_dir), "-c", str(conf)])
        if test.returncode:
            raise Ict4dError(f"nginx refused its configuration {conf} (see above)")
        procs.append(subprocess.Popen([nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(conf)]))
        log(f"nginx on http://{host}:{port}/ in front of gunicorn ({workers} workers) at {sock}")
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        stop()
        codes = [p.wait(30) for p in procs]
        return next((c for c in codes if c), 0)
    finally:
        stop()
        for p in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(20)
            if p.poll() is None:
                p.kill()
        shutil.rmtree(run_dir, ignore_errors=True)
