"""Country profile: one country against its ITU region, its World Bank income group, the world and the
targets. What it shows is ``dashboard.views.pages.country``. Choosing another country navigates to
``/country/<ISO3>``; choosing another indicator redraws in place and writes it into the query string.
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
)
components.entity_search("country-select", lambda: names.entity_options(country.countries()))


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
    """Latest value of every indicator the country has, next to its peers."""
    table = country.key_figures(state["iso3"])
    return _table("Latest value of each indicator (year in brackets)", table, table_id="country-key-figures")


def targets_section(state: Mapping) -> html.Div:
    """Targets scored on the country or its groups (latest release), with status and verification."""
    rows = country.targets_of(state["iso3"])
    if rows.empty:
        return components.message("No target is scored on this country or its groups in the published data.")
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
    head = html.Thead(
        html.Tr([html.Th(c, scope="col") for c in ("Target", "For", "Latest", "Target value", "Status")])
    )
    return html.Div(
        html.Table(
            [html.Caption("Targets scored on this country and its groups"), head, html.Tbody(items)],
            className="data-table",
            id="country-targets",
        ),
        className="table-scroll",
    )


def chart_children(state: Mapping) -> list:
    """The comparison chart's card of a state (what the indicator callback redraws)."""
    query = country.query_of(state)
    return [
        components.chart_card(
            "country-compare", country.compare_chart(query), {"chart": "country-compare", "query": query}
        )
    ]


def layout(**query: object) -> html.Div:
    """The profile for a path variable or query (bad values give a message on the page, never an error)."""
    state = country.parse_query(**query)
    msgs = [components.message(m, kind="warning") for m in state["messages"]]
    names = published.entity_names()
    if state["iso3"] is None:
        return html.Div([components.page_header("Country profile"), *msgs], className="page page-country")
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
