"""What each source file held when it was recorded (`expect` in data/sources.toml), and the check that a
build reads at least that much: a pinned file always reads the same, so any drop means a broken file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from etl.core.errors import SourceError
from etl.registry import Expectation, SourceSpec

RECORD_COMMAND = "python scripts/record_expectations.py"


def observed_expectations(
    rows_read: dict[str, int], observations: pd.DataFrame, source_ids: Iterable[str] = ()
) -> dict[str, Expectation]:
    """What this build read from each source: rows read, the years span and entities of its observations.

    Sources that give no observations (classifications, code lists) have only `rows`; one of `source_ids`
    not in `rows_read` read 0 rows (as the sources table says).
    """
    cover = observations.groupby("source_id").agg(
        first=("year", "min"), last=("year", "max"), entities=("entity_id", "nunique")
    )
    observed = {}
    for sid, rows in {**dict.fromkeys(source_ids, 0), **rows_read}.items():
        if sid in cover.index:
            c = cover.loc[sid]
            observed[sid] = Expectation(
                rows=int(rows), years=(int(c["first"]), int(c["last"])), entities=int(c["entities"])
            )
        else:
            observed[sid] = Expectation(rows=int(rows))
    return observed


def require_expectations(specs: dict[str, SourceSpec], toml: Path) -> None:
    """Fail before reading anything when a source has no `expect`: without it, a file cut short passes."""
    missing = [sid for sid, spec in specs.items() if spec.expect is None]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise SourceError(
            toml,
            f"{len(missing)} source(s) without recorded expectations (rows read, years, entities), so a file "
            f"cut short would pass: {shown}; record them with `{RECORD_COMMAND}` (it reads the files and "
            "prints what it writes)",
            column="expect",
        )


def check_expectations(
    specs: dict[str, SourceSpec],
    observed: dict[str, Expectation],
    paths: dict[str, Path],
    log: Callable[[str], None] = print,
) -> None:
    """Fail on the first source that read less than recorded; note the ones that read more.

    The rule (no tolerance): rows read may not fall below `expect.rows`, the years span may not start
    later or end earlier than `expect.years`, and the entities with observations may not fall below
    `expect.entities`. A pinned file always reads the same, so any drop means the file is not what was
    recorded (cut at a line boundary, a sheet renamed, an edition dropped); a percentage tolerance would let
    a file that lost its last lines through. A new vintage that really holds less is re-recorded on purpose.
    """
    grown = []
    for sid, spec in specs.items():
        want, got = spec.expect, observed.get(sid)
        if want is None or got is None:
            continue
        again = f"if this file is right, re-record: {RECORD_COMMAND} {sid}"
        if got.rows < want.rows:
            raise SourceError(
                paths[sid],
                f"{got.rows:,} rows read where data/sources.toml expects at least {want.rows:,} "
                f"(expect.rows of {sid!r}): the file holds less than when it was recorded (cut short?); "
                f"{again}",
            )
        if want.years is not None and (
            got.years is None or got.years[0] > want.years[0] or got.years[1] < want.years[1]
        ):
            span = "no observations" if got.years is None else f"years {got.years[0]}-{got.years[1]}"
            raise SourceError(
                paths[sid],
                f"{span} read where data/sources.toml expects {want.years[0]}-{want.years[1]} "
                f"(expect.years of {sid!r}): years are missing; {again}",
            )
        if want.entities is not None and (got.entities or 0) < want.entities:
            raise SourceError(
                paths[sid],
                f"observations for {got.entities or 0:,} entities where data/sources.toml expects at least "
                f"{want.entities:,} (expect.entities of {sid!r}): entities are missing; {again}",
            )
        recorded = (want.rows, want.years, want.entities)
        if (got.rows, want.years and got.years, want.entities and got.entities) != recorded:
            grown.append(sid)  # no drop (checked above), so a difference is growth
    if grown:
        log(
            f"[sources] {len(grown)} source(s) read more than recorded ({', '.join(grown[:3])}"
            f"{' …' if len(grown) > 3 else ''}): `{RECORD_COMMAND} --all` raises their expectations, so a "
            "later drop to the old figures is caught"
        )
