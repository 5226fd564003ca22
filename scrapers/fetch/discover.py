"""Links out of an HTML page: feeds it advertises and same-site pages it links to.

Pure: bytes in, URLs out. Feeds come from ``<link rel="alternate">`` with an
RSS/Atom type (autodiscovery); page links from ``<a href>``, resolved against
``<base href>``, normalised and stripped of fragments. Only http(s) URLs come
out; keeping to the start site is the crawler's job (``scope.py``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from ..decode import decode_html
from ..limits import prepare
from ..urls import absolute, normalize_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/feed+xml", "text/xml", "application/xml")
_NOFOLLOW_REL = frozenset({"nofollow", "ugc", "sponsored", "external", "license", "author"})


@dataclass
class PageLinks:
    feeds: list[str]
    links: list[str]
    next: list[str] = field(default_factory=list)  # ``rel="next"``: the page continued


def page_links(data: bytes | str, url: str, http_charset: str | None = None) -> PageLinks:
    """Feeds and outgoing links of one page, in document order, deduplicated."""
    text = decode_html(data, http_charset) if isinstance(data, bytes) else data
    text, _notes = prepare(text)  # size and depth caps: a hostile listing cannot stall the run
    return links_of_tree(LexborHTMLParser(text), url)


def links_of_tree(tree: LexborHTMLParser, url: str) -> PageLinks:
    """``page_links`` of an already parsed page."""
    base_node = tree.css_first("base[href]")
    base = absolute(url, base_node.attributes.get("href")) if base_node else None
    base = base or url
    feeds: list[str] = []
    for node in tree.css('link[rel~="alternate"][href]'):
        kind = (node.attributes.get("type") or "").lower().strip()
        if kind in FEED_TYPES:
            _add(feeds, base, node.attributes.get("href"))
    links: list[str] = []
    for node in tree.css("a[href], area[href]"):
        rel = set((node.attributes.get("rel") or "").lower().split())
        if rel & _NOFOLLOW_REL or node.attributes.get("download") is not None:
            continue
        _add(links, base, node.attributes.get("href"))
    following: list[str] = []
    for node in tree.css('a[rel~="next"][href], link[rel~="next"][href]'):
        _add(following, base, node.attributes.get("href"))
    return PageLinks(_unique(feeds), _unique(links), _unique(following))


def _add(bucket: list[str], base: str, href: str | None) -> None:
    url = _resolve(base, href) if href else None
    if url:
        bucket.append(url)


@functools.lru_cache(maxsize=16384)
def _resolve(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base`` and normalised (None unless http(s))."""
    url = absolute(base, href)
    return normalize_url(url) if url else None


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))
