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
from .actions import (
    ACTION_BY_ID,
    BLOCK,
    BREAK,
    INLINE,
    LINK,
    NAME_BY_ID,
    PLAIN,
    SKIP,
    SOFT_TAG,
    action_of_tag,
)
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
        self.soft = bool(softs)  # inside a widget subtree (container.py may clear it)
        self.quoted = quoted    # inside a <blockquote> (quoted or embedded post)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Block({self.tag}, ld={self.link_density:.2f}, {self.text[:40]!r})"


def kind_of(attrs: dict[str, str | None]) -> int:
    """``classify_attributes(attrs)`` (KEEP, SOFT or HARD), asked only when an
    attribute it reads is present: most elements have only a class, and a class
    string's verdict is remembered (``CLASS_ONLY_KIND``)."""
    if not attrs:
        return KEEP
    if "id" in attrs or not HIDING_ATTRIBUTES.isdisjoint(attrs):
        return classify_attributes(attrs)
    names = attrs.get("class")
    if not names:
        return KEEP
    kind = CLASS_ONLY_KIND.get(names)
    return classify_class_only(names) if kind is None else kind


def _leads_somewhere(attrs: dict[str, str | None]) -> bool:
    """An ``<a>`` holds link text if its href leads somewhere (``javascript:``
    and bare anchors are buttons or wrappers)."""
    href = attrs.get("href")
    return bool(href and href != "#" and not href.startswith("javascript:"))


# How the walk leaves an element it entered (distinct values, compared for equality).
LEAVE_INLINE = 1        # nothing to undo
LEAVE_LINK = 2          # the link's text ends
LEAVE_WIDGET = 3        # an inline widget's muted text ends
LEAVE_BLOCK = 4         # the block ends: its text is flushed, the outer state restored
LEAVE_WIDGET_BLOCK = 5  # a block widget ends: as LEAVE_BLOCK, and the widget ends
# An entered element: the sibling to go on with, how to leave it and (for a
# block) the muted and link depths around it, which leaving restores.
_Exit = tuple[LexborNode | None, int, int, int]


class _Walker:
    """Accumulates inline text until a block boundary, then emits a Block.

    ``run`` visits the nodes in document order with an explicit stack of the
    elements it entered (no call depth, whatever the nesting). Text nodes are
    read in its loop; an element goes to the handler of its action (``actions``
    module), which skips it (returning its next sibling) or enters it (pushing
    how to leave it, returning its first child). ``widget`` reads a widget that
    a lazy walk left unread (``read_widget``) the way the walk enters one.
    ``tests/test_body_walk.py`` holds the plain, recursive walk it must agree
    with.

    Speed: this walk is most of the body stage's time, and a Python call costs
    about as much as reading a node. So the handlers are called by name, each
    from its own line (a call site that always calls one function is one the
    interpreter makes fast), and the two hottest paths are written out where
    they run: ``block`` classifies and enters a block itself (as ``kind_of``
    and ``enter_block`` would), and ``run`` leaves blocks itself.
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
        self.links = 0  # depth of links that lead somewhere: their text is link text
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
        """Read ``node``'s subtree (not ``node`` itself)."""
        self.run(node.child, [])

    def widget(self, node: LexborNode) -> None:
        """Read a widget that a lazy walk left unread, as a walk that is not
        lazy enters one (``soft``), and stop when it is left."""
        assert not self.lazy_soft
        exits: list[_Exit] = []
        first = self.soft(node, node.tag_id, exits)
        _, leave, muted, links = exits.pop()
        self.run(first, [(None, leave, muted, links)])

    def run(self, child: LexborNode | None, exits: list[_Exit]) -> None:
        """Read from ``child`` on, in document order, until nothing is left to
        read and no entered element is left to leave.

        Blank text before a block's first text would be stripped by ``clean``:
        not kept (the block's flush is then skipped), and not even read if it
        is ASCII blanks (a cheaper test)."""
        action_by_id = ACTION_BY_ID.get
        parts, link_parts = self.parts, self.link_parts
        while True:
            if child is None:
                if not exits:
                    return
                child, leave, muted, links = exits.pop()
                if leave == LEAVE_BLOCK or leave == LEAVE_WIDGET_BLOCK:
                    if self.tags[-1] == "blockquote":  # the quote ends before its last text
                        self.quotes -= 1
                    self.muted, self.links = muted, links
                    if parts:
                        self.flush(self.quotes > 0)
                    self.tags.pop()
                    self.path.pop()
                    if leave == LEAVE_WIDGET_BLOCK:
                        self.softs.pop()
                elif leave == LEAVE_LINK:
                    self.links -= 1
                elif leave == LEAVE_WIDGET:
                    self.muted -= 1
                    self.softs.pop()
                continue
            tag_id = child.tag_id
            if tag_id == TEXT_ID:
                if not self.muted and (parts or not child.is_empty_text_node):
                    value = child.text_content
                    if value and (parts or not value.isspace()):
                        parts.append(value)
                        if self.links:
                            link_parts.append(value)
                child = child.next
                continue
            action = action_by_id(tag_id)
            if action is None:  # a custom element: by its name
                action = action_of_tag(child.tag)
            if action == BLOCK:
                child = self.block(child, tag_id, exits)
            elif action == INLINE:
                child = self.inline(child, tag_id, exits)
            elif action == LINK:
                child = self.link(child, tag_id, exits)
            elif action == SKIP:
                child = child.next
            elif action == PLAIN:
                child = self.plain(child, exits)
            elif action == BREAK:
                child = self.line_break(child)
            elif action == SOFT_TAG:
                child = self.soft_tag(child, tag_id, exits)
            else:
                child = self.kept_block(child, tag_id, exits)

    # --- the handlers, one per action (SKIP needs none) ---------------------------------
    def block(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """A block-level element, unless its attributes make it chrome or a widget."""
        attrs = node.attributes
        if not attrs:  # kind_of(attrs), written out
            kind = KEEP
        elif "id" in attrs or not HIDING_ATTRIBUTES.isdisjoint(attrs):
            kind = classify_attributes(attrs)
        elif names := attrs.get("class"):
            known = CLASS_ONLY_KIND.get(names)
            kind = classify_class_only(names) if known is None else known
        else:
            kind = KEEP
        node_id = node.mem_id
        if kind == HARD or (self.skip and node_id in self.skip):
            return node.next
        if kind == SOFT:
            return self.soft(node, tag_id, exits)
        tag = NAME_BY_ID[tag_id]  # enter_block(node, tag, LEAVE_BLOCK, exits), written out
        if self.parts:
            self.flush(self.quotes > 0)
        self.tags.append(tag)
        self.path.append(node_id)
        self.tag_of[node_id] = tag
        if tag == "blockquote":
            self.quotes += 1
        exits.append((node.next, LEAVE_BLOCK, self.muted, self.links))
        self.muted = 0
        return node.child

    def inline(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """An inline element, unless its attributes make it chrome or a widget."""
        attrs = node.attributes
        kind = kind_of(attrs) if attrs else KEEP
        if kind == HARD or (self.skip and node.mem_id in self.skip):
            return node.next
        if kind == SOFT:
            return self.soft(node, tag_id, exits)
        exits.append((node.next, LEAVE_INLINE, 0, 0))
        return node.child

    def link(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """An ``<a>``: inline, its text link text if it leads somewhere."""
        attrs = node.attributes
        kind = kind_of(attrs) if attrs else KEEP
        if kind == HARD or (self.skip and node.mem_id in self.skip):
            return node.next
        if kind == SOFT:
            return self.soft(node, tag_id, exits)
        if attrs and _leads_somewhere(attrs):
            self.links += 1
            exits.append((node.next, LEAVE_LINK, 0, 0))
        else:
            exits.append((node.next, LEAVE_INLINE, 0, 0))
        return node.child

    def plain(self, node: LexborNode, exits: list[_Exit]) -> LexborNode | None:
        """Inline formatting (``b``, ``em``...): entered, its attributes unread."""
        if self.skip and node.mem_id in self.skip:
            return node.next
        exits.append((node.next, LEAVE_INLINE, 0, 0))
        return node.child

    def line_break(self, node: LexborNode) -> LexborNode | None:
        """A ``<br>`` ends the current block."""
        if self.parts:
            self.flush(self.quotes > 0)
        return node.next

    def soft_tag(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """``header``, ``form``: a widget whatever its attributes."""
        if self.skip and node.mem_id in self.skip:
            return node.next
        return self.soft(node, tag_id, exits)

    def kept_block(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """``body``, ``html``, ``article``, ``main``: a block, never a widget."""
        if self.skip and node.mem_id in self.skip:
            return node.next
        return self.enter_block(node, NAME_BY_ID[tag_id], LEAVE_BLOCK, exits)

    # --- entering widgets and blocks ----------------------------------------------------
    def soft(self, node: LexborNode, tag_id: int, exits: list[_Exit]) -> LexborNode | None:
        """A widget-named element: left for later in lazy mode, else entered
        with its blocks marked soft and, if inline, its own text muted."""
        tag = NAME_BY_ID.get(tag_id) or node.tag or ""  # (an element always has a name)
        if self.lazy_soft:
            self.defer(node, tag)
            return node.next
        self.softs.append(node.mem_id)
        if tag in BLOCK_TAGS:
            return self.enter_block(node, tag, LEAVE_WIDGET_BLOCK, exits)
        self.muted += 1
        exits.append((node.next, LEAVE_WIDGET, 0, 0))
        return node.child

    def defer(self, node: LexborNode, tag: str) -> None:
        """Lazy mode: a widget left unread. A block widget keeps its place with
        an empty soft marker block (trimming needs to know a widget follows a
        line); an inline one's blocks, if read, go where the walk stands now."""
        at = tuple(self.path)
        if tag in BLOCK_TAGS:
            if self.parts:
                self.flush(self.quotes > 0)
            self.unread.append((len(self.blocks), node, tag, at))
            self.blocks.append(Block("", 0, tag, at, (node.mem_id,)))
        else:
            self.unread.append((len(self.blocks), node, tag, at))

    def enter_block(self, node: LexborNode, tag: str, leave: int,
                    exits: list[_Exit]) -> LexborNode | None:
        """A block-level element ends the current block and starts its own;
        inside it, text is not muted by an inline widget around it (the
        block is judged by its softs)."""
        node_id = node.mem_id
        if self.parts:
            self.flush(self.quotes > 0)
        self.tags.append(tag)
        self.path.append(node_id)
        self.tag_of[node_id] = tag
        if tag == "blockquote":
            self.quotes += 1
        exits.append((node.next, leave, self.muted, self.links))
        self.muted = 0
        return node.child


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
    tag = root.tag or ""  # (an element always has a name)
    walker.tags.append(tag)
    walker.path.append(root.mem_id)
    walker.tag_of[root.mem_id] = tag
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
    walker.widget(node)
    walker.flush()
    pb.blocks[index:index + (1 if tag in BLOCK_TAGS else 0)] = walker.blocks
    pb.tag_of.update(walker.tag_of)
