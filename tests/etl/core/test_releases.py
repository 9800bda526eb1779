from datetime import date

import pandas as pd
import pytest

from etl import registry
from etl.core.errors import SourceError
from etl.core.releases import (
    COMPUTED,
    PRIMARY,
    REDISTRIBUTION,
    Calendar,
    freshness,
    freshness_report,
    last_due,
    latest_observations,
    latest_releases,
)
from tests.etl.obs_rows import calendar_from_dates, calendar_of, observations


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return Calendar(registry.load().releases)


def test_every_source_release_is_dated_once_and_ids_sort_by_date(calendar):
    reg = registry.load()
    assert {s.release for s in reg.sources.values()} == set(calendar.ids)
    dates = [calendar.published_on(r) for r in calendar.ids]
    assert dates == sorted(dates)
    assert calendar.published_on("itu-2024-11") == date(2024, 11, 30)
    assert calendar.published_on("unsd-2023-04") == date(2023, 4, 2)
    assert calendar.published_on("ict4d-computed") is None


def test_primary_releases_are_the_publishers_own(calendar):
    assert calendar.is_primary("itu-2024-11") and calendar.is_primary("unsd-2023-04")
    assert calendar.is_primary("itu-datahub-2025-12")
    assert not calendar.is_primary("wdi-gapminder-2025-12") and not calendar.is_primary("owid-2025-06")
    assert not calendar.is_primary("not-a-release-2020-01")


def test_editions_are_named_as_the_publisher_names_them(calendar):
    assert calendar.edition("unsd-2023-04") == "SDG Global Database 2023 release"
    assert "Facts and Figures 2024" in calendar.edition("itu-2024-11")
    assert calendar.edition("unknown-id") == "unknown-id"


def test_primary_before_a_day_is_newest_first_and_strictly_before(calendar):
    before = calendar.primary_before(date(2024, 11, 30))
    assert before[0] == "unsd-2023-04" and "itu-2024-11" not in before
    assert calendar.primary_before(date(2024, 12, 1))[0] == "itu-2024-11"
    assert calendar.primary_before(date(2000, 1, 1)) == []
    assert all(calendar.is_primary(r) for r in calendar.primary_before(date(2030, 1, 1)))


def test_order_and_newest_use_the_calendar_not_the_id():
    cal = calendar_from_dates({"b-2020-01": "2021-06-01", "a-2023-01": "2020-01-01"})
    releases = pd.Series(["a-2023-01", "ict4d-computed", "b-2020-01"], index=[7, 8, 9])
    assert cal.order(releases).to_dict() == {7: date(2020, 1, 1), 8: date.min, 9: date(2021, 6, 1)}
    assert cal.newest(["a-2023-01", "b-2020-01", "unknown"]) == "b-2020-01"
    assert cal.newest([]) is None


def test_a_calendar_out_of_step_with_sources_fails_naming_the_file(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("indicators.csv", "indicator_series.csv", "sources.toml"):
        (data / name).write_bytes((registry.config.DATA_DIR / name).read_bytes())
    lines = (registry.config.DATA_DIR / "releases.csv").read_text().splitlines()
    calendar = data / "releases.csv"
    calendar.write_text("\n".join(line for line in lines if not line.startswith("owid-")) + "\n")
    with pytest.raises(SourceError, match=r"releases\.csv.*not in the calendar: owid-2025-06"):
        _ = registry.load(data).releases
    calendar.write_text("\n".join([*lines, lines[1].replace("unsd-2023-04", "extra-2030-01", 1)]))
    with pytest.raises(SourceError, match=r"releases no source of sources\.toml belongs to: extra-2030-01"):
        _ = registry.load(data).releases


# --- one answer per series -----------------------------------------------------------------------------
def _kenya(value: float, source: str, release: str, year: int = 2023, **kw) -> dict:
    return {
        "indicator_id": "internet_use_share",
        "entity_id": "KEN",
        "year": year,
        "value": value,
        "source_id": source,
        "release": release,
        **kw,
    }


def test_latest_is_the_newest_primary_release_never_a_newer_redistribution():
    obs = observations(
        _kenya(29.5, "itu-country", "itu-country-2022-02", year=2020),
        _kenya(35.0, "datahub", "itu-datahub-2025-12"),
        _kenya(38.2, "gapminder", "wdi-gapminder-2026-03"),  # newer, but a copy of older figures
        _kenya(22.0, "unsd", "unsd-2023-04", year=2021, sex="female"),
    )
    calendar = calendar_from_dates(
        {
            "itu-country-2022-02": "2022-02-04",
            "itu-datahub-2025-12": "2025-12-22",
            "wdi-gapminder-2026-03": "2026-03-01",
            "unsd-2023-04": "2023-04-02",
        },
        primary=["itu-country-2022-02", "itu-datahub-2025-12", "unsd-2023-04"],
    )
    chosen = latest_releases(obs, calendar).set_index("sex")
    assert chosen.loc["total", ["release", "source_id", "basis"]].tolist() == [
        "itu-datahub-2025-12",
        "datahub",
        PRIMARY,
    ]
    assert chosen.loc["female", "release"] == "unsd-2023-04"  # each breakdown is its own series
    rows = latest_observations(obs, calendar)
    assert sorted(zip(rows["sex"], rows["release"], strict=True)) == [
        ("female", "unsd-2023-04"),
        ("total", "itu-datahub-2025-12"),
    ]


def test_a_redistribution_answers_only_where_no_primary_release_has_the_series():
    obs = observations(
        _kenya(38.2, "gapminder", "wdi-gapminder-2026-03"), _kenya(30.0, "g", "wdi-gapminder-2020-01")
    )
    calendar = calendar_from_dates(
        {"wdi-gapminder-2026-03": "2026-03-01", "wdi-gapminder-2020-01": "2020-01-01"}, primary=[]
    )
    [row] = latest_releases(obs, calendar).to_dict("records")
    assert (row["release"], row["basis"]) == ("wdi-gapminder-2026-03", REDISTRIBUTION)


def test_computed_aggregates_answer_only_where_no_publisher_has_the_figure():
    def world(value, source, release, **kw):
        return {
            "indicator_id": "internet_use_share",
            "entity_id": "world",
            "year": 2024,
            "value": value,
            "source_id": source,
            "release": release,
            **kw,
        }

    computed = {"is_computed": True}
    obs = observations(
        world(67.6, "itu-aggregates-2024-11", "itu-2024-11"),
        world(70.1, "ict4d-computed", "itu-datahub-2025-12", **computed),  # newer input, but ours
        {**world(52.0, "ict4d-computed", "itu-datahub-2025-12", **computed), "entity_id": "developing_lmic"},
    )
    calendar = calendar_from_dates({"itu-2024-11": "2024-11-30", "itu-datahub-2025-12": "2025-12-22"})
    chosen = latest_releases(obs, calendar).set_index("entity_id")
    assert chosen.loc["world", ["release", "basis"]].tolist() == ["itu-2024-11", PRIMARY]
    assert chosen.loc["developing_lmic", ["source_id", "basis"]].tolist() == ["ict4d-computed", COMPUTED]


def test_within_one_release_the_source_with_the_latest_year_wins():
    obs = observations(
        _kenya(30.0, "a-idi", "itu-datahub-2025-07", year=2022),
        _kenya(31.0, "b-export", "itu-datahub-2025-07", year=2023),
    )
    [row] = latest_releases(obs, calendar_of(obs)).to_dict("records")
    assert (row["source_id"], row["last_year"]) == ("b-export", 2023)


# --- freshness -------------------------------------------------------------------------------------------
def _releases(*rows: tuple) -> pd.DataFrame:
    """(release_id, published_on, publication, cycle_month, is_primary) -> a releases table."""
    return pd.DataFrame(
        [
            {
                "release_id": r,
                "publisher": p.split("-")[0],
                "edition": f"edition {r}",
                "published_on": d,
                "snapshot_on": d,
                "is_primary": primary,
                "date_note": "",
                "publication": p,
                "cycle_month": m,
                "cycle": f"cycle of {p}",
                "refresh": f"refresh {p}",
            }
            for r, d, p, m, primary in rows
        ]
    )


RELEASES = _releases(
    ("itu-2022-01", "2022-01-25", "itu-key", 11, True),
    ("itu-2024-11", "2024-11-30", "itu-key", 11, True),
    ("unsd-2023-04", "2023-04-02", "unsd-db", 4, True),
    ("wdi-2025-12", "2025-12-08", "wdi", None, False),
)


def test_freshness_names_the_newest_release_of_each_publication_and_its_age():
    fresh = freshness(RELEASES, date(2025, 1, 15)).set_index("publication")
    assert fresh.loc["itu-key", ["release_id", "age_days"]].tolist() == ["itu-2024-11", 46]
    assert not fresh.loc["itu-key", "is_overdue"]
    assert fresh.loc["unsd-db", "is_overdue"]  # spring 2024 passed without a release held
    assert fresh.loc["unsd-db", "due_on"] == date(2024, 4, 30)
    assert "older than the publisher's cycle" in fresh.loc["unsd-db", "note"]
    assert "refresh unsd-db" in fresh.loc["unsd-db", "note"]
    assert "wdi" not in fresh.index  # not public yet on that day
    assert list(fresh.index[:2]) == ["itu-key", "unsd-db"]  # primary publications first, newest first


def test_freshness_turns_overdue_when_the_cycle_month_ends():
    assert not freshness(RELEASES, date(2025, 11, 30)).set_index("publication").loc["itu-key", "is_overdue"]
    late = freshness(RELEASES, date(2025, 12, 1)).set_index("publication").loc["itu-key"]
    assert late["is_overdue"] and late["due_on"] == date(2025, 11, 30)
    assert "November 2025 edition is not held" in late["note"]
    assert last_due(date(2026, 5, 1), 4) == date(2026, 4, 30)
    assert last_due(date(2026, 4, 30), 4) == date(2025, 4, 30)
    assert last_due(date(2026, 1, 1), 12) == date(2025, 12, 31)


def test_freshness_without_a_cycle_gives_the_age_only_and_reports_in_lines():
    day = date(2026, 12, 4)
    fresh = freshness(RELEASES, day)
    wdi = fresh.set_index("publication").loc["wdi"]
    assert pd.isna(wdi["is_overdue"]) and "no fixed cycle (cycle of wdi)" in wdi["note"]
    text = freshness_report(fresh, day).splitlines()
    assert text[0] == "freshness on 2026-12-04 (newest release held per publication; 2 overdue):"
    assert any(line.startswith("  OVERDUE itu-key: itu-2024-11") for line in text)


def test_freshness_of_an_older_releases_table_counts_publishers():
    old = RELEASES.drop(columns=["publication", "cycle_month", "cycle", "refresh"])
    fresh = freshness(old, date(2026, 1, 1))
    assert set(fresh["publication"]) == {"itu", "unsd", "wdi"} and fresh["is_overdue"].isna().all()


def test_repository_calendar_has_a_publication_and_cycle_for_every_release(calendar):
    frame = calendar.frame.set_index("release_id")
    assert frame.loc["itu-2017-07", ["publication", "cycle_month"]].tolist() == ["itu-key-ict-indicators", 11]
    assert frame.loc["unsd-2018-10", ["publication", "cycle_month"]].tolist() == ["unsd-sdg-database", 4]
    assert not frame.loc["wdi-gapminder-2018-11", "is_primary"]
    assert frame["publication"].str.len().gt(0).all() and frame["refresh"].str.len().gt(0).all()


def test_the_build_command_reports_freshness_from_the_published_calendar(tmp_path):
    from etl import cli

    RELEASES.to_csv(tmp_path / "releases.csv", index=False)
    report = cli.freshness_of(tmp_path, date(2026, 12, 4)).splitlines()
    assert report[0].startswith("freshness on ") and any("itu-key: itu-2024-11" in line for line in report)
    assert cli.freshness_of(tmp_path / "missing", date(2026, 12, 4)).startswith("freshness: ")
