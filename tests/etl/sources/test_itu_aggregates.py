from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import registry
from etl.core.errors import SourceError
from etl.sources import itu_aggregates

SOURCE = "itu-aggregates-2024-11"
SHEETS = registry.load().sources[SOURCE].sheets  # the 2024 edition's sheet names, from data/sources.toml
CODES = [
    "Fixed-telephone subscriptions [Millions]",
    "Fixed-telephone subscriptions [Per 100 inhabitants]",
    "Individuals using the Internet [Millions]",
    "Individuals using the Internet [Percentage]",
    "Percentage of individuals using the Internet, by gender [Total]",
    "Percentage of individuals using the Internet, by gender [Female]",
    "Percentage of individuals using the Internet, by gender [Male]",
]
OVERVIEW = [
    ["Key ICT indicators (synthetic test workbook)"],
    [],
    [None, "Millions", None, None, "Per 100 inhabitants "],
    [None, 2021, 2022, None, 2021, 2022],
    ["Fixed-telephone subscriptions"],
    ["World", 900.5, "N/A", None, 11.2, 10.9],
    ["Least Developed Countries (LDCs)", 6.4, 6.5, None, 0.6, 0.6],
    [],
    ["Individuals using the Internet", "Millions", None, None, "Percentage"],
    [None, 2021, 2022, None, 2021, 2022],
    ["World", 4900, 5100, None, 61.7, 63.7],
    [],
    ["Notes:"],
    ["All data are ITU estimates"],
    ["N/A: Not available"],
]
GENDER = [
    ["Key ICT indicators by gender"],
    [None, "Total", None, None, "Female", None, None, "Male"],
    [None, 2021, 2022, None, 2021, 2022, None, 2021, 2022],
    ["Percentage of individuals using the Internet, by gender"],
    ["World", 61.7, 63.7, None, 58.6, 60.8, None, 64.8, 66.5],
    ["All data are ITU estimates"],
]


def _workbook(tmp_path: Path, overview=OVERVIEW, gender=GENDER, sheets=SHEETS) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in sheets:
        ws = wb.create_sheet(name)
        rows = overview if name == sheets[0] else gender if name == "By gender" else [["(empty)"]]
        for row in rows:
            ws.append(row)
    path = tmp_path / "aggregates.xlsx"
    wb.save(path)
    return path


def _read(reg, ref, path: Path, codes=CODES):
    series = reg.series_for(SOURCE)
    series = series[series["series_code"].isin(codes)]
    return itu_aggregates.read(path, reg.sources[SOURCE], series, ref, reg.units)


def _value(obs, indicator, entity, year, **breakdown):
    sel = (obs["indicator_id"] == indicator) & (obs["entity_id"] == entity) & (obs["year"] == year)
    for k, v in {"sex": "total", "area": "total", "age_group": "total", **breakdown}.items():
        sel &= obs[k] == v
    rows = obs[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_blocks_become_observations_with_registry_units_and_scale(reg, ref, tmp_path):
    obs = _read(reg, ref, _workbook(tmp_path)).observations
    count = _value(obs, "fixed_telephone_subscriptions_count", "world", 2021)
    assert count["value"] == pytest.approx(900.5e6) and count["unit"] == "count"
    assert _value(obs, "fixed_telephone_subscriptions_per_100", "ldc", 2022)["unit"] == "per_100_inhabitants"
    users = _value(obs, "internet_users_count", "world", 2022)
    assert users["value"] == pytest.approx(5.1e9) and users["unit"] == "persons"
    assert _value(obs, "internet_use_share", "world", 2022, sex="female")["value"] == 60.8
    assert _value(obs, "internet_use_share", "world", 2022, sex="male")["value"] == 66.5
    assert obs["is_estimate"].all() and set(obs["release"]) == {"itu-2024-11"}


def test_not_available_cells_are_skipped(reg, ref, tmp_path):
    obs = _read(reg, ref, _workbook(tmp_path)).observations
    sel = (obs["indicator_id"] == "fixed_telephone_subscriptions_count") & (obs["entity_id"] == "world")
    assert obs.loc[sel, "year"].tolist() == [2021]


def test_a_total_repeated_on_another_sheet_is_kept_once(reg, ref, tmp_path):
    result = _read(reg, ref, _workbook(tmp_path))
    row = _value(result.observations, "internet_use_share", "world", 2022)
    assert row["value"] == 63.7
    assert row["series_code"].startswith("By dvpmnt status and spec. reg.: Individuals using the Internet")
    assert result.quarantine == []


def test_a_repeated_total_that_differs_is_quarantined(reg, ref, tmp_path):
    gender = [r[:] for r in GENDER]
    gender[4] = ["World", 61.7, 63.9, None, 58.6, 60.8, None, 64.8, 66.5]
    result = _read(reg, ref, _workbook(tmp_path, gender=gender))
    assert _value(result.observations, "internet_use_share", "world", 2022)["value"] == 63.7
    (q,) = result.quarantine
    assert (q["row"], q["column"], q["value"]) == (5, "By gender!C5", "63.9")
    assert "differs from the same total" in q["reason"]


def test_unknown_group_row_is_quarantined(reg, ref, tmp_path):
    overview = [*OVERVIEW[:7], ["Atlantis", 1.0, 2.0, None, 3.0, 4.0], *OVERVIEW[7:]]
    result = _read(reg, ref, _workbook(tmp_path, overview=overview))
    assert [(q["row"], q["value"]) for q in result.quarantine] == [(8, "Atlantis")]


def test_renamed_sheet_fails(reg, ref, tmp_path):
    sheets = ["By gender (renamed)" if s == "By gender" else s for s in SHEETS]
    with pytest.raises(SourceError, match="sheet 'By gender' not found"):
        _read(reg, ref, _workbook(tmp_path, sheets=sheets))


def test_non_numeric_cell_fails_naming_row_and_column(reg, ref, tmp_path):
    overview = [r[:] for r in OVERVIEW]
    overview[10] = ["World", 4900, 5100, None, "sixty", 63.7]
    with pytest.raises(SourceError) as err:
        _read(reg, ref, _workbook(tmp_path, overview=overview))
    assert "not a number: 'sixty'" in str(err.value)
    assert (err.value.row, err.value.column) == (11, "E (2021)")


def test_a_share_of_140_is_set_aside(reg, ref, tmp_path):
    overview = [r[:] for r in OVERVIEW]
    overview[10] = ["World", 4900, 5100, None, 140, 63.7]
    result = _read(reg, ref, _workbook(tmp_path, overview=overview))
    (q,) = [q for q in result.quarantine if "range" in q["reason"]]
    assert (q["row"], q["value"]) == (11, "140") and "E (2021)" in q["column"]
    assert "outside the range of percent" in q["reason"]
    assert _value(result.observations, "internet_use_share", "world", 2021, sex="female")["value"] == 58.6


def test_a_registered_block_missing_from_the_workbook_fails(reg, ref, tmp_path):
    overview = [r[:] for r in OVERVIEW]
    overview[4] = ["Fixed telephone lines (renamed)"]
    with pytest.raises(SourceError, match="registered block not found"):
        _read(reg, ref, _workbook(tmp_path, overview=overview))


def test_truncated_workbook_fails(reg, ref, tmp_path):
    path = _workbook(tmp_path)
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(SourceError, match="not a readable xlsx"):
        _read(reg, ref, path)


def test_parse_sheet_reads_titles_from_year_rows_and_keeps_group_labels():
    grid = [
        (None, "Millions", None, None, "Per 100 inhabitants"),
        ("Fixed-broadband subscriptions/Millions", 2023, 2024, None, 2023, 2024),
        ("Africa", 10.0, 11.0, None, 0.7, 0.8),
        (None, None, None, None, "Percentage"),
        ("Individuals using the Internet(Millions)", 2023, 2024, None, 2023, 2024),
        ("CIS", 1.0, 2.0, None, 89.4, 91.5),
    ]
    cells = itu_aggregates.parse_sheet(grid, "By BDT region")
    seen = {(c["entity"], c["title"], c["group"], c["year"]): c["value"] for c in cells}
    assert seen[("itu_africa", "Fixed-broadband subscriptions", "Per 100 inhabitants", 2024)] == 0.8
    assert seen[("itu_cis", "Individuals using the Internet", "Millions", 2023)] == 1.0
    assert seen[("itu_cis", "Individuals using the Internet", "Percentage", 2024)] == 91.5


def test_block_title_normalises_sheet_spellings():
    assert (
        itu_aggregates.block_title("International bandwidth usage(Tbits/s**)")
        == "International bandwidth usage"
    )
    assert itu_aggregates.block_title("Population covered by a mobile-cellular network (%)") == (
        "Population covered by a mobile-cellular network"
    )
    assert itu_aggregates.block_title("Percentage of individuals owning a mobile phone*, by gender") == (
        "Percentage of individuals owning a mobile phone, by gender"
    )
    assert itu_aggregates.block_title(
        "Percentage of individuals using the Internet, by urban/rural area"
    ) == ("Percentage of individuals using the Internet, by urban/rural area")


def test_footnote_marks_on_titles_and_labels_become_notes():
    grid = [
        (None, "Exabytes*", None, None, "Per subscription (GB)"),
        ("Fixed broadband traffic", None, None, None, None),
        (None, 2023, 2024, None, 2023, 2024),
        ("World", 5000.0, 5965.8, None, 300.0, 310.0),
        ("Individuals owning a mobile phone***", "Millions", None, None, "Percentage"),
        (None, 2023, 2024, None, 2023, 2024),
        ("World", 5300.0, 5434.4, None, 78.6, 79.7),
        ("Notes:",),
        ("* 1 Exabyte = 1012 Megabytes",),
        ("*** Individuals aged 10 or older",),
    ]
    cells = itu_aggregates.parse_sheet(grid, "By dvpmnt status and spec. reg.")
    notes = {(c["title"], c["group"]): c["footnotes"] for c in cells}
    assert notes[("Fixed broadband traffic", "Exabytes")] == ["1 Exabyte = 1012 Megabytes"]
    assert notes[("Fixed broadband traffic", "Per subscription (GB)")] == []
    assert notes[("Individuals owning a mobile phone", "Percentage")] == ["Individuals aged 10 or older"]


@given(
    values=st.lists(
        st.lists(
            st.one_of(st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 1)), st.just("N/A")),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    ),
    first_year=st.integers(2005, 2020),
)
def test_parse_sheet_returns_every_cell_of_a_generated_block(values, first_year):
    names = ["World", "Low-income", "Africa", "Europe", "CIS", "Least Developed Countries (LDCs)"][
        : len(values)
    ]
    years = [first_year, first_year + 1, first_year + 2]
    grid = [("Fixed-broadband subscriptions",), (None, "Total"), (None, *years)]
    grid += [(name, *row) for name, row in zip(names, values, strict=True)]
    cells = itu_aggregates.parse_sheet(grid, "By urban-rural area")
    got = {(c["name"], c["year"]): c["value"] for c in cells}
    want = {(n, y): v for n, row in zip(names, values, strict=True) for y, v in zip(years, row, strict=True)}
    assert got == want
    assert {c["title"] for c in cells} == {"Fixed-broadband subscriptions"}
    assert {c["group"] for c in cells} == {"Total"}


# --- the older editions: 2017 and 2019 (.xls, one sheet), 2022 rev1 (4 sheets) ---------------------------
def test_a_starred_latest_year_is_the_only_estimate_of_a_sheet_without_the_estimates_note():
    grid = [
        (None, "(millions)", None, "Per 100 inhabitants "),
        (None, 2016.0, "2017*", 2016.0, "2017*"),  # the two groups touch: the years restart
        ("Individuals using the Internet", None, None, None, None),
        ("Developed", 1001.7, 1023.1, 79.6, 81.0),
        ("Asia & Pacific ", 1696.9, 1813.0, 41.9, 44.3),
        ("* Estimate.",),
    ]
    cells = itu_aggregates.parse_sheet(grid, "Sheet1")
    got = {
        (c["entity"], c["group"], c["year"]): (c["value"], c["footnotes"], c["all_estimates"]) for c in cells
    }
    assert got[("itu_developed", "Per 100 inhabitants", 2017)] == (81.0, ["Estimate."], False)
    assert got[("itu_developed", "millions", 2016)] == (1001.7, [], False)
    assert got[("itu_asia_pacific", "Per 100 inhabitants", 2016)][0] == 41.9
    assert len(cells) == 8


def test_labels_under_repeated_years_are_one_per_column():
    """2022 rev1, `Internet use by sex & age`: the years above, Total/Female/Male below, per column."""
    grid = [
        ("Percentage of individuals using the Internet, by sex",),
        (None, 2019.0, 2019.0, 2019.0, None, 2020.0, 2020.0, 2020.0),
        (None, "Total", "Female", "Male", None, "Total", "Female", "Male"),
        ("World", 53.6, 50.9, 56.4, None, 59.1, 56.5, 61.7),
        (None, "Total", "Female", "Male", None, "Total", "Female", "Male"),
        ("Americas", 76.3, 76.8, 75.7, None, 78.8, 79.3, 78.3),
    ]
    cells = itu_aggregates.parse_sheet(grid, "Internet use by sex & age")
    got = {(c["entity"], c["group"], c["year"]): c["value"] for c in cells}
    assert got[("world", "Female", 2020)] == 56.5 and got[("world", "Male", 2019)] == 56.4
    assert got[("itu_americas", "Total", 2019)] == 76.3
    assert {c["title"] for c in cells} == {"Percentage of individuals using the Internet, by sex"}


def test_a_block_with_its_year_in_the_title_has_one_column_per_label():
    grid = [
        ("Population covered by at least a 3G mobile network (%)",),
        (None, "Total", None, "Urban"),
        (None, 2020.0, 2021.0, 2020.0, 2021.0),
        ("World", 93.6, 95.0, 99.4, 100.0),
        ("Percentage of individuals using the Internet, by urban/rural area, 2020",),
        (None, "Total", "Urban", "Rural"),
        ("World", 59.1, 75.6, 38.8),
        ("Least Developed Countries (LDCs)", 24.6, 47.1, 12.9),
    ]
    cells = itu_aggregates.parse_sheet(grid, "By urban-rural area")
    use = {
        (c["entity"], c["group"], c["year"]): c["value"]
        for c in cells
        if c["title"] == "Percentage of individuals using the Internet, by urban/rural area"
    }
    assert use == {
        ("world", "Total", 2020): 59.1,
        ("world", "Urban", 2020): 75.6,
        ("world", "Rural", 2020): 38.8,
        ("ldc", "Total", 2020): 24.6,
        ("ldc", "Urban", 2020): 47.1,
        ("ldc", "Rural", 2020): 12.9,
    }


def test_itu_spellings_of_groups_map_to_our_ids():
    for name, gid in [
        ("Developed", "itu_developed"),
        ("Developing", "itu_developing"),
        ("LDCs", "ldc"),
        ("Asia & Pacific ", "itu_asia_pacific"),
        ("The Americas ", "itu_americas"),
        ("Land Locked Developing Countries (LLDCs)", "lldc"),
    ]:
        assert registry.group_id_for_name(itu_aggregates.clean(name)) == gid


@pytest.fixture(scope="module")
def sources() -> Path:
    from etl.core import config

    try:
        return config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")


@pytest.mark.parametrize(
    ("source_id", "year", "value", "estimate"),
    [
        ("itu-aggregates-2017-07", 2017, 48.0280307058221, True),
        ("itu-aggregates-2017-07", 2016, 45.91039848670162, False),
        ("itu-aggregates-2019-10", 2019, 53.5593325462751, True),
        ("itu-aggregates-2022-01", 2019, 53.6, True),
    ],
)
def test_each_edition_reads_world_internet_use_exactly(reg, sources, source_id, year, value, estimate):
    from etl.sources import common

    spec = reg.sources[source_id]
    ref = common.Reference(iso3=frozenset(), m49_to_iso3={})
    result = itu_aggregates.read(spec.resolve(sources), spec, reg.series_for(source_id), ref, reg.units)
    obs = result.observations
    row = _value(obs, "internet_use_share", "world", year)
    assert row["value"] == value and bool(row["is_estimate"]) is estimate
    groups = {"itu_developed", "itu_developing", "ldc", "itu_asia_pacific", "itu_americas"}
    assert set(obs["entity_id"]) >= groups


def test_edition_sheets_come_from_the_registry(reg, ref, tmp_path):
    spec = reg.sources["itu-aggregates-2022-01"]
    assert spec.sheets == (
        "By dvpmnt status and spec. reg.",
        "By BDT region",
        "By urban-rural area",
        "Internet use by sex & age",
    )
    path = _workbook(tmp_path, sheets=SHEETS)  # a workbook laid out as the 2024 edition
    with pytest.raises(SourceError, match="sheet 'Internet use by sex & age' not found"):
        itu_aggregates.read(path, spec, reg.series_for(spec.source_id), ref, reg.units)


def test_a_truncated_xls_fails_in_one_line(reg, ref, sources, tmp_path):
    spec = reg.sources["itu-aggregates-2019-10"]
    broken = tmp_path / "ITU_Key_2005-2019.xls"
    data = spec.resolve(sources).read_bytes()
    broken.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(SourceError, match=r"ITU_Key_2005-2019\.xls: not a readable xls workbook"):
        itu_aggregates.read(broken, spec, reg.series_for(spec.source_id), ref, reg.units)
