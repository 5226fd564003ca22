"""The article's lead: prose set apart from the body's container by the template.

Many templates put the standfirst (intro, teaser, summary) in a sibling of the
body's element — a ``<div class="intro">`` before ``<div class="text">``, or the
``<header>`` of the ``<article>`` (the body walk leaves ``header`` unread as page
chrome). The container's growth rule (an ancestor must add 20 % more prose)
rightly refuses to grow for one short paragraph, so the lead is looked for
separately, by position: just before the container, under one of its nearest
ancestors, and only prose (a URL line, a byline or a picture credit in between
is not taken).
"""
from __future__ import annotations

from selectolax.lexbor import LexborNode

from .blocks import HEADINGS, Block, page_blocks
from .prose import PROSE_CHARS, PROSE_MAX_LINKS, is_prose

LEAD_LEVELS = 4   # a lead sits at most this many levels above the container
LEAD_GAP = 3      # ... with at most this many other blocks between its paragraphs


def _lead_prose(block: Block) -> bool:
    """Prose with words (a bare URL is one long token with no space). A long
    ``h2``-``h6`` is prose too: templates mark the standfirst up as a
    subheading (a title is short; the page's title is its ``h1``)."""
    text = block.text
    if block.tag in HEADINGS and block.tag != "h1" and not block.soft:
        return len(text) >= PROSE_CHARS and block.link_chars <= PROSE_MAX_LINKS * len(text)
    return is_prose(block) and (" " in text or not text.isascii())


def _header_prose(node: LexborNode, skip: set[int]) -> list[Block]:
    """The prose of an unread ``<header>`` element (its widgets stay unread)."""
    return [b for b in page_blocks(node, skip, lazy_soft=True).blocks if _lead_prose(b)]


def lead_before(blocks: list[Block], first: int, container: int,
                headers: dict[int, LexborNode] | None = None,
                skip: set[int] | None = None) -> list[Block]:
    """Prose paragraphs just before the container's first block ``first``.

    Walking back, prose blocks are taken while they sit under one of the
    container's ``LEAD_LEVELS`` nearest ancestors and no more than ``LEAD_GAP``
    other blocks separate them. ``headers`` maps the marker block of each
    unread ``<header>`` (by ``id``) to its node: such a header met on the way
    is read, and its prose is a lead too.
    """
    path = blocks[first].path
    at = path.index(container)
    near = set(path[max(1, at - LEAD_LEVELS):at])  # never the walk's root (<body>)
    lead: list[Block] = []
    gap = 0
    for i in range(first - 1, -1, -1):
        block = blocks[i]
        if near.isdisjoint(block.path):
            break
        header = headers.get(id(block)) if headers and not block.text else None
        found = _header_prose(header, skip or set()) if header is not None else []
        if found:
            lead.extend(reversed(found))
            gap = 0
        elif _lead_prose(block):
            lead.append(block)
            gap = 0
        else:
            gap += 1
            if gap > LEAD_GAP:
                break
    lead.reverse()
    return lead
