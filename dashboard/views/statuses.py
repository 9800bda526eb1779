"""Target statuses and claim verdicts as readers meet them: grouped for colour and filtering, and each
verdict's meaning in a sentence. The words themselves are the ETL's, from ``etl.core.vocabulary``.
"""

from __future__ import annotations

from etl.core import vocabulary as v

# the statuses of both methods (Open SDG bands, UNSD), grouped; the badge shows the status's own words
STATUS_GROUPS = {
    "achieved": [v.ACHIEVED, v.MET_AT_DEADLINE, v.UNSD_MET],
    "on_track": [v.SUBSTANTIAL, v.UNSD_ON_TRACK],
    "moderate": [v.MODERATE, v.UNSD_ACCELERATE],
    "off_track": [v.LIMITED, v.DETERIORATION, v.MISSED_AT_DEADLINE, v.UNSD_STAGNATION],
    "no_data": [v.INSUFFICIENT, v.NO_DEADLINE_DATA],
    "not_assessed": [],
}
STATUS_GROUP_LABELS = {
    "achieved": "Achieved",
    "on_track": "On track",
    "moderate": "Moderate progress",
    "off_track": "Off track",
    "no_data": "Not enough data",
    "not_assessed": "Not assessed",
}


def status_group(status: str | None) -> str:
    """The group (colour, filter) of a progress status; unknown or missing: not_assessed."""
    return next((g for g, members in STATUS_GROUPS.items() if status in members), "not_assessed")


NOT_CHECKED = "not checked"  # a claim without a claim_checks row
VERDICT_MEANINGS = {  # the verdicts of a claim check in a sentence (badge tooltips, filter help)
    v.MATCHES: "A release published within 12 months of the text rounds to the figure as written, "
    "and no later release differs.",
    v.STILL_MATCHES: "A later release still rounds to the figure as written.",
    v.REVISED: "The data of its time matched; a later release differs beyond rounding.",
    v.DIFFERS: "This release does not round to the figure as written.",
    v.NOT_SUPPORTED: "No release of its time (published within 12 months of the text) rounds to the figure.",
    v.NO_RELEASE_OF_ITS_TIME: "No release we hold was published within a year of the text; later "
    "releases are shown for comparison.",
    v.NO_SERIES: "We publish no series this figure can be checked against.",
    NOT_CHECKED: "This figure was not checked.",
}
VERDICT_KINDS = {  # verdict -> colour class (the hues of the Claims chart, figures.claims.VERDICT_COLOURS)
    v.MATCHES: "match",
    v.STILL_MATCHES: "match",
    v.REVISED: "revised",
    v.DIFFERS: "differs",
    v.NOT_SUPPORTED: "unsupported",
}
CLAIM_VERDICTS = [*v.CLAIM_VERDICTS, NOT_CHECKED]  # what the verdict filter offers, in this order
