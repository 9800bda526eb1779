"""UN SDG Global Database extracts in DDF layout (open-numbers), every yearly release from 2018 on.

A datapoints file is `ddf--datapoints--<series>--by--<keys>.csv`: key columns, then one value column named
after the series. The releases differ in ways the reader takes from the file itself, never from its name:
the key columns (2018 `geo_area, year[, sex | type_of_…]` in no fixed order; `nature` and `units` from
2020; `age` from 2021) are read from the header, and a key the file lacks reads as "not specified" (no
`nature` = not marked as an estimate; no `sex`/`location`/`age` = total). The series part of the file name
must be the registered series code, so a file whose series was re-coded (`IT_MOB_NTWK` -> `IT_MOB_2GNTWK`,
`IT_NET_BBP` -> `IT_NET_BBND`) fails instead of being read as the wrong thing; old codes map to the same
indicators in data/indicator_series.csv (`IT_MOB_NTWK` by `type_of_mobile_technology` al2g/al3g/al4g;
`IT_NET_BBP` `type_of_speed=anys`).

Units come from the registry: the `units` key (`percent`, `per_100_pop`, `number`) is only checked to
measure the same kind of thing as the indicator's unit (Internet use is `per_100_pop` in 2020-2022 and
`percent` in 2023: the same share), so a count filed under a share fails.

Code lists: a source may name the DDF code lists of its release (`code_lists` in data/sources.toml: that
vintage's `ddf--entities--<key>.csv`, or the byte-identical copy in another vintage's folder that the
sources folder's itu/vintages/PROVENANCE.md names). Then every key column must have one, and every code must
be in it, so a renamed key or a file from another release fails naming file, row and column. The geo-area
list also names the areas set aside in the quarantine.

`geo_area` is a UN M49 code: countries map to ISO3 through country-codes, known groups (1 World, 199 LDCs,
432 LLDCs, 722 SIDS, UN/SDG regions) to our group ids; other aggregates are set aside in the quarantine.
`nature` is the SDG "Nature" code: e (estimated) and m (modelled) mark a value as an estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common, files

SEX = {"bothsex": "total", "notspec": "total", "female": "female", "male": "male"}
AREA = {"notspec": "total", "allarea": "total", "urban": "urban", "rural": "rural"}
ESTIMATE_NATURE = {"e", "m"}
DATAPOINTS = re.compile(r"^ddf--datapoints--(?P<series>[a-z0-9_]+)--by--(?P<keys>[a-z0-9_-]+)\.csv$")
# what an SDG `units` code measures, and what each of our units is: a share and a rate per 100 people are
# both "share" (the registry's unit decides which one is published)
UNIT_KINDS = {"percent": "share", "per_100_pop": "share", "number": "count"}
INDICATOR_UNIT_KINDS = {
    "percent": "share",
    "per_100_inhabitants": "share",
    "count": "count",
    "persons": "count",
}


@dataclass(frozen=True)
class CodeList:
    """One DDF code list (`ddf--entities--<key>.csv`): the codes one key column may hold, with their names."""

    source_id: str
    path: str  # as in data/sources.toml (relative to the sources directory)
    key: str
    names: dict[str, str]


def read_code_list(path: Path, spec: SourceSpec) -> CodeList:
    """A code list: its first column is the key (`geo_area`, `sex`, …), `name` the label (a real CSV
    parser: names may hold line breaks inside quotes)."""
    df = files.read_csv(path, ["name"])
    key = str(df.columns[0])
    if key == "name":
        raise SourceError(path, "a code list starts with its key column, then name", row=1, column=key)
    common.require_filled(df, path, [key])
    codes = df[key].str.strip()
    dup = codes.duplicated()
    if dup.any():
        i = dup.idxmax()
        raise SourceError(path, f"duplicate code {codes[i]!r}", row=int(i) + 2, column=key)
    return CodeList(spec.source_id, spec.path, key, dict(zip(codes, df["name"].str.strip(), strict=True)))


def find_datapoints(folder: Path, series: str) -> Path:
    """The one datapoints file of `series` (an SDG series code, any case) in a vintage folder."""
    found = [
        p
        for p in sorted(Path(folder).glob("ddf--datapoints--*.csv"))
        if (m := DATAPOINTS.match(p.name)) and m["series"] == series.lower()
    ]
    if len(found) != 1:
        raise SourceError(folder, f"expected one datapoints file of series {series}, found {len(found)}")
    return found[0]


def age_group(code: str) -> str | None:
    """SDG age code -> ours: notspec/allage -> total, 15_24 -> 15-24, 15 -> 15+, lt15y -> 0-14; else None."""
    if code in ("notspec", "allage"):
        return "total"
    if re.fullmatch(r"\d{1,2}_\d{1,2}", code):
        return code.replace("_", "-")
    if re.fullmatch(r"\d{1,2}", code):
        return f"{code}+"
    younger = re.fullmatch(r"lt(\d{1,2})y", code)  # "<15Y": under 15 years
    if younger and int(younger.group(1)) > 1:
        return f"0-{int(younger.group(1)) - 1}"
    return None


def read(
    path: Path,
    spec: SourceSpec,
    series: pd.DataFrame,
    ref: common.Reference,
    units: dict[str, str],
    code_lists: list[CodeList] | None = None,
) -> common.ReadResult:
    """Observations of the registered series of one SDG datapoints file (one value column per file; several
    indicators may read it with different selectors, e.g. one per type of skill or of mobile technology)."""
    if series.empty:
        raise SourceError(path, "no series for this source in data/indicator_series.csv")
    value_cols = {code.lower() for code in series["series_code"]}
    if len(value_cols) != 1:
        raise SourceError(path, "the series of one SDG datapoints file must share its series code")
    (value_col,) = value_cols
    named = DATAPOINTS.match(path.name)
    if named and named["series"] != value_col:
        raise SourceError(
            path,
            f"the file holds series {named['series'].upper()}, data/indicator_series.csv reads "
            f"{value_col.upper()} from it (series code changed?)",
        )
    df = files.read_csv(path, ["geo_area", "year"])
    if value_col not in df.columns:
        raise SourceError(
            path,
            f"no value column for series {value_col.upper()} (series code changed?); header: "
            f"{', '.join(df.columns)}",
            row=1,
            column=value_col,
        )
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["geo_area", "year", value_col])
    keys = [c for c in df.columns if c != value_col]
    names = _check_codes(df, rows, keys, path, code_lists)
    _check_units(df, rows, series, units, path)
    frames, quarantine = [], []
    for srow in series.itertuples(index=False):
        wanted = pd.Series(True, index=df.index)
        for key, val in common.parse_pairs(srow.selector).items():
            if key not in df.columns:
                raise SourceError(path, f"selector column {key!r} missing (renamed?)", row=1, column=key)
            wanted &= df[key].str.strip() == val
        frame, aside = _series_frame(df[wanted], rows[wanted], srow, value_col, path, spec, ref, names)
        frames.append(frame)
        quarantine += aside
    frame = pd.concat(frames, ignore_index=True)
    return common.finish(frame, spec, units, path, quarantine, len(df))


def _check_codes(
    df: pd.DataFrame, rows: pd.Series, keys: list[str], path: Path, code_lists: list[CodeList] | None
) -> dict[str, str]:
    """Every key column's codes are in its release's code list; returns the geo-area names (or {})."""
    if not code_lists:
        return {}
    by_key = {c.key: c for c in code_lists}
    for key in keys:
        if key == "year":
            continue
        codes = by_key.get(key)
        if codes is None:
            raise SourceError(
                path,
                f"key column {key!r} has no code list among this source's code_lists in "
                f"data/sources.toml ({', '.join(sorted(by_key))}): renamed key?",
                row=1,
                column=key,
            )
        bad = ~df[key].str.strip().isin(codes.names)
        if bad.any():
            i = bad.idxmax()
            raise SourceError(
                path,
                f"code {df.at[i, key]!r} is not in the code list {codes.path}",
                row=int(rows[i]),
                column=key,
            )
    geo = by_key.get("geo_area")
    return geo.names if geo else {}


def _check_units(
    df: pd.DataFrame, rows: pd.Series, series: pd.DataFrame, units: dict[str, str], path: Path
) -> None:
    """The `units` key must measure what the registry's unit measures (a share, or a count)."""
    if "units" not in df.columns:
        return
    indicators = sorted(set(series["indicator_id"]))
    wanted = {INDICATOR_UNIT_KINDS.get(units.get(i, ""), "") for i in indicators}
    kinds = df["units"].str.strip().map(UNIT_KINDS)
    bad = ~kinds.isin(wanted)
    if bad.any():
        i = bad.idxmax()
        ours = ", ".join(f"{x} in {units.get(x, '?')}" for x in indicators)
        raise SourceError(
            path,
            f"units {df.at[i, 'units']!r} do not measure what the registry reads here ({ours}): "
            "a different series under this code?",
            row=int(rows[i]),
            column="units",
        )


def _series_frame(
    df: pd.DataFrame,
    rows: pd.Series,
    srow,
    value_col: str,
    path: Path,
    spec: SourceSpec,
    ref: common.Reference,
    geo_names: dict[str, str],
) -> tuple[pd.DataFrame, list[dict]]:
    """Reader rows of one series (the rows its selector picked) and the rows set aside."""
    geo = common.to_numbers(df["geo_area"], path, "geo_area", rows).astype(int)
    values = common.to_numbers(df[value_col], path, value_col, rows)
    years = common.to_years(df["year"], path, "year", rows)
    entity = geo.map(ref.m49_to_iso3).fillna(geo.map(ref.m49_groups))
    total = pd.Series("total", index=df.index)
    sex = df["sex"].str.strip().map(SEX) if "sex" in df else total
    area = df["location"].str.strip().map(AREA) if "location" in df else total
    age = df["age"].str.strip().map(age_group) if "age" in df else total
    nature = df["nature"].str.strip().str.lower() if "nature" in df else None

    quarantine: list[dict] = []
    keep = pd.Series(True, index=df.index)
    unknown_geo = "geo area is neither a country nor a group in the registry"
    for mask, column, reason in [
        (entity.isna(), "geo_area", unknown_geo),
        (sex.isna(), "sex", "sex code not supported"),
        (area.isna(), "location", "location code not supported"),
        (age.isna(), "age", "age code not supported"),
    ]:
        new = mask & keep
        if new.any():
            if column == "geo_area" and geo_names:  # name the area as its release's list does
                quarantine += [
                    {
                        "source_id": spec.source_id,
                        "row": int(r),
                        "column": column,
                        "value": str(code),
                        "reason": f"{reason} ({geo_names[code.strip()]})"
                        if code.strip() in geo_names
                        else reason,
                    }
                    for r, code in zip(rows[new], df.loc[new, column], strict=True)
                ]
            else:
                quarantine += common.quarantine_rows(
                    spec.source_id, rows[new], column, df.loc[new, column], reason
                )
            keep &= ~mask
    frame = pd.DataFrame(
        {
            "indicator_id": srow.indicator_id,
            "entity_id": entity,
            "year": years,
            "value": values * srow.scale,
            "sex": sex,
            "area": area,
            "age_group": age,
            "series_code": srow.series_code,
            "is_estimate": nature.isin(ESTIMATE_NATURE) if nature is not None else False,
            "note": ("nature=" + nature.str.upper()) if nature is not None else None,
            "_row": rows,
            "_column": value_col,
        }
    )[keep]
    return frame, quarantine
