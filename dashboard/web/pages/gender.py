"""Gender divide: women and men side by side, and the parity score (women / men) over time with ITU's
0.98–1.02 parity band, by region and group. What it shows is ``dashboard.views.pages.gender``; the view is
in the address.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
from dash import Input, Output, State, dcc, html

from dashboard.views import names
from dashboard.views.formats import unit_label
from dashboard.views.pages import gender
from dashboard.views.query import first, to_query
from dashboard.web import components

PAGE = "gender"
dash.register_page(
    __name__,
    path=gender.PATH,
    name="Gender divide",
    title="Gender divide · ict4d",
    nav_order=3,
    description="Women and men side by side; the gender parity score against the parity band",
)


def entity_ids(indicator: object) -> list[str]:
    """The entities with values by sex for an indicator (any input value: never raises)."""
    indicator = gender.parse_query(indicator=indicator).get("indicator")
    return gender.entity_options(indicator) if indicator else []


components.entity_search(
    "gender-entities",
    lambda indicator: names.entity_options(entity_ids(indicator)),
    State("gender-indicator", "value"),
)


def definition_line(info: Mapping) -> html.P:
    """The registry's definition and unit of the women's and men's values (under the charts)."""
    definition = str(info.get("definition") or "").rstrip(". ")
    return html.P(
        [
            html.Strong(f"{info['name']}: "),
            f"{definition}. ",
            html.Strong("Unit: "),
            f"{unit_label(info.get('unit'))}.",
        ],
        className="definition-line",
    )


def charts(state: Mapping) -> list:
    """The two chart cards of a state (also what the callback returns when a control changes)."""
    query = {k: v for k, v in gender.canonical(state).items() if v not in (None, [])}
    msgs = [components.message(m, kind="warning") for m in state.get("messages", [])]
    if not state.get("indicator"):
        return msgs
    return [
        *msgs,
        components.chart_card(
            "gender-parity", gender.parity_chart(query), {"chart": "gender-parity", "query": query}
        ),
        components.chart_card(
            "gender-bars", gender.bars_chart(query), {"chart": "gender-bars", "query": query}
        ),
        definition_line(gender.context(state)[2]),
    ]


def controls(state: Mapping) -> html.Div:
    """The indicator, entities, release and year pickers of a state."""
    choices = gender.choices(state.get("indicator"))
    return html.Div(
        [
            components.labelled(
                "Indicator",
                "gender-indicator",
                dcc.Dropdown(
                    id="gender-indicator",
                    value=state.get("indicator"),
                    options=gender.indicator_choices(),
                    clearable=False,
                    searchable=True,
                ),
            ),
            components.labelled(
                "Regions and groups",
                "gender-entities",
                components.entity_picker(
                    "gender-entities",
                    state.get("entities"),
                    entity_ids(state.get("indicator")),
                    placeholder="Type a region, group or country…",
                ),
                "Type to search; countries with values by sex are listed after the groups.",
            ),
            components.labelled(
                "Release",
                "gender-release",
                dcc.Dropdown(
                    id="gender-release",
                    value=state.get("release"),
                    placeholder="Latest per entity",
                    options=choices["releases"],
                ),
            ),
            components.labelled(
                "Year (women and men chart)",
                "gender-year",
                dcc.Dropdown(
                    id="gender-year",
                    value=state.get("year"),
                    placeholder="Latest per entity",
                    options=choices["years"],
                ),
            ),
        ],
        className="controls",
    )


def layout(**query: object) -> html.Div:
    """The page for a URL query (bad values give a message on the page, never an error)."""
    state = gender.parse_query(**query)
    return html.Div(
        [
            components.page_header(
                "Gender divide",
                "How women and men compare: the gender parity score is the women's value divided by the "
                "men's; ITU counts 0.98 to 1.02 as parity.",
            ),
            controls(state),
            html.Div(charts(state), id="gender-charts", **{"aria-live": "polite"}),
            *components.url_sync(PAGE),
        ],
        className="page page-gender",
    )


@dash.callback(
    Output("gender-charts", "children"),
    Output({"type": "url-query", "page": PAGE}, "data"),
    Input("gender-indicator", "value"),
    Input("gender-entities", "value"),
    Input("gender-release", "value"),
    Input("gender-year", "value"),
    prevent_initial_call=True,
)
def update(
    indicator: str | None, entities: list[str] | None, release: str | None, year: int | None
) -> tuple[list, str]:
    """Controls changed: redraw both charts and put the view in the address."""
    state = gender.parse_query(indicator=indicator, entities=entities, release=release, year=year)
    return charts(state), to_query(gender.canonical(state), gender.defaults_for(state))


@dash.callback(
    Output("gender-entities", "options"),
    Output("gender-entities", "value"),
    Output("gender-release", "options"),
    Output("gender-year", "options"),
    Input("gender-indicator", "value"),
    State("gender-entities", "value"),
    prevent_initial_call=True,
)
def indicator_changed(indicator: str | None, entities: list[str] | None) -> tuple[list, list, list, list]:
    """Another indicator: offer its entities, releases and years; keep the chosen entities it has."""
    indicator = first(indicator)
    if indicator not in gender.gender_indicators():
        raise dash.exceptions.PreventUpdate
    choices = gender.choices(indicator)
    return (
        choices["entities"],
        gender.kept_entities(indicator, entities),
        choices["releases"],
        choices["years"],
    )
