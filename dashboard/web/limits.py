"""Bounded work per request: what the server refuses before any page or callback runs.

Why here and not only in the parsers: the parsers (`dashboard.views.query`) are linear and cut their
input, but a request that is larger than any view can need is abuse or a bug, so it is answered with a
4xx and a one-line reason at once instead of being computed. The bounds follow from the views: an
address of at most 30 entities is a few hundred characters; a callback request is a few kB.
"""

from __future__ import annotations

import flask

from dashboard.views.query import MAX_VALUE_CHARS

CALLBACK_ROUTE = "_dash-update-component"
MAX_QUERY_BYTES = MAX_VALUE_CHARS  # a page address's query string (414 beyond)
MAX_CALLBACK_BYTES = 64 * 1024  # one callback request's JSON body (413 beyond)
MAX_LIST_ITEMS = 256  # items of one list in a callback request (an entity list keeps 30)
MAX_JSON_NODES = 20_000  # values in one callback request, all levels together


def _refuse(status: int, reason: str) -> flask.Response:
    return flask.Response(f"Request refused: {reason}.\n", status=status, mimetype="text/plain")


def callback_problem(body: object) -> str | None:
    """Why a callback request body is beyond the bounds (a value too long, a list too long, too many
    values), or None. Iterative and stops at the first problem or after MAX_JSON_NODES values."""
    stack, seen = [body], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_JSON_NODES:
            return f"more than {MAX_JSON_NODES:,} values in one callback request"
        if isinstance(node, str):
            if len(node) > MAX_VALUE_CHARS:
                return f"a callback value of {len(node):,} characters (at most {MAX_VALUE_CHARS:,})"
        elif isinstance(node, list):
            if len(node) > MAX_LIST_ITEMS:
                return f"a list of {len(node):,} items in a callback request (at most {MAX_LIST_ITEMS})"
            stack.extend(node)
        elif isinstance(node, dict):
            if len(node) > MAX_LIST_ITEMS:
                return f"an object of {len(node):,} keys in a callback request (at most {MAX_LIST_ITEMS})"
            stack.extend(node.keys())
            stack.extend(node.values())
    return None


def check_request() -> flask.Response | None:
    """Flask before-request hook: refuse an over-long query string (414), an over-large callback body
    (413) or a callback value beyond the bounds (400); None lets the request through."""
    request = flask.request
    if len(request.query_string) > MAX_QUERY_BYTES:
        return _refuse(
            414, f"the address's query is {len(request.query_string):,} bytes (at most {MAX_QUERY_BYTES:,})"
        )
    if request.method != "POST" or not request.path.endswith(CALLBACK_ROUTE):
        return None
    size = request.content_length
    if size is not None and size > MAX_CALLBACK_BYTES:
        return _refuse(413, f"a callback request of {size:,} bytes (at most {MAX_CALLBACK_BYTES:,})")
    request.max_content_length = MAX_CALLBACK_BYTES  # a chunked body is cut at the same bound
    problem = callback_problem(request.get_json(silent=True))
    return _refuse(400, problem) if problem else None


def install(server: flask.Flask) -> None:
    """Run `check_request` before every other hook of the server (the callback cache included)."""
    server.before_request_funcs.setdefault(None, []).insert(0, check_request)
