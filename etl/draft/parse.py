"""Child process of `etl.draft.files`: `python -m etl.draft.parse docx|pdf` reads a file on stdin and
writes {"text": ...} or {"error": "<one line>"} as JSON on stdout.

It limits itself first (CPU seconds and address space: `PARSE_CPU_S`, `PARSE_MEMORY_BYTES`), so a
file built to make a parser spin or swell kills this process only; the parent also has a wall-clock timeout.
"""

from __future__ import annotations

import io
import json
import logging
import sys

# the child's own limits (kept here so that the child imports nothing but the parsers)
PARSE_CPU_S = 25  # CPU seconds (RLIMIT_CPU): a 1.3 MB text PDF takes about 10 s on a busy core
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024  # address space (RLIMIT_AS)
PDF_MAX_PAGES = 1000


def _limit() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (PARSE_CPU_S, PARSE_CPU_S + 1))
        resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # not POSIX: the parent's timeout still bounds it
        pass


def docx_text(data: bytes) -> str:
    """Paragraphs of the body and of its tables, one per line, a blank line between (as the texts are)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n\n".join(line for line in lines if line.strip())


def pdf_text(data: bytes) -> str:
    """The text layer of every page; an encrypted PDF or one with no text layer is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # an unsupported cipher counts as a password
                opened = 0
            if not opened:
                raise ValueError("the PDF is protected by a password; upload a copy without one")
        if len(reader.pages) > PDF_MAX_PAGES:
            raise ValueError(f"the PDF has {len(reader.pages):,} pages; the limit is {PDF_MAX_PAGES:,}")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise ValueError(f"not a readable PDF ({str(exc).splitlines()[0][:120]})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise ValueError("the PDF has no text layer (a scan?); run it through OCR or upload the .docx")
    return text


def main() -> None:
    _limit()
    logging.disable(logging.CRITICAL)  # pypdf warns on stderr about damaged files; the answer says enough
    kind = sys.argv[1] if len(sys.argv) > 1 else ""
    data = sys.stdin.buffer.read()
    try:
        if kind == "docx":
            text = docx_text(data)
        elif kind == "pdf":
            text = pdf_text(data)
        else:
            raise ValueError(f"unknown kind {kind!r}")
        answer: dict[str, str] = {"text": text}
    except MemoryError:
        answer = {"error": "the file needs too much memory to read; it was stopped"}
    except ValueError as exc:
        answer = {"error": str(exc)}
    except Exception as exc:  # a damaged file: python-docx / pypdf raise many kinds
        answer = {"error": f"the file could not be read ({type(exc).__name__})"}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
