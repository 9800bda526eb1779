"""`ict4d check` end to end on the real published tables (data/published): drafts written here with one
sentence per kind of result, the five resolutions of the sources' texts/ folder, every output format, the
exit codes (0 all up to date, 1 some not, 2 bad input) and one-line errors.

The expected results are read off data/published by hand (ITU's November 2024 workbook, "Facts and Figures
2024", for the world: Internet use 2021 61.7, 2022 63.7, 2023 65.4, 2024 67.6 %; 5,508.8 million users in
2024; women 65.3 % and men 69.5 % in 2024; the UN SDG database's 2023 release: 2022 66.3 %, women 63.4 %,
men 69.2 %; mobile broadband coverage 2022 94.5 % and 2024 95.6 % in the ITU workbook)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from etl.claims.command import claims_table
from etl.core import config
from etl.core import vocabulary as v

DATA = config.REPO_ROOT / "data" / "published"
AS_OF = "2026-12-04"
FF2024 = "(ITU, Facts and Figures 2024)"
KINDS = """The Commission on Science and Technology for Development,

1. Notes that in 2024, 67.6 per cent of the world's population were using the Internet;

2. Notes also that in 2023, 65.4 per cent of the world's population were using the Internet;

3. Recalls that in 2022, 66.3 per cent of the world's population were using the Internet;

4. Notes with concern that in 2021, 70 per cent of the world's population were using the Internet;

5. Welcomes the more than 600 pledges made in the Partner2Connect Digital Coalition;

6. Notes that in 2024, women were 6 per cent less likely than men to use the Internet;
"""
# paragraph -> (result, words the reason or suggestion must hold), from the figures in the module docstring
EXPECTED_KINDS = {
    "1": (v.DRAFT_UP_TO_DATE, "67.6 % for 2024"),
    "2": (
        v.DRAFT_OUTDATED,
        f"67.6 per cent of the world's population were using the Internet in 2024 {FF2024}",
    ),
    "3": (v.DRAFT_REVISED, "SDG Global Database 2023 release gave 66.3 %"),  # 63.7 in the newest
    "4": (v.DRAFT_NO_MATCH, "61.7 % for 2021"),
    "5": (v.DRAFT_CANNOT_CHECK, "WSIS process"),
    "6": (v.DRAFT_UP_TO_DATE, "women 65.3 %, men 69.5 %"),  # 100 x (1 - 65.3 / 69.5) = 6.04
}
runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["check", *args, "--data", str(DATA)], catch_exceptions=False)


@pytest.fixture
def kinds(tmp_path: Path) -> Path:
    path = tmp_path / "kinds.txt"
    path.write_text(KINDS, encoding="utf-8")
    return path


def texts_dir() -> Path:
    try:
        return config.sources_dir() / "texts"
    except config.ConfigError:
        pytest.skip("sources directory not available")


def as_csv(run) -> pd.DataFrame:
    from io import StringIO

    return pd.read_csv(StringIO(run.stdout), dtype={"Paragraph": str})


def test_a_sentence_per_kind_of_result(kinds):
    run = check(str(kinds), "--as-of", AS_OF, "--format", "csv")
    assert run.exit_code == 1  # some figures are not up to date
    table = as_csv(run)
    assert set(table["Paragraph"]) == set(EXPECTED_KINDS)
    for row in table.to_dict("records"):
        result, words = EXPECTED_KINDS[row["Paragraph"]]
        assert row["Result"] == result, row
        said = " ".join(str(row[c]) for c in ("Why", "Suggested replacement", "Derived as"))
        assert words in said, row


def test_replacement_comes_from_one_row_rounded_as_the_text_rounds(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(
        "The Council,\n\n1. Notes that in 2022, 5.3 billion people or 66 per cent of the world's population "
        "were using the Internet;\n",
        encoding="utf-8",
    )
    table = as_csv(check(str(draft), "--as-of", AS_OF, "--format", "csv"))
    count = table[table["unit"] == "persons"].iloc[0]
    # 5,508.8 million -> "5.5 billion" (one decimal, as written); 67.6 -> "68" (no decimal, as written)
    assert count["Suggested replacement"] == (
        "5.5 billion people or 68 per cent of the world's population were using the Internet in 2024 "
        f"{FF2024}"
    )
    assert count["latest_release"] == "itu-2024-11" and count["latest_year"] == 2024


def test_all_up_to_date_exits_0(tmp_path):
    draft = tmp_path / "ok.txt"
    draft.write_text(KINDS.split("\n\n2.")[0] + "\n", encoding="utf-8")
    run = check(str(draft), "--as-of", AS_OF)
    assert run.exit_code == 0, run.stdout
    assert "1 up to date; 0 need changing" in run.stdout


def test_ecosoc_2023_3_as_a_draft_for_today():
    path = texts_dir() / "ecosoc-2023-3.txt"
    table = as_csv(check(str(path), "--as-of", AS_OF, "--format", "csv"))
    by_quote = dict(zip(table["Quote"], table["Result"], strict=True))
    # 2022 figures of paragraph 26 and 59: 66 / 5.3 billion / 63 % women / 69 % men matched the SDG 2023
    # release (66.3, 5.32 bn, 63.4, 69.2) and read 63.7, 5.10 bn, 60.8, 66.5 in Facts and Figures 2024
    assert by_quote["66 per cent of the world's population were using the Internet"] == v.DRAFT_REVISED
    assert by_quote["63 per cent of women are now using the Internet"] == v.DRAFT_REVISED
    assert by_quote["69 per cent of men"] == v.DRAFT_REVISED
    # 95 % coverage in 2022: 94.5 in the newest release rounds to 95, and 2024 exists (95.6)
    cover = "95 per cent of the world's population were living within range of a mobile broadband network"
    assert by_quote[cover] == v.DRAFT_OUTDATED
    # paragraph 42: 3.8 billion offline at the launch of the 2025 targets (2018): the replacement keeps
    # 2018 (an event's year): 100 - 48.5 % of the population the release implies = 3.97 billion -> "4.0"
    offline = table[table["Paragraph"] == "42"].iloc[0]
    assert offline["Result"] == v.DRAFT_REVISED and offline["year_used"] == 2018
    assert offline["Suggested replacement"].startswith("4.0 billion of the world’s people")
    assert "offline count" in offline["Derived as"]
    assert (table["Result"] == v.DRAFT_CANNOT_CHECK).sum() == 5  # processes, partners, a change


@pytest.mark.parametrize(
    "name", ["ecosoc-2018-28", "ecosoc-2023-3", "unga-72-200", "unga-74-197", "unga-75-202"]
)
def test_every_text_is_checked_with_the_claims_extractor(name):
    path = texts_dir() / f"{name}.txt"
    run = check(str(path), "--as-of", AS_OF, "--format", "json")
    assert run.exit_code == 1  # every one of these texts has figures ITU has updated since
    rows = json.loads(run.stdout)
    claims = claims_table([path], as_of=date.fromisoformat(AS_OF))  # `ict4d claims`, the same text
    assert [(r["start"], r["end"]) for r in rows] == list(zip(claims["start"], claims["end"], strict=True))
    assert {r["Result"] for r in rows} <= set(v.DRAFT_RESULTS)
    for r in rows:  # a figure for a year before 2024 is never up to date when the series goes on to 2024
        if r["year_rule"] == "stated" and r["latest_year"] == 2024 and r["year_used"] < 2024:
            assert r["Result"] != v.DRAFT_UP_TO_DATE, r
        if r["Result"] in v.DRAFT_NOT_CURRENT and r["latest_year"] is not None:
            assert r["Suggested replacement"] and r["suggestion_source"] in r["Suggested replacement"]


def test_the_same_check_as_the_published_claim_checks():
    """Where the build's check says "revised since" of a figure with a year (matched its time, the newest
    release differs), the draft check says revised; where nothing can check a claim, neither can it. (A
    figure without a year is read where it held: in the release of its time for the build, the newest for a
    draft.)"""
    checks = pd.read_parquet(DATA / "claim_checks.parquet").drop_duplicates(["document", "start", "end"])
    folder = texts_dir()
    for document, claims in checks.groupby("document"):
        table = as_csv(check(str(folder / f"{document}.txt"), "--as-of", AS_OF, "--format", "csv"))
        result = {(s, e): r for s, e, r in zip(table["start"], table["end"], table["Result"], strict=True)}
        for c in claims.itertuples():
            if c.claim_verdict == v.REVISED and c.year_rule in v.YEARS_GIVEN:
                assert result[(c.start, c.end)] == v.DRAFT_REVISED, c.quote
            if c.claim_verdict == v.NO_SERIES:
                assert result[(c.start, c.end)] == v.DRAFT_CANNOT_CHECK, c.quote


def test_table_and_html_formats_and_out(kinds, tmp_path):
    run = check(str(kinds), "--as-of", AS_OF)
    assert run.stdout.startswith("kinds.txt: 6 figures checked for 2026-12-04")
    assert "OUTDATED" in run.stdout and "suggested: 67.6 per cent" in run.stdout
    out = tmp_path / "check.html"
    run = check(str(kinds), "--as-of", AS_OF, "--format", "html", "--out", str(out))
    assert run.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.count('<mark class="draft-') == 6 and "Suggested replacement" in page


def test_html_escapes_scripts_and_csv_neutralises_formulas(tmp_path):
    draft = tmp_path / "evil.txt"
    draft.write_text(
        "The Council,\n\n1. <script>alert('x')</script> Notes that in 2023, 65.4 per cent of the world's "
        'population were using the Internet <img src=x onerror=alert(1)> =HYPERLINK("http://x");\n\n'
        "2. =1+2 @SUM(A1) -3 per cent of the world's population were using the Internet in 2023;\n",
        encoding="utf-8",
    )
    page = check(str(draft), "--as-of", AS_OF, "--format", "html").stdout
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    csv = check(str(draft), "--as-of", AS_OF, "--format", "csv").stdout
    for line in csv.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@", "-")), line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.txt"], "no such file"),
        (["{empty}"], "empty"),
        (["{binary}"], "binary file"),
        (["{exe}"], "unknown file type"),
        (["{kinds}", "--as-of", "2026-13-45"], "expected a date"),
        (["{kinds}", "--format", "xml"], "use one of table, csv, json, html"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, kinds, args, words):
    files = {"empty": b"  \n", "binary": b"\x00\x01\x02", "exe": b"MZ"}
    names = {"empty": "e.txt", "binary": "b.txt", "exe": "x.exe"}
    paths = {"kinds": str(kinds)}
    for key, data in files.items():
        (tmp_path / names[key]).write_bytes(data)
        paths[key] = str(tmp_path / names[key])
    run = runner.invoke(app, ["check", *(a.format(**paths) for a in args), "--data", str(DATA)])
    assert run.exit_code == 2
    lines = [x for x in (run.stderr or run.output).splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], lines


def test_the_console_entry_point(kinds):
    """The real `ict4d` process: exit code 1 for a draft with out-of-date figures, 2 for no file."""
    base = [sys.executable, "-c", "from dashboard.cli import main; main()", "check"]
    done = subprocess.run(
        [*base, str(kinds), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "REVISED" in done.stdout
    done = subprocess.run(
        [*base, "nope.docx"], capture_output=True, text=True, cwd=config.REPO_ROOT, timeout=300
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "error: nope.docx: no such file"
