import struct
import zipfile
import zlib
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


# --- rows the parser must not merge, pad or cut (issue 15) -----------------------------------------------
@pytest.mark.parametrize(
    ("mutate", "row", "column", "message"),
    [
        # the closing quote of a value is lost: the rest of the line (and more) runs into that field
        (
            lambda t: t.replace('"1200000",2023', '"1200000,2023'),
            3,
            "dataValue",
            "unterminated or stray quote: the quotes of this value do not pair up",
        ),
        # ... of the last field: the next row was swallowed into it and the file read one row short
        (
            lambda t: t.replace('"Regulator","synthetic test row"', '"Regulator","synthetic test row', 1),
            3,
            "seriesDescription",
            "unterminated quote: the value runs on past the end of its line, so this "
            "row and the next 1 line(s) read as one row of 24 fields",
        ),
        # one field too many: the usecols read took the row as it came
        (
            lambda t: t.replace('"a note","Regulator"', '"a note","x","Regulator"'),
            4,
            "#14",
            "14 fields where the header has 13",
        ),
        # one field too few: the rest of the row was padded with empty cells
        (
            lambda t: t.replace('"40",2022,"","","synthetic test row"', '"40",2022,"",""'),
            5,
            "seriesDescription",
            "12 fields where the header has 13",
        ),
    ],
    ids=["unterminated-value", "unterminated-last-field", "extra-field", "missing-field"],
)
def test_a_malformed_row_fails_naming_file_row_and_column(reg, ref, tmp_path, mutate, row, column, message):
    path = _variant(tmp_path, mutate(GOOD))
    with pytest.raises(SourceError) as err:
        _read(reg, ref, path)
    assert (err.value.path, err.value.row, err.value.column) == (str(path), row, column)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_malformed_row_in_a_zipped_export_fails_the_same_way(reg, ref, tmp_path):
    path = tmp_path / "export.csv.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export.csv", "\ufeff" + GOOD.replace('"a note","Regulator"', '"a note","x","Regulator"'))
    with pytest.raises(SourceError) as err:
        _read(reg, ref, path)
    assert (err.value.path, err.value.row, err.value.column) == (str(path), 4, "#14")


def test_rows_are_numbered_as_lines_of_the_file_when_a_value_spans_lines(reg, ref, tmp_path):
    """DataHub exports hold values with line breaks (a `dataSource` of "TRCSL.\\r\\n\\r\\n\\r\\nTRCSL"):
    an error after such a row names the line a user sees, not the record count."""
    text = GOOD.replace('"ITU estimate."', '"ITU\r\n\r\nestimate."').replace('"50.5"', '"fifty"')
    with pytest.raises(SourceError) as err:
        _read(reg, ref, _variant(tmp_path, text))
    assert (err.value.row, err.value.column) == (6, "dataValue")
    result = _read(reg, ref, _variant(tmp_path, text.replace('"fifty"', '"50.5"')))
    assert result.quarantine[0]["row"] == 8  # KSO, two lines further down
    assert (
        bool(
            result.observations.set_index(["series_code", "year", "entity_id"]).loc[
                ("i271mw", 2022, "KEN"), "is_estimate"
            ]
        )
        is True
    )  # the value with line breaks is read whole


# --- zip members are bounded before they are read (issue 15) --------------------------------------------
def _bomb(path: Path, header: bytes, mebibytes: int) -> Path:
    """A valid zip of one CSV member: `header` then `mebibytes` MiB of "1,2" rows, compressed ~1000:1.

    Deflated once per distinct block (a full flush makes every repeat of the same MiB the same bytes), so it
    takes well under a second to make, not the ten seconds of zipfile deflating a GiB.
    """
    chunk = b"1,2\n" * (1 << 18)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(header) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    data = head + block * mebibytes + deflate.flush()
    crc = zlib.crc32(header)
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    size, name = len(header) + mebibytes * len(chunk), b"export.csv"
    fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(name))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)
    return path


def test_a_zip_bomb_fails_before_its_member_is_read(reg, ref, tmp_path):
    """Was: a 1 MB zip holding a 1 GB member reached 6.5 GB of memory. Now its declared size is checked."""
    import tracemalloc

    path = _bomb(tmp_path / "export.csv.zip", GOOD.splitlines()[0].encode() + b"\n", 1024)
    assert path.stat().st_size < 2e6
    tracemalloc.start()
    try:
        with pytest.raises(SourceError) as err:
            _read(reg, ref, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20e6
    assert err.value.path == str(path)
    assert "zip member 'export.csv' declares 1,024 MiB unpacked" in str(err.value)
    assert "limits are 128 MiB and 200:1" in str(err.value)


def test_a_zip_member_compressed_beyond_the_ratio_fails(reg, ref, tmp_path):
    path = tmp_path / "export.csv.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export.csv", GOOD.splitlines()[0] + "\n" + "1,2\n" * (10 << 20))  # 40 MiB of one line
    with pytest.raises(SourceError, match=r"declares 40 MiB unpacked \(\d[\d,]*:1\)"):
        _read(reg, ref, path)
