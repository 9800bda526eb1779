"""dashboard.views.names: ids as a reader sees them (indicator names, ETL notes, derivations, units)."""

from __future__ import annotations

from dashboard.views import names, published


def test_indicator_names_never_show_raw_ids(fixture_dir):
    published.use(fixture_dir)
    assert (
        names.indicator_name("internet_use_share") == published.indicator_info("internet_use_share")["name"]
    )
    assert names.indicator_name("offline_population_count") == "Offline population (number)"
    assert names.indicator_name("process_mandate_years") == "WSIS process: mandate (years)"
    assert names.indicator_name("ict_access_share") == "ICT access (share)"
    assert names.indicator_name(None) == "unknown indicator"


def test_derivations_and_check_units_are_in_words_and_registry_units(fixture_dir):
    published.use(fixture_dir)
    assert names.derivation_words("100 - internet_use_share") == "100 − Individuals using the Internet"
    assert names.derivation_words("direct") == "direct"
    derived = {
        "derivation": "(100 - internet_use_share) / 100 * population",
        "indicator_id": "internet_use_share",
        "claim_unit": "persons",
    }
    assert names.check_unit(derived) == "persons"  # a computed count, not the share's percent
    assert names.check_unit({**derived, "derivation": "direct"}) == "percent"


def test_notes_of_the_etl_are_shown_with_names_not_ids(fixture_dir, monkeypatch):
    published.use(fixture_dir)
    assert names.named_ids("no series for ict_access_share in percent") == (
        "no series for ICT access (share) in percent"
    )
    note = names.named_ids("derived with population 7639661771 from itu-datahub-2025-07")
    assert note.endswith(" 7.6 billion from itu-datahub-2025-07") and "7639661771" not in note
    monkeypatch.setattr(
        published, "entity_names", lambda: {"developing_lmic": "Low- and middle-income countries"}
    )
    assert names.named_ids("developing_lmic differs") == "Low- and middle-income countries differs"
    assert names.named_ids("scope 'UN_system' has no entity") == "scope 'UN_system' has no entity"  # kept
