import csv
from pathlib import Path

import pandas as pd
import pytest

from etl import targets
from etl.core import config
from etl.core.errors import SourceError


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return targets.load()


def _rewrite(tmp_path: Path, target_id: str, **changes: str) -> Path:
    """A copy of the real registry with one row changed."""
    rows = list(csv.DictReader(targets.TARGETS_CSV.open()))
    for r in rows:
        if r["target_id"] == target_id:
            r.update(changes)
    path = tmp_path / "targets.csv"
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _line_of(target_id: str) -> int:
    ids = [r["target_id"] for r in csv.DictReader(targets.TARGETS_CSV.open())]
    return ids.index(target_id) + 2


def test_every_framework_of_targets_md_is_in_the_registry(registry: pd.DataFrame):
    ids = set(registry["target_id"])
    assert {f"WSIS-6{c}" for c in "abcdefghij"} <= ids
    assert {"C2020-2.1.A", "C2020-2.1.B", "C2020-2.2.A", "C2020-2.2.B", "C2020-2.4", "C2020-2.5.A"} <= ids
    assert {
        "C2030-1.1",
        "C2030-1.2",
        "C2030-2.1.A",
        "C2030-2.1.B",
        "C2030-2.2.A",
        "C2030-2.2.B",
        "C2030-2.3.B",
        "C2030-2.4",
    } <= ids
    assert {f"BBC-{n}" for n in (1, 2, 4, 5, 6, 7)} <= ids
    assert {"SDG-9.c", "SDG-17.8.1", "SDG-17.6.1", "SDG-5.b.1", "SDG-4.4.1"} <= ids
    assert registry["framework"].str.startswith("Universal and meaningful").sum() >= 6


def test_bbc3_has_one_row_per_threshold(registry: pd.DataFrame):
    bbc3 = registry[registry["target_id"].str.startswith("BBC-3")].set_index("scope")["threshold_value"]
    assert bbc3.to_dict() == {"world": 75.0, "developing_lmic": 65.0, "ldc": 35.0}


def test_verification_status_follows_targets_md(registry: pd.DataFrame):
    status = registry.set_index("target_id")["verification_status"]
    assert status["C2030-2.1.A"] == "verified"  # the one Connect 2030 target read on an ITU page
    assert (
        status[[t for t in status.index if t.startswith("C2030-") and t != "C2030-2.1.A"]] == "unverified"
    ).all()
    assert (status[[t for t in status.index if t.startswith("WSIS-")]] == "secondary").all()
    assert (status[[t for t in status.index if t.startswith(("C2020-", "BBC-", "SDG-"))]] == "verified").all()


def test_developing_countries_are_read_as_the_framework_read_them(registry: pd.DataFrame):
    dev = registry[registry["wording"].str.contains("developing")].set_index("target_id")
    assert len(dev) >= 5
    connect_2020 = dev.index.str.startswith("C2020-")
    # Connect 2020 (2016): ITU's own Developing aggregate; later frameworks: low- and middle-income countries
    assert (dev.loc[connect_2020, "scope"] == "itu_developing").all() and connect_2020.sum() == 2
    assert dev.loc[connect_2020, "note"].str.contains("ITU's own Developing aggregate").all()
    assert (dev.loc[~connect_2020, "scope"] == "developing_lmic").all()
    assert dev.loc[~connect_2020, "note"].str.contains("low- and middle-income").all()
    assert "itu_developing" in targets.PENDING_SCOPES


def test_a_pending_scope_missing_from_the_build_is_a_warning_naming_its_targets(registry: pd.DataFrame):
    entities = [e for e in registry["scope"].unique() if e not in ("every_country", "itu_developing")]
    warnings = targets.check_foreign_keys(registry, None, entities)
    assert len(warnings) == 1 and "'itu_developing'" in warnings[0]
    assert "C2020-2.1.A, C2020-2.2.A are not measurable" in warnings[0]
    assert targets.check_foreign_keys(registry, None, [*entities, "itu_developing"]) == []
    missing = targets.missing_scopes(registry, entities)
    assert set(missing) == {"C2020-2.1.A", "C2020-2.2.A"} and "vintage readers" in missing["C2020-2.1.A"]


def test_not_measurable_targets_say_why_and_caveats_name_the_population(registry: pd.DataFrame):
    t = registry.set_index("target_id")
    assert (t.loc[~t["is_measurable"], "not_measurable_reason"].isin(["no_series", "no_threshold"])).all()
    assert t.loc[t["is_measurable"], "not_measurable_reason"].isna().all()
    assert t.loc["UMC-coverage", "not_measurable_reason"] == "no_threshold"
    assert "15+" in t.loc["UMC-internet-use", "caveat"] and "10+" in t.loc["UMC-mobile-ownership", "caveat"]
    assert "3G" in t.loc["C2020-2.4", "caveat"] and "10 Mbit/s" in t.loc["UMC-fixed-speed", "caveat"]
    assert "entry-level broadband" in t.loc["BBC-2", "caveat"] and "10+" in t.loc["SDG-5.b.1", "caveat"]


def test_unmeasurable_targets_are_kept_without_indicator(registry: pd.DataFrame):
    no_series = registry[~registry["is_measurable"]]
    assert no_series["indicator_id"].isna().all()
    assert {"WSIS-6a", "WSIS-6h", "BBC-1", "SDG-4.4.1"} <= set(no_series["target_id"])
    assert registry.loc[registry["target_id"] == "WSIS-6j", "note"].str.contains("proxy").all()


def test_lower_is_better_only_for_price_and_relative_reduction(registry: pd.DataFrame):
    lower = registry[~registry["is_higher_better"]]
    assert set(lower["comparator"]) <= {"<=", "<"}
    assert set(lower["indicator_id"].dropna()) == {"mobile_broadband_price_gni_share"}


def test_indicators_exist_in_the_indicator_registry(registry: pd.DataFrame):
    path = config.DATA_DIR / "indicators.csv"
    if not path.exists():
        pytest.skip("indicator registry not written yet")
    known = pd.read_csv(path)["indicator_id"]
    targets.check_foreign_keys(registry, known, None)


def test_unknown_indicator_names_file_row_and_column(registry: pd.DataFrame):
    row = registry.index[registry["target_id"] == "BBC-2"][0]
    is_bbc2 = registry["target_id"] == "BBC-2"
    bad = registry.assign(indicator_id=registry["indicator_id"].mask(is_bbc2, "speed"))
    with pytest.raises(SourceError, match=rf"row {row + 2}, column 'indicator_id'.*'speed'"):
        targets.check_foreign_keys(bad, registry["indicator_id"].dropna(), None)


def test_unknown_scope_is_rejected_but_every_country_is_allowed(registry: pd.DataFrame):
    entities = registry["scope"].drop_duplicates().tolist()
    targets.check_foreign_keys(registry, None, [e for e in entities if e != "every_country"])
    with pytest.raises(SourceError, match=r"column 'scope'.*'ldc'"):
        targets.check_foreign_keys(registry, None, ["world", "developing_lmic"])


@pytest.mark.parametrize(
    ("target_id", "change", "expected"),
    [
        ("C2020-2.2.B", {"comparator": "=>"}, r"row {line}, column 'comparator'"),  # bad comparator
        ("BBC-1", {"is_measurable": "maybe"}, r"row {line}, column 'is_measurable'.*'maybe'"),  # strict bools
        ("BBC-2", {"is_higher_better": "True"}, r"row {line}, column 'comparator'"),  # direction disagrees
        ("BBC-5", {"is_measurable": "True"}, "is_measurable"),  # measurable without an indicator
        ("BBC-5", {"not_measurable_reason": ""}, r"row {line}, column 'not_measurable_reason'"),  # no reason
        ("BBC-5", {"not_measurable_reason": "tired"}, r"row {line}, column 'not_measurable_reason'"),
    ],
)
def test_bad_row_is_one_error_naming_row_and_column(
    tmp_path: Path, target_id: str, change: dict, expected: str
):
    path = _rewrite(tmp_path, target_id, **change)
    with pytest.raises(SourceError, match=expected.format(line=_line_of(target_id))):
        targets.load(path)


def test_missing_file_is_a_source_error(tmp_path: Path):
    with pytest.raises(SourceError, match="not found"):
        targets.load(tmp_path / "nope.csv")


def test_skills_targets_stay_unmeasurable_and_name_the_skill_series_that_exist(registry: pd.DataFrame):
    from etl import registry as series_registry

    indicator_ids = series_registry.load().indicators["indicator_id"]
    skill_series = [i for i in indicator_ids if i.startswith("ict_skill_")]
    assert len(skill_series) >= 2
    skills = registry[registry["wording"].str.contains("skills", case=False)].set_index("target_id")
    assert {"BBC-4", "UMC-basic-skills", "UMC-intermediate-skills", "SDG-4.4.1"} <= set(skills.index)
    for target_id, t in skills.iterrows():
        assert not t["is_measurable"], target_id
        missing = [i for i in skill_series if i not in t["note"]]
        assert not missing, f"{target_id}'s note does not name {missing}"
