"""Unit tests of the pure figure/table functions of the Gender, Claims and Country pages."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import figures_pages as fp
from etl.core import vocabulary


def obs_rows(rows: list[dict]) -> pd.DataFrame:
    """Observation-shaped rows with defaults for the columns a test does not care about."""
    base = {"indicator_id": "internet_use_share", "unit": "percent", "sex": "total", "area": "total",
            "age_group": "total", "release": "r1", "source_id": "s1", "series_code": "X"}
    return pd.DataFrame([{**base, **r} for r in rows])


# --- gender ---------------------------------------------------------------------------------------------
def test_parity_score_is_women_over_men_with_gap_in_points():
    # the worked example of reference/progress-methods.md: 63 % of women vs 69 % of men -> 0.913
    df = obs_rows([
        {"entity_id": "world", "year": 2022, "sex": "female", "value": 63.0},
        {"entity_id": "world", "year": 2022, "sex": "male", "value": 69.0},
        {"entity_id": "world", "year": 2022, "sex": "total", "value": 66.0},
    ])
    out = fp.parity_frame(df)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["parity_score"] == pytest.approx(0.913)
    assert row["gap"] == pytest.approx(6.0)
    assert (row["female"], row["male"]) == (63.0, 69.0)


def test_parity_frame_skips_unpaired_rows_and_zero_men():
    df = obs_rows([
        {"entity_id": "A", "year": 2020, "sex": "female", "value": 10.0},  # no male value
        {"entity_id": "B", "year": 2020, "sex": "female", "value": 0.0},
        {"entity_id": "B", "year": 2020, "sex": "male", "value": 0.0},
        {"entity_id": "C", "year": 2020, "sex": "female", "value": 40.0, "release": "r1"},
        {"entity_id": "C", "year": 2020, "sex": "male", "value": 50.0, "release": "r2"},  # other release
    ])
    out = fp.parity_frame(df)
    assert list(out["entity_id"]) == ["B"]
    assert math.isnan(out["parity_score"].iloc[0])


def test_parity_frame_without_sex_rows_is_empty_with_columns():
    out = fp.parity_frame(obs_rows([{"entity_id": "A", "year": 2020, "value": 1.0}]))
    assert out.empty and "parity_score" in out.columns


@pytest.mark.parametrize(("score", "words"), [
    (0.98, "parity"), (1.02, "parity"), (1.0, "parity"), (0.979, "men ahead"), (1.021, "women ahead"),
    (float("nan"), "no score"),
])
def test_parity_status_band_edges(score, words):
    assert fp.parity_status(score) == words


def _parity_example() -> pd.DataFrame:
    return fp.parity_frame(obs_rows([
        {"entity_id": e, "year": y, "sex": s, "value": v}
        for e, y, s, v in [
            ("world", 2020, "female", 55.0), ("world", 2020, "male", 62.0),
            ("world", 2022, "female", 63.0), ("world", 2022, "male", 69.0),
            ("ldc", 2022, "female", 30.0), ("ldc", 2022, "male", 43.0),
        ]
    ]))


def test_parity_figure_draws_band_and_one_line_per_entity():
    fig = fp.parity_figure(_parity_example(), {"world": "World", "ldc": "LDCs"})
    assert [t.name for t in fig.data] == ["LDCs", "World"]
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 1 and (rects[0].y0, rects[0].y1) == (0.98, 1.02)
    lo, hi = fig.layout.yaxis.range
    assert lo < 30 / 43 and hi > 1.02  # lowest score and the whole band visible


def test_parity_summary_names_latest_score_and_status():
    text = fp.parity_summary(_parity_example(), {"world": "World"})
    assert "World: 0.913 in 2022 (men ahead)" in text
    assert "ldc: 0.698 in 2022" in text  # no name -> the id


def test_sex_bars_put_women_and_men_side_by_side():
    rows = fp.latest_per_entity(_parity_example())
    fig = fp.sex_bars_figure(rows, {"world": "World", "ldc": "LDCs"}, unit="percent")
    women, men = fig.data
    assert (women.name, men.name) == ("Women", "Men")
    assert list(women.x) == [30.0, 63.0] and list(men.x) == [43.0, 69.0]
    assert list(women.y) == ["LDCs (2022)", "World (2022)"]
    assert fig.layout.barmode == "group" and fig.layout.xaxis.title.text == "%"


def test_latest_per_entity_takes_asked_year_else_latest():
    par = _parity_example()
    assert list(fp.latest_per_entity(par, 2020)["entity_id"]) == ["world"]
    assert sorted(fp.latest_per_entity(par)["year"]) == [2022, 2022]


def test_sex_bars_summary_lists_widest_gap_first():
    text = fp.sex_bars_summary(fp.latest_per_entity(_parity_example()), {"ldc": "LDCs", "world": "World"},
                               unit="percent")
    assert text.index("LDCs 2022: women 30.0 %, men 43.0 %") < text.index("World 2022: women 63.0 %")


def test_empty_inputs_give_explaining_figures():
    empty = fp.parity_frame(obs_rows([]).iloc[0:0])
    for fig in (fp.parity_figure(empty, {}), fp.sex_bars_figure(empty, {}, unit="percent")):
        assert fig.layout.annotations[0].text.startswith("No data")


# --- releases -------------------------------------------------------------------------------------------
def test_pick_release_keeps_one_release_per_entity_reaching_latest_year():
    df = obs_rows([
        {"entity_id": "world", "year": 2022, "value": 66.3, "release": "unsd-2023-04"},
        {"entity_id": "world", "year": 2023, "value": 65.4, "release": "itu-2024-11"},
        {"entity_id": "world", "year": 2022, "value": 63.7, "release": "itu-2024-11"},
        {"entity_id": "KEN", "year": 2021, "value": 28.76, "release": "unsd-2023-04"},
    ])
    out = fp.pick_release(df)
    assert set(out.loc[out["entity_id"] == "world", "release"]) == {"itu-2024-11"}
    assert set(out.loc[out["entity_id"] == "KEN", "release"]) == {"unsd-2023-04"}
    asked = fp.pick_release(df, "unsd-2023-04")
    assert set(asked["release"]) == {"unsd-2023-04"} and len(asked) == 2


# --- country --------------------------------------------------------------------------------------------
ENTITIES = pd.DataFrame({
    "entity_id": ["KEN", "world", "itu_africa", "wb_lower_middle_income"],
    "name": ["Kenya", "World", "Africa", "Lower-middle income"],
    "entity_type": ["country", "world", "itu_region", "income_group"],
    "iso3_code": ["KEN", None, None, None],
    "m49_code": [404, 1, None, None],
    "itu_region_id": ["itu_africa", None, None, None],
})
NAMES = dict(zip(ENTITIES["entity_id"], ENTITIES["name"], strict=True))


def test_country_peers_use_region_latest_income_group_and_world():
    membership = pd.DataFrame({
        "group_id": ["wb_low_income", "wb_lower_middle_income", "ldc"],
        "entity_id": ["KEN", "KEN", "KEN"], "year": [2013, 2014, None], "source_id": ["wb"] * 3,
    })
    peers = fp.country_peers("KEN", ENTITIES, membership)
    assert peers == {"country": "KEN", "region": "itu_africa", "income": "wb_lower_middle_income",
                     "world": "world"}


def test_country_peers_without_groups_is_country_and_world():
    empty = pd.DataFrame(columns=["group_id", "entity_id", "year", "source_id"])
    ents = ENTITIES.assign(itu_region_id=None)
    assert fp.country_peers("KEN", ents, empty) == {"country": "KEN", "world": "world"}


TARGETS = pd.DataFrame({
    "target_id": ["T-world", "T-ldc", "T-parity", "T-hh"],
    "wording": ["w1", "w2", "w3", "w4"],
    "indicator_id": ["internet_use_share", "internet_use_share", "internet_use_share", "households_x"],
    "scope": ["world", "ldc", "world", "world"],
    "sex": ["total"] * 4,
    "comparator": [">=", ">=", "parity", ">="],
    "threshold_value": [75.0, 35.0, 1.0, 65.0],
    "deadline_year": [2025, 2025, 2020, 2023],
    "verification_status": ["verified", "verified", "verified", "unverified"],
})


def test_applicable_targets_match_indicator_scope_and_need_a_number():
    sel = fp.applicable_targets(TARGETS, "internet_use_share", ["KEN", "world"])
    assert list(sel["target_id"]) == ["T-world"]


def test_country_figure_lines_in_role_order_and_unverified_target_marked():
    df = obs_rows([
        {"entity_id": "world", "year": 2021, "value": 62.6},
        {"entity_id": "KEN", "year": 2021, "value": 28.76},
        {"entity_id": "itu_africa", "year": 2021, "value": 33.0},
    ])
    peers = {"country": "KEN", "region": "itu_africa", "world": "world"}
    targets = TARGETS[TARGETS["target_id"].isin(["T-world", "T-hh"])]
    fig = fp.country_figure(df, peers, NAMES, targets, unit="percent")
    names = [t.name for t in fig.data]
    assert names == ["Kenya", "Africa", "World", "Target T-world", "Target T-hh (unverified)"]
    assert fig.data[3].marker.symbol == "diamond" and fig.data[4].marker.symbol == "diamond-open"
    assert (fig.data[3].x, fig.data[3].y) == ((2025,), (75.0,))
    assert fig.data[0].line.width > fig.data[2].line.width  # the country stands out
    assert fig.layout.yaxis.title.text == "%"


def test_country_summary_and_key_figures_table():
    df = obs_rows([
        {"entity_id": "KEN", "year": 2019, "value": 22.6688},
        {"entity_id": "KEN", "year": 2024, "value": 34.9762},
        {"entity_id": "world", "year": 2022, "value": 66.3},
        {"entity_id": "world", "year": 2022, "value": 50.0, "indicator_id": "other"},
    ])
    peers = {"country": "KEN", "world": "world"}
    one = df[df["indicator_id"] == "internet_use_share"]
    assert fp.country_summary(one, peers, NAMES, unit="percent") == (
        "Latest values: Kenya 35.0 % in 2024; World 66.3 % in 2022."
    )
    inds = pd.DataFrame({"indicator_id": ["internet_use_share", "other"], "name": ["Internet use", "Other"],
                         "unit": ["percent", "percent"]})
    table = fp.key_figures_table(df, peers, inds, NAMES)
    assert table.to_dict("records") == [
        {"Indicator": "Internet use", "Unit": "%", "Kenya": "35.0 (2024)", "World": "66.3 (2022)"},
    ]


def test_country_figure_without_data_explains():
    fig = fp.country_figure(obs_rows([]).iloc[0:0], {"country": "KEN"}, NAMES, TARGETS.iloc[0:0],
                            unit="percent")
    assert "No data" in fig.layout.annotations[0].text


# --- claims ---------------------------------------------------------------------------------------------
TEXT = "In 2022, 95 per cent of people were covered; 95 per cent is high."


def test_highlight_uses_offsets_when_they_point_at_the_quote():
    start = TEXT.rindex("95 per cent")
    segs = fp.highlight_segments(TEXT, "95 per cent", start, start + len("95 per cent"))
    assert segs == [(TEXT[:start], False), ("95 per cent", True), (TEXT[start + 11:], False)]


def test_highlight_falls_back_to_search_when_offsets_are_wrong():
    segs = fp.highlight_segments(TEXT, "95 per cent of people", 0, 5)
    assert [s for s, marked in segs if marked] == ["95 per cent of people"]


def test_highlight_leaves_text_unmarked_when_quote_absent():
    assert fp.highlight_segments(TEXT, "66 per cent", 3, 14) == [(TEXT, False)]
    assert fp.highlight_segments("", "x") == []


@given(st.text(min_size=1, max_size=60), st.data())
def test_highlight_pieces_rebuild_the_text_and_mark_the_quote(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    segs = fp.highlight_segments(text, quote, start, end)
    assert "".join(s for s, _ in segs) == text
    assert [s for s, marked in segs if marked] == [quote]


def test_country_targets_keep_latest_release_rows_of_country_and_peers_in_role_order():
    progress = pd.DataFrame({
        "target_id": ["T1", "T1", "T2", "T3", "T1"],
        "framework": ["F"] * 5,
        "entity_id": ["world", "KEN", "KEN", "ldc", "KEN"],
        "indicator_id": ["internet_use_share"] * 5,
        "unit": ["percent"] * 5,
        "latest_value": [66.3, 35.0, 35.0, 30.0, 28.8],
        "latest_year": [2022, 2024, 2024, 2022, 2021],
        "target_value": [75.0, 75.0, 100.0, 35.0, 75.0],
        "deadline_year": [2025, 2025, 2030, 2025, 2025],
        "status": ["moderate progress"] * 5,
        "verification_status": ["verified"] * 5,
        "release": ["r2", "r2", "r2", "r2", "r1"],
        "is_latest_release": [True, True, True, True, False],
    })
    out = fp.country_targets(progress, {"country": "KEN", "world": "world"}, NAMES)
    assert list(zip(out["target_id"], out["entity_id"], strict=True)) == [
        ("T1", "KEN"), ("T2", "KEN"), ("T1", "world")]
    assert list(out["entity"]) == ["Kenya", "Kenya", "World"]
    assert fp.country_targets(progress.iloc[0:0], {"country": "KEN"}, NAMES).empty


def test_claim_context_marks_the_quote_in_its_paragraph_from_document_offsets():
    doc = "Title\n\n26. Notes that 66 per cent use it;\n"
    p0 = doc.index("26.")
    para = {"start": p0, "text": doc[p0:doc.index(";") + 1]}
    s = doc.index("66")
    assert fp.claim_context(para, "66 per cent", s, s + 11) == [
        ("26. Notes that ", False), ("66 per cent", True), (" use it;", False)]
    assert fp.claim_context(None, "66 per cent", s, s + 11) == [("66 per cent", True)]


@pytest.mark.parametrize(("indicator", "scope", "query"), [
    ("internet_use_share", "world", {"indicator": "internet_use_share", "entities": "world"}),
    ("internet_use_share", "women",
     {"indicator": "internet_use_share", "entities": "world", "sex": "female"}),
    ("internet_use_share", "LDCs_men", {"indicator": "internet_use_share", "entities": "ldc", "sex": "male"}),
    ("internet_use_share", "Arab_States_women",
     {"indicator": "internet_use_share", "entities": "itu_arab_states", "sex": "female"}),
    ("internet_use_share", "Africa;Europe", {"indicator": "internet_use_share", "entities": "itu_africa"}),
    ("pledges_count", "Partner2Connect", None),
])
def test_claim_series_query(indicator, scope, query):
    assert fp.claim_series_query(indicator, scope, ["internet_use_share"]) == query


def test_verdict_counts_most_frequent_first_and_unchecked_named():
    counts = fp.verdict_counts(pd.Series(["revised since", None, "revised since", "not supported"]))
    assert counts["revised since"] == 2 and counts["not checked"] == 1 and counts["not supported"] == 1
    assert next(iter(counts)) == "revised since"


def test_verdict_figure_bars_per_release_with_claim_line_and_interval():

    checks = pd.DataFrame({
        "release": ["itu-2024-11", "unsd-2023-04", None], "release_date": ["2024-11-01", "2023-04-01", None],
        "is_of_its_time": [False, True, False], "data_value": [63.7, 66.3, None],
        "year_used": [2022, 2022, None],
        "release_verdict": [vocabulary.DIFFERS, vocabulary.MATCHES, None],
        "interval_low": [65.5, 65.5, None], "interval_high": [66.5, 66.5, None],
    })
    fig = fp.verdict_figure(checks, unit="percent", claim_value=66.0)
    assert list(fig.data[0].x) == ["unsd-2023-04 (of its time)", "itu-2024-11"]  # by release date
    assert list(fig.data[0].y) == [66.3, 63.7]
    assert fig.data[0].marker.color == ("#009E73", "#E69F00")
    shapes = {s.type: s for s in fig.layout.shapes}
    assert (shapes["rect"].y0, shapes["rect"].y1) == (65.5, 66.5) and shapes["line"].y0 == 66.0
    empty = fp.verdict_figure(checks.iloc[2:], unit="percent")
    assert "No release of the data" in empty.layout.annotations[0].text


def test_parity_lines_beyond_the_palette_differ_by_dash():
    rows = [{"entity_id": f"e{i:02d}", "year": 2020, "sex": s, "value": v}
            for i in range(10) for s, v in (("female", 40.0 + i), ("male", 50.0))]
    fig = fp.parity_figure(fp.parity_frame(obs_rows(rows)), {})
    styles = {(t.line.color, t.line.dash) for t in fig.data}
    assert len(styles) == 10  # no two lines look the same


def test_key_figures_write_large_counts_in_words_and_the_unit_once():
    df = obs_rows([{"entity_id": "KEN", "year": 2024, "value": 44_812_345.0, "indicator_id": "subs"}])
    inds = pd.DataFrame({"indicator_id": ["subs"], "name": ["Subscriptions"], "unit": ["count"]})
    table = fp.key_figures_table(df, {"country": "KEN"}, inds, NAMES)
    assert table.to_dict("records") == [
        {"Indicator": "Subscriptions", "Unit": "number", "Kenya": "44.8 million (2024)"}
    ]
