"""Measures every part computes the same way: ITU's gender parity score and its parity band.

The dashboard, the brief and the progress step all classify a score here, so 48.9 against 49.9 is the
same verdict on every page.
"""

from __future__ import annotations

# ITU: female value / male value; 0.98 to 1.02 counts as parity
PARITY_BAND: tuple[float, float] = (0.98, 1.02)


def parity_score(female: float, male: float) -> float:
    """Gender parity score: the women's value divided by the men's (NaN when the men's value is not > 0)."""
    return female / male if male > 0 else float("nan")


def is_parity(score: float, band: tuple[float, float] = PARITY_BAND) -> bool:
    """Is a parity score inside ITU's parity band (bounds included)?"""
    return band[0] <= score <= band[1]
