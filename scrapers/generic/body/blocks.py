"""Flatten a page into text blocks: the unit every later body decision works on.

One walk over the DOM (in document order) cuts the visible text at block-level
element boundaries, as a browser lays it out. Each block keeps what the
heuristics need and nothing else: its text, how much of it is link text, the tag
of the element that holds it, the chain of ancestor element ids (to score and
select containers) and whether it sits in a widget-named ("soft") subtree.
Skipped subtrees (chrome, hidden nodes, the comments stage's nodes) are never
entered, so their text cannot leak into the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from ...nodes import TEXT_ID
from .actions import ACTION_BY_ID, BLOCK, BLOCK_KEPT, BREAK, CLASSIFIED, LINK, READ, SOFT_TAG, action_of_tag
from .block_text import BLOCK_TAGS, clean_block
from .boilerplate import (
    CLASS_ONLY_KIND,
    HARD,
    HIDING_ATTRIBUTES,
    KEEP,
    SOFT,
    classify_attributes,
    classify_class_only,
)

# Escaped markup shown as text (pages saved with <noscript> content escaped).
_MARKUP = re.compile(r"<[a-zA-Z][^<>]*>$")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_action_by_id = ACTION_BY_ID.get
_class_only_kind = CLASS_ONLY_KIND.get
_HIDING = HIDING_ATTRIBUTES
# How the walk leaves an element it entered: an inline element, a link, an
# inline widget (muted); a block, with flags for a blockquote and a widget.
_LEAVE_INLINE, _LEAVE_LINK, _LEAVE_MUTED, _LEAVE_BLOCK = 0, 1, 2, 4
_QUOTE, _SOFT = 1, 2


class Block:
    """One paragraph-like run of text."""

    __slots__ = ("text", "link_chars", "tag", "path", "softs", "soft", "quoted")

    def __init__(self, text: str, link_chars: int, tag: str, path: tuple[int, ...],
                 softs: tuple[int, ...], quoted: bool = False) -> None:
        self.text = text
        self.link_chars = link_chars
        self.tag = tag          # tag of the nearest block-level ancestor
        self.path = path        # mem_ids of the block-level ancestors, outermost first;
        #                         path[-1] is the element holding the text
        self.softs = softs      # ids of the widget-named subtrees holding the block
        self.soft = bool(softs)  # inside a widget subtree (body.py may clear it)
        self.quoted = quoted    # inside a <blockquote> (quoted or embedded post)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Block({self.tag}, ld={self.link_density:.2f}, {self.text[:40]!r})"


class _Walker:
    """Accumulates inline text until a block boundary, then emits a Block.

    Written for speed (this walk is most of the body stage's time): one loop
    over the subtree (``walk``), state in plain lists and local variables.
    ``widget``/``block`` enter a widget read afterwards (``read_widget``) the
    way the walk enters one. ``tests/test_body_walk.py`` holds the plain,
    recursive walk it must agree with.
    """

    def __init__(self, skip: set[int], lazy_soft: bool) -> None:
        self.skip = skip
        self.lazy_soft = lazy_soft
        # lazy mode: (index of the marker block, or insertion index if inline, node,
        # tag, path of block-level ancestors)
        self.unread: list[tuple[int, LexborNode, str, tuple[int, ...]]] = []
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_parts: list[str] = []
        self.path: list[int] = []
        self.tags: list[str] = []
        self.tag_of: dict[int, str] = {}
        self.links = 0
        self.softs: list[int] = []
        self.muted = 0  # inside an inline widget-named element: its text is dropped
        self.quotes = 0  # blockquote depth

    def flush(self, quoted: bool = False) -> None:
        """End the current block: its text, if any, becomes a Block."""
        parts = self.parts
        if not parts:
            return
        # (never blank: the walk starts a block's text at its first non-blank text)
        text = clean_block("".join(parts))
        parts.clear()
        link_parts = self.link_parts
        if text and not (text[0] == "<" and _MARKUP.match(text)):
            link_chars = len(clean_block("".join(link_parts))) if link_parts else 0
            chars = len(text)
            self.blocks.append(Block(text, link_chars if link_chars < chars else chars, self.tags[-1],
                                     tuple(self.path), tuple(self.softs), quoted))
        link_parts.clear()

    def walk(self, node: LexborNode) -> None:
        """Read ``node``'s subtree. The hottest loop of the extractor, written
        for it: one loop with an explicit stack of the entered elements instead
        of a call per element; what to do with a node is one look-up by its
        numeric tag id (``ACTION_BY_ID``); the attribute dictionary is read only
        for the tags it can change; the state (link, muted and quote depth) is
        in local variables. Each entered element pushes its next sibling and
        how to leave it (``_LEAVE_*``) with the state to restore. Long on
        purpose: every call or attribute read saved here is saved per node."""
        parts, link_parts, skip = self.parts, self.link_parts, self.skip
        tags, path, tag_of, softs = self.tags, self.path, self.tag_of, self.softs
        flush, lazy = self.flush, self.lazy_soft
        muted, links, quotes = self.muted, self.links, self.quotes
        stack: list[tuple] = []
        child = node.child
        while True:
            if child is None:
                if not stack:
                    return
                child, leave, outer_muted, outer_links = stack.pop()
                if leave < _LEAVE_BLOCK:
                    if leave == _LEAVE_LINK:
                        links -= 1
                    elif leave == _LEAVE_MUTED:
                        muted -= 1
                        softs.pop()
                    continue
                # a block (as self.block): the quote ends before its last text is flushed
                if leave & _QUOTE:
                    quotes -= 1
                muted, links = outer_muted, outer_links
                if parts:
                    flush(quotes > 0)
                tags.pop()
                path.pop()
                if leave & _SOFT:
                    softs.pop()
                continue
            tag_id = child.tag_id
            if tag_id == TEXT_ID:
                if muted:
                    pass
                elif parts:
                    value = child.text_content
                    if value:
                        parts.append(value)
                        if links:
                            link_parts.append(value)
                # Blank text before a block's first text would be stripped by
                # ``clean``: not kept (the block's flush is then skipped), and
                # not even read if it is ASCII blanks (a cheaper test).
                elif not child.is_empty_text_node:
                    value = child.text_content
                    if value and not value.isspace():
                        parts.append(value)
                        if links:
                            link_parts.append(value)
                child = child.next
                continue
            action = _action_by_id(tag_id)
            if action is None:
                action = action_of_tag(child.tag)
            if action < READ:
                if action == BREAK and parts:
                    flush(quotes > 0)
                child = child.next
                continue
            attrs = None
            kind = KEEP
            if action >= CLASSIFIED:
                attrs = child.attributes
                if not attrs:
                    pass
                elif "id" in attrs or not _HIDING.isdisjoint(attrs):
                    kind = classify_attributes(attrs)
                elif names := attrs.get("class"):   # then the class alone decides
                    kind = _class_only_kind(names)
                    if kind is None:
                        kind = classify_class_only(names)
            elif action == SOFT_TAG:
                kind = SOFT
            if kind == HARD or (skip and child.mem_id in skip):
                child = child.next
                continue
            if kind == SOFT:
                tag = child.tag
                # Lazy mode: left unread; a block widget keeps its place with an
                # empty soft marker block (trimming needs to know a widget
                # follows a line); an inline one's blocks, if read, go where the
                # walk stands now.
                if lazy:
                    if tag in BLOCK_TAGS:
                        if parts:
                            flush(quotes > 0)
                        at = tuple(path)
                        self.unread.append((len(self.blocks), child, tag, at))
                        self.blocks.append(Block("", 0, tag, at, (child.mem_id,)))
                    else:
                        self.unread.append((len(self.blocks), child, tag, tuple(path)))
                    child = child.next
                    continue
                softs.append(child.mem_id)
                if tag not in BLOCK_TAGS:
                    stack.append((child.next, _LEAVE_MUTED, 0, 0))
                    muted += 1
                    child = child.child
                    continue
                leave = _LEAVE_BLOCK | _SOFT
            elif action == BLOCK or action == BLOCK_KEPT:
                tag = child.tag
                leave = _LEAVE_BLOCK
            # An <a> that leads somewhere holds link text (``javascript:`` and bare
            # anchors are buttons or wrappers).
            elif (action == LINK and attrs and (href := attrs.get("href"))
                    and href != "#" and not href.startswith("javascript:")):
                stack.append((child.next, _LEAVE_LINK, 0, 0))
                links += 1
                child = child.child
                continue
            else:
                stack.append((child.next, _LEAVE_INLINE, 0, 0))
                child = child.child
                continue
            # entering a block (as self.block)
            node_id = child.mem_id
            if parts:
                flush(quotes > 0)
            tags.append(tag)
            path.append(node_id)
            tag_of[node_id] = tag
            if tag == "blockquote":
                quotes += 1
                leave |= _QUOTE
            stack.append((child.next, leave, muted, links))
            muted = 0   # a block inside an inline widget is judged by its softs
            child = child.child

    def widget(self, node: LexborNode, tag: str) -> None:
        """A widget-named element read as the walk would (``read_widget``):
        its blocks marked soft and, if inline, its own text muted."""
        self.softs.append(node.mem_id)
        if tag in BLOCK_TAGS:
            self.block(node, tag)
        else:
            self.muted += 1
            self.walk(node)
            self.muted -= 1
        self.softs.pop()

    def block(self, node: LexborNode, tag: str) -> None:
        node_id = node.mem_id
        self.flush(self.quotes > 0)
        self.tags.append(tag)
        self.path.append(node_id)
        self.tag_of[node_id] = tag
        outer_muted, outer_links = self.muted, self.links
        self.muted = 0
        quote = tag == "blockquote"
        self.quotes += quote
        self.walk(node)
        self.quotes -= quote
        self.muted, self.links = outer_muted, outer_links
        self.flush(self.quotes > 0)
        self.tags.pop()
        self.path.pop()


@dataclass
class PageBlocks:
    blocks: list[Block]
    tag_of: dict[int, str]   # tag of every block-level element id seen
    # lazy mode, widgets not read, in document order: (index of their marker block,
    # or where an inline widget's blocks would go, node, tag, ancestors' path)
    unread: list[tuple[int, LexborNode, str, tuple[int, ...]]]


def page_blocks(root: LexborNode, skip: set[int], lazy_soft: bool = False) -> PageBlocks:
    """Text blocks under ``root`` in document order; chrome, hidden nodes and the
    ``skip`` subtrees (mem_ids) left out, widget subtrees marked soft — or, with
    ``lazy_soft``, not read at all but marked by an empty soft block (half the
    walk on a typical page; ``read_widget`` reads one later if needed)."""
    walker = _Walker(skip, lazy_soft)
    walker.tags.append(root.tag)
    walker.path.append(root.mem_id)
    walker.tag_of[root.mem_id] = root.tag
    walker.walk(root)
    walker.flush()
    return PageBlocks(walker.blocks, walker.tag_of, walker.unread)


def read_widget(pb: PageBlocks, unread: tuple[int, LexborNode, str, tuple[int, ...]],
                skip: set[int]) -> None:
    """Put the widget's own (soft) blocks in place of its marker block (or, for an
    inline widget, at its insertion index). Call in reverse document order."""
    index, node, tag, path = unread
    walker = _Walker(skip, lazy_soft=False)
    walker.path.extend(path)
    walker.tags.append(tag)
    walker.widget(node, tag)
    walker.flush()
    pb.blocks[index:index + (1 if tag in BLOCK_TAGS else 0)] = walker.blocks
    pb.tag_of.update(walker.tag_of)
