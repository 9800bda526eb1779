"""The Data & sources view: table descriptions written for readers."""

from __future__ import annotations

import pytest

from dashboard.views.pages import data_sources


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "Progress of one entity towards one target in one release (methods: etl/progress.py docstring).",
            "Progress of one entity towards one target in one release.",
        ),
        (
            "One mention of a figure in a text (columns as in reference/claims.md). The extractor itself "
            "checks quote == text[start:end] (this model does not see the text).",
            "One mention of a figure in a text.",
        ),
        ("Countries and groups.", "Countries and groups."),
        (None, ""),
    ],
)
def test_table_descriptions_are_for_readers_not_programmers(text, shown):
    assert data_sources.reader_description(text) == shown
