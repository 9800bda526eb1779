"""Check a draft: paste a text or upload a .txt/.docx/.pdf, pick the day it is meant for, and see each
figure marked by its result (up to date, outdated, revised, does not match any release, cannot be checked)
with the reason and a replacement from the newest release; download the table (CSV) and the marked-up
text (HTML, PDF).

The check is the ETL's (``dashboard.web.draft`` -> ``etl.draft``), what is shown is
``dashboard.views.pages.check``. Nothing is stored on the server and the address holds no text: the text
lives in the page, each answer (and each download) is computed from what the browser sends, and these
callbacks are never cached (``security.private_callbacks``). An upload may be larger than other requests,
up to ``limits.UPLOAD_MAX_REQUEST_BYTES``; the browser refuses a file above ``draft.MAX_FILE_BYTES``
before sending it, and the server answers 413 to anything larger.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date

import dash
from dash import Input, Output, State, dcc, html

from dashboard.render import draft as draft_files
from dashboard.views.pages import check as view
from dashboard.web import components, draft, security

PAGE = "check"
dash.register_page(
    __name__,
    path=view.PATH,
    name="Check a draft",
    title="Check a draft · ict4d",
    nav_order=4.5,
    description="every figure of a draft checked against the newest data, with a current replacement",
)
OUTPUTS = ("check-result", "check-text", "check-download")
security.private_callbacks(*OUTPUTS, large="check-text")
LIMIT_MIB = draft.MAX_FILE_BYTES // 2**20
INTRO = (
    "Paste the text of a draft resolution or report, or upload it (.txt, .docx, or .pdf with a text layer, "
    f"up to {LIMIT_MIB} MiB), and choose the day it is meant for. Every figure is found as on the Claims "
    "page and checked against the newest releases out by that day; each one that is out of date gets a "
    "replacement written from one published row. Nothing you send is stored, and the address holds no text."
)


def layout(**query: object) -> html.Div:
    """The form; the answer appears below it. The address may name the day (``?date=``), never the text."""
    state = view.parse_query(**query)
    return html.Div(
        [
            components.page_header("Check a draft", INTRO),
            *[components.message(m, kind="warning") for m in state["messages"]],
            html.Div(
                [
                    components.labelled(
                        "Text of the draft",
                        "check-text",
                        dcc.Textarea(
                            id="check-text",
                            className="check-text",
                            maxLength=draft.MAX_TEXT_CHARS,
                            placeholder="Paste the text here…",
                            style={"width": "100%", "height": "14rem"},
                        ),
                    ),
                    dcc.Upload(
                        id="check-upload",
                        children=html.Div(
                            ["Drop a .txt, .docx or .pdf file here, or ", html.U("choose one")]
                        ),
                        accept=".txt,.docx,.pdf,text/plain,application/pdf,"
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        multiple=False,
                        className="check-upload",
                    ),
                    html.Div(id="check-file-note", role="status"),
                    components.labelled(
                        "Meant for",
                        "check-date",
                        dcc.DatePickerSingle(
                            id="check-date",
                            date=state["date"].isoformat(),
                            min_date_allowed=view.EARLIEST.isoformat(),
                            max_date_allowed=view.LATEST.isoformat(),
                            display_format="YYYY-MM-DD",
                        ),
                        "the day the text will be adopted or published: releases out by then count",
                    ),
                    html.Button("Check the figures", id="check-run", n_clicks=0, className="button"),
                ],
                className="controls check-form",
            ),
            dcc.Store(id="check-file"),
            dcc.Loading(html.Div(id="check-result", **{"aria-live": "polite"})),
            html.Div(
                [
                    html.Span("Download: "),
                    html.Button("Table (CSV)", id="check-dl-csv", n_clicks=0, className="button"),
                    html.Button("Marked-up text (HTML)", id="check-dl-html", n_clicks=0, className="button"),
                    html.Button("Marked-up text (PDF)", id="check-dl-pdf", n_clicks=0, className="button"),
                ],
                className="check-downloads",
            ),
            dcc.Download(id="check-download"),
        ]
    )


# the browser refuses a file above the limit before sending it (base64 is 4/3 of the bytes)
dash.clientside_callback(
    f"""
    function(contents, name) {{
        if (!contents) {{ return [window.dash_clientside.no_update, ""]; }}
        if (contents.length > {draft.MAX_FILE_BYTES * 4 // 3 + 200}) {{
            return [null, "The file is too large: files up to {LIMIT_MIB} MiB can be checked."];
        }}
        return [{{"name": name || "", "contents": contents}}, ""];
    }}
    """,
    Output("check-file", "data"),
    Output("check-file-note", "children"),
    Input("check-upload", "contents"),
    State("check-upload", "filename"),
    prevent_initial_call=True,
)


def file_text(upload: object) -> str:
    """The text of an upload as dcc.Upload gives it ({"name", "contents": data URL}); DraftFileError else."""
    if not isinstance(upload, dict) or not isinstance(upload.get("contents"), str):
        raise draft.DraftFileError("no file was received; choose a .txt, .docx or .pdf file")
    name = str(upload.get("name") or "upload")[:200]
    _, _, payload = upload["contents"].partition(",")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise draft.DraftFileError(f"{name}: the upload was damaged on the way; try again") from None
    return draft.read_upload(name, data)


def figure_pieces(text: str, checks: object) -> list:
    """The text with each figure marked (<mark>, the reason as its title) and a chip after it."""
    rows = view.table_rows(checks)
    out: list = []
    for p in view.pieces(text, checks):
        if p.figure is None:
            out.append(p.text)
            continue
        r = rows[p.figure - 1]
        out.append(html.Mark(p.text, className=f"draft-mark draft-{r['kind']}", title=r["reason"]))
        if p.last:
            out.append(
                html.Span(
                    [html.B(f"{r['no']} {r['result']}"), f": {r['reason']}"],
                    className=f"chip draft-{r['kind']}",
                    id=f"check-chip-{r['no']}",
                )
            )
    return out


def figure_table(checks: object) -> html.Div:
    """One row per figure: what it says, the result and why, the newest values and the replacement."""
    rows = view.table_rows(checks)
    head = html.Thead(html.Tr([html.Th(label, scope="col") for label in view.TABLE_COLUMNS.values()]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(r[key], className=f"draft-{r['kind']}" if key == "result" else None)
                    for key in view.TABLE_COLUMNS
                ]
            )
            for r in rows
        ]
    )
    return html.Div(
        html.Table(
            [html.Caption("Every figure of the text"), head, body], className="data-table check-table"
        ),
        className="table-scroll",
    )


def answer(text: str, day: date, note: str | None) -> html.Div:
    """The whole answer for one text: summary, legend, marked text, table."""
    result = draft.check_text(text, day)
    checks = result.frame()
    legend = html.P(
        [
            html.Span(
                [html.Span(r, className=f"chip draft-{kind}"), f" {n}  "], title=view.RESULT_MEANINGS[r]
            )
            for r, n, kind in view.counts(checks)
        ],
        className="check-legend",
    )
    return html.Div(
        [
            components.message(note, kind="warning") if note else None,
            components.message(view.summary(checks, day)),
            legend,
            html.H2("The text, marked"),
            html.Div(figure_pieces(text, checks), className="draft-text", id="check-marked"),
            html.H2("The figures"),
            figure_table(checks),
        ],
        id="check-answer",
    )


@dash.callback(
    Output("check-result", "children"),
    Output("check-text", "value"),
    Input("check-run", "n_clicks"),
    Input("check-file", "data"),
    State("check-text", "value"),
    State("check-date", "date"),
    prevent_initial_call=True,
)
def run_check(_clicks: object, upload: object, text: object, day: object) -> tuple:
    """Check the pasted text, or the uploaded file's (which then fills the text box)."""
    when, note = view.parse_date(day)
    new_text = dash.no_update
    try:
        if dash.ctx.triggered_id == "check-file":
            if upload is None:
                raise dash.exceptions.PreventUpdate
            text = new_text = file_text(upload)
        return answer(text if isinstance(text, str) else "", when, note), new_text
    except draft.DraftFileError as exc:
        return components.message(str(exc), kind="error"), new_text


@dash.callback(
    Output("check-download", "data"),
    Input("check-dl-csv", "n_clicks"),
    Input("check-dl-html", "n_clicks"),
    Input("check-dl-pdf", "n_clicks"),
    State("check-text", "value"),
    State("check-date", "date"),
    prevent_initial_call=True,
)
def download(_csv: object, _html: object, _pdf: object, text: object, day: object) -> dict:
    """The table as CSV, or the marked-up text as HTML or PDF, made now from the text in the page."""
    fmt = {"check-dl-csv": "csv", "check-dl-html": "html", "check-dl-pdf": "pdf"}.get(
        str(dash.ctx.triggered_id)
    )
    if fmt is None or not isinstance(text, str) or not text.strip():
        raise dash.exceptions.PreventUpdate
    when, _ = view.parse_date(day)
    try:
        checks = draft.check_text(text, when).frame()
    except draft.DraftFileError:
        raise dash.exceptions.PreventUpdate from None
    name = f"ict4d-draft-check-{when.isoformat()}"
    if fmt == "csv":
        return dcc.send_string(draft_files.to_csv(checks), f"{name}.csv", type="text/csv")
    page = draft_files.to_html(text, checks, when)
    if fmt == "html":
        return dcc.send_string(page, f"{name}.html", type="text/html")
    return dcc.send_bytes(draft_files.to_pdf(page), f"{name}.pdf", type="application/pdf")
