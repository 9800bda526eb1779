"""dashboard.render.safe_csv: a CSV opened in a spreadsheet never runs a formula, numbers stay numbers."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.render import safe_csv
from dashboard.views.spec import PROVENANCE_COLUMNS, ChartSpec, ExportError
from tests.dashboard.render.files import small_figure


# --- CSV -----------------------------------------------------------------------------------------------
def provenance_frame(**extra) -> pd.DataFrame:
    base = {
        "indicator_id": ["internet_use_share"] * 2,
        "entity_id": ["KEN", "world"],
        "year": [2022, 2022],
        "value": [-1.5, 66.25],
        "unit": ["percent", "percent"],
        "release": ["itu-2024-11", "itu-2024-11"],
        "source_id": ["itu_key_ict", "itu_key_ict"],
        "licence": ["CC BY-NC-SA 3.0 IGO"] * 2,
    }
    return pd.DataFrame(base | extra)


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    df = provenance_frame(note=['=HYPERLINK("http://x")', "-2 per cent"], label=["+1", "@SUM(A1)"])
    df["tabbed"] = ["\tcmd", "\rcmd"]
    df["plain"] = ["Kenya", None]
    text = safe_csv.to_csv(df)
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["note"].tolist() == ['\'=HYPERLINK("http://x")', "'-2 per cent"]
    assert back["label"].tolist() == ["'+1", "'@SUM(A1)"]
    assert back["tabbed"].tolist() == ["'\tcmd", "'\rcmd"]
    assert back["plain"].tolist() == ["Kenya", ""]
    assert back["value"].tolist() == [-1.5, 66.25]  # a negative number stays a number
    assert back["year"].tolist() == [2022, 2022]
    assert list(back.columns) == list(df.columns)


def test_csv_neutralises_mixed_object_columns_cell_by_cell():
    df = pd.DataFrame({"mixed": pd.Series([-3, "=1+1", 2.5], dtype=object)})
    assert safe_csv.to_csv(df) == "mixed\r\n-3\r\n'=1+1\r\n2.5\r\n"


@given(st.text())
def test_neutralise_never_leaves_a_formula_and_loses_nothing(s):
    out = safe_csv.neutralise(s)
    assert not out.startswith(safe_csv.FORMULA_PREFIXES)
    assert out == s or out == "'" + s


def test_chart_csv_refuses_data_without_provenance():
    data = provenance_frame().drop(columns=["licence", "release"])
    spec = ChartSpec(small_figure(), title="t", data=data)
    with pytest.raises(ExportError, match="release, licence"):
        safe_csv.chart_csv(spec)
    nothing = ChartSpec(small_figure(), title="t", data=pd.DataFrame(), filename="empty")
    assert safe_csv.chart_csv(nothing) == ",".join(PROVENANCE_COLUMNS) + "\r\n"


def test_a_table_needs_neutralising_only_when_a_text_cell_looks_like_a_formula():
    assert safe_csv.needs_neutralising(pd.DataFrame({"name": ["=1+1"], "value": [-1.0]}))
    assert not safe_csv.needs_neutralising(pd.DataFrame({"name": ["Kenya"], "value": [-1.0]}))
