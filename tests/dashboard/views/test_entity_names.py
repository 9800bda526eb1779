"""dashboard.views.names, entities: the picker's names, what finds them, and the order of a search."""

from __future__ import annotations

import pytest

from dashboard.views import names, published
from etl.core import config


@pytest.fixture
def every_entity() -> list[dict]:
    """The picker's options on the committed entities table (every country and group)."""
    published.use(config.PUBLISHED_DIR)
    return names.entity_options()


def labels(options: list[dict]) -> list[str]:
    return [o["label"] for o in options]


def test_fold_removes_accents_case_and_punctuation():
    assert names.fold("Côte d’Ivoire") == names.fold("COTE D'IVOIRE") == "cote d'ivoire"
    assert names.fold("Türkiye") == "turkiye"
    assert names.fold("Trinidad & Tobago") == "trinidad and tobago"
    assert names.fold(None) == ""


def test_countries_have_the_names_un_and_itu_texts_use(every_entity):
    by_id = {o["value"]: o["label"] for o in every_entity}
    assert by_id["USA"] == "United States" and by_id["GBR"] == "United Kingdom"
    assert by_id["TUR"] == "Türkiye" and by_id["KEN"] == "Kenya"
    assert by_id["TTO"] == "Trinidad and Tobago"  # no "&" in a country's name
    assert names.entity_label("ZAF") == "South Africa"


def test_groups_say_who_defines_them(every_entity):
    found = set(labels(every_entity))
    assert {"Africa (ITU region)", "Africa (UN SDG region)", "Sub-Saharan Africa (UN SDG region)"} <= found
    assert "Least Developed Countries (LDCs, UN list)" in found
    assert "Low income (World Bank income group)" in found
    assert "Africa" not in found  # never a group whose definer is unsaid
    assert every_entity[0]["value"] == "world"
    kinds = [o["value"] for o in every_entity]
    assert (
        kinds.index("itu_africa") < kinds.index("sdg_africa") < kinds.index("AFG")
    )  # groups, then countries


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("South Africa", "South Africa"),
        ("south africa", "South Africa"),
        ("Turkey", "Türkiye"),
        ("turkiye", "Türkiye"),
        ("US", "United States"),
        ("UK", "United Kingdom"),
        ("usa", "United States"),
        ("cote d'ivoire", "Côte d’Ivoire"),
        ("Ivory Coast", "Côte d’Ivoire"),
        ("KEN", "Kenya"),
        ("sub-saharan", "Sub-Saharan Africa (UN SDG region)"),
        ("africa itu", "Africa (ITU region)"),
        ("Sao Tome", "São Tomé and Príncipe"),
    ],
)
def test_search_puts_the_best_match_first(every_entity, typed, first):
    assert labels(names.search_entity_options(every_entity, typed))[0] == first


def test_south_africa_comes_before_southern_africa(every_entity):
    found = labels(names.search_entity_options(every_entity, "South Africa"))
    assert found.index("South Africa") < found.index("Southern Africa (UN SDG region)")


def test_search_is_bounded_and_keeps_the_selected_entities(every_entity):
    assert names.search_entity_options(every_entity, "") == every_entity
    assert names.search_entity_options(every_entity, None) == every_entity
    assert len(names.search_entity_options(every_entity, "a")) <= names.MAX_SEARCH_RESULTS + 1
    assert names.search_entity_options(every_entity, "x" * 10_000) == []
    kept = names.search_entity_options(every_entity, "Nigeria", ["KEN", "world"])
    assert labels(kept)[0] == "Nigeria" and {"KEN", "world"} <= {o["value"] for o in kept}
    # anything a client sends: never an error
    for junk in [123, ["a"], {"x": 1}, "\x00", "<script>"]:
        assert isinstance(names.search_entity_options(every_entity, junk, junk), list)


def test_options_of_some_ids_only(every_entity):
    assert [o["value"] for o in names.entity_options(["KEN", "world"])] == ["world", "KEN"]
