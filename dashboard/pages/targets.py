"""Targets: every target with its status, latest value and gap, and for any one of them a chart of its
history, its projection at the current pace and the target marker. Filter by framework, scope and status;
targets not verified in their framework's own text carry a visible mark.

The view is in the query string: ``/targets?framework=ITU Connect 2030 Agenda&status=off_track``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import dash
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard import components, data, figures, report
from dashboard.components import Chart

dash.register_page(
    __name__,
    path="/targets",
    name="Targets",
    title="Targets · ict4d",
    nav_order=1,
    description="every target with its status, gap, history and projection",
)

PAGE = "targets"
ALL = "all"
EVERY_COUNTRY = report.EVERY_COUNTRY
DEFAULTS = {"framework": ALL, "scope": ALL, "status": ALL, "target": None}


def _choices() -> tuple[list[str], list[str]]:
    t = data.targets()
    return sorted(t["framework"].dropna().unique().tolist()), sorted(t["scope"].dropna().unique().tolist())


def parse_query(**query: object) -> dict:
    """Clean targets-page state from the query string; never raises, explains what it ignored."""
    frameworks, scopes = _choices()
    state: dict = dict(DEFAULTS)
    messages: list[str] = []
    checks = {"framework": frameworks, "scope": scopes, "status": list(components.STATUS_GROUPS)}
    for key, allowed in checks.items():
        val = components.first(query.get(key))
        if val is None or val == ALL:
            continue
        if val in allowed:
            state[key] = val
        else:
            messages.append(f"Unknown {key} “{val[:60]}”; showing all.")
    target = components.first(query.get("target"))
    if target is not None:
        if target in set(data.targets()["target_id"]):
            state["target"] = target
        else:
            messages.append(f"Unknown target “{target[:40]}”.")
    state["messages"] = messages
    return state


# --- the scoreboard (pure over dashboard.data) -----------------------------------------------------------
def _headline_row(target: Mapping, rows: pd.DataFrame) -> dict:
    """The figures of one target for the scoreboard: status, latest value and year, gap, release."""
    out = {
        "status": None,
        "latest_value": None,
        "latest_year": None,
        "gap": None,
        "unit": None,
        "release": None,
        "countries": None,
    }
    if rows.empty:
        return out
    if target["scope"] == EVERY_COUNTRY:
        counts = report.status_counts(rows)
        out["countries"] = ", ".join(f"{n} {s}" for s, n in counts.items())
        return out
    r = rows.iloc[0]
    out.update(
        status=r.get("status"),
        latest_value=components.number(r.get("latest_value")),
        latest_year=components.number(r.get("latest_year")),
        gap=components.number(r.get("gap_to_target")),
        unit=r.get("unit"),
        release=r.get("release"),
    )
    return out


def progress_rows(target: Mapping) -> pd.DataFrame:
    """Progress rows of one target's scope, newest release first (progress split by target once)."""
    by_target = data.memo(
        ("targets-progress",),
        lambda: (
            {str(k): g for k, g in data.progress().groupby("target_id", sort=False)}
            if not data.progress().empty
            else {}
        ),
    )
    rows = by_target.get(str(target["target_id"]))
    return data.empty("progress") if rows is None else report.scope_rows(target, rows)


def full_board() -> pd.DataFrame:
    """Every target with its headline figures (computed once per process)."""
    return data.memo(("targets-board",), _full_board)


def _full_board() -> pd.DataFrame:
    t = data.targets()
    rows = []
    for target in t.to_dict("records"):
        head = _headline_row(target, progress_rows(target))
        rows.append({**target, **head, "group": components.status_group(head["status"])})
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
    groups = {g: i for i, g in enumerate(components.STATUS_GROUPS)}
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
    obs = data.observations(ind, sex=None, area=None, age_group=None) if ind else data.empty("observations")
    return {"observations": obs, "entities": data.entities(), "sources": data.sources()}


def _with_provenance(df: pd.DataFrame, target: Mapping, unit: str | None) -> pd.DataFrame:
    """The chart's data with the indicator, unit, release, source and licence columns every CSV carries."""
    src = data.sources()
    lic = dict(zip(src["source_id"], src["licence"], strict=False)) if "licence" in src else {}
    return df.assign(
        target_id=target["target_id"],
        indicator_id=target.get("indicator_id"),
        unit=unit,
        licence=df["source_id"].map(lic) if "source_id" in df else None,
    )


@components.chart("targets-target")
def build_chart(query: Mapping[str, object]) -> Chart:
    """History, projection and target marker of the target named in the query (`target=`)."""
    state = parse_query(**query)
    tid = state["target"]
    t = data.targets()
    match = t[t["target_id"] == tid] if tid else t.iloc[:0]
    if match.empty:
        return Chart(figures.empty_figure("Pick a target in the table"), "Target", filename="ict4d-target")
    target = match.iloc[0].to_dict()
    rows = progress_rows(target)
    title = f"{target['target_id']}: {target['wording']}"
    if has_series(target) and target["scope"] == EVERY_COUNTRY and not rows.empty:
        return every_country_chart(target, rows)
    spec = report.target_chart(target, rows, _tables_for(target)) if has_series(target) else None
    if spec is None:
        why = (
            "We have no series for this target."
            if not has_series(target)
            else "Assessed for every country: see the explorer's map."
            if target["scope"] == EVERY_COUNTRY
            else "No data for this target's series yet."
        )
        return Chart(
            figures.empty_figure(why),
            title,
            subtitle=target["framework"],
            summary=why,
            source=target_source(target),
            caveats=report.target_caveats(target, rows),
            filename=f"ict4d-{target['target_id']}",
        )
    row = rows.iloc[0]
    unit = row.get("unit")
    spec.summary = summary_text(target, row)
    spec.data = _with_provenance(spec.data, target, unit)
    spec.source = " · ".join(p for p in (spec.source, target_source(target)) if p)
    return spec


def target_source(target: Mapping) -> str:
    """Where the target's wording comes from (the registry's reference and address), for the source line."""
    ref = target.get("source_reference")
    url = target.get("source_url")
    parts = [str(v) for v in (ref, url) if isinstance(v, str) and v.strip()]
    return f"Target: {target.get('framework', '')}; {', '.join(parts)}" if parts else ""


def every_country_chart(target: Mapping, rows: pd.DataFrame) -> Chart:
    """A target for every country: the explorer's world map of its series, with the status counts."""
    view = components.CHARTS["explorer-chart"]({"indicator": target["indicator_id"], "tab": "map"})
    counts = report.status_counts(rows)
    total = int(counts.sum())
    spread = ", ".join(f"{n} {s}" for s, n in counts.items())
    threshold = components.number(target.get("threshold_value"))
    goal = (
        f"target {figures.fmt_threshold(target['comparator'], threshold, target_unit(target))} "
        f"by {target['deadline_year']}"
        if threshold is not None
        else f"no numeric target (assessed on observed growth) by {target['deadline_year']}"
    )
    return Chart(
        figure=view.figure,  # shared with the explorer's cached view: never mutated
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{view.title} · {goal}".strip(" ·"),
        summary=f"Assessed for {total} countries: {spread}. {view.summary}",
        source=" · ".join(p for p in (view.source, target_source(target)) if p),
        caveats=[*report.target_caveats(target, rows), *view.caveats],
        data=view.data.assign(target_id=target["target_id"]),
        filename=f"ict4d-{target['target_id']}",
    )


def summary_text(target: Mapping, row: Mapping) -> str:
    """The chart in words: latest value, target, gap, projection and status."""
    unit = row.get("unit")
    parts = [
        f"Latest value {figures.fmt_value(components.number(row.get('latest_value')), unit)}"
        f" in {int(row['latest_year'])}"
        if components.number(row.get("latest_year"))
        else "No data"
    ]
    tv = components.number(row.get("target_value"))
    if tv is not None:
        parts.append(f"target {figures.fmt_value(tv, unit)} by {int(target['deadline_year'])}")
    gap = components.number(row.get("gap_to_target"))
    if gap is not None:
        parts.append(f"gap {figures.fmt_gap(gap, unit)}")
    proj = components.number(row.get("projected_value"))
    if proj is not None and int(target["deadline_year"]) > int(row["latest_year"]):
        parts.append(f"projected {figures.fmt_value(proj, unit)} at the deadline at the current pace")
    parts.append(f"status: {row.get('status') or 'not assessed'} ({method_words(row.get('method'))})")
    return "; ".join(parts) + "."


METHOD_WORDS = {  # etl.progress method ids -> what a reader needs to know (reference/progress-methods.md)
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
    assessed = board[(board["group"] != "not_assessed") & (board["scope"] != EVERY_COUNTRY)]
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
    info = data.indicator_info(ind) if isinstance(ind, str) and ind else None
    return str(info["unit"]) if info else None


# --- layout ----------------------------------------------------------------------------------------------
def _link(state: Mapping[str, object], target_id: str) -> str:
    return "/targets" + components.to_query(
        {**{k: state.get(k) for k in DEFAULTS}, "target": target_id}, DEFAULTS
    )


def _static_cells(board: pd.DataFrame | None = None) -> dict[str, list]:
    """The cells of each target's row that do not depend on the filters (built once per process)."""
    board = full_board() if board is None else board
    names = data.entity_names()
    out = {}
    for r in components.records(board):
        unit = r["unit"]
        latest = (
            f"{figures.fmt_value(r['latest_value'], unit)} ({int(r['latest_year'])})"
            if r["latest_value"] is not None and r["latest_year"] is not None
            else (r["countries"] or "–")
        )
        tv_text = figures.fmt_threshold(r["comparator"], r.get("threshold_value"), target_unit(r))
        scope = "every country" if r["scope"] == EVERY_COUNTRY else names.get(r["scope"], r["scope"])
        out[r["target_id"]] = [
            html.Td(
                [
                    html.Strong(r["target_id"]),
                    html.Br(),
                    r["wording"],
                    " ",
                    components.verification_mark(r["verification_status"]),
                ]
            ),
            html.Td(r["framework"]),
            html.Td(scope),
            html.Td(components.status_badge(r["status"]) if not r["countries"] else r["countries"]),
            html.Td(latest),
            html.Td(tv_text),
            html.Td(figures.fmt_gap(r["gap"], unit)),
            html.Td(str(r["deadline_year"])),
        ]
    return out


def board_table(board: pd.DataFrame, state: Mapping[str, object]) -> html.Div:
    """The scoreboard as an accessible table; each target links to its chart."""
    if board.empty:
        return components.message("No target matches these filters.")
    head = html.Thead(
        html.Tr(
            [
                html.Th(c, scope="col")
                for c in [
                    "Target",
                    "Framework",
                    "Scope",
                    "Status",
                    "Latest",
                    "Threshold",
                    "Gap to target",
                    "Deadline",
                    "Chart",
                ]
            ]
        )
    )
    cells = data.memo(("targets-cells",), _static_cells)
    body = [
        html.Tr(
            [
                *cells[r["target_id"]],
                html.Td(
                    dcc.Link("Chart", href=_link(state, r["target_id"]), title=f"Chart of {r['target_id']}")
                    if has_series(r)
                    else ""
                ),
            ],
            className="target-row" + (" selected" if r["target_id"] == state.get("target") else ""),
        )
        for r in board[["target_id", "indicator_id"]].to_dict("records")
    ]
    return html.Div(
        html.Table([html.Caption(f"{len(board)} targets"), head, html.Tbody(body)], className="data-table"),
        className="table-scroll",
    )


def view_children(state: dict) -> list:
    """Chart card of the chosen target, then the scoreboard (built once per folder and filters)."""
    key = tuple(state.get(k) for k in DEFAULTS)
    return list(_view_children(str(data.data_dir()), key))


@functools.lru_cache(maxsize=256)
def _view_children(_folder: str, key: tuple) -> tuple:
    state = dict(zip(DEFAULTS, key, strict=True))
    board = scoreboard(state)
    if state.get("target") is None:
        state = {**state, "target": default_target(board)}
    query = {k: v for k, v in state.items() if k in DEFAULTS and v not in (None, ALL)}
    card = components.chart_card(
        "targets-target", build_chart(query), {"chart": "targets-target", "query": query}
    )
    return (card, board_table(board, state))


def layout(**query: object) -> html.Div:
    """The targets page for a query string."""
    state = parse_query(**query)
    frameworks, scopes = _choices()
    names = data.entity_names()
    opt = [{"label": "All", "value": ALL}]
    controls = html.Div(
        [
            components.labelled(
                "Framework",
                "targets-framework",
                dcc.Dropdown(
                    id="targets-framework",
                    options=opt + [{"label": f, "value": f} for f in frameworks],
                    value=state["framework"],
                    clearable=False,
                ),
            ),
            components.labelled(
                "Scope",
                "targets-scope",
                dcc.Dropdown(
                    id="targets-scope",
                    value=state["scope"],
                    clearable=False,
                    options=opt
                    + [
                        {"label": "every country" if s == EVERY_COUNTRY else names.get(s, s), "value": s}
                        for s in scopes
                    ],
                ),
            ),
            components.labelled(
                "Status",
                "targets-status",
                dcc.Dropdown(
                    id="targets-status",
                    value=state["status"],
                    clearable=False,
                    options=opt
                    + [{"label": lab, "value": key} for key, lab in components.STATUS_GROUP_LABELS.items()],
                ),
            ),
        ],
        className="controls",
    )
    return html.Div(
        [
            components.page_header(
                "Targets",
                "Every target of WSIS, ITU Connect 2020/2030, the Broadband Commission, "
                "universal meaningful connectivity and the SDGs, scored on the newest "
                "release of its series. Targets we could not verify in the framework's "
                "own text are marked.",
            ),
            html.Div([components.message(m, kind="warning") for m in state["messages"]]),
            controls,
            dcc.Store(id="targets-selected", data=state["target"]),
            dcc.Loading(html.Div(view_children(state), id="targets-view"), delay_show=300),
            *components.url_sync(PAGE),
        ],
        className="page page-targets",
    )


@dash.callback(
    Output("targets-view", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("targets-framework", "value"),
    Input("targets-scope", "value"),
    Input("targets-status", "value"),
    Input("targets-selected", "data"),
    prevent_initial_call=True,
)
def update(framework: str | None, scope: str | None, status: str | None, target: str | None) -> tuple:
    """Re-filter the scoreboard and keep the filters (and the charted target) in the address bar."""
    state = parse_query(framework=framework, scope=scope, status=status, target=target)
    search = components.to_query({k: state[k] for k in DEFAULTS}, DEFAULTS)
    return view_children(state), search
