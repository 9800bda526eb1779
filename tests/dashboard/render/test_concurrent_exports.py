"""Chart exports under concurrency: shared figures are never copied by two threads at once, and the app's
one renderer per process is bounded (slots, idle close), whatever the number of request threads."""

from __future__ import annotations

import base64
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from dashboard.render import browser, images
from dashboard.views.registry import build_view
from tests import localserver

THREADS = 12


def _mixed_specs():
    """A map (choropleth) and a line chart (scatter): copying both at once broke plotly's validators."""
    return [build_view("/explorer?tab=map")[1], build_view("/explorer")[1]]


def test_decorating_shared_figures_in_many_threads_never_fails_nor_changes_them():
    specs = _mixed_specs()
    before = [json.dumps(s.figure.to_dict(), sort_keys=True, default=str) for s in specs]
    errors: list[str] = []

    def work(i: int) -> None:
        try:
            for _ in range(10):
                s = specs[i % 2]
                images.decorate(s.figure, title=s.title, source=s.source, caveats=s.caveats)
        except Exception as exc:  # any failure is the finding
            errors.append(f"{type(exc).__name__}: {str(exc)[:80]}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [json.dumps(s.figure.to_dict(), sort_keys=True, default=str) for s in specs] == before


class FakeRenderer:
    """Counts how many exports use it at once."""

    def __init__(self) -> None:
        self.now = self.peak = 0
        self.lock = threading.Lock()

    def image(self, *_a, **_k) -> bytes:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(0.05)
        with self.lock:
            self.now -= 1
        return b"img"


def test_the_shared_renderer_serves_at_most_its_slots_at_once(monkeypatch):
    fake = FakeRenderer()
    monkeypatch.setattr(browser, "shared_renderer", lambda: fake)
    spec = _mixed_specs()[1]
    with ThreadPoolExecutor(THREADS) as pool:
        out = list(pool.map(lambda _: images.render_spec(spec, "png"), range(THREADS)))
    assert out == [b"img"] * THREADS
    assert 1 <= fake.peak <= browser.SLOTS


def test_a_full_renderer_refuses_after_waiting(monkeypatch):
    monkeypatch.setattr(browser, "shared_renderer", lambda: FakeRenderer())
    held = [browser.shared_session(wait=0.1) for _ in range(browser.SLOTS)]
    for h in held:
        h.__enter__()
    try:
        with pytest.raises(browser.RendererBusy, match="busy"), browser.shared_session(wait=0.1):
            pass
    finally:
        for h in held:
            h.__exit__(None, None, None)
    with browser.shared_session(wait=0.1):  # slots are given back
        pass


@pytest.mark.browser
@pytest.mark.skipif(not localserver.browser_available(), reason="needs Debian chromium")
def test_twelve_concurrent_export_requests_all_answer_200_with_one_browser(app):
    """PNG exports of maps and line charts, all at once, through the app's export callback over HTTP."""
    output = '{"chart":["MATCH"],"type":"download"}.data'
    formats = ["png", "svg", "pdf", "csv"]

    def body(i: int) -> dict:
        chart = f"c{i}"  # every body differs, so none is answered from the callback cache
        query = {"tab": "map"} if i % 2 else {"entities": "world,KEN" if i % 4 else "world"}
        buttons = [
            {
                "id": {"type": "export", "chart": chart, "fmt": f},
                "property": "n_clicks",
                "value": 1 if f == "png" else 0,
            }
            for f in formats
        ]
        return {
            "output": output,
            "outputs": {"id": {"type": "download", "chart": chart}, "property": "data"},
            "inputs": [buttons],
            "state": [
                {
                    "id": {"type": "chart-view", "chart": chart},
                    "property": "data",
                    "value": {"chart": "explorer-chart", "query": {**query, "year": str(2015 + i)}},
                }
            ],
            "changedPropIds": [
                json.dumps(buttons[0]["id"], separators=(",", ":"), sort_keys=True) + ".n_clicks"
            ],
        }

    browser.close_if_idle(0)
    with localserver.threaded_server(app.server) as url, ThreadPoolExecutor(THREADS) as pool:
        answers = list(
            pool.map(
                lambda i: requests.post(url + "/_dash-update-component", json=body(i), timeout=300),
                range(THREADS),
            )
        )
        pids = {browser._shared.browser_pid} if browser._shared else set()
    assert [a.status_code for a in answers] == [200] * THREADS, [
        a.text[:200] for a in answers if a.status_code != 200
    ]
    for a in answers:
        data = a.json()["response"]
        payload = next(iter(data.values()))["data"]
        assert base64.b64decode(payload["content"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(pids) == 1, "one browser for every export of the process"
