from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from etl import registry
from etl.core.errors import SourceError
from etl.sources import idi

SOURCE = "itu-idi-dataset"
USE, OWN = "Individuals using the Internet (%)", "Individuals who own a mobile phone (%)"


def _workbook(
    tmp_path: Path, rows: list[list], header=(USE, OWN), title="IDI 2025 Indicator values (2023)"
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "IDI 2025 Data"
    ws.append([None, None, None, None, title])
    ws.append(
        ["Iso3", "ITU-D \nRegion", "Income", "Economy", header[0], None, header[1], None, None, header[0]]
    )
    ws.append([None, None, None, None, "Value", "Source", "Value", "Source", None, "Score"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "idi.xlsx"
    wb.save(path)
    return path


def _read(reg, ref, path):
    """A made-up workbook (one edition), read with the real entry minus what the real file must hold."""
    series = reg.series_for(SOURCE)
    series = series[series["series_code"].isin([USE, OWN])]
    return idi.read(path, replace(reg.sources[SOURCE], expect=None), series, ref, reg.units)


def test_parse_value_reads_marks_and_missing_values():
    assert idi.parse_value("17.7†") == (17.7, True, None)
    assert idi.parse_value("58.0‡") == (58.0, False, "marked ‡ in the IDI sheet")
    assert idi.parse_value(89.3) == (89.3, False, None)
    assert idi.parse_value("n.a.") == (None, False, None)
    with pytest.raises(ValueError):
        idi.parse_value("about 5")


def test_values_of_the_sheet_year_with_flags_and_sources(reg, ref, tmp_path):
    rows = [
        ["KEN", "Africa", "LMC", "Kenya", "35.5†", "ITU estimate.", "n.a.", "x", None, 40.0],
        ["IND", "Asia-Pacific", "LMC", "India", "50.0", "Survey", "70.2‡", "Survey", None, 55.0],
        ["WBG", "Arab States", "LMC", "Palestine", "80.0", "PCBS", "90.0", "PCBS", None, 85.0],
    ]
    result = _read(reg, ref, _workbook(tmp_path, rows))
    obs = result.observations.set_index(["indicator_id", "entity_id"])
    assert set(result.observations["year"]) == {2023}
    assert obs.loc[("internet_use_share", "KEN"), "value"] == 35.5
    assert bool(obs.loc[("internet_use_share", "KEN"), "is_estimate"]) is True
    assert ("mobile_phone_ownership_share", "KEN") not in obs.index  # n.a.
    assert (
        obs.loc[("mobile_phone_ownership_share", "IND"), "note"]
        == "marked ‡ in the IDI sheet; source: Survey"
    )
    assert len(result.observations) == 3  # the Score columns are not read
    assert [(q["row"], q["value"]) for q in result.quarantine] == [(6, "WBG")]


def test_non_numeric_value_fails_naming_sheet_row_and_column(reg, ref, tmp_path):
    rows = [["KEN", "Africa", "LMC", "Kenya", "about 35", "x", "1", "x"]]
    with pytest.raises(SourceError) as err:
        _read(reg, ref, _workbook(tmp_path, rows))
    assert (err.value.row, err.value.column) == (4, "IDI 2025 Data!E")


def test_renamed_column_fails(reg, ref, tmp_path):
    path = _workbook(tmp_path, [], header=("Internet users (%)", OWN))
    with pytest.raises(SourceError, match="column not found") as err:
        _read(reg, ref, path)
    assert err.value.column == USE


def test_sheet_without_a_data_year_fails(reg, ref, tmp_path):
    with pytest.raises(SourceError, match="Indicator values"):
        _read(reg, ref, _workbook(tmp_path, [], title="IDI 2025"))


def _editions(tmp_path: Path, names: list[str]) -> Path:
    """A workbook with one data sheet per name (same layout as `_workbook`), one row each."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, name in enumerate(names):
        ws = wb.create_sheet(name)
        ws.append([None, None, None, None, f"IDI 2025 Indicator values ({2023 - k})"])
        ws.append(["Iso3", "ITU-D \nRegion", "Income", "Economy", USE, None, OWN, None])
        ws.append([None, None, None, None, "Value", "Source", "Value", "Source"])
        ws.append(["KEN", "Africa", "LMC", "Kenya", "35.5", "x", "60", "x"])
    path = tmp_path / "editions.xlsx"
    wb.save(path)
    return path


def _read_expecting(reg, ref, path, sheets: tuple[str, ...]):
    series = reg.series_for(SOURCE)
    series = series[series["series_code"].isin([USE, OWN])]
    spec = replace(reg.sources[SOURCE], expect=registry.Expectation(rows=1, sheets=sheets))
    return idi.read(path, spec, series, ref, reg.units)


def test_every_expected_edition_is_read(reg, ref, tmp_path):
    path = _editions(tmp_path, ["IDI 2025 Data", "IDI 2024 Data"])
    result = _read_expecting(reg, ref, path, ("IDI 2025 Data", "IDI 2024 Data"))
    assert sorted(set(result.observations["year"])) == [2022, 2023]


def test_a_renamed_edition_sheet_fails_naming_file_and_sheet(reg, ref, tmp_path):
    """Finding: a renamed sheet dropped its whole edition with exit 0 (the sheet no longer matched)."""
    path = _editions(tmp_path, ["IDI 2025 Data", "IDI 2024 data"])
    with pytest.raises(SourceError) as err:
        _read_expecting(reg, ref, path, ("IDI 2025 Data", "IDI 2024 Data"))
    assert err.value.path == str(path)
    assert "sheet 'IDI 2024 Data' not found" in str(err.value)
    assert "IDI 2024 data" in str(err.value)  # what is there instead
