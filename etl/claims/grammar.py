"""The grammar of a figure: what a number phrase looks like and what, around it, makes it a name or a date.

Why apart: these patterns are the extractor's declared grammar (number words, fractions, "N in M", scales,
units, counted nouns, the joins of lists, ranges and comparisons, clause breaks, and the masks for titles and
names such as "Connect 2030"). The reading stages import them; nothing here imports a stage, so a pattern
can be read and tested on its own. Every pattern runs on the ORIGINAL text (or its same-length shadow), so
whitespace is ``\\s`` (no-break spaces) and hyphens include U+2011.
"""

from __future__ import annotations

import re

from etl.claims import vocab

S = vocab.S
H = vocab.H
HC = vocab.HC
WORD_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
WORD_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
WORD_FRACTIONS = {
    "half": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
_UNIT_WORD = "|".join(sorted(WORD_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(WORD_TENS)
_NUMWORD = rf"(?:(?:{_TENS_WORD})(?:{H}(?:{_UNIT_WORD}))?|{_UNIT_WORD}|a{S}hundred|one{S}hundred)"
# thousands grouped by commas, or by (no-break, thin) spaces as some report pages do ("6 000 exabytes")
_DIGITS = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])(?=\s+[^\W\d])"
    r"|[0-9]+(?:\.[0-9]+)?"
)

# the number core: "four in five" | "two thirds" / "half" | digits | number words
CORE = re.compile(
    rf"(?<![\w./+$€£{HC}])"
    rf"(?:(?P<in_n>[0-9]{{1,3}}|{_NUMWORD}){S}(?:in|out{S}of){S}(?!(?:19|20)[0-9]{{2}}\b)"
    rf"(?P<in_m>[0-9]{{1,4}}|{_NUMWORD})\b(?![{HC}/.,]\w)"
    rf"|(?P<frac>(?:(?P<frac_n>a|an|one|two|three|four|nine)(?:{S}|{H}))?(?P<frac_d>half|thirds?|quarters?|fifths?|tenths?))\b"
    rf"(?![{HC}]\w)"
    rf"|(?P<num>{_DIGITS})(?![\w/]|[.,][0-9]|{H}[^\W\d])"
    rf"|\b(?P<word>{_NUMWORD})\b(?![{HC}]\w))",
    re.IGNORECASE,
)
PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
DIGIT_RUN = re.compile(r"(?<![0-9.,])[0-9]")
NUMBER_WORD = re.compile(  # run on an ASCII-lower-cased copy (same length), so no IGNORECASE needed
    rf"\b(?:(?:a|an){S}(?:third|quarter|fifth|tenth|hundred)|{'|'.join(list(WORD_UNITS) + list(WORD_TENS))}"
    rf"|half|hundred|(?<=remaining\s)(?:third|quarter))\b"
)
ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
SCALE = re.compile(rf"^{S}(?P<scale>thousand|million|billion|trillion|bn)\b", re.IGNORECASE)
HALF_A = re.compile(rf"^{S}an?{S}(?P<scale>thousand|million|billion|trillion)\b", re.IGNORECASE)
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
UNIT = re.compile(
    rf"^\s*(?:(?P<pct>per{S}cent|percent|%)|(?P<pts>percentage{S}points?))(?!\w)", re.IGNORECASE
)
PER_100 = re.compile(
    rf"^(?:[^\W\d][\w{HC}]*\s+){{0,5}}?per{S}100{S}(?:inhabitants|people|persons|population)\b", re.IGNORECASE
)
# "1.9 times more likely", "10 times the global median" (not "met three times")
TIMES = re.compile(
    rf"^{S}times{S}(?=(?:more|less|higher|lower|greater|larger|faster|as|the|that|what)\b)", re.IGNORECASE
)
EXABYTES = re.compile(rf"^{S}(?:exabytes|EB)\b")
PER_100_BEFORE = re.compile(
    rf"\bper{S}100{S}(?:inhabitants|people|persons|population)\b[^.;,\d]{{0,30}}?"
    rf"\b(?:reached|stood{S}at|stands{S}at|was|is|were|are|of|at|rose{S}to|fell{S}to)\s+$",
    re.IGNORECASE,
)
CURRENCY_BEFORE = re.compile(r"(?:US\$|USD|\$)\s?$")
CURRENCY_AFTER = re.compile(
    rf"^(?:{S}(?:million|billion|trillion))?{S}(?:US{S}|United{S}States{S})?dollars\b", re.IGNORECASE
)
NOUN_AFTER = re.compile(
    rf"^(?:\s+(?!(?:in|of|for|to|on|at|from|by|and|or|with|than|per|the|a|an|between|during)\b)[\w’'{HC}]+)"
    rf"{{0,3}}?\s+(?P<noun>{vocab.COUNT_NOUNS})\b"
)
PERSON_AFTER = re.compile(rf"^(?:\s+[\w’'{HC}]+){{0,2}}?\s+(?P<noun>{vocab.PERSON_NOUNS})\b", re.IGNORECASE)
SUBS_AFTER = re.compile(
    rf"^(?:\s+[\w’'{HC}]+){{0,3}}?\s+(?P<noun>{vocab.SUBSCRIPTION_NOUNS})\b", re.IGNORECASE
)
# a bare number right after these words is a reference, not a figure
REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:paragraphs?|paras?\.|resolutions?|decisions?|articles?|Goals?|targets?|items?|No\.|nos?\.|vol\.|"
    r"chap\.|sect\.|annex|sessions?|pages?|footnotes?|rule|principle|action\s+lines?|Agenda|level|phase)"
    r"|\ball|\bpast|\blast|\bnext|\bcoming|\bprevious|\bfirst|\bthe\s+other)\s+$",
    re.IGNORECASE,
)
MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
DATE_AFTER = re.compile(rf"^(?:\s+(?:and|to|–|-)\s+[0-9]{{1,2}})?\s+(?:{MONTHS})\b")
# a target's deadline: "by 2030", "by the end of 2025" (not "by the 2030 Agenda", "by 2025 targets")
DEADLINE = re.compile(
    rf"\bby{S}(?:the{S}end{S}of{S})?(?:{MONTHS})?\s*(?P<y>(?:19|20)[0-9]{{2}})\b(?!{S}(?:Agenda|targets?|Goals?)|{H}|/)",
    re.IGNORECASE,
)
DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\s+$")
YEARLIKE = re.compile(r"^(?:1[89]|20|21)[0-9]{2}$")
# what sits between two figures that form a list, a range or a comparison (the later ones inherit the unit)
LIST_JOIN = re.compile(rf"^(?:\s*,\s*|{S}(?:and|to|or){S}|\s*[–{HC}]\s*)(?:between{S})?$", re.IGNORECASE)
COMPARE_JOIN = re.compile(
    rf"^[^;.\d]{{0,120}}?(?:compared{S}(?:with|to)|against|versus|vs\.?|while|whereas|and|or|,)\s+$",
    re.IGNORECASE,
)
APPOSITION_JOIN = re.compile(rf"^[^;.\d]{{0,45}}?(?:,?{S}or|\s*[–—(]|,)\s*$", re.IGNORECASE)
RESTATED = re.compile(r"[^;.]{0,60}?(?:,|\s+or)\s*$")  # a count restated as a share of the population
# "… of the world's population": the base a share is of
BASE_AFTER = re.compile(
    rf"{S}of{S}(?:the{S})?(?:(?:world(?:’s|'s)|global|total){S})?(?:population|people|inhabitants|households|persons)\b",
    re.IGNORECASE,
)
# "fell by half", "grew by a quarter": a fraction after these is a change, not an ordinal
CHANGED_BY = re.compile(
    r"\b(?:increased|grew|rose|fell|decreased|declined|dropped|jumped|expanded|shrank|doubled|halved|reduced|cut|"
    r"narrowed|widened)(?:\s+\w+)?\s+by\s+$",
    re.IGNORECASE,
)

# context never crosses a clause break; a sub-clause (", while …", ", and that …") is a new statement
CLAUSE_BREAK = re.compile(
    r";|(?<=[a-z”)\]*0-9%])\.(?=\s+[A-Z0-9(“*])|\.\s*$"
    # a resolution's next operative verb starts a new clause ("…, notes with concern that …")
    r"|,\s+(?:and\s+)?(?:also\s+|further\s+|in\s+this\s+regard\s+|therefore\s+)?(?:notes|draws|calls|recognizes|"
    r"welcomes|urges|encourages|invites|requests|stresses|emphasizes|reaffirms|acknowledges|underlines|expresses|"
    r"decides|reiterates|highlights|underscores|recalls)\b"
)
SUBCLAUSE = re.compile(
    r",\s+(?:and\s+|but\s+)?(?:that|while|whereas)\b|\s+(?:while|whereas)\s+|,\s+but\s+|\s+and\s+that\s+",
    re.IGNORECASE,
)

# masks: a number inside link markup, a title or a name is not a figure
LINK_CLOSE = re.compile(r"[^\]\n]{0,200}\]\(")
TITLE_OPEN = re.compile(rf"\b(?:entitled|titled|the{S}theme)\s+(?![“\"])")
TITLE_END = re.compile(rf",{S}(?:which|in{S}which|and|as|with|where|that|to|thus|including)\b|;|\n")
NAME_NUMBER = re.compile(  # numbers that are part of a name or title even outside quotes
    rf"\b(?:State{S}of{S}Broadband|Facts{S}and{S}Figures|Connect|Agenda|Forum|Report|Outlook|Index|Industry|"
    rf"Web|Summit|Decade|Vision|Strategy|Week|Day|Programme|Plan)\s+(?:[0-9]{{4}}|[0-9]\.[0-9])\b"
    rf"|\b[0-9]{{4}}{S}(?:Agenda|targets?|Goals?|Summit|Connect|Vision)\b"
    rf"|\b(?:connect|connecting|bring|bringing){S}the{S}(?:next|other|last){S}(?:{_DIGITS})?(?:{S}(?:billion|million))?",
    re.IGNORECASE,
)
