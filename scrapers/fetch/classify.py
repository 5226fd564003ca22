"""Is a URL an article, a listing, a feed, or not worth fetching? A guess from its shape.

Used only to decide what to fetch and in which order; the final word on an
"unknown" page comes after fetching it (a long extracted body means article).
Signals are structural, not site-specific: an id or date in the path, a long
slug, pagination, path depth. A site can override them with ``hints.py``.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .hints import hints_for
from .paging import is_comment_page

ARTICLE, LISTING, FEED, SKIP, UNKNOWN = "article", "listing", "feed", "skip", "unknown"

_NOT_PAGES = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|avif|pdf|docx?|xlsx?|pptx?|odt|zip|rar|7z|gz|tgz|"
    r"bz2|xz|tar|exe|dmg|apk|msi|mp3|mp4|m4a|m4v|ogg|oga|ogv|wav|webm|avi|mov|wmv|flv|mkv|css|js|"
    r"json|woff2?|ttf|eot|otf|swf|txt|csv|ics|vcf)$", re.IGNORECASE)
_FEED_PATH = re.compile(r"(/feed/?|/rss/?|/atom/?|\.rss|\.atom|/rss\.xml|/atom\.xml|/feed\.xml|"
                        r"/index\.xml)$", re.IGNORECASE)
_NO_CRAWL = re.compile(r"/(wp-admin|wp-login|login|logout|signin|signup|register|cart|checkout|"
                       r"search|cgi-bin|xmlrpc\.php)\b|[?&](replytocom|share|print|action|"
                       r"output|lang|sort|orderby|s|q|query|search)=", re.IGNORECASE)
_PAGINATION = re.compile(r"(/page/\d+/?$|[?&](page|paged|pg|start|offset)=\d+)", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|$)")
_ID_IN_SEGMENT = re.compile(r"(^|[^0-9])\d{4,}([^0-9]|$)")
_ID_QUERY = re.compile(r"[?&](id|idx|no|seq|article|story|news|nid|aid|post|p|newsid|news_id|"
                       r"articleid|article_id|itemid|item_id)=\d+", re.IGNORECASE)
_LISTING_WORDS = re.compile(r"^(category|categories|section|sections|tag|tags|topic|topics|"
                            r"archive|archives|rubrique|author|authors|news|latest|more)$",
                            re.IGNORECASE)


_TAXONOMY = re.compile(r"^(tag|tags|category|categories|topic|topics|author|authors|label|labels|"
                       r"rubrique|rubriques|section|sections|theme|themes)$", re.IGNORECASE)


def is_taxonomy_url(url: str) -> bool:
    """A tag, category, author or section page (``/tag/…``, ``/category/…``): never a story."""
    segments = _segments(urlsplit(url).path)
    return any(_TAXONOMY.match(s) for s in segments[:-1])


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def classify_url(url: str) -> str:
    """ARTICLE, LISTING, FEED, SKIP or UNKNOWN for an absolute http(s) URL."""
    parts = urlsplit(url)
    path = parts.path or "/"
    target = path + (f"?{parts.query}" if parts.query else "")
    hints = hints_for(parts.hostname)
    if hints:
        for kind in ("ignore", "article", "listing"):
            if any(p.search(target) for p in hints.patterns(kind)):
                return SKIP if kind == "ignore" else kind
    if _NOT_PAGES.search(path):
        return SKIP
    if _FEED_PATH.search(path):
        return FEED
    if _NO_CRAWL.search(target) or is_comment_page(url):
        return SKIP  # comment pages are read with their article, never on their own
    return _guess_by_shape(path, parts.query)


def _guess_by_shape(path: str, query: str) -> str:
    segments = _segments(path)
    if query and _ID_QUERY.search("?" + query):
        return ARTICLE  # an item id outweighs a page number (``view.html?idx=12&page=1``)
    if _PAGINATION.search(path + ("?" + query if query else "")):
        return LISTING
    if not segments:
        return LISTING
    page = re.search(r"\.(html?|php|aspx?|jsp|shtml)$", segments[-1], flags=re.IGNORECASE)
    last = re.sub(r"\.(html?|php|aspx?|jsp|shtml)$", "", segments[-1], flags=re.IGNORECASE)
    if _ID_IN_SEGMENT.search(last) or (_DATE_PATH.search(path) and len(last) > 12):
        return ARTICLE
    if len(re.findall(r"[-_]", last)) >= 3 and len(last) >= 20:
        return ARTICLE
    if any(_LISTING_WORDS.match(s) for s in segments[:-1]) or (
            len(segments) == 1 and _LISTING_WORDS.match(last)):
        return LISTING
    if len(segments) == 1 and len(last) < 20 and not re.search(r"\d", last) \
            and not (page and "-" in last):  # /sport, /economie/; not /dieta-atkinsa.html
        return LISTING
    return UNKNOWN


_DIGITS = re.compile(r"\d+")


def url_shape(url: str) -> str:
    """A URL with its numbers blanked: ``/news/12.html`` → ``/news/N.html``. Pages of one
    site whose URLs share a shape are usually the same kind of page."""
    parts = urlsplit(url)
    return _DIGITS.sub("N", (parts.path or "/") + ("?" + parts.query if parts.query else ""))
