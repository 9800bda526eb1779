"""The claims and documents tables: the quantitative claims of every text in ``<sources>/texts`` and one
row per text (the extraction is ``etl.claims``)."""

from __future__ import annotations

import pandas as pd

from etl.claims import step as extraction
from etl.steps import BuildContext

INPUTS = ("sources/texts/*.txt",)
OUTPUTS = ("claims", "documents")


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Claims of every text, and each text described (symbol, title, adoption date, sha256)."""
    return extraction.run(ctx)
