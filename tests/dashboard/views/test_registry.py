"""dashboard.views.registry: from a view address to its chart, as Dash would route it, without a Dash app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.views.registry import build_view, find_page, page_charts, pages, parse_view
from dashboard.views.spec import ExportError
from etl.core import config

VIEW = "/explorer?indicator=internet_use_share&entities=world,KEN"


def test_view_parsing_matches_dash():
    assert parse_view(VIEW) == (
        "/explorer",
        {"indicator": "internet_use_share", "entities": "world,KEN"},
    )
    assert parse_view("http://host:8050/gender/?a=1&a=2") == ("/gender", {"a": ["1", "2"]})
    registry = [
        {"path": "/explorer", "module": "pages.explorer"},
        {"path": "/country", "path_template": "/country/<iso3>", "module": "pages.country"},
    ]
    assert find_page("/explorer", registry) == ("explorer", {})
    assert find_page("/country/KEN", registry) == ("country", {"iso3": "KEN"})
    with pytest.raises(ExportError, match="no dashboard page at '/x'"):
        find_page("/x", registry)
    assert page_charts("gender", ["explorer", "gender-parity", "gender-bars", "genderless"]) == [
        "gender-parity",
        "gender-bars",
    ]


def test_every_page_address_is_known_with_the_404(fixture_dir):
    paths = sorted(p["path"] for p in pages())
    assert paths == ["/", "/404", "/claims", "/country", "/data", "/explorer", "/gender", "/targets"]
    name, chart = build_view("/country/KEN", data_dir=fixture_dir)
    assert name == "country-compare" and chart.title.startswith("Kenya: ")
    with pytest.raises(ExportError, match="page '/data' has no exportable chart"):
        build_view("/data", data_dir=fixture_dir)


def test_a_view_is_drawn_without_a_dash_app(fixture_dir):
    """`ict4d export` draws one chart with the page's builder: no Dash app is built, Dash is not imported."""
    code = (
        "import sys; from dashboard.views.registry import build_view; "
        f"name, chart = build_view({VIEW!r}, data_dir={str(fixture_dir)!r}); "
        "print(name, len(chart.data), 'dash' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=config.REPO_ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["explorer-chart", "44", "False"]
