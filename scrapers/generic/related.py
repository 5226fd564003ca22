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


def _candidate_links(page: Page, anchors: list[LexborNode]) -> list[_Link]:
    """The anchors among ``anchors`` (none ``_too_short``) that point to a
    same-site article under a headline."""
    page_host = host_of(page.url) or host_of(page.base_url)
    chrome: set[int] | None = None  # worked out only if some anchor qualifies
    urls: dict[str | None, str | None] = {}  # href -> normalised same-site URL
    links = []
    for a in anchors:
        href = a.attributes.get("href")
        if href in urls:
            url = urls[href]
        else:
            url = absolute(page.base_url, href)
            url = urls[href] = (normalize_url(url) if url and _same_site(host_of(url), page_host)
                                else None)
        if url is None:
            continue
        title = anchor_title(a)
        if _same_document(url, page.url) or not is_article_like(url) or not is_headline_like(title):
            continue
        if chrome is None:
            chrome = _page_chrome(page)
        if not _in_chrome(a, chrome):
            links.append(_Link(url, title, a))
    return links


def _too_short(a: LexborNode) -> bool:
    """The anchor's text is too short for a headline, so ``anchor_title`` is too.

    The headline is the text of a heading inside the anchor (a run of the
    anchor's own words) or the anchor's text, so it has no more words or
    characters than the anchor's text; only a textless anchor falls back to
    its ``title`` attribute. A cheap test that spares most anchors of a list
    (thumbnails, "read more", dates) the URL work and the heading look-up.
    """
    raw = a.text(separator=" ")
    words = raw.split()
    if not words:  # only whitespace: ``clean`` leaves nothing
        return False
    if len(words) < MIN_WORDS or len(raw) < MIN_CHARS:
        # ``clean`` only removes characters and collapses whitespace: never more
        # words or characters. It leaves ASCII words in place, so the text stays.
        return True if raw.isascii() else bool(clean(raw))
    text = clean(raw)
    return bool(text) and (len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS)


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


def _link_density(node: LexborNode, link_chars: dict[int, int] | None = None) -> float:
    """Share of the node's text inside links; ``link_chars`` caches each link's
    length across the nested containers of one page."""
    total = len(clean(node.text()))
    if not total:
        return 0.0
    if link_chars is None:
        link_chars = {}
    linked = 0
    for a in node.css("a"):
        length = link_chars.get(a.mem_id)
        if length is None:
            length = link_chars[a.mem_id] = len(clean(a.text()))
        linked += length
    return linked / total


_CLIMB_STOP = ("body", "html", "main")


def related_blocks(page: Page) -> list[LexborNode]:
    """Containers judged to be related/more-news lists (outermost, none nested in another)."""
    return _related(page)[1]


def _related(page: Page) -> tuple[list[_Link], list[LexborNode]]:
    """The candidate links inside possible blocks, and the blocks.

    Resolving and normalising a URL and reading an anchor's headline cost far
    more than walking the tree, and most links of a page (menus, teasers,
    footers) sit in no related block. So the containers are judged by
    structure first, counting *distinct hrefs* instead of distinct candidate
    URLs (two links with one href have one URL, so a block's candidate URLs
    never outnumber its hrefs), and only the anchors inside a container that
    passes get the per-link work. The blocks and links are the same as when
    every anchor of the page is resolved.
    """
    body = page.tree.body
    if body is None or not page.base_url:
        return [], []
    anchors = [a for a in body.css("a[href]") if not _too_short(a)]
    possible = _possible_blocks(anchors)
    if not possible:
        return [], []
    inside: set[int] = set()
    for node in possible.values():
        inside.update(a.mem_id for a in node.css("a[href]"))
    links = _candidate_links(page, [a for a in anchors if a.mem_id in inside])
    return links, _blocks_of(links, possible)


def _possible_blocks(anchors: list[LexborNode]) -> dict[int, LexborNode]:
    """Containers that pass every block test, counting the distinct hrefs of all
    anchors within ``MAX_CLIMB`` levels in place of the candidate URLs."""
    hrefs: dict[int, tuple[LexborNode, set[str | None]]] = {}
    link_chars: dict[int, int] = {}
    for a in anchors:
        href = a.attributes.get("href")
        up, depth = a.parent, 0
        while up is not None and depth < MAX_CLIMB and up.tag not in _CLIMB_STOP:
            entry = hrefs.get(up.mem_id)
            if entry is None:
                entry = hrefs[up.mem_id] = (up, set())
            entry[1].add(href)
            up, depth = up.parent, depth + 1
    return {mem_id: node for mem_id, (node, seen) in hrefs.items()
            if len(seen) >= MIN_LINKS and _could_be_block(node, link_chars)}


def _could_be_block(node: LexborNode, link_chars: dict[int, int]) -> bool:
    """Every test of a related block that does not depend on the links' URLs."""
    if node.tag == "article":
        return False
    if not (_has_marker(node) or _has_own_heading(node)):
        return False
    return _link_density(node, link_chars) >= MIN_LINK_DENSITY


def _blocks_of(links: list[_Link], possible: dict[int, LexborNode]) -> list[LexborNode]:
    """The possible blocks holding ``MIN_LINKS`` distinct candidate URLs within
    ``MAX_CLIMB`` levels, outermost only, in the order the links reach them."""
    counts: dict[int, set[str]] = {}
    for link in links:
        up, depth = link.node.parent, 0
        while up is not None and depth < MAX_CLIMB and up.tag not in _CLIMB_STOP:
            if up.mem_id in possible:
                counts.setdefault(up.mem_id, set()).add(link.url)
            up, depth = up.parent, depth + 1
    blocks = [possible[mem_id] for mem_id, urls in counts.items() if len(urls) >= MIN_LINKS]
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
    links, blocks = _related(page)
    block_ids = {b.mem_id for b in blocks}
    seen: set[str] = set()
    related = []
    for link in links:
        if link.url in seen or not _has_ancestor_in(link.node, block_ids):
            continue
        seen.add(link.url)
        related.append(RelatedLink(title=link.title, url=link.url))
    return related
