"""Where does a link go? The URL tests of the related stage, once per href.

A candidate related link must point to another article of the same site:
``absolute`` + ``normalize_url`` give its URL, then it must be on the page's
site, not the page itself and article-like. urllib does that in some twenty
microseconds per href, more than all the structural tests of the stage, so
``LinkTargets`` takes a shortcut for the two shapes most hrefs have, an
absolute ``http(s)://host/path`` and a root-relative ``/path`` (with no
query, port, user, parameters or dot segments): for them the result of
urllib's steps is written down directly (see ``_simple``); every other href
goes through urllib.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from ...page import Page
from ...urls import TRACKING_PARAMS, absolute, host_of, normalize_url

_NON_ARTICLE_PATH = re.compile(
    r"^/(?:tags?|category|categories|categorie|rubrique|section|author|auteur|users?|"
    r"page|search|recherche|login|register|contact|about|feed|rss|xml|wp-admin|wp-login|"
    r"cdn-cgi)(?:/|$|\.)", re.IGNORECASE)
_FILE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js)$",
                        re.IGNORECASE)
_FILE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "svg", "pdf", "mp3", "mp4", "zip",
                              "xml", "rss", "css", "js"})
_DIGITS = re.compile(r"\d{3,}")
_ID_PARAM = re.compile(r"(?:^|&)(?:[^=&]*id[^=&]*|p|article|story|news)=\d+(?:&|$)"
                       r"|(?:^|&)[^=&]+=\d{3,}(?:&|$)", re.IGNORECASE)  # ?id=12, ?idx=8576

# Path characters the shortcut takes: none that urllib splits on or strips
# (``?``, ``#``, ``;``, ``:``, ``\``, controls, space).
_PATH_CHARS = r"[^\x00-\x20\x7f?#;:\\]"
# ``key=value&...`` with only the characters ``parse_qsl`` does not decode and
# ``urlencode`` does not quote, every pair with its one ``=``.
_QUERY_WORD = r"[A-Za-z0-9_.~-]"
_SIMPLE_QUERY = rf"{_QUERY_WORD}+={_QUERY_WORD}*(?:&{_QUERY_WORD}+={_QUERY_WORD}*)*"
# ``http(s)://host/path?query#fragment``: an ASCII host name, no user, no port.
_SIMPLE_ABSOLUTE = re.compile(
    rf"(https?)://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(/{_PATH_CHARS}*)?"
    rf"(?:\?({_SIMPLE_QUERY}))?(?:#.*)?")
# ``http(s)://host`` or ``//host`` at the start of an href, ended by ``/``, ``?``,
# ``#`` or the end (see ``LinkTargets._elsewhere``).
_HOST_PREFIX = re.compile(r"(?:https?:)?//([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)\.?(?=[/?#]|\Z)")
# ``/path?query#fragment`` (not ``//host``).
_SIMPLE_ROOTED = re.compile(rf"(/(?!/){_PATH_CHARS}*)(?:\?({_SIMPLE_QUERY}))?(?:#.*)?")


def is_article_like(url: str) -> bool:
    """A URL that names one article: a slug or an id in the path, not a section or file."""
    parts = urlsplit(url)
    return _article_like(parts.path, parts.query)


def _article_like(path: str, query: str) -> bool:
    if path in ("", "/") or _NON_ARTICLE_PATH.match(path) or _is_file_path(path):
        return False
    if _DIGITS.search(path):  # the usual article URL: an id or a date
        return True
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    # ``_SLUG.fullmatch(last)`` (``last`` has no "/"), without its backtracking.
    slug = last.count("-") + last.count("_") >= 2
    return bool(slug or (len(segments) >= 2 and len(last) >= 12) or
                (query and _ID_PARAM.search(query)))  # it needs an "="


def _is_file_path(path: str) -> bool:
    """``_FILE_PATH.search(path)``: the text after the last dot is a file
    extension. Paths of URLs have no newline for ``$`` to stop before; for a
    non-ASCII path the expression itself decides (``re.IGNORECASE`` folds a
    few non-ASCII letters, such as the long s, onto ASCII ones)."""
    if not path.isascii():
        return _FILE_PATH.search(path) is not None
    head, dot, extension = path.rpartition(".")
    return bool(dot) and extension.lower() in _FILE_EXTENSIONS


def same_site(host: str | None, page_host: str | None) -> bool:
    if not host or not page_host:
        return False
    a, b = host.removeprefix("www."), page_host.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def same_document(url: str, page_url: str | None) -> bool:
    """The page itself, also with added share/print parameters (``?share=facebook``).

    Parameters the page's own URL has must keep their values: on ``?id=12``
    CMSs they are what names the article.
    """
    if not page_url:
        return False
    a, b = urlsplit(url), urlsplit(page_url)
    if (a.netloc.removeprefix("www."), a.path.rstrip("/")) != \
            (b.netloc.removeprefix("www."), b.path.rstrip("/")):
        return False
    link_params = dict(parse_qsl(a.query, keep_blank_values=True))
    return all(link_params.get(k) == v for k, v in parse_qsl(b.query, keep_blank_values=True))


class LinkTargets:
    """The normalised URL of each href of one page if it names another article
    of the same site, else None; worked out once per href (a teaser's
    thumbnail and its headline share one)."""

    def __init__(self, page: Page) -> None:
        self._base = page.base_url
        self._page_url = page.url
        self._host = host_of(page.url) or host_of(page.base_url)
        self._by_href: dict[str | None, str | None] = {}
        self._root: tuple[str, str] | None | bool = False  # not worked out yet
        if page.url:
            own = urlsplit(page.url)
            self._page_key: tuple[str, str] | None = (own.netloc.removeprefix("www."),
                                                      own.path.rstrip("/"))
            self._page_params = parse_qsl(own.query, keep_blank_values=True)
        else:
            self._page_key = None
            self._page_params = []

    def other_article(self, href: str | None) -> str | None:
        try:
            return self._by_href[href]
        except KeyError:
            url = self._by_href[href] = self._other_article(href)
            return url

    def _other_article(self, href: str | None) -> str | None:
        simple = self._simple(href) if href else None
        if simple is None:
            if href and self._elsewhere(href):
                return None
            return self._other_article_by_urllib(href)
        if not simple:  # resolves to another site or to no http(s) URL
            return None
        url, netloc, path, params = simple
        # ``same_document`` and ``is_article_like`` on the parts of ``url``.
        if self._page_key == (netloc.removeprefix("www."), path.rstrip("/")):
            link_params = dict(params)
            if all(link_params.get(k) == v for k, v in self._page_params):
                return None
        query = "&".join([f"{k}={v}" for k, v in params]) if params else ""
        return url if _article_like(path, query) else None

    def _elsewhere(self, href: str) -> bool:
        """The href names its host (``http(s)://host`` or ``//host``, then
        ``/``, ``?``, ``#`` or the end) and that host is another site: what
        urllib would conclude, without it. Share buttons (``?u=https%3A...``),
        archive links and embeds miss the shortcut of ``_simple`` on their
        query or path, but their host alone decides: ``urljoin`` keeps an
        absolute href's host and gives a scheme-relative one the base's
        http(s) scheme, and ``host_of`` lower-cases it and drops a final dot.
        No user, port, backslash or control character gets past the pattern,
        so the host is the one urllib reads."""
        match = _HOST_PREFIX.match(href.strip())
        return match is not None and not same_site(match.group(1).lower(), self._host)

    def _other_article_by_urllib(self, href: str | None) -> str | None:
        url = absolute(self._base, href)
        if not url or not same_site(host_of(url), self._host):
            return None
        url = normalize_url(url)
        if same_document(url, self._page_url) or not is_article_like(url):
            return None
        return url

    def _simple(self, href: str) -> tuple[str, str, str, list[tuple[str, str]]] | tuple[()] | None:
        """(normalised URL, its netloc, path and query pairs) of a simple href;
        ``()`` if it resolves to another site or to no http(s) URL; None if it
        is not simple.

        What urllib does with them (Python 3.11 ``urljoin``/``urlsplit``):
        ``absolute`` strips the href; an absolute one keeps scheme, host, path
        and query (``urljoin`` rebuilds it from its own parts or returns it as
        is); a root-relative one takes the base's scheme and netloc and keeps
        its path and query (no dot segments to resolve). ``normalize_url``
        then lower-cases the host, drops the fragment and tracking parameters,
        writes an empty path as ``/`` and re-encodes the other parameters,
        which for these characters gives them back unchanged. So a rooted path
        resolves like ``/`` with the path appended.
        """
        text = href.strip()
        match = _SIMPLE_ABSOLUTE.fullmatch(text)
        if match:
            host = match.group(2).lower()
            if not same_site(host, self._host):
                return ()
            prefix, netloc, path, query = f"{match.group(1)}://{host}", host, match.group(3), \
                match.group(4)
        else:
            match = _SIMPLE_ROOTED.fullmatch(text)
            if not match or "/." in match.group(1):
                return None
            root = self._root_prefix()
            if root is None:
                return ()
            (prefix, netloc), path, query = root, match.group(1), match.group(2)
        path = path or "/"
        params = []
        if query:
            params = [(k, v) for k, _, v in (pair.partition("=") for pair in query.split("&"))
                      if not TRACKING_PARAMS.match(k)]
        url = prefix + path
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params)
        return url, netloc, path, params

    def _root_prefix(self) -> tuple[str, str] | None:
        """``scheme://netloc`` of what ``/`` resolves to, and that netloc; None
        if that is no http(s) URL of the page's site."""
        if self._root is False:
            url = absolute(self._base, "/")
            if not url or not same_site(host_of(url), self._host):
                self._root = None
            else:
                url = normalize_url(url)
                self._root = (url[:-1], urlsplit(url).netloc)
        return self._root  # type: ignore[return-value]
