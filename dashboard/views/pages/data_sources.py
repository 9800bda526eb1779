"""The Data & sources page's view: where every number comes from (publisher, licence, attribution,
release, upstream address), how to cite it, and what the data package to download holds.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.views import published
from dashboard.views.spec import citation

PATH = "/data"
SOURCE_COLUMNS = [
    ("publisher", "Publisher"),
    ("path", "File"),
    ("release", "Release"),
    ("licence", "Licence"),
    ("attribution", "Attribution"),
    ("upstream_url", "Upstream address"),
    ("rows_read", "Rows read"),
]


def parse_query(**query: object) -> dict:
    """This page has no view state; any query parameter is ignored with a note."""
    ignored = sorted(k for k in query if k not in ("_", ""))
    note = f"Ignored unknown address parameter(s): {', '.join(ignored)[:120]}."
    return {"messages": [note] if ignored else []}


_FOR_DEVELOPERS = re.compile(r"\s*\([^()]*(?:\.py|\.md|docstring|reference/|model)[^()]*\)")


def reader_description(text: object) -> str:
    """A table's description for a reader: its first sentence, without pointers into the code
    such as "(rules: <file> docstring)", which the data package keeps for programmers."""
    if not isinstance(text, str):
        return ""
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    return _FOR_DEVELOPERS.sub("", first).strip()


def tables_overview() -> pd.DataFrame:
    """One row per published table: name, what it holds (datapackage.json) and its number of rows."""
    resources = {r.get("name"): r for r in published.datapackage().get("resources", [])}
    rows = [
        {
            "table": name,
            "description": resources.get(name, {}).get("description", ""),
            "rows": len(published.table(name)),
        }
        for name in published.published_tables()
    ]
    return pd.DataFrame(rows, columns=["table", "description", "rows"])


def sources() -> pd.DataFrame:
    """Every source file the build read, by publisher, release and file."""
    src = published.sources()
    return src if src.empty else src.sort_values(["publisher", "release", "path"])


def how_to_cite() -> str:
    """The citation of the data package and of each upstream publisher."""
    return citation(published.datapackage(), published.sources())
