"""`ict4d fetch`: refresh the sources directory from the download addresses in data/sources.toml.

Only a source with a ``download_url`` (a direct address of the file itself) is downloaded. A source whose
``upstream_url`` is a landing page (ITU DataHub, where a person presses "download") is reported as
``manual`` with that page, not as a failure: the README says how to place such a file.

Every download goes to a temporary file next to its target and is renamed only when complete, so an
interrupted fetch never leaves a half-written source. The registry pins each file's sha256: a download
whose hash differs from the pinned one is *not* installed. It is kept beside the file as ``<name>.new``
and reported as ``changed`` with both hashes; a maintainer reviews it, moves it in place and updates the
pin. Zipped sources are stored exactly as downloaded (never unpacked here).

Outcomes per source file:
  unchanged  download matches the pin and the file on disk
  new        file was missing (or unpinned and missing); written in place
  repaired   file on disk differed from the pin, download matches the pin; replaced
  changed    download differs from the pin (or, unpinned, from the file on disk); kept as <name>.new
  failed     HTTP error, timeout, connection error, an HTML page instead of the file, unwritable folder
  manual     no download_url: the upstream is a landing page; download the file from it by hand
  skipped    neither a download nor an upstream address in the registry
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import requests

from etl.core import config
from etl.core.digests import sha256_file
from etl.core.errors import Ict4dError

CHUNK = 1 << 16
DEFAULT_TIMEOUT = (10.0, 60.0)  # (connect, read) seconds; read is per chunk, not the whole download
USER_AGENT = "ict4d-fetch (+https://github.com/ict4d)"


@dataclass(frozen=True)
class SourceFile:
    """One file of a source: where it lives locally, where it comes from, its pinned hash."""

    source_id: str
    path: str  # relative to the sources directory
    upstream_url: str | None  # where the publisher offers it (may be a landing page)
    sha256: str | None
    download_url: str | None = None  # a direct address of the file, when one is known


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    path: str
    status: str  # unchanged / new / repaired / changed / failed / manual / skipped
    new_hash: str | None = None
    old_hash: str | None = None
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def line(self) -> str:
        """One human-readable summary line."""
        text = f"{self.status:<9} {self.source_id} ({self.path})"
        if self.status in {"changed", "repaired"}:
            text += f": new sha256 {self.new_hash}, old {self.old_hash}"
        elif self.status == "new" and self.new_hash:
            text += f": sha256 {self.new_hash}"
        return text + (f" — {self.detail}" if self.detail else "")


# --- registry -------------------------------------------------------------------------------------------
def load_source_files(data_dir: Path | None = None) -> list[SourceFile]:
    """The files of data/sources.toml, read by the one registry loader (`etl.registry`)."""
    from etl import registry

    specs = registry.load(Path(data_dir or config.DATA_DIR)).sources.values()
    return [
        SourceFile(
            s.source_id,
            s.path,
            s.upstream_url or None,
            (s.sha256 or "").lower() or None,
            s.download_url or None,
        )
        for s in specs
    ]


# --- downloading -------------------------------------------------------------------------------------
class NotTheFile(OSError):
    """The upstream address answered with a web page instead of the data file."""


def download(
    url: str,
    target_dir: Path,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    session: requests.Session | None = None,
    expect_html: bool = False,
) -> tuple[Path, str]:
    """Stream `url` into a temporary file in `target_dir`; return (temp path, sha256). Caller renames it.

    An HTML answer for a file that is not HTML (a landing page, a login or error page) is refused.
    """
    http = session or requests
    fd, tmp_name = tempfile.mkstemp(prefix=".fetch-", suffix=".part", dir=target_dir)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with (
            os.fdopen(fd, "wb") as out,
            http.get(url, stream=True, timeout=timeout, headers={"User-Agent": USER_AGENT}) as response,
        ):
            response.raise_for_status()
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "text/html" and not expect_html:
                raise NotTheFile(f"the address answered with an HTML page, not the file ({url})")
            for chunk in response.iter_content(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, digest.hexdigest()


def _describe(exc: OSError) -> str:
    if isinstance(exc, requests.Timeout):
        return f"timeout: {exc.__class__.__name__}"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason or ''}".strip()
    if isinstance(exc, NotTheFile):
        return str(exc)
    if not isinstance(exc, requests.RequestException):
        return f"cannot write: {exc}"
    if isinstance(exc, requests.ConnectionError):  # urllib3 nests the useful part deep in its message
        reason = re.search(r"\[Errno [^\]]+\] ([^'\")]+)", str(exc))
        return f"connection failed: {reason[1] if reason else exc.__class__.__name__}"
    return f"{exc.__class__.__name__}: {exc}"


def fetch_one(
    item: SourceFile,
    sources_dir: Path,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    session: requests.Session | None = None,
) -> FetchResult:
    """Download one file and install it, keep it as <name>.new, or report why not (see module doc)."""
    if not item.download_url:
        if item.upstream_url:
            return FetchResult(
                item.source_id,
                item.path,
                "manual",
                detail=f"download from {item.upstream_url} (landing page; see README)",
            )
        return FetchResult(item.source_id, item.path, "skipped", detail="no download_url or upstream_url")
    target = sources_dir / item.path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        html = target.suffix.lower() in {".html", ".htm"}
        tmp, new_hash = download(item.download_url, target.parent, timeout, session, expect_html=html)
    except OSError as exc:  # requests' errors are OSErrors too; so is an unwritable sources directory
        detail = _describe(exc) if isinstance(exc, NotTheFile) else f"{_describe(exc)} ({item.download_url})"
        return FetchResult(item.source_id, item.path, "failed", detail=detail)
    local_hash = sha256_file(target) if target.exists() else None
    pinned = item.sha256
    expected = pinned or local_hash
    if expected is not None and new_hash != expected:
        side = target.with_name(target.name + ".new")
        os.replace(tmp, side)
        why = "differs from the sha256 pinned in data/sources.toml" if pinned else "differs from local file"
        return FetchResult(
            item.source_id,
            item.path,
            "changed",
            new_hash,
            expected,
            detail=f"{why}; not installed, kept as {side.name} for review",
        )
    if local_hash == new_hash:
        tmp.unlink()
        return FetchResult(item.source_id, item.path, "unchanged", new_hash, local_hash)
    os.replace(tmp, target)
    if local_hash is None:
        detail = "" if pinned else "not pinned: add this sha256 to data/sources.toml"
        return FetchResult(item.source_id, item.path, "new", new_hash, None, detail=detail)
    return FetchResult(
        item.source_id,
        item.path,
        "repaired",
        new_hash,
        local_hash,
        detail="local file did not match its pin; replaced by the pinned download",
    )


def fetch(
    sources_dir: Path,
    data_dir: Path | None = None,
    only: Iterable[str] | None = None,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    log: Callable[[str], None] = print,
) -> list[FetchResult]:
    """Fetch every file of every source in data_dir/sources.toml (or only the given ids), one line each."""
    data_dir = Path(data_dir or config.DATA_DIR)
    items = load_source_files(data_dir)
    if only:
        wanted = set(only)
        unknown = wanted - {i.source_id for i in items}
        if unknown:
            raise Ict4dError(f"{data_dir / 'sources.toml'}: no source with id {', '.join(sorted(unknown))}")
        items = [i for i in items if i.source_id in wanted]
    results = []
    with requests.Session() as session:
        for n, item in enumerate(items, start=1):
            log(f"[{n}/{len(items)}] {item.source_id}: {item.download_url or '(no direct download)'}")
            result = fetch_one(item, sources_dir, timeout, session)
            log(f"  {result.line()}")
            results.append(result)
    return results


def summary(results: list[FetchResult]) -> str:
    """Counts per outcome, then the lines that need attention (changed, repaired, failed, manual)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    head = "fetch summary: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    attention = [r.line() for r in results if r.status in {"changed", "repaired", "failed", "manual"}]
    return "\n".join([head, *(f"  {line}" for line in attention)])
