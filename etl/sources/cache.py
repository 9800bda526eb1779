"""A cache of parsed sources: what a reader made of a file, keyed on everything the result depends on.

Parsing the ~36 source files is most of a full build. The files are pinned by sha256 (data/sources.toml),
so a reader's result is a pure function of: the file's pinned sha256 (checked before the cache is asked),
the registry rows it is given (source entry, series, units), the entity reference, and the code that
reads (etl/sources, etl/core, etl/registry.py and the library versions). The key
hashes all of these, so an edit to any of them misses the cache and re-reads. Entries are pickles under
`config.cache_dir()` (git-ignored `.cache/` in the checkout; `ICT4D_CACHE_DIR=off` disables it), written
to a temporary name and renamed, so a concurrent or interrupted build never sees half an entry; an entry
that cannot be read is ignored and rewritten. Only results are cached: a bad file still fails every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import openpyxl
import pandas as pd
import pyarrow

from etl.core import config

T = TypeVar("T")
FORMAT = 1  # bump when the pickled layout changes
_ETL = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    """sha256 of the reading code and the library versions that shape its output."""
    h = hashlib.sha256(f"{FORMAT} {pd.__version__} {pyarrow.__version__} {openpyxl.__version__}".encode())
    files = [*sorted((_ETL / "sources").rglob("*.py")), *sorted((_ETL / "core").rglob("*.py"))]
    files.append(_ETL / "registry.py")
    for f in files:
        h.update(f.relative_to(_ETL).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _text(part: object) -> str:
    """A stable text of an input: frames as CSV, sets and dicts sorted (their order varies per process)."""
    if isinstance(part, pd.DataFrame):
        return part.to_csv(index=False)
    if isinstance(part, set | frozenset):
        return repr(sorted(map(repr, part)))
    if isinstance(part, dict):
        return repr(sorted((repr(k), _text(v)) for k, v in part.items()))
    if is_dataclass(part):
        return repr([(f.name, _text(getattr(part, f.name))) for f in fields(part)])
    if isinstance(part, list | tuple):
        return repr([_text(p) for p in part])
    return repr(part)


def key(*parts: object) -> str:
    """Cache key of a result: the code digest and the stable text of every input part."""
    h = hashlib.sha256(code_digest().encode())
    for part in parts:
        h.update(_text(part).encode() + b"\0")
    return h.hexdigest()


def cached(cache_dir: Path | None, name: str, parts: tuple, compute: Callable[[], T]) -> tuple[T, bool]:
    """`compute()`, or its stored result for the same `parts`; returns (result, whether it was stored)."""
    if cache_dir is None:
        return compute(), False
    path = Path(cache_dir) / "sources" / f"{name}-{key(*parts)[:32]}.pkl"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh), True
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign entry is rebuilt, never trusted
        path.unlink(missing_ok=True)
    result = compute()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only checkout builds without a cache
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return result, False


def default_dir() -> Path | None:
    """The cache folder: `$ICT4D_CACHE_DIR` ("off" disables), else `.cache/` in the checkout."""
    env = os.environ.get(config.CACHE_ENV, "")
    if env.lower() == "off":
        return None
    return Path(env) if env else config.CACHE_DIR
