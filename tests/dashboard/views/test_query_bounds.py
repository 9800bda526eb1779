"""Work per query value is bounded: the parsers cost the same on 1 KB, 10 KB and 100 KB of input.

Operations are counted, never timed: every Python and C function call made while parsing (a profiler
hook), which grows with every item a parser looks at. A parser that reads the whole input grows ~10x per
10x input; one that cuts it first stays flat once the input is beyond the cut.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from dashboard.views import query
from dashboard.views.pages import explorer, gender


def operations(fn: Callable[[], object]) -> int:
    """Function calls (Python and C) made by `fn()`."""
    count = 0

    def hook(_frame, event, _arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(hook)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def entity_list(kb: int) -> str:
    """A comma-separated list of distinct well-formed ids, `kb` kilobytes long (the de-duplication case)."""
    items, size, i = [], 0, 0
    while size < kb * 1024:
        item = f"E{i:06d}"
        items.append(item)
        size += len(item) + 1
        i += 1
    return ",".join(items)


SIZES = (1, 10, 100)
# calls a parser may make on any input, with room for the fixture's data look-ups
BOUND = {"as_list": 2_000, "explorer": 60_000, "gender": 60_000}


@pytest.mark.parametrize(
    "name, parse",
    [
        ("as_list", lambda v: query.as_list(v)),
        ("explorer", lambda v: explorer.parse_query(entities=v, indicator="internet_use_share")),
        ("gender", lambda v: gender.parse_query(entities=v, release=v, year=v, indicator=v)),
    ],
)
def test_parsers_do_bounded_work_whatever_the_input_size(name, parse):
    parse(entity_list(1))  # memoised look-ups of the published data are made once, before counting
    inputs = {kb: entity_list(kb) for kb in SIZES}
    ops = {kb: operations(lambda kb=kb: parse(inputs[kb])) for kb in SIZES}
    assert ops[100] <= 2 * ops[10] <= 4 * ops[1], f"{name}: calls grow with the input: {ops}"
    assert max(ops.values()) <= BOUND[name], f"{name}: {ops} calls, bound {BOUND[name]}"


def test_repeated_keys_are_bounded_too():
    many = [entity_list(1)] * 1000  # a key repeated 1000 times
    ops = operations(lambda: query.as_list(many, limit=10_000))
    assert ops <= BOUND["as_list"] * 4
    assert len(query.as_list(many, limit=10_000)) <= query.MAX_VALUES * query.MAX_VALUE_CHARS // 8


def test_as_list_keeps_order_drops_repeats_and_stops_at_the_limit():
    assert query.as_list("b,a,b,c,a") == ["b", "a", "c"]
    assert query.as_list(["x,y", "y", "z"]) == ["x", "y", "z"]
    assert query.as_list(entity_list(10), limit=3) == ["E000000", "E000001", "E000002"]
    assert query.as_list("ok,bad value,<x>,ok2\n") == ["ok", "ok2"]
    assert query.as_list({"not": "a value"}) == []


def test_first_and_as_int_cut_before_reading():
    huge = "9" * 1_000_000
    assert len(query.first(huge)) == query.MAX_VALUE_CHARS
    assert query.as_int(huge, default=7) == 7
    assert query.as_int(" 2022 ") == 2022
    assert query.first([{"a": 1}]) is None


def test_messages_never_echo_a_value_in_full():
    big = "A" * 200_000
    ids = entity_list(100)
    for state in (
        gender.parse_query(indicator=big),
        gender.parse_query(release=big),
        gender.parse_query(year=big),
        gender.parse_query(entities=ids),
        explorer.parse_query(indicator=big, release=big, tab=big, entities=ids),
    ):
        assert state["messages"], "the bad value is reported"
        assert all(len(m) < 600 for m in state["messages"]), [len(m) for m in state["messages"]]
