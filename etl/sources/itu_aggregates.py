"""ITU "Key ICT indicators" aggregates workbooks, every edition: July 2017 and October 2019 (.xls, one sheet),
rev1 January 2022 (4 sheets), November 2024 (5 sheets). World, ITU's developed/developing split (to 2022),
income groups (from 2024), LDC/LLDC/SIDS and ITU regions.

Each sheet is a stack of wide blocks: a title row, column-group labels ("Millions" / "Per 100 inhabitants",
"(millions)" / "(%)", "Total" / "Female" / "Male", …), a row of years per group, then one row per entity;
"N/A" means not available, and notes sit below the blocks. The editions differ in ways this parser reads
from the sheet, never from a per-file switch: the labels may sit above the years or (2022, by sex) below
them, one per column; the latest year may be starred ("2019*", footnote "* Estimate."); a block may give
one year in its title ("…, by urban/rural area, 2020") and one column per label; the .xls editions have
no "All data are ITU estimates" note, so only their starred year is an estimate. Which sheets to read is
the source's `sheets` in data/sources.toml (the sheet names change between editions); a block title plus
its column-group label, normalised (`Individuals using the Internet [Percentage]`), is the series code
looked up in data/indicator_series.csv, which gives the indicator, the breakdown and the scale (millions ->
x 1e6). So each edition's titles and sheet names live in the registry.

The same total appears on several sheets (e.g. world Internet use on the overview, gender, urban/rural and age
sheets); it is kept once, and a copy with a different value is set aside in the quarantine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.core.errors import SourceError
from etl.registry import SourceSpec, group_id_for_name
from etl.sources import common, workbooks

NOT_AVAILABLE = {"N/A", "n/a", "..", "-", ""}
ALL_ESTIMATES = "all data are itu estimates"  # a sheet note: every value of the sheet is an estimate
WORKBOOK_NOTE = "All data are ITU estimates (workbook note)"
YEAR_TEXT = re.compile(r"^\s*(\d{4})(\**)\s*$")  # "2019*": a year whose values carry footnote *
TITLE_YEAR = re.compile(r",\s*(\d{4})$")  # "Percentage of individuals using the Internet, by …, 2020"


def clean(text: str) -> str:
    """Drop footnote stars and collapse whitespace: `Youth \\n(15-24)` -> `Youth (15-24)`."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def clean_label(text: str) -> str:
    """A column-group label without enclosing brackets: `(millions)` -> `millions`, `(%)` -> `%`."""
    label = clean(text)
    inner = re.fullmatch(r"\((.*)\)", label)
    return inner.group(1).strip() if inner else label


def block_title(text: str) -> str:
    """Normalise a block title across sheets: drop `/Millions`, a trailing `(…)` and stars."""
    title = clean(text)
    title = re.sub(r"/\s*Millions$", "", title)
    title = re.sub(r"\s*\([^()]*\)$", "", title)
    return title.strip()


def year_of(v: object) -> tuple[int, int] | None:
    """(year, footnote stars) of a year header cell: 2019, 2019.0 or "2019*"; None for anything else."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return (int(v), 0) if float(v).is_integer() and 1990 <= v <= 2100 else None
    m = YEAR_TEXT.match(v) if isinstance(v, str) else None
    return (int(m.group(1)), len(m.group(2))) if m and 1990 <= int(m.group(1)) <= 2100 else None


def parse_sheet(rows: list[tuple], sheet: str, path: Path | str = "workbook") -> list[dict]:
    """Every entity value of one sheet as {entity, title, group, year, value, row, column, footnotes,
    all_estimates}.

    Pure: takes the sheet's rows (tuples of cell values, row 1 first) so tests can feed small grids.
    """
    labels: dict[int, str] = {}  # column-group labels, persisting until replaced
    label_stars: dict[int, int] = {}  # footnote marks on column-group labels ("Exabytes*")
    below: dict[int, str] = {}  # labels given after the latest year row, one per column (2022, by sex)
    title: str | None = None
    title_stars = 0  # footnote mark on the block title ("Individuals owning a mobile phone***")
    title_year: int | None = None  # the one year of a block that states it in its title
    footnotes: dict[int, str] = {}  # "*** Individuals aged 10 or older" -> {3: "Individuals aged 10 …"}
    # per year run: (run start, column -> (year, stars of that year))
    groups: list[tuple[int, dict[int, tuple[int, int]]]] = []
    all_estimates = False
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
        if name.lower().startswith(ALL_ESTIMATES):
            all_estimates = True
        years = {j: y for j, v in enumerate(cells) if j >= 1 and (y := year_of(v))}
        if entity is None and len(years) >= 2:  # a year header row (may carry the block title in column A)
            if name:
                title, title_stars, title_year = block_title(name), _stars(first), None
            runs: list[list[int]] = []  # adjacent columns; a run restarts where the years start again
            for j in years:
                if runs and j == runs[-1][-1] + 1 and years[j][0] >= years[runs[-1][-1]][0]:
                    runs[-1].append(j)
                else:
                    runs.append([j])
            groups = [(run[0], {j: years[j] for j in run}) for run in runs]
            below = {}
            title_year = None
            continue
        if entity is None:
            texts = {
                j: clean_label(v) for j, v in enumerate(cells) if j >= 1 and isinstance(v, str) and clean(v)
            }
            labels.update(texts)
            below.update(texts)
            label_stars.update({j: _stars(v) for j, v in enumerate(cells) if j in texts})
            if name and not any(isinstance(v, int | float) for v in cells[1:]):
                title, title_stars = block_title(name), _stars(first)
                stated = TITLE_YEAR.search(title)
                title_year = int(stated.group(1)) if stated else None
                title = TITLE_YEAR.sub("", title).strip() if stated else title
            elif name and any(isinstance(v, int | float) for v in cells[1:]):
                out.append({"entity": None, "name": name, "row": r, "sheet": sheet})
            elif texts and title_year is not None:  # labels of a one-year block: one column per label
                groups = [(j, {j: (title_year, 0)}) for j in texts]
                below = {}
            continue
        if title is None or not groups:
            raise SourceError(
                path, f"sheet {sheet!r}: entity row {name!r} before any block title or year row", row=r
            )
        for start, cols in groups:
            for j, (year, year_stars) in cols.items():
                v = cells[j] if j < len(cells) else None
                label = below.get(j, labels.get(start))
                stars = label_stars.get(j if j in below else start, 0)
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
                        "stars": {title_stars, stars, year_stars} - {0},
                    }
                )
    for c in out:  # footnotes and sheet notes sit below the blocks: attach them once the sheet is read
        c["footnotes"] = [footnotes[n] for n in sorted(c.pop("stars", set())) if n in footnotes]
        c["all_estimates"] = all_estimates
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
    if not spec.sheets:
        raise SourceError(path, f"{spec.source_id!r} lists no sheets in data/sources.toml (sheets = [...])")
    cells: list[dict] = []
    for sheet, rows in workbooks.read_sheets(path, workbooks.sheets_named(path, list(spec.sheets))).items():
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
        notes = c["footnotes"]
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
            "is_estimate": c["all_estimates"] or any(f.lower().startswith("estimate") for f in notes),
            "note": "; ".join([*[WORKBOOK_NOTE] * c["all_estimates"], *notes]) or None,
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
