"""Data & sources: where every number comes from (publisher, licence, attribution, release, upstream address),
how to cite it, and the whole published data package to download (zip, or one CSV per table).

The download routes live in dashboard.downloads; this module registers them on the app's Flask server when
Dash imports the page, so every app (the served one, gunicorn's, the tests') has them.
"""

from __future__ import annotations

import re

import dash
import pandas as pd
from dash import html

from dashboard import components, data, downloads

dash.register_page(__name__, path="/data", name="Data & sources", title="Data & sources · ict4d",
                   nav_order=6,
                   description="sources, licences, citation, and the whole data package to download")
downloads.register(dash.get_app().server)

SOURCE_COLUMNS = [
    ("publisher", "Publisher"), ("path", "File"), ("release", "Release"), ("licence", "Licence"),
    ("attribution", "Attribution"), ("upstream_url", "Upstream address"), ("rows_read", "Rows read"),
]


def parse_query(**query: object) -> dict:
    """This page has no view state; any query parameter is ignored with a note."""
    ignored = sorted(k for k in query if k not in ("_", ""))
    note = f"Ignored unknown address parameter(s): {', '.join(ignored)[:120]}."
    return {"messages": [note] if ignored else []}


_FOR_DEVELOPERS = re.compile(r"\s*\([^()]*(?:\.py|\.md|docstring|reference/|model)[^()]*\)")


def reader_description(text: object) -> str:
    """A table's description for a reader: its first sentence, without pointers into the code
    ("(rules: etl/reconcile.py docstring)"), which the data package keeps for programmers."""
    if not isinstance(text, str):
        return ""
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    return _FOR_DEVELOPERS.sub("", first).strip()


def tables_overview() -> pd.DataFrame:
    """One row per published table: name, what it holds (datapackage.json), rows, and its CSV address."""
    resources = {r.get("name"): r for r in data.datapackage().get("resources", [])}
    rows = []
    for name in downloads.published_tables(data.data_dir()):
        rows.append({"table": name, "description": resources.get(name, {}).get("description", ""),
                     "rows": len(data.table(name)), "href": f"{downloads.PREFIX}/{name}.csv"})
    return pd.DataFrame(rows, columns=["table", "description", "rows", "href"])


def _cell(column: str, value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if column == "upstream_url" and text.startswith(("https://", "http://")):
        return html.A(text, href=text, rel="noopener noreferrer", target="_blank")
    if column == "rows_read":
        return f"{int(value):,}"
    return text


def sources_table() -> html.Div:
    """Every source file the build read, with its licence and attribution as the sources table records."""
    src = data.sources()
    if src.empty:
        return components.message("The sources table is not published yet.")
    cols = [(c, label) for c, label in SOURCE_COLUMNS if c in src]
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in cols]))
    body = html.Tbody([html.Tr([html.Td(_cell(c, r.get(c))) for c, _ in cols])
                       for r in src.sort_values(["publisher", "release", "path"]).to_dict("records")])
    return html.Div(html.Table([html.Caption(f"{len(src)} source files read by the build"), head, body],
                               className="data-table sources-table", id="data-sources-table"),
                    className="table-scroll")


def downloads_section() -> html.Div:
    overview = tables_overview()
    if overview.empty:
        return components.message("No published tables found.")
    items = [html.Li([html.A(f"{r.table}.csv", href=r.href, download=f"ict4d-{r.table}.csv"),
                      f" — {r.rows:,} rows. ",
                      html.Span(reader_description(r.description), className="muted")])
             for r in overview.itertuples()]
    return html.Div([
        html.A("Download the whole data package (zip: every table as CSV, datapackage.json, README)",
               href=f"{downloads.PREFIX}/{downloads.ZIP_NAME}", download=downloads.ZIP_NAME,
               className="button download-main", id="data-zip-link"),
        html.P("Or one table at a time (CSV, UTF-8; columns are described in datapackage.json):"),
        html.Ul(items, className="download-list", id="data-table-links"),
    ])


def layout(**query: object) -> html.Div:
    """Sources, licences, citation and downloads (query parameters are ignored, with a note)."""
    state = parse_query(**query)
    citation = downloads.citation(data.datapackage(), data.sources())
    return html.Div([
        components.page_header(
            "Data & sources",
            "Every number in ict4d comes from one of the source files below, read by the build and published "
            "with its release, series code and flags. Units come from ict4d's indicator registry.",
        ),
        *[components.message(m) for m in state["messages"]],
        html.Section([html.H2("Download the data"), downloads_section()], className="chart-card"),
        html.Section([html.H2("How to cite"), html.Pre(citation, className="citation", id="data-citation"),
                      html.P("Cite the upstream publisher of any figure you reuse, with its release, as the "
                             "source line under each chart does.", className="muted")],
                     className="chart-card"),
        html.Section([html.H2("Sources and licences"), sources_table(),
                      html.P("Licences are as recorded for each source; where the record says a licence was "
                             "not verified, check the publisher's terms before reuse.", className="muted")],
                     className="chart-card"),
    ], className="page page-data")
