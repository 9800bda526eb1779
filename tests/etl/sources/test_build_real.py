"""The series step on the real sources: the cross-check values of sources/itu/PROVENANCE.md must hold."""

import pandas as pd
import pytest

from etl import publish, registry
from etl.core import config
from etl.sources import build, expectations


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    try:
        sources = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    return build.build(sources, registry.load(), log=lambda _: None)


def _one(
    obs: pd.DataFrame, indicator: str, entity: str, year: int, release: str, sex: str = "total"
) -> pd.Series:
    sel = obs[
        (obs["indicator_id"] == indicator)
        & (obs["entity_id"] == entity)
        & (obs["year"] == year)
        & (obs["release"] == release)
        & (obs["sex"] == sex)
        & (obs["area"] == "total")
        & (obs["age_group"] == "total")
    ]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def _value(obs, indicator, entity, year, release, sex="total") -> float:
    return float(_one(obs, indicator, entity, year, release, sex)["value"])


def test_every_table_validates_against_its_model(tables):
    for name, df in tables.items():
        publish.validate(name, df)


def test_world_internet_use_both_releases_side_by_side(tables):
    obs = tables["observations"]
    assert _value(obs, "internet_use_share", "world", 2022, "unsd-2023-04") == 66.3
    assert _value(obs, "internet_use_share", "world", 2022, "itu-2024-11") == 63.7
    assert _value(obs, "internet_use_share", "world", 2022, "unsd-2023-04", "female") == 63.4
    assert _value(obs, "internet_use_share", "world", 2022, "unsd-2023-04", "male") == 69.2
    assert _value(obs, "internet_use_share", "world", 2022, "itu-2024-11", "female") == 60.8
    assert _value(obs, "internet_use_share", "world", 2022, "itu-2024-11", "male") == 66.5
    assert _value(obs, "internet_use_share", "world", 2024, "itu-2024-11", "female") == 65.3
    assert _value(obs, "internet_use_share", "world", 2024, "itu-2024-11", "male") == 69.5
    itu = [_value(obs, "internet_use_share", "world", y, "itu-2024-11") for y in range(2019, 2025)]
    assert itu == [52.9, 58.6, 61.7, 63.7, 65.4, 67.6]
    unsd = [_value(obs, "internet_use_share", "world", y, "unsd-2023-04") for y in range(2019, 2023)]
    assert unsd == [53.7, 59.6, 62.6, 66.3]


def test_world_coverage_2022_in_three_sources(tables):
    obs = tables["observations"]
    assert _value(obs, "mobile_broadband_coverage_share", "world", 2022, "itu-2024-11") == 94.5
    assert _value(obs, "mobile_broadband_coverage_share", "world", 2022, "unsd-2023-04") == 94.8
    assert _value(obs, "mobile_broadband_coverage_share", "world", 2022, "owid-2025-06") == 94.5
    assert _value(obs, "lte_coverage_share", "world", 2022, "itu-2024-11") == 89.3
    assert _value(obs, "lte_coverage_share", "world", 2022, "unsd-2023-04") == 87.7
    assert _value(obs, "lte_coverage_share", "world", 2022, "owid-2025-06") == 88.5


def test_world_mobile_ownership_2022(tables):
    obs = tables["observations"]
    got = {
        (rel, sex): _value(obs, "mobile_phone_ownership_share", "world", 2022, rel, sex)
        for rel in ["itu-2024-11", "unsd-2023-04"]
        for sex in ["total", "female", "male"]
    }
    assert got == {
        ("itu-2024-11", "total"): 77.7,
        ("itu-2024-11", "female"): 74.1,
        ("itu-2024-11", "male"): 81.3,
        ("unsd-2023-04", "total"): 72.7,
        ("unsd-2023-04", "female"): 68.3,
        ("unsd-2023-04", "male"): 77.2,
    }


def test_india_and_kenya_internet_use(tables):
    obs = tables["observations"]
    india_2021 = _one(obs, "internet_use_share", "IND", 2021, "unsd-2023-04")
    assert india_2021["value"] == 46.31 and not india_2021["is_estimate"]  # nature c
    assert _value(obs, "internet_use_share", "IND", 2020, "itu-datahub-2025-12") == 43.4054
    assert _value(obs, "internet_use_share", "IND", 2022, "itu-datahub-2025-12") == 55.9
    datahub_india = obs[
        (obs["source_id"] == "itu-datahub-individuals-using-internet") & (obs["entity_id"] == "IND")
    ]
    assert 2021 not in set(datahub_india["year"])
    kenya_2021 = _one(obs, "internet_use_share", "KEN", 2021, "unsd-2023-04")
    assert kenya_2021["value"] == 28.76 and kenya_2021["is_estimate"]  # nature e
    assert _value(obs, "internet_use_share", "KEN", 2019, "itu-datahub-2025-12") == 22.6688
    assert _value(obs, "internet_use_share", "KEN", 2024, "itu-datahub-2025-12") == 34.9762


def test_datahub_paired_series_get_the_registry_units(tables):
    obs = tables["observations"]
    per100 = _one(obs, "mobile_broadband_subscriptions_per_100", "KEN", 2022, "itu-datahub-2025-12")
    count = _one(obs, "mobile_broadband_subscriptions_count", "KEN", 2022, "itu-datahub-2025-12")
    assert (per100["series_code"], per100["unit"]) == ("i911mw", "per_100_inhabitants")
    assert (count["series_code"], count["unit"]) == ("i271mw", "count")
    assert per100["value"] == pytest.approx(58.78, abs=0.005)  # PROVENANCE.md: 58.78 ≈ 31.9 M / population
    assert count["value"] == pytest.approx(31.9e6, rel=0.01)


def test_units_come_from_the_registry_and_entities_are_known(tables):
    obs, entities = tables["observations"], tables["entities"]
    units = registry.load().units
    assert (obs["unit"] == obs["indicator_id"].map(units)).all()
    known = set(entities["entity_id"])
    assert set(obs["entity_id"]) <= known
    membership = tables["group_membership"]
    assert set(membership["group_id"]) <= known and set(membership["entity_id"]) <= known


def test_memberships_by_year_and_current_lists(tables):
    m = tables["group_membership"]
    income = m[(m["entity_id"] == "IND") & (m["group_id"] == "wb_lower_middle_income")]
    assert {2010, 2022} <= set(income["year"].dropna())  # OGHIST: per data year
    ldc = m[(m["group_id"] == "ldc") & (m["source_id"] == "country-codes")]
    assert ldc["year"].isna().all() and len(ldc) == 45  # current list (PROVENANCE.md: 45 marked)
    ken_region = tables["entities"].set_index("entity_id").loc["KEN", "itu_region_id"]
    assert ken_region == "itu_africa"
    ents = tables["entities"].set_index("entity_id")
    # Tuvalu: no ITU region in any source we hold, its UN SDG regional grouping instead
    assert pd.isna(ents.loc["TUV", "itu_region_id"])
    assert ents.loc["TUV", "sdg_region_id"] == "sdg_oceania_exc_australia_and_new_zealand"
    assert ents.loc["KEN", "sdg_region_id"] == "sdg_sub_saharan_africa"
    countries = ents[ents["entity_type"] == "country"]
    assert countries["sdg_region_id"].str.startswith("sdg_").sum() >= 200
    assert ents.loc[ents["entity_type"] != "country", "sdg_region_id"].isna().all()


def test_sources_table_has_one_row_per_file_with_licence_and_rows_read(tables):
    sources = tables["sources"]
    assert sources["source_id"].is_unique
    assert len(sources) == len(registry.load().sources)
    assert (sources["rows_read"] > 0).all()
    agg = sources.set_index("source_id").loc["itu-aggregates-2024-11"]
    assert (
        agg["sha256"] == "37da7650ca6f360b46329dd208f83c2f2a592953c36cb34085eab48d369ae1df"
    )  # PROVENANCE.md
    assert agg["release"] == "itu-2024-11"


def test_quarantine_holds_non_country_codes_with_reasons(tables):
    q = tables["quarantine"]
    ascension = q[
        (q["source_id"] == "itu-datahub-individuals-using-internet") & q["value"].str.startswith("ASC")
    ]
    assert len(ascension) > 0 and ascension["row"].notna().all()
    assert (q["reason"].str.len() > 0).all()


def test_itu_codes_outside_iso_are_read_as_the_economy_they_name(tables):
    obs, entities = tables["observations"], tables["entities"].set_index("entity_id")
    assert entities.loc["XKX", "name"] == "Kosovo" and entities.loc["XKX", "entity_type"] == "country"
    internet = obs[(obs["source_id"] == "itu-datahub-individuals-using-internet")]
    assert {"XKX", "JEY", "GGY"} <= set(internet["entity_id"]) and not {"KSO", "GBJ", "AAA"} & set(
        internet["entity_id"]
    )
    population = obs[(obs["indicator_id"] == "population") & (obs["year"] == 2022)]
    assert population["value"].sum() == 8_020_274_990  # every economy of ITU's i61 file, Kosovo included


def test_cached_build_gives_the_same_tables_without_reading(tables, tmp_path, monkeypatch):
    from etl.sources import classification

    sources, reg = config.sources_dir(), registry.load()
    build.build(sources, reg, log=lambda _: None, cache_dir=tmp_path)  # fills the cache

    def unread(*_args, **_kwargs):
        raise AssertionError("a source was parsed although its cached reading is valid")

    monkeypatch.setattr(build, "READERS", {fmt: unread for fmt in build.READERS})
    monkeypatch.setattr(classification, "build", unread)
    lines: list[str] = []
    cached = build.build(sources, reg, log=lines.append, cache_dir=tmp_path)
    assert set(cached) == set(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(cached[name], frame, obj=name)
    assert any("files' readings reused" in line for line in lines)


def test_every_source_reads_exactly_what_was_recorded(tables):
    """`expect` in data/sources.toml is current (else re-record: scripts/record_expectations.py)."""
    from dataclasses import replace

    rows_read = dict(zip(tables["sources"]["source_id"], tables["sources"]["rows_read"], strict=True))
    observed = expectations.observed_expectations(rows_read, tables["observations"])
    recorded = {sid: replace(s.expect, sheets=()) for sid, s in registry.load().sources.items()}
    assert observed == recorded
