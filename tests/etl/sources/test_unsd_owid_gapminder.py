from pathlib import Path

import pytest

from etl.core.errors import SourceError
from etl.sources import gapminder, owid, unsd


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _read(module, reg, ref, source_id, path):
    return module.read(path, reg.sources[source_id], reg.series_for(source_id), ref, reg.units)


UNSD_USE = """age,geo_area,nature,sex,units,year,it_use_ii99
notspec,1,n,bothsex,percent,2022,66.0
notspec,1,n,female,percent,2022,63.0
notspec,404,e,bothsex,percent,2021,28.0
notspec,356,c,male,percent,2021,50.0
notspec,202,n,bothsex,percent,2022,30.0
notspec,412,c,bothsex,percent,2022,70.0
"""


def test_unsd_maps_m49_to_countries_and_groups_and_flags_estimates(reg, ref, tmp_path):
    result = _read(unsd, reg, ref, "unsd-it-use-ii99", _write(tmp_path, UNSD_USE))
    obs = result.observations.set_index(["entity_id", "year", "sex"])
    assert obs.loc[("world", 2022, "female"), "value"] == 63.0
    assert obs.loc[("sdg_sub_saharan_africa", 2022, "total"), "value"] == 30.0
    assert bool(obs.loc[("KEN", 2021, "total"), "is_estimate"]) is True  # nature e
    assert bool(obs.loc[("IND", 2021, "male"), "is_estimate"]) is False  # nature c
    assert obs.loc[("KEN", 2021, "total"), "note"] == "nature=E"
    assert set(result.observations["release"]) == {"unsd-2023-04"}
    assert [(q["row"], q["value"]) for q in result.quarantine] == [(7, "412")]


def test_unsd_selector_keeps_only_the_registered_breakdown(reg, ref, tmp_path):
    text = (
        "age,freq,geo_area,location,nature,sex,type_of_speed,units,year,it_net_bbnd\n"
        "notspec,notspec,404,notspec,c,notspec,anys,per_100_pop,2020,1.5\n"
        "notspec,notspec,404,notspec,c,notspec,10mbps,per_100_pop,2020,0.5\n"
    )
    result = _read(unsd, reg, ref, "unsd-it-net-bbnd", _write(tmp_path, text))
    assert result.observations["value"].tolist() == [1.5]
    assert result.observations["unit"].tolist() == ["per_100_inhabitants"]
    assert result.quarantine == []


def test_unsd_age_codes():
    assert unsd.age_group("notspec") == "total"
    assert unsd.age_group("15_24") == "15-24"
    assert unsd.age_group("15") == "15+"
    assert unsd.age_group("lt15y") == "0-14"
    assert unsd.age_group("m12t23") is None


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace("geo_area", "geoarea"), "missing column"),
        (lambda t: t.replace("2022,63.0", "2022,x"), "not a number: 'x'"),
        (lambda t: t.replace("female,percent,2022", "bothsex,percent,2022"), "duplicate key"),
    ],
)
def test_unsd_bad_input_fails(reg, ref, tmp_path, mutate, message):
    with pytest.raises(SourceError, match=message) as err:
        _read(unsd, reg, ref, "unsd-it-use-ii99", _write(tmp_path, mutate(UNSD_USE)))
    assert err.value.row in (1, 3)


OWID = """Entity,Code,Year,_9_c_1__it_mob_4gntwk,_9_c_1__it_mob_3gntwk,_9_c_1__it_mob_2gntwk
Kenya,KEN,2022,80,95,99
World,OWID_WRL,2022,88.5,94.5,
Sub-Saharan Africa (UN),,2022,60,80,90
Least Developed Countries (LDCs),,2022,50,70,85
Kosovo,OWID_KOS,2022,90,95,99
"""


def test_owid_wide_columns_become_indicators_and_groups_map_by_name(reg, ref, tmp_path):
    result = _read(owid, reg, ref, "owid-mobile-network-coverage", _write(tmp_path, OWID))
    obs = result.observations.set_index(["indicator_id", "entity_id", "year"])
    assert obs.loc[("lte_coverage_share", "world", 2022), "value"] == 88.5
    assert obs.loc[("mobile_broadband_coverage_share", "sdg_sub_saharan_africa", 2022), "value"] == 80
    assert obs.loc[("mobile_cellular_coverage_share", "ldc", 2022), "value"] == 85
    assert ("mobile_cellular_coverage_share", "world", 2022) not in obs.index  # empty cell: no value
    assert [(q["row"], q["value"]) for q in result.quarantine] == [(6, "Kosovo OWID_KOS")]


def test_owid_non_numeric_fails(reg, ref, tmp_path):
    with pytest.raises(SourceError) as err:
        _read(
            owid,
            reg,
            ref,
            "owid-mobile-network-coverage",
            _write(tmp_path, OWID.replace("80,95,99", "80,n/a,99")),
        )
    assert (err.value.row, err.value.column) == (2, "_9_c_1__it_mob_3gntwk")


GAP = "geo,time,internet_users\nken,2022,35.5\nind,2022,50\nkos,2022,70\n"


def test_gapminder_reads_lower_case_iso3_and_quarantines_other_codes(reg, ref, tmp_path):
    result = _read(gapminder, reg, ref, "gapminder-internet-users", _write(tmp_path, GAP))
    assert sorted(result.observations["entity_id"]) == ["IND", "KEN"]
    assert set(result.observations["unit"]) == {"percent"}
    assert [(q["row"], q["value"]) for q in result.quarantine] == [(4, "kos")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GAP.replace("ken,2022", "ken,20x2"), "not a number"),
        (GAP.replace("internet_users", "internet_user"), "missing column"),
        (GAP + "ken,2022,36\n", "duplicate key"),
        ("geo,time,internet_users\nken,2022", "2 fields where the header has 3"),  # cut mid-row
        ("geo,time,internet_users\nken,2022,\n", "empty value"),
    ],
)
def test_gapminder_bad_input_fails(reg, ref, tmp_path, text, message):
    with pytest.raises(SourceError, match=message):
        _read(gapminder, reg, ref, "gapminder-internet-users", _write(tmp_path, text))


SKILLS = """age,geo_area,location,nature,sex,type_of_skill,units,year,se_adt_acts
allage,404,allarea,c,bothsex,copa,percent,2019,30.5
allage,404,allarea,c,bothsex,email,percent,2019,20.25
15_24,404,urban,c,female,copa,percent,2019,40
lt15y,404,allarea,c,bothsex,copa,percent,2019,10
allage,404,allarea,c,bothsex,zzzz,percent,2019,1
"""


def test_unsd_one_file_feeds_one_indicator_per_type_of_skill(reg, ref, tmp_path):
    result = _read(unsd, reg, ref, "unsd-se-adt-acts", _write(tmp_path, SKILLS))
    obs = result.observations.set_index(["indicator_id", "age_group", "area", "sex"])["value"]
    assert obs[("ict_skill_copa_share", "total", "total", "total")] == 30.5
    assert obs[("ict_skill_email_share", "total", "total", "total")] == 20.25
    assert obs[("ict_skill_copa_share", "15-24", "urban", "female")] == 40
    assert obs[("ict_skill_copa_share", "0-14", "total", "total")] == 10
    assert len(obs) == 4  # the unregistered skill code is not read
    assert result.rows_read == 5


def test_unsd_isolated_share_above_100_is_set_aside(reg, ref, tmp_path):
    result = _read(
        unsd, reg, ref, "unsd-it-use-ii99", _write(tmp_path, UNSD_USE.replace("2022,63.0", "2022,140"))
    )
    obs = result.observations
    assert obs[(obs["entity_id"] == "world") & (obs["sex"] == "female")].empty
    assert [(q["row"], q["value"]) for q in result.quarantine if "range" in q["reason"]] == [(3, "140")]
