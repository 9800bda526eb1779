"""The words a published column may hold, written once: units, breakdowns, entity types, target statuses,
claim verdicts and the ids with a fixed meaning ("every country", ict4d's own computed source).

The ETL writes these words, the dashboard, the brief and the CLI read them; nothing else spells them.
"""

from __future__ import annotations

import math

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
]
EVERY_COUNTRY = "every_country"  # a target scope: scored on every entity with data
COMPUTED_SOURCE = "ict4d-computed"  # source_id of the aggregates ict4d computes from country data

# --- targets --------------------------------------------------------------------------------------------
# ">" and "<" for targets worded "more than" / "below"; "parity": gender parity score (female / male)
TARGET_COMPARATORS = [">=", ">", "<=", "<", "parity"]
VERIFICATION_STATUSES = ["verified", "secondary", "unverified"]

ACHIEVED = "target achieved"
SUBSTANTIAL = "substantial progress"
MODERATE = "moderate progress"
LIMITED = "limited progress"
DETERIORATION = "deterioration"
INSUFFICIENT = "insufficient data"
MET_AT_DEADLINE = "met in the deadline year"
MISSED_AT_DEADLINE = "missed in the deadline year"
NO_DEADLINE_DATA = "no data for the deadline year"
PROGRESS_STATUSES = [
    ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION, INSUFFICIENT, MET_AT_DEADLINE,
    MISSED_AT_DEADLINE, NO_DEADLINE_DATA,
]
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
YEAR_NOW_UNDATED = "now_undated"
YEAR_NONE = "none"
YEAR_RULES: dict[str, str] = {
    YEAR_STATED: "the figure's clause states its year or period (\"in 2022\", \"between 2021 and 2022\")",
    YEAR_EDITION: "the edition of the report it is from (a \"Facts and Figures 2022\" page speaks of 2022)",
    YEAR_NOW: "\"now\", \"currently\", \"still\" … in a dated text: the newest data year at that date",
    YEAR_EVENT: "the year of a dated event its clause ties it to (data/events.csv)",
    YEAR_NOW_UNDATED: "\"now\", \"currently\" … in a text with no date, and none given: no year",
    YEAR_NONE: "nothing decides a year (no stated year, edition, \"now\" or event; targets, process counts)",
}
YEARS_GIVEN = [YEAR_STATED, YEAR_EDITION, YEAR_NOW, YEAR_EVENT]  # the rules that give a year

MATCHES = "matches the data of its time"
REVISED = "revised since"
NOT_SUPPORTED = "not supported"
NO_RELEASE_OF_ITS_TIME = "no release of its time"
NO_SERIES = "no matching series"
CLAIM_VERDICTS = [MATCHES, REVISED, NOT_SUPPORTED, NO_RELEASE_OF_ITS_TIME, NO_SERIES]
STILL_MATCHES = "matches later data"
DIFFERS = "differs"
RELEASE_VERDICTS = [MATCHES, NOT_SUPPORTED, STILL_MATCHES, REVISED, DIFFERS]
