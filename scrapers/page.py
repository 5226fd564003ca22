"""The parsed page handed to every extractor.

Parsing happens once, here; site scrapers and the generic extractor receive a
``Page`` and never parse or decode themselves. ``url`` is the normalised
canonical URL (the archive's key); ``base_url`` is what relative links resolve
against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
    return match.group(1) if match and is_http_url(match.group(1)) else None


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
    origin = given if is_http_url(given) else saved_from_url(html)
    base_node = tree.css_first("base[href]")
    base = absolute(origin, base_node.attributes.get("href")) if base_node else None
    base = base or origin
    for selector in ('link[rel="canonical"]', 'meta[property="og:url"]', 'meta[name="og:url"]'):
        candidate = absolute(base, _meta_content(tree, selector))
        if candidate:
            return normalize_url(candidate), base or candidate
    if origin:
        return normalize_url(origin), base
    return None, base


def parse_page(html: str, url: str | None = None) -> Page:
    tree = LexborHTMLParser(html)
    canonical, base = canonical_url(tree, html, url)
    return Page(html=html, tree=tree, url=canonical, base_url=base)
