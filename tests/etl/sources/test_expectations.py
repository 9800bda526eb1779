"""The rule of `expect` (data/sources.toml): a reading may not hold less than was recorded."""

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from etl.core.errors import SourceError
from etl.registry import Expectation
from etl.sources import expectations

SID = "itu-datahub-individuals-using-internet"
RECORDED = Expectation(rows=100, years=(2000, 2024), entities=50)


def _check(reg, observed: Expectation, lines: list[str] | None = None) -> None:
    spec = replace(reg.sources[SID], expect=RECORDED)
    expectations.check_expectations(
        {SID: spec},
        {SID: observed},
        {SID: Path("/src/x.csv")},
        log=(lambda _: None) if lines is None else lines.append,
    )


@pytest.mark.parametrize(
    ("observed", "message"),
    [
        (
            Expectation(rows=99, years=(2000, 2024), entities=50),
            "99 rows read where data/sources.toml expects at "
            "least 100 (expect.rows of 'itu-datahub-individuals-using-internet')",
        ),
        (
            Expectation(rows=100, years=(2000, 2023), entities=50),
            "years 2000-2023 read where data/sources.toml expects 2000-2024",
        ),
        (Expectation(rows=100, years=(2001, 2024), entities=50), "years 2001-2024 read"),
        (Expectation(rows=100), "no observations read where data/sources.toml expects 2000-2024"),
        (
            Expectation(rows=100, years=(2000, 2024), entities=49),
            "observations for 49 entities where data/sources.toml expects at least 50",
        ),
    ],
)
def test_any_drop_fails_naming_the_file(reg, observed, message):
    with pytest.raises(SourceError) as err:
        _check(reg, observed)
    assert err.value.path == "/src/x.csv"
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_the_same_reading_passes_quietly_and_growth_is_noted(reg):
    lines: list[str] = []
    _check(reg, RECORDED, lines)
    assert lines == []
    _check(reg, Expectation(rows=120, years=(1999, 2025), entities=51), lines)
    assert len(lines) == 1 and "read more than recorded" in lines[0] and "--all" in lines[0]


def test_observed_expectations_count_rows_years_and_entities():
    obs = pd.DataFrame(
        {"source_id": ["a", "a", "a"], "year": [2001, 2003, 2002], "entity_id": ["KEN", "KEN", "IND"]}
    )
    observed = expectations.observed_expectations({"a": 7, "codes": 249}, obs)
    assert observed == {
        "a": Expectation(rows=7, years=(2001, 2003), entities=2),
        "codes": Expectation(rows=249),
    }


def test_every_source_of_the_registry_has_expectations(reg):
    assert [sid for sid, spec in reg.sources.items() if spec.expect is None] == []
    assert all(reg.sources[sid].expect.sheets for sid, s in reg.sources.items() if s.format == "idi")
