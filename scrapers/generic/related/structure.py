"""Is a container a related block, by structure? Marker, heading, link density,
page chrome: the tests of the related stage that read no URL.

Each test here reads only the node and what a few attribute look-ups and
``text()`` calls give; the related stage runs them on a handful of containers
per page, so they avoid CSS queries where a short walk does (every ``css`` call
compiles its selector again) and cache what nested containers share.

Attributes that are usually absent (``role``, ``class`` of list items...) are
read from ``node.attributes``, a dict built at C level, not with
``node.attrs.get``, which raises and catches a ``KeyError`` for a missing one
(several times slower: docs/extraction.md). The two give the same
value on a parsed page: the HTML tokenizer lower-cases attribute names and
drops repeated ones, so each name is one key (``tests/test_related.py`` checks
it on the sample pages).
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ...nodes import tag_id, tag_ids
from ...text import INVISIBLE_CHARS, clean, clean_length
from .anchors import HEADING_IDS

_MARKER_WORDS = re.compile(
    r"related|relat|more|also|similar|recommend|read-?next|next-?read|suggest|latest|"
    r"recent|other|popular|trending|most|further|see-?also|more-?news|news-?list|"
    r"article-?list|post-?list|headlines",
    re.IGNORECASE)
_MARKER_LOWER = re.compile(_MARKER_WORDS.pattern)
MIN_LINK_DENSITY = 0.6   # share of a block's text that is link text
# Every element ``Chrome`` can count, as one selector (the tags and roles below).
CHROME_ELEMENTS = ("nav, [role=navigation], form, menu, header, footer, [role=banner], "
                   "[role=contentinfo]")
# Tags by ``tag_id`` (see tag_ids).
_CHROME_TAGS = tag_ids("nav", "form", "menu")
_PAGE_CHROME_TAGS = tag_ids("header", "footer")
_PAGE_CHROME_ROLES = frozenset({"banner", "contentinfo"})
_CONTENT_TAGS = tag_ids("article", "main")
_ASIDE = tag_id("aside")
_A = tag_id("a")


def has_marker(node: LexborNode) -> bool:
    """``aside``, ``role=complementary``, or a class/id naming secondary content."""
    if node.tag_id == _ASIDE:
        return True
    attrs = node.attributes  # one dict for three look-ups (see the module docstring)
    if not attrs:
        return False
    if attrs.get("role") == "complementary":
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if names.isascii():
        # Case-insensitive search, ~6x faster: for ASCII text ``re.IGNORECASE``
        # equates exactly the letters ``lower()`` does.
        return marker_in(names.lower())
    return _MARKER_WORDS.search(names) is not None


def marker_in(low: str) -> bool:
    """``_MARKER_LOWER.search(low) is not None`` as substring tests (a C-level
    scan each, where the expression tries every word at every character):
    each word of the expression, ``-?`` written out, and the words holding
    another left out (``related`` holds ``relat``, ``more-news`` ``more``,
    ``see-also`` ``also``)."""
    return ("relat" in low or "more" in low or "also" in low or "similar" in low
            or "recommend" in low or "read-next" in low or "readnext" in low
            or "next-read" in low or "nextread" in low or "suggest" in low or "latest" in low
            or "recent" in low or "other" in low or "popular" in low or "trending" in low
            or "most" in low or "further" in low or "news-list" in low or "newslist" in low
            or "article-list" in low or "articlelist" in low or "post-list" in low
            or "postlist" in low or "headlines" in low)


def has_own_heading(node: LexborNode) -> bool:
    """A heading before the first link: the block introduces itself ("More news").

    A walk in document order that stops at the first link or heading; in a
    list of links that is one or two elements down.
    """
    walk = node.traverse(include_text=False)
    next(walk)  # the node itself
    for child in walk:
        tag = child.tag_id
        if tag == _A:
            return False
        if tag in HEADING_IDS or "title" in (child.attributes.get("class") or "").lower():
            return _has_text(child.text()) and not _holds_link(child)
    return False


def _has_text(text: str) -> bool:
    """``bool(clean(text))``: the cleaned text is empty only when every
    character is whitespace or an invisible mark, so a first non-space
    character that is no such mark decides without cleaning."""
    stripped = text.strip()
    if not stripped:
        return False
    return stripped[0] not in INVISIBLE_CHARS or bool(clean(stripped))


_LINK_WALK = 8  # elements walked in Python before Lexbor's selector is cheaper


def _holds_link(node: LexborNode) -> bool:
    """``node.css_first("a[href]") is not None`` (``node`` itself included).

    A heading is a few elements: a walk that meets no ``a`` element at all
    answers without compiling a selector (Lexbor's ``a`` is the tag id, so
    no ``a`` means no ``a[href]``); an ``a`` (is its href there?) or a long
    walk leaves the answer to the selector.
    """
    for count, inner in enumerate(node.traverse(include_text=False)):
        if inner.tag_id == _A or count == _LINK_WALK:
            return node.css_first("a[href]") is not None
    return False


def is_link_dense(node: LexborNode, link_chars: dict[int, int],
                  link_raw_chars: dict[int, int]) -> bool:
    """At least ``MIN_LINK_DENSITY`` of the node's (cleaned) text is inside links.

    Most containers that get this far and fail are page-wide wrappers with
    long prose and many links, so the cheap bound comes first: a link's raw
    text is never shorter than its cleaned text, and if even the raw lengths
    fall short the share does. For a long text even the cleaned length of the
    whole is more than that needs (``outweighs``). A list of links mostly
    passes without its cleaned length at all: the share against an upper
    bound of that length is at most the true share (``cleaned_at_most``).
    Otherwise the cleaned lengths are added up until the share is reached (it
    only grows link by link: the test on the sum of all of them is the test on
    any first few). Both lengths are cached per link across the nested
    containers of one page.
    """
    links = node.css("a")
    raw = 0
    for a in links:
        length = link_raw_chars.get(a.mem_id)
        if length is None:
            length = link_raw_chars[a.mem_id] = len(a.text())
        raw += length
    if not raw:  # a share of 0, or no text at all
        return False
    text = node.text()
    if outweighs(text, raw):
        return False
    bound = cleaned_at_most(text)  # at least 1: the text holds the links' text
    linked = None
    if raw / bound >= MIN_LINK_DENSITY:  # else the sum of the links cannot reach it
        # With the sum fixed, a smaller divisor (the cleaned length itself,
        # not 0: the links' text is in it) gives a larger quotient.
        linked, dense = _links_reach(links, link_chars, bound)
        if dense:
            return True
    total = clean_length(text)
    if not total:
        return False
    if raw / total < MIN_LINK_DENSITY:  # linked <= raw; division is monotonic
        return False
    if linked is not None:  # the sum of all the links
        return linked / total >= MIN_LINK_DENSITY
    return _links_reach(links, link_chars, total)[1]


def _links_reach(links: list[LexborNode], link_chars: dict[int, int],
                 divisor: int) -> tuple[int, bool]:
    """Add up the links' cleaned lengths (cached per link) until their share of
    ``divisor`` reaches ``MIN_LINK_DENSITY``: (the sum so far, whether it did)."""
    linked = 0
    for a in links:
        length = link_chars.get(a.mem_id)
        if length is None:
            length = link_chars[a.mem_id] = clean_length(a.text())
        linked += length
        if linked / divisor >= MIN_LINK_DENSITY:
            return linked, True
    return linked, False


def cleaned_at_most(text: str) -> int:
    """An upper bound of ``clean_length(text)`` for a C-level count: cleaning
    turns a run of whitespace into one space or nothing, and a run of ``n``
    characters holds at most ``n // 2`` separate pairs of spaces, never more
    than the ``n - 1`` characters it loses (removing invisible marks and the
    final strip only take more away)."""
    return len(text) - text.count("  ")


_MIN_PIECE = 256  # characters, the least ``outweighs`` measures at a time


def outweighs(text: str, raw: int) -> bool:
    """``raw / clean_length(text) < MIN_LINK_DENSITY``, shown by measuring only
    the first pieces of a long text; False when that does not show it.

    The cleaned length of a text is at least the sum of those of consecutive
    pieces of it (``tests/test_related.py`` checks it): cleaning keeps the
    characters of each piece that it keeps in the whole, and a space it keeps
    between two words of a piece is kept between them in the whole (a word cut
    at a piece's end only loses the pieces a space). So the sum over the first
    pieces is a lower bound of the total, and the share is below the
    threshold as soon as ``raw`` is below it against that bound (with ``raw``
    fixed, a larger divisor gives a smaller quotient, in floating point too).
    A piece is twice the total that would reject, so that one piece usually
    does: a page-wide wrapper of 25,000 characters with 1,000 characters of
    links is rejected after measuring 3,300.
    """
    piece = max(_MIN_PIECE, 2 * int(raw / MIN_LINK_DENSITY))
    if len(text) <= piece:
        return False  # the whole text is measured anyway
    lower = 0
    for start in range(0, len(text) - piece, piece):  # never the last piece
        lower += clean_length(text[start:start + piece])
        if lower and raw / lower < MIN_LINK_DENSITY:
            return True
    return False


class Chrome:
    """Page chrome: inside ``nav``, ``[role=navigation]``, ``form`` or ``menu``
    anywhere, or inside a ``header``/``footer``/``[role=banner]``/
    ``[role=contentinfo]`` that is not itself inside ``article``/``main``
    (a page-level one), the elements counted from ``body`` down.

    Worked out per node, top down, and remembered: the links of one page share
    most of their ancestors, so each is looked at once.
    """

    def __init__(self, body: LexborNode) -> None:
        self._body_id = body.mem_id
        # mem_id -> (the node or an ancestor is chrome, the node or an ancestor
        # is article/main)
        self._state: dict[int, tuple[bool, bool]] = {}

    def contains(self, node: LexborNode) -> bool:
        path = []
        state = (False, False)  # above body: no chrome, no content
        up: LexborNode | None = node
        while up is not None:
            known = self._state.get(up.mem_id)
            if known is not None:
                state = known
                break
            path.append(up)
            if up.mem_id == self._body_id:
                break
            up = up.parent
        for element in reversed(path):
            state = self._state[element.mem_id] = self._step(element, state)
        return state[0]

    @staticmethod
    def _step(element: LexborNode, above: tuple[bool, bool]) -> tuple[bool, bool]:
        in_chrome, in_content = above
        tag = element.tag_id
        if not in_chrome:
            role = element.attributes.get("role")
            in_chrome = (tag in _CHROME_TAGS or role == "navigation" or
                         (not in_content and (tag in _PAGE_CHROME_TAGS
                                              or role in _PAGE_CHROME_ROLES)))
        return in_chrome, in_content or tag in _CONTENT_TAGS
