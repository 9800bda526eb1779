"""Check each claim of a text against the data of its time and against the newest data.

A report writer needs two answers about a figure: did it match what was published when the text was
adopted, and what do ITU's figures say of it today? ITU re-estimates its whole back series each year, so
both answers are read for the same reference year, release by release. The rules, so that every row can be
re-derived:

* Series. A claim maps to a series by its ``indicator`` and ``scope`` (claims vocabulary): a group or ITU
  region, women or men (``sex``), youth (``age_group``), urban or rural (``area``). "Developed / developing
  countries" are ITU's own Developed / Developing aggregates (its split until 2021), never income groups.
  Derived figures come from one release only: gender gap "N per cent less likely / lower" = 100 * (1 -
  female / male), a gap in points = male - female, parity score = female / male, offline share = 100 - use,
  offline count and user count = share / 100 * population, the population of the same release where it gives
  counts (ITU's workbooks: millions / share * 100), else ITU's own population series (``i61``), summed over
  member countries for a group, and the note says which.
* Year. The claim's year and the rule that gave it (stated, edition, now, event: etl.claims); a period uses
  its last year. A claim without a year is read at the latest year it held in the release of its time (or
  that release's latest year if it held in none), and ``held_years`` lists where it held.
* Releases. Only primary releases (ITU, the UN SDG database; ``Calendar.is_primary``) decide a verdict;
  redistributions are listed beside them. The release of its time is the newest primary release published
  before the adoption date that has the figure; the newest release is the newest primary release that has
  it for the same year.
* Interval. A figure covers the values that round to it as written ("66" = [65.5, 66.5), "5.3 billion" =
  [5.25e9, 5.35e9); a figure in words, such as "half", +/- 2.5 points); a qualifier opens one side: "more
  than 80" = (80, inf), "at least" = [80, inf), "less than half" = (-inf, 50), "up to" = (-inf, X], "almost
  half" = [45, 50). Data values are compared as stored, never rounded first.
* Verdict. "matches the data of its time" (its time matched and the newest release confirms), "revised
  since" (its time matched, the newest value lies outside), "not supported" (the release of its time has the
  figure outside the interval), "no release of its time" (none before adoption has it; later releases are
  still reported), "no matching series" (nothing we hold can check it: the reason says why).

One row per claim and release that has the figure (the claim's verdict and sentence repeated on each), one
row with an empty release when nothing does.
"""

from __future__ import annotations

from etl.methods.reconcile.interval import (
    ALMOST_FLOOR,
    COUNT_UNITS,
    NUMBER,
    PERCENT_UNITS,
    WORD_FIGURE_HALF_WIDTH,
    Interval,
    half_step,
    interval,
)
from etl.methods.reconcile.mapping import (
    AGE_SCOPES,
    AREA_SCOPES,
    GROUP_SCOPES,
    SEX_SCOPES,
    SHARES,
    USE,
    Mapping,
    claim_year,
    map_claim,
)
from etl.methods.reconcile.series import Key, SeriesIndex
from etl.methods.reconcile.table import CLAIM_CHECK_COLUMNS, check_claims
from etl.methods.reconcile.verdict import (
    Finding,
    assess,
    newest_data_year_of,
    newest_first,
    release_verdict,
    years_held,
    years_text,
)
from etl.methods.reconcile.words import fmt, fmt_interval, sentence

__all__ = [
    "AGE_SCOPES",
    "ALMOST_FLOOR",
    "AREA_SCOPES",
    "CLAIM_CHECK_COLUMNS",
    "COUNT_UNITS",
    "GROUP_SCOPES",
    "NUMBER",
    "PERCENT_UNITS",
    "SEX_SCOPES",
    "SHARES",
    "USE",
    "WORD_FIGURE_HALF_WIDTH",
    "Finding",
    "Interval",
    "Key",
    "Mapping",
    "SeriesIndex",
    "assess",
    "check_claims",
    "claim_year",
    "fmt",
    "fmt_interval",
    "half_step",
    "interval",
    "map_claim",
    "newest_data_year_of",
    "newest_first",
    "release_verdict",
    "sentence",
    "years_held",
    "years_text",
]
