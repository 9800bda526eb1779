"""The published values of the series claims map to, per (release, source), with derived values
(gender gap, offline share and count, users count) computed on demand."""

from __future__ import annotations

import pandas as pd

from etl.core.releases import Calendar
from etl.core.vocabulary import COMPUTED_SOURCE
from etl.methods.progress import population_lookup
from etl.methods.reconcile.mapping import Mapping

# --- values of a mapped series, release by release ------------------------------------------------------
Key = tuple[str, str]  # (release, source_id)


class SeriesIndex:
    """Published values by series key and year, per (release, source), with derived values on demand.

    Publishers' figures only: ict4d's own aggregates were nobody's data "of its time".
    """

    def __init__(
        self,
        obs: pd.DataFrame,
        calendar: Calendar,
        groups_population: pd.DataFrame | None = None,
        indicators: set[str] | None = None,
    ):
        sel = obs[obs["source_id"] != COMPUTED_SOURCE]
        if indicators is not None:
            sel = sel[sel["indicator_id"].isin(indicators)]
        self.values: dict[tuple, dict[Key, float]] = {}
        self.by_series: dict[tuple, dict[Key, dict[int, float]]] = {}
        columns = [
            "indicator_id",
            "entity_id",
            "sex",
            "area",
            "age_group",
            "year",
            "release",
            "source_id",
            "value",
        ]
        for i, e, sx, a, ag, y, r, src, v in zip(*(sel[c].tolist() for c in columns), strict=True):
            self.values.setdefault((i, e, sx, a, ag, int(y)), {})[(r, src)] = float(v)
            self.by_series.setdefault((i, e, sx, a, ag), {}).setdefault((r, src), {})[int(y)] = float(v)
        self.population = population_lookup(obs, calendar, groups_population)

    def _get(self, indicator: str, m: Mapping, sex: str, year: int) -> dict[Key, float]:
        return self.values.get((indicator, m.entity_id, sex, m.area, m.age_group, year), {})

    def _count_in(self, release: str, m: Mapping, year: int) -> float | None:
        """ITU's own count of users in a release (its workbooks give millions beside the share)."""
        found = [
            v for (r, _), v in self._get("internet_users_count", m, "total", year).items() if r == release
        ]
        return found[0] if found else None

    def value(self, m: Mapping, key: Key, year: int) -> tuple[float, str] | None:
        """The claim's figure as derived from one release: (value, note), or None when it cannot be."""
        if m.sex == "female/male":
            female = self._get(m.indicator_id, m, "female", year).get(key)
            male = self._get(m.indicator_id, m, "male", year).get(key)
            if female is None or male is None or male <= 0:
                return None
            return {
                "relative gender gap": 100.0 * (1.0 - female / male),
                "gender gap in points": male - female,
                "parity score": female / male,
            }[m.derivation], ""
        share = self._get(m.indicator_id, m, m.sex, year).get(key)
        if share is None:
            return None
        if m.derivation == "direct":
            return share, ""
        if m.derivation == "100 - internet_use_share":
            return 100.0 - share, ""
        users = self._count_in(key[0], m, year)
        if users is not None and share > 0:  # the population the release itself implies
            population, note = users / share * 100.0, "population implied by the release's own user count"
        else:
            pop = self.population.get(m.entity_id, {}).get(year)
            if pop is None:
                return None
            population, note = pop[0], f"population {pop[0] / 1e9:.3f} billion from {pop[1]}"
        if m.derivation == "users count":
            return (users if users is not None else share / 100.0 * population), note
        return (100.0 - share) / 100.0 * population, note

    def keys(self, m: Mapping) -> dict[Key, list[int]]:
        """Every (release, source) with the mapped series, and its years."""
        sexes = ["female", "male"] if m.sex == "female/male" else [m.sex]
        found: dict[Key, set[int]] = {}
        for sex in sexes:
            for key, years in self.by_series.get(
                (m.indicator_id, m.entity_id, sex, m.area, m.age_group), {}
            ).items():
                found.setdefault(key, set()).update(years)
        return {k: sorted(v) for k, v in found.items()}
