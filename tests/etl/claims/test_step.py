"""The pipeline step: the claims of every text, and one `documents` row per text (symbol, title, date)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl import publish
from etl.claims import step
from etl.claims.documents import adoption_date, describe
from etl.core.errors import SourceError
from etl.pipeline import BuildContext

SYNTHETIC = (
    "United Nations\nA/RES/99/7\nGeneral Assembly\nDistr.: General\n"
    "Resolution adopted by the General Assembly on 3 March 2099\n\n"
    "99/7. A test resolution\n\nThe General Assembly,\n\nNoting,\n\n"
    "1. Notes that 61 per cent of the world’s population use the Internet;\n\n"
    "9th plenary meeting\n3 March 2099\n"
)


def _ctx(sources: Path) -> BuildContext:
    return BuildContext(sources_dir=sources, log=lambda _: None)


def test_step_on_a_sources_folder(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "unga-99-7.txt").write_text(SYNTHETIC, encoding="utf-8")
    (texts / "SOURCES.md").write_text("# notes with 50 per cent", encoding="utf-8")
    out = step.run(_ctx(tmp_path))
    claims, docs = out["claims"], out["documents"]
    assert claims["document"].tolist() == ["unga-99-7"] and claims["value"].tolist() == [61.0]
    row = docs.iloc[0]
    assert (row["document"], row["symbol"], row["title"], row["adoption_date"], row["path"]) == (
        "unga-99-7",
        "A/RES/99/7",
        "99/7. A test resolution",
        "2099-03-03",
        "texts/unga-99-7.txt",
    )
    assert row["sha256"] == hashlib.sha256(SYNTHETIC.encode("utf-8")).hexdigest()


def test_step_output_publishes(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(SYNTHETIC, encoding="utf-8")
    out = step.run(_ctx(tmp_path))
    publish.publish(out, tmp_path / "published", log=lambda _: None)
    assert pd.read_csv(tmp_path / "published" / "documents.csv")["symbol"].tolist() == ["A/RES/99/7"]
    assert len(pd.read_parquet(tmp_path / "published" / "claims.parquet")) == 1


def test_step_errors_name_the_folder(tmp_path):
    with pytest.raises(SourceError, match="texts folder not found"):
        step.run(_ctx(tmp_path))
    (tmp_path / "texts").mkdir()
    with pytest.raises(SourceError, match=r"no \*\.txt"):
        step.run(_ctx(tmp_path))
    (tmp_path / "texts" / "bad.txt").write_bytes(b"caf\xe9 50 per cent")
    with pytest.raises(SourceError, match=r"bad\.txt.*not UTF-8"):
        step.run(_ctx(tmp_path))


def test_adoption_date_from_the_closing_line_when_no_adoption_line():
    text = "The General Assembly,\n\n1. Notes;\n\n48th plenary meeting\n21 December 2020\n"
    assert adoption_date(text) == "2020-12-21"
    assert adoption_date("no date here") is None


def test_real_documents(texts_dir, tmp_path):
    (tmp_path / "texts").mkdir()
    for path in step.text_files(texts_dir):
        shutil.copy(path, tmp_path / "texts" / path.name)  # a temporary copy, outside the repository
    docs = step.run(_ctx(tmp_path))["documents"].set_index("document")
    assert docs.loc["ecosoc-2023-3", "symbol"] == "E/RES/2023/3"  # no symbol line: from title and organ
    assert docs.loc["ecosoc-2023-3", "adoption_date"] == "2023-06-07"
    assert docs.loc["ecosoc-2018-28", "symbol"] == "E/RES/2018/28"
    assert docs.loc["ecosoc-2018-28", "adoption_date"] == "2018-07-24"
    assert docs.loc["unga-75-202", "adoption_date"] == "2020-12-21"
    assert docs.loc["unga-72-200", "title"].startswith("72/200. Information and communications technologies")
    for document in docs.index:
        text = (texts_dir / f"{document}.txt").read_text(encoding="utf-8")
        assert describe(text)["symbol"] == docs.loc[document, "symbol"]
