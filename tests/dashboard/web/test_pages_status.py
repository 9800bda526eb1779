"""HTTP status of the app's addresses (a page answers 200, anything else 404 with the helpful page) and a
country's key figures downloads (CSV and XLSX content), through the Flask test client on the fixture."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from dashboard.web import app as app_module


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims",
        "/claims?claim=ecosoc-2023-3:14175",
        "/country",
        "/country/KEN",
        "/country/tuv",
        "/country?iso3=TUV",
        "/targets",
        "/explorer",
        "/gender",
        "/data",
        "/claims/",
    ],
)
def test_every_page_answers_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/country/XXX",
        "/country/world",
        "/country?iso3=XXX",
        "/country/KEN/extra",
        "/nope",
        "/claims/x",
        "/404",
        "/..%2f..%2fetc",
    ],
)
def test_an_address_that_is_no_page_answers_404_with_the_app_shell(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html" and b"_dash-config" in response.data  # the app renders its 404


def test_the_404_check_knows_the_registered_paths_and_the_countries():
    assert app_module.page_exists("/country/BRA", {}) and not app_module.page_exists("/country/BRX", {})
    assert app_module.page_exists("/country", {"indicator": "x"}) and not app_module.page_exists(
        "/countries", {}
    )
    assert app_module._template_regex("/country/<iso3>") == r"/country/(?P<iso3>[^/]+)"


def test_dash_routes_and_assets_keep_their_status(client):
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/assets/claims-grid.js").status_code == 200
    assert client.get("/download/nope.csv").status_code == 404


def test_an_html_download_is_no_page_and_keeps_its_200(client):
    r = client.get("/download/targets-brief.html?scope=ldc")  # text/html, but a file, not a page shell
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Content-Disposition" in r.headers


def test_key_figures_csv_holds_each_figure_with_its_release_source_and_licence(client):
    response = client.get("/download/country/TUV-key-figures.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="ict4d-TUV-key-figures.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    internet = {r["entity_id"]: r for r in rows if r["indicator_id"] == "internet_use_share"}
    assert list(internet) == ["TUV", "sdg_oceania_exc_australia_and_new_zealand", "ldc", "sids", "world"]
    assert internet["TUV"]["value"] == "74.3146" and internet["TUV"]["year"] == "2023"
    assert internet["TUV"]["release"] == "itu-datahub-2025-12"
    assert internet["ldc"]["value"] == "36.14" and internet["ldc"]["source_id"] == "unsd-it-use-ii99"
    assert internet["sdg_oceania_exc_australia_and_new_zealand"]["role"] == "UN SDG region"
    assert all(r["licence"] for r in rows)


def test_key_figures_xlsx_has_the_table_as_shown_its_source_and_the_data(client):
    response = client.get("/download/country/TUV-key-figures.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Key figures", "Data"]
    shown = [[c.value for c in row] for row in book["Key figures"].iter_rows()]
    assert shown[0][:3] == ["Indicator", "Unit", "Tuvalu"]
    internet = next(r for r in shown if r[0] == "Individuals using the Internet")
    assert internet[2:] == ["74.3 (2023)", "48.1 (2022)", "–", "36.1 (2022)", "66.3 (2022)", "66.3 (2022)"]
    assert any(isinstance(r[0], str) and r[0].startswith("Source: ") for r in shown)
    data = [[c.value for c in row] for row in book["Data"].iter_rows()]
    assert data[0][:3] == ["indicator_id", "indicator", "unit"] and 74.3146 in [r[7] for r in data[1:]]


@pytest.mark.parametrize(
    "path",
    [
        "/download/country/XXX-key-figures.csv",
        "/download/country/KEN-key-figures.pdf",
        "/download/country/-key-figures.csv",
    ],
)
def test_key_figures_of_no_country_or_format_answer_404(client, path):
    assert client.get(path).status_code == 404
