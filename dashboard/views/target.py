"""One target as the Targets page and the brief both draw it: the progress rows of its scope, the series
it was scored on, the projection to its deadline, its caveats and its chart.

Why one module: a target must read the same on the page and in the brief; both take it from here.
Pure: every function takes the published tables (or rows of them) as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.views.figures import targets as figures
from dashboard.views.frames import parity_series
from dashboard.views.spec import ChartSpec, source_line, source_refs, target_caveat
from etl.core.vocabulary import EVERY_COUNTRY, status_label

ISO3 = r"[A-Z]{3}"  # country entity ids (groups are snake_case)


def clean(value: Any) -> Any:
    """None for NaN/NA so that text never says 'nan'."""
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def scope_rows(target: Mapping[str, Any], progress: pd.DataFrame) -> pd.DataFrame:
    """Progress rows of one target for its scope entity (every release), newest release first."""
    rows = progress[progress["target_id"] == target["target_id"]]
    if target["scope"] != EVERY_COUNTRY:
        rows = rows[rows["entity_id"] == target["scope"]]
    if "is_latest_release" in rows:
        rows = rows.sort_values(["is_latest_release", "release"], ascending=[False, False])
    return rows


def history_for(
    target: Mapping[str, Any], row: Mapping[str, Any], observations: pd.DataFrame
) -> pd.DataFrame:
    """The observations a progress row was scored on (for parity targets: the female/male score)."""
    obs = observations[
        (observations["indicator_id"] == target["indicator_id"])
        & (observations["entity_id"] == row["entity_id"])
        & (observations["release"] == row["release"])
        & (observations["source_id"] == row["source_id"])
        & (observations["area"] == target.get("area", "total"))
        & (observations["age_group"] == "total")
    ]
    if target["comparator"] == "parity":
        return parity_series(obs)
    return obs[obs["sex"] == target["sex"]]


def projection_for(row: Mapping[str, Any]) -> pd.DataFrame | None:
    """Latest value to the projected deadline value (the progress table's extrapolation), when given."""
    latest_year, latest, projected = (
        clean(row.get(k)) for k in ("latest_year", "latest_value", "projected_value")
    )
    deadline = clean(row.get("deadline_year"))
    if None in (latest_year, latest, projected, deadline) or int(deadline) <= int(latest_year):
        return None
    return pd.DataFrame(
        {"year": [int(latest_year), int(deadline)], "value": [float(latest), float(projected)]}
    )


def target_caveats(target: Mapping[str, Any], rows: pd.DataFrame) -> list[str]:
    """What a reader must know: unverified target, releases that disagree on the status (of the one entity
    a target is scoped to; for every country, each country is counted in its newest release)."""
    caveats = [target_caveat_of(target)]
    single = target.get("scope") != EVERY_COUNTRY
    if single and "status" in rows and rows["release"].nunique() > 1 and rows["status"].nunique() > 1:
        per = "; ".join(
            f"{r.release}: {status_label(r.status)}" for r in rows.drop_duplicates("release").itertuples()
        )
        caveats.append(f"Releases differ on the status ({per})")
    return [c for c in caveats if c]


def target_caveat_of(target: Mapping[str, Any]) -> str | None:
    """The caveat of a target not verified in its framework's own text (None when verified)."""
    return target_caveat(target.get("verification_status"))


def target_chart(
    target: Mapping[str, Any], rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame]
) -> ChartSpec | None:
    """The chart of a target's scope entity in the newest release: history, projection, target marker."""
    if rows.empty or target["scope"] == EVERY_COUNTRY:
        return None
    row = rows.iloc[0].to_dict()
    history = history_for(target, row, tables["observations"])
    if history.empty:
        return None
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"], strict=False))
    name = names.get(row["entity_id"], row["entity_id"])
    unit = row.get("unit") or ""
    fig = figures.target_chart(history, target, unit=unit, name=name, projection=projection_for(row))
    status = clean(row.get("status")) or "not assessed"
    return ChartSpec(
        figure=fig,
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{name} · status: {status} · release {row['release']}",
        source=source_line(
            source_refs(history, tables.get("sources", pd.DataFrame()), tables.get("releases"))
        ),
        caveats=target_caveats(target, rows),
        data=history,
        filename=f"ict4d-{target['target_id']}",
    )


def countries_chart(
    target: Mapping[str, Any], rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame]
) -> ChartSpec | None:
    """For a target on every country: how many countries are in each status, newest release of each."""
    latest = latest_countries(rows)
    if latest.empty or "status" not in latest:
        return None
    counts = status_counts(rows)
    fig = figures.status_bars(counts.rename(index=lambda s: status_label(str(s))))
    releases = sorted(latest["release"].dropna().astype(str).unique())
    cols = [
        c
        for c in (
            "target_id",
            "indicator_id",
            "entity_id",
            "unit",
            "release",
            "source_id",
            "latest_year",
            "latest_value",
            "status",
            "method",
        )
        if c in latest.columns
    ]
    return ChartSpec(
        figure=fig,
        title=f"{target['target_id']}: {target['wording']}",
        subtitle=f"{int(counts.sum())} countries by status, newest release of each ({', '.join(releases)})",
        source=source_line(
            source_refs(latest, tables.get("sources", pd.DataFrame()), tables.get("releases"))
        ),
        caveats=target_caveats(target, rows),
        data=latest[cols],
        filename=f"ict4d-{target['target_id']}",
    )


def latest_countries(rows: pd.DataFrame) -> pd.DataFrame:
    """For a target on every country: each country's row from its newest release (groups left out)."""
    latest = rows[rows["is_latest_release"]] if "is_latest_release" in rows else rows
    return latest[latest["entity_id"].astype(str).str.fullmatch(ISO3)]


def status_counts(rows: pd.DataFrame) -> pd.Series:
    """For a target on every country: how many countries are in each status (newest release of each)."""
    latest = latest_countries(rows)
    return (
        latest["status"].fillna("not assessed").value_counts() if "status" in latest else pd.Series(dtype=int)
    )
