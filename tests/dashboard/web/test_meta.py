"""The page shell's meta tags: the public address from configuration, never from the request's Host."""

from __future__ import annotations

import re

import pytest

from dashboard.web import meta
from etl.core.errors import Ict4dError

HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def metas(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))


@pytest.mark.parametrize("path", ["/", "/explorer?indicator=internet_use_share", "/country/KEN", "/nowhere"])
def test_a_hostile_host_never_reaches_the_meta_tags(app, path):
    r = app.server.test_client().get(path, headers=HOSTILE)
    assert r.status_code == (
        404 if path == "/nowhere" else 200
    )  # an address that is no page: 404, same shell
    page = r.get_data(as_text=True)
    assert "evil.example" not in page
    assert "og:url" not in metas(page) and "twitter:url" not in metas(page), "no base address configured"
    assert "ict4d" in metas(page)["og:title"]


def test_the_configured_public_address_is_used(app, monkeypatch):
    monkeypatch.setattr(
        app, "public_url", meta.public_url({meta.PUBLIC_URL_ENV: "https://ict4d.example.org/"})
    )
    page = app.server.test_client().get("/gender?year=2022", headers=HOSTILE).get_data(as_text=True)
    tags = metas(page)
    assert tags["og:url"] == tags["twitter:url"] == "https://ict4d.example.org/gender"
    assert "evil.example" not in page
    odd = app.server.test_client().get('/country/"><script>', headers=HOSTILE).get_data(as_text=True)
    assert metas(odd)["og:url"] == "https://ict4d.example.org/country" and '"><script>' not in odd


@pytest.mark.parametrize(
    "value", ["evil.example", "javascript:alert(1)", "https://a.example/?x=1", "ftp://x"]
)
def test_a_malformed_public_address_is_a_one_line_error(value):
    with pytest.raises(Ict4dError, match=meta.PUBLIC_URL_ENV):
        meta.public_url({meta.PUBLIC_URL_ENV: value})
