"""Bad input, nothing lost: broken copies of the vintage files fail the real pipeline in one line naming file,
row and column, and the published folder stays byte-identical (the pattern of test_build_atomic.py).

Each broken copy is re-pinned in a copy of data/sources.toml, as a user would after checking a new file, so
the reader itself has to notice what is wrong (not the sha256 check).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl import pipeline, publish, registry
from etl.core import config
from etl.core.digests import sha256_file
from etl.core.errors import SourceError

V = "itu/vintages"
USE_2018 = f"{V}/un-sdg-2018-12/ddf--datapoints--it_use_ii99--by--geo_area--year.csv"
NTWK_2018 = (
    f"{V}/un-sdg-2018-12/ddf--datapoints--it_mob_ntwk--by--geo_area--year--type_of_mobile_technology.csv"
)
USE_2021 = f"{V}/un-sdg-2021-12/ddf--datapoints--it_use_ii99--by--age--geo_area--nature--units--year.csv"
XLS_2019 = f"{V}/itu-aggregates/ITU_Key_2005-2019_ICT_data_with LDCs_28Oct2019_Final.xls"
GEO_2019 = f"{V}/un-sdg-2019-12/ddf--entities--geo_area.csv"
FIRST = b"notspec,1,e,per_100_pop,2000,"  # the first data row of USE_2021


@pytest.fixture
def real_sources() -> Path:
    try:
        return config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")


def _farm(real: Path, tmp_path: Path) -> Path:
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


def _break_and_pin(
    root: Path, real: Path, rel: str, edit: Callable[[bytes], bytes], tmp_path: Path, monkeypatch
) -> Path:
    """Replace one file by an edited copy and pin its new sha256 in a copy of the registries."""
    target = root / rel
    target.unlink()
    target.write_bytes(edit((real / rel).read_bytes()))
    data = tmp_path / "data"
    data.mkdir()
    for name in ["indicators.csv", "indicator_series.csv", "releases.csv"]:
        shutil.copy(config.DATA_DIR / name, data / name)
    old = sha256_file(real / rel)
    (data / "sources.toml").write_text(
        (config.DATA_DIR / "sources.toml").read_text().replace(old, sha256_file(target))
    )
    monkeypatch.setattr(registry, "load", lambda data_dir=data: registry.Registry(data_dir))
    return target


def _header(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        head, rest = data.split(b"\n", 1)
        assert old in head
        return head.replace(old, new) + b"\n" + rest

    return edit


@pytest.mark.parametrize(
    ("rel", "edit", "message", "row", "column"),
    [
        pytest.param(
            USE_2018,
            _header(b"geo_area", b"geoarea"),
            "missing column",
            1,
            "geo_area",
            id="renamed key column",
        ),
        pytest.param(
            NTWK_2018,
            _header(b"type_of_mobile_technology", b"technology"),
            "key column 'technology' has no code list",
            1,
            "technology",
            id="renamed selector key",
        ),
        pytest.param(
            NTWK_2018,
            _header(b",it_mob_ntwk", b",it_mob_2gntwk"),
            "no value column for series IT_MOB_NTWK (series code changed?)",
            1,
            "it_mob_ntwk",
            id="series whose code changed",
        ),
        pytest.param(
            USE_2021,
            lambda b: b.replace(FIRST, b"notspec,1,e,number,2000,", 1),
            "units 'number' do not measure",
            2,
            "units",
            id="a count under a share's code",
        ),
        pytest.param(
            USE_2021,
            lambda b: b.replace(FIRST, b"notspec,9999,e,per_100_pop,2000,", 1),
            "code '9999' is not in the code list",
            2,
            "geo_area",
            id="unlisted area",
        ),
        pytest.param(
            XLS_2019,
            lambda b: b[: len(b) * 2 // 3],
            "not a readable xls workbook (truncated?)",
            None,
            None,
            id="old xls truncated",
        ),
    ],
)
def test_a_broken_vintage_fails_the_build_naming_it_and_published_stays(
    real_sources, tmp_path, monkeypatch, rel, edit, message, row, column
):
    root = _farm(real_sources, tmp_path)
    target = _break_and_pin(root, real_sources, rel, edit, tmp_path, monkeypatch)
    out, before = _published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert err.value.path == str(target) and message in str(err.value)
    assert (err.value.row, err.value.column) == (row, column)
    assert "\n" not in str(err.value)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before


def test_a_vintage_folder_missing_its_geo_area_list_fails_naming_the_file(real_sources, tmp_path):
    root = _farm(real_sources, tmp_path)
    (root / GEO_2019).unlink()
    out, before = _published(tmp_path)
    with pytest.raises(SourceError) as err:
        pipeline.run(root, out, log=lambda _: None)
    assert err.value.path == str(root / GEO_2019)
    assert "source file of 'unsd-2019-03-geo-area' not found" in str(err.value)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before


def test_a_datapoints_file_that_names_no_code_list_source_fails(real_sources, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    for name in ["indicators.csv", "indicator_series.csv", "releases.csv"]:
        shutil.copy(config.DATA_DIR / name, data / name)
    text = (config.DATA_DIR / "sources.toml").read_text()
    old = 'code_lists = ["unsd-2018-10-geo-area"]'
    assert old in text
    (data / "sources.toml").write_text(text.replace(old, 'code_lists = ["unsd-2018-10-geo-areas"]'))
    monkeypatch.setattr(registry, "load", lambda data_dir=data: registry.Registry(data_dir))
    out, before = _published(tmp_path)
    with pytest.raises(SourceError, match="code list 'unsd-2018-10-geo-areas' is not a source"):
        pipeline.run(real_sources, out, log=lambda _: None)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before
