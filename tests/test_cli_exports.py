"""`ict4d export`, `ict4d report` and `ict4d data` end to end, on the committed test fixture of published
tables (tests/fixtures/published): the files they write are what they claim to be."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from dashboard.render import package
from etl.core import config

FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"
VIEW = "/explorer?indicator=internet_use_share&entities=world,KEN"


def ict4d(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point (one-line errors, exit codes) in a subprocess."""
    return subprocess.run(
        [sys.executable, "-c", "from dashboard.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        timeout=300,
        env=env,
    )


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


# --- export ----------------------------------------------------------------------------------------------
def test_export_png_of_a_view_url(tmp_path):
    out = tmp_path / "view.png"
    run = ict4d("export", VIEW, "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1600, 900)
    assert f"wrote {out}" in run.stderr and "chart 'explorer" in run.stderr


def test_export_svg_carries_the_views_title_and_source(tmp_path):
    out = tmp_path / "view.svg"
    run = ict4d("export", VIEW, "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    root = ET.parse(out).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Individuals using the Internet" in texts  # the indicator's registry name, from the fixture
    # the source line names the release by its edition, as the publisher calls it
    assert any(t.startswith("Source: ") and "SDG Global Database 2023 release" in t for t in texts)
    assert any(t.startswith("Note: ") for t in texts)


def test_export_csv_is_the_data_behind_the_view(tmp_path):
    out = tmp_path / "view.csv"
    run = ict4d("export", VIEW, "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    df = pd.read_csv(out)
    assert set(df["entity_id"]) == {"world", "KEN"}
    assert set(df["indicator_id"]) == {"internet_use_share"}
    fixture = pd.read_csv(FIXTURE / "observations.csv")
    shown = fixture[
        (fixture["indicator_id"] == "internet_use_share")
        & fixture["entity_id"].isin(["world", "KEN"])
        & (fixture["sex"] == "total")
    ]
    merged = df.merge(shown, on=["entity_id", "year", "release"], suffixes=("", "_published"))
    assert len(merged) == len(df) and (merged["value"] == merged["value_published"]).all()


def test_export_options_extend_the_view_and_pick_the_chart(tmp_path):
    out = tmp_path / "kenya.csv"
    run = ict4d(
        "export",
        "/explorer",
        "--param",
        "indicator=internet_use_share",
        "--param",
        "entities=KEN",
        "--chart",
        "explorer-chart",
        "--out",
        str(out),
        "--data",
        str(FIXTURE),
    )
    assert run.returncode == 0, run.stderr
    assert set(pd.read_csv(out)["entity_id"]) == {"KEN"}
    run = ict4d(
        "export", "/explorer", "--chart", "nosuch", "--out", str(tmp_path / "x.csv"), "--data", str(FIXTURE)
    )
    assert (
        run.returncode == 1
        and "error: page '/explorer' has no chart 'nosuch'; charts: explorer" in run.stderr
    )
    run = ict4d("export", "/explorer", "--param", "novalue", "--out", str(tmp_path / "x.csv"))
    assert run.returncode == 1 and "error: --param 'novalue': expected key=value" in run.stderr


def test_export_errors_are_one_line(tmp_path):
    run = ict4d("export", "/nowhere", "--out", str(tmp_path / "x.png"), "--data", str(FIXTURE))
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].startswith("error: no dashboard page at '/nowhere'")
    assert "Traceback" not in run.stderr
    run = ict4d("export", VIEW, "--out", str(tmp_path / "x.gif"), "--data", str(FIXTURE))
    assert run.returncode == 1 and "error: unknown format 'gif'" in run.stderr
    assert not list(tmp_path.iterdir())


def test_export_without_a_browser_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"} | {"PATH": str(tmp_path)}
    run = ict4d("export", VIEW, "--out", str(tmp_path / "x.svg"), "--data", str(FIXTURE), env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("error: no Chromium found")


# --- report -----------------------------------------------------------------------------------------------
def test_report_pdf_of_the_published_fixture(tmp_path):
    out = tmp_path / "brief.pdf"
    run = ict4d("report", "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    assert "[1/" in run.stderr and "] targets: " in run.stderr
    pages, text = pdf_text(out)
    assert pages >= 2
    # every target by its wording (the brief shows no internal ids), measurable or not
    said = re.sub(r"\s+", " ", text).casefold()
    for wording in pd.read_csv(FIXTURE / "targets.csv")["wording"]:
        assert re.sub(r"\s+", " ", wording[:30]).casefold() in said, wording
    assert "WSIS-6a" not in text and "targets.md" not in text
    assert "UNVERIFIED" in text
    sources = pd.read_csv(FIXTURE / "sources.csv")
    assert sources["publisher"].iloc[0].split()[0] in text
    assert "How to cite" in text


def test_report_html_is_self_contained(tmp_path):
    out = tmp_path / "brief.html"
    run = ict4d("report", "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") >= 1 and "<script" not in page and "<link" not in page and "<img" not in page


def test_report_without_data_is_one_line_error(tmp_path):
    run = ict4d("report", "--out", str(tmp_path / "b.pdf"), "--data", str(tmp_path / "missing"))
    assert run.returncode == 1 and run.stderr.strip().startswith("error: published data folder not found")


# --- data -------------------------------------------------------------------------------------------------
def unzip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_data_zip_is_valid_against_its_own_descriptor(tmp_path):
    out = tmp_path / "ict4d-data.zip"
    run = ict4d("data", "--out", str(out), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    files = unzip(out)
    assert package.check_data_package(files) == []
    descriptor = json.loads(files["datapackage.json"])
    published = json.loads((FIXTURE / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]] == [r["name"] for r in published["resources"]]
    for res in descriptor["resources"]:
        assert files[res["path"]] == (FIXTURE / res["path"]).read_bytes()  # tables exactly as published
    readme = files["README.md"].decode()
    sources = pd.read_csv(FIXTURE / "sources.csv")
    assert "How to cite" in readme
    for licence in sources["licence"]:
        assert licence in readme


def test_data_folder_matches_the_zip(tmp_path):
    run = ict4d("data", "--out", str(tmp_path / "pkg"), "--data", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    files = {p.name: p.read_bytes() for p in (tmp_path / "pkg").iterdir()}
    assert package.check_data_package(files) == []
    assert files == package.package_files(FIXTURE)
