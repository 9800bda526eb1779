"""dashboard.data: one reader of published tables, tolerant of tables that are not published yet."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data
from etl.core import schemas


@pytest.fixture
def raw(fixture_dir):
    return pd.read_csv(fixture_dir / "observations.csv")


def test_reads_the_folder_in_use(fixture_dir):
    assert data.use(fixture_dir).data_dir == fixture_dir
    everything = data.observations(sex=None, area=None, age_group=None)
    assert len(everything) == len(pd.read_parquet(fixture_dir / "observations.parquet"))


def test_missing_table_is_empty_with_its_declared_columns(tmp_path):
    data.use(tmp_path)
    obs = data.observations("internet_use_share")
    assert obs.empty and list(obs.columns) == list(schemas.TABLES["observations"].to_schema().columns)
    assert data.targets().empty and "target_id" in data.targets().columns
    assert data.indicator_info("internet_use_share") is None
    assert data.releases() == [] and data.datapackage() == {}


def test_csv_is_read_when_there_is_no_parquet(tmp_path, fixture_dir):
    (tmp_path / "entities.csv").write_text((fixture_dir / "entities.csv").read_text())
    data.use(tmp_path)
    assert set(data.entity_names()) == set(pd.read_csv(fixture_dir / "entities.csv")["entity_id"])


def test_observations_filter_by_indicator_entities_breakdown_and_release(raw):
    got = data.observations("internet_use_share", ["world", "KEN"], sex="female", release="unsd-2023-04")
    want = raw[
        (raw.indicator_id == "internet_use_share")
        & raw.entity_id.isin(["world", "KEN"])
        & (raw.sex == "female")
        & (raw.release == "unsd-2023-04")
        & (raw.area == "total")
        & (raw.age_group == "total")
    ]
    assert not want.empty
    assert sorted(zip(got.entity_id, got.year, got.value, strict=True)) == sorted(
        zip(want.entity_id, want.year, want.value, strict=True)
    )


def test_sex_none_keeps_women_and_men(raw):
    got = data.observations("internet_use_share", ["world"], sex=None)
    assert set(got["sex"]) == set(
        raw[(raw.indicator_id == "internet_use_share") & (raw.entity_id == "world")].sex
    )
    assert {"female", "male", "total"} <= set(got["sex"])


def test_unknown_indicator_gives_an_empty_frame():
    assert data.observations("no_such_indicator").empty


def test_releases_are_ordered_by_vintage_newest_first(raw):
    rels = data.releases("internet_use_share")
    assert set(rels) == set(raw[raw.indicator_id == "internet_use_share"].release)
    assert rels == sorted(rels, key=lambda r: r[-7:], reverse=True)
    assert data.release_key("itu-2024-11") > data.release_key("unsd-2023-04")
    assert data.release_key("ict4d-computed") < data.release_key("unsd-2023-04")


def test_breakdown_values_list_what_has_data(raw):
    got = data.breakdown_values("internet_use_share")
    sub = raw[raw.indicator_id == "internet_use_share"]
    assert got == {c: sorted(sub[c].unique()) for c in ("sex", "area", "age_group")}
    got["sex"].append("mutated")  # callers get copies: the cache cannot be corrupted
    assert "mutated" not in data.breakdown_values("internet_use_share")["sex"]


def test_memo_computes_once_per_folder(tmp_path, fixture_dir):
    calls = []
    data.use(fixture_dir)
    assert data.memo(("test",), lambda: calls.append(1) or 41) == 41
    assert data.memo(("test",), lambda: calls.append(1) or 42) == 41
    data.use(tmp_path)  # another folder has its own cache
    assert data.memo(("test",), lambda: calls.append(1) or 43) == 43
    assert len(calls) == 2


def test_indicator_info_comes_from_the_registry(fixture_dir):
    reg = pd.read_csv(fixture_dir / "indicators.csv").set_index("indicator_id")
    info = data.indicator_info("internet_use_share")
    assert info["unit"] == reg.loc["internet_use_share", "unit"]
    assert info["definition"] == reg.loc["internet_use_share", "definition"]


def test_every_table_a_page_reads_is_preloaded(tmp_path, fixture_dir):
    """The Claims page reads claim_paragraphs: load_all must read it at start, not on a visitor's click."""
    assert "claim_paragraphs" in data.TABLE_NAMES
    store = data.Store(fixture_dir)
    store.load_all()
    assert "claim_paragraphs" in store._tables and len(store._tables["claim_paragraphs"])


def test_indicator_names_never_show_raw_ids(fixture_dir):
    data.use(fixture_dir)
    assert data.indicator_name("internet_use_share") == data.indicator_info("internet_use_share")["name"]
    assert data.indicator_name("offline_population_count") == "Offline population (number)"
    assert data.indicator_name("process_mandate_years") == "WSIS process: mandate (years)"
    assert data.indicator_name("ict_access_share") == "ICT access (share)"
    assert data.indicator_name(None) == "unknown indicator"


def test_derivations_and_check_units_are_in_words_and_registry_units(fixture_dir):
    data.use(fixture_dir)
    assert data.derivation_words("100 - internet_use_share") == "100 − Individuals using the Internet"
    assert data.derivation_words("direct") == "direct"
    derived = {"derivation": "(100 - internet_use_share) / 100 * population",
               "indicator_id": "internet_use_share", "claim_unit": "persons"}
    assert data.check_unit(derived) == "persons"  # a computed count, not the share's percent
    assert data.check_unit({**derived, "derivation": "direct"}) == "percent"


def test_notes_of_the_etl_are_shown_with_names_not_ids(fixture_dir, monkeypatch):
    data.use(fixture_dir)
    assert data.named_ids("no series for ict_access_share in percent") == (
        "no series for ICT access (share) in percent"
    )
    note = data.named_ids("derived with population 7639661771 from itu-datahub-2025-07")
    assert note.endswith(" 7.6 billion from itu-datahub-2025-07") and "7639661771" not in note
    monkeypatch.setattr(data, "entity_names", lambda: {"developing_lmic": "Low- and middle-income countries"})
    assert data.named_ids("developing_lmic differs") == "Low- and middle-income countries differs"
    assert data.named_ids("scope 'UN_system' has no entity") == "scope 'UN_system' has no entity"  # kept
