"""ITU's country workbooks of February 2022: economies by name, values as text, latest year per economy."""

from pathlib import Path

import openpyxl
import pytest

from etl.core.errors import SourceError
from etl.sources import common, itu_country

PANEL = "itu-country-2022-02-internet-use"
GENDER = "itu-country-2022-02-internet-use-by-gender"


@pytest.fixture
def names_ref() -> common.Reference:
    pairs = [("Kenya", "KEN"), ("India", "IND"), ("Côte d’Ivoire", "CIV"), ("Republic of Korea", "KOR")]
    names = {common.name_key(n): iso for n, iso in pairs}
    return common.Reference(iso3=frozenset(names.values()), m49_to_iso3={}, country_names=names)


def _book(tmp_path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def _read(reg, ref, source_id, path):
    return itu_country.read(path, reg.sources[source_id], reg.series_for(source_id), ref, reg.units)


PANEL_ROWS = [
    [
        "Indicator",
        "Country",
        "2019_value",
        "2019_notes",
        "2019_source",
        "2020_value",
        "2020_notes",
        "2020_source",
    ],
    ["Internet users (%)", "Kenya", 22.5651, None, "ITU estimate.", 29.5, None, None],
    ["Internet users (%)", "Cote d'Ivoire", "36.3", None, None, None, None, None],
    ["Internet users (%)", "Korea (Rep. of)", 96.2, "Population 3+", None, 96.5, None, None],
    ["Internet users (%)", "French Guiana [included in France data]", None, None, None, None, None, None],
]


def test_panel_years_become_observations_and_names_map_to_iso3(reg, names_ref, tmp_path):
    result = _read(reg, names_ref, PANEL, _book(tmp_path, {"Data": PANEL_ROWS}))
    obs = result.observations.set_index(["entity_id", "year"])
    assert obs.loc[("KEN", 2020), "value"] == 29.5 and obs.loc[("KEN", 2019), "value"] == 22.5651
    assert bool(obs.loc[("KEN", 2019), "is_estimate"]) and obs.loc[("KEN", 2019), "note"] == "ITU estimate."
    assert obs.loc[("CIV", 2019), "value"] == 36.3  # a number stored as text; the curly apostrophe matches
    assert obs.loc[("KOR", 2019), "note"] == "Population 3+"  # ITU's spelling, through the alias list
    assert set(result.observations["release"]) == {"itu-country-2022-02"}
    [aside] = result.quarantine
    assert (aside["row"], aside["value"]) == (5, "French Guiana [included in France data]")
    assert "not matched to an ISO3 code" in aside["reason"]


def test_panel_text_that_is_not_a_number_fails_naming_row_and_column(reg, names_ref, tmp_path):
    rows = [r[:] for r in PANEL_ROWS]
    rows[1][5] = "29,5"
    with pytest.raises(SourceError, match="not a number: '29,5'") as err:
        _read(reg, names_ref, PANEL, _book(tmp_path, {"Data": rows}))
    assert (err.value.row, err.value.column) == (2, "Data!F (2020)")


def test_panel_with_an_unregistered_indicator_fails(reg, names_ref, tmp_path):
    rows = [r[:] for r in PANEL_ROWS]
    rows[2][0] = "Internet users (number)"
    with pytest.raises(SourceError, match="indicator 'Internet users \\(number\\)' is not in") as err:
        _read(reg, names_ref, PANEL, _book(tmp_path, {"Data": rows}))
    assert (err.value.row, err.value.column) == (3, "A")


GENDER_ROWS = [
    ["Individuals using the Internet (from any location), by gender and urban/rural location (%)"],
    [None, None, "Latest", "All", None, "Gender", None, None, None, "Urban", None, None, "Rural"],
    [
        "Economy name",
        None,
        "year",
        "Individuals",
        None,
        "Male",
        "Female",
        None,
        None,
        "Total",
        "Male",
        "Female",
        "Total",
        "Male",
        "Female",
    ],
    ["Kenya", None, 2019, "22.6", None, "25.1", "20.1", None, None, "...", "...", "..", "...", "...", "..."],
    ["India", None, 2018, "20.1", "1", "25.0", "14.9", None, None, "37.1", "...", "...", "13.1", "16", "10"],
    ["Kosovo", None, 2020, "96.4", None, "97.0", "95.8", None, None, "...", "...", "...", "...", "", ""],
    [],
    ["Source:", "ITU World Telecommunication/ICT Indicators database."],
    ["Age scope varies.\n (1) Internet users are persons aged 15 years and over."],
]
SCOPE_ROWS = [["Country", "In-scope population"], ["Kenya", "Population age 3+"], ["Atlantis", "All"]]


def _gender_book(tmp_path, rows=GENDER_ROWS, scope=SCOPE_ROWS):
    return _book(tmp_path, {"10. Individuals using the Inter": rows, "in-scope population": scope})


def test_latest_year_table_gives_sex_and_area_breakdowns_with_scope_notes(reg, names_ref, tmp_path):
    result = _read(reg, names_ref, GENDER, _gender_book(tmp_path))
    obs = result.observations.set_index(["entity_id", "sex", "area"])
    assert obs.loc[("KEN", "female", "total"), "value"] == 20.1
    assert obs.loc[("KEN", "male", "total"), "year"] == 2019
    assert obs.loc[("IND", "total", "urban"), "value"] == 37.1
    assert obs.loc[("IND", "female", "rural"), ["value", "year"]].tolist() == [10.0, 2018]
    assert ("KEN", "total", "urban") not in obs.index  # "..." and ".." are not available
    assert ("KEN", "total", "total") not in obs.index  # the total is the panel's (registered there only)
    assert obs.loc[("KEN", "female", "total"), "note"] == "in-scope population: Population age 3+"
    assert obs.loc[("IND", "male", "total"), "note"] == (
        "(1) Internet users are persons aged 15 years and over."
    )
    aside = {(q["value"], q["column"]) for q in result.quarantine}
    assert aside == {("Kosovo", "10. Individuals using the Inter!A"), ("Atlantis", "in-scope population!A")}


def test_latest_year_table_bad_year_and_renamed_header_fail(reg, names_ref, tmp_path):
    rows = [r[:] for r in GENDER_ROWS]
    rows[3][2] = "2019/20"
    with pytest.raises(SourceError, match="not a number: '2019/20'") as err:
        _read(reg, names_ref, GENDER, _gender_book(tmp_path, rows))
    assert err.value.row == 4 and err.value.column.endswith("!C")
    rows = [r[:] for r in GENDER_ROWS]
    rows[1][5] = "Sex"
    with pytest.raises(SourceError, match="registered series not found in the workbook"):
        _read(reg, names_ref, GENDER, _gender_book(tmp_path, rows))
    rows = [r[:] for r in GENDER_ROWS]
    rows[2][0] = "Economy"
    unknown = "no '<year>_value', 'Economy name' or 'In-scope population' header"
    with pytest.raises(SourceError, match=unknown):
        _read(reg, names_ref, GENDER, _gender_book(tmp_path, rows))


def test_a_missing_sheet_fails_naming_it(reg, names_ref, tmp_path):
    path = _book(tmp_path, {"10. Individuals using the Inter": GENDER_ROWS})
    with pytest.raises(SourceError, match="sheet 'in-scope population' not found"):
        _read(reg, names_ref, GENDER, path)
