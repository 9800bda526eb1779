"""The `ict4d` command. Each subcommand prints what it does and where it wrote.

Errors that a user can act on (bad path, malformed source, failed validation) are printed as one line
on stderr with exit code 1; tracebacks are for bugs only.
"""

from __future__ import annotations

import sys
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
) -> None:
    """Build every published table from the sources directory (skipped when no input changed)."""
    from etl import pipeline

    src = config.sources_dir(sources)
    echo(f"building from {src}")
    pipeline.run(src, out, log=echo, force=force)
    echo(freshness_of(out))


def freshness_of(published: Path) -> str:
    """How fresh the releases of a published folder are today (etl.core.releases.freshness), as lines."""
    from datetime import date

    import pandas as pd

    from etl.core.releases import freshness, freshness_report

    path = Path(published) / "releases.csv"
    try:
        releases = pd.read_csv(path, dtype={"release_id": str})
    except (OSError, ValueError) as exc:
        return f"freshness: {path} not readable ({exc})"
    today = date.today()
    return freshness_report(freshness(releases, today), today)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8050,
    debug: Annotated[bool, typer.Option("--debug", help="Dash dev tools and reloader")] = False,
    data: Annotated[Path, typer.Option(help="published data folder")] = config.PUBLISHED_DIR,
    prod: Annotated[bool, typer.Option("--prod", help="production: gunicorn with several workers")] = False,
    workers: Annotated[int | None, typer.Option(help="gunicorn processes (default: cores + 1)")] = None,
) -> None:
    """Start the dashboard on the published data (http://127.0.0.1:8050 by default)."""
    from dashboard import app as dashboard_app
    from dashboard import server as dashboard_server

    if not data.is_dir():
        raise config.ConfigError(f"published data folder not found: {data} (run `ict4d build` first)")
    echo(f"loading published data from {data}")
    dashboard_server.preflight(data)  # reads every table now: a bad file is one line naming it, exit 1
    if prod:
        if debug:
            raise config.ConfigError("--debug and --prod exclude each other")
        n = workers or dashboard_server.default_workers()
        echo(f"serving the dashboard with gunicorn, {n} workers, at http://{host}:{port}/ (Ctrl+C stops)")
        dashboard_server.exec_gunicorn(host, port, n, data)
    dash_app = dashboard_app.create_app(data)
    echo(f"serving the dashboard at http://{host}:{port}/ (debug {'on' if debug else 'off'}; Ctrl+C stops)")
    dash_app.run(host=host, port=port, debug=debug)


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
    """Print the progress scoreboard: each target's status in the newest release."""
    import pandas as pd

    from etl import progress as scoring

    paths = {name: Path(data) / f"{name}.csv" for name in ("targets", "progress")}
    for path in paths.values():
        if not path.is_file():
            raise Ict4dError(f"{path} not found: run `ict4d build` first")
    echo(f"reading {paths['progress']}")
    board = scoring.scoreboard(pd.read_csv(paths["targets"]), pd.read_csv(paths["progress"]), framework)
    with pd.option_context("display.width", 200, "display.max_rows", None, "display.max_columns", None):
        typer.echo(board.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    echo(f"{len(board)} targets; status counts: {board['status'].value_counts().to_dict()}")


DataOption = Annotated[Path, typer.Option("--data", help="published data folder")]


def _params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise Ict4dError(f"--param {pair!r}: expected key=value")
        out[key.strip()] = value.strip()
    return out


@app.command()
def export(
    view: Annotated[str, typer.Argument(help='view URL, e.g. "/explorer?indicator=internet_use_share"')],
    out: Annotated[Path, typer.Option("--out", help="file to write (.png, .svg, .pdf or .csv)")],
    fmt: Annotated[str | None, typer.Option("--format", help="png, svg, pdf or csv (default: --out)")] = None,
    chart: Annotated[str | None, typer.Option(help="which chart when the page has several")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="extra view option key=value")] = None,
    width: Annotated[int, typer.Option(help="image width in px")] = 1600,
    height: Annotated[int, typer.Option(help="image height in px")] = 900,
    scale: Annotated[float, typer.Option(help="PNG pixel density multiplier")] = 1.0,
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Export one dashboard view as a labelled PNG/SVG/PDF chart (or the CSV behind it)."""
    from dashboard import exports

    echo(f"exporting {view} from {data}")
    exports.export_view(view, out, fmt=fmt, chart=chart, params=_params(param), data_dir=data, width=width,
                        height=height, scale=scale, log=echo)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="FILE.html (self-contained) or FILE.pdf")],
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Write the progress brief: every target with status, chart and caveats; claims check; sources."""
    from dashboard import report as brief

    brief.write_from_published(data, out, log=echo)


@app.command("data")
def data_package(
    out: Annotated[Path, typer.Option("--out", help="a folder, or FILE.zip")],
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Write the published tables as CSV with datapackage.json and a README (citation, licences)."""
    from dashboard import exports

    echo(f"packaging the published tables in {data}")
    exports.write_data_package(data, out, log=echo)


def main() -> None:
    """Console entry point: one-line errors, non-zero exit, no traceback for user errors."""
    try:
        app()
    except (Ict4dError, config.ConfigError) as exc:
        echo(f"error: {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
