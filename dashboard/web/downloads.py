"""Download routes of the app's Flask server: the whole data package at `/download/ict4d-data.zip`, each
published table at `/download/<table>.csv`, a country's key figures at
`/download/country/<ISO3>-key-figures.csv` / `.xlsx`, and the Targets scoreboard of a view (its filters
in the query string, as on the page) at `/download/targets-board.csv|.xlsx` and as the brief of that
view at `/download/targets-brief.html|.pdf`; `create_app` registers them.

Why routes and not callbacks: a download is a plain HTTP GET that a user (or a script) can bookmark and
share. The zip is built once per published folder and process (the data only change when the build
publishes and the server restarts), exactly what `ict4d data --out x.zip` writes. A table name is looked up
among the published tables before any path is made, so no request can reach another file.
"""

from __future__ import annotations

import contextlib

import flask
import pandas as pd

from dashboard.render import brief, package, safe_csv, spreadsheet
from dashboard.views import published, scoreboard
from dashboard.views.pages import country
from dashboard.views.spec import ExportError

ZIP_NAME = "ict4d-data.zip"
PREFIX = "/download"
BOARD_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BRIEF_FORMATS = {"html": "text/html", "pdf": "application/pdf"}


def package_zip() -> bytes:
    """The data package of the folder in use as a zip (built on the first request, kept for the process)."""
    folder = published.data_dir()
    return published.memo(("downloads.zip",), lambda: package.zip_bytes(package.package_files(folder)))


def neutralised_csv(name: str) -> bytes | None:
    """A published table through the formula neutraliser when any text cell starts like a spreadsheet
    formula, else None (the published file is served as it is); decided and built once per table and
    process. Opened in a spreadsheet, a per-table download must never run a formula; the zip stays
    byte-exact for programs."""

    def build() -> bytes | None:
        df = published.table(name)
        return safe_csv.to_csv(df).encode("utf-8") if safe_csv.needs_neutralising(df) else None

    return published.memo(("downloads.csv", name), build)


def _zip_response() -> flask.Response:
    try:
        blob = package_zip()
    except ExportError as exc:  # no datapackage.json, or a table it lists is missing
        return flask.Response(
            f"The data package is not available: {exc}\n", status=503, mimetype="text/plain"
        )
    return flask.Response(
        blob,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{ZIP_NAME}"'},
    )


def _csv_response(name: str) -> flask.Response:
    path = published.table_csv(name)
    if path is None:
        known = ", ".join(published.published_tables()) or "none published"
        return flask.Response(
            f"Unknown table {name!r}. Published tables: {known}.\n", status=404, mimetype="text/plain"
        )
    filename = f"ict4d-{name}.csv"
    safe = neutralised_csv(name)
    if safe is None:  # no cell a spreadsheet would run: the published file as it is
        return flask.send_file(path, mimetype="text/csv", as_attachment=True, download_name=filename)
    return flask.Response(
        safe, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _view_query() -> dict[str, str | list[str]]:
    """The request's query as a page's `parse_query` takes it (a repeated key as a list)."""
    return {k: v[0] if len(v) == 1 else v for k, v in flask.request.args.lists()}


def board_file(query: dict, fmt: str) -> bytes:
    """The scoreboard rows of a view as CSV or XLSX: `scoreboard.board_table`, as `ict4d export` writes."""
    rows = scoreboard.board_table(query)
    if fmt == "csv":
        return safe_csv.to_csv(rows).encode("utf-8")
    note = f"ict4d Targets scoreboard: {flask.request.full_path}"
    return spreadsheet.xlsx_bytes({"targets": rows, "about": pd.DataFrame({"about": [note]})})


def _board_response(fmt: str) -> flask.Response:
    blob = board_file(_view_query(), fmt)
    return flask.Response(
        blob,
        mimetype=BOARD_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="ict4d-targets.{fmt}"'},
    )


def _brief_response(fmt: str) -> flask.Response:
    ids = scoreboard.board_table(_view_query())["target_id"].tolist()
    try:
        blob = brief.view_brief(ids, fmt)
    except ExportError as exc:  # no target in the view, no browser for the charts
        return flask.Response(f"The brief is not available: {exc}\n", status=503, mimetype="text/plain")
    return flask.Response(
        blob,
        mimetype=BRIEF_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="ict4d-targets-brief.{fmt}"'},
    )


def key_figures_file(iso3: str, fmt: str) -> tuple[bytes, str, str] | None:
    """A country's key figures as (bytes, file name, media type): the CSV holds the data rows (value
    unrounded, release, source, licence); the XLSX the table as the page shows it, its source line, and
    the data rows on a second sheet. None for a code of no country with data or another format."""
    code = (iso3 or "").upper()
    if fmt not in ("csv", "xlsx") or not country.exists(iso3=code) or not code:
        return None
    data = country.key_figures_data(code)
    name = f"ict4d-{code}-key-figures.{fmt}"
    if fmt == "csv":
        return safe_csv.to_csv(data).encode("utf-8"), name, "text/csv"
    shown = country.key_figures(code)
    notes = {
        "Key figures": [
            "Latest value of each indicator (year in brackets).",
            country.key_figures_source(code),
        ]
    }
    blob = spreadsheet.xlsx_bytes({"Key figures": shown, "Data": data}, notes)
    return blob, name, spreadsheet.MEDIA_TYPE


def _key_figures_response(iso3: str, fmt: str) -> flask.Response:
    found = key_figures_file(iso3, fmt)
    if found is None:
        return flask.Response(
            f"No key figures for {iso3[:12]!r} as {fmt[:8]!r}: use a three-letter code of a country with "
            "data and csv or xlsx.\n",
            status=404,
            mimetype="text/plain",
        )
    blob, name, media = found
    return flask.Response(
        blob, mimetype=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def warm() -> list[str]:
    """Build every download once now (each table's spreadsheet-safe CSV and the data-package zip, ~1 s),
    so the first visitor who clicks a download does not wait; returns the tables prepared. A folder
    without a data package still serves its tables (the zip route then answers 503 with the reason)."""
    tables = published.published_tables()
    for name in tables:
        neutralised_csv(name)
    with contextlib.suppress(ExportError):
        package_zip()
    return tables


def register(server: flask.Flask) -> None:
    """Add the download routes to the app's Flask server (once; a second call is a no-op)."""
    if "ict4d_download_zip" in server.view_functions:
        return
    server.add_url_rule(f"{PREFIX}/{ZIP_NAME}", "ict4d_download_zip", _zip_response)
    for fmt in BOARD_FORMATS:  # before <name>.csv: the scoreboard is not a published table
        server.add_url_rule(
            f"{PREFIX}/targets-board.{fmt}", f"ict4d_board_{fmt}", lambda fmt=fmt: _board_response(fmt)
        )
    for fmt in BRIEF_FORMATS:
        server.add_url_rule(
            f"{PREFIX}/targets-brief.{fmt}", f"ict4d_brief_{fmt}", lambda fmt=fmt: _brief_response(fmt)
        )
    server.add_url_rule(f"{PREFIX}/<name>.csv", "ict4d_download_csv", _csv_response)
    server.add_url_rule(
        f"{PREFIX}/country/<iso3>-key-figures.<fmt>", "ict4d_download_key_figures", _key_figures_response
    )
