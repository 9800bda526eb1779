"""ict4d fetch against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import fetch
from etl.core.errors import SourceError

OLD = b"entity,year,value\nKEN,2022,40.8\n"
NEW = b"entity,year,value\nKEN,2022,40.8\nKEN,2023,42.0\n"
ZIPPED = b"PK\x03\x04 not really a zip but bytes are bytes \x00\xff"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Server:
    """A tiny server: `files` maps URL path -> bytes; /slow sleeps before answering; anything else 404s."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.html_paths: set[str] = set()
        self.slow_seconds = 2.0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/slow":
                    time.sleep(owner.slow_seconds)
                body = owner.files.get(self.path)
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                html = self.path in owner.html_paths
                kind = "text/html; charset=utf-8" if html else "application/octet-stream"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as s:
        yield s


SPEC_DEFAULTS = {
    "publisher": "ITU",
    "licence": "test",
    "attribution": "test",
    "release": "itu-2024-11",
    "format": "datahub",
    "upstream_url": "https://publisher.example/landing",
    "sha256": "",
}


def write_registry(data_dir: Path, entries: list[dict[str, str]]) -> Path:
    """A data/sources.toml in the registry's format (etl.registry), with test defaults for other fields."""
    data_dir.mkdir(exist_ok=True)
    lines = []
    for e in entries:
        lines.append("[[source]]")
        lines += [f'{k} = "{v}"' for k, v in {**SPEC_DEFAULTS, **e}.items()]
        lines.append("")
    (data_dir / "sources.toml").write_text("\n".join(lines))
    return data_dir


def run_fetch(tmp_path: Path, entries: list[dict[str, str]], **kw: object) -> list[fetch.FetchResult]:
    data_dir = write_registry(tmp_path / "data", entries)
    return fetch.fetch(tmp_path / "sources", data_dir, log=lambda _: None, **kw)


def test_new_then_unchanged(tmp_path: Path, server: Server):
    server.files["/a.csv"] = OLD
    entries = [{"id": "a", "path": "itu/a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)}]
    [first] = run_fetch(tmp_path, entries)
    assert first.status == "new"
    assert (tmp_path / "sources/itu/a.csv").read_bytes() == OLD
    mtime = (tmp_path / "sources/itu/a.csv").stat().st_mtime_ns
    [second] = run_fetch(tmp_path, entries)
    assert (second.status, second.new_hash) == ("unchanged", sha(OLD))
    assert (tmp_path / "sources/itu/a.csv").stat().st_mtime_ns == mtime
    assert sorted(p.name for p in (tmp_path / "sources/itu").iterdir()) == ["a.csv"]  # no temp files left


def test_changed_upstream_is_kept_aside_not_installed(tmp_path: Path, server: Server):
    local = tmp_path / "sources/a.csv"
    local.parent.mkdir()
    local.write_bytes(OLD)
    server.files["/a.csv"] = NEW
    [result] = run_fetch(
        tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)}]
    )
    assert (result.status, result.new_hash, result.old_hash) == ("changed", sha(NEW), sha(OLD))
    assert local.read_bytes() == OLD
    assert (tmp_path / "sources/a.csv.new").read_bytes() == NEW
    assert sha(NEW) in result.line() and sha(OLD) in result.line() and "a.csv.new" in result.line()
    assert not result.failed


def test_hash_mismatch_on_first_download_is_not_installed(tmp_path: Path, server: Server):
    server.files["/a.csv"] = NEW
    [result] = run_fetch(
        tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)}]
    )
    assert result.status == "changed"
    assert not (tmp_path / "sources/a.csv").exists()
    assert (tmp_path / "sources/a.csv.new").read_bytes() == NEW


def test_corrupted_local_file_is_repaired_from_pinned_download(tmp_path: Path, server: Server):
    local = tmp_path / "sources/a.csv"
    local.parent.mkdir()
    local.write_bytes(b"edited by hand")
    server.files["/a.csv"] = OLD
    [result] = run_fetch(
        tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)}]
    )
    assert (result.status, result.old_hash) == ("repaired", sha(b"edited by hand"))
    assert local.read_bytes() == OLD


def test_zip_stored_as_downloaded(tmp_path: Path, server: Server):
    server.files["/x.csv.zip"] = ZIPPED
    url = f"{server.url}/x.csv.zip"
    entry = {"id": "z", "path": "x.csv.zip", "download_url": url, "sha256": sha(ZIPPED)}
    [result] = run_fetch(tmp_path, [entry])
    assert result.status == "new"
    assert (tmp_path / "sources/x.csv.zip").read_bytes() == ZIPPED


def test_404_fails_and_leaves_local_file(tmp_path: Path, server: Server):
    local = tmp_path / "sources/a.csv"
    local.parent.mkdir()
    local.write_bytes(OLD)
    [result] = run_fetch(
        tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/gone.csv", "sha256": sha(OLD)}]
    )
    assert result.failed and "HTTP 404" in result.detail
    assert local.read_bytes() == OLD
    assert sorted(p.name for p in local.parent.iterdir()) == ["a.csv"]


def test_timeout_fails(tmp_path: Path, server: Server):
    server.files["/slow"] = OLD
    server.slow_seconds = 1.5
    [result] = run_fetch(
        tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/slow"}], timeout=(1.0, 0.3)
    )
    assert result.failed and "timeout" in result.detail
    assert list((tmp_path / "sources").iterdir()) == []


def test_connection_refused_fails_in_one_line(tmp_path: Path):
    with Server() as s:
        url = f"{s.url}/a.csv"  # the port is closed once the server is gone
    [result] = run_fetch(tmp_path, [{"id": "a", "path": "a.csv", "download_url": url}], timeout=(2.0, 2.0))
    assert result.failed and result.detail == f"connection failed: Connection refused ({url})"


def test_only_and_unknown_id(tmp_path: Path, server: Server):
    server.files["/a.csv"] = OLD
    entries = [
        {"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)},
        {"id": "b", "path": "b.csv", "download_url": f"{server.url}/missing.csv"},
    ]
    results = run_fetch(tmp_path, entries, only=["a"])
    assert [(r.source_id, r.status) for r in results] == [("a", "new")]
    with pytest.raises(Exception, match="no source with id zzz"):
        run_fetch(tmp_path, entries, only=["zzz"])


def test_html_page_instead_of_the_file_fails(tmp_path: Path, server: Server):
    server.files["/landing"] = b"<!doctype html><html><body>DataHub</body></html>"
    server.html_paths.add("/landing")
    [result] = run_fetch(tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/landing"}])
    assert result.failed and "HTML page, not the file" in result.detail
    assert list((tmp_path / "sources").iterdir()) == []


def test_landing_page_source_is_manual_not_failed(tmp_path: Path, server: Server):
    server.files["/landing"] = b"<!doctype html><html><body>DataHub</body></html>"
    server.html_paths.add("/landing")
    landing = f"{server.url}/landing"
    [result] = run_fetch(tmp_path, [{"id": "a", "path": "a.csv", "upstream_url": landing}])
    assert (result.status, result.failed) == ("manual", False)
    assert result.detail == f"download from {landing} (landing page; see README)"
    assert not (tmp_path / "sources").exists()  # nothing requested, nothing written
    assert f"manual    a (a.csv) — download from {landing}" in fetch.summary([result])
    [nothing] = run_fetch(tmp_path, [{"id": "b", "path": "b.csv", "upstream_url": ""}])
    assert nothing.status == "skipped" and not nothing.failed


def test_real_registry_downloads_only_direct_addresses():
    files = {f.source_id: f for f in fetch.load_source_files()}
    manual = {sid for sid, f in files.items() if not f.download_url}
    assert {sid for sid in files if "datahub" in (files[sid].upstream_url or "")} <= manual
    assert files["itu-aggregates-2024-11"].download_url.endswith(".xlsx")
    assert all(f.upstream_url for f in files.values())  # a manual source always names its page


def test_unpinned_source_reports_the_hash_to_pin(tmp_path: Path, server: Server):
    server.files["/a.csv"] = OLD
    [result] = run_fetch(tmp_path, [{"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv"}])
    assert (result.status, result.new_hash) == ("new", sha(OLD)) and "add this sha256" in result.line()


def test_malformed_registry_is_one_clear_error(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.toml").write_text('[[source]]\nid = "x"\npath = "x.csv"\n')
    with pytest.raises(SourceError, match=r"sources.toml: source entry 1 is malformed"):
        fetch.fetch(tmp_path / "sources", tmp_path / "data", log=lambda _: None)


def test_cli_reports_and_exits_nonzero_on_failure(tmp_path: Path, server: Server, monkeypatch):
    from etl import cli
    from etl.core import config

    server.files["/a.csv"] = OLD
    data = tmp_path / "data"
    write_registry(
        data,
        [
            {"id": "a", "path": "a.csv", "download_url": f"{server.url}/a.csv", "sha256": sha(OLD)},
            {"id": "b", "path": "b.csv", "download_url": f"{server.url}/missing.csv"},
            {"id": "c", "path": "c.csv"},  # a landing page only: manual, not a failure
        ],
    )
    monkeypatch.setattr(config, "DATA_DIR", data)
    (tmp_path / "sources").mkdir()
    result = CliRunner().invoke(cli.app, ["fetch", "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 1
    assert "1 failed, 1 manual, 1 new" in result.output and "HTTP 404" in result.output
    ok = CliRunner().invoke(
        cli.app, ["fetch", "--sources", str(tmp_path / "sources"), "--only", "a", "--only", "c"]
    )
    assert ok.exit_code == 0 and "1 manual, 1 unchanged" in ok.output
