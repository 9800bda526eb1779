from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.methods import compare
from tests.etl.obs_rows import calendar_from_dates, calendar_of, observations


def world_internet(value: float, source_id: str, release: str, year: int = 2022, **kw) -> dict:
    return {
        "indicator_id": "internet_use_share",
        "entity_id": "world",
        "year": year,
        "value": value,
        "source_id": source_id,
        "release": release,
        **kw,
    }


def test_pair_is_reported_older_vintage_first():
    obs = observations(
        world_internet(63.7, "itu-aggregates-2024-11", "itu-2024-11"),
        world_internet(66.3, "unsd-sdg", "unsd-2023-04"),
    )
    [row] = compare.source_disagreements(obs, calendar_of(obs)).to_dict("records")
    assert (row["release_a"], row["value_a"], row["release_b"], row["value_b"]) == (
        "unsd-2023-04",
        66.3,
        "itu-2024-11",
        63.7,
    )
    assert row["difference"] == pytest.approx(63.7 - 66.3)
    assert (row["tolerance"], row["unit"], row["source_id_a"]) == (0.05, "percent", "unsd-sdg")


@pytest.mark.parametrize(
    ("other", "reported"), [(63.72, False), (63.75, False), (63.65, False), (63.76, True), (63.6, True)]
)
def test_rounding_is_not_disagreement(other: float, reported: bool):
    obs = observations(world_internet(63.7, "a", "itu-2024-11"), world_internet(other, "b", "unsd-2023-04"))
    assert len(compare.source_disagreements(obs, calendar_of(obs))) == int(reported)


def test_tolerance_is_a_parameter_and_recorded():
    obs = observations(world_internet(63.7, "a", "itu-2024-11"), world_internet(64.0, "b", "unsd-2023-04"))
    assert compare.source_disagreements(obs, calendar_of(obs), tolerance=0.5).empty
    assert compare.source_disagreements(obs, calendar_of(obs), tolerance=0.1)["tolerance"].tolist() == [0.1]


def test_counts_use_a_tolerance_in_millions():
    def users(value: float, source: str, release: str) -> dict:
        return {
            "indicator_id": "internet_users_count",
            "entity_id": "world",
            "year": 2022,
            "value": value,
            "unit": "persons",
            "source_id": source,
            "release": release,
        }

    close = observations(users(5.4e9, "a", "itu-2024-11"), users(5.40004e9, "b", "unsd-2023-04"))
    assert compare.source_disagreements(close, calendar_of(close)).empty
    far_obs = observations(users(5.4e9, "a", "itu-2024-11"), users(5.43e9, "b", "unsd-2023-04"))
    far = compare.source_disagreements(far_obs, calendar_of(far_obs))
    assert far["tolerance"].tolist() == [50_000.0]
    assert far["difference"].tolist() == [pytest.approx(-3e7)]


def test_only_same_key_pairs_and_computed_rows_left_out():
    obs = observations(
        world_internet(60.8, "a", "itu-2024-11", sex="female"),
        world_internet(63.4, "b", "unsd-2023-04", sex="female"),
        world_internet(66.5, "a", "itu-2024-11", sex="male"),  # no partner
        world_internet(65.4, "a", "itu-2024-11", year=2023),  # same source, other year
        world_internet(61.0, "ict4d-computed", "itu-datahub-2025-12+x", sex="female", is_computed=True),
    )
    out = compare.source_disagreements(obs, calendar_of(obs))
    assert out[["sex", "value_a", "value_b"]].values.tolist() == [["female", 63.4, 60.8]]


def test_each_release_pairs_with_the_previous_release_of_the_same_key_only():
    obs = observations(
        world_internet(66.3, "unsd", "unsd-2023-04"),
        world_internet(63.7, "itu", "itu-2024-11"),
        world_internet(64.9, "datahub", "itu-datahub-2025-12"),
    )
    out = compare.source_disagreements(obs, calendar_of(obs))
    assert sorted(zip(out["release_a"], out["release_b"], strict=True)) == [
        ("itu-2024-11", "itu-datahub-2025-12"),
        ("unsd-2023-04", "itu-2024-11"),
    ]  # not unsd-2023-04 against itu-datahub-2025-12: that change is the sum of the two revisions


def test_pairs_grow_with_releases_not_with_their_square():
    releases = [f"r-{y}-01" for y in range(2000, 2030)]
    obs = observations(*(world_internet(40.0 + i, "s", r) for i, r in enumerate(releases)))
    calendar = calendar_from_dates({r: f"{r[2:6]}-01-15" for r in releases})
    out = compare.source_disagreements(obs, calendar)
    assert len(out) == len(releases) - 1
    assert list(zip(out["release_a"], out["release_b"], strict=True)) == list(itertools.pairwise(releases))


def brute_force(obs: pd.DataFrame, tolerance: float) -> set[tuple]:
    """Reference: for each row, the nearest older row of the same key found by loops (calendar date, then
    source id, then release id), kept when the two differ by more than rounding."""
    found = set()
    calendar = calendar_of(obs)
    rows = obs[~obs["is_computed"]].to_dict("records")

    def order(r: dict) -> tuple:
        return (calendar.published_on(r["release"]) or date.min, r["source_id"], r["release"])

    for y in rows:
        older = [x for x in rows if all(x[k] == y[k] for k in compare.KEY) and order(x) < order(y)]
        if not older:
            continue
        x = max(older, key=order)
        if abs(y["value"] - x["value"]) > tolerance + 1e-9 * max(abs(x["value"]), 1):
            difference = round(y["value"] - x["value"], 9)
            found.add((*(x[k] for k in compare.KEY), x["release"], y["release"], difference))
    return found


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["world", "KEN"]),
            st.sampled_from([2021, 2022]),
            st.sampled_from(["total", "female"]),
            st.sampled_from([("a", "itu-2024-11"), ("b", "unsd-2023-04"), ("c", "itu-datahub-2025-12")]),
            st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)),
        ),
        max_size=25,
    )
)
def test_matches_brute_force(rows: list[tuple]):
    unique = {(e, y, sex, s, r): v for e, y, sex, (s, r), v in rows}  # one value per key and release
    records = [
        world_internet(v, s, r, year=y, sex=sex, entity_id=e) for (e, y, sex, s, r), v in unique.items()
    ]
    obs = observations(*(records or [world_internet(1.0, "a", "itu-2024-11")]))
    out = compare.source_disagreements(obs, calendar_of(obs))
    got = {
        (*(r[k] for k in compare.KEY), r["release_a"], r["release_b"], round(r["difference"], 9))
        for r in out.to_dict("records")
    }
    assert got == brute_force(obs, compare.DEFAULT_TOLERANCE)


def itu_vs_unsd(itu: float, unsd: float, **key) -> list[dict]:
    """The same key in ITU's Nov 2024 workbook and in the UN SDG extract of April 2023 (in that order)."""
    return [
        world_internet(itu, "itu", "itu-2024-11", **key),
        world_internet(unsd, "unsd", "unsd-2023-04", **key),
    ]


def test_summary_lists_largest_differences_per_indicator():
    obs = observations(
        *itu_vs_unsd(63.7, 66.3),
        *itu_vs_unsd(40.8, 40.5, entity_id="KEN"),
        *itu_vs_unsd(61.0, 63.4, sex="female"),
    )
    text = compare.summary(compare.source_disagreements(obs, calendar_of(obs)), top=2)
    lines = text.splitlines()
    assert "3 pairs beyond rounding" in lines[0] and "0.05 percent" in lines[0]
    assert lines[1] == "  internet_use_share: 3 pairs, 2 entities; largest:"
    assert lines[2] == "    world internet_use_share 2022: unsd-2023-04 66.3 vs itu-2024-11 63.7 (-2.6)"
    assert lines[3] == (
        "    world internet_use_share 2022 (sex=female): unsd-2023-04 63.4 vs itu-2024-11 61 (-2.4)"
    )
    assert len(lines) == 4  # top=2 leaves Kenya's 0.3 out
    top1 = compare.summary(compare.source_disagreements(obs.iloc[2:], calendar_of(obs)), top=1).splitlines()
    assert top1[2].startswith("    world internet_use_share 2022 (sex=female)")  # 2.4 > Kenya's 0.3
    kenya = obs.iloc[2:4]
    kenya_first = compare.summary(compare.source_disagreements(kenya, calendar_of(obs)), top=1).splitlines()
    assert kenya_first[2] == "    KEN internet_use_share 2022: unsd-2023-04 40.5 vs itu-2024-11 40.8 (+0.3)"


def test_summary_always_shows_the_largest_world_pair():
    obs = observations(*itu_vs_unsd(63.7, 66.3), *itu_vs_unsd(30.0, 58.8, entity_id="MRT"))
    lines = compare.summary(compare.source_disagreements(obs, calendar_of(obs)), top=1).splitlines()
    assert lines[2:] == [
        "    MRT internet_use_share 2022: unsd-2023-04 58.8 vs itu-2024-11 30 (-28.8)",
        "    world internet_use_share 2022: unsd-2023-04 66.3 vs itu-2024-11 63.7 (-2.6)",
    ]
    none = compare.summary(compare.source_disagreements(obs.iloc[:1], calendar_of(obs)))
    assert none == "source disagreements: none beyond rounding"
