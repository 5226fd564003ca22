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

In full, a *block* is a container, not ``article``, up to ``MAX_CLIMB`` levels
above its links (not past ``body``/``html``/``main``), that is marked or headed,
has a link density of at least ``MIN_LINK_DENSITY`` and holds ``MIN_LINKS``
distinct *candidate* URLs within those levels; a candidate is a link under a
headline to another article of the same site, outside the page chrome. Only
the outermost blocks count, and their candidates at any depth are the related
links.

How it stays cheap (the stage runs on every page, and most links of a page sit
in no related block): every test is a conjunct, so they run cheapest first and
each later one only sees what passed the earlier ones.

1. One C-level ``css("a[href]")``; an anchor whose text is too short for a
   headline is dropped before anything else is read from it.
2. The other anchors climb ``MAX_CLIMB`` ancestors once, Lexbor being read
   once per ancestor (later climbs follow the lists of the earlier ones); a
   container reached by fewer than ``MIN_LINKS`` distinct hrefs cannot hold
   ``MIN_LINKS`` distinct URLs (one href gives one URL) and is never looked at.
3. The rest are judged: marker or heading (attribute look-ups, a short walk),
   then the candidate URLs of their links (resolved once per href, with a
   shortcut for simple hrefs; headline and chrome read once per link, the
   chrome remembered per ancestor), stopping at ``MIN_LINKS`` URLs, and last
   the link density (text lengths cached per link, bounded by the links' raw
   lengths first, and a long text's cleaned length bounded by its first
   pieces), which reads the text of the whole subtree. Candidates first: the
   nested containers of a list share their links, so each container after
   the first costs a few look-ups, and more than half of the containers that
   get this far fail on their URLs (on the broad web set, 1,038 of 1,827).

Tag tests use Lexbor's numeric tag ids (``scrapers.nodes.tag_ids``) and
attributes that are usually absent are read from one dict (see ``structure``).

``tests/test_related.py`` and ``tests/test_speed_invariants.py`` check each
shortcut against the plain definition it replaces.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from selectolax.lexbor import LexborNode

from ...nodes import tag_id, tag_ids
from ...page import Page
from ...record import RelatedLink
from .anchors import MAX_WORDS, MIN_CHARS, MIN_WORDS, anchor_title, headline_length, is_headline_like
from .structure import MIN_LINK_DENSITY, Chrome, has_marker, has_own_heading, is_link_dense
from .urls import LinkTargets, is_article_like

__all__ = ["MIN_LINKS", "MIN_WORDS", "MIN_CHARS", "MAX_WORDS", "MIN_LINK_DENSITY", "MAX_CLIMB",
           "anchor_title", "is_article_like", "is_headline_like", "related_blocks",
           "extract_related"]

MIN_LINKS = 3            # fewer than this is a link, not a list
MAX_CLIMB = 6            # ancestors examined above each link

_CLIMB_STOP = frozenset({"body", "html", "main"})
_CLIMB_STOP_IDS = tag_ids(*_CLIMB_STOP)  # ``node.tag in _CLIMB_STOP``, see tag_ids
_ARTICLE = tag_id("article")


def related_blocks(page: Page) -> list[LexborNode]:
    """Containers judged to be related/more-news lists (outermost, none nested
    in another), in the order their first candidate links come in the page."""
    found = _PageLinks.of(page)
    return found.blocks() if found else []


def extract_related(page: Page) -> list[RelatedLink]:
    """Links of the related blocks, in page order, deduplicated, the page itself excluded."""
    found = _PageLinks.of(page)
    return found.related() if found else []


@dataclass
class _Candidate:
    url: str
    title: str


class _Container(NamedTuple):
    """A possible block, and the headline-length anchors within ``MAX_CLIMB`` levels."""
    node: LexborNode
    hrefs: set[str | None]
    anchors: list[LexborNode]


class _PageLinks:
    """The anchors of one page that could be related links, with what has been
    worked out about them (each link and href is looked at once)."""

    @classmethod
    def of(cls, page: Page) -> _PageLinks | None:
        """None when the page cannot have a block: no body, nothing to resolve
        links against, fewer than ``MIN_LINKS`` headline-length anchors."""
        body = page.tree.body
        if body is None or not page.base_url:
            return None
        texts: list[str] = []
        anchors = headline_length(body.css("a[href]"), texts)
        if len(anchors) < MIN_LINKS:
            return None
        return cls(page, body, anchors, texts)

    def __init__(self, page: Page, body: LexborNode, anchors: list[LexborNode],
                 texts: list[str]) -> None:
        self._page = page
        self._body = body
        self.anchors = anchors  # document order, none too short for a headline
        self._texts = texts  # the text of each (``a.text(separator=" ")``)
        self._candidates: dict[int, _Candidate | None] = {}
        self._targets = LinkTargets(page)
        self._chrome: Chrome | None = None
        self._link_chars: dict[int, int] = {}
        self._link_raw_chars: dict[int, int] = {}
        self._hrefs: dict[int, str | None] = {}  # per anchor, read once by the climb
        self._text_of: dict[int, str] = {}  # per anchor, its text, kept by the climb
        self._reached: dict[int, list] = {}  # the climb's lists, by node
        self._blocks = self._find_blocks(self._containers())

    # -- containers ------------------------------------------------------

    def _find_blocks(self, containers: dict[int, _Container]) -> dict[int, _Container]:
        """The containers that are blocks, except some nested in another block.

        Only the outermost blocks count (``blocks``), and an inner block never
        decides whether an outer one is a block, so a container below a block
        already found needs no judging. The climb's lists link each container
        to the ones above it (up to where no anchor climbed further), and
        going through the containers from the last reached to the first meets
        most outer ones before their inner ones (a climb adds a list's
        ancestors after the list): those inner ones are skipped. The blocks
        left out are never outermost, so ``blocks`` and ``related`` do not
        change.
        """
        blocks: dict[int, _Container] = {}
        for key, container in reversed(containers.items()):
            if not self._below_a_block(key, blocks) and self._is_block(container):
                blocks[key] = container
        return blocks

    def _below_a_block(self, key: int, blocks: dict[int, _Container]) -> bool:
        """Whether a list the climb linked above this container's is a block."""
        if not blocks:
            return False
        above = self._reached[key][3]
        while above is not None and above is not _NOT_YET:
            if above[4] in blocks:
                return True
            above = above[3]
        return False

    def _containers(self) -> dict[int, _Container]:
        """Every container reached by ``MIN_LINKS`` distinct hrefs, in the order
        the anchors reach them: up to ``MAX_CLIMB`` ancestors of each anchor,
        not past ``body``/``html``/``main`` (a list there is the page, not a
        block)."""
        # Per ancestor a list [node, hrefs, anchors, the parent's list, the
        # node's mem_id] (kept in ``self._reached``): the
        # climb of each anchor reads Lexbor (``parent``, ``mem_id``,
        # ``tag_id``) only for an ancestor no earlier anchor has climbed past,
        # and follows the lists above that (the anchors of a list share their
        # ancestors). ``None`` ends a climb (no parent, or a stop element).
        reached: dict[int, list] = {}
        self._reached = reached
        href_of = self._hrefs
        text_of = self._text_of
        stops = _CLIMB_STOP_IDS
        for a, text in zip(self.anchors, self._texts, strict=True):
            key = a.mem_id
            href = href_of[key] = a.attrs.get("href")
            text_of[key] = text
            # ``_reach`` written out: this loop runs for every anchor.
            up = a.parent
            if up is None or up.tag_id in stops:
                continue
            key = up.mem_id
            entry = reached.get(key)
            if entry is None:
                entry = reached[key] = [up, set(), [], _NOT_YET, key]
            for _ in _LEVELS:  # MAX_CLIMB - 1 times: the last level ends the climb
                entry[1].add(href)
                entry[2].append(a)
                above = entry[3]
                if above is _NOT_YET:
                    above = entry[3] = _reach(entry[0], reached)
                if above is None:
                    break
                entry = above
            else:
                entry[1].add(href)
                entry[2].append(a)
        return {k: _Container(node, hrefs, anchors)
                for k, (node, hrefs, anchors, _, _) in reached.items() if len(hrefs) >= MIN_LINKS}

    def _is_block(self, container: _Container) -> bool:
        """The tests of a block, cheapest first. The candidate URLs come before
        the link density: a candidate is worked out once per link and shared by
        the nested containers of a list, while the density reads the text of
        the container's whole subtree, and more than half of the marked or
        headed containers fail on their URLs (most of those on the URLs
        alone, see ``_reaches_urls``)."""
        node = container.node
        if node.tag_id == _ARTICLE:
            return False
        if not (has_marker(node) or has_own_heading(node)):
            return False
        if not self._reaches_urls(container.anchors):
            return False
        urls = set()
        for a in container.anchors:
            candidate = self._candidate(a)
            if candidate is not None:
                urls.add(candidate.url)
                if len(urls) >= MIN_LINKS:
                    return is_link_dense(node, self._link_chars, self._link_raw_chars)
        return False

    def _reaches_urls(self, anchors: list[LexborNode]) -> bool:
        """Whether the anchors point to ``MIN_LINKS`` distinct other articles:
        the URL half of the candidate test (a candidate's URL is its href's),
        a dictionary look-up per anchor once its href is resolved. Most
        containers that fail the candidate test fail here, before the
        headline and chrome of their links are read."""
        urls = set()
        other_article = self._targets.other_article
        href_of = self._hrefs
        for a in anchors:
            url = other_article(href_of[a.mem_id])
            if url is not None:
                urls.add(url)
                if len(urls) >= MIN_LINKS:
                    return True
        return False

    # -- links -----------------------------------------------------------

    def _candidate(self, a: LexborNode) -> _Candidate | None:
        """The anchor's URL and headline if it points to another article of the
        same site under a headline, outside the page chrome; else None."""
        mem_id = a.mem_id
        if mem_id in self._candidates:
            return self._candidates[mem_id]
        candidate = None
        url = self._targets.other_article(self._hrefs[mem_id])
        if url is not None:
            title = anchor_title(a, self._text_of[mem_id])
            if is_headline_like(title):
                if self._chrome is None:
                    self._chrome = Chrome(self._body)
                if not self._chrome.contains(a):
                    candidate = _Candidate(url, title)
        self._candidates[mem_id] = candidate
        return candidate

    def blocks(self) -> list[LexborNode]:
        """The blocks, outermost only, in the order their candidate links reach them.

        Outermost blocks hold disjoint sets of links, so their order is that of
        their first candidate links (a container's anchors are in page order).
        """
        if not self._blocks:
            return []
        outermost = [c for c in self._blocks.values()
                     if not _has_ancestor_in(c.node, self._blocks.keys())]
        if len(outermost) > 1:
            position = {a.mem_id: i for i, a in enumerate(self.anchors)}
            outermost.sort(key=lambda c: next(position[a.mem_id] for a in c.anchors
                                              if self._candidate(a) is not None))
        return [c.node for c in outermost]

    def related(self) -> list[RelatedLink]:
        """The candidate links inside the blocks, at any depth, in page order,
        one per URL."""
        blocks = self.blocks()
        if not blocks:
            return []
        # Every candidate is an ``a[href]``: "inside a block" is membership in
        # the blocks' own ``a[href]`` matches (a C-level walk). ``css`` also
        # matches a block that is itself an ``a[href]``; as an outermost block
        # it is inside no block.
        inside = {a.mem_id for block in blocks for a in block.css("a[href]")}
        inside.difference_update(block.mem_id for block in blocks)
        seen: set[str] = set()
        related = []
        for a in self.anchors:
            if a.mem_id not in inside:
                continue
            candidate = self._candidate(a)
            if candidate is None or candidate.url in seen:
                continue
            seen.add(candidate.url)
            related.append(RelatedLink(title=candidate.title, url=candidate.url))
        return related


_NOT_YET = object()  # the parent's list of an ancestor, not looked up yet
_LEVELS = range(MAX_CLIMB - 1)


def _reach(node: LexborNode, reached: dict[int, list]) -> list | None:
    """The climb's list for the parent of ``node`` (made on first reach), None
    when there is no parent or it is a stop element."""
    up = node.parent
    if up is None or up.tag_id in _CLIMB_STOP_IDS:
        return None
    mem_id = up.mem_id
    entry = reached.get(mem_id)
    if entry is None:
        entry = reached[mem_id] = [up, set(), [], _NOT_YET, mem_id]
    return entry


def _has_ancestor_in(node: LexborNode, ids: Collection[int]) -> bool:
    up = node.parent
    while up is not None:
        if up.mem_id in ids:
            return True
        up = up.parent
    return False
