"""Explorer page: query parsing that never raises, views built from the data, callbacks as plain functions."""

from __future__ import annotations

from urllib.parse import parse_qs

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import components, data


@pytest.fixture
def explorer(pages):
    return pages("explorer")


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
    assert s["indicator"] in set(data.indicators()["indicator_id"])
    assert all(e in data.entity_names() for e in s["entities"]) and s["tab"] in explorer.TABS
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
    from dashboard.pages.explorer import map_year

    df = pd.DataFrame({"year": [2020] * 4 + [2021] * 3 + [2022], "entity_id": list("ABCDABCA")})
    assert map_year(df, None) == 2021  # 2022 has one country of four
    assert map_year(df, 2022) == 2022  # asked, and it has data
    assert map_year(df.iloc[:0], None) is None


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


def test_update_callback_returns_view_and_canonical_url(explorer):
    _children, search, year_hidden, lo, hi, _marks, msgs = explorer.update(
        "internet_use_share", ["world", "KEN"], "female", "total", "total", None, "line", None
    )
    q = parse_qs(search[1:])
    assert q == {"indicator": ["internet_use_share"], "entities": ["world,KEN"], "sex": ["female"]}
    assert year_hidden is True and msgs == [] and lo <= hi


def test_update_with_no_entities_asks_for_one(explorer):
    out = explorer.update("internet_use_share", [], "total", "total", "total", None, "line", None)
    assert any("Pick at least one" in str(m.children) for m in out[6])


def test_map_update_shows_the_year_slider_and_puts_the_year_in_the_url(explorer):
    _, search, hidden, lo, hi, marks, _ = explorer.update(
        "internet_use_share", ["world"], "total", "total", "total", None, "map", None
    )
    q = parse_qs(search[1:])
    assert hidden is False and q["tab"] == ["map"] and lo <= int(q["year"][0]) <= hi and hi in marks


def test_indicator_change_offers_only_its_breakdowns(explorer):
    sex, _area, _age, rel = explorer.indicator_options("households_internet_access_share")
    assert [o["value"] for o in sex] == data.breakdown_values("households_internet_access_share")["sex"]
    assert [o["value"] for o in rel] == data.releases("households_internet_access_share")


def test_layout_never_raises_on_garbage(explorer):
    page = explorer.layout(indicator=["a", "b"], entities="<script>", year="-1", tab="%00")
    text = str(page)
    assert "Unknown indicator" in text and "Traceback" not in text


def test_csv_export_of_the_view(explorer):
    payload = components.export_chart({"chart": "explorer-chart", "query": {"entities": "world"}}, "csv")
    header = payload["content"].splitlines()[0].split(",")
    assert header == explorer.CSV_COLUMNS and payload["filename"].endswith(".csv")


def test_on_an_empty_folder_the_pages_say_so(pages, tmp_path):
    explorer, targets = pages("explorer"), pages("targets")
    data.use(tmp_path)
    assert "No data published yet" in str(explorer.layout(indicator="internet_use_share"))
    assert "No target matches" in str(targets.layout())
    children, search, *_ = explorer.update(
        "internet_use_share", ["world"], "total", "total", "total", None, "line", None
    )
    assert "No indicators published yet" in str(children) and "indicator=" not in search


def test_subtitle_says_which_unit_the_axis_is_in(explorer):
    chart = explorer.build_chart({"indicator": "internet_use_share", "entities": "world"})
    assert chart.subtitle.startswith("Unit: %")
