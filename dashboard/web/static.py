"""The app's scripts, served small and cached: plotly.js with only the trace types the app draws, and long
cache lifetimes on every file whose address changes with its content.

Why: plotly.min.js is 4.8 MB (1.7 MB compressed), most of each page's bytes, for trace types the app never
draws. `scripts/setup` builds ``dashboard/vendor/plotly-ict4d.min.js`` (scatter, bar and choropleth; pinned
npm packages in ``scripts/plotly/package-lock.json``) with gzip and brotli copies; `install` serves it at an
address carrying its sha256, sent before Dash's scripts, so dcc.Graph finds ``window.Plotly`` and never asks
for the full bundle. Without the built file the app serves Dash's own plotly.js and logs one warning.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import dash
import flask

log = logging.getLogger("ict4d.dashboard")

BUNDLE = Path(__file__).resolve().parents[1] / "vendor" / "plotly-ict4d.min.js"
ROUTE = "/_ict4d/plotly-{digest}.min.js"
IMMUTABLE = "public, max-age=31536000, immutable"
JS_TYPE = "text/javascript; charset=utf-8"
SUITES = "/_dash-component-suites/"


@dataclass(frozen=True)
class Bundle:
    """A script with its precompressed bodies and the digest in its address."""

    body: bytes
    encodings: dict[str, bytes]
    digest: str

    @property
    def path(self) -> str:
        return ROUTE.format(digest=self.digest)


def load_bundle(path: Path = BUNDLE) -> Bundle | None:
    """The built plotly.js bundle and its .br/.gz copies (gzip made here when missing), else None."""
    if not path.is_file():
        return None
    body = path.read_bytes()
    encodings = {}
    for suffix, name in ((".br", "br"), (".gz", "gzip")):
        packed = path.with_name(path.name + suffix)
        if packed.is_file() and packed.stat().st_mtime >= path.stat().st_mtime:
            encodings[name] = packed.read_bytes()
    encodings.setdefault("gzip", gzip.compress(body, 9))
    return Bundle(body, encodings, hashlib.sha256(body).hexdigest()[:16])


def _accepts(encoding: str) -> bool:
    return encoding in {
        e.split(";")[0].strip() for e in flask.request.headers.get("Accept-Encoding", "").split(",")
    }


def _send(bundle: Bundle) -> flask.Response:
    """The bundle in the best encoding the client accepts, cached for a year (its address changes with it)."""
    name = next((n for n in ("br", "gzip") if n in bundle.encodings and _accepts(n)), None)
    response = flask.Response(bundle.encodings[name] if name else bundle.body, content_type=JS_TYPE)
    if name:
        response.headers["Content-Encoding"] = name
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = IMMUTABLE
    return response


def _fingerprinted(request: flask.Request) -> bool:
    """Does the address change whenever the file does? Dash's component suites carry their version and
    modification time in the name (``dash_core_components.v4_4_1m1733300000.js``), assets a ``?m=`` stamp."""
    from dash.fingerprint import check_fingerprint

    if request.path.startswith(SUITES):
        return check_fingerprint(request.path.rsplit("/", 1)[-1])[1]
    return request.path.startswith("/assets/") and "m" in request.args


def install(app: dash.Dash, bundle: Bundle | None) -> None:
    """Serve the bundle (if built) and give every fingerprinted file a one-year, immutable cache lifetime."""
    server: flask.Flask = app.server
    if bundle is None:
        log.warning(
            "no %s: serving Dash's full plotly.js (run scripts/setup to build the small one)", BUNDLE.name
        )
    else:
        server.add_url_rule(bundle.path, "ict4d_plotly", lambda: _send(bundle))

    def cache_headers(response: flask.Response) -> flask.Response:
        if response.status_code == 200 and _fingerprinted(flask.request):
            response.headers["Cache-Control"] = IMMUTABLE
        return response

    server.after_request(cache_headers)


def external_scripts(bundle: Bundle | None) -> list[str]:
    """The scripts to send before Dash's own: the small plotly.js, when it is built."""
    return [bundle.path] if bundle is not None else []
