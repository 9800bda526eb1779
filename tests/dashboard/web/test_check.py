"""The /check page on the server: its callbacks through the real request route (marks, table, upload,
downloads), the larger body limit for the upload only (413 with a message above it), no caching of a
visitor's text, and escaped / neutralised downloads.

Expected values from the fixture (tests/fixtures/published: world Internet use in the UN SDG database's 2023
release, 2020: 59.6 %, 2022: 66.3 %, the latest year): "60 per cent in 2020" is outdated (59.6 rounds to
60, and 2022 exists), "66 per cent in 2022" is up to date."""

from __future__ import annotations

import base64
import hashlib
import io
import json

import docx
import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.render import draft as draft_files
from dashboard.web import limits, security

SDG2023 = "UN Statistics Division, SDG Global Database 2023 release"
PARAGRAPH = (
    "The Commission,\n\n1. Notes that in 2020, 60 per cent of the world's population were using the "
    "Internet, and that in 2022, 66 per cent of the world's population were using the Internet;\n"
)
CHECK_OUTPUT = "..check-result.children...check-text.value.."


def body(text: object, upload: object = None, day: object = "2026-12-04", trigger: str = "check-run") -> dict:
    return {
        "output": CHECK_OUTPUT,
        "outputs": [
            {"id": "check-result", "property": "children"},
            {"id": "check-text", "property": "value"},
        ],
        "inputs": [
            {"id": "check-run", "property": "n_clicks", "value": 1},
            {"id": "check-file", "property": "data", "value": upload},
        ],
        "changedPropIds": [f"{trigger}.{'n_clicks' if trigger == 'check-run' else 'data'}"],
        "state": [
            {"id": "check-text", "property": "value", "value": text},
            {"id": "check-date", "property": "date", "value": day},
        ],
    }


def download_body(fmt: str, text: str) -> dict:
    clicks = {"csv": 0, "html": 0, "pdf": 0} | {fmt: 1}
    return {
        "output": "check-download.data",
        "outputs": {"id": "check-download", "property": "data"},
        "inputs": [{"id": f"check-dl-{k}", "property": "n_clicks", "value": n} for k, n in clicks.items()],
        "changedPropIds": [f"check-dl-{fmt}.n_clicks"],
        "state": [
            {"id": "check-text", "property": "value", "value": text},
            {"id": "check-date", "property": "date", "value": "2026-12-04"},
        ],
    }


@pytest.fixture
def client(app):
    c = app.server.test_client()
    assert c.get("/").status_code == 200  # finishes the app's set-up (every page's callbacks)
    return c


def answer(client, payload: dict) -> dict:
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return r.get_json()["response"]


def test_the_page_has_its_form(client):
    html = client.get("/check").get_data(as_text=True)
    assert "Check a draft" in html  # title; the layout itself comes from the routing callback


def test_check_marks_each_figure_with_its_result(client):
    out = json.dumps(answer(client, body(PARAGRAPH)))
    assert out.count('"draft-mark draft-outdated"') == 1 and out.count('"draft-mark draft-current"') == 1
    assert "1 outdated" in out and "2 up to date" in out
    assert f"66 per cent of the world's population were using the Internet in 2022 ({SDG2023})" in out


def test_bad_input_is_a_message_not_an_error(client):
    for text in (None, "", "   ", 42, ["x"], {"a": 1}):
        out = json.dumps(answer(client, body(text)))
        assert "message-error" in out and "no text to check" in out
    out = json.dumps(answer(client, body(PARAGRAPH, day="not a date")))
    assert "Not a date" in out and "draft-mark" in out
    for upload in (
        {"name": "x.exe", "contents": "data:;base64,TVo="},
        {"name": "a.txt", "contents": "!!"},
        7,
    ):
        out = json.dumps(answer(client, body("", upload, trigger="check-file")))
        assert "message-error" in out


def test_an_uploaded_docx_fills_the_text_box_and_is_checked(client):
    document = docx.Document()
    for line in PARAGRAPH.strip().split("\n\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    url = "data:application/octet-stream;base64," + base64.b64encode(buf.getvalue()).decode()
    out = answer(client, body("", {"name": "draft.docx", "contents": url}, trigger="check-file"))
    assert out["check-text"]["value"] == PARAGRAPH.strip()
    assert '"draft-mark draft-outdated"' in json.dumps(out["check-result"])


def test_an_upload_may_exceed_1_mib_but_only_the_checks_and_only_up_to_the_limit(client):
    padded = json.dumps({**body(PARAGRAPH), "padding": "x" * (2 * 1024 * 1024)})  # 2 MiB: over 1 MiB
    r = client.post("/_dash-update-component", data=padded, content_type="application/json")
    assert r.status_code == 200  # above 1 MiB, a request of the check's callback is served
    other = json.dumps({**json.loads(padded), "output": "overview-anything.children"})
    r = client.post("/_dash-update-component", data=other, content_type="application/json")
    assert r.status_code == 413 and "at most 65,536" in r.get_data(as_text=True)
    huge = json.dumps(body("x" * (limits.UPLOAD_MAX_REQUEST_BYTES + 10)))
    r = client.post("/_dash-update-component", data=huge, content_type="application/json")
    assert r.status_code == 413 and "files up to 10 MiB can be checked" in r.get_data(as_text=True)
    assert "Traceback" not in r.get_data(as_text=True)


def test_a_20_mb_file_is_refused():
    from dashboard.web import draft

    with pytest.raises(draft.DraftFileError, match="too large"):
        draft.read_upload("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    # the browser's own check (clientside callback) and the server's limit agree: 10 MiB as base64 fits
    assert draft.MAX_FILE_BYTES * 4 // 3 + 4096 < limits.UPLOAD_MAX_REQUEST_BYTES


def test_the_check_is_never_cached(client):
    payload = body(PARAGRAPH)
    answer(client, payload)
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = "callback:" + hashlib.sha256(canonical.encode()).hexdigest()
    assert security.cache.get(key) is None
    dl = download_body("csv", PARAGRAPH)
    answer(client, dl)
    canonical = json.dumps(dl, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert security.cache.get("callback:" + hashlib.sha256(canonical.encode()).hexdigest()) is None


def test_csv_download_holds_the_table(client):
    data = answer(client, download_body("csv", PARAGRAPH))["check-download"]["data"]
    assert data["filename"] == "ict4d-draft-check-2026-12-04.csv"
    table = pd.read_csv(io.StringIO(data["content"]))
    assert list(table["Result"]) == ["outdated", "up to date"]
    assert list(table["Newest release, same year"]) == ["59.6 % (2020)", "66.3 % (2022)"]
    assert table["Suggested replacement"].iloc[0].endswith(f"in 2022 ({SDG2023})")


def test_html_download_escapes_the_text(client):
    evil = PARAGRAPH.replace("Notes", "<script>alert('x')</script> Notes <b onclick=alert(1)>")
    data = answer(client, download_body("html", evil))["check-download"]["data"]
    page = data["content"]
    assert "<script" not in page and "<b onclick" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert page.count('<mark class="draft-') == 2


def test_csv_neutralises_formula_cells():
    frame = pd.DataFrame(
        [
            {
                "paragraph": "1",
                "quote": '=HYPERLINK("http://evil")',
                "start": 0,
                "end": 10,
                "value": 1.0,
                "unit": "percent",
                "result": "outdated",
                "reason": "@SUM(A1)",
                "suggestion": "+1",
                "derivation": "-2",
            }
        ]
    )
    text = draft_files.to_csv(frame)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",'+1," in text and ",'-2" in text


def test_pdf_of_the_marked_text(renderer, fixture_dir):
    from dashboard.web import draft

    result = draft.check_text(PARAGRAPH)
    page = draft_files.to_html(PARAGRAPH, result.frame(), result.as_of)
    pdf = draft_files.to_pdf(page, renderer)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Draft check" in text and "60 per cent of the world" in text and "outdated" in text
