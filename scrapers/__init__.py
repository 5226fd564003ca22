"""akhbar's extraction layer: ``extract(html, url) -> Article``.

Pure: no network, no database. Bytes are decoded (BOM, ``<meta>``, detection),
the page is parsed once with selectolax's Lexbor backend, its canonical URL is
worked out, and the page goes to the scraper registered for its host or to the
generic extractor.
"""
from __future__ import annotations

from .decode import decode_html
from .page import Page, parse_page
from .record import Article, Comment, RelatedLink
from .registry import lookup, register, registered_hosts
from . import sites as _sites  # noqa: F401  (registers the site scrapers)
from .generic import extract_generic

__all__ = ["extract", "extract_page", "Article", "Comment", "RelatedLink", "Page",
           "register", "registered_hosts"]


def extract_page(page: Page) -> Article:
    """Run the site scraper for the page's host, or the generic extractor."""
    func = lookup(page.site) or extract_generic
    article = func(page)
    article.url = article.url or page.url
    article.site = article.site or page.site
    return article


def extract(html: str | bytes, url: str | None = None, *, http_charset: str | None = None) -> Article:
    """Extract the article record from one page.

    ``html`` may be bytes (decoded as a browser would) or text. ``url`` is where
    the page came from; the page's own canonical link takes precedence for the
    record's ``url``.
    """
    text = decode_html(html, http_charset) if isinstance(html, (bytes, bytearray)) else html
    return extract_page(parse_page(text, url))
