"""Pipeline step: the claims of every text in ``<sources>/texts`` and one row per text in ``documents``."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.claims.documents import describe
from etl.claims.extract import extract_rows, to_frame
from etl.claims.reader import decode
from etl.core import schemas
from etl.core.errors import SourceError

if TYPE_CHECKING:
    from etl.pipeline import BuildContext


def text_files(texts_dir: Path) -> list[Path]:
    """The texts to read: every *.txt of the folder, sorted (SOURCES.md and other notes are not texts)."""
    return sorted(p for p in texts_dir.glob("*.txt") if p.is_file())


def run(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Extract claims from every text and describe each text (symbol, title, adoption date, sha256)."""
    texts_dir = Path(ctx.sources_dir) / "texts"
    if not texts_dir.is_dir():
        raise SourceError(texts_dir, "texts folder not found in the sources directory")
    files = text_files(texts_dir)
    if not files:
        raise SourceError(texts_dir, "no *.txt texts to extract claims from")
    rows, docs = [], []
    for n, path in enumerate(files, 1):
        data = path.read_bytes()
        text = decode(data, path)
        found = extract_rows(text, path.stem)
        rows += found
        docs.append(
            {
                "document": path.stem,
                **describe(text),
                "sha256": hashlib.sha256(data).hexdigest(),
                "path": path.relative_to(ctx.sources_dir).as_posix(),
            }
        )
        ctx.log(f"  [{n}/{len(files)}] {path.name}: {len(found)} claims")
    docs_df = pd.DataFrame(docs, columns=list(schemas.Document.to_schema().columns))
    return {"claims": to_frame(rows), "documents": schemas.Document.validate(docs_df)}
