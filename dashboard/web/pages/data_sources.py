"""Data & sources: where every number comes from (publisher, licence, attribution, release, upstream
address), how to cite it, and the whole published data package to download (zip, or one CSV per table;
the routes are `dashboard.web.downloads`). What it shows is ``dashboard.views.pages.data_sources``.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard.views.pages import data_sources
from dashboard.web import components, downloads

dash.register_page(
    __name__,
    path=data_sources.PATH,
    name="Data & sources",
    title="Data & sources · ict4d",
    nav_order=6,
    description="sources, licences, citation, and the whole data package to download",
)


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
    src = data_sources.sources()
    if src.empty:
        return components.message("The sources table is not published yet.")
    cols = [(c, label) for c, label in data_sources.SOURCE_COLUMNS if c in src]
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in cols]))
    body = html.Tbody(
        [html.Tr([html.Td(_cell(c, r.get(c))) for c, _ in cols]) for r in src.to_dict("records")]
    )
    return html.Div(
        html.Table(
            [html.Caption(f"{len(src)} source files read by the build"), head, body],
            className="data-table sources-table",
            id="data-sources-table",
        ),
        className="table-scroll",
    )


def downloads_section() -> html.Div:
    """The zip of the whole package, then one link per published table with its rows and description."""
    overview = data_sources.tables_overview()
    if overview.empty:
        return components.message("No published tables found.")
    items = [
        html.Li(
            [
                html.A(
                    f"{r.table}.csv",
                    href=f"{downloads.PREFIX}/{r.table}.csv",
                    download=f"ict4d-{r.table}.csv",
                ),
                f" — {r.rows:,} rows. ",
                html.Span(data_sources.reader_description(r.description), className="muted"),
            ]
        )
        for r in overview.itertuples()
    ]
    return html.Div(
        [
            html.A(
                "Download the whole data package (zip: every table as CSV, datapackage.json, README)",
                href=f"{downloads.PREFIX}/{downloads.ZIP_NAME}",
                download=downloads.ZIP_NAME,
                className="button download-main",
                id="data-zip-link",
            ),
            html.P("Or one table at a time (CSV, UTF-8; columns are described in datapackage.json):"),
            html.Ul(items, className="download-list", id="data-table-links"),
        ]
    )


def layout(**query: object) -> html.Div:
    """Sources, licences, citation and downloads (query parameters are ignored, with a note)."""
    state = data_sources.parse_query(**query)
    return html.Div(
        [
            components.page_header(
                "Data & sources",
                "Every number in ict4d comes from one of the source files below, read by the build and "
                "published with its release, series code and flags. Units come from ict4d's indicator "
                "registry.",
            ),
            *[components.message(m) for m in state["messages"]],
            html.Section([html.H2("Download the data"), downloads_section()], className="chart-card"),
            html.Section(
                [
                    html.H2("How to cite"),
                    html.Pre(data_sources.how_to_cite(), className="citation", id="data-citation"),
                    html.P(
                        "Cite the upstream publisher of any figure you reuse, with its release, as the "
                        "source line under each chart does.",
                        className="muted",
                    ),
                ],
                className="chart-card",
            ),
            html.Section(
                [
                    html.H2("Sources and licences"),
                    sources_table(),
                    html.P(
                        "Licences are as recorded for each source; where the record says a licence was "
                        "not verified, check the publisher's terms before reuse.",
                        className="muted",
                    ),
                ],
                className="chart-card",
            ),
        ],
        className="page page-data",
    )
