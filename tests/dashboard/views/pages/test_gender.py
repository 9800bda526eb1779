"""The Gender view: query parsing and chart builders, on the fixture data.

The fixture's values by sex come from the UN SDG extract (IT_USE_ii99) for world, LDCs and Kenya; expected
numbers are recomputed here from the fixture rows, never typed in."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import frames, published
from dashboard.views.pages import gender as gender_view


@pytest.fixture
def gender():
    return gender_view


def fixture_by_sex(entity: str, year: int) -> tuple[float, float]:
    obs = published.observations("internet_use_share", [entity], sex=None)
    row = obs[obs["year"] == year].set_index("sex")["value"]
    return float(row["female"]), float(row["male"])


def test_default_view_is_the_groups_with_values_by_sex(gender):
    state = gender.parse_query()
    assert state["indicator"] == "internet_use_share"
    assert state["entities"] == ["world", "ldc"]  # groups only; Kenya is a country
    assert state["messages"] == []
    assert "KEN" in gender.entity_options("internet_use_share")


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ({"indicator": "households_internet_access_share"}, "No values by sex for indicator"),
        ({"indicator": "<script>"}, "No values by sex for indicator"),
        ({"entities": "world,ATLANTIS"}, "No values by sex for ATLANTIS"),
        ({"release": "itu-1999-01"}, "Unknown release"),
        ({"year": "20x2"}, "No values by sex in year"),
        ({"year": "1990"}, "No values by sex in year"),
        ({"year": ["2020", "2021"], "entities": ["world", "ldc"]}, None),
    ],
)
def test_bad_query_values_fall_back_with_a_message(gender, query, expect):
    state = gender.parse_query(**query)
    assert state["indicator"] == "internet_use_share"
    assert state["entities"]
    if expect is None:
        assert state["messages"] == []
    else:
        assert any(expect in m for m in state["messages"])


def test_parity_chart_scores_match_the_fixture_rows(gender):
    chart = gender.parity_chart({"entities": ["world", "KEN"]})
    lines = [t.name for t in chart.figure.data if not t.name.startswith("Target")]
    assert lines == ["World", "Kenya"]  # in the order chosen
    # the world's gender parity targets on internet use, as markers at their deadlines
    t = published.targets()
    parity = t[(t["comparator"] == "parity") & (t["scope"] == "world")]
    parity = parity[parity["indicator_id"] == "internet_use_share"]
    assert not parity.empty
    markers = [n for n in (tr.name for tr in chart.figure.data) if n.startswith("Target")]
    assert sorted(m.split()[1] for m in markers) == sorted(parity["target_id"])
    women, men = fixture_by_sex("world", 2022)
    world = chart.data[chart.data["entity_id"] == "world"].set_index("year")
    assert world.loc[2022, "parity_score"] == pytest.approx(women / men)  # unrounded: classified as it is
    assert f"World: {women / men:.3f} in 2022" in chart.summary
    # the figure: one line per entity, over the parity band
    assert any(s.type == "rect" and s.y0 == 0.98 and s.y1 == 1.02 for s in chart.figure.layout.shapes)
    # CSV provenance columns (exports refuse a CSV without them)
    for col in ("indicator_id", "unit", "release", "source_id", "licence", "entity_name"):
        assert col in chart.data.columns
    assert set(chart.data["release"]) == {"unsd-2023-04"}
    assert "SDG Global Database 2023 release" in chart.source  # the release by its edition name


def test_bars_chart_shows_the_asked_year_else_latest(gender):
    latest = gender.bars_chart({"entities": "world,ldc"})
    assert set(latest.data["year"]) == {
        int(published.observations("internet_use_share", ["world"], sex=None)["year"].max())
    }
    asked = gender.bars_chart({"entities": "world,ldc", "year": "2020"})
    women, men = fixture_by_sex("ldc", 2020)
    ldc = asked.data.set_index("entity_id").loc["ldc"]
    assert (ldc["female"], ldc["male"]) == (women, men)
    assert [t.name for t in asked.figure.data] == ["Women", "Men"]
    assert "in 2020" in asked.subtitle


def test_a_view_is_the_parity_of_its_entities_alone_in_the_order_chosen(gender):
    """The page filters one parity frame of every entity: it must equal computing on the chosen ones."""
    ind = "internet_use_share"
    obs = gender.by_sex(ind)
    entities = sorted(obs["entity_id"].unique())[::-1][:2]
    alone = obs[obs["entity_id"].isin(entities) & (obs["area"] == "total") & (obs["age_group"] == "total")]
    want = frames.parity_frame(frames.pick_release(alone))
    got = gender.parity_data({"indicator": ind, "entities": entities, "release": None})
    assert list(dict.fromkeys(got["entity_id"])) == entities  # the order the entities were chosen
    key = ["entity_id", "year"]
    pd.testing.assert_frame_equal(
        got.sort_values(key, ignore_index=True), want.sort_values(key, ignore_index=True)
    )
