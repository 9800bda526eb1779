"""The inline markdown of the resolutions' texts ("26. *Welcomes* the fact …", "resolution [70/125](#)")
as styled runs of plain text, with a span of the raw text (a claim's quote) marked.

Why not a markdown renderer: the quote is located by offsets in the raw text, and a renderer loses them.
Here every character of the output keeps its raw offset, so the mark covers exactly the quote even when
it sits inside (or across) an emphasis, and nothing of the text is ever shown twice or as HTML.
Supported: ``*em*``/``_em_``, ``**strong**``, ``[text](target)`` (the text only: the texts' links point
nowhere), backslash escapes; anything else stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^)\s]{0,300}\)")
_ESCAPABLE = set("\\`*_{}[]()#+-.!")


@dataclass(frozen=True)
class Run:
    """A piece of text with one style: emphasis, strong, and whether it is inside the marked span."""

    text: str
    em: bool = False
    strong: bool = False
    mark: bool = False


def _chars(text: str) -> list[tuple[str, int, bool, bool]]:
    """(char, raw offset, em, strong) for every character a reader sees, markers dropped."""
    out: list[tuple[str, int, bool, bool]] = []
    em = strong = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
            out.append((text[i + 1], i + 1, em, strong))
            i += 2
            continue
        if c == "[":
            m = _LINK.match(text, i)
            if m:
                out += [(ch, i + 1 + k, em, strong) for k, ch in enumerate(m.group(1))]
                i = m.end()
                continue
        if text.startswith("**", i) and (strong or text.find("**", i + 2) > i + 2):
            strong = not strong
            i += 2
            continue
        if c in "*_" and _is_emphasis(text, i, em):
            em = not em
            i += 1
            continue
        out.append((c, i, em, strong))
        i += 1
    return out


def _is_emphasis(text: str, i: int, open_: bool) -> bool:
    """A single * or _ toggles emphasis when it opens before a word with a closer ahead, or closes one."""
    c = text[i]
    if open_:
        return i > 0 and not text[i - 1].isspace()
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    if after.isspace() or (c == "_" and before.isalnum()):
        return False
    close = text.find(c, i + 1)
    return close > i + 1 and not text[close - 1].isspace()


def runs(text: str, mark_start: int | None = None, mark_end: int | None = None) -> list[Run]:
    """The text as styled runs; characters whose raw offset is in [mark_start, mark_end) are marked."""
    if not text:
        return []
    marked = mark_start is not None and mark_end is not None and 0 <= mark_start < mark_end
    out: list[Run] = []
    for ch, pos, em, strong in _chars(text):
        mark = bool(marked and mark_start <= pos < mark_end)  # type: ignore[operator]
        if out and (out[-1].em, out[-1].strong, out[-1].mark) == (em, strong, mark):
            out[-1] = Run(out[-1].text + ch, em, strong, mark)
        else:
            out.append(Run(ch, em, strong, mark))
    return out


def plain(text: str) -> str:
    """The text as a reader sees it, markers dropped ("26. Welcomes the fact …")."""
    return "".join(r.text for r in runs(text))
