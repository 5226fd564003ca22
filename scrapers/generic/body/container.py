"""Main-text extraction for pages without a site scraper.

Stages (see docs/extraction.md for the reasons and the known failures):

1. *Skip*: chrome (``nav``/``aside``/``footer``, figures), hidden nodes and
   the comments stage's nodes are never read; widget-named subtrees (share,
   related, sidebar..., also ``header`` and ``form``) are "soft": left unread
   unless one may be the article after all (boilerplate.py, read_blocks).
2. *Blocks*: the rest is cut into text blocks at block-element boundaries, each
   with its link density and block-level ancestors (blocks.py).
3. *Container*: prose blocks (long, few links) vote for their parent and, with
   decaying weight, for the grandparents; the best-voted element is the article
   container. It grows to its ancestors while they add a substantial share of
   prose (articles split into several sections).
4. *Cleaning*: inside the container, link lists, widget text and the short lines
   framing the text (kicker, byline, date, "share this") are dropped; short
   lines *between* prose paragraphs (subheadings, one-line quotes) are kept.
"""
from __future__ import annotations

from selectolax.lexbor import LexborNode

from ...page import Page
from ...text import clean
from .blocks import HEADINGS, Block, page_blocks, read_widget
from .fallback import FALLBACK_CHARS, relaxed_body
from .lead import lead_before
from .prose import (
    JUNK_LINKS,
    PROSE_CHARS,
    PROSE_MAX_LINKS,
    SENTENCE_END,
    is_junk,
    is_prose,
    is_sentence,
)

__all__ = ["JUNK_LINKS", "SENTENCE_END", "extract_body", "is_junk", "is_prose", "read_blocks"]

GROW_SHARE = 0.2          # an ancestor must add this share of prose to be taken
GROW_MAX_LINKS = 0.3      # ... and its additional text must not be a link list
LIST_ITEMS = frozenset({"li", "dd", "dt", "pre", "td", "th"})  # a list's last item is no label
FALLBACK_RATIO = 2         # the second look must find this many times more text
MISNAMED_RATIO = 4         # a widget with 4x the other prose is the article
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body", "blockquote"})


def clear_misnamed_widgets(blocks: list[Block]) -> None:
    """A widget-named subtree holding far more prose than the rest is the article.

    Templates name wrappers after what sits beside the article
    (``content-with-sidebar``, ``post-and-comments``): such a name must not hide
    the article. Nested widgets inside it stay soft.
    """
    plain = 0.0
    under: dict[int, float] = {}
    for block in blocks:
        if len(block.text) >= PROSE_CHARS and block.link_density <= PROSE_MAX_LINKS:
            if not block.softs:
                plain += len(block.text)
            for soft in block.softs:
                under[soft] = under.get(soft, 0.0) + len(block.text)
    wrong = {soft for soft, mass in under.items() if plain * MISNAMED_RATIO < mass}
    if not wrong:
        return
    for block in blocks:
        if block.softs:
            block.soft = any(soft not in wrong for soft in block.softs)


class Votes:
    """Per block-level element: decayed prose votes; prose mass on demand."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.votes: dict[int, float] = {}
        self.prose: list[tuple[float, tuple[int, ...]]] = []  # (weight, path) of prose blocks
        votes, get_vote, prose = self.votes, self.votes.get, self.prose
        for block in blocks:  # is_prose written out; a prose block weighs its length
            chars = len(block.text)
            if (chars < PROSE_CHARS or block.link_chars / chars > PROSE_MAX_LINKS
                    or block.soft or block.tag in HEADINGS):
                continue
            w, path = float(chars), block.path
            prose.append((w, path))
            depth = len(path)
            level = 1 if block.tag in CONTAINER_TAGS else 2
            for divisor in (1.0, 2.0, 3.0):
                if level > depth:
                    break
                element = path[-level]
                votes[element] = get_vote(element, 0.0) + w / divisor
                level += 1

    def masses(self, chain: tuple[int, ...]) -> list[float]:
        """Prose mass (characters of the prose blocks inside) of each element of
        ``chain``, an element and its block-level ancestors, the walk's root first.

        Only the growth steps need masses, and only along this chain: each prose
        block adds its weight to the deepest chain element on its path, and an
        element holds what the chain elements below it hold (paths through an
        element all start with its ancestors). Weights are whole numbers, so the
        sums are exact in any order.
        """
        depth_of = {element: i for i, element in enumerate(chain)}
        mass = [0.0] * len(chain)
        for w, path in self.prose:
            for element in reversed(path):
                i = depth_of.get(element)
                if i is not None:
                    mass[i] += w
                    break
        for i in range(len(chain) - 2, -1, -1):
            mass[i] += mass[i + 1]
        return mass

    def extra_link_density(self, outer: int, inner: int) -> float:
        """Link density of what ``outer`` holds beyond ``inner`` (computed on
        demand: only the few growth steps need it)."""
        chars = links = 0
        for block in self.blocks:
            if outer in block.path and inner not in block.path:
                chars += len(block.text)
                links += block.link_chars
        return links / chars if chars > 0 else 0.0


def choose_container(blocks: list[Block], tag_of: dict[int, str]) -> int | None:
    """The best-voted element, grown to ancestors that add prose, not link lists.

    Growth stops at the enclosing ``<article>`` (its siblings are other
    articles) and at an ancestor whose additional text is link-heavy (teaser
    lists, "more news").
    """
    v = Votes(blocks)
    if not v.votes:
        return None
    top = max(v.votes, key=v.votes.__getitem__)
    # Its ancestors: the path of any block inside it (every such path starts
    # with the same chain of block-level ancestors, the walk's root first).
    path = next(block.path for block in blocks if top in block.path)
    level = path.index(top)
    mass = v.masses(path[:level + 1])
    top_mass = mass[level]
    ancestor = top
    while level > 0 and tag_of.get(ancestor) != "article":
        level -= 1
        ancestor = path[level]
        extra = mass[level] - top_mass
        if extra <= 0:
            continue
        if extra < GROW_SHARE * top_mass or v.extra_link_density(ancestor, top) > GROW_MAX_LINKS:
            break
        top, top_mass = ancestor, mass[level]
    return top


def lead_start(blocks: list[Block], junk: list[bool], first: int) -> int:
    """Index where the text starts: the first prose block, moved back over the
    sentences and the same-tag siblings just before it (a short or link-rich
    lead paragraph, the first lines of a list-like text)."""
    start = first
    parent, tag = blocks[first].path[:-1], blocks[first].tag
    for i in range(first - 1, -1, -1):
        block = blocks[i]
        if junk[i] or block.tag in HEADINGS:
            continue
        sibling = block.tag == tag and block.path[:-1] == parent
        if not (sibling or is_sentence(block)):
            break
        start = i
    return start


def trim(blocks: list[Block], headline: str | None) -> list[str]:
    """Drop junk, the lines before the text and the labels of junk.

    Inside the container, a short non-sentence line ("You may also like",
    "Share", a heading) followed by a link list, a widget or nothing is that
    list's label, not text; short lines between prose paragraphs (subheadings,
    list items) are kept.
    """
    junk = [is_junk(b) for b in blocks]
    first = next((i for i, b in enumerate(blocks) if is_prose(b)), None)
    prose = first is not None
    start = lead_start(blocks, junk, first) if first is not None else 0
    title = clean(headline).casefold() if headline else None
    out = []
    for i, block in enumerate(blocks):
        if junk[i] or (i < start and block.tag not in HEADINGS):
            continue
        if (prose and len(block.text) < PROSE_CHARS and (i + 1 == len(blocks) or junk[i + 1])
                and not block.quoted
                and (block.tag in HEADINGS or not is_sentence(block))
                and not (block.tag in LIST_ITEMS and i > 0 and not junk[i - 1]
                         and blocks[i - 1].tag == block.tag
                         and blocks[i - 1].path[:-1] == block.path[:-1])):
            continue
        # (casefold never shortens a text: a longer block cannot equal the title)
        if title and len(block.text) <= len(title) and block.text.casefold() == title:
            continue
        out.append(block.text)
    return out


def join_lines(blocks: list[Block]) -> list[Block]:
    """Lines of one element cut by ``<br>`` judged as one paragraph.

    Blog editors (Blogger's above all) and hard-wrapped exports write a
    paragraph as lines separated by ``<br>``: each line alone is too short to
    be prose, so a whole post could hold none. Consecutive blocks held by the
    same element (nothing but ``<br>`` or skipped inline nodes between them)
    become one block whose lines are kept apart by ``\n`` (the body's
    paragraph breaks in the output).
    """
    out: list[Block] = []
    prev = Block("", 0, "", (), ())  # (never joined: its text is empty)
    held_by = None  # the element holding ``prev``'s text (checked first: it mostly differs)
    for block in blocks:
        path = block.path
        if (path[-1] == held_by and block.text and prev.text and block.tag not in HEADINGS
                and block.softs == prev.softs and block.quoted == prev.quoted
                and len(path) == len(prev.path)):
            prev.text = f"{prev.text}\n{block.text}"
            prev.link_chars += block.link_chars
            continue
        out.append(block)
        prev, held_by = block, path[-1]
    return out


def _prose_mass(blocks: list[Block]) -> int:
    """Characters of the prose blocks (``is_prose`` written out)."""
    mass = 0
    for block in blocks:
        chars = len(block.text)
        if (chars >= PROSE_CHARS and block.link_chars / chars <= PROSE_MAX_LINKS
                and block.tag not in HEADINGS and not block.soft):
            mass += chars
    return mass


def read_blocks(root: LexborNode, skip: set[int], headers: dict[int, LexborNode] | None = None,
                ) -> tuple[list[Block], dict[int, str]]:
    """The page's blocks, a widget read only when it might be the article.

    Widget subtrees hold half of a typical page's blocks, and they are dropped
    anyway unless one of them holds far more prose than the rest of the page
    (``clear_misnamed_widgets``). So they are first left unread; only a widget
    with enough raw text to possibly be the article is read afterwards.
    """
    pb = page_blocks(root, skip, lazy_soft=True)
    if headers is not None:  # unread <header> elements, by their marker block (lead.py)
        for index, node, tag, _ in pb.unread:
            if tag == "header":
                headers[id(pb.blocks[index])] = node
    limit = MISNAMED_RATIO * _prose_mass(pb.blocks)
    big = [unread for unread in pb.unread if len(unread[1].text(deep=True)) > limit]
    for unread in reversed(big):
        read_widget(pb, unread, skip)
    blocks = join_lines(pb.blocks)
    if big:
        clear_misnamed_widgets(blocks)
    return blocks, pb.tag_of


def _paragraphs(texts: list[str]) -> str:
    """The body: one paragraph per text line (``join_lines`` kept lines apart by
    ``\\n``; no block text holds one otherwise), separated by a blank line."""
    return "\n\n".join(texts).replace("\n\n", "\n").replace("\n", "\n\n")


def body_text(root: LexborNode, skip: set[int], headline: str | None,
              retry_unskipped: bool = True) -> str:
    """The article text under ``root``, the ``skip`` subtrees left out (read
    after all when leaving them out leaves no prose, with ``retry_unskipped``)."""
    headers: dict[int, LexborNode] = {}
    blocks, tag_of = read_blocks(root, skip, headers)
    container = choose_container(blocks, tag_of)
    if container is None and skip and retry_unskipped:
        skip = set()
        blocks, tag_of = read_blocks(root, skip, headers)
        container = choose_container(blocks, tag_of)
    if container is None:
        return _paragraphs(trim(blocks, headline))
    first = next(i for i, b in enumerate(blocks) if container in b.path)
    chosen = lead_before(blocks, first, container, headers, skip)
    chosen += [b for b in blocks[first:] if container in b.path]
    return _paragraphs(trim(chosen, headline))


def extract_body(page: Page, exclude: list[LexborNode] | None = None,
                 headline: str | None = None) -> str:
    """The article text: paragraphs separated by one blank line.

    ``exclude`` are the comments stage's nodes (thread, form, notice): never
    read, unless skipping them leaves no prose at all — then they evidently
    swallowed the article, and the page is read without them. A result
    shorter than ``FALLBACK_CHARS`` gets a second look with asides, noscript
    blocks and HTML templates opened (fallback.py); the longer text wins.
    """
    root = page.tree.body
    if root is None:
        return ""
    text = body_text(root, {node.mem_id for node in exclude or ()}, headline)
    if len(text) < FALLBACK_CHARS:
        relaxed = relaxed_body(page.tree, exclude)
        if relaxed is not None:
            other = body_text(relaxed, set(), headline)
            if len(other) > max(FALLBACK_RATIO * len(text), FALLBACK_CHARS):
                return other
    return text
