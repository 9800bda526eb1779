"""The Targets page's view: every target with its status, latest value and gap (the scoreboard), filtered
by framework, scope and status, and the chart of one target (its series, the projection at the current
pace and the target marker). The view is in the address:
``/targets?framework=ITU Connect 2030 Agenda&status=off_track&target=BBC-3-world``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.views import published
from dashboard.views import target as one_target
from dashboard.views.brief import reader_text
from dashboard.views.builders import chart
from dashboard.views.figures.base import empty_figure
from dashboard.views.formats import fmt_gap, fmt_threshold, fmt_value
from dashboard.views.frames import number, records
from dashboard.views.pages import explorer
from dashboard.views.query import first, to_query
from dashboard.views.spec import ChartSpec, with_source_note
from dashboard.views.statuses import STATUS_GROUP_LABELS, STATUS_GROUPS, status_group
from etl.core.vocabulary import EVERY_COUNTRY, NOT_MEASURABLE, status_label

PATH = "/targets"
ALL = "all"
DEFAULTS = {"framework": ALL, "scope": ALL, "status": ALL, "target": None}


def _choices() -> tuple[list[str], list[str]]:
    t = published.targets()
    return sorted(t["framework"].dropna().unique().tolist()), sorted(t["scope"].dropna().unique().tolist())


def parse_query(**query: object) -> dict:
    """Clean targets-page state from the query string; never raises, explains what it ignored."""
    frameworks, scopes = _choices()
    state: dict = dict(DEFAULTS)
    messages: list[str] = []
    checks = {"framework": frameworks, "scope": scopes, "status": list(STATUS_GROUPS)}
    for key, allowed in checks.items():
        val = first(query.get(key))
        if val is None or val == ALL:
            continue
        if val in allowed:
            state[key] = val
        else:
            messages.append(f"Unknown {key} “{val[:60]}”; showing all.")
    target = first(query.get("target"))
    if target is not None:
        if target in set(published.targets()["target_id"]):
            state["target"] = target
        else:
            messages.append(f"Unknown target “{target[:40]}”.")
    state["messages"] = messages
    return state


# --- the scoreboard (pure over the published tables) -------------------------------------------------
def _headline_row(target: Mapping, rows: pd.DataFrame) -> dict:
    """The figures of one target for the scoreboard: status, latest value and year, gap, release."""
    out = {
        "status": None,
        "latest_value": None,
        "latest_year": None,
        "gap": None,
        "unit": None,
        "release": None,
        "source_id": None,
        "countries": None,
    }
    if rows.empty:
        return out
    if target["scope"] == EVERY_COUNTRY:
        counts = one_target.status_counts(rows)
        out["countries"] = ", ".join(f"{n} {status_label(s)}" for s, n in counts.items())
        rows = rows[rows["entity_id"] == "world"]  # the world row is scored and headlined
        if rows.empty:
            return out
    r = rows.iloc[0]
    out.update(
        status=r.get("status"),
        latest_value=number(r.get("latest_value")),
        latest_year=number(r.get("latest_year")),
        gap=number(r.get("gap_to_target")),
        unit=r.get("unit"),
        release=r.get("release"),
        source_id=r.get("source_id"),
    )
    return out


def progress_rows(target: Mapping) -> pd.DataFrame:
    """Progress rows of one target's scope, newest release first (progress split by target once)."""
    by_target = published.memo(
        ("targets-progress",),
        lambda: (
            {str(k): g for k, g in published.progress().groupby("target_id", sort=False)}
            if not published.progress().empty
            else {}
        ),
    )
    rows = by_target.get(str(target["target_id"]))
    return published.empty("progress") if rows is None else one_target.scope_rows(target, rows)


def full_board() -> pd.DataFrame:
    """Every target with its headline figures (computed once per process)."""
    return published.memo(("targets-board",), _full_board)


def _full_board() -> pd.DataFrame:
    t = published.targets()
    rows = []
    for target in t.to_dict("records"):
        head = _headline_row(target, progress_rows(target))
        if head["status"] is None and target.get("is_measurable") is False:
            head["status"] = NOT_MEASURABLE  # the registry says why (not_measurable_reason)
        rows.append({**target, **head, "group": status_group(head["status"])})
    return board_order(
        pd.DataFrame(
            rows,
            columns=[
                *t.columns,
                "status",
                "latest_value",
                "latest_year",
                "gap",
                "unit",
                "release",
                "source_id",
                "countries",
                "group",
            ],
        )
    )


def board_order(board: pd.DataFrame) -> pd.DataFrame:
    """Targets we can measure first, then by framework and status group (achieved … no data), registry
    order within; targets without a series (nothing to show but their wording) come last."""
    if board.empty:
        return board
    groups = {g: i for i, g in enumerate(STATUS_GROUPS)}
    key = board.assign(
        _unmeasured=~board["indicator_id"].map(lambda v: isinstance(v, str) and bool(v)),
        _group=board["group"].map(groups).fillna(len(groups)),
    )
    key = key.sort_values(["_unmeasured", "framework", "_group"], kind="stable")
    return key.drop(columns=["_unmeasured", "_group"]).reset_index(drop=True)


def scoreboard(state: Mapping[str, object]) -> pd.DataFrame:
    """One row per target that passes the filters (measurable first, see `board_order`), with its figures."""
    board = full_board()
    for key in ("framework", "scope"):
        if state.get(key) not in (None, ALL):
            board = board[board[key] == state[key]]
    if state.get("status") not in (None, ALL):
        board = board[board["group"] == state["status"]]
    return board.reset_index(drop=True)


def has_series(target: Mapping) -> bool:
    """Does the target name an indicator we publish a series for (empty cells come back as NaN)?"""
    ind = target.get("indicator_id")
    return isinstance(ind, str) and bool(ind)


def _tables_for(target: Mapping) -> dict[str, pd.DataFrame]:
    ind = target.get("indicator_id")
    obs = (
        published.observations(ind, sex=None, area=None, age_group=None)
        if ind
        else published.empty("observations")
    )
    return {
        "observations": obs,
        "entities": published.entities(),
        "sources": published.sources(),
        "releases": published.table("releases"),
    }


def _with_provenance(df: pd.DataFrame, target: Mapping, unit: str | None) -> pd.DataFrame:
    """The chart's data with the indicator, unit, release, source and licence columns every CSV carries."""
    src = published.sources()
    lic = dict(zip(src["source_id"], src["licence"], strict=False)) if "licence" in src else {}
    return df.assign(
        target_id=target["target_id"],
        indicator_id=target.get("indicator_id"),
        unit=unit,
        licence=df["source_id"].map(lic) if "source_id" in df else None,
    )


@chart("targets-target")
def build_chart(query: Mapping[str, object]) -> ChartSpec:
    """History, projection and target marker of the target named in the query (`target=`)."""
    state = parse_query(**query)
    tid = state["target"]
    t = published.targets()
    match = t[t["target_id"] == tid] if tid else t.iloc[:0]
    if match.empty:
        return ChartSpec(empty_figure("Pick a target in the table"), "Target", filename="ict4d-target")
    target = match.iloc[0].to_dict()
    rows = progress_rows(target)
    title = f"{target['target_id']}: {target['wording']}"
    if has_series(target) and target["scope"] == EVERY_COUNTRY and not rows.empty:
        return every_country_chart(target, rows)
    spec = one_target.target_chart(target, rows, _tables_for(target)) if has_series(target) else None
    if spec is None:
        why = (
            "We have no series for this target."
            if not has_series(target)
            else "Assessed for every country: see the explorer's map."
            if target["scope"] == EVERY_COUNTRY
            else "No data for this target's series yet."
        )
        return ChartSpec(
            empty_figure(why),
            title,
            subtitle=target["framework"],
            summary=why,
            source=target_source(target),
            caveats=one_target.target_caveats(target, rows),
            filename=f"ict4d-{target['target_id']}",
        )
    row = rows.iloc[0]
    unit = row.get("unit")
    spec.summary = summary_text(target, row)
    spec.data = _with_provenance(spec.data, target, unit)
    spec.source = with_source_note(spec.source, target_source(target))
    return spec


def target_source(target: Mapping) -> str:
    """Where the target's wording comes from (the registry's reference and address), for the source line."""
    ref = reader_text(target.get("source_reference"))
    url = target.get("source_url")
    parts = [str(v) for v in (ref, url) if isinstance(v, str) and v.strip()]
    return f"Target as written in: {', '.join(parts)}" if parts else ""


def every_country_chart(target: Mapping, rows: pd.DataFrame) -> ChartSpec:
    """A target for every country: the explorer's world map of its series, with the status counts."""
    view = explorer.build_chart({"indicator": target["indicator_id"], "tab": "map"})
    counts = one_target.status_counts(rows)
    total = int(counts.sum())
    spread = ", ".join(f"{n} {s}" for s, n in counts.items())
    threshold = number(target.get("threshold_value"))
    goal = (
        f"target {fmt_threshold(target['comparator'], threshold, target_unit(target))} "
        f"by {target['deadline_year']}"
        if threshold is not None
        else f"no numeric target (assessed on observed growth) by {target['deadline_year']}"
    )
    return ChartSpec(
        figure=view.figure,  # shared with the explorer's cached view: never mutated
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{view.title} · {goal}".strip(" ·"),
        summary=f"Assessed for {total} countries: {spread}. {view.summary}",
        source=with_source_note(view.source, target_source(target)),
        caveats=[*one_target.target_caveats(target, rows), *view.caveats],
        data=view.data.assign(target_id=target["target_id"]),
        filename=f"ict4d-{target['target_id']}",
    )


def summary_text(target: Mapping, row: Mapping) -> str:
    """The chart in words: latest value, target, gap, projection and status."""
    unit = row.get("unit")
    parts = [
        f"Latest value {fmt_value(number(row.get('latest_value')), unit)} in {int(row['latest_year'])}"
        if number(row.get("latest_year"))
        else "No data"
    ]
    tv = number(row.get("target_value"))
    if tv is not None:
        parts.append(f"target {fmt_value(tv, unit)} by {int(target['deadline_year'])}")
    gap = number(row.get("gap_to_target"))
    if gap is not None:
        parts.append(f"gap {fmt_gap(gap, unit)}")
    proj = number(row.get("projected_value"))
    if proj is not None and int(target["deadline_year"]) > int(row["latest_year"]):
        parts.append(f"projected {fmt_value(proj, unit)} at the deadline at the current pace")
    parts.append(f"status: {row.get('status') or 'not assessed'} ({method_words(row.get('method'))})")
    return "; ".join(parts) + "."


METHOD_WORDS = {  # the method ids of the progress table -> what a reader needs to know
    "open_sdg_ratio_of_growth_rates": "Open SDG ratio of observed to required growth",
    "open_sdg_observed_growth_no_target": "Open SDG observed growth, no numeric target",
    "unsd_extrapolation": "UN Statistics Division extrapolation to the deadline",
}


def method_words(method: object) -> str:
    """The methods behind a status, in words ("a; b" -> "A; B"); unknown ids are kept as they are."""
    if not isinstance(method, str) or not method.strip():
        return "no method"
    return "; ".join(METHOD_WORDS.get(m.strip(), m.strip()) for m in method.split(";"))


def default_target(board: pd.DataFrame) -> str | None:
    """The target charted when none is asked: a current one, i.e. the verified world target with the
    nearest deadline not before the newest data year (in the data, not the clock, so views are stable),
    e.g. the Broadband Commission's 75 % of the world online by 2025; else the first assessed one."""
    if board.empty:
        return None
    assessed = board[
        ~board["group"].isin(["not_assessed", NOT_MEASURABLE]) & (board["scope"] != EVERY_COUNTRY)
    ]
    newest = pd.to_numeric(assessed["latest_year"], errors="coerce").max()
    deadline = pd.to_numeric(assessed["deadline_year"], errors="coerce")
    current = assessed[
        (assessed["scope"] == "world")
        & (assessed["verification_status"] == "verified")
        & (assessed["comparator"] != "parity")
        & (deadline >= newest if pd.notna(newest) else True)
    ]
    if not current.empty:
        order = current.assign(_d=pd.to_numeric(current["deadline_year"], errors="coerce"))
        return str(order.sort_values("_d", kind="stable").iloc[0]["target_id"])
    pick = assessed if not assessed.empty else board
    return str(pick.iloc[0]["target_id"])


def target_unit(target: Mapping) -> str | None:
    """The unit of a target's threshold: its indicator's unit in our registry (a parity score is a ratio)."""
    if target.get("comparator") == "parity":
        return "ratio"
    ind = target.get("indicator_id")
    info = published.indicator_info(ind) if isinstance(ind, str) and ind else None
    return str(info["unit"]) if info else None


def link(state: Mapping[str, object], target_id: str) -> str:
    """The address of the page with the same filters and this target charted."""
    return "/targets" + to_query({**{k: state.get(k) for k in DEFAULTS}, "target": target_id}, DEFAULTS)


def row_words(r: Mapping[str, object]) -> dict[str, str]:
    """The scoreboard's words for one target row: scope, latest value (or the count per status for every
    country), threshold, gap and deadline."""
    names = published.entity_names()
    unit = r["unit"]
    latest = (
        f"{fmt_value(r['latest_value'], unit)} ({int(r['latest_year'])})"
        if r["latest_value"] is not None and r["latest_year"] is not None
        else (r["countries"] or "–")
    )
    return {
        "scope": "every country" if r["scope"] == EVERY_COUNTRY else names.get(r["scope"], r["scope"]),
        "latest": latest,
        "threshold": fmt_threshold(r["comparator"], r.get("threshold_value"), target_unit(r)),
        "gap": fmt_gap(r["gap"], unit),
        "deadline": str(r["deadline_year"]),
    }


def board_words() -> dict[str, dict[str, str]]:
    """`row_words` of every target, by target id (once per process: they do not depend on the filters)."""
    return published.memo(
        ("targets-words",), lambda: {r["target_id"]: row_words(r) for r in records(full_board())}
    )


def charted(state: Mapping[str, object]) -> tuple[pd.DataFrame, dict, dict]:
    """The scoreboard of the filters, the state with the target charted (a current one when none is
    asked, see `default_target`), and the query of that chart."""
    board = scoreboard(state)
    state = dict(state)
    if state.get("target") is None:
        state["target"] = default_target(board)
    query = {k: v for k, v in state.items() if k in DEFAULTS and v not in (None, ALL)}
    return board, state, query


def filter_choices() -> dict[str, list[dict]]:
    """The options of the framework, scope and status filters ("All" first)."""
    frameworks, scopes = _choices()
    names = published.entity_names()
    opt = [{"label": "All", "value": ALL}]
    return {
        "framework": opt + [{"label": f, "value": f} for f in frameworks],
        "scope": opt
        + [{"label": "every country" if s == EVERY_COUNTRY else names.get(s, s), "value": s} for s in scopes],
        "status": opt + [{"label": lab, "value": key} for key, lab in STATUS_GROUP_LABELS.items()],
    }
