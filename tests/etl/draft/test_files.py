"""Uploaded drafts: .txt, .docx and .pdf are read; every bad file is one line saying what is wrong, within
bounded time and memory (a zip bomb is refused before it is unpacked, parsing runs in a child process)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from etl.draft import files
from etl.draft.files import DraftFileError, read_upload
from tests.etl.draft import pdfs

SENTENCE = "1. In 2022, 66 per cent of the world's population were using the Internet."


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(DraftFileError) as exc:
        read_upload(name, data)
    message = str(exc.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_text_file_is_decoded():
    assert read_upload("draft.txt", SENTENCE.encode()) == SENTENCE


def test_docx_paragraphs_are_read_one_per_line():
    text = read_upload("draft.docx", word("The Council,", SENTENCE))
    assert text == "The Council,\n\n" + SENTENCE


def test_pdf_text_layer_is_read():
    text = read_upload("draft.pdf", pdfs.with_text("1. In 2022, 66 per cent of the population used it."))
    assert "66 per cent of the population" in text


def test_pdf_without_text_layer_says_so():
    assert "no text layer" in refused("scan.pdf", pdfs.blank())


def test_password_protected_pdf_says_so():
    assert "password" in refused("locked.pdf", pdfs.encrypted(pdfs.with_text("66 per cent")))


def test_damaged_pdf_and_a_pdf_that_is_not_one():
    assert "not a readable PDF" in refused("broken.pdf", b"%PDF-1.4\n1 0 obj garbage")
    assert "not a PDF file" in refused("fake.pdf", b"hello, I am text")


def test_docx_that_is_not_a_zip_or_not_word():
    assert "not a .docx file" in refused("fake.docx", b"just some text")
    assert "not a .docx file" in refused("cut.docx", word(SENTENCE)[:200])
    assert "not a Word document" in refused("other.docx", zipped({"readme.txt": b"hello"}))


def test_docx_zip_bomb_is_refused_from_its_declared_sizes():
    # 5 MiB of zeros deflate to a few kB: a ratio no Word document has
    assert "zip bomb" in refused("bomb.docx", zipped({"word/document.xml": b"\0" * (5 * 2**20)}))
    many = zipped({f"word/m{i}.xml": b"\0" * (2**20) for i in range(70)})  # 70 MiB declared in all
    assert "would unpack to" in refused("many.docx", many)


def test_unknown_type_binary_empty_and_too_large():
    assert "unknown file type '.exe'" in refused("tool.exe", b"MZ\x90\x00")
    assert "unknown file type" in refused("noext", b"text")
    assert "binary file" in refused("draft.txt", b"\x00\x01\x02text")
    assert "empty" in refused("draft.txt", b"   \n")
    assert "too large" in refused("big.txt", b"a" * (files.MAX_FILE_BYTES + 1))
    assert "too long" in refused("long.txt", b"a " * (files.MAX_TEXT_CHARS // 2 + 1))


def test_a_parse_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(files, "PARSE_TIMEOUT_S", 0.01)
    assert "took longer than" in refused("slow.docx", word(SENTENCE))


def test_read_path_uses_the_same_rules(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(word(SENTENCE))
    assert files.read_path(path) == SENTENCE
    with pytest.raises(DraftFileError, match="no such file"):
        files.read_path(tmp_path / "missing.txt")
    with pytest.raises(DraftFileError, match="not a regular file"):
        files.read_path(tmp_path)


def test_parses_at_once_are_bounded(monkeypatch):
    """When every parsing slot of the process is taken, another upload waits at most the timeout, then
    gets a message (the worker keeps serving the others)."""
    import threading

    monkeypatch.setattr(files, "_parses", threading.BoundedSemaphore(1))
    monkeypatch.setattr(files, "PARSE_TIMEOUT_S", 0.2)
    assert files._parses.acquire(timeout=1)  # a parse in progress
    try:
        assert "busy" in refused("queued.docx", word(SENTENCE))
    finally:
        files._parses.release()
    monkeypatch.setattr(files, "PARSE_TIMEOUT_S", 30.0)
    assert read_upload("next.docx", word(SENTENCE)) == SENTENCE  # the slot is free again
