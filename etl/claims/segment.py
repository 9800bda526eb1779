"""Split a resolution or report page into paragraphs with the ids of reference/claims.md.

Why line-based: every layout of the family puts one paragraph (or one footnote, heading or cover item) on a
line, and a paragraph broken by a page break (ecosoc-2023-3) is recognised because its first line does not
end a sentence. Offsets always point into the ORIGINAL text; nothing is normalised, so quotes sliced with
these offsets are exact.

Ids: operative paragraphs ``26``, sub-paragraphs ``100(c)`` (and ``79(a)(ii)``), preambular paragraphs
``PP1``… counted after the enacting formula, the resolution's numbered title line ``title``; a page without
numbers and without an enacting formula is a report page: its first line is ``title``, then ``P1``, ``P2``….
Cover lines, headings, footnote lines and closing lines (meeting, date) get no id and hold no claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_FOOTNOTE_LINE = re.compile(rf"^[{SUPERSCRIPTS}]+\s")
_OPERATIVE = re.compile(r"^\*{0,2}(\d{1,4})\.\*{0,2}\s")
_SUBPARA = re.compile(r"^\(([a-z]{1,5})\)\s")
_ENACTING = re.compile(
    r"^\*{0,2}The\s+(?:(?:[A-Z][\w’'-]*|and|of|on|for|the)\s+)*?"
    r"(?:Council|Assembly|Conference|Commission|Board)\*{0,2},\*{0,2}\s*$"
)
_TITLE_NUMBER = re.compile(r"^\*{0,2}\d{2,4}/\d{1,4}\.\s")
_CLOSING = re.compile(
    r"^\*{0,2}(?:\d+(?:st|nd|rd|th)\s+plenary\s+meeting|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\*{0,2}\s*$"
)
# a line ends a paragraph when its last visible character closes a sentence or a clause
_ENDS_PARAGRAPH = re.compile(r"[.;:,!?”\")\]][" + SUPERSCRIPTS + r"*\s]*$")
_DIGIT = re.compile(r"[0-9]")
_ROMAN = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$")


@dataclass
class Paragraph:
    """One paragraph: its id, its kind and the (start, end) pieces of the original text it covers."""

    id: str | None
    kind: str  # operative, subparagraph, preambular, title, report, cover, heading, footnote, closing
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def text(self, source: str) -> str:
        """The paragraph's pieces joined by one space (page-break artefacts and footnotes left out)."""
        return " ".join(source[s:e] for s, e in self.spans)

    @property
    def has_claims(self) -> bool:
        return self.id is not None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed of surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if not stripped or stripped.strip("*") == "":
            continue
        lead = len(line) - len(line.lstrip())
        out.append((m.start() + lead, m.start() + lead + len(stripped)))
    return out


def _next_line(text: str, lines: list[tuple[int, int]], i: int) -> str:
    """The next line after line i that is not a footnote line ("" at the end)."""
    for a, b in lines[i + 1 : i + 40]:
        if not _FOOTNOTE_LINE.match(text[a:b]):
            return text[a:b]
    return ""


def _sub_id(marker: str, state: dict) -> str:
    """Sub-paragraph id: letters (a), (b)… and, under a letter, roman numerals (i), (ii)…"""
    letter = state.get("letter")
    is_roman = bool(_ROMAN.match(marker)) and (
        state.get("roman") is not None or (marker == "i" and letter not in (None, "h"))
    )
    if is_roman and letter:
        state["roman"] = marker
        return f"{state['operative']}({letter})({marker})"
    state["letter"], state["roman"] = marker, None
    return f"{state['operative']}({marker})"


def segment(text: str) -> list[Paragraph]:
    """Split `text` into paragraphs (with ids) and id-less lines (cover, headings, footnotes, closing)."""
    lines = _lines(text)
    enacting = next((i for i, (s, e) in enumerate(lines) if _ENACTING.match(text[s:e])), None)
    has_numbers = any(_OPERATIVE.match(text[s:e]) for s, e in lines)
    is_report = enacting is None and not has_numbers
    paras: list[Paragraph] = []
    state: dict = {"operative": None, "letter": None, "roman": None}
    pp = report_n = 0
    has_title = False
    open_para: Paragraph | None = None  # the last paragraph with an id that may continue after a break

    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        nxt = _next_line(text, lines, i)
        if _FOOTNOTE_LINE.match(line):
            paras.append(Paragraph(None, "footnote", [(s, e)]))
            continue
        if enacting is not None and i < enacting:
            is_title = bool(_TITLE_NUMBER.match(line))
            paras.append(Paragraph("title" if is_title else None, "title" if is_title else "cover", [(s, e)]))
            continue
        if enacting is not None and i == enacting:
            paras.append(Paragraph(None, "enacting", [(s, e)]))
            continue
        if _CLOSING.match(line) and i >= len(lines) - 3:
            paras.append(Paragraph(None, "closing", [(s, e)]))
            open_para = None
            continue
        op = _OPERATIVE.match(line)
        if op and len(op.group(1)) == 4 and int(op.group(1)) != int(state["operative"] or 0) + 1:
            op = None  # "2023. …" is a year unless it continues the numbering
        sub = _SUBPARA.match(line) if state["operative"] else None
        if op:
            state.update(operative=op.group(1), letter=None, roman=None)
            open_para = Paragraph(op.group(1), "operative", [(s, e)])
        elif sub:
            open_para = Paragraph(_sub_id(sub.group(1), state), "subparagraph", [(s, e)])
        elif (
            open_para is not None
            and not _ENDS_PARAGRAPH.search(text[slice(*open_para.spans[-1])])
            and (not is_report or line[:1].islower())
        ):
            open_para.spans.append((s, e))  # continuation after a page break or footnote block
            continue
        elif not _ENDS_PARAGRAPH.search(line) and (_OPERATIVE.match(nxt) or _SUBPARA.match(nxt)):
            paras.append(Paragraph(None, "heading", [(s, e)]))
            open_para = None
            continue
        elif is_report:
            if report_n == 0 and not has_title:
                open_para = Paragraph("title", "title", [(s, e)])
            elif (
                not _ENDS_PARAGRAPH.search(line) or (line.endswith("?") and not _DIGIT.search(line))
            ) and len(line.split()) <= 8:
                paras.append(Paragraph(None, "heading", [(s, e)]))  # a section heading ("Who is online?")
                open_para = None
                continue
            else:
                report_n += 1
                open_para = Paragraph(f"P{report_n}", "report", [(s, e)])
        elif state["operative"] is None and enacting is not None:
            pp += 1
            open_para = Paragraph(f"PP{pp}", "preambular", [(s, e)])
        elif state["operative"] is None:
            # numbered report without enacting formula: first line is the title, then unnumbered paragraphs
            if not has_title:
                open_para = Paragraph("title", "title", [(s, e)])
            else:
                report_n += 1
                open_para = Paragraph(f"P{report_n}", "report", [(s, e)])
        else:
            open_para = Paragraph(None, "heading", [(s, e)])
        paras.append(open_para)
        has_title = has_title or open_para.id == "title"
        if open_para.kind in ("title", "heading"):
            open_para = None  # a title or heading never runs on into the next line
    return paras


def paragraph_ids(text: str) -> list[str]:
    """Ids of the paragraphs that can hold claims, in order (handy for tests and reports)."""
    return [p.id for p in segment(text) if p.id is not None]
