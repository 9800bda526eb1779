"""What the published tables and their columns mean, written for the people who download them.

These words end up in ``datapackage.json`` (``etl.publish``) and on the Data & sources page, where a reader
has the tables but not this repository: they say what a value is, never which module made it. Developers'
notes stay in the models (``etl.core.schemas``); every published column needs a line here
(tests/etl/test_publish.py checks it).
"""

from __future__ import annotations

import re

from etl.core import vocabulary

PACKAGE_TITLE = "ict4d: ICT-for-development indicators"
PACKAGE_DESCRIPTION = (
    "Indicators of access to and use of information and communication technologies (ITU, the UN SDG "
    "database and their redistributors), each value with its release and source file; the quantitative "
    "claims of the UN's WSIS resolutions checked against the data of their time and of today; and progress "
    "towards the targets of WSIS, ITU Connect 2030, the Broadband Commission and the SDGs. The data keep the "
    "licences of their sources: the sources table gives the licence and attribution of every file."
)

# --- tables ---------------------------------------------------------------------------------------------
TABLES: dict[str, str] = {
    "observations": (
        "One value of one indicator for one country or group, year and breakdown (sex, area, age), as one "
        "release of one source gives it, or as ict4d aggregates it from country values (is_computed). The "
        "same figure from several releases appears once per release."
    ),
    "entities": "Countries (ISO 3166 alpha-3 codes) and the groups they are aggregated into.",
    "group_membership": (
        "Which country belongs to which group, per year where the source classifies by year (World Bank "
        "income groups), otherwise as the source's current list (year empty)."
    ),
    "indicators": (
        "The indicators: name, unit, definition and whether a higher value is better. The unit of every "
        "value is decided here, never taken from an upstream label."
    ),
    "indicator_series": (
        "Which upstream series of which source feeds which indicator, with the filter, breakdown and scale "
        "applied, and the unit label the source itself prints (kept for audit, not used)."
    ),
    "source_disagreements": (
        "Pairs of releases that give the same indicator, entity, year and breakdown values further apart "
        "than rounding (the tolerance). ict4d's own aggregates are left out."
    ),
    "aggregate_differences": (
        "A group value a source publishes next to the value ict4d computes for the same group from "
        "country data, with the share of the group's population those countries cover."
    ),
    "sources": (
        "Every source file read for this package: publisher, licence, attribution, release, where it is "
        "published, its SHA-256 and the number of rows read from it."
    ),
    "releases": (
        "The releases the data come from: publisher, edition, the day each became public and the day of "
        "the copy held, and whether the publisher produced the figures or redistributes them."
    ),
    "quarantine": (
        "Rows of the source files that were set aside rather than published (for example a code that is "
        "not a country in a country file, or an isolated value outside the possible range), with the reason."
    ),
    "claims": (
        "Each quantitative statement in the WSIS texts: the exact quote with its position in the text, the "
        "figure, its unit, the indicator and population it is about, and how it is qualified."
    ),
    "documents": "The texts the claims come from: UN document symbol, title, adoption date and checksum.",
    "claim_paragraphs": "The paragraph of the text around each claim, exactly as in the text.",
    "targets": (
        "The targets of WSIS, ITU Connect 2020 and 2030, the Broadband Commission, universal and meaningful "
        "connectivity 2030 and the SDGs: wording, threshold, deadline, the indicator that measures them, "
        "and how well their wording is verified."
    ),
    "progress": (
        "Progress of one country or group towards one target, per release and source of its indicator: "
        "base, latest and projected values, the headline status with a sentence saying why, the two official "
        "methods (Open SDG, UNSD) as secondary columns, and the people still to connect."
    ),
    "claim_checks": (
        "Each claim next to the value of its series in each release that has it: whether the release was "
        "public when the text was adopted, whether the value is within the claim's rounding, the release of "
        "the text's time against the newest one, and the claim's verdict in one sentence."
    ),
}

# --- columns, by table ----------------------------------------------------------------------------------
_INDICATOR = "The indicator (see the indicators table)."
_ENTITY = "Country (ISO 3166 alpha-3 code, e.g. KEN) or group (e.g. world, ldc, itu_africa)."
_SEX = "total, female or male."
_AREA = "total, urban or rural."
_AGE = "total, 15-24 (youth), not_15-24 (the rest of the population) or an SDG age band such as 15-74."
_UNIT = "Unit of the value (see the indicators table), e.g. percent, per_100_inhabitants, persons."
_RELEASE = "The release the value comes from, e.g. itu-2024-11 (see the releases table)."
_SOURCE = "The source file (see the sources table), or ict4d-computed for ict4d's own aggregates."
_DOCUMENT = "The text the claim is in (see the documents table)."
_PARAGRAPH = "Paragraph of the text: its number (26, 100(c)), a preambular paragraph (PP3), title or P2."

FIELDS: dict[str, dict[str, str]] = {
    "observations": {
        "indicator_id": _INDICATOR,
        "entity_id": _ENTITY,
        "year": "The year the value refers to.",
        "value": "The value, in unit.",
        "unit": _UNIT,
        "sex": _SEX,
        "area": _AREA,
        "age_group": _AGE,
        "release": _RELEASE,
        "source_id": _SOURCE,
        "series_code": "The series as the source names it: a code (i99H, IT_USE_ii99) or a column heading.",
        "is_estimate": "The source marks the value as an estimate.",
        "is_computed": "ict4d aggregated the value from country data; the source does not publish it.",
        "note": "The source's own note and data source, or how ict4d computed the value.",
    },
    "entities": {
        "entity_id": _ENTITY,
        "name": "Name in English.",
        "entity_type": (
            "country, world, itu_region, income_group (World Bank), special_group (LDC, LLDC, SIDS), "
            "sdg_region (UN SDG regions) or computed_group (groups ict4d defines, e.g. developing_lmic)."
        ),
        "iso3_code": "ISO 3166 alpha-3 code (countries only).",
        "m49_code": "UN M49 numeric code, where there is one.",
        "itu_region_id": "The country's ITU-D region (countries only; empty where ITU's list is not held).",
        "sdg_region_id": (
            "The country's UN SDG regional grouping, e.g. sdg_sub_saharan_africa (countries only)."
        ),
    },
    "group_membership": {
        "group_id": "The group (see the entities table).",
        "entity_id": "The member country.",
        "year": "The year of the classification; empty when the source gives its current list only.",
        "source_id": "The source file that classifies it (see the sources table).",
    },
    "indicators": {
        "indicator_id": "Identifier of the indicator, e.g. internet_use_share.",
        "name": "Name of the indicator.",
        "unit": "Unit of all its values, e.g. percent, per_100_inhabitants, persons.",
        "definition": "What is measured.",
        "is_higher_better": "A higher value is progress (false for prices, for example).",
        "sdg_indicator_code": "The SDG indicator it corresponds to, e.g. 17.8.1.",
    },
    "indicator_series": {
        "indicator_id": _INDICATOR,
        "source_id": "The source file (see the sources table).",
        "series_code": "The series in the source: a code, a column heading, or a block title [column group].",
        "selector": "Only the rows with these values are read, e.g. type_of_speed=anys.",
        "breakdown": "The breakdown the series gives, e.g. sex=female.",
        "scale": "Factor from the source's figure to the indicator's unit (1000000 for millions).",
        "upstream_unit_label": "The unit the source prints, kept for audit (the indicator's unit applies).",
    },
    "source_disagreements": {
        "indicator_id": _INDICATOR,
        "entity_id": _ENTITY,
        "year": "The year of the two values.",
        "sex": _SEX,
        "area": _AREA,
        "age_group": _AGE,
        "unit": "Unit of both values.",
        "source_id_a": "Source of the older release.",
        "release_a": "The older release of the pair.",
        "value_a": "Its value.",
        "source_id_b": "Source of the newer release.",
        "release_b": "The newer release of the pair.",
        "value_b": "Its value.",
        "difference": "value_b minus value_a, in unit.",
        "tolerance": "Differences up to this are rounding and not listed: 0.05 in the unit, 0.05 million "
        "for counts.",
    },
    "aggregate_differences": {
        "indicator_id": _INDICATOR,
        "entity_id": "The group, e.g. world, ldc, wb_low_income.",
        "year": "The year of the two values.",
        "sex": _SEX,
        "area": _AREA,
        "age_group": _AGE,
        "unit": "Unit of both values.",
        "source_id": "The source that publishes the group value.",
        "release": "The release of the published value.",
        "published_value": "The group value as the source publishes it.",
        "computed_release": "The release of the country data ict4d aggregated.",
        "computed_value": "The group value ict4d computes from its member countries.",
        "difference": "computed_value minus published_value, in unit.",
        "coverage_share": "Percentage of the group's population living in countries with data.",
        "countries_with_data": "Number of member countries with a value.",
    },
    "sources": {
        "source_id": "Identifier of the source file.",
        "path": "Where the file sits in the sources folder the package was built from.",
        "publisher": "Who publishes the file.",
        "licence": "The licence the data are under, and where that is stated.",
        "attribution": "How to credit the source.",
        "release": "The release the file belongs to (see the releases table).",
        "upstream_url": "Where the publisher offers the data (may be a page to download from).",
        "format": "The layout of the file: DataHub export, SDG database extract, workbook, and so on.",
        "sha256": "SHA-256 checksum of the file read.",
        "rows_read": "Number of data rows read from the file.",
    },
    "releases": {
        "release_id": "Identifier of the release: publisher and year-month, e.g. itu-2024-11.",
        "publisher": "Who published the release.",
        "edition": "The release as its publisher names it.",
        "published_on": "The day the release became public (ISO date).",
        "snapshot_on": "The day of the copy held (ISO date).",
        "is_primary": "Published by the producer of the figures (ITU, the UN SDG database), not a "
        "redistribution.",
        "date_note": "Where the dates come from.",
        "publication": "The series of editions the release belongs to, e.g. itu-key-ict-indicators.",
        "cycle_month": "Month of the year a new edition is due (11: ITU's November estimates); empty when "
        "there is no regular cycle.",
        "cycle": "How often the publisher brings out a new edition.",
        "refresh": "How the next edition is fetched.",
    },
    "quarantine": {
        "source_id": "The source file (see the sources table).",
        "row": "Line of the file, or row of the workbook sheet.",
        "column": "Column of the file (sheet!column for workbooks).",
        "value": "The value as it is in the file.",
        "reason": "Why the row was set aside.",
    },
    "claims": {
        "document": _DOCUMENT,
        "paragraph": _PARAGRAPH,
        "quote": "The words of the claim, exactly as in the text.",
        "start": "Position of the quote's first character in the text (characters from the start, from 0).",
        "end": "Position just after the quote's last character.",
        "value": "The figure, as a number (66 per cent is 66; 5.3 billion is 5300000000).",
        "unit": "Unit of the figure: an indicator unit, or subscriptions or percentage_points.",
        "indicator": "What the figure is about, e.g. internet_use_share, gender_gap.",
        "year": "The data year (or period, 2021-2022) the figure is for, as year_rule decided it (for a "
        "target: its deadline); empty when nothing decides one.",
        "year_rule": "How the year was decided: "
        + "; ".join(f"{rule}: {meaning}" for rule, meaning in vocabulary.YEAR_RULES.items()).replace(
            " (data/events.csv)", ""
        ),
        "year_event": "For year_rule event: the event, e.g. wsis_geneva (the 2003 Geneva phase of WSIS).",
        "scope": "The population it is about: world, women, LDCs, an ITU region, and so on.",
        "kind": "observation (a level), change (a rise or fall) or target.",
        "qualifier": "How the figure is qualified: more_than, less_than, almost, nearly, over, about, "
        "at_least, up_to; empty when it is not.",
    },
    "documents": {
        "document": "Identifier of the text.",
        "symbol": "UN document symbol, e.g. E/RES/2023/3.",
        "title": "Title of the text.",
        "adoption_date": "The day the text was adopted (ISO date).",
        "sha256": "SHA-256 checksum of the text read.",
        "path": "Where the text sits in the sources folder the package was built from.",
    },
    "claim_paragraphs": {
        "document": _DOCUMENT,
        "paragraph": _PARAGRAPH,
        "start": "Position of the paragraph's first character in the text (from 0).",
        "end": "Position just after its last character.",
        "text": "The paragraph, exactly as in the text.",
    },
    "targets": {
        "target_id": "Identifier of the target, e.g. BBC-1, SDG-17.8.1.",
        "framework": "The framework that sets the target.",
        "wording": "What the target says.",
        "indicator_id": "The indicator that measures it; empty when no series measures it.",
        "scope": "The country or group it is set for, or every_country.",
        "sex": _SEX,
        "area": "total, urban or rural (e.g. rural broadband coverage).",
        "comparator": ">=, >, <=, < against the threshold, or parity (women's value / men's value between "
        "0.98 and 1.02).",
        "threshold_value": "The value to reach, in the indicator's unit; empty for targets without a number.",
        "deadline_year": "The year it is to be met by.",
        "baseline_year": "The year progress is measured from, where the target sets one.",
        "is_higher_better": "A higher value is progress.",
        "verification_status": "verified (checked against the framework's own text), secondary (read in a "
        "secondary reproduction of it) or unverified (not checked against it).",
        "source_url": "Where the target is published.",
        "source_reference": "Where its wording was read.",
        "is_measurable": "The target can be scored (otherwise not_measurable_reason says why).",
        "not_measurable_reason": "Why it cannot be scored: no_series (no series measures it) or no_threshold "
        "(no number to reach); empty when it can.",
        "caveat": "Where the target's population or definition differs from the series that measures it.",
        "note": "How the target is read.",
    },
    "progress": {
        "target_id": "The target (see the targets table).",
        "framework": "The framework that sets the target.",
        "indicator_id": _INDICATOR,
        "entity_id": _ENTITY,
        "sex": _SEX,
        "area": _AREA,
        "unit": "Unit of the values; ratio for gender parity scores (women's value / men's value).",
        "release": "The release the series was read from.",
        "source_id": _SOURCE,
        "series_code": "The series used, as the source names it (several separated by ;).",
        "is_latest_release": "The row to headline for this target and entity: ITU's own figure first, then "
        "one derived from ITU's figures, then ict4d's aggregate, redistributions last; "
        "the newest release within each.",
        "figure_kind": "Whose figure the row scores, in those words.",
        "verification_status": "How well the target's wording is verified (see the targets table).",
        "comparator": "How the value is compared with the target (see the targets table).",
        "target_value": "The value to reach; empty for targets without a number.",
        "deadline_year": "The year the target is to be met by.",
        "as_of_year": "The year of the assessment: deadline years before it have passed.",
        "as_of": "The day of the assessment (ISO date).",
        "base_year": "The year progress is measured from.",
        "base_value": "The value in base_year.",
        "base_year_rule": "Why this base year: the target's baseline, or the first year with data from 2015.",
        "latest_year": "The last year of the series.",
        "latest_value": "The value in latest_year.",
        "assessed_year": "The last year the status and the methods use (at most the deadline year once the "
        "deadline has passed).",
        "n_points": "Number of values from base_year to assessed_year.",
        "gap_to_target": "Still to go from the latest value to the target, in unit (negative when it is "
        "exceeded).",
        "cagr_observed": "Compound annual growth rate from base_year to assessed_year.",
        "cagr_required": "Compound annual growth rate from base_year that meets the target at the deadline.",
        "growth_ratio": "Observed over required growth: Open SDG's ratio of growth rates (secondary method).",
        "open_sdg_status": "Open SDG's progress band (secondary method): target achieved, substantial, "
        "moderate or limited progress, deterioration, or insufficient data.",
        "open_sdg_score": "That band as a score from -5 (deterioration) to 5 (achieved).",
        "projected_value": "The value projected for the deadline at the current pace, bounded to the "
        "indicator's range; given where the status rests on it.",
        "extrapolation_ratio": "Projected over required progress: UNSD's extrapolation (secondary method).",
        "unsd_status": "UNSD's progress band (secondary method): target met, on track, acceleration needed, "
        "stagnation or regression, or insufficient data; empty for targets without a number.",
        "year_target_reached": "The year the target is reached at the current pace.",
        "deadline_value": "The value in the deadline year, once it has passed.",
        "first_year_met": "The first year the target was met (for a missed target: the first year after the "
        "deadline it was met).",
        "years_short": "Once the deadline has passed: years between the last value and the deadline.",
        "population": "Population of the entity in population_year, for people_to_connect.",
        "population_year": "The year of that population.",
        "population_release": "The release of that population (a group's is the sum of its countries).",
        "people_to_connect": "People still to reach for the target: the gap times the population.",
        "status": "The headline status: "
        + "; ".join(f"{s.id}: {s.meaning}" for s in vocabulary.TARGET_STATUSES.values()),
        "status_detail": "The status in one sentence, with its figures.",
        "caveat": "Where the series differs from the target (population, definition) and what a computed "
        "figure rests on (coverage, breaks in the series).",
        "countries_release": "Targets for every country, world row: the newest primary release of the "
        "country values counted.",
        "countries_with_data": "Targets for every country, world row: countries with data.",
        "countries_met": "Targets for every country, world row: countries that meet the target.",
        "countries_on_track": "Targets for every country, world row: countries on track to meet it.",
        "countries_improving": "Targets for every country, world row: countries whose value moved towards "
        "the target since the base year.",
        "method": "The methods behind the figures; empty when there are too few values to apply one.",
    },
    "claim_checks": {
        "document": _DOCUMENT,
        "paragraph": _PARAGRAPH,
        "start": "With document and end, locates the claim's quote (see the claims table).",
        "end": "Position just after the quote's last character.",
        "quote": "The words of the claim.",
        "claim_indicator": "What the claim is about, as in the claims table.",
        "claim_value": "The claim's figure.",
        "claim_unit": "Unit of the claim's figure.",
        "qualifier": "How the claim qualifies its figure (more_than, almost, ...).",
        "scope": "The population the claim is about.",
        "kind": "observation, change or target.",
        "claim_year": "The year or period of the claim; empty when it has none.",
        "year_rule": "What gave the claim its year: stated (in the text), edition, now, event, deadline (a "
        "target's) or none.",
        "year_used": "The data year compared (for a claim without a year: where it held).",
        "adoption_date": "The day the text was adopted.",
        "indicator_id": "The indicator the claim is compared with; empty when none matches.",
        "entity_id": "The country or group the claim speaks of.",
        "sex": "total, female or male; female/male for a gender parity score.",
        "area": _AREA,
        "age_group": _AGE,
        "derivation": "How the compared value is derived from the series (direct, or a formula).",
        "interval": "The values the figure covers as written, e.g. [65.5, 66.5).",
        "interval_low": "Lower bound of interval (empty: no lower bound).",
        "interval_high": "Upper bound of interval, not included (empty: no upper bound).",
        "release": "The release compared; empty when no series matches.",
        "source_id": "The source file of that release's value.",
        "release_date": "The day that release became public.",
        "is_primary": "The release is ITU's or the UN SDG database's own (only these decide a verdict).",
        "is_of_its_time": "The release was public before the text was adopted.",
        "data_value": "The release's value.",
        "difference": "data_value minus claim_value.",
        "within_rounding": "The release's value is inside interval.",
        "side": "Where the release's value lies against interval: inside, above or below.",
        "release_verdict": "This release against the claim: matches the data of its time, not supported, "
        "matches later data, revised since, or differs.",
        "time_release": "The release of the text's time: the newest primary release public before adoption "
        "with the figure.",
        "time_value": "Its value for year_used.",
        "newest_release": "The newest primary release with the figure for year_used.",
        "newest_value": "Its value.",
        "revision": "newest_value minus time_value.",
        "held_years": "For a claim without a year: the years it held, release by release.",
        "claim_verdict": "The claim's verdict over all releases: matches the data of its time, revised "
        "since, not supported, no release of its time, or no matching series.",
        "sentence": "The verdict in one sentence a report can quote.",
        "note": "Why, where the verdict needs a word.",
    },
}

# --- licences: the start of a source's licence text -> (SPDX-style name, address, title) -----------------
LICENCES: list[tuple[str, str, str, str]] = [
    (
        "CC BY-NC-SA 3.0 IGO",
        "CC-BY-NC-SA-3.0-IGO",
        "https://creativecommons.org/licenses/by-nc-sa/3.0/igo/",
        "Creative Commons Attribution-NonCommercial-ShareAlike 3.0 IGO",
    ),
    (
        "CC BY 4.0",
        "CC-BY-4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "Creative Commons Attribution 4.0 International",
    ),
    (
        "PDDL",
        "ODC-PDDL-1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
        "Open Data Commons Public Domain Dedication and License 1.0",
    ),
]


NOT_SPECIFIED = "notspecified"  # the Open Definition id for data whose licence is not stated


def licence(text: str) -> dict[str, str]:
    """The Data Package licence object of a source's licence text. A text that names no licence above (e.g.
    "none stated in the workbook ...; used under ITU's terms") is `notspecified`, titled with its words:
    never a licence the source does not state."""
    for prefix, name, path, title in LICENCES:
        if text.startswith(prefix):
            return {"name": name, "path": path, "title": title}
    return {"name": NOT_SPECIFIED, "title": f"Not specified: {reader_words(text)}"}


_WHERE_WE_READ = re.compile(r"\s*\([^()]*(?:PROVENANCE|README|\.md\b|\.json\b|repository)[^()]*\)")


def reader_words(text: str) -> str:
    """A source's text as a reader of the package sees it: without the note saying which of our own files
    records it ("(not verified; vintages/PROVENANCE.md)"); that note is for who maintains the sources."""
    return _WHERE_WE_READ.sub("", text).strip()
