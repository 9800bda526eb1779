"""The extractor on the real texts: ecosoc-2023-3 checked claim by claim, and all five against the
hand-labelled fixtures in tests/fixtures/claims (recall, precision, every attribute and the year rule)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.claims.extract import extract_claims, extract_file

from .conftest import FIXTURES, norm, one

LABELLED = ["ecosoc-2018-28", "ecosoc-2023-3", "unga-72-200", "unga-74-197", "unga-75-202"]


@pytest.fixture(scope="module")
def ecosoc(read_text) -> tuple[str, pd.DataFrame]:
    text = read_text("ecosoc-2023-3")
    return text, extract_claims(text, "ecosoc-2023-3")


@pytest.mark.parametrize(
    ("quote", "paragraph", "value", "unit", "indicator", "year", "scope", "kind", "qualifier", "year_rule"),
    [
        (
            "95 per cent of the world's population were living within range of a mobile broadband network",
            "26",
            95,
            "percent",
            "mobile_broadband_coverage_share",
            "2022",
            "world",
            "observation",
            None,
            "stated",
        ),
        (
            "5.3 billion people",
            "26",
            5.3e9,
            "persons",
            "internet_users_count",
            "2022",
            "world",
            "observation",
            None,
            "stated",
        ),
        (
            "66 per cent of the world's population were using the Internet",
            "26",
            66,
            "percent",
            "internet_use_share",
            "2022",
            "world",
            "observation",
            None,
            "stated",
        ),
        # "now" in a text adopted on 7 June 2023: the newest data year then, 2022 (issue 11)
        (
            "63 per cent of women",
            "59",
            63,
            "percent",
            "internet_use_share",
            "2022",
            "women",
            "observation",
            None,
            "now",
        ),
        (
            "69 per cent of men",
            "59",
            69,
            "percent",
            "internet_use_share",
            "2022",
            "men",
            "observation",
            None,
            "now",
        ),
        (
            "by 20 million between 2021 and 2022",
            "59",
            20e6,
            "persons",
            "gender_gap",
            "2021-2022",
            "world",
            "change",
            None,
            "stated",
        ),
        # the launch of the Broadband Commission's 2025 targets (January 2018, data/events.csv)
        (
            "3.8 billion of the world’s people who are not connected",
            "42",
            3.8e9,
            "persons",
            "offline_population_count",
            "2018",
            "world",
            "observation",
            None,
            "event",
        ),
        (
            "more than 600 pledges",
            "64",
            600,
            "count",
            "pledges_count",
            None,
            "Partner2Connect",
            "observation",
            "more_than",
            "none",
        ),
        (
            "more than 40 other United Nations entities",
            "47",
            40,
            "count",
            "entities_count",
            None,
            "UN_system",
            "observation",
            "more_than",
            "none",
        ),
    ],
)
def test_ecosoc_2023_claims(
    ecosoc, quote, paragraph, value, unit, indicator, year, scope, kind, qualifier, year_rule
):
    text, df = ecosoc
    row = one(df, quote)
    assert row["paragraph"] == paragraph
    assert math.isclose(row["value"], value)
    assert (row["unit"], row["indicator"], row["scope"], row["kind"]) == (unit, indicator, scope, kind)
    assert (None if pd.isna(row["year"]) else row["year"]) == year
    assert row["year_rule"] == year_rule
    assert (None if pd.isna(row["qualifier"]) else row["qualifier"]) == qualifier
    assert text[row["start"] : row["end"]] == row["quote"]


def test_ecosoc_2023_paragraph_42_is_dated_by_its_event(ecosoc):
    _, df = ecosoc
    row = one(df, "3.8 billion")
    assert (row["year"], row["year_rule"], row["year_event"]) == ("2018", "event", "bbc_2025_targets")
    assert df.loc[df["year_rule"] != "event", "year_event"].isna().all()


def test_ecosoc_2023_quote_runs_on_to_the_predicate(ecosoc):
    _, df = ecosoc
    row = one(df, "5.3 billion people")
    expected = "5.3 billion people or 66 per cent of the world's population were using the Internet"
    assert norm(row["quote"]) == expected


def test_ecosoc_2023_no_claims_from_dates_symbols_numbers_or_names(ecosoc):
    text, df = ecosoc
    values = set(df["value"])
    # dates and years, resolution numbers, paragraph/article/footnote numbers, names with numbers
    for not_a_claim in (
        2023,
        2022,
        2021,
        2015,
        2030,
        70,
        125,
        77,
        150,
        16,
        17,
        19,
        34,
        37,
        55,
        65,
        72,
        9,
        20,
        2025,
        31,
        1,
        2,
        3,
    ):
        assert float(not_a_claim) not in values, not_a_claim
    quotes = " | ".join(df["quote"])
    for name in (
        "2030 Agenda",
        "Connect 2030",
        "WSIS+20",
        "State of Broadband 2022",
        "other half",
        "next billion",
        "17 Sustainable",
        "two distinct",
        "10-year",
        "past 20 years",
        "twenty",
    ):
        assert name not in quotes
    # footnote lines hold no claims
    assert not any(text[s:e].startswith(("¹", "²", "⁷")) for s, e in zip(df["start"], df["end"], strict=True))


def test_every_quote_is_the_text_at_its_offsets(read_text):
    for document in LABELLED:
        text = read_text(document)
        df = extract_claims(text, document)
        assert len(df) > 0
        for row in df.itertuples():
            assert text[row.start : row.end] == row.quote


def _matches(labels: pd.DataFrame, found: pd.DataFrame) -> list[tuple[pd.Series, pd.Series | None]]:
    out = []
    for _, gold in labels.iterrows():
        cands = found[
            (found["paragraph"] == gold["paragraph"])
            & found["quote"].map(lambda q, g=gold: norm(g["quote"]) in norm(q))
            & found["value"].map(lambda v, g=gold: math.isclose(v, g["value"], rel_tol=1e-9))
        ]
        out.append((gold, cands.iloc[0] if len(cands) else None))
    return out


@pytest.mark.parametrize("document", LABELLED)
def test_labelled_recall_and_attributes(texts_dir, document):
    labels = pd.read_csv(FIXTURES / f"{document}.csv", dtype={"paragraph": str, "year": str})
    found = extract_file(texts_dir / f"{document}.txt")
    problems = []
    for gold, row in _matches(labels, found):
        if row is None:
            problems.append(f"missed: {gold['paragraph']} {gold['quote']!r}")
            continue
        for col in ("unit", "indicator", "scope", "kind", "year_rule"):
            if row[col] != gold[col]:
                problems.append(f"{gold['quote']!r}: {col} {row[col]!r} != {gold[col]!r}")
        got_year = None if pd.isna(row["year"]) else row["year"]
        want_year = None if pd.isna(gold["year"]) else gold["year"]
        if got_year != want_year:
            problems.append(f"{gold['quote']!r}: year {got_year!r} != {want_year!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("document", LABELLED)
def test_labelled_precision(texts_dir, document):
    labels = pd.read_csv(FIXTURES / f"{document}.csv", dtype={"paragraph": str, "year": str})
    found = extract_file(texts_dir / f"{document}.txt")
    matched = {row.name for _, row in _matches(labels, found) if row is not None}
    extra = found.loc[~found.index.isin(matched), ["paragraph", "quote", "value"]]
    assert extra.empty, f"claims not in the labels:\n{extra.to_string()}"
    assert len(found) == len(labels)
