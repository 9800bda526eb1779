"""The build can lose data and say nothing (issue 15): each way, on the real pipeline and sources.

Each test breaks one real source file the way a fault or a careless edit would, "accepts" it by pinning its
new sha256 (the step a user takes after a download), and expects one SourceError naming the file (row and
column where known), with the published folder byte-identical.
"""

import io
import subprocess
import sys

import openpyxl
import pytest

from etl import pipeline
from etl.core import config
from etl.core.errors import SourceError

from .conftest import farm, published, repin, replace_file, snapshot

IDI = "itu-idi-dataset"


def _rename_sheet(old: str, new: str):
    def edit(blob: bytes) -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(blob))
        wb[old].title = new
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return edit


def test_a_renamed_idi_edition_sheet_fails_the_build(real_sources, tmp_path, monkeypatch):
    """Was: the `IDI 2024 Data` sheet renamed dropped the 2024 edition (1,562 + 186 rows), exit 0."""
    root = farm(real_sources, tmp_path)
    target = replace_file(root, IDI, _rename_sheet("IDI 2024 Data", "IDI 2024"))
    repin(monkeypatch, tmp_path, {IDI: target})
    out, before = published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert err.value.path == str(target)
    assert "sheet 'IDI 2024 Data' not found" in str(err.value)
    assert snapshot(out) == before


INTERNET = "itu-datahub-individuals-using-internet"


def _cut_at_a_record_boundary(share: float):
    """Keep the first `share` of the lines, cut just before a line that starts a record: a file that ends
    cleanly, as a download stopped at a line boundary does."""

    def edit(blob: bytes) -> bytes:
        lines = blob.split(b"\n")
        k = int(len(lines) * share)
        while not lines[k].startswith(b"11624,"):
            k += 1
        return b"\n".join(lines[:k]) + b"\n"

    return edit


def test_a_file_cut_at_a_line_boundary_and_repinned_fails_the_build(real_sources, tmp_path, monkeypatch):
    """Was: a DataHub export missing its last 10 % of rows passed once its sha256 was updated."""
    root = farm(real_sources, tmp_path)
    target = replace_file(root, INTERNET, _cut_at_a_record_boundary(0.9))
    repin(monkeypatch, tmp_path, {INTERNET: target})
    out, before = published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert err.value.path == str(target)
    assert "rows read where data/sources.toml expects at least 4,943" in str(err.value)
    assert f"python scripts/record_expectations.py {INTERNET}" in str(err.value)
    assert snapshot(out) == before


def test_a_source_without_expectations_fails_before_reading(real_sources, tmp_path, monkeypatch):
    """A new entry without `expect` fails loudly: otherwise its file could lose rows unnoticed."""

    def drop_expect(text: str) -> str:
        start = text.index('id = "itu-datahub-smartphone-ownership"')
        at = text.index("expect = ", start)
        return text[:at] + text[text.index("\n", at) + 1 :]

    root = farm(real_sources, tmp_path)
    data = repin(monkeypatch, tmp_path, {}, toml_edit=drop_expect)
    out, before = published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert err.value.path == str(data / "sources.toml") and err.value.column == "expect"
    assert "1 source(s) without recorded expectations" in str(err.value)
    assert "itu-datahub-smartphone-ownership" in str(err.value)
    assert "python scripts/record_expectations.py" in str(err.value)
    assert snapshot(out) == before


def test_an_unterminated_quote_in_a_real_export_fails_naming_row_and_column(
    real_sources, tmp_path, monkeypatch
):
    """Was: the row with the lost quote swallowed the next one, and the build published one row less."""

    def lose_a_quote(blob: bytes) -> bytes:
        lines = blob.split(b"\n")
        assert lines[99].startswith(b"11624,") and lines[99].endswith(b'network."')
        lines[99] = lines[99][:-1]  # line 100 loses the closing quote of its last field
        return b"\n".join(lines)

    root = farm(real_sources, tmp_path)
    target = replace_file(root, INTERNET, lose_a_quote)
    repin(monkeypatch, tmp_path, {INTERNET: target})
    out, before = published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert (err.value.path, err.value.row, err.value.column) == (str(target), 100, "seriesDescription")
    assert "unterminated quote" in str(err.value)
    assert snapshot(out) == before


# --- what a user sees: `ict4d build` prints one line and exits 1 -------------------------------------------
CLI = (
    "import sys\nfrom pathlib import Path\nfrom etl.core import config\n"
    "config.DATA_DIR = Path(sys.argv.pop(1))\nfrom etl.cli import main\nmain()"
)
POPULATION = "itu-datahub-2025-07-total-population"


def _bombed(blob: bytes) -> bytes:
    import tempfile
    from pathlib import Path

    from .test_datahub import _bomb

    with tempfile.TemporaryDirectory() as tmp:
        return _bomb(Path(tmp) / "x.zip", b'"seriesID","seriesCode"\n', 1024).read_bytes()


@pytest.mark.parametrize(
    ("source_id", "edit", "expected"),
    [
        (IDI, _rename_sheet("IDI 2024 Data", "IDI 2024"), "sheet 'IDI 2024 Data' not found (renamed?)"),
        (
            INTERNET,
            _cut_at_a_record_boundary(0.9),
            "rows read where data/sources.toml expects at least 4,943",
        ),
        (
            INTERNET,
            lambda b: b.replace(b'network."\n', b"network.\n", 1),
            "row 2, column 'seriesDescription': unterminated quote",
        ),
        (POPULATION, _bombed, "zip member 'export.csv' declares 1,024 MiB unpacked"),
    ],
    ids=["renamed-sheet", "cut-file", "lost-quote", "zip-bomb"],
)
def test_ict4d_build_says_what_was_lost_in_one_line_and_exits_1(
    real_sources, tmp_path, monkeypatch, source_id, edit, expected
):
    root = farm(real_sources, tmp_path)
    target = replace_file(root, source_id, edit)
    data = repin(monkeypatch, tmp_path, {source_id: target})
    out, before = published(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", CLI, str(data), "build", "--sources", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [run.stderr.strip().splitlines()[-1]]
    assert errors[0].startswith(f"error: {target}") and expected in errors[0], errors[0]
    print(errors[0])  # the message a user sees (pytest -s shows it)
    assert snapshot(out) == before
