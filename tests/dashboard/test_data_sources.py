"""The Data & sources page: download routes (zip, per-table CSV, no path traversal) and the citation."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import flask
import pandas as pd
import pytest

from dashboard import data, downloads, exports
from tests.dashboard.component_tree import by_id


@pytest.fixture
def published(tmp_path: Path):
    """A tiny published folder: two tables and a datapackage.json; the dashboard points at it."""
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "entities.csv").write_text("entity_id,name\nKEN,Kenya\n", encoding="utf-8")
    (folder / "sources.csv").write_text(
        "source_id,publisher,licence,attribution,release\n"
        "unsd-sdg,UN Statistics Division,CC-BY-4.0,UN SDG Global Database,unsd-2023-04\n"
        "itu-datahub,ITU,,,itu-datahub-2025-12\n",
        encoding="utf-8",
    )
    resources = [{"name": n, "path": f"{n}.csv", "description": f"the {n}"} for n in ("entities", "sources")]
    (folder / "datapackage.json").write_text(json.dumps({"name": "ict4d", "title": "ict4d test",
                                                         "resources": resources}))
    (tmp_path / "secret.csv").write_text("do not serve\n")
    previous = data.data_dir()
    data.use(folder)
    yield folder
    data.use(previous)


@pytest.fixture
def client(published):
    server = flask.Flask(__name__)
    downloads.register(server)
    downloads.register(server)  # idempotent
    return server.test_client()


def test_zip_holds_every_published_csv_datapackage_and_citation(client, published):
    resp = client.get("/download/ict4d-data.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    assert "ict4d-data.zip" in resp.headers["Content-Disposition"]
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    names = sorted(zf.namelist())
    assert names == ["README.md", "datapackage.json", "entities.csv", "sources.csv"]
    assert zf.read("entities.csv") == (published / "entities.csv").read_bytes()
    readme = zf.read("README.md").decode()
    assert "Source: UN SDG Global Database" in readme and "Source: ITU, itu-datahub-2025-12" in readme
    # the same package `ict4d data --out x.zip` writes
    assert {n: zf.read(n) for n in names} == exports.package_files(published)


def test_zip_without_a_datapackage_says_so(client, published):
    downloads._zips.clear()
    (published / "datapackage.json").unlink()
    resp = client.get("/download/ict4d-data.zip")
    assert resp.status_code == 503 and b"no datapackage.json" in resp.data


def test_table_csv_is_served_as_published(client, published):
    resp = client.get("/download/entities.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.data == (published / "entities.csv").read_bytes()


@pytest.mark.parametrize("path", [
    "/download/secret.csv",  # a file next to the folder
    "/download/observations.csv",  # a known table that is not published here
    "/download/..%2Fsecret.csv",
    "/download/../secret.csv",
    "/download/datapackage.csv",
    "/download/ENTITIES.csv",
])
def test_anything_but_a_published_table_is_refused(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert b"do not serve" not in resp.data


def test_unknown_table_message_lists_the_published_ones(client):
    resp = client.get("/download/nope.csv")
    assert resp.status_code == 404
    assert b"Unknown table 'nope'" in resp.data and b"entities, sources" in resp.data


def test_citation_from_package_and_sources_without_duplicates():
    sources = pd.DataFrame({
        "publisher": ["ITU", "ITU", "Gapminder"],
        "attribution": ["ITU World Telecommunication/ICT Indicators database",
                        "Source: ITU World Telecommunication/ICT Indicators database", None],
        "release": ["itu-2024-11", "itu-2024-11", "wdi-gapminder-2025-12"],
    })
    text = downloads.citation({"title": "T", "version": "2026-11"}, sources)
    lines = text.splitlines()
    assert lines[0].startswith("T, version 2026-11.")
    assert lines[1:] == ["Source: ITU World Telecommunication/ICT Indicators database",
                         "Source: Gapminder, wdi-gapminder-2025-12"]
    assert downloads.citation({}, pd.DataFrame()).startswith("ict4d: ICT-for-development indicators.")


# --- the page and the routes on the real app (fixture data) ---------------------------------------------
def test_page_lists_sources_with_licence_and_links_every_table(pages, fixture_dir):
    layout = pages("data_sources").layout()
    text = str(layout)
    src = data.sources()
    assert not src.empty
    for row in src.itertuples():
        assert row.publisher in text and row.licence in text and row.upstream_url in text
    for name in downloads.published_tables(fixture_dir):
        assert f"/download/{name}.csv" in text
    assert "/download/ict4d-data.zip" in text
    assert by_id(layout, "data-citation").children == downloads.citation(data.datapackage(), src)


def test_page_notes_ignored_parameters(pages):
    assert "Ignored unknown address parameter(s): foo" in str(pages("data_sources").layout(foo="1"))


def test_app_serves_the_zip_and_tables_and_nothing_else(app, fixture_dir):
    client = app.server.test_client()
    zipped = zipfile.ZipFile(io.BytesIO(client.get("/download/ict4d-data.zip").data))
    expected = {"observations.csv", "claim_paragraphs.csv", "datapackage.json", "README.md"}
    assert expected <= set(zipped.namelist())
    assert zipped.read("claims.csv") == (fixture_dir / "claims.csv").read_bytes()
    resp = client.get("/download/observations.csv")
    assert resp.status_code == 200 and resp.data == (fixture_dir / "observations.csv").read_bytes()
    for path in ("/download/..%2F..%2Fetl%2Fconfig.py", "/download/..%2Fdatapackage.csv",
                 "/download/%2E%2E/pyproject.csv"):
        resp = client.get(path)
        assert b"REPO_ROOT" not in resp.data and b"[project]" not in resp.data
        assert resp.mimetype != "text/csv"


def test_warm_builds_the_zip_and_table_downloads_once(published):
    downloads._zips.clear()
    assert downloads.warm() == ["entities", "sources"]
    assert downloads._zips[published] == downloads.zip_bytes(exports.package_files(published))
    assert {(published, "entities"), (published, "sources")} <= set(downloads._safe_csvs)


def test_warm_without_a_datapackage_still_prepares_the_tables(published):
    downloads._zips.clear()
    (published / "datapackage.json").unlink()
    assert downloads.warm() == ["entities", "sources"] and published not in downloads._zips


@pytest.mark.parametrize(("text", "shown"), [
    ("Progress of one entity towards one target in one release (methods: etl/progress.py docstring).",
     "Progress of one entity towards one target in one release."),
    ("One mention of a figure in a text (columns as in reference/claims.md). The extractor itself checks "
     "quote == text[start:end] (this model does not see the text).", "One mention of a figure in a text."),
    ("Countries and groups.", "Countries and groups."),
    (None, ""),
])
def test_table_descriptions_are_for_readers_not_programmers(pages, text, shown):
    assert pages("data_sources").reader_description(text) == shown
