"""The Targets scoreboard as rows a reader takes away: one row per target of the view (filters from the
address), in the words of the page, with the numbers beside them.

Why one function (`board_rows`): the page's CSV and XLSX buttons, ``ict4d export "/targets?..." --out
board.csv`` and the brief filtered to the view all take their rows from it, so a download says what the
screen says. The grid (`grid_rows`) adds what only a screen draws: the status id for the chip's colour and
the sparkline's points.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.views import published
from dashboard.views import target as one_target
from dashboard.views.brief import reader_text
from dashboard.views.builders import table
from dashboard.views.frames import number, records
from dashboard.views.pages import targets
from dashboard.views.statuses import STATUS_GROUP_LABELS, STATUS_MEANINGS
from dashboard.views.target import clean
from etl.core.releases import Calendar
from etl.core.vocabulary import EVERY_COUNTRY, NOT_MEASURABLE_REASONS

# the columns of the CSV/XLSX, in this order (numbers beside their words; ids last, for tracing)
BOARD_COLUMNS = [
    "framework",
    "target",
    "scope",
    "status",
    "latest_value",
    "unit",
    "latest_year",
    "latest",
    "threshold",
    "deadline",
    "gap",
    "countries",
    "edition",
    "verification",
    "caveat",
    "target_id",
    "indicator_id",
    "release",
    "source_id",
    "licence",
]


def calendar() -> Calendar:
    """The release calendar of the published folder (edition names)."""
    return published.memo(("calendar",), lambda: Calendar(published.table("releases")))


def edition(release: object) -> str:
    """A release as its publisher names it ("SDG Global Database 2023 release"); empty for none."""
    release = clean(release)
    return calendar().edition(str(release)) if release else ""


def status_words(r: Mapping[str, Any]) -> str:
    """The status of a board row in the one vocabulary's words ("Likely met (projected)")."""
    return STATUS_GROUP_LABELS[r["group"]]


def _licences() -> dict[str, str]:
    src = published.sources()
    return dict(zip(src["source_id"], src["licence"], strict=False)) if "licence" in src else {}


def _caveat(r: Mapping[str, Any]) -> str:
    """The registry's caveat and, for a target we cannot score, why (in words)."""
    parts = [reader_text(r.get("caveat")), one_target.target_caveats(r, published.empty("progress"))]
    words = [parts[0]] if parts[0] else []
    words += parts[1]
    reason = clean(r.get("not_measurable_reason"))
    if reason:
        words.append(f"Not measurable: {NOT_MEASURABLE_REASONS.get(reason, reason)}")
    return "; ".join(str(w) for w in words if w)


def view_board(state: Mapping[str, object]) -> pd.DataFrame:
    """The board of a view's filters grouped by framework (frameworks in registry order; within one,
    measurable targets first, by status: `targets.board_order`)."""
    board = targets.scoreboard(state)
    order = {f: i for i, f in enumerate(dict.fromkeys(published.targets()["framework"]))}
    key = board["framework"].map(order).fillna(len(order))
    return board.assign(_f=key).sort_values("_f", kind="stable").drop(columns="_f").reset_index(drop=True)


def board_rows(state: Mapping[str, object]) -> pd.DataFrame:
    """The scoreboard of a view (framework, scope and status filters of the address), one row per target,
    in `BOARD_COLUMNS`: what the CSV, the XLSX and `ict4d export` write."""
    board = view_board(state)
    words = targets.board_words()
    licences = _licences()
    rows = []
    for r in records(board):
        w = words[r["target_id"]]
        rows.append(
            {
                "framework": r["framework"],
                "target": r["wording"],
                "scope": w["scope"],
                "status": status_words(r),
                "latest_value": number(r["latest_value"]),
                "unit": clean(r["unit"]),
                "latest_year": None if r["latest_year"] is None else int(r["latest_year"]),
                "latest": w["latest"],
                "threshold": w["threshold"],
                "deadline": w["deadline"],
                "gap": w["gap"],
                "countries": clean(r["countries"]) or "",
                "edition": edition(r["release"]),
                "verification": r["verification_status"],
                "caveat": _caveat(r),
                "target_id": r["target_id"],
                "indicator_id": clean(r["indicator_id"]),
                "release": clean(r["release"]),
                "source_id": clean(r["source_id"]),
                "licence": licences.get(r["source_id"], "") if clean(r["source_id"]) else "",
            }
        )
    out = pd.DataFrame(rows, columns=BOARD_COLUMNS)
    return out.astype({"latest_year": "Int64", "latest_value": "Float64"})


@table("targets")
def board_table(query: Mapping[str, object]) -> pd.DataFrame:
    """The rows of the scoreboard for a view's query (the page's CSV/XLSX, `ict4d export`)."""
    return board_rows(targets.parse_query(**query))


# --- what only the screen draws ------------------------------------------------------------------------
def trend(target: Mapping[str, Any]) -> list[list[float]]:
    """The points of a target's sparkline: [year, value] of the series its headline row was scored on
    (for a target on every country, the world's); empty when there is none."""
    if not targets.has_series(target):
        return []
    rows = targets.progress_rows(target)
    if target["scope"] == EVERY_COUNTRY:
        rows = rows[rows["entity_id"] == "world"]
    if rows.empty:
        return []
    ind = target["indicator_id"]
    obs = published.observations(ind, sex=None, area=None, age_group=None)
    hist = one_target.history_for(target, rows.iloc[0].to_dict(), obs)
    if hist.empty:
        return []
    hist = hist.dropna(subset=["value"]).sort_values("year").drop_duplicates("year", keep="last")
    return [[int(y), round(float(v), 4)] for y, v in zip(hist["year"], hist["value"], strict=True)]


def trends() -> dict[str, list[list[float]]]:
    """`trend` of every target, by id (once per process: they do not depend on the filters)."""
    return published.memo(
        ("targets-trends",), lambda: {r["target_id"]: trend(r) for r in records(targets.full_board())}
    )


def grid_rows(state: Mapping[str, object]) -> list[dict[str, Any]]:
    """The grid's rows: the board rows, plus the status id (chip colour), its meaning and the sparkline."""
    board = view_board(state)
    spark = trends()
    out = []
    for row, r in zip(records(board_rows(state)), records(board), strict=True):
        out.append(
            {
                **row,
                "status_id": r["group"],
                "status_meaning": STATUS_MEANINGS.get(r["group"], ""),
                "trend": spark.get(r["target_id"], []),
            }
        )
    return out


# --- the detail panel ----------------------------------------------------------------------------------
OPEN_SDG = "Open SDG: ratio of observed to required growth"
UNSD = "UN Statistics Division: extrapolation to the deadline"


def _ratio(value: object) -> str:
    v = number(value)
    return "" if v is None else f"ratio {v:.2f}"


def detail(target_id: str | None) -> dict[str, Any] | None:
    """What the detail panel says about one target besides its chart: status in words with its meaning and
    sentence, both official methods with their ratios, and every caveat. None for an unknown id."""
    t = published.targets()
    match = t[t["target_id"] == target_id] if target_id else t.iloc[:0]
    if match.empty:
        return None
    target = match.iloc[0].to_dict()
    rows = targets.progress_rows(target)
    head = rows[rows["entity_id"] == "world"] if target["scope"] == EVERY_COUNTRY else rows
    row = head.iloc[0].to_dict() if not head.empty else {}
    status = row.get("status") if clean(row.get("status")) in STATUS_MEANINGS else None
    group = status or "not_assessed"
    methods = []
    if row:
        methods = [
            (OPEN_SDG, clean(row.get("open_sdg_status")) or "not computed", _ratio(row.get("growth_ratio"))),
            (UNSD, clean(row.get("unsd_status")) or "not computed", _ratio(row.get("extrapolation_ratio"))),
        ]
    caveats = [c for c in (reader_text(target.get("caveat")), reader_text(row.get("caveat"))) if c]
    caveats += one_target.target_caveats(target, rows)
    reason = clean(target.get("not_measurable_reason"))
    if reason:
        caveats.append(f"Not measurable: {NOT_MEASURABLE_REASONS.get(reason, reason)}.")
    return {
        "target_id": target["target_id"],
        "measured": targets.has_series(target),
        "wording": target["wording"],
        "framework": target["framework"],
        "status_id": group,
        "status": STATUS_GROUP_LABELS[group],
        "meaning": STATUS_MEANINGS.get(group, ""),
        "status_detail": clean(row.get("status_detail")) or "",
        "edition": edition(row.get("release")),
        "methods": methods,
        "caveats": list(dict.fromkeys(caveats)),
        "where_read": reader_text(target.get("source_reference")),
        "url": clean(target.get("source_url")) or "",
    }
