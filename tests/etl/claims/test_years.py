"""The claim's year and its rule (issue 11): stated, edition, now, event, else none; each from the wording
and the text's date alone. The sentences are invented for the tests (their figures are not data)."""

from __future__ import annotations

import csv
import re
from datetime import date

import pandas as pd
import pandera.errors
import pytest

from etl.claims import years
from etl.claims.extract import extract_claims, to_frame
from etl.core import schemas
from etl.core.errors import SourceError
from etl.core.releases import newest_data_year
from etl.core.vocabulary import YEAR_RULES, YEARS_GIVEN

from .conftest import one
from .test_constructions import check


def resolution(*paragraphs: str, adopted: str | None = "21 December 2099") -> str:
    cover = f"A/RES/99/1\nResolution adopted by the General Assembly on {adopted}\n\n" if adopted else ""
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return f"{cover}99/1. A test resolution\n\nThe General Assembly,\n\nNoting the report,\n\n{body}\n"


def claims(*paragraphs: str, adopted: str | None = "21 December 2099", as_of: date | None = None):
    return extract_claims(resolution(*paragraphs, adopted=adopted), "res", as_of=as_of)


def page(title: str, *paragraphs: str, as_of: date | None = None) -> pd.DataFrame:
    return extract_claims(f"{title}\n\nA heading\n\n" + "\n\n".join(paragraphs) + "\n", "page", as_of=as_of)


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (date(2023, 6, 7), 2022),  # a June 2023 text: ITU's 2023 estimates are not out yet
        (date(2022, 12, 14), 2022),  # a December 2022 text: the 2022 estimates are out
        (date(2018, 7, 24), 2017),
        (date(2022, 11, 30), 2021),  # November itself counts as before that year's release
        (date(2022, 12, 1), 2022),
        (date(2023, 1, 1), 2022),
    ],
)
def test_newest_data_year(on, year):
    assert newest_data_year(on) == year


def test_now_is_the_newest_data_year_at_the_adoption_date():
    df = claims(
        "Notes that 68 per cent of the world's population is now online;",
        "Notes that 2.6 billion people currently remain offline;",
    )
    check(one(df, "68 per cent"), year="2099", year_rule="now")
    check(one(df, "2.6 billion"), year="2099", year_rule="now")
    june = claims("Notes that 68 per cent of the world's population is now online;", adopted="7 June 2099")
    check(one(june, "68 per cent"), year="2098", year_rule="now")


@pytest.mark.parametrize("word", ["now", "currently", "still", "at present", "today", "remain"])
def test_now_words(word):
    sentence = {
        "remain": "Notes that 2.6 billion people remain offline;",
        "today": "Notes that today 2.6 billion people are offline;",
        "at present": "Notes that at present 2.6 billion people are offline;",
    }.get(word, f"Notes that 2.6 billion people are {word} offline;")
    check(one(claims(sentence, adopted="24 July 2099"), "2.6 billion"), year="2098", year_rule="now")


def test_now_without_any_date_has_no_year_and_says_why():
    df = claims("Notes that 68 per cent of the world's population is now online;", adopted=None)
    check(one(df, "68 per cent"), year=None, year_rule="now_undated")


def test_as_of_dates_an_undated_text_but_never_overrides_its_adoption_date():
    sentence = "Notes that 68 per cent of the world's population is now online;"
    undated = claims(sentence, adopted=None, as_of=date(2099, 6, 1))
    check(one(undated, "68 per cent"), year="2098", year_rule="now")
    adopted = claims(sentence, adopted="21 December 2099", as_of=date(2150, 1, 1))
    check(one(adopted, "68 per cent"), year="2099", year_rule="now")


def test_a_now_word_of_another_subclause_or_clause_is_not_the_figures():
    df = claims(
        "Notes that 2.6 billion people are still offline, and that 27 per cent of people in "
        "low-income countries use the Internet;",
        "Recognizes that there is still uneven growth, and expresses concern that there are 90 "
        "mobile broadband subscriptions per 100 people in developed countries;",
    )
    check(one(df, "2.6 billion"), year_rule="now")
    check(one(df, "27 per cent"), year=None, year_rule="none")
    check(one(df, "90 mobile"), year=None, year_rule="none")


def test_stated_beats_now_and_a_period_stays_a_period():
    df = claims(
        "Notes that 2.6 billion people were still offline in 2097;",
        "Notes that the number of Internet users now grew by 100 million between 2096 and 2097;",
    )
    check(one(df, "2.6 billion"), year="2097", year_rule="stated")
    check(one(df, "100 million"), year="2096-2097", year_rule="stated")


def test_edition_of_a_report_page():
    df = page(
        "Facts and Figures 2098: Focus on gender",
        "Globally, 70 per cent of men use the Internet, compared with 65 per cent of women.",
        "In 2096, 60 per cent of women were online.",
        "Internet users grew by 17 per cent between 2096 and 2098.",
    )
    check(one(df, "70 per cent"), year="2098", year_rule="edition")
    check(one(df, "65 per cent"), year="2098", year_rule="edition")
    check(one(df, "60 per cent"), year="2096", year_rule="stated")
    check(one(df, "17 per cent"), year="2096-2098", year_rule="stated")


def test_edition_beats_now_and_a_page_without_edition_has_none():
    df = page(
        "Measuring digital development: Facts and Figures 2098 – Internet use",
        "Some 2.6 billion people are still offline.",
    )
    check(one(df, "2.6 billion"), year="2098", year_rule="edition")
    plain = page("Internet use around the world", "Some 2.6 billion people are offline.")
    check(one(plain, "2.6 billion"), year=None, year_rule="none")
    undated = page("Internet use around the world", "Some 2.6 billion people are still offline.")
    check(one(undated, "2.6 billion"), year=None, year_rule="now_undated")


def test_relative_years_and_since_on_an_edition_page():
    df = page(
        "Facts and Figures 2098",
        "Growth slowed to 3.9 per cent, down from 4.7 per cent a year earlier.",
        "In 2098, 5.6 billion people were online, up from 5.2 billion the previous year.",
        "5G reaches 51 per cent of the population, up 11 percentage points from 2096.",
    )
    check(one(df, "3.9 per cent"), year="2098", year_rule="edition")
    check(one(df, "4.7 per cent"), year="2097", year_rule="edition")
    check(one(df, "5.2 billion"), year="2097", year_rule="stated")
    check(one(df, "11 percentage points"), year="2096-2098", year_rule="edition")


def test_an_edition_a_resolution_cites_in_its_clause_or_its_footnote():
    df = claims("Notes that, according to Facts and Figures 2097, 67 per cent of people use the Internet;")
    check(one(df, "67 per cent"), year="2097", year_rule="edition")
    text = (
        "A/RES/99/2\nResolution adopted by the General Assembly on 21 December 2099\n\n"
        "99/2. A test resolution\n\nThe General Assembly,\n\n"
        "Expressing concern that a third of the world’s population is offline, and that one in four "
        "people in the least developed countries uses the Internet,¹\n"
        "¹ See International Telecommunication Union, Facts and Figures 2098 (Geneva, 2098).\n\n"
        "Noting that 90 per cent of people in Europe use the Internet,\n\n"
        "1. Notes the report;\n"
    )
    df = extract_claims(text, "fn")
    check(one(df, "a third"), year="2098", year_rule="edition")
    check(one(df, "one in four"), year="2098", year_rule="edition")
    check(one(df, "90 per cent"), year=None, year_rule="none")  # no marker: the note is not its source


@pytest.mark.parametrize(
    ("sentence", "quote", "year", "event"),
    [
        (
            "Recalls the launching by the Broadband Commission for Sustainable Development of the 2025 targets "
            "to help to bring online the 3.8 billion of the world’s people who are not connected;",
            "3.8 billion",
            "2018",
            "bbc_2025_targets",
        ),
        (
            "Recalls that at the time of the Geneva phase of the World Summit, fewer than one in ten people used "
            "the Internet;",
            "one in ten",
            "2003",
            "wsis_geneva",
        ),
        (
            "Recalls that when the Summit met in Tunis, some 1 billion people used the Internet;",
            "1 billion",
            "2005",
            "wsis_tunis",
        ),
    ],
)
def test_event_the_clause_ties_the_figure_to(sentence, quote, year, event):
    check(one(claims(sentence), quote), year=year, year_rule="event", year_event=event)


def test_since_an_event_or_the_outcomes_of_a_phase_give_no_year():
    df = claims(
        "Notes the outcomes of the Geneva phase of the Summit and that 48 per cent of people use "
        "the Internet;",
        "Welcomes the growth since the Tunis phase, which has meant that 45 per cent of people are online;",
    )
    check(one(df, "48 per cent"), year=None, year_rule="none", year_event=None)
    check(one(df, "45 per cent"), year=None, year_rule="none", year_event=None)


def test_targets_thresholds_and_process_counts_have_no_data_year():
    df = claims(
        "Notes that the Partner2Connect Digital Coalition now has more than 900 pledges;",
        "Calls for efforts to achieve the target of 75 per cent of people currently using broadband;",
        "Notes that the Forum still has a mandate for a further 10 years;",
    )
    for quote in ("900 pledges", "75 per cent", "10 years"):
        check(one(df, quote), year=None, year_rule="none")


def test_every_rule_has_a_meaning_and_the_claims_table_keeps_year_and_rule_together():
    assert set(YEARS_GIVEN) < set(YEAR_RULES) and all(m.strip() for m in YEAR_RULES.values())
    assert "year_rule" in schemas.Claim.to_schema().columns
    row = {
        "document": "d",
        "paragraph": "1",
        "quote": "5 per cent",
        "start": 0,
        "end": 10,
        "value": 5.0,
        "unit": "percent",
        "indicator": "x",
        "year": "2022",
        "year_rule": "stated",
        "scope": "world",
        "kind": "observation",
        "qualifier": None,
    }
    to_frame([row])
    to_frame([{**row, "year_rule": "event", "year_event": "wsis_tunis"}])
    for bad in (
        {"year_rule": "none"},
        {"year": None, "year_rule": "now"},
        {"year_rule": "guessed"},
        {"year_rule": "event"},
        {"year_event": "wsis_tunis"},
    ):
        with pytest.raises(pandera.errors.SchemaError):
            to_frame([{**row, **bad}])


def test_the_events_registry_is_sourced_and_well_formed():
    with open(years.EVENTS_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0]) == years.EVENT_COLUMNS
    events = years.load_events()
    assert len(events) == len(rows) and len({e.event_id for e in events}) == len(events)
    for row in rows:
        assert re.search(r"https?://|A/RES/|E/RES/", row["source"]), row["event_id"]
        assert not row["date"] or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row["date"]), row["event_id"]
    by_id = {e.event_id: e.year for e in events}
    assert (by_id["wsis_geneva"], by_id["wsis_tunis"], by_id["bbc_2025_targets"]) == (2003, 2005, 2018)


def test_a_malformed_events_registry_names_its_row(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        ",".join(years.EVENT_COLUMNS) + "\n"
        "e1,An event,2003,2003-12-10,\\bgood\\b,good,https://example.org\n"
        "e2,Another,20x5,,\\bbad\\b,bad,https://example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"row 3.*bad year or pattern"):
        years.load_events(path)
    path.write_text(
        ",".join(years.EVENT_COLUMNS) + "\ne1,An event,2003,2004-01-01,x,x,https://e.org\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="not in the event's year"):
        years.load_events(path)
