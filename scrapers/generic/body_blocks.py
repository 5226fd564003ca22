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

from selectolax.lexbor import LexborNode

from ..text import clean
from .body_boilerplate import HARD, SOFT, classify
from .body_text import BLOCK_TAGS

_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                         "select", "option", "button", "textarea", "math", "canvas",
                         "object", "video", "audio", "picture", "img"})
# Escaped markup shown as text (pages saved with <noscript> content escaped).
_MARKUP = re.compile(r"<[a-zA-Z][^<>]*>$")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class Block:
    """One paragraph-like run of text."""

    __slots__ = ("text", "link_chars", "tag", "path", "softs", "soft")

    def __init__(self, text: str, link_chars: int, tag: str, path: tuple[int, ...],
                 softs: tuple[int, ...]) -> None:
        self.text = text
        self.link_chars = link_chars
        self.tag = tag          # tag of the nearest block-level ancestor
        self.path = path        # mem_ids of the block-level ancestors, outermost first;
        #                         path[-1] is the element holding the text
        self.softs = softs      # ids of the widget-named subtrees holding the block
        self.soft = bool(softs)  # inside a widget subtree (body.py may clear it)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Block({self.tag}, ld={self.link_density:.2f}, {self.text[:40]!r})"


class _Walker:
    """Accumulates inline text until a block boundary, then emits a Block."""

    def __init__(self, skip: set[int]) -> None:
        self.skip = skip
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_parts: list[str] = []
        self.path: list[int] = []
        self.tags: list[str] = []
        self.tag_of: dict[int, str] = {}
        self.links = 0
        self.softs: list[int] = []
        self.muted = 0  # inside an inline widget-named element: its text is dropped

    def flush(self) -> None:
        if not self.parts:
            return
        text = clean("".join(self.parts))
        if text and not (text[0] == "<" and _MARKUP.match(text)):
            link_chars = len(clean("".join(self.link_parts))) if self.link_parts else 0
            self.blocks.append(Block(text, min(link_chars, len(text)), self.tags[-1],
                                     tuple(self.path), tuple(self.softs)))
        self.parts.clear()
        self.link_parts.clear()

    def walk(self, node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                value = child.text_content
                if value and not self.muted:
                    self.parts.append(value)
                    if self.links:
                        self.link_parts.append(value)
            elif tag[0] != "-" and tag not in _NEVER_TEXT:
                self.element(child, tag)
            child = child.next

    def element(self, node: LexborNode, tag: str) -> None:
        if tag == "br":
            self.flush()
            return
        kind = classify(tag, node.attributes)
        if kind == HARD or (self.skip and node.mem_id in self.skip):
            return
        soft = kind == SOFT
        block = tag in BLOCK_TAGS
        link = tag == "a"
        if block:
            self.flush()
            self.tags.append(tag)
            self.path.append(node.mem_id)
            self.tag_of[node.mem_id] = tag
        outer_muted = self.muted
        if block:
            self.muted = 0   # a block inside an inline widget is judged by its softs
        elif soft:
            self.muted += 1
        if soft:
            self.softs.append(node.mem_id)
        self.links += link
        self.walk(node)
        self.muted = outer_muted
        self.links -= link
        if soft:
            self.softs.pop()
        if block:
            self.flush()
            self.tags.pop()
            self.path.pop()


def page_blocks(root: LexborNode, skip: set[int]) -> tuple[list[Block], dict[int, str]]:
    """Text blocks under ``root`` in document order; chrome, hidden nodes and the
    ``skip`` subtrees (mem_ids) left out, widget subtrees marked soft. Also the
    tag of every block-level element id seen."""
    walker = _Walker(skip)
    walker.tags.append(root.tag)
    walker.path.append(root.mem_id)
    walker.tag_of[root.mem_id] = root.tag
    walker.walk(root)
    walker.flush()
    return walker.blocks, walker.tag_of
