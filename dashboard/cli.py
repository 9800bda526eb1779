"""The `ict4d` command: the ETL's commands (`etl.cli`: build, fetch, claims, progress) and the dashboard's
(serve, export, report, data) under one console entry point.

Why at the top of the stack: the dashboard builds on the ETL's published tables and never the other way
round, so the command that offers both lives above both, and nothing in `etl/` imports `dashboard/`.
Errors a user can act on are printed as one line on stderr with exit code 1, as the ETL's commands do.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from etl import cli as etl_cli
from etl.core import config
from etl.core.errors import Ict4dError

echo = etl_cli.echo
DataOption = Annotated[Path, typer.Option("--data", help="published data folder")]

dashboard_commands = typer.Typer()


@dashboard_commands.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8050,
    debug: Annotated[bool, typer.Option("--debug", help="Dash dev tools and reloader")] = False,
    data: Annotated[Path, typer.Option(help="published data folder")] = config.PUBLISHED_DIR,
    prod: Annotated[bool, typer.Option("--prod", help="production: gunicorn with several workers")] = False,
    workers: Annotated[int | None, typer.Option(help="gunicorn processes (default: cores + 1)")] = None,
    front: Annotated[
        bool,
        typer.Option(
            "--front", help="with --prod: Debian's nginx in front of gunicorn (slow clients, limits)"
        ),
    ] = False,
) -> None:
    """Start the dashboard on the published data (http://127.0.0.1:8050 by default)."""
    from dashboard.views import published
    from dashboard.web import app as dashboard_app
    from dashboard.web import server as dashboard_server

    if not data.is_dir():
        raise config.ConfigError(f"published data folder not found: {data} (run `ict4d build` first)")
    echo(f"loading published data from {data}")
    published.preflight(data, complete=prod)  # a bad or missing table is one line naming it, exit 1
    if front and not prod:
        raise config.ConfigError("--front needs --prod")
    if prod:
        if debug:
            raise config.ConfigError("--debug and --prod exclude each other")
        n = workers or dashboard_server.default_workers()
        if front:
            from dashboard.web import front as dashboard_front

            dashboard_front.find_nginx()  # before anything starts: one line if nginx is not installed
            echo(f"serving the dashboard with nginx and gunicorn, {n} workers, at http://{host}:{port}/")
            raise typer.Exit(dashboard_front.run(host, port, n, data, log=echo))
        echo(f"serving the dashboard with gunicorn, {n} workers, at http://{host}:{port}/ (Ctrl+C stops)")
        dashboard_server.exec_gunicorn(host, port, n, data)
    dash_app = dashboard_app.create_app(data)
    echo(f"serving the dashboard at http://{host}:{port}/ (debug {'on' if debug else 'off'}; Ctrl+C stops)")
    dash_app.run(host=host, port=port, debug=debug)


def _params(pairs: list[str] | None) -> dict[str, str]:
    """`--param key=value` options as a dict (a pair without "=" is a one-line error)."""
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise Ict4dError(f"--param {pair!r}: expected key=value")
        out[key.strip()] = value.strip()
    return out


@dashboard_commands.command()
def export(
    view: Annotated[str, typer.Argument(help='view URL, e.g. "/explorer?indicator=internet_use_share"')],
    out: Annotated[Path, typer.Option("--out", help="file: .png, .svg, .pdf, .csv (.xlsx: a table)")],
    fmt: Annotated[str | None, typer.Option("--format", help="png svg pdf csv xlsx (default: --out)")] = None,
    chart: Annotated[str | None, typer.Option(help="which chart when the page has several")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="extra view option key=value")] = None,
    width: Annotated[int, typer.Option(help="image width in px")] = 1600,
    height: Annotated[int, typer.Option(help="image height in px")] = 900,
    scale: Annotated[float, typer.Option(help="PNG pixel density multiplier")] = 1.0,
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Export one dashboard view as a labelled PNG/SVG/PDF chart (or the CSV behind it); the Targets
    scoreboard of the view's filters as CSV or XLSX."""
    from dashboard.render.export import export_view
    from dashboard.render.images import check_size

    try:
        width, height, scale = check_size(width, height, scale)
    except Ict4dError as exc:  # a usage error: exit 2, as for any other bad option
        echo(f"error: --width/--height/--scale: {exc}")
        raise typer.Exit(2) from None

    echo(f"exporting {view} from {data}")
    export_view(
        view,
        out,
        fmt=fmt,
        chart=chart,
        params=_params(param),
        data_dir=data,
        width=width,
        height=height,
        scale=scale,
        log=echo,
    )


@dashboard_commands.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="FILE.html (self-contained) or FILE.pdf")],
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Write the progress brief: every target with status, chart and caveats; claims check; sources."""
    from dashboard.render import brief

    brief.write_from_published(data, out, log=echo)


@dashboard_commands.command("data")
def data_package(
    out: Annotated[Path, typer.Option("--out", help="a folder, or FILE.zip")],
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Write the published tables as CSV with datapackage.json and a README (citation, licences)."""
    from dashboard.render import package

    echo(f"packaging the published tables in {data}")
    package.write_data_package(data, out, log=echo)


CHECK_FORMATS = ("table", "csv", "json", "html")


@dashboard_commands.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="drafts to check: .txt, .docx or .pdf (text layer)")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the day the text is meant for, YYYY-MM-DD (default: today)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table (default), csv, json or html")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="write here instead of stdout")] = None,
    data: DataOption = config.PUBLISHED_DIR,
) -> None:
    """Check every figure of drafts against the newest releases out by their date, with replacements.

    Exit 0 when every figure that can be checked is up to date, 1 when some are not, 2 on bad input."""
    try:
        code = _check(files, as_of=as_of, fmt=fmt, out=out, data=data)
    except Ict4dError as exc:
        echo(f"error: {exc}")
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _check(files: list[Path], *, as_of: str | None, fmt: str, out: Path | None, data: Path) -> int:
    """`ict4d check`: read every file first (a bad one stops before any output), check, write, exit code."""
    import json

    import pandas as pd

    from dashboard.render import draft as draft_files
    from dashboard.render import safe_csv
    from dashboard.views import published
    from dashboard.views.pages import check as view
    from dashboard.web import draft

    if fmt not in CHECK_FORMATS:
        raise Ict4dError(f"--format {fmt!r}: use one of {', '.join(CHECK_FORMATS)}")
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise Ict4dError(f"--as-of {as_of!r}: expected a date YYYY-MM-DD") from None
    if not data.is_dir():
        raise Ict4dError(f"published data folder not found: {data} (run `ict4d build` first)")
    texts = [(path, draft.read_path(path)) for path in files]
    published.use(data)
    checked = [(path, text, draft.check_text(text, day)) for path, text in texts]
    frames = [(path, text, result.frame()) for path, text, result in checked]
    if fmt == "html":
        written = draft_files.many_to_html([(p.name, t, f) for p, t, f in frames], day)
    elif fmt in ("csv", "json"):
        table = pd.concat(
            [view.download_frame(f).assign(file=p.name, as_of=day.isoformat()) for p, _, f in frames],
            ignore_index=True,
        )
        if fmt == "csv":
            written = safe_csv.to_csv(table)
        else:
            records = table.astype(object).where(table.notna(), None).to_dict(orient="records")
            written = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        written = "".join(_check_table(p.name, f, day) for p, _, f in frames)
    if out is None:
        typer.echo(written, nl=False)
    else:
        out.write_text(written, encoding="utf-8")
        echo(f"wrote {out}")
    return 0 if all(r.all_current for _, _, r in checked) else 1


def _check_table(name: str, checks: object, day: date) -> str:
    """The readable table of one file: a heading line, then per figure its result, reason and suggestion."""
    from dashboard.views.pages import check as view

    lines = [f"{name}: {view.summary(checks, day)}"]
    for r in view.table_rows(checks):
        lines.append(f'  {r["no"]:>3}. [{r["paragraph"]}] {r["result"].upper()}: "{r["quote"]}"')
        lines.append(f"       {r['reason']}")
        if r["suggestion"]:
            lines.append(f"       suggested: {r['suggestion']}")
        if r["derivation"]:
            lines.append(f"       derived as: {r['derivation']}")
    return "\n".join(lines) + "\n\n"


# the order of `ict4d --help`: building, serving, the ETL's other commands, then the dashboard's files
HELP_ORDER = ["build", "serve", "fetch", "claims", "check", "progress", "export", "report", "data"]


def _compose() -> typer.Typer:
    """One Typer app holding the ETL's commands and the dashboard's, with the ETL's help text."""
    commands = [*etl_cli.app.registered_commands, *dashboard_commands.registered_commands]
    by_name = {c.name or c.callback.__name__: c for c in commands}
    composed = typer.Typer(
        no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, help=etl_cli.app.info.help
    )
    composed.registered_callback = etl_cli.app.registered_callback
    composed.registered_commands = [by_name[name] for name in HELP_ORDER]
    return composed


app = _compose()


def main() -> None:
    """Console entry point: one-line errors, non-zero exit, no traceback for user errors."""
    try:
        app()
    except (Ict4dError, config.ConfigError) as exc:
        echo(f"error: {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
