"""End to end: a broken sources directory fails the real pipeline; the published folder stays as it was."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl import pipeline, publish, registry
from etl.core import config
from etl.core.digests import sha256_file
from etl.core.errors import SourceError

BROKEN = "itu/itu-datahub/individuals_using_internet.csv"


@pytest.fixture
def real_sources() -> Path:
    try:
        return config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")


def _farm(real: Path, tmp_path: Path) -> Path:
    """A sources directory of symlinks to the real files, so one of them can be replaced by a broken copy."""
    root = tmp_path / "sources"
    for spec in registry.load().sources.values():
        link = root / spec.path
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(real / spec.path, link)
    os.symlink(real / "texts", root / "texts")  # the claims step reads them (it may run first)
    return root


def _published(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "published"
    publish.publish({"indicators": registry.load().indicators}, out, log=lambda _: None)
    return out, {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _break(root: Path, real: Path, edit) -> Path:
    target = root / BROKEN
    target.unlink()
    target.write_bytes(edit((real / BROKEN).read_bytes()))
    return target


def test_truncated_source_fails_the_build_and_published_is_byte_identical(real_sources, tmp_path):
    root = _farm(real_sources, tmp_path)
    target = _break(root, real_sources, lambda b: b[: len(b) // 2])
    out, before = _published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert str(target) in str(err.value) and "sha256 mismatch" in str(err.value)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before


def test_bad_value_with_a_matching_hash_fails_naming_row_and_column(real_sources, tmp_path, monkeypatch):
    root = _farm(real_sources, tmp_path)
    target = _break(
        root, real_sources, lambda b: b.replace(b'"ABW","Aruba","15.4428"', b'"ABW","Aruba","n/a"', 1)
    )
    data = tmp_path / "data"
    data.mkdir()
    for name in ["indicators.csv", "indicator_series.csv", "releases.csv"]:
        shutil.copy(config.DATA_DIR / name, data / name)
    spec = registry.load().sources["itu-datahub-individuals-using-internet"]
    toml = (config.DATA_DIR / "sources.toml").read_text().replace(spec.sha256, sha256_file(target))
    (data / "sources.toml").write_text(toml)
    monkeypatch.setattr(registry, "load", lambda data_dir=data: registry.Registry(data_dir))
    out, before = _published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert (err.value.path, err.value.row, err.value.column) == (str(target), 2, "dataValue")
    assert "not a number: 'n/a'" in str(err.value)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before


def test_cli_reports_a_broken_source_in_one_line_with_exit_1(real_sources, tmp_path):
    root = _farm(real_sources, tmp_path)
    _break(root, real_sources, lambda b: b"")
    out, before = _published(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from etl.cli import main; main()",
            "build",
            "--sources",
            str(root),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
    )
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "individuals_using_internet.csv: file is empty" in last
    assert "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before
