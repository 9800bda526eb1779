"""`ict4d serve --prod --front`: Debian's nginx in front of gunicorn, on loopback. Slow clients do not starve
a normal request; oversized requests get nginx's own 414/431/413 with the security headers; static files
carry long cache lifetimes."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from dashboard.web import front, security
from etl.core import config
from tests import localserver

FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"
HEADERS = [k for k in security.security_headers("") if k != "Content-Security-Policy"]
pytestmark = pytest.mark.slow


def test_the_generated_config_is_valid_and_self_contained(tmp_path):
    conf = front.nginx_conf("127.0.0.1:8999", f"unix:{tmp_path}/g.sock", tmp_path)
    assert "@@" not in conf and "daemon off;" in conf and f"pid {tmp_path}/nginx.pid;" in conf
    for setting in (
        "client_header_timeout",
        "client_body_timeout",
        "send_timeout",
        "client_max_body_size",
        "large_client_header_buffers",
        "proxy_buffering on",
    ):
        assert setting in conf
    assert conf.count(" always;") >= len(HEADERS) + 1
    (tmp_path / "nginx.conf").write_text(conf)
    check = subprocess.run(
        [front.find_nginx(), "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


@pytest.fixture(scope="module")
def fronted(tmp_path_factory):
    log = tmp_path_factory.mktemp("front") / "serve.log"
    with localserver.serve(
        "--prod", "--front", "--workers", "2", "--data", str(FIXTURE), ready_path="/", log_path=log
    ) as (url, proc):
        yield url, proc


def _has_security_headers(r: requests.Response) -> None:
    for name in HEADERS:
        assert r.headers.get(name) == security.security_headers("")[name], f"{name} on {r.status_code}"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert "," not in r.headers["X-Frame-Options"], "one copy of each header"


def test_pages_come_through_the_front_with_the_apps_headers(fronted):
    url, _ = fronted
    r = requests.get(url + "/explorer", timeout=30)
    assert r.status_code == 200 and r.headers["Server"] == "nginx"
    _has_security_headers(r)
    assert "script-src 'self' 'sha256-" in r.headers["Content-Security-Policy"]  # the app's own CSP


@pytest.mark.parametrize(
    "kind, status",
    [("url", 414), ("header", 431), ("body", 413), ("callback", 413)],
)
def test_oversized_requests_get_nginxs_answer_with_security_headers(fronted, kind, status):
    url, _ = fronted
    big = "a" * 9000
    if kind == "url":
        r = requests.get(f"{url}/explorer?entities={big}", timeout=30)
    elif kind == "header":
        r = requests.get(url + "/", headers={"X-Big": big}, timeout=30)
    else:
        r = requests.post(
            url + "/_dash-update-component",
            data=b"x" * (2 * 1024 * 1024),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
    assert r.status_code == status
    assert r.headers["Server"] == "nginx"
    _has_security_headers(r)


def test_static_files_have_long_cache_lifetimes(fronted):
    url, _ = fronted
    page = requests.get(url + "/", timeout=30).text
    script = next(p for p in page.split('"') if p.startswith("/_dash-component-suites/"))
    css = next(p for p in page.split('"') if p.startswith("/assets/") and ".css" in p)
    for path in (script, css):
        r = requests.get(url + path, timeout=30)
        assert r.status_code == 200
        ages = [
            int(part.split("=")[1]) for part in r.headers["Cache-Control"].split(",") if "max-age" in part
        ]
        assert ages and min(ages) >= 30 * 86400, (path, r.headers["Cache-Control"])
        assert r.headers["Cache-Control"].count("max-age") == 1
        _has_security_headers(r)


def slow_client(host: str, port: int, stop: threading.Event) -> None:
    """Send a request's headers at one byte a second until stopped or cut off."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=5) as s:
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            if stop.is_set():
                return
            s.sendall(bytes([byte]))
            time.sleep(1)


def test_ten_slow_clients_do_not_starve_a_normal_request(fronted):
    url, _ = fronted
    parts = urlsplit(url)
    stop = threading.Event()
    slow = [
        threading.Thread(target=slow_client, args=(parts.hostname, parts.port, stop), daemon=True)
        for _ in range(10)
    ]
    for t in slow:
        t.start()
    try:
        time.sleep(3)  # every slow client holds its connection now
        for path in ("/", "/explorer", "/_dash-layout", "/download/entities.csv"):
            r = requests.get(url + path, timeout=15)
            assert r.status_code == 200, path
    finally:
        stop.set()
        for t in slow:
            t.join(5)
