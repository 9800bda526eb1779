"""The words a published column may hold, written once: units, breakdowns, entity types, target statuses,
claim verdicts and the ids with a fixed meaning ("every country", ict4d's own computed source).

The ETL writes these words, the dashboard, the brief and the CLI read them; nothing else spells them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# --- breakdowns and units -------------------------------------------------------------------------------
SEXES = ["total", "female", "male"]
AREAS = ["total", "urban", "rural"]
# age groups: "total"; "15-24" (youth); "not_15-24" (ITU's "rest of the population"); UN SDG age bands
AGE_GROUP_PATTERN = r"^(total|not_15-24|\d{1,2}-\d{1,2}|\d{1,2}\+)$"
UNITS = [
    "percent",  # share of a population, households, etc.: 0-100
    "per_100_inhabitants",  # subscriptions per 100 inhabitants: 0-500
    "count",  # subscriptions, items
    "persons",  # people
    "usd",  # current US dollars
    "ppp_usd",  # PPP dollars
    "percent_gni_per_capita",  # price as % of monthly GNI per capita
    "exabytes",
    "gigabytes",
    "mbit_per_second",
    "index",  # composite index score
    "ratio",  # e.g. gender parity score (women / men)
    "years",
]
# inclusive value range per unit; a value outside fails validation
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "percent": (0.0, 100.0),
    "per_100_inhabitants": (0.0, 500.0),
    "count": (0.0, math.inf),
    "persons": (0.0, math.inf),
    "usd": (0.0, math.inf),
    "ppp_usd": (0.0, math.inf),
    "percent_gni_per_capita": (0.0, math.inf),
    "exabytes": (0.0, math.inf),
    "gigabytes": (0.0, math.inf),
    "mbit_per_second": (0.0, math.inf),
    "index": (0.0, 100.0),
    "ratio": (0.0, math.inf),
    "years": (0.0, math.inf),
}

# --- entities -------------------------------------------------------------------------------------------
ENTITY_TYPES = [
    "country",  # ISO3 entity_id, e.g. KEN
    "world",  # entity_id "world"
    "itu_region",  # itu_africa, itu_americas, itu_arab_states, itu_asia_pacific, itu_cis, itu_europe
    "income_group",  # wb_low_income, wb_lower_middle_income, wb_upper_middle_income, wb_high_income
    "special_group",  # ldc, lldc, sids
    "sdg_region",  # sdg_<snake name>, e.g. sdg_sub_saharan_africa
    "computed_group",  # groups ict4d aggregates itself, e.g. developing_lmic
    "itu_development_group",  # ITU's own developed/developing split (itu_developed, itu_developing), to 2022
]
EVERY_COUNTRY = "every_country"  # a target scope: scored on every entity with data
COMPUTED_SOURCE = "ict4d-computed"  # source_id of the aggregates ict4d computes from country data

# --- targets --------------------------------------------------------------------------------------------
# ">" and "<" for targets worded "more than" / "below"; "parity": gender parity score (female / male)
TARGET_COMPARATORS = [">=", ">", "<=", "<", "parity"]
VERIFICATION_STATUSES = ["verified", "secondary", "unverified"]


# Target statuses: the headline of every target, in the progress table's `status` column (the id), on
# the app's badges and filters, in the brief and in `ict4d progress` (the label). How a status is decided
# (the headline rule) is written in the docstring of etl.methods.scoring.
@dataclass(frozen=True)
class TargetStatus:
    """One headline status of a target: its id (published), its label (shown) and what it means."""

    id: str
    label: str
    meaning: str


MET = "met"
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
MISSED = "missed"
LIKELY_MET = "likely_met"
LIKELY_MISSED = "likely_missed"
NO_NUMERIC_TARGET = "no_numeric_target"
NOT_MEASURABLE = "not_measurable"
_STATUSES = [
    TargetStatus(
        MET,
        "Met",
        "The value meets the target (in the deadline year once the deadline has "
        "passed; a target met before its deadline is met); the first year it was met is given.",
    ),
    TargetStatus(
        ON_TRACK,
        "On track",
        "Not met yet; at the current pace (growth since the base year, "
        "bounded to the indicator's range) the projection meets the target by its deadline.",
    ),
    TargetStatus(
        OFF_TRACK,
        "Off track",
        "Not met yet; at the current pace the projection for the deadline misses the target.",
    ),
    TargetStatus(
        MISSED,
        "Missed",
        "The deadline has passed and the value in the deadline year misses the "
        "target (if it was met later, the first year it was met is given).",
    ),
    TargetStatus(
        LIKELY_MET,
        "Likely met (projected)",
        "The deadline has passed without a value for its "
        "year (the data stop one or more years before it; the number is given) and the latest value "
        "misses the target, but the value projected for the deadline meets it.",
    ),
    TargetStatus(
        LIKELY_MISSED,
        "Likely missed (projected)",
        "The deadline has passed without a value for "
        "its year (the data stop one or more years before it; the number is given) and the value "
        "projected for the deadline misses the target.",
    ),
    TargetStatus(
        NO_NUMERIC_TARGET,
        "No numeric target",
        "The target has no number (e.g. SDG 17.6.1, 5.b.1): the trend since the base year is shown instead.",
    ),
    TargetStatus(
        NOT_MEASURABLE,
        "Not measurable",
        "No status can be given; the reason says why (no series, too few points, no threshold).",
    ),
]
TARGET_STATUSES: dict[str, TargetStatus] = {s.id: s for s in _STATUSES}
# the order of the statuses on a scoreboard, best first
TARGET_STATUS_ORDER = [
    MET,
    ON_TRACK,
    LIKELY_MET,
    OFF_TRACK,
    LIKELY_MISSED,
    MISSED,
    NO_NUMERIC_TARGET,
    NOT_MEASURABLE,
]
# why a target is not measurable: a registry property (no_series, no_threshold) or one of the data
REASON_NO_SERIES = "no_series"
REASON_TOO_FEW_POINTS = "too_few_points"
REASON_NO_THRESHOLD = "no_threshold"
NOT_MEASURABLE_REASONS: dict[str, str] = {
    REASON_NO_SERIES: "no series",
    REASON_TOO_FEW_POINTS: "too few points (fewer than two values from the base year)",
    REASON_NO_THRESHOLD: "no threshold recorded",
}


def status_label(status_id: str) -> str:
    """The words a reader sees for a status id (an unknown id is shown as it is)."""
    known = TARGET_STATUSES.get(status_id)
    return known.label if known else str(status_id)


# The two official methods, kept beside the headline as secondary columns (reference/progress-methods.md):
# Open SDG's bands of the ratio of growth rates (`open_sdg_status`) and UNSD's extrapolation bands
# (`unsd_status`). Their words are never a headline status.
ACHIEVED = "target achieved"
SUBSTANTIAL = "substantial progress"
MODERATE = "moderate progress"
LIMITED = "limited progress"
DETERIORATION = "deterioration"
INSUFFICIENT = "insufficient data"
OPEN_SDG_STATUSES = [ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION, INSUFFICIENT]
# the order of the Open SDG bands, best first (tests and the dashboard rank statuses with it)
OPEN_SDG_ORDER = [ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION]
UNSD_MET = "target met"
UNSD_ON_TRACK = "on track"
UNSD_ACCELERATE = "acceleration needed"
UNSD_STAGNATION = "stagnation or regression"
UNSD_STATUSES = [UNSD_MET, UNSD_ON_TRACK, UNSD_ACCELERATE, UNSD_STAGNATION, INSUFFICIENT, ""]

# --- claims ---------------------------------------------------------------------------------------------
CLAIM_KINDS = ["observation", "change", "target"]
CLAIM_QUALIFIERS = ["more_than", "less_than", "almost", "nearly", "over", "about", "at_least", "up_to"]
# a claim's unit: the registry's units plus the two only texts use (a count of subscriptions, a gap in points)
CLAIM_UNITS = [*UNITS, "subscriptions", "percentage_points"]
# how a claim's year was decided (etl/claims/years.py), in the order the rules are tried; one line each
YEAR_STATED = "stated"
YEAR_EDITION = "edition"
YEAR_NOW = "now"
YEAR_EVENT = "event"
YEAR_DEADLINE = "deadline"
YEAR_NOW_UNDATED = "now_undated"
YEAR_NONE = "none"
YEAR_RULES: dict[str, str] = {
    YEAR_STATED: 'the figure\'s clause states its year or period ("in 2022", "between 2021 and 2022")',
    YEAR_EDITION: 'the edition of the report it is from (a "Facts and Figures 2022" page speaks of 2022)',
    YEAR_NOW: '"now", "currently", "still" … in a dated text: the newest data year at that date',
    YEAR_EVENT: "the year of a dated event its clause ties it to (data/events.csv)",
    YEAR_DEADLINE: 'a target\'s deadline ("by 2025"): the year it is to be reached by, not a data year',
    YEAR_NOW_UNDATED: '"now", "currently" … in a text with no date, and none given: no year',
    YEAR_NONE: 'nothing decides a year (no stated year, edition, "now" or event; a target without a '
    "deadline, process counts)",
}
YEARS_GIVEN = [YEAR_STATED, YEAR_EDITION, YEAR_NOW, YEAR_EVENT, YEAR_DEADLINE]  # the rules that give a year

MATCHES = "matches the data of its time"
REVISED = "revised since"
NOT_SUPPORTED = "not supported"
NO_RELEASE_OF_ITS_TIME = "no release of its time"
NO_SERIES = "no matching series"
CLAIM_VERDICTS = [MATCHES, REVISED, NOT_SUPPORTED, NO_RELEASE_OF_ITS_TIME, NO_SERIES]
STILL_MATCHES = "matches later data"
DIFFERS = "differs"
RELEASE_VERDICTS = [MATCHES, NOT_SUPPORTED, STILL_MATCHES, REVISED, DIFFERS]

# --- a draft's figures (etl/draft: `ict4d check`, the /check page) -----------------------------------------
# What a figure of a text that is not out yet (a draft, meant for a date) reads against the newest releases
# out by that date. Decided in etl/draft/check.py from the claim check of etl/methods/reconcile.
DRAFT_UP_TO_DATE = "up to date"
DRAFT_OUTDATED = "outdated"
DRAFT_REVISED = "revised"
DRAFT_NO_MATCH = "does not match any release"
DRAFT_CANNOT_CHECK = "cannot be checked"
DRAFT_RESULTS: dict[str, str] = {  # result -> its meaning in one line (chips, the CLI's legend, the CSV)
    DRAFT_UP_TO_DATE: "the newest release rounds to the figure as written, and it has no later year",
    DRAFT_OUTDATED: "the figure matches its year, but the newest release has a later year",
    DRAFT_REVISED: "an older release had the figure for its year; the newest release now reads differently",
    DRAFT_NO_MATCH: "no release we hold rounds to the figure for its year",
    DRAFT_CANNOT_CHECK: "no series we publish can check the figure (the reason says why)",
}
DRAFT_NOT_CURRENT = [DRAFT_OUTDATED, DRAFT_REVISED, DRAFT_NO_MATCH]  # what a writer has to change
