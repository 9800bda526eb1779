"""Requests beyond bounded work are refused before they are computed; the callback cache is bounded in
bytes; no answer echoes a parameter in full."""

from __future__ import annotations

import json

import plotly
import pytest

from dashboard.views import query
from dashboard.web import limits, security
from tests.dashboard.web.test_security import CALLS, _mini_app, _update_body

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


@pytest.fixture
def mini():
    return _mini_app().server.test_client()


def _refused(r, status: int, words: str) -> None:
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:200])
    text = r.get_data(as_text=True)
    assert text.startswith("Request refused:") and words in text and text.count("\n") == 1
    assert len(text) < 300, "the reason is one short line, never the request echoed"
    for name in HEADERS:
        assert name in r.headers, f"{name} missing on the {status} answer"


def test_a_long_address_is_refused_with_414(app):
    client = app.server.test_client()
    r = client.get("/explorer?entities=" + "KEN," * 2000)
    _refused(r, 414, "at most 4,096")
    assert client.get("/explorer?entities=KEN,world").status_code == 200


def test_a_large_callback_body_is_refused_before_the_callback_runs(mini):
    CALLS.clear()
    body = json.dumps(_update_body("x" * (limits.MAX_CALLBACK_BYTES + 10)))
    _refused(
        mini.post("/_dash-update-component", data=body, content_type="application/json"),
        413,
        "callback request of",
    )
    assert CALLS == []


@pytest.mark.parametrize(
    "value, words",
    [
        ("x" * (query.MAX_VALUE_CHARS + 1), "a callback value of 4,097 characters"),
        (["a"] * (limits.MAX_LIST_ITEMS + 1), "a list of 257 items"),
        ([[1] * 145] * 140, "more than 20,000 values"),
    ],
)
def test_a_callback_value_beyond_the_bounds_is_refused_with_400(mini, value, words):
    CALLS.clear()
    _refused(mini.post("/_dash-update-component", json=_update_body(value)), 400, words)
    assert CALLS == []
    assert mini.post("/_dash-update-component", json=_update_body("fine")).status_code == 200


def test_the_cache_is_bounded_in_bytes_least_recently_used_first():
    c = security.ByteBoundedCache(max_bytes=3_000_000)
    mb = b"x" * 1_000_000
    for key in "abc":
        assert c.set(key, mb)
    assert c.get("a") == mb  # a is now the most recently used
    c.set("d", mb)
    assert c.size <= c.max_bytes and c.get("b") is None and c.get("a") == mb and c.get("d") == mb
    assert not c.set("huge", b"x" * 3_000_001) and c.get("huge") is None
    c.set("a", b"small")
    assert c.size == 2_000_005
    c.set("t", b"1", timeout=-1)  # already expired
    assert c.get("t") is None


def test_the_apps_cache_holds_at_most_its_byte_budget(mini):
    backend = security.cache.cache
    assert isinstance(backend, security.ByteBoundedCache)
    assert security.cache_config({})["CACHE_OPTIONS"]["max_bytes"] == security.DEFAULT_CACHE_BYTES
    budget, backend.max_bytes = backend.max_bytes, 50_000
    try:
        backend.clear()
        for i in range(300):  # 300 distinct answers of ~2 kB each: 600 kB if the cache counted entries
            mini.post("/_dash-update-component", json=_update_body(f"{i:04d}" * 250))
        assert 0 < backend.size <= 50_000
    finally:
        backend.max_bytes = budget
        backend.clear()


def test_the_cache_budget_is_configurable_and_checked():
    assert (
        security.cache_config({security.CACHE_BYTES_ENV: "8000000"})["CACHE_OPTIONS"]["max_bytes"]
        == 8_000_000
    )
    with pytest.raises(security.Ict4dError, match=security.CACHE_BYTES_ENV):
        security.cache_config({security.CACHE_BYTES_ENV: "lots"})


def test_the_gender_answer_does_not_echo_a_long_parameter(pages):
    gender = pages("gender")

    def answer_size(release: str) -> int:
        charts, _query = gender.update("internet_use_share", ["world"], release, None)
        return len(json.dumps(charts, cls=plotly.utils.PlotlyJSONEncoder))

    short, long = answer_size("itu-1999-01"), answer_size("itu-1999-01" + "x" * query.MAX_VALUE_CHARS)
    assert long - short < 200, (
        f"a {query.MAX_VALUE_CHARS}-character release grew the answer by {long - short}"
    )


def test_the_web_export_refuses_sizes_out_of_bounds(app):
    from werkzeug.exceptions import BadRequest

    from dashboard.web import components

    for size in ({"width": 0}, {"height": 10**6}, {"scale": -1}, {"width": "1600"}, {"scale": float("inf")}):
        with pytest.raises(BadRequest, match="Request refused: image"):
            components.export_chart({"chart": "explorer-chart", "query": {}, **size}, "png")
