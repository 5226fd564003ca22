"""The parsed page handed to every extractor.

Parsing happens once, here; site scrapers and the generic extractor receive a
``Page`` and never parse or decode themselves. ``url`` is the normalised
canonical URL (the archive's key); ``base_url`` is what relative links resolve
against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .urls import absolute, host_of, is_http_url, normalize_url

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)


@dataclass
class Page:
    html: str
    tree: LexborHTMLParser
    url: str | None
    base_url: str | None

    @property
    def site(self) -> str | None:
        return host_of(self.url)


def saved_from_url(html: str) -> str | None:
    """The URL in a browser "Save Page As" marker (``<!-- saved from url=(0042)… -->``)."""
    match = _SAVED_FROM.search(html[:4096])
    return match.group(1) if match and _usable(match.group(1)) else None


def _meta_content(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = node.attributes.get("content") or node.attributes.get("href")
    return value.strip() if value else None


def canonical_url(tree: LexborHTMLParser, html: str, given: str | None) -> tuple[str | None, str | None]:
    """Return (canonical URL, base URL).

    Precedence: ``<link rel=canonical>``, ``og:url``, the URL the caller gave
    (``--url`` or the fetched URL), the saved-from marker. Relative canonicals
    resolve against the caller's URL.
    """
    origin = given if _usable(given) else saved_from_url(html)
    origin = origin if _usable(origin) else None
    base_node = tree.css_first("base[href]")
    base = _resolve(origin, base_node.attributes.get("href")) if base_node else None
    base = base or origin
    for selector in ('link[rel="canonical"]', 'meta[property="og:url"]', 'meta[name="og:url"]'):
        candidate = _resolve(base, _meta_content(tree, selector))
        if candidate:
            return normalize_url(candidate), base or candidate
    if origin:
        return normalize_url(origin), base
    return None, base


def _usable(url: str | None) -> bool:
    """An http(s) URL that ``normalize_url`` can take (a hostile page's URLs may not be)."""
    try:
        if not is_http_url(url):
            return False
        parts = urlsplit(url.strip())  # type: ignore[union-attr]
        parts.port  # noqa: B018 - raises ValueError on a port like ":99999" or ":x"
        return bool(parts.hostname)
    except ValueError:  # bad IPv6 brackets, bad port
        return False


def _resolve(base: str | None, href: str | None) -> str | None:
    """``absolute`` that treats an unparsable URL as no URL."""
    try:
        joined = absolute(base, href)
    except ValueError:
        return None
    return joined if _usable(joined) else None


def parse_page(html: str, url: str | None = None) -> Page:
    """Parse ``html`` as it is (no size or depth caps: see ``limits.parse_capped``)."""
    return page_from_tree(html, LexborHTMLParser(html), url)


def page_from_tree(html: str, tree: LexborHTMLParser, url: str | None = None) -> Page:
    """The ``Page`` for an already parsed tree: works out its canonical and base URLs."""
    canonical, base = canonical_url(tree, html, url)
    return Page(html=html, tree=tree, url=canonical, base_url=base)
