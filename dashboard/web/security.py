"""Production hardening of the Dash app, installed by one call in `create_app`: `harden(app)`.

Why one module: every response must carry the same security headers, no error may leak a stack trace,
request bodies are bounded, responses are compressed, and callback answers are cached per process (or in
Redis when `ICT4D_CACHE_REDIS_URL` is set) — whichever way the app is served (`ict4d serve`,
gunicorn, the test client).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import dash
import flask
from flask_caching import Cache
from flask_caching.backends.base import BaseCache
from werkzeug.exceptions import HTTPException

from dashboard.web import limits
from etl.core.errors import Ict4dError

log = logging.getLogger("ict4d.dashboard")

# A callback request is a few kB; 1 MiB leaves room for large dropdown values and still stops abuse.
MAX_REQUEST_BYTES = 1024 * 1024
REDIS_ENV = "ICT4D_CACHE_REDIS_URL"
CACHE_TIMEOUT_S = 3600  # published data changes only when the app restarts; the timeout bounds memory
GENERIC_ERROR = "Internal server error. The error was logged on the server"
CALLBACK_ROUTE = "_dash-update-component"
MAX_CACHED_RESPONSE_BYTES = 2 * 1024 * 1024
# the in-process cache holds at most this many bytes of answers per worker (least recently used go first)
CACHE_BYTES_ENV = "ICT4D_CACHE_MAX_BYTES"
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024

# One Cache for the process; `create_app` binds it to the server through `harden`.
cache = Cache()

# Callbacks whose answers depend on what a visitor sent (a draft's text): never cached, by the ids of their
# outputs (their request bounds are in `limits`).
_private: set[str] = set()


def private_callbacks(*component_ids: str, large: str | None = None) -> None:
    """Never cache the callbacks that write to these component ids (their answers hold a visitor's text);
    they take a text of up to `limits.MAX_TEXT_REQUEST_BYTES`, and the callback that writes `large` an
    upload of up to `limits.UPLOAD_MAX_REQUEST_BYTES`."""
    _private.update(component_ids)
    for component_id in component_ids:
        limits.allow_large(component_id, limits.MAX_TEXT_REQUEST_BYTES)
    if large:
        limits.allow_large(large, limits.UPLOAD_MAX_REQUEST_BYTES)


def cache_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """flask-caching settings: Redis when $ICT4D_CACHE_REDIS_URL is set, else an in-process SimpleCache."""
    env = os.environ if env is None else env
    url = env.get(REDIS_ENV, "").strip()
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise Ict4dError(f"${REDIS_ENV} must be a redis://, rediss:// or unix:// URL, got {url!r}")
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            "CACHE_KEY_PREFIX": "ict4d:",
            "CACHE_DEFAULT_TIMEOUT": CACHE_TIMEOUT_S,
        }
    # bounded per worker in bytes, not entries: answers range from 1 kB to 2 MB
    budget = env.get(CACHE_BYTES_ENV, "").strip()
    if budget and not (budget.isdigit() and int(budget) >= MAX_CACHED_RESPONSE_BYTES):
        raise Ict4dError(f"${CACHE_BYTES_ENV} must be a number of bytes >= {MAX_CACHED_RESPONSE_BYTES}")
    return {
        "CACHE_TYPE": f"{__name__}.ByteBoundedCache",
        "CACHE_DEFAULT_TIMEOUT": CACHE_TIMEOUT_S,
        "CACHE_OPTIONS": {"max_bytes": int(budget) if budget else DEFAULT_CACHE_BYTES},
    }


class ByteBoundedCache(BaseCache):
    """An in-process cache of bytes values bounded by their total size (least recently used evicted
    first), thread-safe; a value larger than the whole budget is not kept.

    Why not flask-caching's SimpleCache: it counts entries, so 500 answers of 2 MB could hold 1 GB.
    """

    def __init__(self, default_timeout: int = 300, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        super().__init__(default_timeout=default_timeout)
        self.max_bytes = max_bytes
        self.size = 0  # bytes held now
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def factory(cls, app: flask.Flask, config: Mapping, args: list, kwargs: dict) -> ByteBoundedCache:
        """flask-caching's constructor hook (CACHE_TYPE names this class)."""
        return cls(
            default_timeout=kwargs.get("default_timeout", config.get("CACHE_DEFAULT_TIMEOUT", 300)),
            max_bytes=int(kwargs.get("max_bytes", DEFAULT_CACHE_BYTES)),
        )

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] and item[0] < time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return item[1]

    def set(self, key: str, value: bytes, timeout: int | None = None) -> bool:
        blob = bytes(value)
        if len(blob) > self.max_bytes:
            return False
        timeout = self.default_timeout if timeout is None else timeout
        expires = time.monotonic() + timeout if timeout else 0.0
        with self._lock:
            self._drop(key)
            self._items[key] = (expires, blob)
            self.size += len(blob)
            while self.size > self.max_bytes:
                self._drop(next(iter(self._items)))
        return True

    def add(self, key: str, value: bytes, timeout: int | None = None) -> bool:
        return False if self.has(key) else self.set(key, value, timeout)

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def delete(self, key: str) -> bool:
        with self._lock:
            return self._drop(key)

    def clear(self) -> bool:
        with self._lock:
            self._items.clear()
            self.size = 0
        return True

    def _drop(self, key: str) -> bool:
        item = self._items.pop(key, None)
        if item is not None:
            self.size -= len(item[1])
        return item is not None


def content_security_policy(script_hashes: list[str]) -> str:
    """The CSP Dash and plotly.js work with: scripts only from us, plus Dash's hashed inline scripts
    (`script_hashes` as `dash.Dash.csp_hashes()` gives them, quoted).

    style-src needs 'unsafe-inline' because plotly.js injects <style> elements at run time; images allow
    data:/blob: for plotly's modebar icons and "download as PNG"; maplibre (map traces) runs blob: workers.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def security_headers(csp: str) -> dict[str, str]:
    """Headers set on every response."""
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


def _generic_error(exc: Exception) -> flask.Response | HTTPException:
    """Log the full error with a reference; the client only gets the reference, never a traceback."""
    if isinstance(exc, HTTPException):  # 404, 405, 413...: already safe and meaningful
        return exc
    ref = uuid.uuid4().hex[:12]
    log.error("unhandled error ref=%s on %s %s", ref, flask.request.method, flask.request.path, exc_info=exc)
    return flask.Response(f"{GENERIC_ERROR} (ref {ref}).\n", status=500, mimetype="text/plain")


def install_callback_cache(server: flask.Flask) -> None:
    """Answer a callback request from the cache when the same request was answered before.

    Sound because callbacks are stateless functions of the request body (inputs, state, triggering
    prop) and published data only changes when the server restarts; a page view, a changed control or a
    shared URL costs one computation per distinct view and worker (or once in all when Redis is used).
    """

    def lookup() -> flask.Response | None:
        if flask.request.method != "POST" or not flask.request.path.endswith(CALLBACK_ROUTE):
            return None
        body = flask.request.get_json(silent=True)
        if body is None or limits.output_ids(body) & _private:  # a visitor's own text: never kept
            return None
        # canonical JSON, so the same view is one entry whatever the client's key order or spacing
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        key = "callback:" + hashlib.sha256(canonical.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            flask.g.ict4d_cache_hit = True
            return flask.Response(hit, status=200, mimetype="application/json")
        flask.g.ict4d_cache_key = key
        return None

    def store(response: flask.Response) -> flask.Response:
        key = flask.g.pop("ict4d_cache_key", None)
        if (
            key
            and response.status_code == 200
            and response.mimetype == "application/json"
            and not response.direct_passthrough
            and (response.content_length or 0) <= MAX_CACHED_RESPONSE_BYTES
        ):
            cache.set(key, response.get_data())
        return response

    server.before_request(lookup)
    server.after_request(store)


def _compress_config() -> dict[str, Any]:
    return {
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/plain",
            "text/csv",
            "application/json",
            "application/javascript",
            "text/javascript",
            "image/svg+xml",
        ],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        # measured on the 38 MB observations CSV: brotli quality 1 takes 0.13 s for 1.98 MB, quality 4 takes
        # 2 s for 1.66 MB; every response is compressed on the fly, so the cheap setting wins
        "COMPRESS_BR_LEVEL": 1,
        "COMPRESS_LEVEL": 6,
    }


def harden(app: dash.Dash, cache_callbacks: bool = True) -> dash.Dash:
    """Install headers, CSP, request bounds, generic errors, compression and the cache on the app's server."""
    from flask_compress import Compress

    server: flask.Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.config["PROPAGATE_EXCEPTIONS"] = False
    limits.install(server)  # oversized addresses and callback requests are refused before anything runs
    if cache not in server.extensions.get("cache", {}):
        cache.init_app(server, config=cache_config())
    for key, value in _compress_config().items():
        server.config.setdefault(key, value)
    if "compress" not in server.extensions:
        Compress(server)
        server.extensions["compress"] = True
    server.register_error_handler(Exception, _generic_error)
    if cache_callbacks:
        install_callback_cache(server)  # after Compress, so it stores uncompressed bodies (hooks run LIFO)

    headers: dict[str, str] = {}

    def add_headers(response: flask.Response) -> flask.Response:
        # hashes are computed on the first response, once every (clientside) callback is registered
        if not headers:
            headers.update(security_headers(content_security_policy(list(app.csp_hashes()))))
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    server.after_request(add_headers)
    return app
