"""Errors a user sees as one line from the CLI, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class Ict4dError(Exception):
    """Base of every error the CLI reports as a one-line message with a non-zero exit code."""


class SourceError(Ict4dError):
    """A source file is missing, malformed or changed; names file, row and column where known."""

    def __init__(self, path: str | Path, message: str, row: int | None = None, column: str | None = None):
        self.path, self.row, self.column = str(path), row, column
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class ValidationError(Ict4dError):
    """A table failed its schema; the message names the table, rows and columns that failed."""
