"""Browser tests of the Targets scoreboard, in headless Chromium against the real app on the fixture: the
grid filtered from the page, a row opened in the detail panel, and the view downloaded as CSV, XLSX and
the brief, their content checked against the published data (the filter's rows, the one vocabulary)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from openpyxl import load_workbook

from etl.core.vocabulary import TARGET_STATUSES, status_label

pytestmark = pytest.mark.browser
LABELS = {s.label for s in TARGET_STATUSES.values()} | {"Not assessed"}
PATIENCE_MS = 45000  # the grid's script loads on first use: a shared CI machine can take a while


@pytest.fixture
def page(page):
    page.set_default_timeout(PATIENCE_MS)
    return page


def published(fixture_dir, name: str) -> pd.DataFrame:
    return pd.read_parquet(fixture_dir / f"{name}.parquet")


def pick(page, dropdown_id: str, option_text: str) -> None:
    page.locator(f"#{dropdown_id}").click()
    search = page.locator(".dash-dropdown-search")
    if search.count():
        search.fill(option_text)
    page.locator(f"[role=option]:has-text('{option_text}')").first.click()
    page.keyboard.press("Escape")


def grid_column(page, col: str) -> list[str]:
    return page.locator(
        f".targets-grid .ag-center-cols-container [col-id='{col}'], "
        f".targets-grid .ag-pinned-left-cols-container [col-id='{col}']"
    ).all_inner_texts()


def download(page, link_id: str, timeout: int = 20000) -> tuple[str, bytes]:
    with page.expect_download(timeout=timeout) as info:
        page.locator(f"#{link_id}").click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def expected_ldc(fixture_dir) -> dict[str, str]:
    """Target id -> status label of the LDC targets, from the published progress (newest release)."""
    reg, prog = published(fixture_dir, "targets"), published(fixture_dir, "progress")
    latest = prog[prog.is_latest_release.astype(bool) & (prog.entity_id == "ldc")].set_index("target_id")
    out = {}
    for t in reg[reg.scope == "ldc"].itertuples():
        status = latest["status"].get(t.target_id)
        out[t.target_id] = (
            status_label(status)
            if isinstance(status, str)
            else "Not measurable"
            if not t.is_measurable
            else "Not assessed"
        )
    return out


def test_scoreboard_filter_and_its_downloads_hold_the_rows_of_the_view(page, fixture_dir):
    page.goto(page.base_url + "/targets")
    page.wait_for_selector(".targets-grid .ag-row")
    pick(page, "targets-scope", "Least Developed Countries")
    page.wait_for_function("() => window.location.search.includes('scope=ldc')")
    want = expected_ldc(fixture_dir)
    rows_js = "document.querySelectorAll('.targets-grid .ag-center-cols-container .ag-row').length"
    page.wait_for_function(f"() => {rows_js} == {len(want)}")
    assert set(grid_column(page, "scope")) == {"Least Developed Countries (LDCs)"}
    assert sorted(grid_column(page, "status")) == sorted(want.values())
    assert page.locator(".targets-grid .badge").count() == len(want)  # each status as a chip
    reg = published(fixture_dir, "targets").set_index("target_id")
    assert sorted(grid_column(page, "verification")) == sorted(reg.loc[list(want), "verification_status"])

    name, csv = download(page, "targets-download-csv")
    assert name == "ict4d-targets.csv"
    rows = pd.read_csv(io.BytesIO(csv))
    assert dict(zip(rows.target_id, rows.status, strict=True)) == want
    assert set(rows.status) <= LABELS and set(rows.scope) == {"Least Developed Countries (LDCs)"}

    name, xlsx = download(page, "targets-download-xlsx")
    assert name == "ict4d-targets.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = list(sheet.values)
    head = list(values[0])
    assert head == list(rows.columns)
    got = {r[head.index("target_id")]: r[head.index("status")] for r in values[1:]}
    assert got == want

    name, brief = download(page, "targets-download-html", timeout=90000)
    assert name == "ict4d-targets-brief.html"
    text = brief.decode("utf-8")
    reg = published(fixture_dir, "targets").set_index("target_id")
    for tid in want:  # every target of the view, and no target of another scope
        wording = reg.loc[tid, "wording"]
        assert (wording[:1].upper() + wording[1:]).replace("'", "&#39;") in text
    others = reg[reg.scope == "world"]["wording"]
    assert not any(f">{w[:1].upper() + w[1:]}<" in text for w in others)
    assert page.console_errors == []


def test_brief_pdf_of_the_view_downloads(page):
    page.goto(page.base_url + "/targets?scope=ldc&status=met")
    page.wait_for_selector(".targets-grid .ag-row")
    name, pdf = download(page, "targets-download-pdf", timeout=120000)
    assert name == "ict4d-targets-brief.pdf" and pdf[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Key messages" in text and "Met" in text


def test_a_row_click_opens_its_detail_and_goes_into_the_address(page, fixture_dir):
    page.goto(page.base_url + "/targets?scope=ldc")
    page.wait_for_selector(".targets-grid .ag-row")
    row = (
        page.locator(".targets-grid .ag-center-cols-container .ag-row")
        .filter(has_text="Individuals using the Internet: 20 % in LDCs")
        .first
    )
    row.locator("[col-id='target']").click()
    page.wait_for_function("() => window.location.search.includes('target=C2020-2.2.B')")
    assert parse_qs(urlparse(page.url).query) == {"scope": ["ldc"], "target": ["C2020-2.2.B"]}
    page.wait_for_selector(".chart-title:has-text('C2020-2.2.B')")
    detail = page.locator("#targets-detail").inner_text()
    assert (
        "The two official methods" in detail and "Open SDG" in detail and "UN Statistics Division" in detail
    )
    assert re.search(r"\bMet\b", detail)
    # the sparkline is drawn by the grid's own renderer (an SVG line), no script of ours inline
    assert page.locator(".targets-grid svg.sparkline polyline").count() >= 1
    assert page.console_errors == []


def test_status_column_is_visible_on_a_phone(browser, live_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.set_default_timeout(PATIENCE_MS)
    try:
        pg.goto(live_url + "/targets")
        pg.wait_for_selector(".targets-grid .ag-row .badge")
        chip = pg.locator(".targets-grid .ag-row .badge").first
        box = chip.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert chip.inner_text() in LABELS
        assert pg.evaluate("document.documentElement.scrollWidth") <= 395
    finally:
        ctx.close()
