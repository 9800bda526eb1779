"""The draft check on a small hand-made release history: one sentence per kind of result, the reading of
"now", the date a draft is meant for, and replacements rounded as the text rounds.

Two ITU releases of world Internet use: November 2022 (2021: 63.0, 2022: 66.3) and November 2024 (2021:
61.7, 2022: 63.7, 2023: 65.4, 2024: 67.6, and ITU's own count of users: 5,281.8 million in 2023, 5,508.8
million in 2024). The expected results below
are read off these numbers by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl.core import vocabulary as v
from etl.core.releases import COLUMNS
from etl.draft import Checker
from etl.draft.suggest import rounded, written
from tests.etl.obs_rows import observations

OLD, NEW = "itu-2022-11", "itu-2024-11"
TODAY = date(2026, 12, 4)


def releases() -> pd.DataFrame:
    rows = [
        (
            OLD,
            "International Telecommunication Union (ITU)",
            "Key ICT indicators, November 2022 (Facts and Figures 2022)",
            "2022-11-30",
        ),
        (
            NEW,
            "International Telecommunication Union (ITU)",
            "Key ICT indicators aggregates, November 2024 (Facts and Figures 2024)",
            "2024-11-30",
        ),
    ]
    return pd.DataFrame(
        [
            {
                "release_id": r,
                "publisher": p,
                "edition": e,
                "published_on": d,
                "snapshot_on": d,
                "is_primary": True,
                "date_note": "",
            }
            for r, p, e, d in rows
        ],
        columns=COLUMNS,
    )


@pytest.fixture(scope="module")
def checker() -> Checker:
    use = {OLD: {2021: 63.0, 2022: 66.3}, NEW: {2021: 61.7, 2022: 63.7, 2023: 65.4, 2024: 67.6}}
    rows = [
        {
            "indicator_id": "internet_use_share",
            "entity_id": "world",
            "year": y,
            "value": x,
            "release": r,
            "source_id": f"{r}-agg",
        }
        for r, years in use.items()
        for y, x in years.items()
    ]
    rows += [
        {
            "indicator_id": "internet_users_count",
            "entity_id": "world",
            "year": y,
            "value": x,
            "unit": "persons",
            "release": NEW,
            "source_id": f"{NEW}-agg",
        }
        for y, x in ((2023, 5281.8e6), (2024, 5508.8e6))
    ]
    return Checker(observations(*rows), releases())


def text(*sentences: str) -> str:
    body = "\n\n".join(f"{i}. {s};" for i, s in enumerate(sentences, 1))
    return f"The Commission on Science and Technology for Development,\n\n{body}\n"


def one(checker: Checker, sentence: str, day: date = TODAY):
    found = checker.check(text(sentence), day).figures
    assert len(found) == 1, [f.quote for f in found]
    return found[0]


def test_up_to_date(checker):
    f = one(checker, "Notes that in 2024, 67.6 per cent of the world's population were using the Internet")
    assert f.result == v.DRAFT_UP_TO_DATE
    assert (f.year_used, f.year_value, f.year_release) == (2024, 67.6, NEW)
    assert f.suggestion is None
    assert f.reason.startswith("Up to date: ITU, Facts and Figures 2024 gives 67.6 % for 2024")


def test_outdated_gets_the_latest_year_in_the_texts_style(checker):
    f = one(checker, "Notes that in 2023, 65.4 per cent of the world's population were using the Internet")
    assert f.result == v.DRAFT_OUTDATED
    assert (f.latest_year, f.latest_value) == (2024, 67.6)
    assert f.suggestion == (
        "67.6 per cent of the world's population were using the Internet in 2024 "
        "(ITU, Facts and Figures 2024)"
    )


def test_revised_names_the_release_it_matched(checker):
    f = one(checker, "Recalls that in 2022, 66 per cent of the world's population were using the Internet")
    assert f.result == v.DRAFT_REVISED
    assert f.year_value == 63.7
    assert "Facts and Figures 2022 gave 66.3 %" in f.reason
    # rounded as the text rounds: 67.6 -> 68
    assert f.suggestion.startswith("68 per cent of the world's population were using the Internet in 2024")


def test_no_release_matches(checker):
    f = one(checker, "Notes that in 2021, 70 per cent of the world's population were using the Internet")
    assert f.result == v.DRAFT_NO_MATCH
    assert "61.7 %" in f.reason


def test_process_figure_cannot_be_checked(checker):
    f = one(checker, "Welcomes the more than 600 pledges made in the Partner2Connect Digital Coalition")
    assert f.result == v.DRAFT_CANNOT_CHECK
    assert f.reason.startswith("Cannot be checked: ")


def test_the_date_decides_which_releases_count(checker):
    sentence = "Recalls that in 2022, 66 per cent of the world's population were using the Internet"
    assert one(checker, sentence, date(2023, 6, 1)).result == v.DRAFT_UP_TO_DATE  # only the 2022 release
    later = one(
        checker,
        "Notes that in 2024, 67.6 per cent of the world's population used the Internet",
        date(2023, 6, 1),
    )
    assert later.result == v.DRAFT_CANNOT_CHECK and "2024" in later.reason


def test_now_is_read_as_the_latest_year_held(checker):
    f = one(checker, "Notes that 67.6 per cent of the world's population now use the Internet")
    assert f.year_rule == v.YEAR_NOW and f.year == "2026"
    assert (f.result, f.year_used) == (v.DRAFT_UP_TO_DATE, 2024)
    assert '"now" read as 2024' in f.reason


def test_figures_of_one_quote_are_rewritten_together(checker):
    found = checker.check(
        text(
            "Notes that in 2023, 5.3 billion people or 65.4 per cent of the world's population were using "
            "the Internet"
        ),
        TODAY,
    ).figures
    count = next(f for f in found if f.unit == "persons")
    assert count.result == v.DRAFT_OUTDATED  # 5,281.8 million rounds to 5.3 billion
    # the users count of the 2024 release is ITU's own row: 5,508.8 million -> "5.5 billion"
    assert count.suggestion.startswith("5.5 billion people or 67.6 per cent of the world's population")
    assert count.suggestion.endswith("in 2024 (ITU, Facts and Figures 2024)")
    assert count.derivation is None


def test_frame_has_the_columns_and_the_exit_rule(checker):
    result = checker.check(
        text(
            "Notes that in 2024, 67.6 per cent of the world's population were using the Internet",
            "Welcomes the more than 600 pledges made in the Partner2Connect Digital Coalition",
        ),
        TODAY,
    )
    assert result.all_current  # "cannot be checked" does not count against a draft
    assert list(result.frame().columns)[:4] == ["paragraph", "quote", "start", "end"]
    assert not checker.check(
        text("Notes that in 2023, 65.4 per cent of the world's population were using the Internet"), TODAY
    ).all_current


@pytest.mark.parametrize(
    ("value", "decimals", "qualifier", "expected"),
    [
        (67.6, 0, None, 68.0),
        (67.6, 1, None, 67.6),
        (67.6, 0, "more_than", 67.0),  # "more than 67" stays true, "more than 68" would not
        (67.0, 0, "more_than", 66.0),  # "more than 67" is false of 67.0
        (67.0, 0, "at_least", 67.0),
        (67.6, 0, "almost", 68.0),
        (67.6, 0, "less_than", 68.0),
        (5.5088, 1, None, 5.5),
    ],
)
def test_rounded_keeps_the_qualifier_true(value, decimals, qualifier, expected):
    assert rounded(value, decimals, qualifier) == pytest.approx(expected)


def test_written_reads_decimals_scale_and_separators():
    w = written("5.3 billion people or 66 per cent", 5.3e9)
    assert (w.start, w.end, w.decimals, w.scale) == (0, 3, 1, 1e9)
    w = written("about 1,250,000 subscriptions", 1_250_000)
    assert w.commas and w.decimals == 0
    assert written("half of the world", 50.0) is None
