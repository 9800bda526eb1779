"""dashboard.web.components: a chart's download payloads and the badges every page shares."""

from __future__ import annotations

import base64

from dashboard.render import browser, safe_csv
from dashboard.views.spec import ChartSpec
from dashboard.web import components
from tests.dashboard.render.files import SOURCE, png_size, small_figure
from tests.dashboard.render.test_safe_csv import provenance_frame


def test_download_payloads_decode_to_the_files(renderer, monkeypatch):
    monkeypatch.setattr(browser, "shared_renderer", lambda: renderer)
    spec = ChartSpec(
        small_figure(), title="t", source=SOURCE, data=provenance_frame(), filename="kenya-internet"
    )
    png = components.image_download(spec, "png")
    assert png["filename"] == "kenya-internet.png" and png["type"] == "image/png"
    assert png_size(base64.b64decode(png["content"]))[0] >= 1600
    csv = components.csv_download(spec)
    assert csv["filename"] == "kenya-internet.csv"
    assert csv["content"] == safe_csv.to_csv(spec.data)
