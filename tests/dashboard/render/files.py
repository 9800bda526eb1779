"""What rendered files hold, for the render tests: a small figure with labels, and readers of PNG, SVG and
PDF files (size, texts, pages, raster images)."""

from __future__ import annotations

import io
import struct
import unicodedata
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
from pypdf import PdfReader

from dashboard.views import spec

SVG_NS = "{http://www.w3.org/2000/svg}"


SOURCE = spec.source_line([spec.SourceRef("ITU", "itu-2024-11", "CC BY-NC-SA 3.0 IGO", "Key ICT indicators")])


CAVEATS = ("Target unverified in the framework's own text", "Releases differ: itu-2024-11, unsd-2023-04")


def small_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[10.0, 20.0, 15.0], name="Testland"))
    fig.update_layout(xaxis_title="Year", yaxis_title="percent")
    return fig


def labels(**overrides):
    base = {"title": "Chart title for test", "subtitle": "A subtitle", "source": SOURCE, "caveats": CAVEATS}
    return base | overrides


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text)  # undo ligatures such as "ﬁ"


def pdf_images(data: bytes) -> int:
    """Raster images on the PDF's pages (a vector chart has none)."""
    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count
