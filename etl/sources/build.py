"""Every source file through its reader -> observations, entities, group_membership, sources, quarantine.

Files are checked against the sha256 in data/sources.toml before anything is read, so a changed or truncated
file fails the build with one line naming it; rows that cannot be used but are not errors (aggregates in a
country file, codes that are not countries) are set aside in `quarantine` and counted in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from etl import registry as registry_mod
from etl.core.errors import SourceError
from etl.sources import (
    cache,
    classification,
    common,
    datahub,
    expectations,
    files,
    gapminder,
    idi,
    itu_aggregates,
    itu_country,
    owid,
    unsd,
)

READERS = {
    "itu_aggregates": itu_aggregates.read,
    "datahub": datahub.read,
    "unsd": unsd.read,
    "owid": owid.read,
    "gapminder": gapminder.read,
    "idi": idi.read,
    "itu_country": itu_country.read,
}
# DDF code lists (`ddf--entities--<key>.csv`) a datapoints source names in `code_lists`: read with it, no
# observations of their own (the current geo-area list is also read by classification for region names)
CODE_LIST_FORMATS = {"unsd_code_list", "unsd_geo_area"}


def code_lists_of(
    spec: registry_mod.SourceSpec,
    specs: dict[str, registry_mod.SourceSpec],
    paths: dict[str, Path],
    parsed: dict[str, unsd.CodeList] | None = None,
) -> list[unsd.CodeList]:
    """The code lists a source names, each parsed once per build (`parsed` keeps them)."""
    parsed = {} if parsed is None else parsed
    out = []
    for cid in spec.code_lists:
        other = specs.get(cid)
        if other is None or other.format not in CODE_LIST_FORMATS:
            raise SourceError(
                registry_mod.SOURCES_TOML,
                f"source {spec.source_id!r}: code list {cid!r} is not a source of format "
                f"{' or '.join(sorted(CODE_LIST_FORMATS))}",
                column="code_lists",
            )
        if cid not in parsed:
            parsed[cid] = unsd.read_code_list(paths[cid], other)
        out.append(parsed[cid])
    return out


def read_source(
    spec: registry_mod.SourceSpec,
    path: Path,
    reg: registry_mod.Registry,
    ref: common.Reference,
    code_lists: list[unsd.CodeList] | None = None,
) -> common.ReadResult:
    """One source file through its reader, with the code lists it names (DDF datapoints)."""
    reader = READERS[spec.format]
    series = reg.series_for(spec.source_id)
    if code_lists:
        return reader(path, spec, series, ref, reg.units, code_lists=code_lists)
    return reader(path, spec, series, ref, reg.units)


def build(
    sources_dir: Path,
    reg: registry_mod.Registry,
    log: Callable[[str], None] = print,
    cache_dir: Path | None = None,
    check_expectations: bool = True,
) -> dict[str, pd.DataFrame]:
    """The tables read from the files of `sources_dir`, using the registries in `reg`.

    With `cache_dir`, what each reader makes of a file is kept there and reused while the file (pinned
    sha256), its registry rows and the reading code are unchanged (``etl.sources.cache``).
    Every source must have an `expect` in data/sources.toml, and must read at least that much
    (`expectations.check_expectations`); `check_expectations=False` is for recording them
    (scripts/record_expectations.py).
    """
    specs = reg.sources
    if check_expectations:
        expectations.require_expectations(specs, reg.data_dir / "sources.toml")
    known = {*READERS, *classification.FORMATS, *CODE_LIST_FORMATS}
    for spec in specs.values():
        if spec.format not in known:
            raise SourceError(
                registry_mod.SOURCES_TOML,
                f"source {spec.source_id!r}: no reader for format "
                f"{spec.format!r} (known: {', '.join(sorted(known))})",
            )
    _ = reg.releases  # the calendar is checked against sources.toml before any file is read
    paths = {sid: files.checked_path(spec, sources_dir) for sid, spec in specs.items()}
    log(f"[sources] {len(paths)} source files present, sha256 as registered")
    # classification reads several sources (the IDI workbook too): keyed on every source entry
    (ref, entities, membership, quarantine, rows_read), hit = cache.cached(
        cache_dir,
        "classification",
        (sorted(specs.values(), key=lambda s: s.source_id),),
        lambda: classification.build(paths, specs, log=log),
    )
    if hit:
        log(f"[sources] classification: {len(entities):,} entities from the cache (inputs unchanged)")
    quarantine, rows_read = list(quarantine), dict(rows_read)
    hits = 0

    frames = []
    parsed_lists: dict[str, unsd.CodeList] = {}
    for sid, spec in specs.items():
        if spec.format not in READERS:
            continue
        series = reg.series_for(sid)
        lists = code_lists_of(spec, specs, paths, parsed_lists)
        result, hit = cache.cached(
            cache_dir,
            sid,
            (spec, series, ref, reg.units, lists),
            lambda sid=sid, spec=spec, lists=lists: read_source(spec, paths[sid], reg, ref, lists),
        )
        hits += hit
        frames.append(result.observations)
        quarantine += result.quarantine
        rows_read[sid] = result.rows_read
        aside = f", {len(result.quarantine):,} set aside" if result.quarantine else ""
        log(f"[sources] {sid}: {len(result.observations):,} rows{aside}{' (cached)' if hit else ''}")
    for cid, codes in parsed_lists.items():
        rows_read[cid] = len(codes.names)
    if cache_dir is not None:
        log(f"[sources] {hits} of {len(frames)} files' readings reused from {cache_dir}")
    observations = pd.concat(frames, ignore_index=True)
    if check_expectations:
        observed = expectations.observed_expectations(rows_read, observations, specs)
        expectations.check_expectations(specs, observed, paths, log=log)
    unknown = sorted(set(observations["entity_id"].unique()) - set(entities["entity_id"]))  # not per row
    if unknown:  # a reader mapped to an id the entity table lacks: a bug in the registries, not in the data
        raise ValueError(f"observations reference entities missing from the entity table: {unknown[:5]}")

    quarantine_df = pd.DataFrame(quarantine, columns=common.QUARANTINE_COLUMNS)
    quarantine_df["row"] = quarantine_df["row"].astype("Int64")
    log(
        f"[sources] {len(observations):,} observations; {len(quarantine_df):,} rows set aside "
        "(table quarantine)"
    )

    sources = pd.DataFrame(
        [
            {
                "source_id": s.source_id,
                "path": s.path,
                "publisher": s.publisher,
                "licence": s.licence,
                "attribution": s.attribution,
                "release": s.release,
                "upstream_url": s.upstream_url,
                "format": s.format,
                "sha256": s.sha256,
                "rows_read": rows_read.get(s.source_id, 0),
            }
            for s in specs.values()
        ]
    )
    tables = {
        "observations": observations,
        "entities": entities,
        "group_membership": membership,
        "sources": sources,
        "quarantine": quarantine_df,
    }
    return tables
