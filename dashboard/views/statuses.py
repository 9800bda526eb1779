"""Target statuses and claim verdicts as readers meet them: grouped for colour and filtering, and each
verdict's meaning in a sentence. The words themselves are the ETL's, from ``etl.core.vocabulary``.
"""

from __future__ import annotations

from etl.core import vocabulary as v

# one status, one word everywhere: the badge, the filter, the counts and the brief show the status's label
STATUS_GROUPS = {status: [status] for status in v.TARGET_STATUS_ORDER} | {"not_assessed": []}
STATUS_GROUP_LABELS = {status: v.status_label(status) for status in v.TARGET_STATUS_ORDER} | {
    "not_assessed": "Not assessed"
}
STATUS_MEANINGS = {status: v.TARGET_STATUSES[status].meaning for status in v.TARGET_STATUS_ORDER}


def status_group(status: str | None) -> str:
    """The group (colour, filter) of a progress status; unknown or missing: not_assessed."""
    return status if status in v.TARGET_STATUSES else "not_assessed"


NOT_CHECKED = "not checked"  # a claim without a claim_checks row
VERDICT_MEANINGS = {  # the verdicts of a claim check in a sentence (badge tooltips, filter help)
    v.MATCHES: "The newest release published before the text was adopted rounds to the figure as written, "
    "and the newest release confirms it.",
    v.STILL_MATCHES: "A later release still rounds to the figure as written.",
    v.REVISED: "The data of its time matched; the newest release differs beyond rounding.",
    v.DIFFERS: "This release does not round to the figure as written.",
    v.NOT_SUPPORTED: "The newest release published before the text was adopted does not round to the figure.",
    v.NO_RELEASE_OF_ITS_TIME: "No release we hold that was published before the text has the figure; later "
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
