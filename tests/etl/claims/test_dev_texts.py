"""The extractor on development texts it was not written for: resolutions (ECOSOC WSIS and General
Assembly ICT4SD) and "Facts and Figures"-style pages, written for this test in the family's styles
(cover lines, PP and operative paragraphs, sub-paragraphs, footnotes, no-break spaces; titles, headings and
unnumbered paragraphs), with the figures invented. Every claim in them was labelled by hand (per
reference/claims.md) before the extractor was run on them: tests/fixtures/claims/dev/<document>.csv.

dev-ff-divide and dev-unga-87-190 were written and labelled after the extractor had been tuned on the other
five and scored before any change (recall 0.97, precision 1.00); they then joined the development set.
dev-ff-offline (a Facts and Figures page with its edition in the title), dev-ecosoc-2034-12 ("now",
"currently", "still", a footnote citing an edition, the Geneva phase and the 2025 targets as events) and
dev-unga-88-176 (growth between two years, non-user gaps, shares of the offline population) were written
and labelled by hand after the year rules of issue 11 were in place and before the extractor first ran on
them: recall 0.98, precision 0.98, full claims right 0.81 (43 of 53); the rules their misses asked for
(a subject right before a figure, growth named before levels, "and that" as a new statement, a period
after two levels, young women and men) then went in, and they joined the development set.
dev-unga-90-187 (a General Assembly resolution), dev-ff-press-2035 (an ITU press page) and dev-sg-wsis-2036
(a Secretary-General's report, dated only by its cover) were written and labelled by hand before the
extractor first ran on them: full claims right 0.77 (49 of 64) with the extractor of before, 0.78 (50 of 64)
once the own-clause concept and the deadline of a call were in; the rules their misses asked for (the
cover's issue date, "fewer than in 2034", a target's own basket and the paragraph's basket, a body within
its statement, "in many developing countries", a population that opens its statement, a bare share
contrasted with a group's, "every least developed country", people brought online, who is not reached by
mobile broadband) then went in. dev-ecosoc-2037-8 was written and labelled after those rules and before the
extractor first ran on it: 0.80 (16 of 20), then 0.95 ("have yet to go online", a call that opens a clause
break, basic digital skills; "pledges …, which now number more than 1,500" is still missed).
The thresholds are what the extractor reaches; a change that lowers them is a regression to look at."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from etl.claims.extract import extract_claims, extract_file

from .conftest import FIXTURES, norm, one
from .scoring import Score, read_labels, score

DEV = FIXTURES / "dev"
DOCUMENTS = sorted(p.stem for p in DEV.glob("*.txt"))


def _score(document: str) -> Score:
    return score(read_labels(DEV / f"{document}.csv"), extract_file(DEV / f"{document}.txt"))


@pytest.fixture(scope="module")
def total() -> Score:
    out = Score()
    for document in DOCUMENTS:
        out = out + _score(document)
    return out


def test_there_are_labelled_development_texts_of_each_style():
    assert len(DOCUMENTS) >= 10
    assert sum(d.startswith("dev-ff-") for d in DOCUMENTS) >= 3  # report pages
    assert sum(d.startswith(("dev-ecosoc-", "dev-unga-")) for d in DOCUMENTS) >= 2  # resolutions
    for document in DOCUMENTS:
        labels = read_labels(DEV / f"{document}.csv")
        assert (labels["document"] == document).all() and len(labels) >= 10


@pytest.mark.parametrize("document", DOCUMENTS)
def test_recall_precision_and_full_claims_per_text(document):
    s = _score(document)
    assert s.recall >= 0.95 and s.precision >= 0.95, "\n".join(s.problems)
    # issue 11's target for unseen texts: value, unit, indicator, year and scope all right for 85 %
    assert s.full_accuracy >= 0.85, "\n".join(s.problems)


def test_overall_recall_precision_and_attributes(total):
    assert total.recall >= 0.98, "\n".join(total.problems)
    assert total.precision >= 0.99, "\n".join(total.problems)
    assert total.agreement("unit") >= 0.99
    for attribute, floor in (
        ("indicator", 0.95),
        ("year", 0.97),
        ("scope", 0.97),
        ("kind", 0.97),
        ("year_rule", 0.97),
    ):
        assert total.agreement(attribute) >= floor, (attribute, "\n".join(total.problems))
    assert total.full_accuracy >= 0.98, "\n".join(total.problems)


def test_scorer_counts_misses_and_extras():
    """The scorer itself: a missing row lowers recall, an unlabelled row lowers precision."""
    labels = pd.DataFrame(
        [
            {
                "document": "d",
                "paragraph": "P1",
                "quote": "5 per cent",
                "value": 5.0,
                "unit": "percent",
                "indicator": "x",
                "year": None,
                "scope": "world",
                "kind": "observation",
            },
            {
                "document": "d",
                "paragraph": "P1",
                "quote": "6 per cent",
                "value": 6.0,
                "unit": "percent",
                "indicator": "x",
                "year": None,
                "scope": "world",
                "kind": "observation",
            },
        ]
    )
    found = pd.DataFrame(
        [
            {
                "document": "d",
                "paragraph": "P1",
                "quote": "5 per cent of people",
                "value": 5.0,
                "unit": "percent",
                "indicator": "y",
                "year": None,
                "scope": "world",
                "kind": "observation",
            },
            {
                "document": "d",
                "paragraph": "P1",
                "quote": "7 per cent",
                "value": 7.0,
                "unit": "percent",
                "indicator": "x",
                "year": None,
                "scope": "world",
                "kind": "observation",
            },
        ]
    )
    s = score(labels, found)
    assert (s.matched, s.recall, s.precision, s.agreement("indicator")) == (1, 0.5, 0.5, 0.0)
    assert s.full_accuracy == 0.0  # the one match has the wrong indicator, the other label is missed
    found.loc[0, "indicator"] = "x"
    s = score(labels, found)
    assert (s.full, s.full_accuracy, s.agreement("kind")) == (1, 0.5, 1.0)
    found.loc[0, "kind"] = "change"  # the kind is not part of the full claim
    assert score(labels, found).full_accuracy == 0.5
    found.loc[0, "year"] = "2099"  # a wrong year is
    assert score(labels, found).full_accuracy == 0.0


@pytest.fixture(scope="module")
def dev() -> dict[str, tuple[str, pd.DataFrame]]:
    out = {}
    for document in DOCUMENTS:
        text = (DEV / f"{document}.txt").read_text(encoding="utf-8")
        out[document] = text, extract_claims(text, document)
    return out


def test_quotes_are_exact_and_no_break_spaces_kept(dev):
    for text, df in dev.values():
        for row in df.itertuples():
            assert text[row.start : row.end] == row.quote
    _, df = dev["dev-ecosoc-2031-17"]
    assert df["quote"].str.contains("\u00a0").any()


@pytest.mark.parametrize(
    ("document", "quote", "expected_quote", "attrs"),
    [
        # item: the measured subject precedes a gender gap's figure, so the quote starts there
        (
            "dev-unga-86-214",
            "25 per cent lower",
            "the proportion of women using the Internet in the least developed countries is 25 per cent lower than "
            "that of men",
            {"indicator": "gender_gap", "scope": "LDCs", "unit": "percent"},
        ),
        (
            "dev-ecosoc-2031-17",
            "30 per cent less likely",
            "women in the least developed countries are 30 per cent less likely than men to own a mobile phone",
            {"indicator": "gender_gap", "scope": "LDCs"},
        ),
        # a youth gap in points: its indicator and scope, the quote runs on to what is compared
        (
            "dev-ff-internet-use",
            "14 percentage points",
            "14 percentage points more than the rest of the population",
            {"indicator": "youth_gap", "scope": "youth", "unit": "percentage_points"},
        ),
        (
            "dev-ff-internet-use",
            "1.9 times",
            "1.9 times more likely to be online than older people",
            {"indicator": "youth_gap", "scope": "LDCs_youth", "unit": "ratio"},
        ),
        # process counts belong to the body that holds them
        (
            "dev-ecosoc-2031-17",
            "10 years",
            "the mandate of the Internet Governance Forum for a further 10 years",
            {"indicator": "process_mandate_years", "scope": "IGF"},
        ),
        # a concept named between two figures is the later one's ("…, while 5G reaches 51 per cent")
        (
            "dev-ff-connectivity",
            "51 per cent",
            "5G reaches 51 per cent",
            {"indicator": "mobile_5g_coverage_share", "scope": "world"},
        ),
        (
            "dev-ff-connectivity",
            "6 000",
            "Fixed-broadband traffic reached an estimated 6 000 exabytes",
            {
                "value": 6000,
                "unit": "exabytes",
                "indicator": "fixed_broadband_traffic_exabytes",
                "year": "2031",
            },
        ),
        (
            "dev-ff-connectivity",
            "8.9 billion",
            "8.9 billion subscriptions",
            {"unit": "subscriptions", "indicator": "mobile_cellular_subscriptions_count"},
        ),
        (
            "dev-unga-86-214",
            "between 40",
            "between 40 and 45\u00a0per\u00a0cent of the population remain offline",
            {"scope": "LLDCs;SIDS", "indicator": "offline_population_share", "value": 40},
        ),
        (
            "dev-ecosoc-2031-17",
            "remaining third",
            "the remaining third of humanity",
            {"value": 33.33, "unit": "percent", "indicator": "offline_population_share"},
        ),
        (
            "dev-ff-gender",
            "rose by 20 million",
            "the number of women offline in Africa rose by 20 million between 2029 and 2031",
            {"scope": "Africa_women", "kind": "change", "year": "2029-2031"},
        ),
    ],
)
def test_tricky_rows(dev, document, quote, expected_quote, attrs):
    _, df = dev[document]
    if "value" in attrs:
        df = df[df["value"].map(lambda v: math.isclose(v, attrs["value"]))]
    row = one(df, quote)
    assert norm(row["quote"]) == norm(expected_quote)
    for key, want in attrs.items():
        got = row[key]
        assert math.isclose(got, want) if isinstance(want, int | float) else got == want, (key, got, want)


@pytest.mark.parametrize(
    ("document", "not_claims"),
    [
        (
            "dev-ecosoc-2031-17",
            [
                "2031",
                "2015",
                "70/125",
                "thirty-fourth",
                "14 to 18",
                "15 to 24",
                "WSIS+30",
                "twenty-sixth",
                "all 17",
                "20 years",
                "next billion",
                "Connect 2030",
                "age of 25",
                "0.98",
                "45th",
            ],
        ),
        (
            "dev-unga-86-214",
            [
                "78/132",
                "all 17",
                "Next 3 Billion",
                "Facts and Figures 2031",
                "Connect 2030",
                "COVID-19",
                "WSIS+20",
                "Industry 4.0",
                "majority",
                "eighty-seventh",
                "52nd",
            ],
        ),
        ("dev-ff-internet-use", ["Figures 2031", "15-24", "2030 deadline", "next billion"]),
        ("dev-ff-gender", ["Figures 2031", "aged 10"]),
    ],
)
def test_numbers_in_names_dates_and_ages_are_not_claims(dev, document, not_claims):
    text, df = dev[document]
    spans = list(zip(df["start"], df["end"], strict=True))
    for words in not_claims:
        at = text.replace("\u00a0", " ").find(words)
        assert at >= 0, words
        assert not any(
            s <= at < e and words in norm(text[s:e]) and _figure_is(words, text, s, e) for s, e in spans
        ), words


def _figure_is(words: str, text: str, s: int, e: int) -> bool:
    """Does the claim quoted at s:e have `words` as its own figure (not just words around it)?"""
    return norm(text[s:e]).startswith(words) or norm(text[s:e]).endswith(words)


def test_development_fixtures_do_not_leak_into_the_sources(texts_dir: Path):
    assert not set(DOCUMENTS) & {p.stem for p in texts_dir.glob("*.txt")}
