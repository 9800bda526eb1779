"""The Overview's view: the headline claims next to the data now, and the key charts."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import published
from dashboard.views.pages import overview as overview_view


@pytest.fixture
def overview():
    return overview_view


def test_headline_claims_are_the_checked_claims_with_a_series(overview, fixture_dir):
    checks = pd.read_csv(fixture_dir / "claim_checks.csv")
    with_series = checks[checks.indicator_id.notna()].drop_duplicates(["claim_indicator", "entity_id", "sex"])
    got = overview.headline_claims()
    key = ["claim_indicator", "entity_id", "sex"]
    assert set(map(tuple, got[key].to_numpy())) == set(map(tuple, with_series[key].to_numpy()))


def test_data_now_is_the_latest_upstream_value(overview, fixture_dir):
    obs = pd.read_csv(fixture_dir / "observations.csv")
    ken = obs[
        (obs.indicator_id == "internet_use_share")
        & (obs.entity_id == "KEN")
        & (obs.sex == "total")
        & ~obs.is_computed
    ]
    latest = ken[ken.year == ken.year.max()]
    row = latest.loc[max(latest.index, key=lambda i: published.release_key(latest.loc[i, "release"]))]
    assert overview.data_now("internet_use_share", "KEN") == {
        "value": row.value,
        "year": row.year,
        "release": row.release,
        "unit": "percent",
    }
    assert overview.data_now("internet_use_share", "XYZ") is None


def test_data_now_prefers_values_published_upstream(overview, monkeypatch):
    rows = pd.DataFrame(
        {
            "year": [2023, 2024],
            "value": [60.0, 99.0],
            "release": ["itu-2024-11", "x-2025-01"],
            "is_computed": [False, True],
            "unit": "percent",
        }
    )
    monkeypatch.setattr(published, "observations", lambda *a, **k: rows)
    assert overview.data_now("internet_use_share", "world")["value"] == 60.0


def test_key_chart_keeps_only_entities_the_data_has(overview):
    q = overview.key_chart_query({"indicator": "internet_use_share", "entities": ["world", "wb_low_income"]})
    assert q["entities"] == ["world"]  # the fixture classifies income groups but has no figures of them
