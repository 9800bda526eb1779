"""The DDF reader across the UN SDG releases of 2018-2022: keys from the header, old codes, code lists."""

from pathlib import Path

import pytest

from etl.core.errors import SourceError
from etl.sources import unsd
from etl.sources.unsd import CodeList

GEO = CodeList(
    "geo",
    "itu/vintages/un-sdg-2018-12/ddf--entities--geo_area.csv",
    "geo_area",
    {"1": "World", "404": "Kenya", "356": "India", "199": "LDCs", "514": "Developed regions"},
)
TECH = CodeList(
    "tech",
    "itu/vintages/un-sdg-2018-12/ddf--entities--type_of_mobile_technology.csv",
    "type_of_mobile_technology",
    {"al2g": "AL2G", "al3g": "AL3G", "al4g": "AL4G"},
)
NTWK_2018 = "ddf--datapoints--it_mob_ntwk--by--geo_area--year--type_of_mobile_technology.csv"
NTWK_TEXT = """geo_area,year,type_of_mobile_technology,it_mob_ntwk
1,2015,al2g,95.642547
1,2015,al3g,82.389584
1,2015,al4g,61.83
404,2016,al3g,78.5
514,2016,al3g,99.0
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _read(reg, ref, source_id: str, path: Path, code_lists=None):
    return unsd.read(
        path, reg.sources[source_id], reg.series_for(source_id), ref, reg.units, code_lists=code_lists
    )


def test_2018_mobile_network_by_technology_feeds_the_three_coverage_indicators(reg, ref, tmp_path):
    result = _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, NTWK_TEXT), [GEO, TECH])
    obs = result.observations.set_index(["indicator_id", "entity_id", "year"])
    assert obs.loc[("mobile_cellular_coverage_share", "world", 2015), "value"] == 95.642547
    assert obs.loc[("mobile_broadband_coverage_share", "world", 2015), "value"] == 82.389584
    assert obs.loc[("lte_coverage_share", "world", 2015), "value"] == 61.83
    assert set(obs["series_code"]) == {"IT_MOB_NTWK"} and set(obs["release"]) == {"unsd-2018-10"}
    assert set(obs["unit"]) == {"percent"}  # the registry's unit: the 2018 files have no units key
    # no nature key before 2020: not marked as an estimate, no nature note
    assert not obs["is_estimate"].any() and obs["note"].isna().all()
    # the aside names the area as that release's geo-area list does
    [aside] = result.quarantine
    assert (aside["row"], aside["value"]) == (6, "514") and "(Developed regions)" in aside["reason"]


def test_keys_come_from_the_header_in_any_order(reg, ref, tmp_path):
    text = "type_of_mobile_technology,it_mob_ntwk,year,geo_area\nal2g,95.6,2015,1\n"
    result = _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, text), [GEO, TECH])
    assert result.observations["value"].tolist() == [95.6]


def test_fixed_broadband_under_its_2018_code_is_the_same_indicator(reg, ref, tmp_path):
    text = "geo_area,year,type_of_speed,it_net_bbp\n1,2016,anys,12.43539\n1,2016,10mbps,5.0\n"
    name = "ddf--datapoints--it_net_bbp--by--geo_area--year--type_of_speed.csv"
    obs = _read(reg, ref, "unsd-2018-10-it-net-bbp", _write(tmp_path, name, text)).observations
    assert obs[["indicator_id", "value", "unit"]].values.tolist() == [
        ["fixed_broadband_subscriptions_per_100", 12.43539, "per_100_inhabitants"]
    ]


def test_per_100_pop_and_percent_are_the_same_share(reg, ref, tmp_path):
    text = (
        "age,geo_area,nature,units,year,it_use_ii99\n"
        "notspec,1,e,per_100_pop,2019,51.4\nnotspec,404,c,percent,2019,22.6\n"
    )
    name = "ddf--datapoints--it_use_ii99--by--age--geo_area--nature--units--year.csv"
    obs = _read(reg, ref, "unsd-2021-07-it-use-ii99", _write(tmp_path, name, text)).observations
    assert obs.set_index("entity_id")["value"].to_dict() == {"world": 51.4, "KEN": 22.6}
    assert set(obs["unit"]) == {"percent"} and obs.set_index("entity_id")["is_estimate"].to_dict() == {
        "world": True,
        "KEN": False,
    }


def test_a_count_under_a_share_code_fails_naming_row_and_column(reg, ref, tmp_path):
    text = (
        "age,geo_area,nature,units,year,it_use_ii99\n"
        "notspec,1,e,per_100_pop,2019,51.4\nnotspec,404,c,number,2019,12000000\n"
    )
    name = "ddf--datapoints--it_use_ii99--by--age--geo_area--nature--units--year.csv"
    with pytest.raises(SourceError, match="units 'number' do not measure") as err:
        _read(reg, ref, "unsd-2021-07-it-use-ii99", _write(tmp_path, name, text))
    assert (err.value.row, err.value.column) == (3, "units")


def test_a_file_whose_series_was_recoded_fails(reg, ref, tmp_path):
    """The 2019 re-coding of 9.c.1: a 2G file where the registry expects the 2018 all-technology series."""
    name = "ddf--datapoints--it_mob_2gntwk--by--geo_area--year.csv"
    path = _write(tmp_path, name, "geo_area,year,it_mob_2gntwk\n1,2017,95.82\n")
    recoded = r"holds series IT_MOB_2GNTWK.*reads IT_MOB_NTWK.*series code changed"
    with pytest.raises(SourceError, match=recoded):
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", path, [GEO, TECH])


def test_a_value_column_renamed_fails_on_the_header(reg, ref, tmp_path):
    text = NTWK_TEXT.replace(",it_mob_ntwk\n", ",it_mob_2gntwk\n")
    with pytest.raises(SourceError, match="no value column for series IT_MOB_NTWK") as err:
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, text), [GEO, TECH])
    assert (err.value.row, err.value.column) == (1, "it_mob_ntwk")


def test_a_renamed_key_column_fails_naming_it(reg, ref, tmp_path):
    text = NTWK_TEXT.replace("type_of_mobile_technology,", "mobile_technology,", 1)
    with pytest.raises(SourceError, match="key column 'mobile_technology' has no code list") as err:
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, text), [GEO, TECH])
    assert (err.value.row, err.value.column) == (1, "mobile_technology")


def test_a_renamed_geo_area_column_fails_even_without_code_lists(reg, ref, tmp_path):
    text = NTWK_TEXT.replace("geo_area,", "geoarea,", 1)
    with pytest.raises(SourceError, match="missing column") as err:
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, text))
    assert (err.value.row, err.value.column) == (1, "geo_area")


def test_a_code_missing_from_the_release_code_list_fails_naming_row_and_column(reg, ref, tmp_path):
    text = NTWK_TEXT + "404,2016,al5g,10.0\n"
    missing = r"code 'al5g' is not in the code list .*type_of_mobile_technology\.csv"
    with pytest.raises(SourceError, match=missing) as err:
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, text), [GEO, TECH])
    assert (err.value.row, err.value.column) == (7, "type_of_mobile_technology")
    other_geo = NTWK_TEXT + "999,2016,al2g,10.0\n"
    with pytest.raises(SourceError, match="code '999' is not in the code list") as err:
        _read(reg, ref, "unsd-2018-10-it-mob-ntwk", _write(tmp_path, NTWK_2018, other_geo), [GEO, TECH])
    assert (err.value.row, err.value.column) == (7, "geo_area")


def test_code_lists_read_their_key_from_the_header_with_quoted_line_breaks(reg, tmp_path):
    path = _write(
        tmp_path,
        "ddf--entities--geo_area.csv",
        'geo_area,name\r\n1,World\r\n18,"Atlantic, Northwest\r\n(FAO area 21)"\r\n404,Kenya\r\n',
    )
    codes = unsd.read_code_list(path, reg.sources["unsd-2019-03-geo-area"])
    assert codes.key == "geo_area" and codes.names["18"].startswith("Atlantic, Northwest")
    assert set(codes.names) == {"1", "18", "404"}
    duplicate = _write(tmp_path, "dup.csv", "sex,name\nfemale,FEMALE\nfemale,F\n")
    with pytest.raises(SourceError, match="duplicate code 'female'") as err:
        unsd.read_code_list(duplicate, reg.sources["unsd-2019-03-sex"])
    assert (err.value.row, err.value.column) == (3, "sex")


def test_find_datapoints_matches_the_series_part_of_the_name(tmp_path):
    own = "ddf--datapoints--it_mob_own--by--geo_area--year--sex.csv"
    for name in [NTWK_2018, own, "ddf--entities--sex.csv"]:
        _write(tmp_path, name, "x\n")
    assert unsd.find_datapoints(tmp_path, "IT_MOB_NTWK").name == NTWK_2018
    with pytest.raises(SourceError, match="expected one datapoints file of series IT_USE_ii99, found 0"):
        unsd.find_datapoints(tmp_path, "IT_USE_ii99")
