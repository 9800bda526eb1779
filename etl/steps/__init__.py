"""The build's steps: one module per published table (or per group of tables one pass makes together).

Each module of this package declares what it reads and what it writes, and one function:

* ``INPUTS``: the tables it reads from earlier steps (``"observations"``), and the files it reads, written
  as paths with a slash (``"sources/texts/*.txt"``, ``"data/targets.csv"``);
* ``OUTPUTS``: the tables it returns. A table that is both read and written is extended (the aggregates
  step adds ict4d's computed rows to ``observations``): the step runs after the step that makes the table,
  and every other reader of the table runs after both;
* ``run(ctx: BuildContext) -> dict[str, pandas.DataFrame]``: those tables.

The build order is derived from these declarations (``order``, stdlib graphlib), so a new step is a new
module here and nothing else: a table read by no one's output, two steps making the same table, or a
circle of steps fails the build before any step runs, with one line that says which.
"""

from __future__ import annotations

import graphlib
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from etl.core import config
from etl.core.errors import Ict4dError

if TYPE_CHECKING:  # pandas is imported by the steps; a no-change build never needs it
    import pandas as pd


@dataclass
class BuildContext:
    """What a step is given: the sources folder, the tables of the steps before it, and where to report."""

    sources_dir: Path
    out_dir: Path = config.PUBLISHED_DIR
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # printed at the end of the build
    log: Callable[[str], None] = print
    as_of: date = field(default_factory=date.today)  # targets are scored as of this day (deadlines passed)


class StepError(Ict4dError):
    """The steps' declarations do not make one build order (a table nobody makes, two makers, a circle)."""


@dataclass(frozen=True)
class Step:
    """One step module and its declarations."""

    name: str  # the module path, e.g. etl.steps.progress
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[[BuildContext], dict[str, pd.DataFrame]]

    @property
    def label(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def tables_read(self) -> tuple[str, ...]:
        return tuple(i for i in self.inputs if not is_file_input(i))


def is_file_input(name: str) -> bool:
    """A declared input that is a file or folder (has a slash), not a table of another step."""
    return "/" in name


def load(module: ModuleType) -> Step:
    """The declarations of a step module, checked."""
    missing = [a for a in ("INPUTS", "OUTPUTS", "run") if not hasattr(module, a)]
    if missing:
        raise StepError(f"step {module.__name__} declares no {', '.join(missing)}")
    for attr in ("INPUTS", "OUTPUTS"):
        if isinstance(getattr(module, attr), str):  # ("releases") is a string, not a tuple of one name
            raise StepError(f"step {module.__name__}: {attr} is a string; write a tuple, e.g. ('name',)")
    return Step(module.__name__, tuple(module.INPUTS), tuple(module.OUTPUTS), module.run)


def names() -> list[str]:
    """The step modules of this package, by name, without importing them (a no-change build stays light)."""
    found = (m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return sorted(f"{__name__}.{n}" for n in found)


def discover() -> list[Step]:
    """Every step module of this package, by module name."""
    return [load(importlib.import_module(n)) for n in names()]


def order(steps: list[Step]) -> list[Step]:
    """The steps in an order where each runs after the steps whose tables it reads (graphlib).

    A table has one maker (the step that writes it without reading it) and at most one step extending it.
    Ties are broken by module name, so the order is the same on every machine.
    """
    makers: dict[str, Step] = {}
    extenders: dict[str, Step] = {}
    for step in steps:
        for table in step.outputs:
            mine = extenders if table in step.inputs else makers
            if table in mine:
                kind = "extend" if mine is extenders else "write"
                raise StepError(f"steps {mine[table].name} and {step.name} both {kind} the table {table!r}")
            mine[table] = step
    graph: dict[str, set[str]] = {}
    for step in sorted(steps, key=lambda s: s.name):
        needs = graph.setdefault(step.name, set())
        for table in step.tables_read:
            if table not in makers:
                raise StepError(f"step {step.name} reads the table {table!r}, which no step writes")
            needs.add(makers[table].name)
            if table in extenders and table not in step.outputs:
                needs.add(extenders[table].name)
    sorter = graphlib.TopologicalSorter(graph)
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        circle = " -> ".join(exc.args[1])
        raise StepError(f"the steps read each other's tables in a circle: {circle}") from None
    by_name = {s.name: s for s in steps}
    out: list[Step] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        out += [by_name[n] for n in ready]
        sorter.done(*ready)
    return out


def build_order() -> list[Step]:
    """The steps of `ict4d build`, in the order they run."""
    return order(discover())
