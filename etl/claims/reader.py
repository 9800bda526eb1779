"""Read a text file for the extractor, or fail with one line that says what is wrong with it.

Why strict: a quote is only traceable if it is an exact substring of the file as decoded, so the decoding must
be certain. UTF-8 (with or without BOM) and BOM-marked UTF-16/UTF-32 are decoded; anything else is refused
with the file, the line and the column of the first bad byte, never guessed.

Why only regular files, and at most MAX_BYTES: a FIFO would block the CLI forever and /dev/zero would fill
memory; the type is checked with os.stat before opening (and again on the open descriptor, which is opened
non-blocking), and at most the limit + 1 bytes are read, so a file that grows meanwhile cannot either. A
name is printed escaped (repr-style) when it holds a newline, an escape sequence or any other unprintable
character, so an error stays one line and cannot drive the terminal.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from etl.core.errors import SourceError

MAX_BYTES = 32 * 1024 * 1024  # 32 MiB: a resolution is about 50 kB, the largest report page a few hundred kB
_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_KINDS = [
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]
_EMPTY = "file is empty: there is no text to extract claims from"


def shown(path: str | Path) -> str:
    """A file name as messages print it: as is, or escaped like repr() when it holds anything unprintable
    (a newline, an ANSI escape sequence, a byte that is not valid in the file system's encoding)."""
    name = str(path)
    return name if name.isprintable() else repr(name)[1:-1]


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode bytes as UTF-8, or as the UTF-16/32 their BOM announces; raise SourceError otherwise.
    A file of only a byte-order mark (and whitespace) is empty."""
    name = shown(path)
    if not data.strip():
        raise SourceError(name, _EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                message = f"not valid {encoding} after its byte-order mark (byte {exc.start})"
                raise SourceError(name, message) from None
            if not text.replace("\ufeff", "").strip():
                raise SourceError(name, _EMPTY)
            return text
    if b"\x00" in data[:8192]:
        raise SourceError(name, "binary file (contains NUL bytes); expected a UTF-8 text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            name,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); re-save the file as UTF-8",
            row=line,
        ) from None
    if not text.replace("\ufeff", "").strip():
        raise SourceError(name, _EMPTY)
    return text


def _check_kind(mode: int, name: str, size: int, limit: int) -> None:
    """Only a regular file of at most `limit` bytes can be read."""
    if stat.S_ISDIR(mode):
        raise SourceError(name, "is a directory; give text files (or use the directory's *.txt files)")
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "a special file")
        raise SourceError(name, f"is not a regular file but {kind}; give a text file")
    if size > limit:
        raise SourceError(name, _too_large(size, limit))


def _too_large(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes" if size is not None else "more than the limit"
    return f"file is too large ({what}); the limit is {limit:,} bytes ({limit / 2**20:g} MiB)"


def read_text(path: str | Path, limit: int = MAX_BYTES) -> str:
    """Read one regular text file of at most `limit` bytes (see `decode`); anything else is a one-line
    SourceError naming the file: missing, a directory, a FIFO or device, too large, not readable."""
    path = Path(path)
    name = shown(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror}") from None
    _check_kind(st.st_mode, name, st.st_size, limit)
    try:
        # non-blocking: if the name was swapped for a FIFO since the stat, the open does not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        _check_kind(st.st_mode, name, st.st_size, limit)
        with os.fdopen(fd, "rb") as fh:
            fd = -1  # the file object owns it now
            data = fh.read(limit + 1)
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # it grew after the size was checked
        raise SourceError(name, _too_large(None, limit))
    return decode(data, path)
