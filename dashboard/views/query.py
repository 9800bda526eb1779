"""A view's state in its address: query values read leniently (never raising) and written canonically.

Dash passes a query value as a string, or a list when a key repeats; every page's ``parse_query`` reads
them with these helpers and falls back to its defaults on anything else, so any address shows a page.

Work per value is bounded: a value is cut to ``MAX_VALUE_CHARS`` and a repeated key to ``MAX_VALUES``
values BEFORE anything else looks at it, lists are de-duplicated with a set and stop at their limit, so
a parameter costs the same whether it is 1 KB or 1 MB. The server refuses values beyond these bounds
before any callback runs (``dashboard.web.security``), and a message quoting a value quotes ``clip(v)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

MAX_VALUE_CHARS = 4096  # one value: 30 ids of 64 characters and their commas fit three times over
MAX_VALUES = 32  # values of one repeated key
QUOTE_CHARS = 64  # how much of a value a message quotes
SCALARS = (str, int, float)


def _values(value: object) -> list[str]:
    """The values of one parameter as text, each cut to MAX_VALUE_CHARS, at most MAX_VALUES of them (the
    cut comes first, so nothing later sees more); anything but strings and numbers is dropped."""
    raw = value if isinstance(value, list | tuple) else (value,)
    return [str(v)[:MAX_VALUE_CHARS] for v in raw[:MAX_VALUES] if isinstance(v, SCALARS)]


def clip(text: object, chars: int = QUOTE_CHARS) -> str:
    """A value as a message may quote it: at most `chars` characters, "…" when cut."""
    text = str(text)[: chars + 1] if isinstance(text, SCALARS) else type(text).__name__
    return text if len(text) <= chars else text[:chars] + "…"


def first(value: object) -> str | None:
    """A query value as one string (Dash passes a list when a key repeats); None when absent or blank."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    values = _values(value)
    text = values[0].strip() if values else ""
    return text or None


def as_list(value: object, *, pattern: str = r"^[A-Za-z0-9_\-]{1,64}$", limit: int = 30) -> list[str]:
    """A comma-separated (or repeated) query value as a clean list of at most `limit` items; malformed
    items and repeats are dropped. Linear in the (already bounded) input, never more."""
    matches = re.compile(pattern).fullmatch
    out: list[str] = []
    seen: set[str] = set()
    for text in _values(value):
        for s in text.split(","):
            s = s.strip()
            if s and s not in seen and matches(s):
                seen.add(s)
                out.append(s)
                if len(out) >= limit:
                    return out
    return out


def as_int(value: object, default: int | None = None) -> int | None:
    """A query value as an integer, `default` when absent or not a whole number (at most 9 digits)."""
    text = first(value)
    if text is None or len(text) > 10:
        return default
    try:
        return int(text)
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
