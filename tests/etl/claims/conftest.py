"""Shared helpers: the real texts (from the sources directory) and quote matching that ignores the texts'
no-break spaces."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from etl.claims.extract import extract_claims
from etl.core import config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "claims"


def norm(s: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space, and U+2011 to '-'."""
    return re.sub(r"\s+", " ", s.replace("\u2011", "-")).strip()


@pytest.fixture(scope="session")
def texts_dir() -> Path:
    try:
        path = config.sources_dir() / "texts"
    except config.ConfigError as exc:
        pytest.skip(f"sources not available: {exc}")
    if not path.is_dir():
        pytest.skip(f"no texts folder in {path.parent}")
    return path


@pytest.fixture(scope="session")
def read_text(texts_dir):
    def _read(document: str) -> str:
        return (texts_dir / f"{document}.txt").read_text(encoding="utf-8")

    return _read


def claims_of(text: str, document: str = "t") -> pd.DataFrame:
    return extract_claims(text, document)


def one(df: pd.DataFrame, quote_part: str) -> pd.Series:
    """The single claim whose quote contains `quote_part` (whitespace-insensitive)."""
    hits = df[df["quote"].map(lambda q: norm(quote_part) in norm(q))]
    if len(hits) > 1:  # a long quote may hold a later figure's words: prefer the quote that starts with them
        hits = hits[hits["quote"].map(lambda q: norm(q).startswith(norm(quote_part)))]
    assert len(hits) == 1, f"{len(hits)} claims quote {quote_part!r}:\n{df[['quote', 'value']]}"
    return hits.iloc[0]
