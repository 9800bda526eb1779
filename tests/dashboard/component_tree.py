"""Walk a Dash component tree in tests (find a component by id or type without rendering a browser)."""

from __future__ import annotations

from collections.abc import Iterator

from dash.development.base_component import Component


def walk(node: object) -> Iterator[Component]:
    """Every component under `node` (lists and children included), depth first."""
    if isinstance(node, list | tuple):
        for n in node:
            yield from walk(n)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def by_id(node: object, component_id: object) -> Component:
    """The one component with this id (fails the test when absent)."""
    found = [c for c in walk(node) if getattr(c, "id", None) == component_id]
    assert found, f"no component with id {component_id!r}"
    return found[0]
