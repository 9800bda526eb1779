"""`ict4d claims`: through typer's CliRunner on etl.cli.app and through the real console entry point."""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from etl.claims import command, reader
from etl.cli import app
from etl.core import schemas
from etl.core.errors import SourceError

ICT4D = Path(sys.executable).with_name("ict4d")
ROOT = Path(__file__).resolve().parents[3]
# the console script imports `etl` from wherever the package was installed: run it on this checkout's code
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
TEXT = (
    "The General Assembly,\n\nNoting the report,\n\n"
    "1. Notes that in 2099, 61 per cent of the world’s population were using the Internet;\n\n"
    "2. Acknowledges the more than 500 pledges made to the Partner2Connect Digital Coalition;\n"
)
runner = CliRunner()


def _ict4d(*args: str) -> subprocess.CompletedProcess:
    """The real console entry point, as a user runs it."""
    return subprocess.run([str(ICT4D), *args], capture_output=True, text=True, timeout=120, env=ENV)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_csv_has_exactly_the_claim_columns(tmp_path):
    path = _write(tmp_path, "res.txt", TEXT.encode("utf-8"))
    result = runner.invoke(app, ["claims", str(path)])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(io.StringIO(result.stdout), dtype={"year": str, "paragraph": str})
    assert list(df.columns) == list(schemas.Claim.to_schema().columns)
    assert df["value"].tolist() == [61.0, 500.0]
    assert df["document"].unique().tolist() == ["res"]
    assert df.loc[0, "year"] == "2099" and df.loc[1, "scope"] == "Partner2Connect"
    assert df["year_rule"].tolist() == ["stated", "none"]  # how each year was decided


def test_json_format(tmp_path):
    path = _write(tmp_path, "res.txt", TEXT.encode("utf-8"))
    result = runner.invoke(app, ["claims", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["value"] for r in records] == [61.0, 500.0]
    assert records[1]["year"] is None and records[1]["qualifier"] == "more_than"
    assert list(records[0]) == list(schemas.Claim.to_schema().columns)


def test_directory_reads_its_txt_files(tmp_path):
    _write(tmp_path, "a.txt", TEXT.encode("utf-8"))
    _write(tmp_path, "b.txt", TEXT.replace("61", "62").encode("utf-8"))
    _write(tmp_path, "notes.md", b"# 99 per cent of nothing")
    result = runner.invoke(app, ["claims", str(tmp_path)])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(io.StringIO(result.stdout))
    assert sorted(df["document"].unique()) == ["a", "b"]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, bom, encoding):
    path = _write(tmp_path, "bom.txt", bom + TEXT.encode(encoding))
    result = runner.invoke(app, ["claims", str(path)])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(io.StringIO(result.stdout))
    assert df["value"].tolist() == [61.0, 500.0]
    # offsets are into the decoded text (after the BOM)
    decoded = TEXT
    assert decoded[df.loc[0, "start"] : df.loc[0, "end"]] == df.loc[0, "quote"]


def test_bad_input_raises_a_source_error_in_process(tmp_path):
    path = _write(tmp_path, "empty.txt", b"")
    result = runner.invoke(app, ["claims", str(path)])
    assert result.exit_code != 0 and isinstance(result.exception, SourceError)


@pytest.mark.slow
def test_large_file_works(tmp_path):
    paragraph = (
        "Notes that 45 per cent of people in Africa use the Internet while the other paragraphs "
        "of this long text recall resolution 70/125 of 16 December 2015 and the 2030 Agenda; "
    )
    body = "\n\n".join(f"{i}. {paragraph * 7}" for i in range(1, 9001))
    text = f"The General Assembly,\n\nNoting,\n\n{body}\n"
    data = text.encode("utf-8")
    assert len(data) > 10_000_000
    path = _write(tmp_path, "big.txt", data)
    result = runner.invoke(app, ["claims", str(path)])
    assert result.exit_code == 0, result.output[-500:]
    assert result.stdout.count("\n") == 1 + 9000 * 7  # header + every mention


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (
            "latin1.txt",
            "Notes that 61 per cent of the world’s population".replace("’", "'").encode("utf-8")
            + " caf\xe9".encode("latin-1"),
            "not UTF-8",
        ),
        ("missing.txt", None, "no such file"),
    ],
)
def test_real_entry_point_bad_input_is_one_line_error(tmp_path, name, data, message):
    path = tmp_path / name if data is None else _write(tmp_path, name, data)
    proc = _ict4d("claims", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], proc.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in proc.stderr


def test_real_entry_point_empty_directory_and_bad_format(tmp_path):
    proc = _ict4d("claims", str(tmp_path))
    assert proc.returncode == 1 and "no *.txt files" in proc.stderr and "Traceback" not in proc.stderr
    path = _write(tmp_path, "res.txt", TEXT.encode("utf-8"))
    proc = _ict4d("claims", str(path), "--format", "xml")
    assert proc.returncode == 1 and "unknown --format 'xml'" in proc.stderr


def test_real_entry_point_success(tmp_path):
    path = _write(tmp_path, "res.txt", TEXT.encode("utf-8"))
    proc = _ict4d("claims", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 2
    assert "2 claims" in proc.stderr


# --- inputs (issue 15): regular files only, a size limit, a BOM alone is empty, names printed escaped ----
def _limited(*args: str) -> subprocess.CompletedProcess:
    """The real entry point with 1 GB of address space and 60 s: an unbounded read fails, never hangs."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    return subprocess.run(
        [str(ICT4D), *args], capture_output=True, text=True, timeout=60, env=ENV, preexec_fn=limit
    )


def _one_error_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode == 1 and proc.stdout == "", (proc.returncode, proc.stderr[-500:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr[-500:]
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _one_error_line(_limited("claims", str(fifo)), str(fifo), "not a regular file", "FIFO")


def test_dev_zero_is_refused_without_reading_it():
    _one_error_line(_limited("claims", "/dev/zero"), "/dev/zero", "not a regular file", "character device")


def test_a_file_over_the_size_limit_states_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(reader.MAX_BYTES + 1)  # sparse: no disk space used, nothing to read
    line = _one_error_line(_limited("claims", str(path)), str(path), "too large")
    assert f"{reader.MAX_BYTES:,}" in line and f"{reader.MAX_BYTES + 1:,}" in line


def test_the_read_stops_at_the_limit(tmp_path):
    path = _write(tmp_path, "grows.txt", TEXT.encode("utf-8"))
    assert reader.read_text(path, limit=len(TEXT.encode("utf-8"))) == TEXT
    with pytest.raises(SourceError, match=r"too large.*limit is 100 bytes"):
        reader.read_text(path, limit=100)
    # a file that grows after its size was checked is still read only up to the limit + 1 bytes
    reads = []
    real_fdopen = os.fdopen

    class Spy:
        def __init__(self, fd, *args, **kwargs):
            self.fh = real_fdopen(fd, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=-1):
            reads.append(n)
            return self.fh.read(n)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reader.os, "fdopen", Spy)
        assert reader.read_text(path) == TEXT
    assert reads == [reader.MAX_BYTES + 1]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF8 + b" \n\n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
)
def test_a_file_of_only_a_byte_order_mark_is_empty(tmp_path, data):
    path = _write(tmp_path, "bom.txt", data)
    _one_error_line(_ict4d("claims", str(path)), str(path), "empty")


@pytest.mark.parametrize("name", ["bad\nname.txt", "esc\x1b[31mred.txt", "tab\tand\rcr.txt"])
def test_names_with_newlines_or_escape_sequences_are_printed_escaped(tmp_path, name):
    path = _write(tmp_path, name, b"")
    line = _one_error_line(_ict4d("claims", str(path)), "empty")  # the real entry point: one line
    assert repr(str(path))[1:-1] in line and "\x1b" not in line
    with pytest.raises(SourceError, match="no such file") as missing:
        command.claims_table([tmp_path / ("missing-" + name)])
    assert repr(str(tmp_path / ("missing-" + name)))[1:-1] in str(missing.value)
    ok, logged = _write(tmp_path, "ok-" + name, TEXT.encode("utf-8")), []
    command.claims_table([ok], log=logged.append)
    assert logged == [f"{repr(str(ok))[1:-1]}: 2 claims"]  # the progress line names it escaped too
