import zipfile
from pathlib import Path

import pandas as pd
import pytest

from etl.core.errors import SourceError
from etl.sources import datahub

from .conftest import FIXTURES

SOURCE = "itu-datahub-active-mobile-broadband-subscriptions"
GOOD = (FIXTURES / "datahub_paired.csv").read_text(encoding="utf-8-sig")


def _read(reg, ref, path: Path):
    spec = reg.sources[SOURCE]
    return datahub.read(path, spec, reg.series_for(SOURCE), ref, reg.units)


def _variant(tmp_path: Path, text: str, name: str = "variant.csv") -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + text, encoding="utf-8")
    return path


def test_paired_series_take_their_unit_from_the_registry_not_the_export(reg, ref):
    result = _read(reg, ref, FIXTURES / "datahub_paired.csv")
    obs = result.observations.set_index(["series_code", "entity_id", "year"])
    # both series are labelled "count" in the export; the registry says i911mw is per 100 inhabitants
    assert obs.loc[("i271mw", "KEN", 2022), "unit"] == "count"
    assert obs.loc[("i271mw", "KEN", 2022), "indicator_id"] == "mobile_broadband_subscriptions_count"
    assert obs.loc[("i911mw", "KEN", 2022), "unit"] == "per_100_inhabitants"
    assert obs.loc[("i911mw", "KEN", 2022), "value"] == 50.5
    assert set(result.observations["release"]) == {"itu-datahub-2025-12"}
    assert set(result.observations["source_id"]) == {SOURCE}


def test_estimate_flag_and_note_come_from_upstream_text(reg, ref):
    obs = _read(reg, ref, FIXTURES / "datahub_paired.csv").observations.set_index(
        ["series_code", "entity_id", "year"]
    )
    assert bool(obs.loc[("i271mw", "KEN", 2022), "is_estimate"]) is True  # "ITU estimate."
    assert bool(obs.loc[("i271mw", "KEN", 2023), "is_estimate"]) is False
    assert obs.loc[("i911mw", "KEN", 2022), "note"] == "a note; source: Regulator"
    assert pd.isna(obs.loc[("i911mw", "IND", 2022), "note"])


def test_code_that_is_not_a_country_is_quarantined_with_its_row(reg, ref):
    result = _read(reg, ref, FIXTURES / "datahub_paired.csv")
    assert "KSO" not in set(result.observations["entity_id"])
    assert result.quarantine == [
        {
            "source_id": SOURCE,
            "row": 6,
            "column": "entityIso",
            "value": "KSO Kosovo",
            "reason": "entity code is not a country in the registry (country-codes.csv)",
        }
    ]
    assert result.rows_read == 5


def test_zipped_export_reads_like_the_plain_one(reg, ref, tmp_path):
    path = tmp_path / "export.csv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("export.csv", "\ufeff" + GOOD)
    plain = _read(reg, ref, FIXTURES / "datahub_paired.csv").observations
    zipped = _read(reg, ref, path).observations
    assert zipped.equals(plain)


@pytest.mark.parametrize(
    ("mutate", "message", "row", "column"),
    [
        (lambda t: t.replace('"dataValue"', '"value"'), "missing column", 1, "dataValue"),
        (lambda t: t.replace('"50.5"', '"fifty"'), "not a number: 'fifty'", 4, "dataValue"),
        (lambda t: t.replace('"1200000",2023', '"1200000",2022'), "duplicate key", 3, "dataValue"),
        (lambda t: t.replace('"i911mw"', '"i911xx"', 1), "series code 'i911xx' is not in", 4, "seriesCode"),
    ],
)
def test_bad_rows_fail_naming_file_row_and_column(reg, ref, tmp_path, mutate, message, row, column):
    path = _variant(tmp_path, mutate(GOOD))
    with pytest.raises(SourceError) as err:
        _read(reg, ref, path)
    assert message in str(err.value)
    assert err.value.path == str(path)
    if row is not None:
        assert (err.value.row, err.value.column) == (row, column)


HEADER = (
    '"seriesID","seriesCode","seriesName","seriesParent","seriesUnits","entityID","entityIso","entityName",'
    '"dataValue","dataYear","dataNote","dataSource","seriesDescription"\n'
)


def _internet(reg, ref, path):
    spec = reg.sources["itu-datahub-individuals-using-internet"]
    return datahub.read(path, spec, reg.series_for(spec.source_id), ref, reg.units)


def test_an_isolated_share_of_140_is_set_aside_with_its_row(reg, ref, tmp_path):
    rows = [
        f'11624,"i99H","x",,"%",1,"KEN","Kenya","{v}",{y},"","","x"\n' for y, v in [(2021, 30), (2022, 140)]
    ]
    result = _internet(reg, ref, _variant(tmp_path, HEADER + "".join(rows)))
    assert result.observations["value"].tolist() == [30.0]
    (q,) = result.quarantine
    assert (q["row"], q["column"], q["value"]) == (3, "dataValue", "140")
    assert "outside the range of percent" in q["reason"]


def test_many_shares_above_100_fail_as_a_wrong_unit(reg, ref, tmp_path):
    rows = [
        f'11624,"i99H","x",,"%",1,"KEN","Kenya","{100 + y % 100}",{y},"","","x"\n' for y in range(2001, 2011)
    ]
    with pytest.raises(SourceError) as err:
        _internet(reg, ref, _variant(tmp_path, HEADER + "".join(rows)))
    assert "value 101 outside the range of percent [0, 100]" in str(err.value)
    assert "9 more such values" in str(err.value)
    assert (err.value.row, err.value.column) == (2, "dataValue")


def test_truncated_file_fails_on_the_incomplete_row(reg, ref, tmp_path):
    cut = GOOD[: GOOD.index('"50.5"') - 1]  # the last line stops before its value
    path = _variant(tmp_path, cut)
    with pytest.raises(SourceError) as err:
        _read(reg, ref, path)
    assert "truncated" in str(err.value)
    assert err.value.row == 4


def test_empty_file_fails(reg, ref, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="file is empty"):
        _read(reg, ref, path)


def test_header_only_file_fails(reg, ref, tmp_path):
    path = _variant(tmp_path, GOOD.splitlines()[0] + "\n")
    with pytest.raises(SourceError, match="no data rows"):
        _read(reg, ref, path)


def test_truncated_zip_fails(reg, ref, tmp_path):
    path = tmp_path / "export.csv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("export.csv", GOOD * 20)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(SourceError, match="not a readable zip"):
        _read(reg, ref, path)
