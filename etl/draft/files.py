"""The text of an uploaded draft (.txt, .docx, .pdf), read within limits, or one line saying what is wrong.

Why so careful: the file comes from anyone who can reach the page. Its size is bounded before anything is
read (``MAX_FILE_BYTES``); its type is its extension AND its first bytes (a .docx is a zip, a .pdf starts
with ``%PDF-``); a .docx's zip directory is checked before any member is unpacked (declared sizes, number of
members, compression ratio: a zip bomb is refused unread); .docx and .pdf are parsed by maintained libraries
(python-docx, pypdf) in a child process (``etl.draft.parse``) with a wall-clock timeout, a CPU limit and an
address-space limit, so a hostile file costs at most a few seconds of one process and the server keeps
serving; at most ``MAX_PARALLEL_PARSES`` parses run at once per process. The file goes to the child on its
standard input: nothing is written to disk. The text that comes back is bounded too (``MAX_TEXT_CHARS``).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

from etl.claims.reader import decode, shown
from etl.core.errors import Ict4dError
from etl.draft.parse import PARSE_CPU_S, PARSE_MEMORY_BYTES, PDF_MAX_PAGES  # noqa: F401 (the limits, listed)

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB: a resolution is ~50 kB of text, a report PDF a few MB
MAX_TEXT_CHARS = 1_000_000  # ~20 resolutions; the check of 100 kB takes well under a second
PARSE_TIMEOUT_S = 30.0  # wall clock for one .docx/.pdf in the child process
MAX_PARALLEL_PARSES = 2  # per server process; more wait, at most PARSE_TIMEOUT_S
DOCX_MAX_MEMBERS = 1000
DOCX_MAX_UNPACKED = 64 * 1024 * 1024  # sum of the declared sizes of every member
DOCX_MAX_RATIO = 200  # declared size / compressed size of a member above 1 MiB
TYPES = {".txt": "text", ".text": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf"}
_parses = threading.BoundedSemaphore(MAX_PARALLEL_PARSES)


class DraftFileError(Ict4dError):
    """A file that cannot be read as a draft; the message is one line a user can act on."""


def kind_of(name: str) -> str:
    """'text', 'docx' or 'pdf' from the file name, or a DraftFileError for any other type."""
    suffix = Path(name).suffix.lower()
    if suffix not in TYPES:
        raise DraftFileError(
            f"{shown(name)}: unknown file type {suffix or '(none)'!r}; upload a .txt, .docx or .pdf file"
        )
    return TYPES[suffix]


def bounded_text(text: str, name: str) -> str:
    """The text, if it is not empty and not longer than MAX_TEXT_CHARS."""
    if not text.strip():
        raise DraftFileError(f"{shown(name)}: there is no text in it to check")
    if len(text) > MAX_TEXT_CHARS:
        raise DraftFileError(
            f"{shown(name)}: the text is too long ({len(text):,} characters); the limit is {MAX_TEXT_CHARS:,}"
        )
    return text


def check_docx(data: bytes, name: str) -> None:
    """Refuse a .docx that is not a zip, lacks a Word document, or would unpack to too much (unread)."""
    if not data.startswith(b"PK\x03\x04"):
        raise DraftFileError(f"{shown(name)}: not a .docx file (a .docx is a zip archive; this is not one)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DraftFileError(f"{shown(name)}: not a .docx file (the zip archive is damaged)") from None
    if len(members) > DOCX_MAX_MEMBERS:
        raise DraftFileError(f"{shown(name)}: the archive holds {len(members):,} files; too many for a .docx")
    total = sum(m.file_size for m in members)
    if total > DOCX_MAX_UNPACKED:
        raise DraftFileError(
            f"{shown(name)}: would unpack to {total:,} bytes; the limit is {DOCX_MAX_UNPACKED:,} (zip bomb?)"
        )
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > DOCX_MAX_RATIO * max(m.compress_size, 1):
            ratio = f"compressed more than {DOCX_MAX_RATIO}:1"
            raise DraftFileError(f"{shown(name)}: {shown(m.filename)} is {ratio} (zip bomb?)")
    if not any(m.filename == "word/document.xml" for m in members):
        raise DraftFileError(f"{shown(name)}: not a Word document (no word/document.xml in the archive)")


def parse_in_child(kind: str, data: bytes, name: str) -> str:
    """The text of a .docx or .pdf, parsed by `python -m etl.draft.parse KIND` (see the module docstring)."""
    if not _parses.acquire(timeout=PARSE_TIMEOUT_S):
        raise DraftFileError(f"{shown(name)}: the server is busy reading other files; try again in a minute")
    try:
        root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "etl.draft.parse", kind],
                input=data,
                capture_output=True,
                timeout=PARSE_TIMEOUT_S,
                env=env,
                cwd=root,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DraftFileError(
                f"{shown(name)}: reading the file took longer than {PARSE_TIMEOUT_S:g} s; it was stopped"
            ) from None
    finally:
        _parses.release()
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = {"error": "the file could not be read (the reader stopped: too complex or damaged)"}
    if "error" in answer:
        raise DraftFileError(f"{shown(name)}: {answer['error']}")
    return str(answer.get("text", ""))


def _too_large(name: str, size: int) -> str:
    return (
        f"{shown(name)}: the file is too large ({size:,} bytes); the limit is {MAX_FILE_BYTES // 2**20} MiB"
    )


def read_upload(name: str, data: bytes) -> str:
    """The text of an uploaded file named `name` (see the module docstring); DraftFileError otherwise."""
    kind = kind_of(name)
    if len(data) > MAX_FILE_BYTES:
        raise DraftFileError(_too_large(name, len(data)))
    if not data.strip():
        raise DraftFileError(f"{shown(name)}: the file is empty")
    if kind == "text":
        try:
            return bounded_text(decode(data, name), name)
        except Ict4dError as exc:
            raise DraftFileError(str(exc)) from None
    if kind == "docx":
        check_docx(data, name)
    elif data.lstrip()[:5] != b"%PDF-":
        raise DraftFileError(f"{shown(name)}: not a PDF file (it does not start with %PDF-)")
    return bounded_text(parse_in_child(kind, data, name), name)


def read_path(path: str | Path) -> str:
    """The text of a draft on disk (the CLI): the same rules as an upload."""
    path = Path(path)
    try:
        if not path.is_file():
            raise DraftFileError(
                f"{shown(path)}: {'not a regular file' if path.exists() else 'no such file'}"
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DraftFileError(_too_large(str(path), path.stat().st_size))
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DraftFileError(f"{shown(path)}: cannot read: {exc.strerror}") from None
    return read_upload(str(path), data)
