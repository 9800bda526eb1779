"""Check a draft: server time of a 100 KB resolution checked, and the page answering while a PDF is parsed.

The draft is ecosoc-2023-3 of the sources' texts/ folder repeated to 100 KB (its paragraphs renumbered by the
repetition do not matter to the check). Figures, each the best of a few runs, in CPU seconds of this process
where the work is ours (the machine is shared, so wall-clock time would measure the neighbours too):
preparing the check on the published tables (once per server process), checking the 100 KB text (the
extractor and the claim check), what the /check page adds (marked pieces, table rows), the CSV and HTML
downloads; and, in wall-clock seconds, a 2 MB PDF parsed in its child process and a 100 KB check made while
that parse runs (the parse is another process, so the answer does not wait for it).
Run: `python benchmarks/bench_check.py [--quick]`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.core import config

TARGET_BYTES = 100_000
AS_OF = date(2026, 12, 4)


def _best(fn: Callable[[], object], repeats: int, clock: Callable[[], float] = time.process_time) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return max(best, 1e-9)


def pdf_of(text: str, lines_per_page: int = 45) -> bytes:
    """A PDF with a text layer: `text` in lines of 40 characters (Helvetica)."""
    plain = (
        text.replace("(", "")
        .replace(")", "")
        .replace("\\", "")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )
    lines = [plain[i : i + 40] for i in range(0, len(plain), 40)]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    # objects: 1 catalog, 2 page tree, 3 font, then for each page its content stream and the page itself
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in pages:
        stream = "BT /F1 9 Tf 40 800 Td " + " ".join(f"({x}) Tj 0 -17 Td" for x in page) + " ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def run(quick: bool = False) -> dict[str, float | str]:
    """Server time of the draft check on the published tables (see the module docstring)."""
    try:
        source = config.sources_dir() / "texts" / "ecosoc-2023-3.txt"
        one = source.read_text(encoding="utf-8")
    except (config.ConfigError, OSError) as exc:
        return {"texts": f"not available: {exc}"}
    from dashboard.render import draft as draft_files
    from dashboard.views import published
    from dashboard.views.pages import check as view
    from dashboard.web import draft
    from etl.draft.files import read_upload

    published.use(config.PUBLISHED_DIR)
    for name in ("observations", "releases", "entities", "group_membership"):
        published.table(name)
    repeats = 2 if quick else 3
    text = "\n\n".join([one] * (TARGET_BYTES // len(one.encode("utf-8")) + 1))[:TARGET_BYTES]
    t0 = time.process_time()
    checker = draft.checker()
    prepare = time.process_time() - t0
    t_check = _best(lambda: checker.check(text, AS_OF), repeats)
    result = checker.check(text, AS_OF)
    checks = result.frame()

    # what the page adds to the check: the text cut into marked pieces and the rows of its table
    t_page = _best(lambda: (view.pieces(text, checks), view.table_rows(checks)), repeats)
    t_csv = _best(lambda: draft_files.to_csv(checks), repeats)
    t_html = _best(lambda: draft_files.to_html(text, checks, AS_OF), repeats)
    pdf = pdf_of(one * (4 if quick else 18), lines_per_page=60)
    t_pdf = _best(lambda: read_upload("draft.pdf", pdf), 1, time.perf_counter)
    during: list[float] = []

    def parse() -> None:
        read_upload("draft.pdf", pdf)

    parser = threading.Thread(target=parse)
    parser.start()
    time.sleep(0.2)  # the child is running
    t1 = time.perf_counter()
    checker.check(text, AS_OF)
    during.append(time.perf_counter() - t1)
    parser.join()
    return {
        "text_kb": round(len(text.encode("utf-8")) / 1000, 1),
        "figures": len(checks),
        "prepare_once_s": round(prepare, 2),
        "check_100kb_cpu_s": round(t_check, 3),
        "page_marks_and_rows_cpu_s": round(t_page, 3),
        "csv_download_cpu_s": round(t_csv, 3),
        "html_download_cpu_s": round(t_html, 3),
        "pdf_mb": round(len(pdf) / 1e6, 2),
        "pdf_parse_child_wall_s": round(t_pdf, 2),
        "check_while_pdf_parses_wall_s": round(during[0], 3),
    }


if __name__ == "__main__":
    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name:32s} {value}")
