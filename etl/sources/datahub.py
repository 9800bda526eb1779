"""ITU DataHub CSV exports, plain or zipped (one row per economy, year and series; UTF-8 with BOM).

The export's `seriesUnits` label is wrong for paired series (a count and a per-100 series both labelled
"count"), so it is ignored: the series code selects the indicator in data/indicator_series.csv, and the
indicator decides the unit. Entities are economies only; codes that are not countries in our registry
(e.g. Kosovo's KSO, Ascension's ASC) are set aside in the quarantine.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common, files

REQUIRED = ["seriesCode", "entityIso", "entityName", "dataValue", "dataYear", "dataNote", "dataSource"]
ESTIMATE = r"\bestimat"  # matched on lower-cased text: one vectorised regex, no per-row Python call


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of every registered series in one DataHub export."""
    df = files.read_csv(path, REQUIRED, only_required=True)
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["seriesCode", "entityIso", "dataValue", "dataYear"])
    lookup = common.series_lookup(series, path)
    codes = df["seriesCode"].str.strip()
    unknown = ~codes.isin(list(lookup))
    if unknown.any():
        i = unknown.idxmax()
        raise SourceError(
            path,
            f"series code {codes[i]!r} is not in data/indicator_series.csv for {spec.source_id}",
            row=int(rows[i]),
            column="seriesCode",
        )
    absent = sorted(set(lookup) - set(codes))
    if absent:
        raise SourceError(
            path, f"registered series not found in the file: {', '.join(absent)}", column="seriesCode"
        )

    values = common.to_numbers(df["dataValue"], path, "dataValue", rows)
    years = common.to_years(df["dataYear"], path, "dataYear", rows)
    iso = ref.country_ids(df["entityIso"])
    is_country = iso.isin(ref.iso3)
    quarantine = common.quarantine_rows(
        spec.source_id,
        rows[~is_country],
        "entityIso",
        df["entityIso"][~is_country].str.strip() + " " + df["entityName"][~is_country],
        "entity code is not a country in the registry (country-codes.csv)",
    )
    scale = codes.map({c: r.scale for c, r in lookup.items()})
    note = df["dataNote"].str.strip()
    source = df["dataSource"].str.strip()
    frame = pd.DataFrame(
        {
            "indicator_id": codes.map({c: r.indicator_id for c, r in lookup.items()}),
            "entity_id": iso,
            "year": years,
            "value": values * scale,
            "sex": "total",
            "area": "total",
            "age_group": "total",
            "series_code": codes,
            "is_estimate": note.str.lower().str.contains(ESTIMATE)
            | source.str.lower().str.contains(ESTIMATE),
            "note": _note(note, source),
            "_row": rows,
            "_column": "dataValue",
        }
    )[is_country]
    return common.finish(frame, spec, units, path, quarantine, len(df))


def _note(note: pd.Series, source: pd.Series) -> pd.Series:
    """Upstream note and data source in one field: `<note>; source: <source>`."""
    src = ("source: " + source).where(source != "", "")
    both = (note + "; " + src).where((note != "") & (src != ""), note + src)
    return both.replace("", None)
