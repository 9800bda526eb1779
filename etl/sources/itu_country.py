"""ITU country workbooks of February 2022 (ITU's statistics page before the DataHub): economies by name only.

Two layouts, told apart by their header, never by the file name:
- a panel (`PercentIndividualsUsingInternet.xlsx`, sheet `Data`): `Indicator, Country`, then
  `<year>_value, <year>_notes, <year>_source` per year; the `Indicator` text ("Internet users (%)") is the
  series code looked up in data/indicator_series.csv;
- a latest-year table (`IndividualsUsingInternetByGender.xlsx`): two header rows (a group over several
  columns: "All", "Gender", "Urban", "Rural"; under it "Individuals", "Male", "Female", "Total", …), the
  latest year of each economy in the `year` column, values stored as text with ".." or "..." for not
  available; the series code is "<group> <label>" ("Gender Female", "Urban Total"), whose breakdown the
  registry gives. A mark in an unlabelled column refers to a numbered note below the table ("(1) Internet
  users are persons aged 15 years and over …"), and the `in-scope population` sheet gives each economy's
  surveyed age range: both go into the row's note, as survey scopes differ between economies. Its
  "All Individuals" column is the panel's value of the same year rounded to one decimal (none differs by
  more than 0.05), so data/indicator_series.csv registers only its breakdowns: one total per economy-year.

Economies are matched by name to ISO3 through country-codes' official and short names, then the small alias
list below for ITU's own spellings ("Korea (Rep. of)", "Dominican Rep."); a name that still does not match
(Kosovo, Ascension, "French Guiana [included in France data]") is set aside in the quarantine with the
reason. Which sheets to read is the source's `sheets` in data/sources.toml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common, workbooks

NOT_AVAILABLE = {"", "..", "...", "N/A", "n/a", "-"}
VALUE_COLUMN = re.compile(r"^(\d{4})_value$")
NOTE_TEXT = re.compile(r"\((\d+)\)\s*([^\n]+)")
# ITU's spellings that country-codes does not give (matched after common.name_key)
ALIASES = {
    common.name_key(name): iso
    for name, iso in {
        "Central African Rep.": "CAF",
        "Congo (Rep. of the)": "COG",
        "Czech Republic": "CZE",
        "Dem. People's Rep. of Korea": "PRK",
        "Dem. Rep. of the Congo": "COD",
        "Dominican Rep.": "DOM",
        "Falkland (Malvinas) Is.": "FLK",
        "Hong Kong, China": "HKG",
        "Korea (Rep. of)": "KOR",
        "Korea (Rep.)": "KOR",
        "Lao P.D.R.": "LAO",
        "Macao, China": "MAC",
        "Nepal (Republic of)": "NPL",
        "Norfolk Islands": "NFK",
        "Northern Marianas": "MNP",
        "St. Maarten": "SXM",
        "Taiwan, Province of China": "TWN",
        "Turkey": "TUR",
        "Turks & Caicos Is.": "TCA",
        "United Kingdom": "GBR",
        "United States": "USA",
        "Vatican": "VAT",
        "Virgin Islands (US)": "VIR",
        "Bosnia-Herzegovina": "BIH",
        "Bolivia": "BOL",
        "Iran": "IRN",
        "Venezuela": "VEN",
    }.items()
}
UNMATCHED = "economy name not matched to an ISO3 code (country-codes names and the reader's alias list)"


def economy(name: str, ref: common.Reference) -> str | None:
    """ISO3 of an economy named as ITU names it, or None."""
    key = common.name_key(name)
    return ALIASES.get(key) or ref.country_names.get(key)


def _text(v: object) -> str:
    return re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else ""


def layout(rows: list[tuple]) -> tuple[str, int]:
    """("panel" | "latest" | "scope", header row index) of a sheet, from its first rows."""
    for i, row in enumerate(rows[:10]):
        cells = [_text(c) for c in row]
        if any(VALUE_COLUMN.match(c) for c in cells):
            return "panel", i
        if cells and cells[0].lower() == "economy name":
            return "latest", i
        if cells[:2] == ["Country", "In-scope population"]:
            return "scope", i
    raise SourceError("workbook", "no known layout")


def _number(v: object, path: Path, row: int, column: str) -> float | None:
    """A value stored as a number or as text ("72.2"); None when not available; else one clear error."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    text = _text(v) if v is not None else ""
    if text in NOT_AVAILABLE:
        return None
    try:
        return float(text)
    except ValueError:
        raise SourceError(path, f"not a number: {v!r}", row=row, column=column) from None


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of every registered series of one country workbook."""
    lookup = common.series_lookup(series, path)
    if not spec.sheets:
        raise SourceError(path, f"{spec.source_id!r} lists no sheets in data/sources.toml (sheets = [...])")
    sheets = workbooks.read_sheets(path, workbooks.sheets_named(path, list(spec.sheets)))
    kinds = {}
    for sheet, rows in sheets.items():
        try:
            kinds[sheet] = layout(rows)
        except SourceError:
            raise SourceError(
                path,
                f"sheet {sheet!r}: no '<year>_value', 'Economy name' or 'In-scope population' header "
                "in its first rows (renamed?)",
            ) from None
    scopes: dict[str, str] = {}
    quarantine: list[dict] = []
    records: list[dict] = []
    found: set[str] = set()
    rows_read = 0
    for sheet, (kind, header) in kinds.items():  # scope sheets first: their scopes go into the notes
        if kind == "scope":
            rows_read += _scopes(sheets[sheet], header, sheet, spec, ref, scopes, quarantine)
    for sheet, (kind, header) in kinds.items():
        if kind == "scope":
            continue
        read_kind = _panel if kind == "panel" else _latest
        recs, aside, n, codes = read_kind(sheets[sheet], header, sheet, path, spec, lookup, ref, scopes)
        records += recs
        quarantine += aside
        rows_read += n
        found |= codes
    absent = sorted(set(lookup) - found)
    if absent:
        raise SourceError(path, f"registered series not found in the workbook (renamed?): {absent[0]!r}")
    frame = pd.DataFrame(records, columns=common.READER_COLUMNS)
    return common.finish(frame, spec, units, path, quarantine, rows_read)


def _aside(spec: SourceSpec, row: int, column: str, value: str, reason: str = UNMATCHED) -> dict:
    return {"source_id": spec.source_id, "row": row, "column": column, "value": value, "reason": reason}


def _scopes(rows, header, sheet, spec, ref, scopes, quarantine) -> int:
    n = 0
    for r, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = [*row, None, None]
        name, scope = _text(cells[0]), _text(cells[1])
        if not name:
            continue
        n += 1
        iso = economy(name, ref)
        if iso is None:
            quarantine.append(_aside(spec, r, f"{sheet}!A", name, f"in-scope population row: {UNMATCHED}"))
        elif scope:
            scopes[iso] = scope
    return n


def _record(
    srow, iso: str, year: int, value: float, r: int, column: str, note: str | None, estimate: bool = False
) -> dict:
    return {
        "indicator_id": srow.indicator_id,
        "entity_id": iso,
        "year": year,
        "value": value * srow.scale,
        "sex": "total",
        "area": "total",
        "age_group": "total",
        **common.parse_pairs(srow.breakdown),
        "series_code": srow.series_code,
        "is_estimate": estimate,
        "note": note,
        "_row": r,
        "_column": column,
    }


def _panel(rows, header, sheet, path, spec, lookup, ref, scopes):
    """`Indicator, Country, <year>_value, <year>_notes, <year>_source, …`: one row per economy."""
    head = [_text(c) for c in rows[header]]
    for col in ("Indicator", "Country"):
        if col not in head:
            raise SourceError(
                path, f"sheet {sheet!r}: column {col!r} not found (renamed?)", row=header + 1, column=col
            )
    ind, name_col = head.index("Indicator"), head.index("Country")
    years = {j: int(m.group(1)) for j, c in enumerate(head) if (m := VALUE_COLUMN.match(c))}
    notes_at = {j: head.index(f"{y}_notes") if f"{y}_notes" in head else None for j, y in years.items()}
    source_at = {j: head.index(f"{y}_source") if f"{y}_source" in head else None for j, y in years.items()}
    records, quarantine, n, codes = [], [], 0, set()
    for r, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = list(row) + [None] * (len(head) - len(row))
        name = _text(cells[name_col])
        if not name:
            continue
        n += 1
        code = _text(cells[ind])
        srow = lookup.get(code)
        if srow is None:
            raise SourceError(
                path,
                f"sheet {sheet!r}: indicator {code!r} is not in data/indicator_series.csv for "
                f"{spec.source_id}",
                row=r,
                column=get_column_letter(ind + 1),
            )
        codes.add(code)
        iso = economy(name, ref)
        if iso is None:
            quarantine.append(_aside(spec, r, f"{sheet}!{get_column_letter(name_col + 1)}", name))
            continue
        for j, year in years.items():
            column = f"{sheet}!{get_column_letter(j + 1)} ({year})"
            value = _number(cells[j], path, r, column)
            if value is None:
                continue
            parts = [_text(cells[k]) for k in (notes_at[j], source_at[j]) if k is not None]
            note = "; ".join(p for p in parts if p) or None
            estimate = bool(note) and "estimat" in note.lower()
            records.append(_record(srow, iso, year, value, r, column, note, estimate))
    return records, quarantine, n, codes


def _latest(rows, header, sheet, path, spec, lookup, ref, scopes):
    """Two header rows (groups, then labels), a `year` column, one row per economy with its latest year."""
    groups_row = rows[header - 1] if header > 0 else ()
    labels = [_text(c) for c in rows[header]]
    columns: dict[int, str] = {}  # value column -> series code ("<group> <label>")
    year_col, group, marks = None, "", []
    for j, label in enumerate(labels):
        above = _text(groups_row[j]) if j < len(groups_row) else ""
        group = above or group
        if j == 0:
            continue
        if label.lower() == "year":
            year_col = j
        elif label:
            columns[j] = f"{group} {label}".strip()
        else:
            marks.append(j)  # footnote marks ("1") sit in the unlabelled columns
    if year_col is None:
        raise SourceError(path, f"sheet {sheet!r}: no 'year' column in the header", row=header + 1)
    wanted = {j: code for j, code in columns.items() if code in lookup}
    codes = set(wanted.values())
    notes = {
        m.group(1): m.group(2).strip()
        for row in rows[header + 1 :]
        for c in row
        if isinstance(c, str)
        for m in NOTE_TEXT.finditer(c)
    }
    records, quarantine, n = [], [], 0
    for r, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = list(row) + [None] * (len(labels) - len(row))
        name = _text(cells[0])
        has_data = any(_text(cells[j]) or isinstance(cells[j], int | float) for j in [year_col, *columns])
        if not name or not has_data:
            continue
        n += 1
        iso = economy(name, ref)
        if iso is None:
            quarantine.append(_aside(spec, r, f"{sheet}!A", name))
            continue
        year_cell = f"{sheet}!{get_column_letter(year_col + 1)}"
        year = _number(cells[year_col], path, r, year_cell)
        if year is None or not float(year).is_integer() or not 1960 <= year <= 2100:
            raise SourceError(path, f"not a year: {cells[year_col]!r}", row=r, column=year_cell)
        refs = [_text(cells[j]) for j in marks if _text(cells[j])]
        note_parts = [f"in-scope population: {scopes[iso]}"] if iso in scopes else []
        note_parts += [f"({m}) {notes[m]}" if m in notes else f"note mark {m}" for m in refs]
        note = "; ".join(note_parts) or None
        for j, code in wanted.items():
            column = f"{sheet}!{get_column_letter(j + 1)}"
            value = _number(cells[j], path, r, column)
            if value is not None:
                records.append(_record(lookup[code], iso, int(year), value, r, column, note))
    return records, quarantine, n, codes
