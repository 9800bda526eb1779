"""Browser test of /check in headless Chromium against the real app on the fixture data: paste a paragraph
with an outdated and an up-to-date figure, see both marks and the suggestion, download the CSV; upload a
.docx; a file over the limit is refused in the page.

Expected values from the fixture (world Internet use, UN SDG database 2023 release: 2020 59.6 %, 2022
66.3 %, the latest year)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pandas as pd
import pytest

pytestmark = pytest.mark.browser

PARAGRAPH = (
    "The Commission,\n\n1. Notes that in 2020, 60 per cent of the world's population were using the "
    "Internet, and that in 2022, 66 per cent of the world's population were using the Internet;\n"
)
SUGGESTION = (
    "66 per cent of the world's population were using the Internet in 2022 "
    "(UN Statistics Division, SDG Global Database 2023 release)"
)


def test_paste_check_see_marks_and_suggestion_download_csv(page):
    page.goto(page.base_url + "/check")
    page.wait_for_selector("h1:has-text('Check a draft')")
    page.locator("#check-text").fill(PARAGRAPH)
    page.locator("#check-run").click()
    page.wait_for_selector("mark.draft-outdated")
    assert page.locator("mark.draft-outdated").inner_text() == (
        "60 per cent of the world's population were using the Internet"
    )
    assert page.locator("mark.draft-current").inner_text() == (
        "66 per cent of the world's population were using the Internet"
    )
    chips = page.locator("#check-marked .chip").all_inner_texts()
    assert chips[0].startswith(
        "1 outdated: Outdated: UN Statistics Division, SDG Global Database 2023 release "
        "gives 59.6 % for 2020; a newer year exists (2022: 66.3 %"
    )
    assert chips[1].startswith("2 up to date: Up to date:")
    assert SUGGESTION in page.locator(".check-table").inner_text()
    assert "per cent" not in page.url  # the address holds no text
    with page.expect_download() as info:
        page.locator("#check-dl-csv").click()
    path = Path(info.value.path())
    assert info.value.suggested_filename.endswith(".csv")
    table = pd.read_csv(path)
    assert list(table["Result"]) == ["outdated", "up to date"]
    assert list(table["Latest year"]) == ["66.3 % (2022)", "66.3 % (2022)"]
    assert table["Suggested replacement"].iloc[0] == SUGGESTION
    assert pd.isna(table["Suggested replacement"].iloc[1])
    assert page.console_errors == []


def test_upload_a_docx_and_a_file_over_the_limit(page):
    document = docx.Document()
    for line in PARAGRAPH.strip().split("\n\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    page.goto(page.base_url + "/check")
    page.wait_for_selector("h1:has-text('Check a draft')")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    upload = page.locator("#check-upload input[type=file]")
    upload.set_input_files({"name": "draft.docx", "mimeType": mime, "buffer": buf.getvalue()})
    page.wait_for_selector("mark.draft-outdated")
    assert page.locator("#check-text").input_value() == PARAGRAPH.strip()
    big = {"name": "big.txt", "mimeType": "text/plain", "buffer": b"a" * (11 * 1024 * 1024)}
    upload.set_input_files(big, timeout=90_000)  # 11 MiB through the protocol: slow when busy
    page.wait_for_selector("#check-file-note:has-text('The file is too large')")
    assert page.console_errors == []
