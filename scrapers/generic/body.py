"""Main-text extraction for pages without a site scraper.

Stages (see docs/extraction.md for the reasons and the known failures):

1. *Skip*: chrome (``nav``/``aside``/``footer``/``header``/forms), hidden nodes and
   the comments stage's nodes are never read; widget-named subtrees (share,
   related, sidebar...) are read but marked "soft" (body_boilerplate.py).
2. *Blocks*: the rest is cut into text blocks at block-element boundaries, each
   with its link density and block-level ancestors (body_blocks.py).
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

from ..page import Page
from ..text import clean
from .body_blocks import HEADINGS, Block, page_blocks

PROSE_CHARS = 80          # a block this long with few links reads as a paragraph
PROSE_MAX_LINKS = 0.25    # link-text share above which a block is navigation-like
JUNK_LINKS = 0.5
GROW_SHARE = 0.15         # an ancestor must add this share of prose to be taken
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body", "blockquote"})


def is_prose(block: Block) -> bool:
    return (len(block.text) >= PROSE_CHARS and block.link_density <= PROSE_MAX_LINKS
            and block.tag not in HEADINGS and not block.soft)


def is_junk(block: Block) -> bool:
    return block.soft or block.link_density > JUNK_LINKS or (
        block.link_density > PROSE_MAX_LINKS and len(block.text) < 2 * PROSE_CHARS)


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
    wrong = {soft for soft, mass in under.items() if plain < 0.25 * mass}
    if not wrong:
        return
    for block in blocks:
        if block.softs:
            block.soft = any(soft not in wrong for soft in block.softs)


def _weight(block: Block) -> float:
    return float(len(block.text))


def vote(blocks: list[Block]) -> tuple[dict[int, float], dict[int, float]]:
    """(decayed votes, total prose mass) per block-level element id."""
    votes: dict[int, float] = {}
    mass: dict[int, float] = {}
    for block in blocks:
        if not is_prose(block):
            continue
        w = _weight(block)
        path = block.path
        for element in path:
            mass[element] = mass.get(element, 0.0) + w
        start = 1 if block.tag in CONTAINER_TAGS else 2
        for level, divisor in zip(range(start, start + 3), (1.0, 2.0, 3.0)):
            if level <= len(path):
                element = path[-level]
                votes[element] = votes.get(element, 0.0) + w / divisor
    return votes, mass


def choose_container(blocks: list[Block]) -> int | None:
    votes, mass = vote(blocks)
    if not votes:
        return None
    top = max(votes, key=votes.__getitem__)
    parents = _parents(blocks)
    ancestor = top
    while ancestor in parents:
        ancestor = parents[ancestor]
        extra = mass.get(ancestor, 0.0) - mass[top]
        if extra >= GROW_SHARE * mass[top]:
            top = ancestor
        elif extra > 0:
            break
    return top


def _parents(blocks: list[Block]) -> dict[int, int]:
    parents: dict[int, int] = {}
    for block in blocks:
        path = block.path
        for i in range(len(path) - 1, 0, -1):
            if path[i] in parents:
                break
            parents[path[i]] = path[i - 1]
    return parents


def trim(blocks: list[Block], headline: str | None) -> list[str]:
    """Drop junk and the short lines framing the prose; keep short lines inside it."""
    kept = [b for b in blocks if not is_junk(b)]
    prose = [i for i, b in enumerate(kept) if is_prose(b)]
    if not prose:
        return [b.text for b in kept]
    first, last = prose[0], prose[-1]
    title = clean(headline).casefold() if headline else None
    out = []
    for i, block in enumerate(kept):
        if i < first and block.tag not in HEADINGS:
            continue
        if i > last:
            continue
        if title and block.text.casefold() == title:
            continue
        out.append(block.text)
    return out


def extract_body(page: Page, exclude: list[LexborNode] | None = None,
                 headline: str | None = None) -> str:
    root = page.tree.body
    if root is None:
        return ""
    skip = {node.mem_id for node in exclude or ()}
    blocks = page_blocks(root, skip)
    clear_misnamed_widgets(blocks)
    container = choose_container(blocks)
    if container is None:
        return "\n\n".join(b.text for b in blocks if not is_junk(b))
    chosen = [b for b in blocks if container in b.path]
    return "\n\n".join(trim(chosen, headline))
