"""Country profile: one country against its ITU region (else its UN SDG region), its World Bank income
group, the LDCs/LLDCs/SIDS where it is one, the world and the targets, with its key figures to download
(CSV, XLSX). What it shows is ``dashboard.views.pages.country``. Choosing another country navigates to
``/country/<ISO3>``; choosing another indicator redraws in place and writes it into the query string. A
code of no country answers 404 (the server's page check, ``country.exists``) with the country picker; the
navigation's Country link goes to the last country shown (kept in the browser: ``last-country``).
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard.views import names, published
from dashboard.views.pages import country
from dashboard.views.query import first
from dashboard.web import components

PAGE = "country"
dash.register_page(
    __name__,
    path=country.PATH,
    path_template=country.PATH_TEMPLATE,
    name="Country profile",
    title=country.page_title,
    nav_order=5,
    description="one country against its region, income group, the world and the targets",
    exists=country.exists,  # read by the app's 404 check (dashboard.web.app)
)
components.entity_search("country-select", lambda: names.entity_options(country.countries()))
KEY_FIGURES_FORMATS = ("csv", "xlsx")


def _table(caption: str, frame: pd.DataFrame, *, table_id: str) -> html.Div:
    """An accessible HTML table (caption, header cells with scope), horizontally scrollable on phones."""
    if frame.empty:
        return html.Div(components.message(f"{caption}: nothing published for this country yet."))
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in frame.columns]))
    body = html.Tbody(
        [html.Tr([html.Td(v) for v in row]) for row in frame.astype(object).itertuples(index=False)]
    )
    return html.Div(
        html.Table([html.Caption(caption), head, body], className="data-table", id=table_id),
        className="table-scroll",
    )


def key_figures(state: Mapping) -> html.Div:
    """Latest value of every indicator the country has, next to its groups, with its source line and the
    table's downloads (CSV: the data rows with release, source and licence; XLSX: this table and those)."""
    iso3 = state["iso3"]
    table = country.key_figures(iso3)
    links = [
        html.A(
            fmt.upper(),
            href=f"/download/country/{iso3}-key-figures.{fmt}",
            download=f"ict4d-{iso3}-key-figures.{fmt}",
            className="export-button",
            id=f"country-key-figures-{fmt}",
            **{"aria-label": f"Download the key figures as {fmt.upper()}"},
        )
        for fmt in KEY_FIGURES_FORMATS
    ]
    return html.Div(
        [
            _table(
                "Latest value of each indicator (year in brackets)", table, table_id="country-key-figures"
            ),
            html.P(country.key_figures_source(iso3), className="source-line"),
            html.Div(
                [html.Span("Download:", className="export-label"), *links],
                className="exports",
                role="group",
                **{"aria-label": "Downloads"},
            ),
        ]
    )


def _target_rows(rows: pd.DataFrame) -> list[html.Tr]:
    """One table row per scored target: id and framework, for whom, latest value, target, status."""
    items = []
    for r in rows.itertuples():
        words = country.target_words(r)
        items.append(
            html.Tr(
                [
                    html.Td(
                        [
                            dcc.Link(r.target_id, href=f"/targets?target={r.target_id}"),
                            html.Br(),
                            html.Small(str(r.framework)),
                        ]
                    ),
                    html.Td(r.entity),
                    html.Td(words["latest"]),
                    html.Td(words["target"]),
                    html.Td(
                        [
                            components.status_badge(r.status),
                            " ",
                            components.verification_mark(r.verification_status),
                        ]
                    ),
                ]
            )
        )
    return items


def _targets_table(caption: str, rows: pd.DataFrame, table_id: str) -> html.Div:
    head = html.Thead(
        html.Tr([html.Th(c, scope="col") for c in ("Target", "For", "Latest", "Target value", "Status")])
    )
    return html.Div(
        html.Table(
            [html.Caption(caption), head, html.Tbody(_target_rows(rows))], className="data-table", id=table_id
        ),
        className="table-scroll",
    )


def targets_section(state: Mapping) -> html.Div:
    """Targets scored on the country (latest release), with status and verification; those scored on its
    groups folded below (they are many, and the groups' own pages are the Targets page's)."""
    rows = country.targets_of(state["iso3"])
    if rows.empty:
        return components.message("No target is scored on this country or its groups in the published data.")
    own, groups = rows[rows["entity_id"] == state["iso3"]], rows[rows["entity_id"] != state["iso3"]]
    parts: list = []
    if own.empty:
        parts.append(
            html.P("No target is scored on the country itself in the published data.", className="muted")
        )
    else:
        parts.append(_targets_table("Targets scored on this country", own, "country-targets"))
    if not groups.empty:
        parts.append(
            html.Details(
                [
                    html.Summary(f"Targets scored on its groups ({len(groups)})"),
                    _targets_table("Targets scored on the country's groups", groups, "country-group-targets"),
                ]
            )
        )
    return html.Div(parts)


def chart_children(state: Mapping) -> list:
    """The comparison chart's card of a state (what the indicator callback redraws)."""
    query = country.query_of(state)
    return [
        components.chart_card(
            "country-compare", country.compare_chart(query), {"chart": "country-compare", "query": query}
        )
    ]


def not_found(state: Mapping, msgs: list) -> html.Div:
    """An unknown code (the server answers 404): say so and offer the country picker, never another
    country in its place."""
    title = "Country not found" if state.get("unknown") else "Country profile"
    options = country.choices(None)["country"] if country.countries() else []
    picker = components.labelled(
        "Country",
        "country-select",
        dcc.Dropdown(
            id="country-select",
            value=None,
            clearable=False,
            searchable=True,
            options=options,
            placeholder="Pick a country",
        ),
        "Type to search by name or ISO code",
    )
    return html.Div(
        [
            dcc.Location(id="country-nav", refresh="callback-nav"),
            components.page_header(title),
            *msgs,
            html.Div([picker], className="controls") if options else None,
            dcc.Input(id="country-indicator", type="hidden", value=None),
        ],
        className="page page-country page-country-unknown",
    )


def layout(**query: object) -> html.Div:
    """The profile for a path variable or query (bad values give a message on the page, never an error)."""
    state = country.parse_query(**query)
    msgs = [components.message(m, kind="warning") for m in state["messages"]]
    names = published.entity_names()
    if state["iso3"] is None:
        return not_found(state, msgs)
    choices = country.choices(state["iso3"])
    controls = html.Div(
        [
            components.labelled(
                "Country",
                "country-select",
                components.entity_picker(
                    "country-select",
                    state["iso3"],
                    country.countries(),
                    multi=False,
                    clearable=False,
                    placeholder="Type a country…",
                ),
                "Type to search by name or ISO code",
            ),
            components.labelled(
                "Indicator",
                "country-indicator",
                dcc.Dropdown(
                    id="country-indicator",
                    value=state["indicator"],
                    clearable=False,
                    searchable=True,
                    options=choices["indicator"],
                ),
            ),
        ],
        className="controls",
    )
    return html.Div(
        [
            dcc.Location(id="country-nav", refresh="callback-nav"),
            components.page_header(
                f"{names.get(state['iso3'], state['iso3'])}: country profile", country.peers_sentence(state)
            ),
            *msgs,
            controls,
            html.Div(chart_children(state), id="country-chart", **{"aria-live": "polite"}),
            html.Section([html.H2("Key figures"), key_figures(state)], className="chart-card"),
            html.Section([html.H2("Targets"), targets_section(state)], className="chart-card"),
            *components.url_sync(PAGE),
        ],
        className="page page-country",
    )


@dash.callback(
    Output("country-chart", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("country-indicator", "value"),
    State("country-select", "value"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
def indicator_changed(indicator: str | None, iso3: str | None, pathname: str | None) -> tuple[list, str]:
    """Another indicator: redraw the chart in place and write the view into the address."""
    state = country.parse_query(iso3=iso3, indicator=indicator)
    return chart_children(state), country.search_for(state, first(pathname))


# the navigation's Country link goes to the last country shown (kept in the browser's local storage)
dash.clientside_callback(
    """
    function(iso3) {
        if (typeof iso3 !== 'string' || !/^[A-Z]{3}$/.test(iso3)) { return window.dash_clientside.no_update; }
        return iso3;
    }
    """,
    Output("last-country", "data"),
    Input("country-select", "value"),
)


@dash.callback(
    Output("country-nav", "href"),
    Input("country-select", "value"),
    State("country-indicator", "value"),
    State("_pages_location", "pathname"),
    prevent_initial_call=True,
)
def country_changed(iso3: str | None, indicator: str | None, pathname: str | None) -> str:
    """Another country: go to its own address, keeping the indicator when the new country has it."""
    address = country.address_of(first(iso3), indicator, first(pathname))
    if address is None:
        raise dash.exceptions.PreventUpdate
    return address
