"""dashboard.render.browser: one Chromium for many charts, replaced when it dies, never downloaded."""

from __future__ import annotations

import os
import signal

import pytest

from dashboard.render import browser, images
from dashboard.views.spec import ExportError
from tests.dashboard.render.files import labels, pdf_text, png_size, small_figure


def test_one_browser_serves_many_charts(renderer):
    pid = renderer.browser_pid
    assert pid is not None
    for fmt in ("png", "svg", "png"):
        images.render(small_figure(), fmt, **labels(), renderer=renderer)
    assert renderer.browser_pid == pid


def test_a_dead_browser_is_replaced_on_the_next_chart():
    with browser.Renderer() as r:
        first = r.browser_pid
        os.kill(first, signal.SIGKILL)
        r._kaleido.subprocess.wait(timeout=10)  # reaped: the renderer sees it gone
        data = images.render(small_figure(), "png", **labels(), renderer=r)
        assert png_size(data) == (1600, 900)
        assert r.browser_pid not in (None, first)


def test_html_to_pdf_keeps_text(renderer):
    pages, text = pdf_text(renderer.html_to_pdf("<html><body><h1>Brief</h1><p>Kenya 42</p></body></html>"))
    assert pages == 1 and "Brief" in text and "Kenya 42" in text


def test_missing_browser_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nochrome"))
    with pytest.raises(ExportError, match=r"no Chromium at .*nochrome .*BROWSER_PATH"):
        browser.find_browser()
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExportError, match="no Chromium found"):
        browser.Renderer()
