"""dashboard.views.published: the one reader of published tables, tolerant of tables that are not
published yet, and the memo of values derived from them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import published
from etl.core import schemas


@pytest.fixture
def raw(fixture_dir):
    return pd.read_csv(fixture_dir / "observations.csv")


def test_reads_the_folder_in_use(fixture_dir):
    assert published.use(fixture_dir).data_dir == fixture_dir
    everything = published.observations(sex=None, area=None, age_group=None)
    assert len(everything) == len(pd.read_parquet(fixture_dir / "observations.parquet"))


def test_missing_table_is_empty_with_its_declared_columns(tmp_path):
    published.use(tmp_path)
    obs = published.observations("internet_use_share")
    assert obs.empty and list(obs.columns) == list(schemas.TABLES["observations"].to_schema().columns)
    assert published.targets().empty and "target_id" in published.targets().columns
    assert published.indicator_info("internet_use_share") is None
    assert published.releases() == [] and published.datapackage() == {}


def test_csv_is_read_when_there_is_no_parquet(tmp_path, fixture_dir):
    (tmp_path / "entities.csv").write_text((fixture_dir / "entities.csv").read_text())
    published.use(tmp_path)
    assert set(published.entity_names()) == set(pd.read_csv(fixture_dir / "entities.csv")["entity_id"])


def test_observations_filter_by_indicator_entities_breakdown_and_release(raw):
    got = published.observations("internet_use_share", ["world", "KEN"], sex="female", release="unsd-2023-04")
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
    got = published.observations("internet_use_share", ["world"], sex=None)
    assert set(got["sex"]) == set(
        raw[(raw.indicator_id == "internet_use_share") & (raw.entity_id == "world")].sex
    )
    assert {"female", "male", "total"} <= set(got["sex"])


def test_unknown_indicator_gives_an_empty_frame():
    assert published.observations("no_such_indicator").empty


def test_releases_are_ordered_by_vintage_newest_first(raw):
    rels = published.releases("internet_use_share")
    assert set(rels) == set(raw[raw.indicator_id == "internet_use_share"].release)
    assert rels == sorted(rels, key=lambda r: r[-7:], reverse=True)
    assert published.release_key("itu-2024-11") > published.release_key("unsd-2023-04")
    assert published.release_key("ict4d-computed") < published.release_key("unsd-2023-04")


def test_breakdown_values_list_what_has_data(raw):
    got = published.breakdown_values("internet_use_share")
    sub = raw[raw.indicator_id == "internet_use_share"]
    assert got == {c: sorted(sub[c].unique()) for c in ("sex", "area", "age_group")}
    got["sex"].append("mutated")  # callers get copies: the cache cannot be corrupted
    assert "mutated" not in published.breakdown_values("internet_use_share")["sex"]


def test_memo_computes_once_per_folder(tmp_path, fixture_dir):
    calls = []
    published.use(fixture_dir)
    assert published.memo(("test",), lambda: calls.append(1) or 41) == 41
    assert published.memo(("test",), lambda: calls.append(1) or 42) == 41
    published.use(tmp_path)  # another folder has its own cache
    assert published.memo(("test",), lambda: calls.append(1) or 43) == 43
    assert len(calls) == 2


def test_indicator_info_comes_from_the_registry(fixture_dir):
    reg = pd.read_csv(fixture_dir / "indicators.csv").set_index("indicator_id")
    info = published.indicator_info("internet_use_share")
    assert info["unit"] == reg.loc["internet_use_share", "unit"]
    assert info["definition"] == reg.loc["internet_use_share", "definition"]


def test_every_table_a_page_reads_is_preloaded(tmp_path, fixture_dir):
    """The Claims page reads claim_paragraphs: load_all must read it at start, not on a visitor's click."""
    assert "claim_paragraphs" in published.TABLE_NAMES
    store = published.Store(fixture_dir)
    store.load_all()
    assert "claim_paragraphs" in store._tables and len(store._tables["claim_paragraphs"])


def test_views_are_memoised_among_the_last_few_hundred_only(tmp_path, monkeypatch):
    """A key made from a visitor's query is kept in a bounded LRU; values of the tables alone for good."""
    monkeypatch.setattr(published, "VIEW_MEMO_SIZE", 2)
    store = published.Store(tmp_path)
    calls = []
    for key in ("a", "b", "a", "c", "a", "b"):
        store.memo(("view", key), lambda key=key: calls.append(key) or key, view=True)
    assert calls == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    store.memo(("table",), lambda: calls.append("t") or 1)
    store.forget_views()
    store.memo(("table",), lambda: calls.append("t") or 2)
    store.memo(("view", "a"), lambda: calls.append("a") or "a", view=True)
    assert calls[4:] == ["t", "a"]
