"""akhbar's extraction layer: ``extract(html, url) -> Article``.

Pure: no network, no database. Bytes are decoded (BOM, ``<meta>``, detection),
the page is parsed once with selectolax's Lexbor backend, its canonical URL is
worked out, and the page goes to the scraper registered for its host or to the
generic extractor.
"""

from __future__ import annotations

if __name__ != "akhbar.scrapers":  # imported as a top-level package from a checkout
    raise ImportError("the scrapers/ folder is the package akhbar.scrapers: install akhbar "
                      "(pip install -e .) and import akhbar.scrapers")

import re

from . import sites as _sites  # noqa: F401  (registers the site scrapers)
from .decode import decode_page
from .generic import extract_generic
from .limits import no_cyclic_gc, parse_capped
from .page import Page, page_from_tree
from .record import Article, Comment, RelatedLink
from .registry import lookup, register, registered_hosts

__all__ = ["extract", "extract_page", "Article", "Comment", "RelatedLink", "Page",
           "register", "registered_hosts"]


# C0/C1 control characters (not tab/newline): page text is printed to terminals,
# and an ESC sequence copied from a hostile page must not reach one.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strip_controls(text: str | None) -> str | None:
    """``text`` without C0/C1 controls. A printable text has none (they are all
    non-printable), nor has a text that is printable once its newlines and tabs
    are gone: both tests are C loops, cheaper than the regular expression's
    scan, which then runs only on the rare text that may hold a control."""
    if not text or text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _CONTROLS.sub("", text)


def sanitize(article: Article) -> Article:
    """Remove control characters from every text field of the record, in place."""
    for name in ("url", "site", "headline", "source", "author", "published", "language",
                 "body", "comment_notice"):
        setattr(article, name, _strip_controls(getattr(article, name)))
    for comment in article.comments:
        comment.text = _strip_controls(comment.text) or ""
        comment.author = _strip_controls(comment.author)
        comment.published = _strip_controls(comment.published)
    for link in article.related:
        link.title = _strip_controls(link.title) or ""
        link.url = _strip_controls(link.url) or ""
    return article


def extract_page(page: Page) -> Article:
    """Run the site scraper for the page's host, or the generic extractor."""
    func = lookup(page.site) or extract_generic
    article = func(page)
    article.url = article.url or page.url
    article.site = article.site or page.site
    return sanitize(article)


def extract(html: str | bytes, url: str | None = None, *, http_charset: str | None = None) -> Article:
    """Extract the article record from one page.

    ``html`` may be bytes (decoded as a browser would) or text. ``url`` is where
    the page came from; the page's own canonical link takes precedence for the
    record's ``url``. Oversized and absurdly nested pages are cut down first
    (``limits.py``); ``limits.bounded_extract`` adds a time budget and says
    what was cut.
    """
    with no_cyclic_gc():
        text, encoded = (decode_page(html, http_charset) if isinstance(html, (bytes, bytearray))
                         else (html, None))
        text, tree, _ = parse_capped(text, encoded=encoded)
        return extract_page(page_from_tree(text, tree, url))
