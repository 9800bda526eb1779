"""Record what each source file holds (`expect` in data/sources.toml) from a real reading of the sources.

    python scripts/record_expectations.py [--sources DIR] [--data DIR] [--all] [SOURCE_ID ...]

Why: the sha256 pins a file's bytes, `expect` pins what the build reads from them (rows read, the years
span and entities of its observations, the IDI edition sheets), so a file cut short or a renamed sheet fails
the build even after someone re-pinned it. This reads every source exactly as `ict4d build` does (without
checking expectations), then writes the `expect` line of the sources asked for: by default those that have
none yet (new entries), `--all` for every source, or the ids given. It prints each change, and flags a
figure that goes down: check that file before you commit the new line.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from etl import registry
from etl.core import config
from etl.core.errors import Ict4dError
from etl.registry import Expectation
from etl.sources import build, cache, expectations, idi


def observe(sources: Path, reg: registry.Registry) -> dict[str, Expectation]:
    """What the build reads from every source now (expectations not checked)."""
    tables = build.build(
        sources, reg, log=lambda _: None, cache_dir=cache.default_dir(), check_expectations=False
    )
    rows_read = dict(zip(tables["sources"]["source_id"], tables["sources"]["rows_read"], strict=True))
    observed = expectations.observed_expectations(rows_read, tables["observations"])
    for sid, spec in reg.sources.items():
        if spec.format == "idi":  # the edition sheets, so a renamed one fails by name
            observed[sid] = replace(observed[sid], sheets=tuple(idi.edition_names(spec.resolve(sources))))
    return observed


def describe(old: Expectation | None, new: Expectation) -> str:
    """`rows 4,943 -> 4,457 (DOWN), years 2000-2024, entities 195` for the log."""
    if old is None:
        return f"new: {new.to_toml()}"
    parts = []
    for key in Expectation.KEYS:
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            down = (
                (key == "rows" and b < a)
                or (key == "entities" and (b or 0) < (a or 0))
                or (key == "years" and a is not None and (b is None or b[0] > a[0] or b[1] < a[1]))
                or (key == "sheets" and not set(a) <= set(b))
            )
            parts.append(f"{key} {a} -> {b}{' (DOWN: check the file)' if down else ''}")
    return ", ".join(parts) or "unchanged"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="sources to record (default: those without `expect`)")
    parser.add_argument("--all", action="store_true", help="record every source")
    parser.add_argument("--sources", help="sources directory (default: $ICT4D_SOURCES, ../shared/sources)")
    parser.add_argument("--data", type=Path, default=config.DATA_DIR, help="registries (default: data/)")
    args = parser.parse_args(argv)
    try:
        reg = registry.Registry(args.data)
        unknown = sorted(set(args.ids) - set(reg.sources))
        if unknown:
            raise Ict4dError(f"unknown source id {unknown[0]!r} (see data/sources.toml)")
        chosen = (
            list(reg.sources)
            if args.all
            else args.ids or [sid for sid, spec in reg.sources.items() if spec.expect is None]
        )
        if not chosen:
            print("every source has an `expect` already (give ids, or --all, to re-record)", file=sys.stderr)
            return 0
        observed = observe(config.sources_dir(args.sources), reg)
        toml = reg.data_dir / "sources.toml"
        text = toml.read_text(encoding="utf-8")
        new = registry.set_expectations(text, {sid: observed[sid] for sid in chosen})
        check = registry.Registry(reg.data_dir)  # the written file must load and say what was observed
        toml.write_text(new, encoding="utf-8")
        try:
            written = check.sources
        except Ict4dError:
            toml.write_text(text, encoding="utf-8")
            raise
        for sid in chosen:
            assert written[sid].expect == observed[sid], sid
            print(f"{sid}: {describe(reg.sources[sid].expect, observed[sid])}", file=sys.stderr)
        print(f"wrote `expect` of {len(chosen)} source(s) into {toml}", file=sys.stderr)
        return 0
    except (Ict4dError, config.ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
