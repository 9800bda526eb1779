"""Check a draft: every figure of a text that is not out yet against the newest releases out by its date.

The people who draft next year's report or resolution copy last year's figures forward. For each figure
this says whether it still holds, and what the newest release says instead. Nothing here is a second
grammar or a second set of verdict rules: the figures are those of ``etl.claims`` (the extractor of
``ict4d claims``), and each one is checked by ``etl.methods.reconcile`` (its series mapping, its interval, its
``assess``) with the draft's date standing for the adoption date. The draft's result is then read off that
check (words: ``etl.core.vocabulary.DRAFT_RESULTS``):

* ``cannot be checked``: the claim maps to no series (``reconcile.map_claim`` says why), no primary release
  out by the date has the series, or none has the figure's year yet (a year after the newest data).
* ``does not match any release``: the newest release out by the date that has the year puts the value
  outside the figure's interval, and no older release put it inside.
* ``revised``: the newest release puts it outside, an older release put it inside: the writer copied a
  figure that ITU has re-estimated since.
* ``outdated``: the newest release confirms the figure for its year, and it has a later year.
* ``up to date``: confirmed, and no later year exists.

"Now" in a draft is the newest data year at its date (``etl.claims``); where the newest release out by then
stops earlier (ITU's next estimates are not held yet), the check reads "now" as that release's latest
year, and says so. A figure without a year is read where reconcile reads it: the latest year it held in the
newest release (that release's latest year if none).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from etl.claims.extract import extract_rows
from etl.core.releases import Calendar
from etl.core.vocabulary import (
    DRAFT_NO_MATCH,
    DRAFT_NOT_CURRENT,
    DRAFT_OUTDATED,
    DRAFT_REVISED,
    DRAFT_UP_TO_DATE,
    NO_RELEASE_OF_ITS_TIME,
    NO_SERIES,
    NOT_SUPPORTED,
    YEAR_EVENT,
    YEAR_NOW,
)
from etl.draft.figure import DraftCheck, DraftFigure
from etl.draft.suggest import Row, Suggestion, derivation_text, row_for, suggest
from etl.methods.progress import group_population
from etl.methods.reconcile import (
    GROUP_SCOPES,
    Interval,
    Key,
    Mapping,
    SeriesIndex,
    assess,
    claim_year,
    fmt,
    fmt_interval,
    half_step,
    interval,
    map_claim,
    newest_first,
    years_held,
    years_text,
)


class Checker:
    """The published tables prepared once (series index, calendar), so each text costs only its figures."""

    def __init__(
        self,
        observations: pd.DataFrame,
        releases: pd.DataFrame,
        entities: pd.DataFrame | None = None,
        group_membership: pd.DataFrame | None = None,
    ) -> None:
        self.calendar = Calendar(releases)
        groups = None
        if entities is not None and group_membership is not None and len(entities) and len(group_membership):
            groups = group_population(observations, entities, group_membership, self.calendar)
        # reconcile.map_claim names groups only (GROUP_SCOPES): the index holds just their series
        named = observations[observations["entity_id"].isin(set(GROUP_SCOPES.values()))]
        self.index = SeriesIndex(named, self.calendar, groups)

    def check(self, text: str, as_of: date | None = None, document: str = "draft") -> DraftCheck:
        """Every figure of `text`, checked for the day the text is meant for (default today)."""
        day = as_of or date.today()
        rows = extract_rows(text, document, day)
        figures = [self._figure(r, day) for r in rows]
        _suggest_all(figures, rows, self)
        return DraftCheck(day, figures)

    # --- one figure ---------------------------------------------------------------------------------
    def _figure(self, row: dict, day: date) -> DraftFigure:
        value, unit, quote = float(row["value"]), str(row["unit"]), str(row["quote"])
        qualifier = _text(row.get("qualifier"))
        fig = DraftFigure(
            paragraph=str(row["paragraph"]),
            quote=quote,
            start=int(row["start"]),
            end=int(row["end"]),
            value=value,
            unit=unit,
            qualifier=qualifier,
            indicator=str(row["indicator"]),
            scope=str(row["scope"]),
            year=_text(row.get("year")),
            year_rule=str(row.get("year_rule") or ""),
        )
        m = map_claim(fig.indicator, fig.scope, unit, str(row["kind"]))
        fig.extra["mapping"] = m
        if m.indicator_id is None:
            fig.reason = f"Cannot be checked: {m.reason}."
            return fig
        bounds = interval(value, half_step(quote, value, unit), qualifier)
        fig.extra["bounds"] = bounds
        # releases out on the day itself count: reconcile's "before adoption" is strictly before
        adopted = day + timedelta(days=1)
        before = set(self.calendar.primary_before(adopted))
        keys = {k: ys for k, ys in self.index.keys(m).items() if k[0] in before}
        if not keys:
            fig.reason = f"Cannot be checked: no release out by {day} has {_series(m)}."
            return fig
        newest = newest_first(list(keys), self.calendar)[0]
        fig.latest_year = max(keys[newest])
        found = self.index.value(m, newest, fig.latest_year)
        fig.latest_value = found[0] if found else None
        fig.latest_release = newest[0]
        year, note = claim_year(fig.year), ""
        if fig.year_rule == YEAR_NOW and year is not None:
            have = [y for y in keys[newest] if y <= year]
            if have and year not in keys[newest]:
                note = f' ("now" read as {max(have)}, the latest year of {self._edition(newest)})'
                year = max(have)
        f = assess(self.index, m, year, adopted, bounds, self.calendar)
        fig.year_used = f.year_used
        if f.time is not None:
            fig.year_release, fig.year_value = f.time[0][0], f.time[1]
        said = self._said(fig, unit)
        if f.verdict == NO_SERIES:
            fig.reason = f"Cannot be checked: {f.note}."
        elif f.verdict == NO_RELEASE_OF_ITS_TIME or f.time is None:
            fig.reason = (
                f"Cannot be checked: no release out by {day} has {f.year_used} for {_series(m)}; "
                f"the latest year is {fig.latest_year}{self._latest(fig, unit)}."
            )
        elif f.verdict == NOT_SUPPORTED:
            matched = self._matched_before(m, keys, f.time[0], f.year_used, bounds, year is None, unit)
            if matched:
                fig.result = DRAFT_REVISED
                fig.reason = f"Revised: {said}{note}; {matched}."
            else:
                fig.result = DRAFT_NO_MATCH
                fig.reason = (
                    f"Does not match any release: {said}{note}, outside {fmt_interval(bounds, unit)}"
                    f"{'' if year is not None else '; no release has it in any year'}."
                )
        elif (
            fig.year_rule != YEAR_EVENT
            and fig.latest_year is not None
            and f.year_used is not None
            and fig.latest_year > f.year_used
        ):
            fig.result = DRAFT_OUTDATED
            fig.reason = f"Outdated: {said}{note}; a newer year exists{self._latest(fig, unit, True)}."
        else:
            fig.result = DRAFT_UP_TO_DATE
            latest = "the year of the event it recalls" if fig.year_rule == YEAR_EVENT else "the latest year"
            fig.reason = f"Up to date: {said}{note}, {latest}."
        return fig

    def _edition(self, key: Key) -> str:
        return self.calendar.citation(key[0])

    def _said(self, fig: DraftFigure, unit: str) -> str:
        if fig.year_release is None or fig.year_value is None:
            return ""
        where = self.calendar.citation(fig.year_release)
        return f"{where} gives {fmt(fig.year_value, unit)} for {fig.year_used}"

    def _latest(self, fig: DraftFigure, unit: str, full: bool = False) -> str:
        """ " (2024: 67.6 % in ITU, Facts and Figures 2024)", or just " (67.6 %)"."""
        if fig.latest_value is None or fig.latest_release is None:
            return ""
        if not full:
            return f" ({fmt(fig.latest_value, unit)})"
        where = self.calendar.citation(fig.latest_release)
        return f" ({fig.latest_year}: {fmt(fig.latest_value, unit)} in {where})"

    def _matched_before(
        self,
        m: Mapping,
        keys: dict[Key, list[int]],
        newest: Key,
        year: int | None,
        bounds: Interval,
        any_year: bool,
        unit: str,
    ) -> str:
        """The newest older release that put the figure inside its interval, as words ("" if none)."""
        for key in newest_first([k for k in keys if k != newest], self.calendar):
            if any_year:
                held = years_held(self.index, m, key, keys[key], bounds)
                if held:
                    return f"{self._edition(key)} had it in {years_text(held)}"
            elif year is not None:
                found = self.index.value(m, key, year)
                if found is not None and bounds.contains(found[0]):
                    return f"{self._edition(key)} gave {fmt(found[0], unit)}"
        return ""


def _series(m: Mapping) -> str:
    """The series a claim is checked on, in words: "internet_use_share for world (female)", "the offline
    count for world (from internet_use_share and population)"."""
    parts = [p for p in (m.sex, m.area, m.age_group) if p not in ("total", "female/male")]
    where = f"{m.entity_id}" + (f" ({', '.join(parts)})" if parts else "")
    if m.derivation == "direct":
        return f"{m.indicator_id} for {where}"
    needs = "internet_use_share by sex" if m.sex == "female/male" else f"{m.indicator_id} and population"
    return f"the {m.derivation} for {where} (from {needs})"


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _same_row(a: Row | None, b: Row) -> bool:
    """Same year of the same release (the figures of one quote are rewritten from one release and year)."""
    return a is not None and (a.year, a.release) == (b.year, b.release)


def _suggest_all(figures: list[DraftFigure], rows: list[dict], checker: Checker) -> None:
    """A replacement for every figure the writer has to change, from the latest year's published row; and
    for every derived figure, how it is derived from the latest year's published values."""
    for fig in figures:
        if row_for(fig) is not None:
            fig.derivation = derivation_text(fig, checker.calendar, checker.index)
    for fig in figures:
        row = row_for(fig)
        if fig.result not in DRAFT_NOT_CURRENT or row is None:
            continue
        others = [
            o
            for o in figures
            if o is not fig and fig.start <= o.start and o.end <= fig.end and _same_row(row_for(o), row)
        ]
        made: Suggestion | None = suggest(fig, others, checker.calendar, checker.index)
        if made is not None:
            fig.suggestion, fig.suggestion_source = made.text, made.source
