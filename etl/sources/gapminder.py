"""Gapminder Systema Globalis DDF datapoints (`geo,time,<concept>`; geo is a lower-case ISO3-like code).

Gapminder's codes that are not countries in our registry (e.g. `abkh`, Abkhazia) are set aside in the
quarantine.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import SourceSpec
from etl.sources import common, files


def read(
    path: Path, spec: SourceSpec, series: pd.DataFrame, ref: common.Reference, units: dict[str, str]
) -> common.ReadResult:
    """Observations of the one concept of a Gapminder datapoints file."""
    lookup = common.series_lookup(series, path)
    if len(lookup) != 1:
        raise SourceError(path, "expected exactly one concept per Gapminder datapoints file")
    ((concept, srow),) = lookup.items()
    df = files.read_csv(path, ["geo", "time", concept])
    rows = common.line_numbers(df)
    common.require_filled(df, path, ["geo", "time", concept])
    geo = df["geo"].str.strip().str.upper()
    years = common.to_years(df["time"], path, "time", rows)
    values = common.to_numbers(df[concept], path, concept, rows)
    known = geo.isin(ref.iso3)
    quarantine = common.quarantine_rows(
        spec.source_id, rows[~known], "geo", df["geo"][~known], "geo code is not a country in the registry"
    )
    frame = pd.DataFrame(
        {
            "indicator_id": srow.indicator_id,
            "entity_id": geo,
            "year": years,
            "value": values * srow.scale,
            "sex": "total",
            "area": "total",
            "age_group": "total",
            "series_code": concept,
            "is_estimate": False,
            "note": None,
            "_row": rows,
            "_column": concept,
        }
    )[known]
    return common.finish(frame, spec, units, path, quarantine, len(df))
