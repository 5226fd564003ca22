"""Which URLs belong to the crawl: the start site, and nothing else.

"The same site" is the start URL's host, with or without ``www.`` and on the
same port, plus any host the start URL itself redirected to (a site moving
``http://x.com`` to ``https://www.x.com`` is still the same site). Never
anything but http(s).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..urls import is_http_url


def site_key(url: str) -> str:
    """``host[:port]`` without ``www.``: the identity of a site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    port = parts.port
    if port and port not in (80, 443):
        return f"{host}:{port}"
    return host


class Scope:
    def __init__(self, start_urls: list[str]):
        self.sites: set[str] = {site_key(u) for u in start_urls if is_http_url(u)}

    def add(self, url: str) -> None:
        if is_http_url(url):
            self.sites.add(site_key(url))

    def contains(self, url: str) -> bool:
        return is_http_url(url) and site_key(url) in self.sites
