"""Is a link the next page of the page it is on, or a further page of its comments?

Both are the same page continued, not a new hop: a listing's ``/page/3/`` or
``?start=20`` does not use up crawl depth, and an article's
``/comment-page-2/`` or ``?cpage=2`` is read together with the article
(its comments merged into the article's record), never stored on its own.
Structural rules only: strip a trailing page marker from both URLs and
compare what is left.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_PAGE_PATH = re.compile(r"/(page|pages|seite|pagina)/\d+/?$", re.IGNORECASE)
_PAGE_KEYS = frozenset({"page", "paged", "pg", "start", "offset", "from", "pagenum", "pn",
                        "npage", "debut", "limitstart"})
_COMMENT_PATH = re.compile(r"/comment-page-\d+/?$", re.IGNORECASE)
_COMMENT_KEYS = frozenset({"cpage", "comment-page", "comment_page", "comments_page",
                           "commentpage", "comments-page", "cp"})


def _split_query(query: str, keys: frozenset[str]) -> tuple[str, bool]:
    """The query without its page parameters, and whether it had one with a number."""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not (k.lower() in keys and v.isdigit())]
    return urlencode(kept), len(kept) != len(pairs)


@functools.lru_cache(maxsize=16384)
def _stem(url: str, path_marker: re.Pattern[str], keys: frozenset[str]) -> tuple[str, bool]:
    """The URL without a trailing page marker (path or query), and whether it had one."""
    parts = urlsplit(url)
    path = parts.path or "/"
    stripped = path_marker.sub("/", path)
    query, in_query = _split_query(parts.query, keys)
    marked = stripped != path or in_query
    return urlunsplit((parts.scheme, parts.netloc.lower(), stripped.rstrip("/") or "/", query, "")), marked


def is_pagination_of(link: str, page: str) -> bool:
    """``link`` is another page of the same listing as ``page`` (and carries a page marker)."""
    if link == page:
        return False
    stem, marked = _stem(link, _PAGE_PATH, _PAGE_KEYS)
    if not marked:
        return False
    return stem == _stem(page, _PAGE_PATH, _PAGE_KEYS)[0]


def is_comment_page_of(link: str, page: str) -> bool:
    """``link`` shows more comments of the article at ``page``."""
    if link == page:
        return False
    stem, marked = _stem(link, _COMMENT_PATH, _COMMENT_KEYS)
    if not marked:
        return False
    return stem == _stem(page, _COMMENT_PATH, _COMMENT_KEYS)[0]


def is_comment_page(url: str) -> bool:
    """A page of comments continued from an article (never an article of its own)."""
    return _stem(url, _COMMENT_PATH, _COMMENT_KEYS)[1]
