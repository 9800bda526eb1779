"""Explorer: any indicator for any countries and groups, any breakdown and release, as a line chart with
target markers, a world map with a year slider, or a table; unit and definition under the chart. What it
shows is ``dashboard.views.pages.explorer``; the whole view lives in the address.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
from dash import Input, Output, dash_table, dcc, html

from dashboard.views import names, published
from dashboard.views.formats import unit_label
from dashboard.views.pages import explorer
from dashboard.views.query import as_list, to_query
from dashboard.web import components

PAGE = "explorer"
dash.register_page(
    __name__,
    path=explorer.PATH,
    name="Explorer",
    title="Explorer · ict4d",
    nav_order=2,
    description="any indicator for any countries and groups, as a chart, a map or a table",
)
components.entity_search("explorer-entities", names.entity_options)


def layout(**query: object) -> html.Div:
    """The explorer page for a query string."""
    state = explorer.parse_query(**query)
    if state["indicator"] is None:
        return html.Div([components.page_header("Explorer"), components.message("No data published yet.")])
    opts = explorer.breakdown_choices(state["indicator"])
    lo, hi, marks, year = explorer.year_marks(state["indicator"], state)
    controls = html.Div(
        [
            components.labelled(
                "Indicator",
                "explorer-indicator",
                dcc.Dropdown(
                    id="explorer-indicator",
                    options=explorer.indicator_choices(),
                    value=state["indicator"],
                    clearable=False,
                    searchable=True,
                ),
            ),
            components.labelled(
                "Countries and groups",
                "explorer-entities",
                components.entity_picker("explorer-entities", state["entities"]),
                "type to search; several allowed",
            ),
            *[
                components.labelled(
                    label,
                    f"explorer-{col}",
                    dcc.Dropdown(
                        id=f"explorer-{col}",
                        options=opts[col],
                        value=state[col],
                        clearable=False,
                        searchable=True,
                    ),
                )
                for col, label in (("sex", "Sex"), ("area", "Urban / rural"), ("age_group", "Age"))
            ],
            components.labelled(
                "Release",
                "explorer-release",
                dcc.Dropdown(
                    id="explorer-release",
                    options=explorer.release_choices(state["indicator"]),
                    value=state["release"],
                    placeholder="latest of each line",
                ),
                "vintage of the data",
            ),
        ],
        className="controls",
    )
    return html.Div(
        [
            components.page_header(
                "Explorer",
                "Any indicator for any countries and groups. Pick a view below; "
                "the address bar always holds the view, so you can share it.",
            ),
            html.Div(
                [components.message(m, kind="warning") for m in state["messages"]], id="explorer-messages"
            ),
            controls,
            # radio buttons, not dcc.Tabs: Dash's tabs are not reachable with the keyboard
            html.Fieldset(
                [
                    html.Legend("View"),
                    dcc.RadioItems(
                        id="explorer-tab",
                        options=[
                            {"label": "Line chart", "value": "line"},
                            {"label": "World map", "value": "map"},
                            {"label": "Table", "value": "table"},
                        ],
                        value=state["tab"],
                        inline=True,
                        className="view-switch",
                    ),
                ],
                className="view-fieldset",
            ),
            html.Div(
                components.labelled(
                    "Year",
                    "explorer-year",
                    dcc.Slider(
                        id="explorer-year",
                        min=lo,
                        max=hi,
                        step=1,
                        value=year,
                        marks=marks,
                        tooltip={"placement": "bottom", "always_visible": False},
                    ),
                ),
                id="explorer-year-box",
                className="year-box",
                hidden=state["tab"] != "map",
            ),
            dcc.Loading(html.Div(view_children(state), id="explorer-view"), type="default", delay_show=300),
            *components.url_sync(PAGE),
        ],
        className="page page-explorer",
    )


def view_children(state: Mapping[str, object]) -> list:
    """The chart card (line, map) or the table of a state."""
    built = explorer.build_chart(explorer.query_of(state))
    view = {"chart": "explorer-chart", "query": explorer.query_of(state)}
    if state["tab"] == "table":
        df = built.data
        table = dash_table.DataTable(
            id="explorer-table",
            data=df.astype(object).where(df.notna(), None).to_dict("records"),
            columns=[{"name": c.replace("_", " "), "id": c} for c in df.columns],
            page_size=20,
            sort_action="native",
            filter_action="native",
            style_table={"overflowX": "auto"},
            style_cell={"fontFamily": "inherit", "textAlign": "left", "padding": "4px"},
        )
        table_chart = explorer.table_chart(built)
        return [components.chart_card("explorer", table_chart, view, body=table), definition_line(state)]
    return [components.chart_card("explorer", built, view), definition_line(state)]


def definition_line(state: Mapping[str, object]) -> html.P:
    """The unit and definition of the indicator shown, under the chart."""
    ind = published.indicator_info(state["indicator"]) or {}
    return html.P(
        [
            html.Strong("Unit: "),
            unit_label(ind.get("unit")),
            " · ",
            html.Strong("Definition: "),
            ind.get("definition", ""),
        ],
        className="definition-line",
    )


@dash.callback(
    Output("explorer-sex", "options"),
    Output("explorer-area", "options"),
    Output("explorer-age_group", "options"),
    Output("explorer-release", "options"),
    Input("explorer-indicator", "value"),
    prevent_initial_call=True,
)
def indicator_options(indicator: str | None) -> tuple[list, list, list, list]:
    """Breakdown and release choices that exist for the chosen indicator."""
    indicator = explorer.parse_query(indicator=indicator)["indicator"]  # any input value: never raises
    opts = explorer.breakdown_choices(indicator)
    rel = explorer.release_choices(indicator)
    return opts["sex"], opts["area"], opts["age_group"], rel


@dash.callback(
    Output("explorer-view", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Output("explorer-year-box", "hidden"),
    Output("explorer-year", "min"),
    Output("explorer-year", "max"),
    Output("explorer-year", "marks"),
    Output("explorer-messages", "children"),
    Input("explorer-indicator", "value"),
    Input("explorer-entities", "value"),
    Input("explorer-sex", "value"),
    Input("explorer-area", "value"),
    Input("explorer-age_group", "value"),
    Input("explorer-release", "value"),
    Input("explorer-tab", "value"),
    Input("explorer-year", "value"),
    prevent_initial_call=True,
)
def update(
    indicator: str | None,
    entities: list[str] | None,
    sex: str | None,
    area: str | None,
    age_group: str | None,
    release: str | None,
    tab: str | None,
    year: int | None,
) -> tuple:
    """Redraw the view for the controls and write it into the address bar."""
    query = {
        "indicator": indicator,
        "entities": entities or [],
        "sex": sex,
        "area": area,
        "age_group": age_group,
        "release": release,
        "tab": tab,
        "year": year,
    }
    state = explorer.parse_query(**{k: v for k, v in query.items() if v not in (None, [])})
    if not as_list(entities):
        state["entities"] = []
    lo, hi, marks, shown_year = explorer.year_marks(state["indicator"], state)
    if state["tab"] == "map":
        state["year"] = shown_year
    search = to_query(explorer.query_of(state), explorer.defaults(state["indicator"]) | {"indicator": None})
    msgs = [components.message(m, kind="warning") for m in state["messages"]]
    if not state["entities"] and state["tab"] != "map":
        msgs.append(components.message("Pick at least one country or group."))
    return view_children(state), search, state["tab"] != "map", lo, hi, marks, msgs
