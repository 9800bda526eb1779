"""Country classifications -> `entities` and `group_membership`, and the Reference the value readers use.

- countries, ISO3 <-> M49, the current LDC/LLDC/SIDS lists and UN M49 regions: datasets/country-codes
  (`country-codes.csv`);
- World Bank income group per data year: OGHIST (`Country Analytical History`), which also gives our computed
  group `developing_lmic` (low- and middle-income countries) per year;
- ITU-D region per economy: the ITU IDI workbook (only source of ITU regions: ITU's aggregates workbooks,
  DataHub exports and country workbooks list no member states by region), `entities.itu_region_id`;
- UN SDG regions: M49 names from the SDG geo_area list, membership from Gapminder's `un_sdg_region`; a
  country's SDG regional grouping is also `entities.sdg_region_id` (the comparison where ITU's is unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import (
    CODE_ALIASES,
    EXTRA_COUNTRIES,
    GROUP_M49,
    GROUPS,
    SourceSpec,
    group_id_for_name,
    snake,
)
from etl.sources import common, files, idi, workbooks

CC_ISO3 = "ISO3166-1-Alpha-3"
CC_FLAGS = {
    "ldc": "Least Developed Countries (LDC)",
    "lldc": "Land Locked Developing Countries (LLDC)",
    "sids": "Small Island Developing States (SIDS)",
}
CC_REGION_LEVELS = [
    ("Region Code", "Region Name"),
    ("Sub-region Code", "Sub-region Name"),
    ("Intermediate Region Code", "Intermediate Region Name"),
]
CC_REQUIRED = [CC_ISO3, "M49", "CLDR display name", "official_name_en", *CC_FLAGS.values()] + [
    c for pair in CC_REGION_LEVELS for c in pair
]
# names an economy goes by in country-codes, for readers of files that give names only (ITU's 2022 country
# workbooks); used where present
CC_NAMES = ["official_name_en", "CLDR display name", "UNTERM English Short", "UNTERM English Formal"]
# the formats of data/sources.toml read here (one source each)
FORMATS = ["country_codes", "wb_oghist", "idi", "unsd_geo_area", "gapminder_geo", "gapminder_sdg_regions"]
WB_SHEET = "Country Analytical History"
WB_GROUPS = {
    "L": "wb_low_income",
    "LM": "wb_lower_middle_income",
    "UM": "wb_upper_middle_income",
    "H": "wb_high_income",
}
LMIC = {"L", "LM", "UM"}


def _membership(group_id: str, entity_id: str, year: int | None, source_id: str) -> dict:
    return {"group_id": group_id, "entity_id": entity_id, "year": year, "source_id": source_id}


@dataclass
class Classification:
    countries: pd.DataFrame  # entity_id, name, iso3_code, m49_code
    regions: dict[int, str] = field(default_factory=dict)  # M49 code -> name (UN regions)
    itu_regions: dict[str, str] = field(default_factory=dict)  # ISO3 -> itu_* group id
    names: dict[str, str] = field(default_factory=dict)  # common.name_key(name) -> ISO3
    membership: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)


def read_country_codes(path: Path, spec: SourceSpec) -> Classification:
    """Countries (ISO3, M49, name), current LDC/LLDC/SIDS membership and M49 region membership."""
    df = files.read_csv(path, CC_REQUIRED)
    rows = common.line_numbers(df)
    common.require_filled(df, path, [CC_ISO3, "M49"])
    iso = df[CC_ISO3].str.strip()
    bad = ~iso.str.fullmatch(r"[A-Z]{3}")
    if bad.any():
        i = bad.idxmax()
        raise SourceError(path, f"not an ISO3 code: {iso[i]!r}", row=int(rows[i]), column=CC_ISO3)
    dup = iso.duplicated()
    if dup.any():
        i = dup.idxmax()
        raise SourceError(path, f"duplicate country {iso[i]}", row=int(rows[i]), column=CC_ISO3)
    m49 = common.to_numbers(df["M49"], path, "M49", rows).astype(int)
    name = (
        df["CLDR display name"]
        .str.strip()
        .where(df["CLDR display name"].str.strip() != "", df["official_name_en"].str.strip())
    )
    countries = pd.DataFrame({"entity_id": iso, "name": name, "iso3_code": iso, "m49_code": m49})
    result = Classification(countries=countries, rows_read={spec.source_id: len(df)}, names=_names(df, iso))
    for gid, col in CC_FLAGS.items():
        flagged = df[col].str.strip().str.lower() == "x"
        result.membership += [_membership(gid, c, None, spec.source_id) for c in iso[flagged]]
    for code_col, name_col in CC_REGION_LEVELS:
        has = df[code_col].str.strip() != ""
        codes = common.to_numbers(df.loc[has, code_col], path, code_col, rows[has]).astype(int)
        for code, rname, country in zip(codes, df.loc[has, name_col], iso[has], strict=True):
            result.regions[int(code)] = rname.strip()
            result.membership.append(_membership(f"sdg_{snake(rname)}", country, None, spec.source_id))
    return result


def _names(df: pd.DataFrame, iso: pd.Series) -> dict[str, str]:
    """name key -> ISO3 over every name column present; a key two economies share is left out."""
    found: dict[str, set[str]] = {}
    for col in [c for c in CC_NAMES if c in df.columns]:
        for name, code in zip(df[col], iso, strict=True):
            if name.strip():
                found.setdefault(common.name_key(name), set()).add(code)
    return {k: next(iter(v)) for k, v in sorted(found.items()) if len(v) == 1 and k}


def read_unsd_geo_areas(path: Path) -> dict[int, str]:
    """M49 code -> name, from the UN SDG geo_area code list."""
    df = files.read_csv(path, ["geo_area", "name"])
    rows = common.line_numbers(df)
    codes = common.to_numbers(df["geo_area"], path, "geo_area", rows).astype(int)
    return dict(zip(codes, df["name"].str.strip(), strict=True))


def read_oghist(path: Path, spec: SourceSpec, iso3: frozenset[str]) -> tuple[list[dict], list[dict], int]:
    """World Bank income group per economy per data year, plus `developing_lmic` (L, LM or UM)."""
    [rows_of_sheet] = workbooks.read_sheets(path, workbooks.sheets_named(path, [WB_SHEET])).values()
    membership: list[dict] = []
    quarantine: list[dict] = []
    years: dict[int, int] = {}
    n = 0
    for r, row in enumerate(rows_of_sheet, start=1):
        label = row[1] if len(row) > 1 else None
        if isinstance(label, str) and label.strip().lower().startswith("data for calendar year"):
            years = {j: int(v) for j, v in enumerate(row) if j >= 2 and isinstance(v, int | float) and v}
            continue
        code = row[0] if row else None
        if not years or not isinstance(code, str) or not code.strip():
            continue
        n += 1
        code = code.strip()
        if code not in iso3:
            quarantine.append(
                {
                    "source_id": spec.source_id,
                    "row": r,
                    "column": "A",
                    "value": code,
                    "reason": "economy code is not a country in the registry (country-codes.csv)",
                }
            )
            continue
        for j, year in years.items():
            cell = row[j] if j < len(row) else None
            group = str(cell).strip().rstrip("*") if cell is not None else ""
            if group in ("", ".."):
                continue
            if group not in WB_GROUPS:
                quarantine.append(
                    {
                        "source_id": spec.source_id,
                        "row": r,
                        "column": _col(j),
                        "value": str(cell),
                        "reason": "unknown income group code",
                    }
                )
                continue
            membership.append(_membership(WB_GROUPS[group], code, year, spec.source_id))
            if group in LMIC:
                membership.append(_membership("developing_lmic", code, year, spec.source_id))
    if not years:
        raise SourceError(path, f"sheet {WB_SHEET!r}: no 'Data for calendar year' header row", column="B")
    return membership, quarantine, n


def read_idi_regions(
    path: Path, spec: SourceSpec, iso3: frozenset[str]
) -> tuple[dict[str, str], list[dict], list[dict], int]:
    """ITU-D region of each economy from the IDI sheets (the latest edition wins if two disagree)."""
    sheets = workbooks.read_sheets(path, idi.edition_sheets(path))
    regions: dict[str, str] = {}
    quarantine: list[dict] = []
    n = 0
    for name in sorted(sheets, reverse=True):  # the latest edition first
        header = None
        for r, row in enumerate(sheets[name], start=1):
            if header is None:
                if row and row[0] == "Iso3":
                    header = [str(c or "") for c in row]
                    col = next((j for j, c in enumerate(header) if c.startswith("ITU-D")), None)
                    if col is None:
                        raise SourceError(path, f"sheet {name!r}: no 'ITU-D Region' column", row=r)
                continue
            code, region = row[0], row[col] if col < len(row) else None
            if not isinstance(code, str) or len(code.strip()) != 3:
                continue
            n += 1
            code = code.strip()
            gid = group_id_for_name(str(region or ""))
            if code not in iso3 or gid is None or not gid.startswith("itu_"):
                reason = (
                    "economy code is not a country in the registry"
                    if code not in iso3
                    else "unknown ITU-D region"
                )
                quarantine.append(
                    {
                        "source_id": spec.source_id,
                        "row": r,
                        "column": f"{name}!{_col(col)}",
                        "value": f"{code} {region}",
                        "reason": reason,
                    }
                )
                continue
            regions.setdefault(code, gid)
        if header is None:
            raise SourceError(path, f"sheet {name!r}: no header row starting with 'Iso3'", column="A")
    membership = [_membership(g, c, None, spec.source_id) for c, g in sorted(regions.items())]
    return regions, membership, quarantine, n


def read_gapminder_sdg(
    country_path: Path, regions_path: Path, spec: SourceSpec, iso3: frozenset[str]
) -> tuple[dict[str, str], list[dict], int]:
    """UN SDG region membership: Gapminder's `un_sdg_region` per country, named from its region list."""
    regions = files.read_csv(regions_path, ["un_sdg_region", "name"])
    names = dict(zip(regions["un_sdg_region"].str.strip(), regions["name"].str.strip(), strict=True))
    df = files.read_csv(country_path, ["country", "iso3166_1_alpha3", "un_sdg_region"])
    rows = common.line_numbers(df)
    membership = []
    for r, code, reg in zip(
        rows, df["iso3166_1_alpha3"].str.strip(), df["un_sdg_region"].str.strip(), strict=True
    ):
        if not reg or code not in iso3:
            continue
        if reg not in names:
            raise SourceError(
                country_path, f"unknown un_sdg_region {reg!r}", row=int(r), column="un_sdg_region"
            )
        membership.append(_membership(f"sdg_{snake(names[reg])}", code, None, spec.source_id))
    return {f"sdg_{snake(v)}": v for v in names.values()}, membership, len(df)


def _col(j: int) -> str:
    """0-based column index -> spreadsheet letter."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(j + 1)


def build(
    paths: dict[str, Path], specs: dict[str, SourceSpec], log: Callable[[str], None] = print
) -> tuple[common.Reference, pd.DataFrame, pd.DataFrame, list[dict], dict[str, int]]:
    """Read every classification source: (reference, entities, group_membership, quarantine, rows_read)."""
    by_format = {s.format: s for s in specs.values()}
    for fmt in FORMATS:
        if fmt not in by_format:
            raise SourceError("data/sources.toml", f"no source with format {fmt!r}")
    cc_spec = by_format["country_codes"]
    result = read_country_codes(paths[cc_spec.source_id], cc_spec)
    extra = pd.DataFrame(
        {
            "entity_id": list(EXTRA_COUNTRIES),
            "name": list(EXTRA_COUNTRIES.values()),
            "iso3_code": list(EXTRA_COUNTRIES),
            "m49_code": pd.NA,
        }
    )
    result.countries = pd.concat([result.countries, extra], ignore_index=True)
    result.names.update({common.name_key(name): code for code, name in EXTRA_COUNTRIES.items()})
    iso3 = frozenset(result.countries["entity_id"])
    rows_read = dict(result.rows_read)
    membership = list(result.membership)
    quarantine = list(result.quarantine)

    wb_spec = by_format["wb_oghist"]
    m, q, n = read_oghist(paths[wb_spec.source_id], wb_spec, iso3)
    membership += m
    quarantine += q
    rows_read[wb_spec.source_id] = n

    idi_spec = by_format["idi"]
    itu_regions, m, q, n = read_idi_regions(paths[idi_spec.source_id], idi_spec, iso3)
    membership += m
    quarantine += q
    rows_read[idi_spec.source_id] = n

    geo_spec = by_format["unsd_geo_area"]
    geo_names = read_unsd_geo_areas(paths[geo_spec.source_id])
    rows_read[geo_spec.source_id] = len(geo_names)

    gc_spec, gr_spec = by_format["gapminder_geo"], by_format["gapminder_sdg_regions"]
    sdg_names, m, n = read_gapminder_sdg(paths[gc_spec.source_id], paths[gr_spec.source_id], gc_spec, iso3)
    sdg_regions = {r["entity_id"]: r["group_id"] for r in m}
    membership += m
    rows_read[gc_spec.source_id] = n
    rows_read[gr_spec.source_id] = len(sdg_names)

    # SDG/M49 regions: M49 regions of country-codes plus Gapminder's SDG regions, named as the SDG database
    m49_groups = {code: gid for gid, code in GROUP_M49.items()}
    group_names = {gid: name for gid, (name, _) in GROUPS.items()}
    sdg_m49: dict[str, int | None] = {}
    for code, name in result.regions.items():
        gid = f"sdg_{snake(name)}"
        m49_groups[code] = gid
        group_names[gid] = geo_names.get(code, name)
        sdg_m49[gid] = code
    by_snake = {f"sdg_{snake(n)}": c for c, n in geo_names.items()}
    for gid, name in sdg_names.items():
        code = by_snake.get(gid)
        if code is not None:
            m49_groups[code] = gid
        group_names[gid] = name
        sdg_m49[gid] = code
    ref = common.Reference(
        iso3=iso3,
        m49_to_iso3={
            int(m): e
            for m, e in zip(result.countries["m49_code"], result.countries["entity_id"], strict=True)
            if not pd.isna(m)
        },
        m49_groups=m49_groups,
        group_names=group_names,
        country_names=result.names,
        aliases=dict(CODE_ALIASES),
    )
    countries = result.countries.assign(
        entity_type="country",
        itu_region_id=result.countries["entity_id"].map(itu_regions),
        sdg_region_id=result.countries["entity_id"].map(sdg_regions),
    )
    groups = pd.DataFrame(
        [
            {
                "entity_id": gid,
                "name": group_names[gid],
                "entity_type": kind,
                "iso3_code": None,
                "m49_code": GROUP_M49.get(gid),
                "itu_region_id": None,
                "sdg_region_id": None,
            }
            for gid, (_, kind) in GROUPS.items()
        ]
        + [
            {
                "entity_id": gid,
                "name": group_names[gid],
                "entity_type": "sdg_region",
                "iso3_code": None,
                "m49_code": code,
                "itu_region_id": None,
                "sdg_region_id": None,
            }
            for gid, code in sorted(sdg_m49.items())
        ]
    )
    entities = pd.concat([countries, groups], ignore_index=True)
    entities["m49_code"] = entities["m49_code"].astype("Int64")
    entities = entities[
        ["entity_id", "name", "entity_type", "iso3_code", "m49_code", "itu_region_id", "sdg_region_id"]
    ]
    membership_df = pd.DataFrame(membership, columns=["group_id", "entity_id", "year", "source_id"])
    membership_df["year"] = membership_df["year"].astype("Int64")
    membership_df = membership_df.drop_duplicates().reset_index(drop=True)
    log(f"[sources] classification: {len(entities):,} entities, {len(membership_df):,} memberships")
    return ref, entities, membership_df, quarantine, rows_read
