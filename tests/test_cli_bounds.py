"""The dashboard's commands on bad input: image sizes out of bounds, a data zip killed mid-way, a tampered
data package descriptor, `serve --prod` on an incomplete published folder. One line, the right exit code,
nothing lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard.render import package
from dashboard.views import published
from etl.core import config
from tests import localserver
from tests.test_cli_exports import FIXTURE, VIEW, ict4d


def one_line_error(run: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert run.returncode == code, (run.returncode, run.stderr[-500:])
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and words in last, last


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the published fixture that a test may damage."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "published"))


# --- export sizes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, words",
    [
        (["--width", "0"], "width and height must be 300 to 6400 px"),
        (["--height", "-900"], "width and height must be 300 to 6400 px"),
        (["--width", "100000"], "width and height must be 300 to 6400 px"),
        (["--scale", "0"], "scale 0: must be 0.5 to 4"),
        (["--scale", "nan"], "scale nan"),
        (["--scale", "1e300"], "must be 0.5 to 4"),
        (["--width", "6400", "--height", "6400", "--scale", "2"], "too large"),
    ],
)
def test_export_sizes_out_of_bounds_exit_2_in_one_line(tmp_path, args, words):
    out = tmp_path / "x.png"
    run = ict4d("export", VIEW, "--out", str(out), *args, "--data", str(FIXTURE))
    one_line_error(run, 2, words)
    assert not out.exists()


# --- ict4d data -----------------------------------------------------------------------------------------
KILL_MID_WRITE = """
import os, signal, sys, pathlib
def killed(*args, **kwargs):  # the process dies while the new package is being written
    os.kill(os.getpid(), signal.SIGKILL)
real_write = pathlib.Path.write_bytes
def half_then_killed(self, data):  # a direct write dies half-way through
    with open(self, "wb") as f:
        f.write(data[: len(data) // 2])
        f.flush()
    killed()
pathlib.Path.write_bytes = half_then_killed
os.replace = killed
from dashboard.cli import main
main()
"""


def test_data_zip_killed_mid_way_leaves_the_previous_zip(tmp_path):
    out = tmp_path / "ict4d-data.zip"
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("previous.txt", "the good package of yesterday")
    before = out.read_bytes()
    run = subprocess.run(
        [sys.executable, "-c", KILL_MID_WRITE, "data", "--out", str(out), "--data", str(FIXTURE)],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        timeout=300,
    )
    assert run.returncode == -9, run.stderr[-500:]
    assert out.read_bytes() == before
    assert zipfile.ZipFile(out).namelist() == ["previous.txt"]


def test_data_zip_is_replaced_whole_and_readable_by_others(tmp_path):
    out = tmp_path / "ict4d-data.zip"
    out.write_bytes(b"old")
    run = ict4d("data", "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    assert (
        package.check_data_package({n: zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist()})
        == []
    )
    assert out.stat().st_mode & 0o044, "the zip is readable as a plain write would make it"
    assert [p.name for p in tmp_path.iterdir()] == ["ict4d-data.zip"], "no temporary file left"


@pytest.mark.parametrize("path", ["../secret.csv", "{abs}", "./../secret.csv", "entities.csv\n"])
def test_a_tampered_descriptor_path_is_refused(folder, tmp_path, path):
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = path.format(abs=secret)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    out = tmp_path / "x.zip"
    run = ict4d("data", "--out", str(out), "--data", str(folder))
    one_line_error(run, 1, "datapackage.json: resource")
    assert not out.exists() and "hunter2" not in run.stderr


def test_a_resource_linked_outside_the_folder_is_refused(folder, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n")
    (folder / "entities.csv").unlink()
    (folder / "entities.csv").symlink_to(secret)
    with pytest.raises(published.ExportError, match="leads outside the published folder"):
        published.read_package(folder)
    run = ict4d("data", "--out", str(tmp_path / "x.zip"), "--data", str(folder))
    one_line_error(run, 1, "outside the published folder")


# --- serve --prod pre-flight ----------------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["claims.csv", "datapackage.json"])
def test_serve_prod_refuses_an_incomplete_folder(folder, missing):
    (folder / missing).unlink()
    (folder / missing.replace(".csv", ".parquet")).unlink(missing_ok=True)
    port = str(localserver.free_port())
    run = ict4d("serve", "--prod", "--port", port, "--data", str(folder))
    one_line_error(run, 1, f"{missing}: missing")
    assert "gunicorn" not in run.stderr.split("error:")[-1]
