"""What `ict4d claims PATH...` does, kept out of etl/cli.py so the CLI stays a thin shell."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from etl.claims.extract import extract_rows, to_frame
from etl.claims.reader import read_text, shown
from etl.claims.step import text_files
from etl.core.errors import Ict4dError, SourceError

FORMATS = ("csv", "json")


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its *.txt files. A missing path is an error, not a skip."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = text_files(path)
            if not found:
                raise SourceError(shown(path), "is a directory with no *.txt files")
            out += found
        elif not path.exists():
            raise SourceError(shown(path), "no such file")
        else:
            out.append(path)  # read_text refuses what is not a regular file
    return out


def claims_table(
    paths: Iterable[Path], log: Callable[[str], None] = lambda _: None, as_of: date | None = None
) -> pd.DataFrame:
    """The claims of every file, in the order given (columns exactly those of the Claim model); `as_of`
    dates the texts that state no adoption date (their "now")."""
    rows: list[dict] = []
    for path in expand(paths):
        found = extract_rows(read_text(path), path.stem, as_of)
        log(f"{shown(path)}: {len(found)} claims")
        rows += found
    return to_frame(rows)


def render(df: pd.DataFrame, fmt: str) -> str:
    """CSV (header + one row per claim) or JSON (a list of objects); empty cells are empty / null."""
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        records = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in df.astype(object).where(df.notna(), None).to_dict(orient="records")
        ]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    raise Ict4dError(f"unknown --format {fmt!r}: use one of {', '.join(FORMATS)}")
