import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl import publish, registry
from etl.core import config
from etl.core.digests import sha256_file
from etl.sources import common

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


@pytest.fixture(scope="session")
def reg() -> registry.Registry:
    """The repository's own registries: the tests check the decisions they make (units, series)."""
    return registry.load()


@pytest.fixture
def ref() -> common.Reference:
    return common.Reference(
        iso3=frozenset({"KEN", "IND"}),
        m49_to_iso3={404: "KEN", 356: "IND"},
        m49_groups={1: "world", 199: "ldc", 202: "sdg_sub_saharan_africa"},
        group_names={"world": "World", "ldc": "LDCs", "sdg_sub_saharan_africa": "Sub-Saharan Africa"},
    )


# --- a real build on a sources directory with one file broken ----------------------------------------------
@pytest.fixture
def real_sources() -> Path:
    try:
        return config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")


def farm(real: Path, tmp_path: Path) -> Path:
    """A sources directory of symlinks to every real file (texts too, so the whole build runs), so one of
    them can be replaced by a broken copy."""
    root = tmp_path / "sources"
    for path in real.rglob("*"):
        if path.is_file():
            link = root / path.relative_to(real)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(path, link)
    return root


def replace_file(root: Path, source_id: str, edit: Callable[[bytes], bytes]) -> Path:
    """Replace one source of the farm by an edited copy of the real file; returns its path."""
    target = root / registry.load().sources[source_id].path
    real = target.resolve()
    target.unlink()
    target.write_bytes(edit(real.read_bytes()))
    return target


def repin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, files: dict[str, Path], toml_edit=None) -> Path:
    """A copy of data/ whose sources.toml pins the given files' new sha256 (the broken file "accepted"),
    made the registry of the build; `toml_edit(text) -> text` edits sources.toml further."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for path in config.DATA_DIR.iterdir():  # every registry, so the whole build can run on it
        if path.is_file() and not path.name.startswith("."):
            shutil.copy(path, data / path.name)
    text = (config.DATA_DIR / "sources.toml").read_text()
    specs = registry.load().sources
    for source_id, path in files.items():
        text = text.replace(specs[source_id].sha256, sha256_file(path))
    (data / "sources.toml").write_text(toml_edit(text) if toml_edit else text)
    monkeypatch.setattr(registry, "load", lambda data_dir=data: registry.Registry(data_dir))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    return data


def published(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A small published folder and its bytes, to show a failed build leaves it as it was."""
    out = tmp_path / "published"
    publish.publish({"indicators": registry.load().indicators}, out, log=lambda _: None)
    return out, snapshot(out)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}
