"""Claims extractor throughput: MB of text per second on one core, over every text of the sources directory.

The corpus (all texts/*.txt) is repeated until a run takes long enough to time; each figure is the best of a
few repeats, in CPU seconds of this process (the machine is shared, so wall-clock time would measure the
neighbours too). Figures: extraction as the build step and the CLI run it (rows per text, one validation),
extraction with one validated DataFrame per text (`extract_claims`), segmentation alone, one large
document (the corpus joined 5 times, about 1 MB), and claim-dense text (the report pages of the development
fixtures, a figure every ~60 characters) as many paragraphs and as ONE paragraph at two sizes: equal MB/s at
both sizes means the cost is linear. Accuracy beside speed: recall, precision and full-claim accuracy (value,
unit, indicator, year and scope all right; a missed claim counts as wrong) on the hand-labelled real texts
and on the development texts (tests/etl/claims/scoring.py; `python -m tests.etl.claims.scoring -v` lists
every disagreement). Run: `python benchmarks/bench_claims.py [--quick]`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.claims.extract import extract_claims, extract_rows, to_frame
from etl.claims.segment import segment
from etl.claims.step import text_files
from etl.core import config


def _best(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return max(best, 1e-9)


def run(quick: bool = False) -> dict[str, float | str]:
    """Throughput of extraction and segmentation over the real texts (MB/s; 1 MB = 10^6 UTF-8 bytes)."""
    try:
        files = text_files(config.sources_dir() / "texts")
    except config.ConfigError as exc:
        return {"texts": f"not available: {exc}"}
    if not files:
        return {"texts": "no texts in the sources directory"}
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in files]
    corpus_mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    rounds = 2 if quick else 10
    repeats = 2 if quick else 3

    def extract_all() -> None:  # as the build step and the CLI do: rows per text, one validation
        to_frame([row for _ in range(rounds) for name, text in texts for row in extract_rows(text, name)])

    def extract_validate_each() -> None:  # extract_claims: one validated DataFrame per text
        for _ in range(rounds):
            for name, text in texts:
                extract_claims(text, name)

    def segment_all() -> None:
        for _ in range(rounds):
            for _, text in texts:
                segment(text)

    big = "\n\n".join(t for _, t in texts) * (2 if quick else 5)
    dense = _dense_pages()
    size = 0.25 if quick else 1.0
    copies = int(size * 1e6 / len(dense)) + 1
    flat = dense.replace("\n\n", " ")
    dense_paras = "Facts and Figures\n\n" + "\n\n".join([dense] * copies)
    one_para = "Facts and Figures\n\n" + " ".join([flat] * copies)
    one_para_4x = "Facts and Figures\n\n" + " ".join([flat] * (4 * copies))
    big_mb = len(big.encode("utf-8")) / 1e6
    t_rows = _best(extract_all, repeats)
    t_each = _best(extract_validate_each, repeats)
    t_segment = _best(segment_all, repeats)
    t_big = _best(lambda: extract_claims(big, "big"), repeats)
    t_dense = _best(lambda: extract_rows(dense_paras, "dense"), 1)
    t_one = _best(lambda: extract_rows(one_para, "dense"), 1)
    t_one_4x = _best(lambda: extract_rows(one_para_4x, "dense"), 1)
    return {
        **accuracy(config.sources_dir() / "texts"),
        "corpus_mb": round(corpus_mb, 3),
        "texts": len(texts),
        "claims_in_corpus": sum(len(extract_rows(t, n)) for n, t in texts),
        "throughput_mb_per_s": round(corpus_mb * rounds / t_rows, 2),
        "validated_per_text_mb_per_s": round(corpus_mb * rounds / t_each, 2),
        "segmentation_mb_per_s": round(corpus_mb * rounds / t_segment, 2),
        "large_document_mb": round(big_mb, 2),
        "large_document_mb_per_s": round(big_mb / t_big, 2),
        "ms_per_text": round(1000 * t_rows / (rounds * len(texts)), 2),
        "dense_mb": round(len(dense_paras) / 1e6, 2),
        "dense_claims_per_mb": round(len(extract_rows(dense, "dense")) / (len(dense) / 1e6)),
        "dense_mb_per_s": round(len(dense_paras) / 1e6 / t_dense, 2),
        "dense_one_paragraph_mb_per_s": round(len(one_para) / 1e6 / t_one, 2),
        "dense_one_paragraph_4x_mb_per_s": round(len(one_para_4x) / 1e6 / t_one_4x, 2),
    }


def accuracy(texts_dir: Path | None) -> dict[str, float | str]:
    """Recall, precision and full-claim accuracy per group of labelled texts (real, dev)."""
    try:
        from tests.etl.claims.scoring import Score, labelled_texts, read_labels, score
    except ImportError as exc:  # the tests are not installed with the package
        return {"accuracy": f"not available: {exc}"}
    from etl.claims.extract import extract_file

    groups: dict[str, Score] = {}
    for _document, text, labels in labelled_texts(texts_dir):
        group = "dev" if labels.parent.name == "dev" else "real"
        groups[group] = groups.get(group, Score()) + score(read_labels(labels), extract_file(text))
    out: dict[str, float | str] = {}
    for group, s in sorted(groups.items()):
        out[f"claims_labelled_{group}"] = s.gold
        out[f"recall_{group}"] = round(s.recall, 3)
        out[f"precision_{group}"] = round(s.precision, 3)
        out[f"full_claim_accuracy_{group}"] = round(s.full_accuracy, 3)
    return out


def _dense_pages() -> str:
    """The paragraphs of the development report pages (titles and headings dropped): claim-dense text."""
    folder = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "claims" / "dev"
    pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("dev-ff-*.txt"))]
    return "\n\n".join(para.text(page) for page in pages for para in segment(page) if para.kind == "report")


if __name__ == "__main__":
    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name:30s} {value}")
