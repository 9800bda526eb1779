"""Score the extractor against hand-labelled fixtures: one-to-one matching of gold rows to found rows
(same paragraph, the gold quote inside the found quote, same value), then recall, precision, how many
matched rows agree on each attribute, and full-claim accuracy: the share of labelled claims found with
value, unit, indicator, year and scope all right (a missed claim counts as wrong). Shared by the tests on
the real and the development texts; ``python -m tests.etl.claims.scoring`` prints the table per text."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .conftest import FIXTURES, norm

ATTRIBUTES = ("unit", "indicator", "year", "scope", "kind", "year_rule")
# what must be right for a claim to count as right in full (value is right by the match itself)
FULL_CLAIM = ("unit", "indicator", "year", "scope")


@dataclass
class Score:
    """Recall, precision, attribute agreement and full-claim accuracy of one or more documents."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    full: int = 0  # labelled claims found with value, unit, indicator, year and scope all right
    compared: set[str] = field(default_factory=set)  # the attributes both sides have
    problems: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def full_accuracy(self) -> float:
        """Full claims right / labelled claims (misses count as wrong, extras do not enter)."""
        return self.full / self.gold if self.gold else 1.0

    def agreement(self, attribute: str) -> float:
        return self.agree[attribute] / self.matched if self.matched else 1.0

    def __add__(self, other: Score) -> Score:
        agree = {a: self.agree[a] + other.agree[a] for a in ATTRIBUTES}
        return Score(
            self.gold + other.gold,
            self.found + other.found,
            self.matched + other.matched,
            agree,
            self.full + other.full,
            self.compared | other.compared,
            self.problems + other.problems,
        )


def read_labels(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"paragraph": str, "year": str}, keep_default_na=False, na_values=[""])


def _value(x: object) -> str | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else str(x)


def score(labels: pd.DataFrame, found: pd.DataFrame) -> Score:
    """Match every labelled claim to at most one extracted row (and each row to at most one label).

    An attribute is compared only when both the labels and the extracted rows have its column (labels
    without `year_rule` still score the rest)."""
    attributes = [a for a in ATTRIBUTES if a in labels.columns and a in found.columns]
    s = Score(gold=len(labels), found=len(found), compared=set(attributes))
    used: set[int] = set()
    quotes = {i: norm(q) for i, q in zip(found.index, found["quote"], strict=True)}
    for _, gold in labels.iterrows():
        want = norm(gold["quote"])
        cands = [
            i
            for i, row in found.iterrows()
            if i not in used
            and row["paragraph"] == gold["paragraph"]
            and want in quotes[i]
            and math.isclose(row["value"], float(gold["value"]), rel_tol=1e-9)
        ]
        if not cands:
            s.problems.append(f"missed: {gold['document']} {gold['paragraph']} {gold['quote']!r}")
            continue
        # prefer the row whose quote starts with the labelled words (a long quote may hold a later figure)
        best = min(cands, key=lambda i: (not quotes[i].startswith(want), len(quotes[i])))
        used.add(best)
        s.matched += 1
        row = found.loc[best]
        wrong = set()
        for a in attributes:
            if _value(row[a]) == _value(gold[a]):
                s.agree[a] += 1
            else:
                wrong.add(a)
                s.problems.append(
                    f"{gold['document']} {gold['quote']!r}: {a} {_value(row[a])!r} != {_value(gold[a])!r}"
                )
        if not wrong & set(FULL_CLAIM):
            s.full += 1
    for i in found.index.difference(list(used)):
        row = found.loc[i]
        s.problems.append(f"extra: {row['document']} {row['paragraph']} {row['quote']!r} = {row['value']}")
    return s


def labelled_texts(texts_dir: Path | None) -> list[tuple[str, Path, Path]]:
    """(document, text, labels) of every labelled text: the sources' texts (when available) and dev/."""
    out = []
    if texts_dir is not None:
        for labels in sorted(FIXTURES.glob("*.csv")):
            text = texts_dir / f"{labels.stem}.txt"
            if text.is_file():
                out.append((labels.stem, text, labels))
    for text in sorted((FIXTURES / "dev").glob("*.txt")):
        out.append((text.stem, text, text.with_suffix(".csv")))
    return out


def table(texts_dir: Path | None = None) -> str:
    """One line per labelled text and totals: recall, precision, full-claim accuracy, year agreement."""
    from etl.claims.extract import extract_file

    lines = [
        f"{'document':24s} {'gold':>4s} {'found':>5s} {'recall':>6s} {'prec.':>6s} {'full':>6s} "
        f"{'year':>6s} {'rule':>6s}"
    ]
    groups: dict[str, Score] = {}
    for document, text, labels in labelled_texts(texts_dir):
        s = score(read_labels(labels), extract_file(text))
        group = "dev" if labels.parent.name == "dev" else "real"
        groups[group] = groups.get(group, Score()) + s
        lines.append(_line(document, s))
    for group, s in groups.items():
        lines.append(_line(f"total {group}", s))
    if len(groups) > 1:
        lines.append(_line("total", sum(groups.values(), Score())))
    return "\n".join(lines)


def _line(name: str, s: Score) -> str:
    rule = f"{s.agreement('year_rule'):6.3f}" if "year_rule" in s.compared else f"{'-':>6s}"
    return (
        f"{name:24s} {s.gold:4d} {s.found:5d} {s.recall:6.3f} {s.precision:6.3f} {s.full_accuracy:6.3f} "
        f"{s.agreement('year'):6.3f} {rule}"
    )


if __name__ == "__main__":
    from etl.core import config

    try:
        texts = config.sources_dir() / "texts"
    except config.ConfigError:
        texts = None
    print(table(texts))
    if "-v" in sys.argv:
        from etl.claims.extract import extract_file

        for _document, text, labels in labelled_texts(texts):
            for problem in score(read_labels(labels), extract_file(text)).problems:
                print(" ", problem)
