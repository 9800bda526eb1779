"""Group values beside ITU's own: low- and middle-income countries from ITU's World and High-income
figures, which figure of a group a target headlines, and our computed values next to the published ones.

The order of preference (``group_value_rank``) is the one the aggregate module's docstring gives
(``etl.methods.aggregate``): ITU's own aggregate in a primary release, then ITU's own World minus High
income, then our weighted mean (or median), then redistributions.
"""

from __future__ import annotations

import re

import pandas as pd

from etl.core import schemas
from etl.core.releases import Calendar
from etl.methods import compare
from etl.methods.aggregate import DEVELOPING_LMIC, SOURCE_ID, TOTAL

# --- low- and middle-income countries from ITU's own World and High-income figures -----------------------
HIGH_INCOME = "wb_high_income"
LMIC_DERIVED = "world_minus_high_income"  # series_code prefix of the rows lmic_from_itu derives
# a share (or per-100) indicator and the count it is a share of, both published by ITU for World and groups
COUNT_OF: dict[str, str] = {
    "internet_use_share": "internet_users_count",
    "mobile_cellular_coverage_share": "mobile_cellular_coverage_count",
    "mobile_broadband_coverage_share": "mobile_broadband_coverage_count",
    "lte_coverage_share": "lte_coverage_count",
    "mobile_5g_coverage_share": "mobile_5g_coverage_count",
    "mobile_phone_ownership_share": "mobile_phone_owners_count",
    "mobile_cellular_subscriptions_per_100": "mobile_cellular_subscriptions_count",
    "mobile_broadband_subscriptions_per_100": "mobile_broadband_subscriptions_count",
    "fixed_broadband_subscriptions_per_100": "fixed_broadband_subscriptions_count",
    "fixed_telephone_subscriptions_per_100": "fixed_telephone_subscriptions_count",
}
_KEY = ["year", "sex", "area", "age_group", "release"]


def lmic_from_itu(observations: pd.DataFrame, calendar: Calendar) -> pd.DataFrame:
    """`developing_lmic` as ITU's own World minus High income, per primary release that has both.

    For each share with its count (``COUNT_OF``): population = count / share x 100 for World and for High
    income, then LMIC share = (count_world - count_high) / (pop_world - pop_high) x 100 and LMIC count =
    count_world - count_high. Rows are ict4d-computed, carry the input release and say so in the note;
    World minus High income also counts the economies the World Bank does not classify.
    """
    up = observations[
        ~observations["is_computed"].astype(bool)
        & observations["entity_id"].isin(["world", HIGH_INCOME])
        & observations["indicator_id"].isin(set(COUNT_OF) | set(COUNT_OF.values()))
    ]
    up = up[up["release"].map(calendar.is_primary).astype(bool)]
    frames = []
    for share_id, count_id in COUNT_OF.items():
        share, count = up[up["indicator_id"] == share_id], up[up["indicator_id"] == count_id]
        if share.empty or count.empty:
            continue
        pair = share.merge(count, on=[*_KEY, "entity_id"], suffixes=("", "_count"))
        wide = pair.pivot_table(
            index=_KEY, columns="entity_id", values=["value", "value_count"], aggfunc="first"
        )
        if ("value", "world") not in wide or ("value", HIGH_INCOME) not in wide:
            continue
        s_w, s_h = wide[("value", "world")], wide[("value", HIGH_INCOME)]
        c_w, c_h = wide[("value_count", "world")], wide[("value_count", HIGH_INCOME)]
        lmic_count = c_w - c_h
        lmic_pop = c_w / s_w * 100 - c_h / s_h * 100
        lmic_share = lmic_count / lmic_pop * 100
        ok = (s_w > 0) & (s_h > 0) & (lmic_pop > 0) & (lmic_count >= 0)
        first = pair.drop_duplicates(_KEY).set_index(_KEY)
        for indicator, values, unit_col, code_col in (
            (share_id, lmic_share, "unit", "series_code"),
            (count_id, lmic_count, "unit_count", "series_code_count"),
        ):
            rows = first.loc[ok[ok].index]
            code = rows[code_col].astype(str)
            frames.append(
                pd.DataFrame(
                    {
                        "indicator_id": indicator,
                        "entity_id": DEVELOPING_LMIC,
                        "value": values[ok].to_numpy(),
                        "unit": rows[unit_col].to_numpy(),
                        "source_id": SOURCE_ID,
                        "series_code": (LMIC_DERIVED + ": " + code).to_numpy(),
                        "is_estimate": rows["is_estimate"].astype(bool).to_numpy(),
                        "is_computed": True,
                        "note": [
                            _lmic_note(share_id, count_id, r) for r in rows.index.get_level_values("release")
                        ],
                    },
                    index=rows.index,
                ).reset_index()
            )
    if not frames:
        return pd.DataFrame(columns=list(schemas.Observation.to_schema().columns))
    out = pd.concat(frames, ignore_index=True)
    return schemas.Observation.validate(out[list(schemas.Observation.to_schema().columns)])


def _lmic_note(share_id: str, count_id: str, release: str) -> str:
    return (
        f"ict4d-computed: low- and middle-income countries = ITU's own World minus High income ({release}): "
        f"share = ({count_id} World - High income) / (population World - High income) x 100, each "
        f"population = {count_id} / {share_id} x 100, from the figures as published (rounded to 1 decimal); "
        "World minus High income also counts the economies the World Bank does not classify."
    )


# --- which group value a target headlines -----------------------------------------------------------------
RANK_WORDS = {
    0: "ITU's own figure (primary release)",
    1: "derived by ict4d from ITU's own World and High-income figures",
    2: "computed by ict4d from country values of a primary release",
    3: "a redistribution of ITU's figures",
    4: "computed by ict4d from a redistribution",
}


def _all_primary(release: str, calendar: Calendar) -> bool:
    return all(calendar.is_primary(part) for part in str(release).split("+"))


def group_value_rank(rows: pd.DataFrame, calendar: Calendar) -> pd.Series:
    """Preference of each row's figure, 0 best (``RANK_WORDS``): ITU's own before derived, derived before
    computed, and any redistribution (OWID, Gapminder) last. Needs source_id, release and series_code."""
    primary = rows["release"].map(lambda r: _all_primary(r, calendar)).astype(bool)
    computed = rows["source_id"] == SOURCE_ID
    derived = computed & rows["series_code"].astype(str).str.startswith(LMIC_DERIVED)
    rank = pd.Series(0, index=rows.index)
    rank[computed & primary] = 2
    rank[derived & primary] = 1
    rank[~computed & ~primary] = 3
    rank[computed & ~primary] = 4
    return rank


_COVERAGE = re.compile(r"Coverage: (\d+(?:\.\d+)?)% of the (group's population|member countries)")


def note_coverage(note: object) -> tuple[float, str] | None:
    """(coverage %, of what) from the note of a computed mean or median; None for other rows."""
    match = _COVERAGE.search(str(note)) if isinstance(note, str) else None
    return (float(match.group(1)), match.group(2)) if match else None


def computed_statistic(series_code: str, note: object) -> str:
    """What a computed row is, in words: derived from ITU's figures, a weighted mean or a median."""
    if str(series_code).startswith(LMIC_DERIVED):
        return "ITU's own World minus High-income figures"
    if isinstance(note, str) and "median of" in note:
        return "the median of member countries' values"
    return "a population-weighted mean of member countries' values"


# --- ict4d's values next to the published ones --------------------------------------------------------------
def aggregate_differences(
    means: pd.DataFrame, observations: pd.DataFrame, calendar: Calendar
) -> pd.DataFrame:
    """Each computed aggregate (from `weighted_means`) next to the newest primary release that publishes the
    same group, year and indicator: the figure a reader would compare it with (one pair per computed row,
    however many releases re-estimated the group)."""
    computed = means.rename(columns={"group_id": "entity_id", "value": "computed_value"}).assign(**TOTAL)
    published = observations[
        ~observations["is_computed"].astype(bool)
        & observations["entity_id"].isin(computed["entity_id"])
        & observations["release"].map(calendar.is_primary).astype(bool)
    ]
    published = (
        published.assign(_vintage=calendar.order(published["release"]))
        .sort_values([*compare.KEY, "_vintage", "source_id"], kind="stable")
        .drop_duplicates(compare.KEY, keep="last")
    )
    left = published[[*compare.KEY, "unit", "source_id", "release", "value"]].rename(
        columns={"value": "published_value"}
    )
    right = computed[[*compare.KEY, "computed_release", "computed_value", "coverage", "countries_with_data"]]
    pairs = compare.pair_up(left, right)
    pairs = pairs.assign(
        difference=pairs["computed_value"] - pairs["published_value"],
        coverage_share=pairs["coverage"] * 100,
    )
    columns = list(schemas.AggregateDifference.to_schema().columns)
    pairs = pairs[columns].sort_values([*compare.KEY, "release", "computed_release"]).reset_index(drop=True)
    return schemas.AggregateDifference.validate(pairs)


def differences_summary(differences: pd.DataFrame, calendar: Calendar) -> str:
    """Per indicator: how far the recomputed aggregates are from the published ones, and the latest world."""
    if differences.empty:
        return "computed vs published aggregates: nothing to compare"
    lines = [f"computed vs published aggregates ({len(differences):,} pairs; computed - published):"]
    for indicator, group in differences.groupby("indicator_id", sort=True):
        spread = group["difference"].abs()
        lines.append(f"  {indicator}: median |difference| {spread.median():.2f}, largest {spread.max():.2f}")
        world = group[group["entity_id"] == "world"]
        world = world.assign(_vintage=calendar.order(world["release"])).sort_values(
            ["year", "_vintage", "release", "computed_release"]
        )  # the latest year, against the newest published vintage
        if not world.empty:
            r = world.iloc[-1]
            lines.append(
                f"    world {r['year']}: {r['release']} {r['published_value']:.6g} vs "
                f"{r['computed_release']} {r['computed_value']:.1f} "
                f"({r['difference']:+.1f}; coverage {r['coverage_share']:.0f}%)"
            )
    return "\n".join(lines)
