"""The scoreboard `ict4d progress` prints: one line per target, its headline status, the value behind it
and its caveat, and the targets that cannot be measured, each with its reason (nothing silently dropped).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from etl.core.vocabulary import (
    EVERY_COUNTRY,
    MET,
    NO_NUMERIC_TARGET,
    NOT_MEASURABLE,
    NOT_MEASURABLE_REASONS,
    REASON_NO_SERIES,
    TARGET_STATUS_ORDER,
    status_label,
)
from etl.targets import missing_scopes

SCOREBOARD_COLUMNS = [
    "target_id",
    "verification_status",
    "entity_id",
    "release",
    "latest_year",
    "latest_value",
    "comparator",
    "target_value",
    "deadline_year",
    "status",
    "status_label",
    "status_detail",
    "first_year_met",
    "projected_value",
    "years_short",
    "caveat",
    "open_sdg_status",
    "unsd_status",
    "countries_release",
    "countries_with_data",
    "countries_met",
    "countries_improving",
]


def _not_measurable(t, entity: str, reason: str) -> dict:
    return {
        "target_id": t.target_id,
        "verification_status": t.verification_status,
        "entity_id": entity,
        "comparator": t.comparator,
        "target_value": t.threshold_value,
        "deadline_year": t.deadline_year,
        "status": NOT_MEASURABLE,
        "status_label": status_label(NOT_MEASURABLE),
        "status_detail": reason,
        "caveat": getattr(t, "caveat", None),
    }


def scoreboard(
    targets: pd.DataFrame,
    progress: pd.DataFrame,
    framework: str | None = None,
    entity_ids: set[str] | None = None,
) -> pd.DataFrame:
    """One line per target: the headline row for the target's scope (world for every_country).

    A target without a row is listed as not measurable with its reason (the registry's, the scope not in
    this build, or no data for the scope), so nothing silently disappears."""
    if framework:
        words = rf"\b{re.escape(framework)}\b"  # "Connect" is Connect 2020/2030, not "connectivity"
        targets = targets[
            targets["framework"].str.contains(words, case=False, regex=True)
            | targets["target_id"].str.startswith(framework)
        ]
    missing = missing_scopes(targets, entity_ids)
    latest = progress[progress["is_latest_release"].astype(bool)]
    rows = []
    for t in targets.itertuples(index=False):
        entity = "world" if t.scope == EVERY_COUNTRY else t.scope
        hit = latest[(latest["target_id"] == t.target_id) & (latest["entity_id"] == entity)]
        if not hit.empty:
            row = hit.iloc[0].to_dict()
            row["status_label"] = status_label(row["status"])
            rows.append({c: row.get(c) for c in SCOREBOARD_COLUMNS})
            continue
        reason = getattr(t, "not_measurable_reason", None)
        if not t.is_measurable:
            words = NOT_MEASURABLE_REASONS.get(str(reason), NOT_MEASURABLE_REASONS[REASON_NO_SERIES])
            note = t.note if isinstance(t.note, str) else ""
            rows.append(_not_measurable(t, entity, f"{words}: {note}" if note else words))
        elif t.target_id in missing:
            rows.append(_not_measurable(t, entity, f"no series: {missing[t.target_id]}"))
        else:
            rows.append(_not_measurable(t, entity, f"no series: no data for {entity} in this build"))
    board = pd.DataFrame(rows, columns=SCOREBOARD_COLUMNS)
    return board.astype(
        {
            c: "Int64"
            for c in (
                "latest_year",
                "deadline_year",
                "first_year_met",
                "years_short",
                "countries_with_data",
                "countries_met",
            )
        }
    )


def scoreboard_lines(board: pd.DataFrame) -> list[str]:
    """The scoreboard as text, one line per target: id, scope, status label, first year met or projection,
    the value behind it and the caveat."""

    def cell(v: object, spec: str = ".0f") -> str:
        return "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else format(v, spec)

    width = max([len(str(t)) for t in board["target_id"]] + [9])
    lines = []
    for r in board.to_dict("records"):
        status = str(r["status"])
        if status in (MET,) and not pd.isna(r.get("first_year_met")):
            key = f"first met {cell(r['first_year_met'])}"
        elif not pd.isna(r.get("projected_value")):
            key = f"projected {cell(r['projected_value'], '.4g')} in {r['deadline_year']}"
        else:
            key = ""
        value = (
            f"{cell(r['latest_value'], '.4g')} ({cell(r['latest_year'])}, {r['release']})"
            if not pd.isna(r.get("latest_value"))
            else ""
        )
        parts = [
            f"{r['target_id']:<{width}}",
            f"{r['entity_id']!s:<16}",
            f"{r['status_label']:<26}",
            f"{key:<24}",
            f"{value:<36}",
            str(r["status_detail"] or ""),
        ]
        if status == NO_NUMERIC_TARGET and not pd.isna(r.get("countries_with_data")):
            parts.append(
                f"[countries ({r['countries_release']}): {cell(r['countries_improving'])} of "
                f"{cell(r['countries_with_data'])} improving]"
            )
        elif not pd.isna(r.get("countries_with_data")):
            parts.append(
                f"[countries ({r['countries_release']}): {cell(r['countries_met'])} of "
                f"{cell(r['countries_with_data'])} meet it]"
            )
        if isinstance(r.get("caveat"), str) and r["caveat"]:
            parts.append(f"| caveat: {r['caveat']}")
        lines.append("  ".join(parts).rstrip())
    return lines


def status_counts(board: pd.DataFrame) -> dict[str, int]:
    """How many targets hold each status, in the vocabulary's order (labels as shown)."""
    counts = board["status"].value_counts()
    return {status_label(s): int(counts[s]) for s in TARGET_STATUS_ORDER if s in counts}
