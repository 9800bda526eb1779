"""Read a text file for the extractor, or fail with one line that says what is wrong with it.

Why strict: a quote is only traceable if it is an exact substring of the file as decoded, so the decoding must
be certain. UTF-8 (with or without BOM) and BOM-marked UTF-16/UTF-32 are decoded; anything else is refused
with the file, the line and the column of the first bad byte, never guessed.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from etl.core.errors import SourceError

_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode bytes as UTF-8, or as the UTF-16/32 their BOM announces; raise SourceError otherwise."""
    if not data.strip():
        raise SourceError(path, "file is empty: there is no text to extract claims from")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                message = f"not valid {encoding} after its byte-order mark (byte {exc.start})"
                raise SourceError(path, message) from None
    if b"\x00" in data[:8192]:
        raise SourceError(path, "binary file (contains NUL bytes); expected a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            path,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); re-save the file as UTF-8",
            row=line,
        ) from None


def read_text(path: str | Path) -> str:
    """Read one text file (see `decode`); a missing path or a directory is a one-line SourceError."""
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "no such file")
    if path.is_dir():
        raise SourceError(path, "is a directory; give text files (or use the directory's *.txt files)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror}") from None
    return decode(data, path)
