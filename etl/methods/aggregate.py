"""Group aggregates ict4d computes itself, population-weighted from country data.

ITU publishes world, income-group, LDC/LLDC/SIDS and regional aggregates, but not every group a target
speaks of: the Broadband Commission's "developing countries" is read here as the low- and middle-income
countries of the World Bank classification of each year (`developing_lmic`). We also recompute the groups
ITU does publish, so the gap between ITU's own (modelled, gap-filled) aggregate and a plain weighted mean
of the reported country values can be shown (`aggregate_differences`).

Method: for a share indicator (unit percent) whose denominator is people, the group value for a year is
sum(value_c * population_c) / sum(population_c) over the member countries c with a value that year. The
weights are ITU's own population series (i61, UN WPP 2024). Countries without a value are left out, not
imputed, so a value is published only where the countries with data hold at least `COVERAGE_THRESHOLD` of
the group's population; the coverage is stated in each row's note. Only breakdown totals are aggregated
(a female share would need female population weights).

Prices (unit percent_gni_per_capita, e.g. the Broadband Commission's "entry-level broadband below 2 % of
monthly GNI per capita in developing countries") are not shares of people: the Commission tracks them
across countries, so their group value is the plain median of the member countries with data (not
population weighted), published where those countries are at least `COVERAGE_THRESHOLD` of the members;
the note states the statistic, the number of countries and the coverage.

A group's value for a target comes, in this order (``group_value_rank``): ITU's own aggregate in a primary
release (Calendar.is_primary); for low- and middle-income countries, ITU's own World minus High-income
figures of the same release (``lmic_from_itu``: share = (count_world - count_high) / (pop_world - pop_high)
x 100, each population = count / share x 100, from the workbook's millions and percentages); our
population-weighted mean of countries (coverage >= 80 %), or for prices the median; redistributions of ITU's
figures (OWID, Gapminder) and anything computed from them last.

A yearly classification (World Bank income groups) is applied as its latest edition to every year, as ITU's
and the World Bank's own income-group aggregates do: the group keeps the same members over its whole
series, so a trend is not a change of composition (``basis_year`` records the classification used).
"""

from __future__ import annotations

import pandas as pd

from etl.core import schemas
from etl.core.releases import Calendar
from etl.core.vocabulary import COMPUTED_SOURCE

SOURCE_ID = COMPUTED_SOURCE  # the source_id of every row computed here
POPULATION_INDICATOR = "population"
POPULATION_SERIES = "i61"  # ITU's total population (its DataHub export, UN WPP 2024): the ITU denominator
COVERAGE_THRESHOLD = 0.80  # share of the group's population that must be covered by countries with data
DEVELOPING_LMIC = "developing_lmic"
LMIC_GROUPS = ("wb_low_income", "wb_lower_middle_income", "wb_upper_middle_income")
# indicators whose percentage is a share of people, so that share / 100 * population is a number of people
PEOPLE_SHARES = frozenset(
    {
        "internet_use_share",
        "mobile_cellular_coverage_share",
        "mobile_broadband_coverage_share",
        "lte_coverage_share",
        "mobile_5g_coverage_share",
        "mobile_phone_ownership_share",
        "smartphone_ownership_share",
    }
)
# shares of people (or households, weighted by people as a proxy) for which a population weight makes sense;
# not household_ict_expenditure_share (a share of spending) nor prices (% of GNI per capita)
WEIGHTED_INDICATORS = PEOPLE_SHARES | {"households_internet_access_share"}
WEIGHT_PROXY = {  # where population is only a proxy for the true denominator, the note says so
    "households_internet_access_share": "population weights stand in for household counts",
    "mobile_phone_ownership_share": "total population weights, although ITU's universe is people aged 10+",
    "smartphone_ownership_share": "total population weights, although ITU's universe is people aged 10+",
}
GROUP_DEFINITIONS = {
    DEVELOPING_LMIC: "low- and middle-income countries (World Bank classification; the Broadband "
    "Commission's reading of 'developing')",
    "world": "all countries",
}
TOTAL = {"sex": "total", "area": "total", "age_group": "total"}
PRICE_UNIT = "percent_gni_per_capita"  # group value of a price: the median over member countries


def _countries(entities: pd.DataFrame) -> pd.Series:
    return entities.loc[entities["entity_type"] == "country", "entity_id"]


def population_weights(
    observations: pd.DataFrame, countries: pd.Series, calendar: Calendar
) -> tuple[pd.DataFrame, str]:
    """Country population per year from ITU's i61 series (newest release), and that release's id."""
    pop = observations[
        (observations["indicator_id"] == POPULATION_INDICATOR)
        & (observations["series_code"] == POPULATION_SERIES)
        & observations["entity_id"].isin(countries)
        & (observations["sex"] == "total")
        & (observations["area"] == "total")
        & (observations["age_group"] == "total")
    ]
    if pop.empty:
        return pd.DataFrame({"entity_id": [], "year": [], "population": []}), ""
    release = calendar.newest(pop["release"].unique())
    pop = pop[pop["release"] == release]
    return pop[["entity_id", "year"]].assign(population=pop["value"].to_numpy()), release


def lmic_membership(group_membership: pd.DataFrame) -> pd.DataFrame:
    """`developing_lmic` members: the union of the three low/middle income groups, per year and source."""
    if (group_membership["group_id"] == DEVELOPING_LMIC).any():  # the sources may list it already
        return group_membership[group_membership["group_id"] == DEVELOPING_LMIC].reset_index(drop=True)
    lmic = group_membership[group_membership["group_id"].isin(LMIC_GROUPS)]
    lmic = lmic.assign(group_id=DEVELOPING_LMIC).drop_duplicates(["entity_id", "year", "source_id"])
    return lmic.reset_index(drop=True)


def _one_source_per_group(membership: pd.DataFrame) -> pd.DataFrame:
    """A group listed by several sources keeps one list: a year-by-year one if any, else the first id."""
    per = (
        membership.assign(has_years=membership["year"].notna())
        .groupby(["group_id", "source_id"], as_index=False)["has_years"]
        .any()
    )
    per = per.sort_values(["group_id", "has_years", "source_id"], ascending=[True, False, True])
    chosen = per.drop_duplicates("group_id")[["group_id", "source_id"]]
    return membership.merge(chosen, on=["group_id", "source_id"])


def membership_by_year(
    group_membership: pd.DataFrame, countries: pd.Series, years: list[int]
) -> pd.DataFrame:
    """(group_id, entity_id, year, basis_year, membership_source) for every data year.

    A list without years applies to every year. A yearly classification applies as its latest edition to
    every year (``basis_year`` records which; the note says so), so a group's members do not change along
    its series. World is every country.
    """
    years_df = pd.DataFrame({"year": sorted(set(years))})
    members = group_membership
    if not (members["group_id"] == DEVELOPING_LMIC).any():
        members = pd.concat([members, lmic_membership(members)], ignore_index=True)
    members = _one_source_per_group(members[members["entity_id"].isin(countries)])
    undated = members[members["year"].isna()].drop(columns="year").merge(years_df, how="cross")
    undated = undated.assign(basis_year=pd.NA)
    dated = members[members["year"].notna()].astype({"year": int})
    last = dated.groupby("source_id")["year"].transform("max")  # the latest edition of that classification
    latest = dated[dated["year"] == last].rename(columns={"year": "basis_year"}).merge(years_df, how="cross")
    world = pd.DataFrame({"group_id": "world", "entity_id": countries.to_numpy(), "source_id": "entities"})
    world = world.merge(years_df, how="cross").assign(basis_year=pd.NA)
    if (members["group_id"] == "world").any():  # a listed world membership wins over "every country"
        world = world.iloc[0:0]
    out = pd.concat([undated, latest, world], ignore_index=True)
    out = out.rename(columns={"source_id": "membership_source"})
    out["basis_year"] = out["basis_year"].astype("Int64")
    return out[["group_id", "entity_id", "year", "basis_year", "membership_source"]]


def weighted_means(
    observations: pd.DataFrame,
    entities: pd.DataFrame,
    group_membership: pd.DataFrame,
    calendar: Calendar,
    threshold: float = COVERAGE_THRESHOLD,
) -> pd.DataFrame:
    """Population-weighted group means with their workings (coverage, countries), one per input release.

    One row per (indicator_id, source_id, release, group_id, year) whose coverage reaches `threshold`.
    """
    countries = _countries(entities)
    pop, pop_release = population_weights(observations, countries, calendar)
    data = _country_totals(observations, countries)
    data = data[data["indicator_id"].isin(WEIGHTED_INDICATORS) & (data["unit"] == "percent")]
    if data.empty or pop.empty:
        return pd.DataFrame(columns=[*_MEANS_COLUMNS])
    members = membership_by_year(group_membership, countries, data["year"].unique().tolist())
    members = members.merge(pop, on=["entity_id", "year"], how="inner")  # members we can weigh
    group_pop = members.groupby(["group_id", "year"], as_index=False).agg(
        group_population=("population", "sum"), members_weighed=("entity_id", "size")
    )
    rows = _member_rows(data, members)
    rows = rows.assign(weighted=rows["value"] * rows["population"])
    agg = _per_group(rows, weighted=("weighted", "sum"), covered_population=("population", "sum")).merge(
        group_pop, on=["group_id", "year"]
    )
    agg = agg.assign(
        value=agg["weighted"] / agg["covered_population"],
        coverage=agg["covered_population"] / agg["group_population"],
    )
    return _finish(agg, data, pop_release, threshold, _note)


def group_medians(
    observations: pd.DataFrame,
    entities: pd.DataFrame,
    group_membership: pd.DataFrame,
    calendar: Calendar,
    threshold: float = COVERAGE_THRESHOLD,
) -> pd.DataFrame:
    """Median over member countries of each price indicator (unit percent_gni_per_capita), not weighted.

    Same columns as `weighted_means`; ``coverage`` is the share of member countries with a value, and a
    group-year is kept when it reaches `threshold`.
    """
    countries = _countries(entities)
    data = _country_totals(observations, countries)
    data = data[data["unit"] == PRICE_UNIT]
    if data.empty:
        return pd.DataFrame(columns=[*_MEANS_COLUMNS])
    members = membership_by_year(group_membership, countries, data["year"].unique().tolist())
    sizes = members.groupby(["group_id", "year"], as_index=False).agg(members_weighed=("entity_id", "size"))
    agg = _per_group(_member_rows(data, members), value=("value", "median")).merge(
        sizes, on=["group_id", "year"]
    )
    agg = agg.assign(coverage=agg["countries_with_data"] / agg["members_weighed"])
    return _finish(agg, data, "", threshold, _median_note)


def _member_rows(data: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Each country value once per group (and year) the country belongs to."""
    columns = ["indicator_id", "source_id", "release", "entity_id", "year", "value", "is_estimate"]
    return data[columns].merge(members, on=["entity_id", "year"], how="inner")


def _per_group(rows: pd.DataFrame, **statistic: tuple[str, str]) -> pd.DataFrame:
    """One row per input series, group and year: `statistic` plus what every note states."""
    return rows.groupby(["indicator_id", "source_id", "release", "group_id", "year"], as_index=False).agg(
        **statistic,
        countries_with_data=("entity_id", "size"),
        is_estimate=("is_estimate", "any"),
        basis_year=("basis_year", "max"),
        membership_source=("membership_source", "first"),
    )


def _country_totals(observations: pd.DataFrame, countries: pd.Series) -> pd.DataFrame:
    """Upstream (not computed) breakdown-total rows of countries: what every group statistic starts from."""
    return observations[
        observations["entity_id"].isin(countries)
        & ~observations["is_computed"].astype(bool)
        & (observations["sex"] == "total")
        & (observations["area"] == "total")
        & (observations["age_group"] == "total")
    ]


def _finish(agg: pd.DataFrame, data: pd.DataFrame, pop_release: str, threshold: float, note) -> pd.DataFrame:
    """Series codes, coverage cut and note: the last steps shared by means and medians."""
    codes = data.groupby(["indicator_id", "source_id", "release"], as_index=False).agg(
        series_code=("series_code", lambda s: "+".join(sorted(set(s)))),  # one group per input series
        unit=("unit", "first"),
    )
    agg = agg.merge(codes, on=["indicator_id", "source_id", "release"])
    agg = agg.assign(population_release=pop_release)
    agg = agg[agg["coverage"] >= threshold - 1e-12].reset_index(drop=True)
    agg = agg.assign(computed_release=agg["release"])
    agg["note"] = [note(r, threshold) for r in agg.itertuples(index=False)]
    return agg[list(_MEANS_COLUMNS)]


_MEANS_COLUMNS = (
    "indicator_id",
    "unit",
    "source_id",
    "release",
    "group_id",
    "year",
    "value",
    "coverage",
    "countries_with_data",
    "members_weighed",
    "series_code",
    "is_estimate",
    "basis_year",
    "membership_source",
    "population_release",
    "computed_release",
    "note",
)


def as_observations(means: pd.DataFrame) -> pd.DataFrame:
    """`weighted_means` rows as Observation rows of source ict4d-computed."""
    out = pd.DataFrame(
        {
            "indicator_id": means["indicator_id"],
            "entity_id": means["group_id"],
            "year": means["year"],
            "value": means["value"],
            "unit": means["unit"],
            **TOTAL,
            "release": means["release"],
            "source_id": SOURCE_ID,
            "series_code": means["series_code"],
            "is_estimate": means["is_estimate"].astype(bool),
            "is_computed": True,
            "note": means["note"],
        },
        index=means.index,
    )
    out = out.sort_values(["indicator_id", "entity_id", "year", "release"]).reset_index(drop=True)
    return schemas.Observation.validate(out[list(schemas.Observation.to_schema().columns)])


def computed_aggregates(
    observations: pd.DataFrame,
    entities: pd.DataFrame,
    group_membership: pd.DataFrame,
    calendar: Calendar,
    threshold: float = COVERAGE_THRESHOLD,
) -> pd.DataFrame:
    """Group values as Observation rows, one set per input release: population-weighted means of country
    shares and medians of country prices.

    Rows have ``source_id="ict4d-computed"``, ``is_computed=True``, the release of the country values they
    are computed from (a computed row is never a release of its own) and a note with the definition, the
    population release of the weights and the coverage. Group-years below `threshold` coverage are left out.
    """
    return as_observations(
        pd.concat(
            [
                weighted_means(observations, entities, group_membership, calendar, threshold),
                group_medians(observations, entities, group_membership, calendar, threshold),
            ],
            ignore_index=True,
        )
    )


def _group_definition(r) -> str:
    """The group as the note states it: definition, membership list and classification year."""
    definition = GROUP_DEFINITIONS.get(r.group_id, f"members of {r.group_id}")
    if r.group_id != "world":
        definition += f" as listed by {r.membership_source}"
    if not pd.isna(r.basis_year):
        definition += f", classification of {r.basis_year} (the latest) applied to every year"
    return definition


def _note(r, threshold: float) -> str:
    proxy = WEIGHT_PROXY.get(r.indicator_id)
    return (
        f"ict4d-computed: population-weighted mean of {r.countries_with_data} of {r.members_weighed} member "
        f"countries' values ({r.source_id}, {r.release}, series {r.series_code}); weights: ITU "
        f"{POPULATION_SERIES} population ({r.population_release}){'; ' + proxy if proxy else ''}. "
        f"Group: {_group_definition(r)}. "
        f"Coverage: {r.coverage:.1%} of the group's population has data (published only at >= "
        f"{threshold:.0%}; countries without data are left out, not imputed)."
    )


def _median_note(r, threshold: float) -> str:
    return (
        f"ict4d-computed: median of {r.countries_with_data} of {r.members_weighed} member countries' values "
        f"({r.source_id}, {r.release}, series {r.series_code}), not population-weighted (prices are tracked "
        f"across countries, as the Broadband Commission does). Group: {_group_definition(r)}. "
        f"Coverage: {r.coverage:.1%} of the member countries have data (published only at >= "
        f"{threshold:.0%}; countries without data are left out, not imputed)."
    )


def computed_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """The entities table with the groups ict4d computes (developing_lmic) added if missing."""
    if (entities["entity_id"] == DEVELOPING_LMIC).any():
        return entities
    row = pd.DataFrame(
        {
            "entity_id": [DEVELOPING_LMIC],
            "name": ["Low- and middle-income countries"],
            "entity_type": ["computed_group"],
            "iso3_code": [None],
            "m49_code": pd.array([pd.NA], dtype="Int64"),
            "itu_region_id": [None],
            "sdg_region_id": [None],
        }
    )
    return pd.concat([entities, row], ignore_index=True)
