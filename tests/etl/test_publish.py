from pathlib import Path

import pandas as pd
import pytest

from etl import publish
from etl.core import config
from etl.core.errors import ValidationError


def _indicators(unit: str = "percent") -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": ["internet_use"],
        "name": ["Individuals using the Internet"],
        "unit": [unit],
        "definition": ["Share of individuals who used the Internet in the last three months."],
        "is_higher_better": [True],
        "sdg_indicator_code": ["17.8.1"],
    })


def test_publish_writes_csv_parquet_and_datapackage(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    assert (out / "indicators.csv").read_text().startswith("indicator_id,name,unit")
    assert pd.read_parquet(out / "indicators.parquet")["unit"].tolist() == ["percent"]
    package = (out / "datapackage.json").read_text()
    assert '"name": "indicators"' in package and '"is_higher_better"' in package


def test_failed_validation_leaves_published_untouched(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValidationError, match="unit"):
        publish.publish({"indicators": _indicators(unit="furlongs")}, out, log=lambda _: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["published"]


def test_sources_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(config.SOURCES_ENV, str(tmp_path))
    assert config.sources_dir() == tmp_path.resolve()
    other = tmp_path / "other"
    other.mkdir()
    assert config.sources_dir(other) == other.resolve()
    with pytest.raises(config.ConfigError, match="not found"):
        config.sources_dir(tmp_path / "missing")


def test_published_folder_is_world_readable(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    assert out.stat().st_mode & 0o777 == 0o755
