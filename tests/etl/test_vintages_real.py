"""Checks a user would trust, on the real build: every release of ITU's estimates side by side, exactly as
in its file (values from sources/itu/vintages/PROVENANCE.md), one calendar row per release, one answer per
series.
"""

from __future__ import annotations

import pandas as pd
import pytest

from etl import publish, registry
from etl.core import config
from etl.core.releases import PRIMARY, Calendar, latest_releases
from etl.methods import compare
from etl.sources import classification, unsd
from etl.steps import BuildContext, build_order


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The tables of the series and aggregate steps (observations as published, computed rows included)."""
    try:
        sources = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    ctx = BuildContext(sources_dir=sources, log=lambda _: None)
    wanted = {
        "etl.steps.observations",
        "etl.steps.releases",
        "etl.steps.aggregate_differences",
        "etl.steps.source_disagreements",
    }
    for step in build_order():
        if step.name in wanted:
            ctx.tables.update(step.run(ctx))
    return ctx.tables


def _totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Upstream breakdown totals."""
    return obs[
        (obs["sex"] == "total")
        & (obs["area"] == "total")
        & (obs["age_group"] == "total")
        & ~obs["is_computed"]
    ]


def _world_use(obs: pd.DataFrame, year: int) -> dict[str, float]:
    obs = _totals(obs)
    sel = obs[
        (obs["indicator_id"] == "internet_use_share") & (obs["entity_id"] == "world") & (obs["year"] == year)
    ]
    assert not sel.duplicated("release").any()
    return dict(zip(sel["release"], sel["value"], strict=True))


def test_world_internet_use_2017_in_every_release_of_its_time_exactly_as_in_the_files(tables):
    got = _world_use(tables["observations"], 2017)
    assert len(got) >= 5
    assert got["itu-2017-07"] == 48.0280307058221  # ECOSOC 2018/28's "48 per cent"
    assert got["unsd-2019-03"] == 48.57
    assert got["unsd-2022-04"] == 45.8
    assert got["itu-2019-10"] == 49.03939534743908 and got["unsd-2020-04"] == 49.72
    assert got["unsd-2021-07"] == 46.26019 and got["itu-2022-01"] == 45.8


def test_world_internet_use_2019_moves_between_releases_as_published(tables):
    got = _world_use(tables["observations"], 2019)
    assert {
        r: got[r]
        for r in ["itu-2019-10", "unsd-2021-07", "itu-2022-01", "unsd-2022-04", "unsd-2023-04", "itu-2024-11"]
    } == {
        "itu-2019-10": 53.5593325462751,
        "unsd-2021-07": 51.4,
        "itu-2022-01": 53.6,
        "unsd-2022-04": 53.6,
        "unsd-2023-04": 53.7,
        "itu-2024-11": 52.9,
    }
    assert "unsd-2018-10" not in got and "unsd-2020-04" not in got  # those releases end in 2016 and 2018


def test_older_series_codes_feed_the_same_indicators(tables):
    obs = tables["observations"]
    totals = _totals(obs)
    world = totals[totals["entity_id"] == "world"].drop_duplicates(["indicator_id", "year", "release"])
    world = world.set_index(["indicator_id", "year", "release"])["value"]
    assert world[("mobile_cellular_coverage_share", 2015, "unsd-2018-10")] == 95.642547  # IT_MOB_NTWK al2g
    assert world[("mobile_broadband_coverage_share", 2015, "unsd-2018-10")] == 82.389584  # al3g
    assert world[("lte_coverage_share", 2015, "unsd-2018-10")] == 61.83  # al4g
    assert world[("fixed_broadband_subscriptions_per_100", 2016, "unsd-2018-10")] == 12.43539  # IT_NET_BBP
    assert world[("mobile_broadband_coverage_share", 2019, "itu-2019-10")] == 93.00361329459615
    assert world[("lte_coverage_share", 2021, "itu-2022-01")] == 87.6


def test_every_observation_release_has_a_calendar_row_and_every_row_has_data(tables):
    calendar = set(tables["releases"]["release_id"])
    observed = set(tables["observations"]["release"])
    assert observed <= calendar
    sources = tables["sources"]
    classifying = {
        s.release
        for s in registry.load().sources.values()
        if s.format in classification.FORMATS and s.format != "idi"
    }
    assert calendar - observed <= classifying  # country lists and income groups: rows in group_membership
    for release in calendar - observed:
        ids = set(sources.loc[sources["release"] == release, "source_id"])
        assert tables["group_membership"]["source_id"].isin(ids).any(), release
    assert {
        "itu-2017-07",
        "itu-2019-10",
        "itu-2022-01",
        "itu-country-2022-02",
        "unsd-2018-10",
        "unsd-2019-03",
        "unsd-2020-04",
        "unsd-2021-07",
        "unsd-2022-04",
        "wdi-gapminder-2018-11",
        "wdi-gapminder-2024-09",
    } <= observed


def test_itu_developed_and_developing_groups_carry_itus_own_2017_and_2019_figures(tables):
    entities = tables["entities"].set_index("entity_id")
    assert entities.loc["itu_developed", ["name", "entity_type"]].tolist() == [
        "Developed countries (ITU)",
        "itu_development_group",
    ]
    assert entities.loc["itu_developing", "name"] == "Developing countries (ITU)"
    obs = tables["observations"]
    totals = _totals(obs)
    use = totals[totals["indicator_id"] == "internet_use_share"].set_index(["entity_id", "year", "release"])
    use = use["value"]
    assert use[("itu_developed", 2017, "itu-2017-07")] == 81.02638741218765
    assert use[("itu_developing", 2017, "itu-2017-07")] == 41.294599394625315
    assert use[("itu_developed", 2019, "itu-2019-10")] == 86.56650575778089
    assert use[("itu_developing", 2019, "itu-2019-10")] == 47.03688561927544
    assert use[("itu_developing", 2019, "itu-2022-01")] == 47.1
    groups = obs[obs["entity_id"].isin(["itu_developed", "itu_developing"])]
    assert not groups["is_computed"].any()  # ITU's split is published, never recomputed by us


def test_kenyas_internet_line_comes_from_itu_datahub_not_from_gapminder(tables):
    calendar = Calendar(tables["releases"])
    chosen = latest_releases(tables["observations"], calendar).set_index(
        SERIES := ["indicator_id", "entity_id", "sex", "area", "age_group"]
    )
    kenya = chosen.loc[("internet_use_share", "KEN", "total", "total", "total")]
    assert (kenya["release"], kenya["source_id"], kenya["basis"]) == (
        "itu-datahub-2025-12",
        "itu-datahub-individuals-using-internet",
        PRIMARY,
    )
    world = chosen.loc[("internet_use_share", "world", "total", "total", "total")]
    assert world["release"] == "itu-2024-11" and world["source_id"] != "ict4d-computed"
    assert (
        not chosen["release"]
        .str.startswith("wdi-gapminder")
        .loc[chosen.index.get_level_values("entity_id") == "KEN"]
        .any()
    )
    assert len(SERIES) == 5


def test_revisions_pair_each_release_with_the_previous_one_only(tables):
    dis = tables["source_disagreements"]
    world = dis[
        (dis["indicator_id"] == "internet_use_share")
        & (dis["entity_id"] == "world")
        & (dis["year"] == 2019)
        & (dis["sex"] == "total")
        & (dis["area"] == "total")
        & (dis["age_group"] == "total")
    ]
    assert list(zip(world["release_a"], world["release_b"], strict=True)) == [
        ("itu-2019-10", "unsd-2021-07"),
        ("unsd-2021-07", "itu-2022-01"),
        ("unsd-2022-04", "unsd-2023-04"),
        ("unsd-2023-04", "itu-2024-11"),
    ]  # itu-2022-01 -> unsd-2022-04 is 53.6 both times: no revision
    upstream = tables["observations"][~tables["observations"]["is_computed"]]
    assert len(dis) < len(upstream)  # bounded by the rows, whatever the number of releases
    assert compare.summary(dis).startswith("source disagreements (")


def test_every_registered_vintage_file_is_found_by_its_series_and_keeps_its_release(tables):
    reg = registry.load()
    sources_dir = config.sources_dir()
    for spec in reg.sources.values():
        if spec.format != "unsd":
            continue
        path = spec.resolve(sources_dir)
        for code in set(reg.series_for(spec.source_id)["series_code"]):
            assert unsd.find_datapoints(path.parent, code) == path
        assert spec.code_lists, f"{spec.source_id}: no code lists"
    named = {c for spec in reg.sources.values() for c in spec.code_lists}
    lists = {s.source_id for s in reg.sources.values() if s.format == "unsd_code_list"}
    assert lists <= named  # every code list held is used by a datapoints file of its release
    obs = tables["observations"]
    per = obs[~obs["is_computed"]].groupby("source_id")["release"].unique()
    assert all(len(r) == 1 and r[0] == reg.sources[s].release for s, r in per.items())
    assert obs.loc[obs["source_id"] == "unsd-2018-10-it-mob-ntwk", "series_code"].unique().tolist() == [
        "IT_MOB_NTWK"
    ]


def test_the_vintage_tables_validate_against_their_models(tables):
    for name in ["observations", "entities", "sources", "releases", "quarantine", "source_disagreements"]:
        publish.validate(name, tables[name])
    q = tables["quarantine"]
    unmatched = q[q["source_id"] == "itu-country-2022-02-internet-use"]
    assert unmatched["reason"].str.contains("not matched to an ISO3 code").all() and len(unmatched) >= 1
    assert "Kosovo" not in set(unmatched["value"])  # read as XKX, the code the World Bank uses
