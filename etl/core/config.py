"""Where things live. One place, so no module guesses paths on its own."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
PUBLISHED_DIR = DATA_DIR / "published"
SOURCES_ENV = "ICT4D_SOURCES"
DEFAULT_SOURCES = REPO_ROOT.parent / "shared" / "sources"
CACHE_DIR = REPO_ROOT / ".cache"  # parsed sources (etl/sources/cache.py); git-ignored
CACHE_ENV = "ICT4D_CACHE_DIR"  # another folder for that cache, or "off"


class ConfigError(Exception):
    """A user-facing configuration problem; the CLI prints it as one line."""


def sources_dir(option: str | Path | None = None) -> Path:
    """Resolve the sources directory: the CLI option, then $ICT4D_SOURCES, then ../shared/sources."""
    if option:
        path, origin = Path(option), "--sources"
    elif os.environ.get(SOURCES_ENV):
        path, origin = Path(os.environ[SOURCES_ENV]), f"${SOURCES_ENV}"
    else:
        path, origin = DEFAULT_SOURCES, "default"
    path = path.expanduser().resolve()
    if not path.is_dir():
        raise ConfigError(f"sources directory not found: {path} (from {origin})")
    return path
