"""The meta tags of the page shell (title, description, the address a shared link previews), made from
the page registry and configuration, never from the request.

Why: Dash writes `twitter:url` from the request's own address, so `Host: evil.example` (or a forwarded
host header) would put an attacker's address into every shared preview of a cached page. The public
base address comes from $ICT4D_PUBLIC_URL (`https://ict4d.example.org`); without it no absolute
address is written at all.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping

from etl.core.errors import Ict4dError

PUBLIC_URL_ENV = "ICT4D_PUBLIC_URL"
_BASE = re.compile(r"^https?://[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*)?$")
_PATH = re.compile(r"^/[A-Za-z0-9_\-/]{0,120}$")


def public_url(env: Mapping[str, str] | None = None) -> str | None:
    """The configured public base address without its trailing slash, None when not set; a malformed
    one is a one-line error at start-up (never a silent fallback to the request's host)."""
    env = os.environ if env is None else env
    value = env.get(PUBLIC_URL_ENV, "").strip()
    if not value:
        return None
    if not _BASE.match(value):
        raise Ict4dError(
            f"${PUBLIC_URL_ENV} must be an http(s) address such as https://ict4d.example.org, "
            f"got {value[:80]!r}"
        )
    return value.rstrip("/")


def _page_of(path: str, pages: Iterable[Mapping[str, object]]) -> Mapping[str, object] | None:
    pages = list(pages)
    for page in pages:
        if page.get("path") == path:
            return page
    for page in pages:  # a templated path such as /country/<iso3>
        template = str(page.get("path_template") or "")
        if template and path.startswith(template.split("<", 1)[0]) and "<" in template:
            return page
    return None


def page_meta(path: str, pages: Iterable[Mapping[str, object]], app_title: str, base: str | None) -> str:
    """The meta tags of the page at `path`, as HTML: title and description from the page registry, and
    the preview address `base` + the page's path only when a public base address is configured."""
    page = _page_of(path, pages) or {}
    title = page.get("title", app_title)
    title = title() if callable(title) else title
    description = page.get("description") or ""
    description = description() if callable(description) else description
    tags = [
        ("name", "description", description),
        ("property", "twitter:card", "summary"),
        ("property", "twitter:title", title),
        ("property", "twitter:description", description),
        ("property", "og:title", title),
        ("property", "og:type", "website"),
        ("property", "og:description", description),
    ]
    if base:
        shown = path if _PATH.match(path) else str(page.get("path") or "/")
        tags += [("property", "og:url", base + shown), ("property", "twitter:url", base + shown)]
    return "\n      ".join(
        f'<meta {kind}="{html.escape(str(key))}" content="{html.escape(str(value or ""))}">'
        for kind, key, value in tags
    )
