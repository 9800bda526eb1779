"""A view's state in its address: query values read leniently (never raising) and written canonically.

Dash passes a query value as a string, or a list when a key repeats; every page's ``parse_query`` reads
them with these helpers and falls back to its defaults on anything else, so any address shows a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode


def first(value: object) -> str | None:
    """A query value as one string (Dash passes a list when a key repeats); None when absent or blank."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def as_list(value: object, *, pattern: str = r"^[A-Za-z0-9_\-]{1,64}$", limit: int = 30) -> list[str]:
    """A comma-separated (or repeated) query value as a clean list; malformed items are dropped."""
    items: list[str] = []
    raw = value if isinstance(value, list | tuple) else [value]
    for v in raw:
        if v is None:
            continue
        items += [s.strip() for s in str(v).split(",")]
    out: list[str] = []
    for s in items:
        if s and re.match(pattern, s) and s not in out:
            out.append(s)
    return out[:limit]


def as_int(value: object, default: int | None = None) -> int | None:
    """A query value as an integer, `default` when absent or not a whole number."""
    text = first(value)
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def to_query(state: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> str:
    """A canonical query string ("?a=1&b=x,y") of the values that differ from the defaults."""
    defaults = defaults or {}
    pairs = []
    for k, v in state.items():
        if v is None or v == "" or v == [] or defaults.get(k) == v:
            continue
        pairs.append((k, ",".join(map(str, v)) if isinstance(v, list | tuple) else str(v)))
    return ("?" + urlencode(pairs, safe=",")) if pairs else ""
