"""The `ict4d` command. Each subcommand prints what it does and where it wrote.

Errors that a user can act on (bad path, malformed source, failed validation) are printed as one line
on stderr with exit code 1; tracebacks are for bugs only.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from etl.core import config
from etl.core.errors import Ict4dError

app = typer.Typer(
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, help=__doc__.splitlines()[0]
)


@app.callback()
def _root() -> None:
    """ict4d: WSIS claims, ITU series, progress against targets, and the dashboard."""


SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources", help=f"sources directory (default: ${config.SOURCES_ENV}, then ../shared/sources)"
    ),
]


def echo(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def build(
    sources: SourcesOption = None,
    out: Annotated[Path, typer.Option(help="where to publish the tables")] = config.PUBLISHED_DIR,
    force: Annotated[bool, typer.Option("--force", help="rebuild even if no input changed")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="score targets as of this day, YYYY-MM-DD (default: today)")
    ] = None,
) -> None:
    """Build every published table from the sources directory (skipped when no input changed)."""
    from etl import pipeline

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise Ict4dError(f"--as-of {as_of!r}: expected a date YYYY-MM-DD") from None
    src = config.sources_dir(sources)
    echo(f"building from {src}, scoring targets as of {day.isoformat()}")
    pipeline.run(src, out, log=echo, force=force, as_of=day)
    echo(freshness_of(out, day))


def freshness_of(published: Path, day: date) -> str:
    """How fresh the releases of a published folder are on `day` (etl.core.releases.freshness), as lines."""
    import pandas as pd

    from etl.core.releases import freshness, freshness_report

    path = Path(published) / "releases.csv"
    try:
        releases = pd.read_csv(path, dtype={"release_id": str})
    except (OSError, ValueError) as exc:
        return f"freshness: {path} not readable ({exc})"
    return freshness_report(freshness(releases, day), day)


@app.command()
def fetch(
    sources: SourcesOption = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="fetch only this source id (repeatable)")
    ] = None,
) -> None:
    """Download the sources of data/sources.toml that have a direct download_url; check sha256; report.

    Sources whose upstream is only a landing page are listed as manual (see the README)."""
    from etl import fetch as fetching

    src = config.sources_dir(sources)
    echo(f"fetching the sources in {config.DATA_DIR / 'sources.toml'} into {src}")
    results = fetching.fetch(src, config.DATA_DIR, only=only, log=echo)
    echo(fetching.summary(results))
    if any(r.failed for r in results):
        raise typer.Exit(1)


@app.command()
def claims(
    paths: Annotated[list[Path], typer.Argument(help="text files, or folders of *.txt files")],
    fmt: Annotated[str, typer.Option("--format", help="output format: csv or json")] = "csv",
) -> None:
    """Print the quantitative claims of WSIS-family texts to stdout, one row per claim."""
    from etl.claims import command

    if fmt not in command.FORMATS:
        raise Ict4dError(f"unknown --format {fmt!r}: use one of {', '.join(command.FORMATS)}")
    table = command.claims_table(paths, log=echo)
    sys.stdout.write(command.render(table, fmt))
    echo(f"{len(table)} claims from {len(paths)} path(s), written to stdout as {fmt}")


@app.command()
def progress(
    framework: Annotated[
        str | None, typer.Option(help="only targets whose framework contains this or id prefix (e.g. BBC)")
    ] = None,
    data: Annotated[Path, typer.Option(help="published tables to read")] = config.PUBLISHED_DIR,
) -> None:
    """Print the progress scoreboard: one line per target with its status, first year met or projection,
    the value behind it and its caveat (not-measurable targets with their reason)."""
    import pandas as pd

    from etl.methods import scoreboard as scoring

    paths = {name: Path(data) / f"{name}.csv" for name in ("targets", "progress", "entities")}
    for name in ("targets", "progress"):
        if not paths[name].is_file():
            raise Ict4dError(f"{paths[name]} not found: run `ict4d build` first")
    echo(f"reading {paths['progress']}")
    entities = set(pd.read_csv(paths["entities"])["entity_id"]) if paths["entities"].is_file() else None
    board = scoring.scoreboard(
        pd.read_csv(paths["targets"]), pd.read_csv(paths["progress"]), framework, entity_ids=entities
    )
    for line in scoring.scoreboard_lines(board):
        typer.echo(line)
    echo(f"{len(board)} targets; status counts: {scoring.status_counts(board)}")


def main() -> None:
    """Console entry point: one-line errors, non-zero exit, no traceback for user errors."""
    try:
        app()
    except (Ict4dError, config.ConfigError) as exc:
        echo(f"error: {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
