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
# A callback that takes a visitor's own text (a draft pasted or uploaded) may be larger: by the ids of the
# outputs it writes, the bound of its body; its values are not cut (the text is one value).
MAX_TEXT_REQUEST_BYTES = 1024 * 1024  # a pasted draft: ~20 resolutions
UPLOAD_MAX_REQUEST_BYTES = 16 * 1024 * 1024  # a 10 MiB file as base64 (4/3) plus the rest of the request
UPLOAD_TOO_LARGE = "The upload is too large: files up to 10 MiB can be checked."
_roomy: dict[str, int] = {}


def allow_large(output_id: str, max_bytes: int) -> None:
    """Let the callback that writes `output_id` receive a body of up to `max_bytes` with values of any
    length (it is given a visitor's text, which the view bounds itself)."""
    _roomy[output_id] = max(max_bytes, _roomy.get(output_id, 0))


def output_ids(body: object) -> set[str]:
    """The component ids a callback request writes to (Dash's "output": "a.children" or "..a.x...b.y..")."""
    output = body.get("output") if isinstance(body, dict) else None
    if not isinstance(output, str):
        return set()
    return {part.rsplit(".", 1)[0] for part in output.strip(".").split("...") if "." in part}


def _refuse(status: int, reason: str) -> flask.Response:
    return flask.Response(f"Request refused: {reason}.\n", status=status, mimetype="text/plain")


def callback_problem(body: object, max_chars: int | None = MAX_VALUE_CHARS) -> str | None:
    """Why a callback request body is beyond the bounds (a value longer than `max_chars`, a list too
    long, too many values), or None. Iterative and stops at the first problem or after MAX_JSON_NODES."""
    stack, seen = [body], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_JSON_NODES:
            return f"more than {MAX_JSON_NODES:,} values in one callback request"
        if isinstance(node, str):
            if max_chars is not None and len(node) > max_chars:
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
    size = request.content_length or 0
    roomiest = max([MAX_CALLBACK_BYTES, *_roomy.values()])
    if size > roomiest:
        return _too_large(size, roomiest)
    request.max_content_length = roomiest  # a chunked body is cut at the same bound
    body = request.get_json(silent=True)  # read in full, so that a front server never sees a half-read body
    bound = max((_roomy[i] for i in output_ids(body) & _roomy.keys()), default=None)
    if size > (bound or MAX_CALLBACK_BYTES):
        return _too_large(size, bound or MAX_CALLBACK_BYTES)
    problem = callback_problem(body, None if bound else MAX_VALUE_CHARS)
    return _refuse(400, problem) if problem else None


def _too_large(size: int, bound: int) -> flask.Response:
    if bound >= UPLOAD_MAX_REQUEST_BYTES:
        return _refuse(413, UPLOAD_TOO_LARGE.rstrip("."))
    return _refuse(413, f"a callback request of {size:,} bytes (at most {bound:,})")


def install(server: flask.Flask) -> None:
    """Run `check_request` before every other hook of the server (the callback cache included)."""
    server.before_request_funcs.setdefault(None, []).insert(0, check_request)
