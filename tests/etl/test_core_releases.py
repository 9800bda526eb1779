from datetime import date

import pandas as pd
import pytest

from etl import registry
from etl.core.errors import SourceError
from etl.core.releases import Calendar


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
    cal = Calendar.from_dates({"b-2020-01": "2021-06-01", "a-2023-01": "2020-01-01"})
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
