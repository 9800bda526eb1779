"""dashboard.views.spec: what a chart carries with it (source line, caveats) and how the data are cited."""

from __future__ import annotations

import pandas as pd

from dashboard.views import spec


# --- labels --------------------------------------------------------------------------------------------
def test_source_line_cites_each_source_once_with_release_and_licence():
    itu = spec.SourceRef("ITU", "itu-2024-11", "CC BY-NC-SA 3.0 IGO", "Key ICT indicators")
    sdg = spec.SourceRef("UNSD", "unsd-2023-04", "CC-BY-4.0")
    expected = "Source: ITU, Key ICT indicators, release itu-2024-11 · CC BY-NC-SA 3.0 IGO · ict4d"
    assert spec.source_line([itu]) == expected
    line = spec.source_line([itu, sdg, itu])
    assert line.count("itu-2024-11") == 1
    assert "; UNSD, release unsd-2023-04 ·" in line
    assert line.endswith("CC BY-NC-SA 3.0 IGO; CC-BY-4.0 · ict4d")


def test_source_refs_look_up_publisher_and_licence_of_each_source_and_release():
    sources = pd.DataFrame(
        {
            "source_id": ["agg", "hub"],
            "publisher": ["Pub A", "Pub B"],
            "licence": ["Lic A", "Lic B"],
        }
    )
    rows = pd.DataFrame(
        {
            "source_id": ["hub", "agg", "agg", "ict4d-computed"],
            "release": ["r-2025", "r-2024", "r-2024", "r-2024"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    refs = spec.source_refs(rows, sources)
    assert refs == [
        spec.SourceRef("Pub A", "r-2024", "Lic A"),
        spec.SourceRef("ict4d-computed", "r-2024"),
        spec.SourceRef("Pub B", "r-2025", "Lic B"),
    ]
    assert spec.source_line(refs).endswith("· Lic A; Lic B · ict4d")
    assert spec.source_refs(rows.iloc[0:0], sources) == []


def test_caveats_only_when_due():
    assert spec.releases_caveat(["itu-2024-11", "itu-2024-11"]) is None
    assert "itu-2024-11, unsd-2023-04" in spec.releases_caveat(["unsd-2023-04", "itu-2024-11"])
    assert spec.target_caveat("verified") is None
    assert "unverified" in spec.target_caveat("unverified")
    assert "secondary" in spec.target_caveat("secondary")


def test_citation_from_package_and_sources_without_duplicates():
    sources = pd.DataFrame(
        {
            "publisher": ["ITU", "ITU", "Gapminder"],
            "attribution": [
                "ITU World Telecommunication/ICT Indicators database",
                "Source: ITU World Telecommunication/ICT Indicators database",
                None,
            ],
            "release": ["itu-2024-11", "itu-2024-11", "wdi-gapminder-2025-12"],
        }
    )
    text = spec.citation({"title": "T", "version": "2026-11"}, sources)
    lines = text.splitlines()
    assert lines[0].startswith("T, version 2026-11.")
    assert lines[1:] == [
        "Source: ITU World Telecommunication/ICT Indicators database",
        "Source: Gapminder, wdi-gapminder-2025-12",
    ]
    assert spec.citation({}, pd.DataFrame()).startswith("ict4d: ICT-for-development indicators.")


def test_a_spec_drops_empty_caveats():
    assert spec.ChartSpec(None, title="t", caveats=["", "kept", None]).caveats == ["kept"]
