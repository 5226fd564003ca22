"""Related / "more news" link blocks on any page, found by structure.

A related block is a *list of headlines*: several links, in one container, whose
anchors read like headlines (several words), pointing to article-like URLs on
the same site, with little text in the container besides those links. Menus
fail the headline test (one or two words per link), article bodies fail the
link-density test (mostly prose), and page chrome (``nav``, the page-level
``header``/``footer``) is never read.

Precision over recall: a wrong related link pollutes the archive's link graph,
a missed one costs little. So a block must also be *marked* as secondary
content: inside ``aside``/``role=complementary``, or a class/id naming related,
more, latest... content (template vocabulary, the same in every language), or
introduced by its own heading. The body stage leaves these blocks out
(``related_blocks`` gives it the nodes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from selectolax.lexbor import LexborNode

from ..page import Page
from ..record import RelatedLink
from ..text import clean
from ..urls import absolute, host_of, normalize_url

MIN_LINKS = 3            # fewer than this is a link, not a list
MIN_WORDS = 4            # a headline has several words; a menu item one or two
MIN_CHARS = 20
MAX_WORDS = 40           # longer anchors are sentences of prose, not headlines
MIN_LINK_DENSITY = 0.6   # share of the block's text that is link text
MAX_CLIMB = 6            # ancestors examined above each link

_MARKER = re.compile(
    r"related|relat|more|also|similar|recommend|read-?next|next-?read|suggest|latest|"
    r"recent|other|popular|trending|most|further|see-?also|more-?news|news-?list|"
    r"article-?list|post-?list|headlines",
    re.IGNORECASE)
_CHROME = "nav, [role=navigation], form, menu"
_NON_ARTICLE_PATH = re.compile(
    r"^/(?:tags?|category|categories|categorie|rubrique|section|author|auteur|users?|"
    r"page|search|recherche|login|register|contact|about|feed|rss|xml|wp-admin|wp-login|"
    r"cdn-cgi)(?:/|$|\.)", re.IGNORECASE)
_FILE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js)$",
                        re.IGNORECASE)
_DIGITS = re.compile(r"\d{3,}")
_SLUG = re.compile(r"[^/]*[-_][^/]*[-_][^/]*")  # a segment with two or more separators
_ID_PARAM = re.compile(r"(?:^|&)(?:[^=&]*id[^=&]*|p|article|story|news)=\d+(?:&|$)"
                       r"|(?:^|&)[^=&]+=\d{3,}(?:&|$)", re.IGNORECASE)  # ?id=12, ?idx=8576
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class _Link:
    url: str
    title: str
    node: LexborNode


def _same_site(host: str | None, page_host: str | None) -> bool:
    if not host or not page_host:
        return False
    a, b = host.removeprefix("www."), page_host.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def is_article_like(url: str) -> bool:
    """A URL that names one article: a slug or an id in the path, not a section or file."""
    parts = urlsplit(url)
    path = parts.path
    if path in ("", "/") or _NON_ARTICLE_PATH.match(path) or _FILE_PATH.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    return bool(_DIGITS.search(path) or _SLUG.fullmatch(last) or
                (len(segments) >= 2 and len(last) >= 12) or _ID_PARAM.search(parts.query))


def is_headline_like(text: str) -> bool:
    words = text.split()
    return MIN_WORDS <= len(words) <= MAX_WORDS and len(text) >= MIN_CHARS


def _in_chrome(node: LexborNode, chrome: set[int]) -> bool:
    up = node
    while up is not None:
        if up.mem_id in chrome:
            return True
        up = up.parent
    return False


def _page_chrome(page: Page) -> set[int]:
    """Navigation and forms anywhere; ``header``/``footer`` only at page level."""
    body = page.tree.body
    if body is None:
        return set()
    chrome = {n.mem_id for n in body.css(_CHROME)}
    for node in body.css("header, footer, [role=banner], [role=contentinfo]"):
        up, inside_content = node.parent, False
        while up is not None:
            if up.tag in ("article", "main"):
                inside_content = True
                break
            up = up.parent
        if not inside_content:
            chrome.add(node.mem_id)
    return chrome


def _same_document(url: str, page_url: str | None) -> bool:
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


def anchor_title(a: LexborNode) -> str:
    """The headline an anchor shows: its heading element if it wraps one (teaser
    cards put counters, kickers and dates beside it), else all its text, words
    kept apart across elements; the ``title`` attribute for image-only links."""
    heading = a.css_first("h1, h2, h3, h4, h5, h6, [class*=title i], [class*=headline i]")
    if heading is not None and clean(heading.text(separator=" ")):
        return clean(heading.text(separator=" "))
    return clean(a.text(separator=" ")) or clean(a.attributes.get("title"))


def _candidate_links(page: Page) -> list[_Link]:
    body = page.tree.body
    if body is None or not page.base_url:
        return []
    chrome = _page_chrome(page)
    page_host = host_of(page.url) or host_of(page.base_url)
    links = []
    for a in body.css("a[href]"):
        url = absolute(page.base_url, a.attributes.get("href"))
        if not url or not _same_site(host_of(url), page_host):
            continue
        url = normalize_url(url)
        title = anchor_title(a)
        if _same_document(url, page.url) or not is_article_like(url) or not is_headline_like(title):
            continue
        if not _in_chrome(a, chrome):
            links.append(_Link(url, title, a))
    return links


def _has_marker(node: LexborNode) -> bool:
    if node.tag == "aside" or node.attributes.get("role") == "complementary":
        return True
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return bool(_MARKER.search(names))


def _has_own_heading(node: LexborNode) -> bool:
    """A heading before the first link: the block introduces itself ("More news")."""
    for child in node.traverse(include_text=False):
        if child.mem_id == node.mem_id:
            continue
        if child.tag == "a":
            return False
        if child.tag in _HEADINGS or "title" in (child.attributes.get("class") or "").lower():
            return bool(clean(child.text())) and child.css_first("a[href]") is None
    return False


def _link_density(node: LexborNode) -> float:
    total = len(clean(node.text()))
    if not total:
        return 0.0
    linked = sum(len(clean(a.text())) for a in node.css("a"))
    return linked / total


def related_blocks(page: Page) -> list[LexborNode]:
    """Containers judged to be related/more-news lists (outermost, none nested in another)."""
    return _blocks_of(_candidate_links(page))


def _blocks_of(links: list[_Link]) -> list[LexborNode]:
    counts: dict[int, tuple[LexborNode, set[str]]] = {}
    for link in links:
        up, depth = link.node.parent, 0
        while up is not None and depth < MAX_CLIMB and up.tag not in ("body", "html", "main"):
            entry = counts.setdefault(up.mem_id, (up, set()))
            entry[1].add(link.url)
            up, depth = up.parent, depth + 1
    blocks: list[LexborNode] = []
    for node, urls in counts.values():
        if len(urls) < MIN_LINKS or node.tag == "article":
            continue
        if _link_density(node) < MIN_LINK_DENSITY:
            continue
        if _has_marker(node) or _has_own_heading(node):
            blocks.append(node)
    kept_ids = {b.mem_id for b in blocks}
    return [b for b in blocks if not _has_ancestor_in(b, kept_ids)]


def _has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    up = node.parent
    while up is not None:
        if up.mem_id in ids:
            return True
        up = up.parent
    return False


def extract_related(page: Page) -> list[RelatedLink]:
    """Links of the related blocks, in page order, deduplicated, the page itself excluded."""
    links = _candidate_links(page)
    block_ids = {b.mem_id for b in _blocks_of(links)}
    seen: set[str] = set()
    related = []
    for link in links:
        if link.url in seen or not _has_ancestor_in(link.node, block_ids):
            continue
        seen.add(link.url)
        related.append(RelatedLink(title=link.title, url=link.url))
    return related
