"""The base of every published table's model, and the range check its values share."""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa

from etl.core.vocabulary import UNIT_RANGES


def _in_unit_range(df: pd.DataFrame) -> pd.Series:
    lo = df["unit"].map(lambda u: UNIT_RANGES.get(u, (-math.inf, math.inf))[0])
    hi = df["unit"].map(lambda u: UNIT_RANGES.get(u, (-math.inf, math.inf))[1])
    return (df["value"] >= lo) & (df["value"] <= hi)


class Table(pa.DataFrameModel):
    """Base of every published table: no column outside the model (strict), values coerced to its types."""

    class Config:
        strict = True
        coerce = True
