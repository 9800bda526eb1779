"""The build order comes from the steps' declarations: every published table has one maker, each step runs
after the steps whose tables it reads, and declarations that make no order fail before anything runs."""

from __future__ import annotations

import pytest

from etl import steps
from etl.core import schemas
from etl.steps import Step, StepError, order


def _step(name: str, inputs: tuple[str, ...], outputs: tuple[str, ...]) -> Step:
    return Step(f"etl.steps.{name}", inputs, outputs, lambda ctx: {})


def test_every_published_table_is_made_by_exactly_one_step():
    made = [t for s in steps.build_order() for t in s.outputs if t not in s.inputs]
    assert sorted(made) == sorted(schemas.TABLES)  # one maker per table, and no table without one


def test_each_real_step_runs_after_the_makers_and_extenders_of_what_it_reads():
    built = steps.build_order()
    position = {s.name: i for i, s in enumerate(built)}
    writers: dict[str, list[str]] = {}
    for s in built:
        for t in s.outputs:
            writers.setdefault(t, []).append(s.name)
    for s in built:
        for t in s.tables_read:
            for w in writers[t]:
                if w != s.name:
                    assert position[w] < position[s.name], f"{s.name} reads {t} before {w} wrote it"
    names = [s.name for s in built]
    assert names.index("etl.steps.aggregate_differences") < names.index("etl.steps.progress")
    assert names.index("etl.steps.aggregate_differences") < names.index("etl.steps.source_disagreements")


def test_a_step_that_extends_a_table_runs_between_its_maker_and_its_readers():
    maker = _step("make", ("sources/x.csv",), ("obs",))
    extender = _step("extend", ("obs",), ("obs", "diff"))
    reader = _step("read", ("obs",), ("report",))
    assert [s.label for s in order([reader, extender, maker])] == ["make", "extend", "read"]


def test_the_order_is_the_same_whatever_order_the_steps_are_found_in():
    a, b, c = _step("a", (), ("x",)), _step("b", (), ("y",)), _step("c", ("x", "y"), ("z",))
    assert [s.label for s in order([c, b, a])] == [s.label for s in order([a, b, c])] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("found", "message"),
    [
        ([_step("a", ("nothing",), ("x",))], "reads the table 'nothing', which no step writes"),
        ([_step("a", (), ("x",)), _step("b", (), ("x",))], "both write the table 'x'"),
        ([_step("a", ("y",), ("x",)), _step("b", ("x",), ("y",))], "in a circle"),
        (
            [_step("m", (), ("x",)), _step("a", ("x",), ("x",)), _step("b", ("x",), ("x",))],
            "both extend the table 'x'",
        ),
    ],
)
def test_declarations_that_make_no_order_fail_in_one_line(found, message):
    with pytest.raises(StepError, match=message):
        order(found)


def test_a_module_without_its_declarations_or_with_a_string_for_a_tuple_is_refused():
    import types

    module = types.ModuleType("etl.steps.incomplete")
    module.OUTPUTS = ("x",)
    with pytest.raises(StepError, match="declares no INPUTS, run"):
        steps.load(module)
    module.INPUTS, module.run = "observations", lambda ctx: {}  # a string, not a tuple: ("observations")
    with pytest.raises(StepError, match="INPUTS is a string"):
        steps.load(module)
