"""The download routes: the zip, per-table CSV, no path traversal, built once per process."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import flask
import pytest

from dashboard.render import package
from dashboard.views import published
from dashboard.views.spec import ExportError
from dashboard.web import downloads


@pytest.fixture
def published_dir(tmp_path: Path):
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
    (folder / "datapackage.json").write_text(
        json.dumps({"name": "ict4d", "title": "ict4d test", "resources": resources})
    )
    (tmp_path / "secret.csv").write_text("do not serve\n")
    previous = published.data_dir()
    published.use(folder)
    yield folder
    published.use(previous)


@pytest.fixture
def client(published_dir):
    server = flask.Flask(__name__)
    downloads.register(server)
    downloads.register(server)  # idempotent
    return server.test_client()


def test_zip_holds_every_published_csv_datapackage_and_citation(client, published_dir):
    resp = client.get("/download/ict4d-data.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    assert "ict4d-data.zip" in resp.headers["Content-Disposition"]
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    names = sorted(zf.namelist())
    assert names == ["README.md", "datapackage.json", "entities.csv", "sources.csv"]
    assert zf.read("entities.csv") == (published_dir / "entities.csv").read_bytes()
    readme = zf.read("README.md").decode()
    assert "Source: UN SDG Global Database" in readme and "Source: ITU, itu-datahub-2025-12" in readme
    # the same package `ict4d data --out x.zip` writes
    assert {n: zf.read(n) for n in names} == package.package_files(published_dir)


def test_zip_without_a_datapackage_says_so(client, published_dir):
    (published_dir / "datapackage.json").unlink()
    resp = client.get("/download/ict4d-data.zip")
    assert resp.status_code == 503 and b"no datapackage.json" in resp.data


def test_table_csv_is_served_as_published(client, published_dir):
    resp = client.get("/download/entities.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.data == (published_dir / "entities.csv").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/download/secret.csv",  # a file next to the folder
        "/download/observations.csv",  # a known table that is not published here
        "/download/..%2Fsecret.csv",
        "/download/../secret.csv",
        "/download/datapackage.csv",
        "/download/ENTITIES.csv",
    ],
)
def test_anything_but_a_published_table_is_refused(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert b"do not serve" not in resp.data


def test_unknown_table_message_lists_the_published_ones(client):
    resp = client.get("/download/nope.csv")
    assert resp.status_code == 404
    assert b"Unknown table 'nope'" in resp.data and b"entities, sources" in resp.data


def test_app_serves_the_zip_and_tables_and_nothing_else(app, fixture_dir):
    client = app.server.test_client()
    zipped = zipfile.ZipFile(io.BytesIO(client.get("/download/ict4d-data.zip").data))
    expected = {"observations.csv", "claim_paragraphs.csv", "datapackage.json", "README.md"}
    assert expected <= set(zipped.namelist())
    assert zipped.read("claims.csv") == (fixture_dir / "claims.csv").read_bytes()
    resp = client.get("/download/observations.csv")
    assert resp.status_code == 200 and resp.data == (fixture_dir / "observations.csv").read_bytes()
    for path in (
        "/download/..%2F..%2Fetl%2Fconfig.py",
        "/download/..%2Fdatapackage.csv",
        "/download/%2E%2E/pyproject.csv",
    ):
        resp = client.get(path)
        assert b"REPO_ROOT" not in resp.data and b"[project]" not in resp.data
        assert resp.mimetype != "text/csv"


def test_warm_builds_the_zip_and_table_downloads_once(published_dir, monkeypatch):
    built = []
    real = package.package_files
    monkeypatch.setattr(package, "package_files", lambda folder: built.append(folder) or real(folder))
    assert downloads.warm() == ["entities", "sources"]
    assert built == [published_dir]
    zipped = downloads.package_zip()
    assert zipped is downloads.package_zip() and built == [published_dir]  # kept, not built again
    assert downloads.neutralised_csv("entities") is None  # no formula cell: the file is served as it is


def test_warm_without_a_datapackage_still_prepares_the_tables(published_dir):
    (published_dir / "datapackage.json").unlink()
    assert downloads.warm() == ["entities", "sources"]
    with pytest.raises(ExportError, match=r"no datapackage\.json"):
        downloads.package_zip()
