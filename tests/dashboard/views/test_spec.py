"""dashboard.views.spec: what a chart carries with it (source line, caveats) and how the data are cited."""

from __future__ import annotations

import pandas as pd

from dashboard.views import spec


# --- labels --------------------------------------------------------------------------------------------
def test_source_line_cites_each_source_once_with_edition_and_licence_in_plain_words():
    itu = spec.SourceRef("ITU", "itu-2024-11", "CC BY-NC-SA 3.0 IGO", edition="Facts and Figures 2024")
    sdg = spec.SourceRef("UNSD", "unsd-2023-04", "CC BY 4.0 (as stated in PROVENANCE.md: not verified)")
    assert spec.source_line([itu]) == (
        "Source: ITU, Facts and Figures 2024 · Licence: CC BY-NC-SA 3.0 IGO · Chart: ict4d"
    )
    line = spec.source_line([itu, sdg, itu])
    assert line.count("Facts and Figures 2024") == 1
    assert "; UNSD, release unsd-2023-04 ·" in line  # no edition known: the release id, said so
    assert line.endswith("Licence: CC BY-NC-SA 3.0 IGO; CC BY 4.0 · Chart: ict4d")
    assert "PROVENANCE" not in line and "verified" not in line


def test_source_refs_look_up_publisher_licence_and_edition_of_each_source_and_release():
    sources = pd.DataFrame(
        {
            "source_id": ["agg", "hub", "gap"],
            "publisher": [
                "International Telecommunication Union (ITU), ITU-D",
                "Pub B",
                "Gapminder (from ITU)",
            ],
            "licence": ["Lic A (per PROVENANCE.md)", "Lic B", "CC BY 4.0"],
        }
    )
    releases = pd.DataFrame(
        {
            "release_id": ["r-2024", "r-2025", "g-2025"],
            "publisher": ["International Telecommunication Union (ITU)", "Pub B", "Gapminder"],
            "edition": ["Facts and Figures 2024", "Hub 2025", "Systema Globalis 2025"],
            "is_primary": [True, True, False],
        }
    )
    rows = pd.DataFrame(
        {
            "source_id": ["hub", "agg", "agg", "ict4d-computed", "gap"],
            "release": ["r-2025", "r-2024", "r-2024", "r-2024", "g-2025"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    refs = spec.source_refs(rows, sources, releases)
    assert refs == [
        spec.SourceRef("ITU data via Gapminder", "g-2025", "CC BY 4.0", edition="Systema Globalis 2025"),
        spec.SourceRef("ITU", "r-2024", "Lic A (per PROVENANCE.md)", edition="Facts and Figures 2024"),
        spec.SourceRef("ITU", "r-2024", edition="Facts and Figures 2024", computed=True),
        spec.SourceRef("Pub B", "r-2025", "Lic B", edition="Hub 2025"),
    ]
    line = spec.source_line(refs)
    assert line.startswith(
        "Source: ITU data via Gapminder, Systema Globalis 2025; ITU, Facts and Figures 2024;"
    )
    assert "computed by ict4d from ITU, Facts and Figures 2024" in line
    assert line.endswith("· Licence: CC BY 4.0; Lic A; Lic B · Chart: ict4d")
    assert spec.source_refs(rows.iloc[0:0], sources, releases) == []


def test_attribution_names_a_copy_only_as_via():
    idi = "ITU ICT Development Index (IDI) 2023-2025 data, assembled by the M8 repository (names edited)"
    assert spec.plain_attribution(idi).startswith("ITU ICT Development Index (IDI) 2023-2025 data, via ")
    assert "repository" not in spec.plain_attribution(idi)
    gap = "Gapminder Systema Globalis (open-numbers/ddf--gapminder), state of 2024-09 (commit 63c3c2c)"
    assert spec.plain_attribution(gap) == "Gapminder Systema Globalis, state of 2024-09"
    assert spec.plain_licence("none stated in the workbook; data (c) ITU, used under ITU's terms") == (
        "ITU's terms of use (no licence stated)"
    )


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
