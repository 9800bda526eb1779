"""Score the extractor against hand-labelled fixtures: one-to-one matching of gold rows to found rows
(same paragraph, the gold quote inside the found quote, same value), then recall, precision and how many
matched rows agree on each attribute. Shared by the tests on the real and the development texts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .conftest import norm

ATTRIBUTES = ("unit", "indicator", "year", "scope", "kind")


@dataclass
class Score:
    """Recall, precision and attribute agreement of one or more documents."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    problems: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    def agreement(self, attribute: str) -> float:
        return self.agree[attribute] / self.matched if self.matched else 1.0

    def __add__(self, other: Score) -> Score:
        agree = {a: self.agree[a] + other.agree[a] for a in ATTRIBUTES}
        return Score(self.gold + other.gold, self.found + other.found, self.matched + other.matched, agree,
                     self.problems + other.problems)


def read_labels(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"paragraph": str, "year": str}, keep_default_na=False, na_values=[""])


def _value(x: object) -> str | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else str(x)


def score(labels: pd.DataFrame, found: pd.DataFrame) -> Score:
    """Match every labelled claim to at most one extracted row (and each row to at most one label)."""
    s = Score(gold=len(labels), found=len(found))
    used: set[int] = set()
    quotes = {i: norm(q) for i, q in zip(found.index, found["quote"], strict=True)}
    for _, gold in labels.iterrows():
        want = norm(gold["quote"])
        cands = [i for i, row in found.iterrows()
                 if i not in used and row["paragraph"] == gold["paragraph"] and want in quotes[i]
                 and math.isclose(row["value"], float(gold["value"]), rel_tol=1e-9)]
        if not cands:
            s.problems.append(f"missed: {gold['document']} {gold['paragraph']} {gold['quote']!r}")
            continue
        # prefer the row whose quote starts with the labelled words (a long quote may hold a later figure)
        best = min(cands, key=lambda i: (not quotes[i].startswith(want), len(quotes[i])))
        used.add(best)
        s.matched += 1
        row = found.loc[best]
        for a in ATTRIBUTES:
            if _value(row[a]) == _value(gold[a]):
                s.agree[a] += 1
            else:
                s.problems.append(f"{gold['document']} {gold['quote']!r}: {a} {_value(row[a])!r} "
                                  f"!= {_value(gold[a])!r}")
    for i in found.index.difference(list(used)):
        row = found.loc[i]
        s.problems.append(f"extra: {row['document']} {row['paragraph']} {row['quote']!r} = {row['value']}")
    return s
