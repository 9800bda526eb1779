"""dashboard.views.peers on the fixture (classified as the build does, from the real files): whom each
country is compared with, the UN SDG region where ITU's is not held, and the key figures' rows."""

from __future__ import annotations

import pandas as pd

from dashboard.views import peers, published
from dashboard.views.pages import country

TUVALU_REGION = "sdg_oceania_exc_australia_and_new_zealand"


def test_tuvalu_is_compared_with_its_sdg_region_income_group_ldcs_sids_and_the_world():
    assert country.peers_of("TUV") == {
        "country": "TUV",
        "sdg_region": TUVALU_REGION,  # no ITU region in the sources we hold
        "income": "wb_upper_middle_income",  # the latest year of the World Bank's classification
        "ldc": "ldc",
        "sids": "sids",
        "world": "world",
    }
    assert country.peers_sentence({"iso3": "TUV"}) == (
        "Tuvalu compared with its UN SDG region Oceania (exc. Australia and New Zealand), its World Bank "
        "income group Upper-middle income, the least developed countries (LDCs) and the small island "
        "developing States (SIDS), and with the world."
    )


def test_the_itu_region_comes_first_and_the_sdg_region_only_without_it():
    assert country.peers_of("KEN") == {
        "country": "KEN",
        "region": "itu_africa",
        "income": "wb_lower_middle_income",
        "world": "world",
    }
    india = country.peers_of("IND")
    assert india["sdg_region"] == "sdg_central_and_southern_asia" and "region" not in india
    assert "ldc" not in india and "sids" not in india and "lldc" not in india


def test_the_fallback_is_labelled_and_explained():
    names = published.entity_names()
    tuv = country.peers_of("TUV")
    shown = peers.display_names(tuv, names)
    assert shown[TUVALU_REGION] == "Oceania (exc. Australia and New Zealand) (UN SDG region)"
    assert peers.display_names(country.peers_of("KEN"), names)["itu_africa"] == "Africa (ITU region)"
    why = peers.region_caveat(tuv, names)
    assert (
        why.startswith("Tuvalu's ITU region is not in the data we hold") and "UN SDG region, Oceania" in why
    )
    assert peers.region_caveat(country.peers_of("KEN"), names) is None
    chart = country.compare_chart({"iso3": "TUV"})
    assert [t.name for t in chart.figure.data][:5] == [
        "Tuvalu",
        "Oceania (exc. Australia and New Zealand) (UN SDG region)",
        "Least Developed Countries (LDCs)",
        "Small island developing States (SIDS)",
        "World",
    ]
    assert why in chart.caveats


def test_without_an_sdg_region_column_the_country_is_compared_with_the_world_only():
    ents = published.entities().drop(columns=["sdg_region_id"])  # a folder built before the column
    empty = pd.DataFrame(columns=["group_id", "entity_id", "year", "source_id"])
    assert peers.country_peers("TUV", ents, empty) == {"country": "TUV", "world": "world"}


def test_key_figures_table_has_a_column_per_group_in_order():
    table = country.key_figures("TUV")
    assert list(table.columns) == [
        "Indicator",
        "Unit",
        "Tuvalu",
        "Oceania (exc. Australia and New Zealand) (UN SDG region)",
        "Upper-middle income",
        "Least Developed Countries (LDCs)",
        "Small island developing States (SIDS)",
        "World",
    ]
    internet = table.set_index("Indicator").loc["Individuals using the Internet"]
    assert list(internet)[1:] == [
        "74.3 (2023)",
        "48.1 (2022)",
        "–",
        "36.1 (2022)",
        "66.3 (2022)",
        "66.3 (2022)",
    ]


def test_key_figures_data_rows_carry_the_unrounded_value_release_source_and_licence():
    rows = country.key_figures_data("TUV")
    assert list(rows.columns) == peers.EXPORT_COLUMNS
    internet = rows[rows["indicator_id"] == "internet_use_share"].set_index("entity_id")
    assert list(internet.index) == ["TUV", TUVALU_REGION, "ldc", "sids", "world"]
    assert internet.loc["TUV", "value"] == 74.3146 and internet.loc["TUV", "year"] == 2023
    assert internet.loc["TUV", "release"] == "itu-datahub-2025-12"
    assert internet.loc["TUV", "edition"] == "ITU DataHub exports of December 2025"
    assert internet.loc["sids", "value"] == 66.33 and internet.loc["sids", "role"] == (
        "small island developing States (SIDS)"
    )
    assert internet.loc[TUVALU_REGION, "role"] == "UN SDG region"
    assert internet.loc["world", "source_id"] == "unsd-it-use-ii99"
    assert rows["licence"].str.len().min() > 0
    # households: Tuvalu only (no group has the figure in the fixture)
    assert list(rows.loc[rows["indicator_id"] == "households_internet_access_share", "entity_id"]) == ["TUV"]
