"""Measures every part computes the same way: ITU's gender parity score and its parity band.

The dashboard, the brief and the progress step all classify a score here, so a score gets the same verdict
on every page. The rule: **a score is classified before any rounding**, on female / male exactly as the
published values give it, because a rounded score would move a value across the band's edge (48.9 % of
women and 49.9 % of men give 0.97996: outside the band, although it rounds to 0.980). Rounding is for
display only, and `format_score` never shows a score that looks like the other side of an edge.
"""

from __future__ import annotations

import math
from typing import TypeVar

# ITU: female value / male value; 0.98 to 1.02 counts as parity (bounds included)
PARITY_BAND: tuple[float, float] = (0.98, 1.02)
DISPLAY_DIGITS = 3  # a parity score is shown with 3 decimals unless that would hide which side it is on

T = TypeVar("T")


def parity_score(female: T, male: T) -> T:
    """Gender parity score: the women's value divided by the men's (NaN when the men's value is not > 0).

    Works on numbers and on pandas columns alike."""
    if isinstance(male, int | float):
        return female / male if male > 0 else float("nan")  # type: ignore[operator,return-value]
    return female / male.where(male > 0)  # type: ignore[attr-defined,operator]


def is_parity(score: T, band: tuple[float, float] = PARITY_BAND) -> T:
    """Is a parity score inside ITU's parity band (bounds included)? Classifies the unrounded score.

    Works on a number (-> bool) and on a pandas/numpy column (-> boolean column); NaN is never parity."""
    inside = (score >= band[0]) & (score <= band[1])  # type: ignore[operator]
    return bool(inside) if isinstance(score, int | float) else inside  # type: ignore[return-value]


def format_score(score: float, band: tuple[float, float] = PARITY_BAND, digits: int = DISPLAY_DIGITS) -> str:
    """A parity score for readers: `digits` decimals, more where rounding would land on a band edge that
    the score itself does not reach (0.97996 is shown as 0.97996, not 0.980), so the number shown never
    contradicts `is_parity`."""
    if not math.isfinite(score):
        return ""
    for d in range(digits, 10):
        shown = round(score, d)
        if is_parity(shown, band) == is_parity(score, band):
            return f"{score:.{d}f}"
    return repr(score)
