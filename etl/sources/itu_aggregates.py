"""ITU "Key ICT indicators" aggregates workbook (Nov 2024): world, income groups, LDC/LLDC/SIDS, ITU regions.

Each of the five sheets is a stack of wide blocks: a title row, column-group labels ("Millions" / "Per 100
inhabitants", "Total" / "Female" / "Male", …), a row of years per group, then one row per entity; "N/A" means
not available, and notes sit below the blocks. A block title plus its column-group label, normalised
(`Individuals using the Internet [Percentage]`), is the series code looked up in data/indicator_series.csv,
which gives the indicator, the breakdown and the scale (millions -> x 1e6).

The same total appears on several sheets (e.g. world Internet use on the overview, gender, urban/rural and age
sheets); it is kept once, and a copy with a different value is set aside in the quarantine.
All values are ITU estimates (the workbook's notes say so).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.core.errors import SourceError
from etl.registry import SourceSpec, group_id_for_name
from etl.sources import common

SHEETS = [
    "By dvpmnt status and spec. reg.",
    "By BDT region",
    "By urban-rural area",
    "By gender",
    "Internet use by age",
]
NOT_AVAILABLE = {"N/A", "n/a", "..", "-", ""}


def clean(text: str) -> str:
    """Drop footnote stars and collapse whitespace: `Youth \\n(15-24)` -> `Youth (15-24)`."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def block_title(text: str) -> str:
    """Normalise a block title across sheets: drop `/Millions`, a trailing `(…)` and stars."""
    title = clean(text)
    title = re.sub(r"/\s*Millions$", "", title)
    title = re.sub(r"\s*\([^()]*\)$", "", title)
    return title.strip()


def _is_year(v: object) -> bool:
    return (
        isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer() and 1990 <= v <= 2100
    )


def parse_sheet(rows: list[tuple], sheet: str, path: Path | str = "workbook") -> list[dict]:
    """Every entity value of one sheet as {entity, title, group, year, value, row, column, footnotes}.

    Pure: takes the sheet's rows (tuples of cell values, row 1 first) so tests can feed small grids.
    """
    labels: dict[int, str] = {}
    label_stars: dict[int, int] = {}  # footnote marks on column-group labels ("Exabytes*")
    title: str | None = None
    title_stars = 0  # footnote mark on the block title ("Individuals owning a mobile phone***")
    footnotes: dict[
        int, str
    ] = {}  # "*** Individuals aged 10 or older" -> {3: "Individuals aged 10 or older"}
    groups: list[tuple[str | None, dict[int, int]]] = []  # per year run: (group label, column -> year)
    out: list[dict] = []
    for r, row in enumerate(rows, start=1):
        cells = list(row)
        first = cells[0] if cells else None
        name = clean(first) if isinstance(first, str) else ""
        entity = group_id_for_name(name) if name else None
        mark = re.match(r"^(\*+)\s*(\S.*)$", first.strip()) if isinstance(first, str) else None
        if mark:
            footnotes[len(mark.group(1))] = clean(mark.group(2))
            continue
        years = [j for j, v in enumerate(cells) if j >= 1 and _is_year(v)]
        if entity is None and len(years) >= 2:  # a year header row (may carry the block title in column A)
            if name:
                title, title_stars = block_title(name), _stars(first)
            runs: list[list[int]] = []
            for j in years:
                if runs and j == runs[-1][-1] + 1:
                    runs[-1].append(j)
                else:
                    runs.append([j])
            groups = [(labels.get(run[0]), run[0], {j: int(cells[j]) for j in run}) for run in runs]
            continue
        if entity is None:
            texts = {j: clean(v) for j, v in enumerate(cells) if j >= 1 and isinstance(v, str) and clean(v)}
            labels.update(texts)  # column-group labels persist until replaced
            label_stars.update({j: _stars(v) for j, v in enumerate(cells) if j in texts})
            if name and not any(isinstance(v, int | float) for v in cells[1:]):
                title, title_stars = block_title(name), _stars(first)
            elif name and any(isinstance(v, int | float) for v in cells[1:]):
                out.append({"entity": None, "name": name, "row": r, "sheet": sheet})
            continue
        if title is None or not groups:
            raise SourceError(
                path, f"sheet {sheet!r}: entity row {name!r} before any block title or year row", row=r
            )
        for label, start, cols in groups:
            for j, year in cols.items():
                v = cells[j] if j < len(cells) else None
                out.append(
                    {
                        "entity": entity,
                        "name": name,
                        "title": title,
                        "group": label,
                        "year": year,
                        "value": v,
                        "row": r,
                        "column": f"{get_column_letter(j + 1)}",
                        "sheet": sheet,
                        "stars": {title_stars, label_stars.get(start, 0)} - {0},
                    }
                )
    for c in out:  # footnotes sit below the blocks: attach them once the sheet is read
        c["footnotes"] = [footnotes[n] for n in sorted(c.pop("stars", set())) if n in footnotes]
    return out


def _stars(text: object) -> int:
    """Length of the longest run of footnote stars in a title or label."""
    runs = re.findall(r"\*+", text) if isinstance(text, str) else []
    return max((len(r) for r in runs), default=0)


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of every registered block of the workbook."""
    lookup = common.series_lookup(series, path)
    cells: list[dict] = []
    for sheet, rows in common.read_sheets(path, common.sheets_named(path, list(SHEETS))).items():
        cells += parse_sheet(rows, sheet, path)

    quarantine: list[dict] = []
    records: list[dict] = []
    seen: dict[tuple, dict] = {}
    found: set[str] = set()
    rows_read = len({(c["sheet"], c["row"]) for c in cells})
    for c in cells:
        where = f"{c['sheet']}!{c.get('column', 'A')}{c['row']}"
        if c["entity"] is None:
            quarantine.append(
                {
                    "source_id": spec.source_id,
                    "row": c["row"],
                    "column": f"{c['sheet']}!A",
                    "value": c["name"],
                    "reason": "row name is not a group in the registry",
                }
            )
            continue
        code = f"{c['title']} [{c['group']}]"
        srow = lookup.get(code)
        if srow is None:
            continue  # a block we do not register (the registry lists what we read)
        found.add(code)
        v = c["value"]
        if v is None or (isinstance(v, str) and v.strip() in NOT_AVAILABLE):
            continue
        if isinstance(v, (str, bool)):
            raise SourceError(
                path,
                f"sheet {c['sheet']!r}: not a number: {v!r}",
                row=c["row"],
                column=f"{c['column']} ({c['year']})",
            )
        breakdown = {
            "sex": "total",
            "area": "total",
            "age_group": "total",
            **common.parse_pairs(srow.breakdown),
        }
        rec = {
            "indicator_id": srow.indicator_id,
            "entity_id": c["entity"],
            "year": c["year"],
            "value": float(v) * srow.scale,
            **breakdown,
            "series_code": f"{c['sheet']}: {code}",
            "is_estimate": True,
            "note": "; ".join(["All data are ITU estimates (workbook note)", *c["footnotes"]]),
            "_row": c["row"],
            "_column": f"{c['sheet']}!{c['column']} ({c['year']})",
        }
        key = tuple(rec[k] for k in common.KEY)
        first = seen.get(key)
        if first is None:
            seen[key] = rec
            records.append(rec)
        elif abs(first["value"] - rec["value"]) > 1e-9 * max(1.0, abs(rec["value"])):
            quarantine.append(
                {
                    "source_id": spec.source_id,
                    "row": c["row"],
                    "column": where,
                    "value": str(v),
                    "reason": f"differs from the same total at {first['_column']} "
                    f"row {first['_row']} ({first['value']:g}); first kept",
                }
            )
    absent = sorted(set(lookup) - found)
    if absent:
        raise SourceError(
            path,
            f"registered block not found (renamed?): {absent[0]!r}"
            + (f" and {len(absent) - 1} more" if len(absent) > 1 else ""),
        )
    frame = pd.DataFrame(records, columns=common.READER_COLUMNS)
    return common.finish(frame, spec, units, path, quarantine, rows_read)
