"""Small synthetic tables shaped like the published ones ("Testland"), for the tests of the brief."""

from __future__ import annotations

import pandas as pd

LICENCE = "Test licence 1.0"


def obs_rows(entity: str, indicator: str, sex: str, values: dict[int, float], release: str = "rel-2024-11"):
    return [
        {
            "indicator_id": indicator,
            "entity_id": entity,
            "year": y,
            "value": v,
            "unit": "percent",
            "sex": sex,
            "area": "total",
            "age_group": "total",
            "release": release,
            "source_id": "src-a",
            "series_code": "S1",
            "is_estimate": False,
            "is_computed": False,
            "note": None,
        }
        for y, v in values.items()
    ]


def target_row(
    target_id,
    wording,
    *,
    indicator="internet_use_share",
    scope="testland",
    comparator=">=",
    threshold=75.0,
    status="verified",
    measurable=True,
    framework="Framework A",
    reason=None,
):
    return {
        "target_id": target_id,
        "framework": framework,
        "wording": wording,
        "indicator_id": indicator if measurable else None,
        "scope": scope,
        "sex": "total",
        "area": "total",
        "comparator": comparator,
        "threshold_value": threshold,
        "deadline_year": 2030,
        "baseline_year": None,
        "is_higher_better": True,
        "verification_status": status,
        "source_url": None,
        "source_reference": "Framework text, paragraph 3, as recorded in reference/targets.md",
        "is_measurable": measurable,
        "not_measurable_reason": reason,
        "caveat": None,
        "note": None,
    }


def progress_row(
    target_id,
    entity,
    status,
    *,
    release="rel-2024-11",
    latest=True,
    unit="percent",
    latest_value=60.0,
    projected=80.0,
    target_value=75.0,
):
    return {
        "target_id": target_id,
        "framework": "Framework A",
        "indicator_id": "internet_use_share",
        "entity_id": entity,
        "sex": "total",
        "area": "total",
        "unit": unit,
        "release": release,
        "source_id": "src-a",
        "series_code": "S1",
        "is_latest_release": latest,
        "verification_status": "x",
        "comparator": ">=",
        "target_value": target_value,
        "deadline_year": 2030,
        "as_of_year": 2026,
        "base_year": 2019,
        "base_value": 40.0,
        "latest_year": 2023,
        "latest_value": latest_value,
        "projected_value": projected,
        "status": status,
        "open_sdg_status": "moderate progress",
        "unsd_status": "acceleration needed",
        "method": "unsd_extrapolation",
    }


def brief_tables() -> dict[str, pd.DataFrame]:
    targets = pd.DataFrame(
        [
            target_row("T-VER", "use the Internet: 75 % in Testland"),
            target_row(
                "T-UNV",
                "use the Internet: 90 % in Testland",
                threshold=90.0,
                status="unverified",
                framework="Framework B",
            ),
            target_row("T-PAR", "gender parity in Internet use", comparator="parity", threshold=1.0),
            target_row("T-ALL", "every country above 50 %", scope="every_country", threshold=50.0),
            target_row(
                "T-NONE", "connect every village", measurable=False, threshold=None, reason="no_series"
            ),
        ]
    )
    obs = pd.DataFrame(
        obs_rows("testland", "internet_use_share", "total", {2019: 40.0, 2021: 50.0, 2023: 60.0})
        + obs_rows("testland", "internet_use_share", "female", {2021: 45.0, 2023: 54.0})
        + obs_rows("testland", "internet_use_share", "male", {2021: 50.0, 2023: 60.0})
        + obs_rows("testland", "internet_use_share", "total", {2019: 42.0, 2022: 55.0}, release="rel-2023-04")
    )
    progress = pd.DataFrame(
        [
            progress_row("T-VER", "testland", "on_track"),
            progress_row("T-VER", "testland", "off_track", release="rel-2023-04", latest=False),
            progress_row("T-UNV", "testland", "off_track", target_value=90.0),
            progress_row(
                "T-PAR",
                "testland",
                "off_track",
                unit="ratio",
                latest_value=0.9,
                projected=0.95,
                target_value=1.0,
            ),
            progress_row("T-ALL", "AAA", "met"),
            progress_row("T-ALL", "BBB", "met"),
            progress_row("T-ALL", "CCC", "off_track"),
            progress_row("T-ALL", "world", "on_track"),  # a group: not one of the countries
            progress_row("T-ALL", "CCC", "on_track", release="rel-2023-04", latest=False),
        ]
    )
    return {
        "targets": targets,
        "observations": obs,
        "progress": progress,
        "entities": pd.DataFrame({"entity_id": ["testland", "world"], "name": ["Testland", "World"]}),
        "indicators": pd.DataFrame(
            {
                "indicator_id": ["internet_use_share"],
                "name": ["Individuals using the Internet"],
                "unit": ["percent"],
            }
        ),
        "releases": pd.DataFrame(
            {
                "release_id": ["rel-2024-11", "rel-2023-04"],
                "publisher": ["Test Publisher", "Test Publisher"],
                "edition": ["Test Figures 2024", "Test Database 2023 release"],
                "is_primary": [True, True],
            }
        ),
        "documents": pd.DataFrame({"document": ["doc-1"], "symbol": ["A/RES/99/1"]}),
        "sources": pd.DataFrame(
            {
                "source_id": ["src-a"],
                "publisher": ["Test Publisher"],
                "release": ["rel-2024-11"],
                "licence": [LICENCE],
                "attribution": ["Test Publisher, test database"],
                "upstream_url": ["https://example.org/data"],
            }
        ),
        "claim_checks": pd.DataFrame(
            {
                "document": ["doc-1", "doc-1", "doc-1"],
                "paragraph": ["12", "12", "PP3"],
                "start": [100, 100, 400],
                "quote": ["60 per cent of people in Testland use the Internet"] * 2
                + ["almost half of the world"],
                "claim_value": [60.0, 60.0, 50.0],
                "claim_unit": ["percent"] * 3,
                "qualifier": [None, None, "almost"],
                "year_used": [2023, 2023, None],
                "release": ["rel-2023-04", "rel-2024-11", None],
                "data_value": [60.2, 58.0, None],
                "release_verdict": ["matches the data of its time", "differs", None],
                "claim_verdict": ["revised since", "revised since", "no matching series"],
                "note": [None, None, "several scopes"],
            }
        ),
    }
