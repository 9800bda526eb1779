import os
import shutil
import subprocess
import sys
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


# --- expect: what each file held when recorded -----------------------------------------------------------
EXPECT_LINE = "expect = { rows = 4943, years = [2000, 2025], entities = 227 }\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{ rows = -1 }", "expect.rows must be a whole number >= 0"),
        ("{ years = [2000, 2024] }", "expect.rows is missing"),
        ("{ rows = 5, years = [2024, 2000] }", "expect.years must be [first, last]"),
        ("{ rows = 5, entities = true }", "expect.entities must be a whole number"),
        ("{ rows = 5, colour = 1 }", "unknown expect key 'colour'"),
        ("{ rows = 5, sheets = [1] }", "expect.sheets must be a list of sheet names"),
        ("5", "expect must be a table"),
    ],
)
def test_a_malformed_expectation_fails_naming_the_entry(data, value, message):
    _edit(data / "sources.toml", EXPECT_LINE, f"expect = {value}\n")
    with pytest.raises(SourceError) as err:
        _ = registry.load(data).sources
    assert message in str(err.value) and "'itu-datahub-individuals-using-internet'" in str(err.value)


def test_expectations_are_written_as_one_line_before_the_sha256():
    text = (config.DATA_DIR / "sources.toml").read_text()
    sid = "itu-datahub-individuals-using-internet"
    new = registry.Expectation(rows=1, years=(2001, 2002), entities=3)
    written = registry.set_expectations(text, {sid: new})
    assert written.replace("expect = { rows = 1, years = [2001, 2002], entities = 3 }\n", EXPECT_LINE) == text
    without = text.replace(EXPECT_LINE, "")
    assert registry.set_expectations(without, {sid: registry.load().sources[sid].expect}) == text
    with pytest.raises(SourceError, match="no \\[\\[source\\]\\] entry with id 'nope'"):
        registry.set_expectations(text, {"nope": new})


def test_recording_from_the_real_sources_writes_the_committed_expectations(data, tmp_path):
    """scripts/record_expectations.py on entries without `expect` gives back exactly the committed lines."""
    try:
        sources = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    shutil.copy(config.DATA_DIR / "releases.csv", data / "releases.csv")
    committed = (data / "sources.toml").read_text()
    lines = committed.splitlines(keepends=True)
    (data / "sources.toml").write_text(
        "".join(
            line
            for line in lines
            if not (line.startswith("expect = ") and ("IDI 2025 Data" in line or "4943" in line))
        )
    )
    run = subprocess.run(
        [sys.executable, "scripts/record_expectations.py", "--data", str(data), "--sources", str(sources)],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        env={**os.environ, config.CACHE_ENV: "off"},
    )
    assert run.returncode == 0, run.stderr
    assert "itu-datahub-individuals-using-internet: new: { rows = 4943" in run.stderr
    assert "wrote `expect` of 2 source(s)" in run.stderr
    assert (data / "sources.toml").read_text() == committed
