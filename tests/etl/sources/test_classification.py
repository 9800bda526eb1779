from pathlib import Path

import openpyxl
import pytest

from etl.core.errors import SourceError
from etl.registry import group_id_for_name
from etl.sources import build, classification, files

CC_HEADER = ",".join(classification.CC_REQUIRED)


def _cc_row(
    iso3, m49, name, ldc="", lldc="", sids="", region=("2", "Africa"), sub=("202", "Sub-Saharan Africa")
):
    values = {c: "" for c in classification.CC_REQUIRED}
    values.update(
        {
            classification.CC_ISO3: iso3,
            "M49": m49,
            "CLDR display name": name,
            "official_name_en": name,
            classification.CC_FLAGS["ldc"]: ldc,
            classification.CC_FLAGS["lldc"]: lldc,
            classification.CC_FLAGS["sids"]: sids,
            "Region Code": region[0],
            "Region Name": region[1],
            "Sub-region Code": sub[0],
            "Sub-region Name": sub[1],
        }
    )
    return ",".join(values[c] for c in classification.CC_REQUIRED)


def _cc(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "country-codes.csv"
    path.write_text("\n".join([CC_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_country_codes_give_countries_special_groups_and_m49_regions(reg, tmp_path):
    path = _cc(
        tmp_path, [_cc_row("KEN", "404", "Kenya"), _cc_row("ETH", "231", "Ethiopia", ldc="x", lldc="x")]
    )
    result = classification.read_country_codes(path, reg.sources["country-codes"])
    assert result.countries["entity_id"].tolist() == ["KEN", "ETH"]
    assert result.countries["m49_code"].tolist() == [404, 231]
    groups = {(m["group_id"], m["entity_id"]) for m in result.membership}
    assert ("ldc", "ETH") in groups and ("lldc", "ETH") in groups and ("ldc", "KEN") not in groups
    assert ("sdg_sub_saharan_africa", "KEN") in groups
    assert result.regions == {2: "Africa", 202: "Sub-Saharan Africa"}


@pytest.mark.parametrize(
    ("rows", "message", "row"),
    [
        ([_cc_row("KEN", "404", "Kenya"), _cc_row("KEN", "405", "Kenya again")], "duplicate country KEN", 3),
        ([_cc_row("KE", "404", "Kenya")], "not an ISO3 code", 2),
        ([_cc_row("KEN", "four", "Kenya")], "not a number", 2),
    ],
)
def test_country_codes_bad_rows_fail(reg, tmp_path, rows, message, row):
    with pytest.raises(SourceError, match=message) as err:
        classification.read_country_codes(_cc(tmp_path, rows), reg.sources["country-codes"])
    assert err.value.row == row


def _oghist(tmp_path: Path, rows, sheet=classification.WB_SHEET) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([None, "World Bank Analytical Classifications"])
    ws.append([None, "Bank's fiscal year:", "FY23", "FY24"])
    ws.append([None, "Data for calendar year :", 2021, 2022])
    for row in rows:
        ws.append(row)
    path = tmp_path / "oghist.xlsx"
    wb.save(path)
    return path


def test_oghist_gives_income_group_per_data_year_and_developing_lmic(reg, tmp_path):
    path = _oghist(
        tmp_path,
        [
            ["KEN", "Kenya", "LM", "LM"],
            ["IND", "India", "..", "LM*"],
            ["YUGf", "Yugo", "UM", None],
            ["USA", "United States", "H", "Q"],
        ],
    )
    membership, quarantine, n = classification.read_oghist(
        path, reg.sources["wb-oghist"], frozenset({"KEN", "IND", "USA"})
    )
    got = {(m["group_id"], m["entity_id"], m["year"]) for m in membership}
    assert ("wb_lower_middle_income", "KEN", 2021) in got and ("developing_lmic", "KEN", 2022) in got
    assert ("wb_lower_middle_income", "IND", 2022) in got and not any(
        e == "IND" and y == 2021 for _, e, y in got
    )
    assert not any(g == "developing_lmic" and e == "USA" for g, e, _ in got)
    assert [(q["row"], q["value"]) for q in quarantine] == [(6, "YUGf"), (7, "Q")]
    assert n == 4


def test_oghist_renamed_sheet_fails(reg, tmp_path):
    path = _oghist(tmp_path, [["KEN", "Kenya", "LM", "LM"]], sheet="History")
    with pytest.raises(SourceError, match="sheet 'Country Analytical History' not found"):
        classification.read_oghist(path, reg.sources["wb-oghist"], frozenset({"KEN"}))


def test_idi_regions_latest_sheet_wins_and_unknown_regions_are_quarantined(reg, tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in {
        "IDI 2024 Data": [["KEN", "Africa"], ["MEX", "Americas"], ["XXX", "Europe"]],
        "IDI 2023 Data": [["KEN", "Europe"], ["MEX", "The Americas"], ["IND", "Atlantis"]],
    }.items():
        ws = wb.create_sheet(name)
        ws.append(["Iso3", "ITU-D \nRegion", "Income", "Economy"])
        ws.append([None, None, None, None])
        for row in rows:
            ws.append(row)
    path = tmp_path / "idi.xlsx"
    wb.save(path)
    regions, membership, quarantine, n = classification.read_idi_regions(
        path, reg.sources["itu-idi-dataset"], frozenset({"KEN", "MEX", "IND"})
    )
    assert regions == {"KEN": "itu_africa", "MEX": "itu_americas"}
    assert sorted(q["value"] for q in quarantine) == ["IND Atlantis", "XXX Europe"]
    assert n == 6
    assert {(m["group_id"], m["entity_id"]) for m in membership} == {
        ("itu_africa", "KEN"),
        ("itu_americas", "MEX"),
    }


def test_group_names_map_to_contract_ids():
    assert group_id_for_name("Least Developed Countries (LDCs)") == "ldc"
    assert group_id_for_name("Land Locked Developing Countries (LLDCs)") == "lldc"
    assert group_id_for_name("Lower-middle-income") == "wb_lower_middle_income"
    assert group_id_for_name("Asia-Pacific") == "itu_asia_pacific"
    assert group_id_for_name("The Americas") == "itu_americas"
    assert group_id_for_name("Fixed-telephone subscriptions") is None


def test_checked_path_rejects_missing_empty_and_changed_files(reg, tmp_path):
    spec = reg.sources["country-codes"]
    with pytest.raises(SourceError, match="not found"):
        files.checked_path(spec, tmp_path)
    path = spec.resolve(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="file is empty"):
        files.checked_path(spec, tmp_path)
    path.write_text("ISO3166-1-Alpha-3\nKEN\n")
    with pytest.raises(SourceError, match="sha256 mismatch") as err:
        files.checked_path(spec, tmp_path)
    assert err.value.path == str(path)


def test_a_source_with_an_unknown_format_fails_before_reading(reg, tmp_path):
    from etl import registry

    spec = reg.sources["owid-mobile-network-coverage"]
    bad = registry.Registry(reg.data_dir)
    bad.__dict__["sources"] = {
        **reg.sources,
        spec.source_id: registry.SourceSpec(**{**spec.__dict__, "format": "csvish"}),
    }
    with pytest.raises(SourceError, match="no reader for format 'csvish'"):
        build.build(tmp_path, bad, log=lambda _: None)
