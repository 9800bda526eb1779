import shutil
from pathlib import Path

import pytest

from etl import registry
from etl.core import config
from etl.core.errors import SourceError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for name in ["indicators.csv", "indicator_series.csv", "sources.toml"]:
        shutil.copy(config.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_repository_registries_are_consistent():
    reg = registry.load()
    series = reg.indicator_series
    assert set(series["indicator_id"]) <= set(reg.units)
    assert set(series["source_id"]) <= set(reg.sources)
    assert all(len(s.sha256) == 64 for s in reg.sources.values())
    # the DataHub paired series: the registry, not the export's seriesUnits, says which is which
    dh = series[series["source_id"] == "itu-datahub-fixed-broadband-subscriptions"].set_index("series_code")
    assert reg.units[dh.loc["i4213tfbb", "indicator_id"]] == "count"
    assert reg.units[dh.loc["i992b", "indicator_id"]] == "per_100_inhabitants"


def test_unknown_unit_names_file_row_and_column(data):
    _edit(
        data / "indicators.csv",
        "Individuals using the Internet,percent,",
        "Individuals using the Internet,percents,",
    )
    with pytest.raises(SourceError) as err:
        _ = registry.load(data).indicators
    assert (err.value.path, err.value.row, err.value.column) == (str(data / "indicators.csv"), 2, "unit")


def test_series_of_an_unknown_indicator_fails(data):
    _edit(data / "indicator_series.csv", "internet_use_share,itu-datahub", "internet_usage,itu-datahub")
    with pytest.raises(SourceError, match=r"indicator ids not in indicators\.csv: internet_usage"):
        _ = registry.load(data).indicator_series


def test_bad_scale_fails(data):
    _edit(data / "indicator_series.csv", ",1000000,Millions", ",a million,Millions")
    with pytest.raises(SourceError) as err:
        _ = registry.load(data).indicator_series
    assert err.value.column == "scale"


def test_duplicate_source_id_fails(data):
    text = (data / "sources.toml").read_text()
    first = text[text.index("[[source]]") : text.index("[[source]]", text.index("[[source]]") + 1)]
    (data / "sources.toml").write_text(text + "\n" + first)
    with pytest.raises(SourceError, match="duplicate source id 'itu-aggregates-2024-11'"):
        _ = registry.load(data).sources


def test_group_names_and_snake_ids():
    assert (
        registry.snake("Oceania (exc. Australia and New Zealand)") == "oceania_exc_australia_and_new_zealand"
    )
    assert registry.group_id_for_name("Small Island Developing States (SIDS)") == "sids"
    assert registry.group_id_for_name("High-income") == "wb_high_income"
    assert registry.group_id_for_name("Atlantis") is None
