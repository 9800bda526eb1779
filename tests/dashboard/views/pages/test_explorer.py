"""The Explorer's view: query parsing that never raises, and views built from the data."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.views import published
from dashboard.views.pages import explorer as explorer_view


@pytest.fixture
def explorer():
    return explorer_view


@pytest.fixture
def raw(fixture_dir):
    return pd.read_csv(fixture_dir / "observations.csv")


def test_defaults_without_a_query(explorer):
    s = explorer.parse_query()
    assert (s["indicator"], s["entities"], s["tab"], s["messages"]) == (
        "internet_use_share",
        ["world"],
        "line",
        [],
    )


def test_valid_query_is_kept(explorer):
    s = explorer.parse_query(
        indicator="households_internet_access_share",
        entities="KEN,NGA",
        tab="map",
        year="2020",
        release="itu-datahub-2025-12",
    )
    assert s["indicator"] == "households_internet_access_share" and s["entities"] == ["KEN", "NGA"]
    assert (s["tab"], s["year"], s["release"], s["messages"]) == ("map", 2020, "itu-datahub-2025-12", [])


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"indicator": "nope"}, "Unknown indicator"),
        ({"entities": "KEN,XYZ"}, "Unknown country or group: XYZ"),
        ({"sex": "other"}, "No sex"),
        ({"release": "itu-1999-01"}, "Unknown release"),
        ({"tab": "pie"}, "Unknown view"),
        ({"year": "20x2"}, "The year must be a number"),
        ({"year": "99999"}, "The year must be a number"),
    ],
)
def test_bad_values_fall_back_with_a_message(explorer, query, says):
    s = explorer.parse_query(**query)
    assert any(says in m for m in s["messages"])
    assert s["indicator"] == "internet_use_share" or "indicator" not in query


def test_an_unavailable_breakdown_is_refused(explorer):
    # households access has no sex split in the fixture: female is refused, total kept
    s = explorer.parse_query(indicator="households_internet_access_share", sex="female")
    assert s["sex"] == "total" and s["messages"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(
            ["indicator", "entities", "sex", "area", "age_group", "release", "tab", "year", "junk"]
        ),
        st.one_of(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3)),
        max_size=6,
    )
)
def test_parse_query_never_raises_and_the_view_builds(explorer, query):
    s = explorer.parse_query(**query)
    assert s["indicator"] in set(published.indicators()["indicator_id"])
    assert all(e in published.entity_names() for e in s["entities"]) and s["tab"] in explorer.TABS
    chart = explorer.build_chart(explorer.query_of(s))
    assert chart.title


def test_line_view_shows_each_entity_from_one_release(explorer, raw):
    chart = explorer.build_chart({"indicator": "internet_use_share", "entities": "world,KEN"})
    df = chart.data
    assert set(df["entity_id"]) == {"world", "KEN"}
    assert df.groupby("entity_id")["release"].nunique().max() == 1  # vintages never mixed in a line
    # Kenya is in two releases in the fixture; the one reaching the latest year is shown
    ken = raw[(raw.entity_id == "KEN") & (raw.indicator_id == "internet_use_share") & (raw.sex == "total")]
    best = ken.groupby("release")["year"].max().idxmax()
    assert set(df.loc[df.entity_id == "KEN", "release"]) == {best}
    assert "Releases differ" in " ".join(chart.caveats)
    lines = [t.name for t in chart.figure.data if not t.name.startswith("Target")]
    assert len(lines) == 2


def test_csv_is_exactly_the_data_shown_with_provenance(explorer, raw):
    chart = explorer.build_chart({"indicator": "internet_use_share", "entities": "world", "sex": "female"})
    df = chart.data
    assert list(df.columns) == explorer.CSV_COLUMNS
    want = raw[
        (raw.indicator_id == "internet_use_share") & (raw.entity_id == "world") & (raw.sex == "female")
    ]
    assert sorted(df["value"]) == sorted(want["value"])
    assert (
        set(df["unit"]) == {"percent"} and df["licence"].notna().all() and set(df["entity_name"]) == {"World"}
    )
    trace = next(t for t in chart.figure.data if t.name == "World")
    assert sorted(trace.y) == sorted(df["value"])


def test_explicit_release_is_respected(explorer):
    chart = explorer.build_chart(
        {"indicator": "internet_use_share", "entities": "KEN", "release": "unsd-2023-04"}
    )
    assert set(chart.data["release"]) == {"unsd-2023-04"}


def test_map_view_falls_back_to_the_latest_well_covered_year(explorer, raw):
    chart = explorer.build_chart({"indicator": "internet_use_share", "tab": "map", "year": "1990"})
    shown = chart.data["year"].iloc[0]
    assert (chart.data["year"] == shown).all() and chart.data["entity_id"].str.fullmatch("[A-Z]{3}").all()
    assert any("No country data for 1990" in c for c in chart.caveats)
    countries = raw[
        (raw.indicator_id == "internet_use_share")
        & raw.entity_id.str.fullmatch("[A-Z]{3}")
        & (raw.sex == "total")
    ]
    per_year = countries.groupby("year")["entity_id"].nunique()
    assert per_year[shown] >= per_year.max() / 2
    assert all(per_year[y] < per_year.max() / 2 for y in per_year.index if y > shown)


def test_map_year_rule():
    df = pd.DataFrame({"year": [2020] * 4 + [2021] * 3 + [2022], "entity_id": list("ABCDABCA")})
    assert explorer_view.map_year(df, None) == 2021  # 2022 has one country of four
    assert explorer_view.map_year(df, 2022) == 2022  # asked, and it has data
    assert explorer_view.map_year(df.iloc[:0], None) is None


@pytest.mark.parametrize(
    ("entities", "scopes"), [("world", ["world"]), ("world,KEN", ["world", "every_country"])]
)
def test_targets_of_the_indicator_are_drawn_with_caveats(explorer, fixture_dir, entities, scopes):
    # targets for every country are drawn only when a country is on the chart
    targets = pd.read_csv(fixture_dir / "targets.csv")
    want = targets[
        (targets.indicator_id == "internet_use_share")
        & (targets.scope.isin(scopes))
        & (targets.comparator != "parity")
        & targets.threshold_value.notna()
    ]
    chart = explorer.build_chart({"indicator": "internet_use_share", "entities": entities})
    drawn = {t.name.split()[1] for t in chart.figure.data if t.name.startswith("Target")}
    assert drawn == set(want["target_id"])
    for r in want[want.verification_status != "verified"].itertuples():
        assert any(c.startswith(r.target_id) for c in chart.caveats)


def test_subtitle_says_which_unit_the_axis_is_in(explorer):
    chart = explorer.build_chart({"indicator": "internet_use_share", "entities": "world"})
    assert chart.subtitle.startswith("Unit: %")
