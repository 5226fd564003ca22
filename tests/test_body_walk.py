"""The fast block walk must cut exactly the blocks of the plain walk.

``body.blocks._Walker`` is written for speed: it decides by numeric tag ids
(``body.actions.ACTION_BY_ID``, ``NAME_BY_ID``), remembers the verdict for class-only attributes,
drops whitespace that comes before any text and skips flushes that have nothing
to flush. ``PlainWalker`` below is the walk as first written — tag names, every
rule spelled out, ``classify`` asked for every element — and both must produce
the same blocks, widget markers and tag map: on hand-made pages built where a
shortcut could go wrong, on ``sample_pages/`` and, when the shared data is
present, on the benchmark pages.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from akhbar.scrapers.generic.body import actions as body_tags
from akhbar.scrapers.generic.body.block_text import BLOCK_TAGS
from akhbar.scrapers.generic.body.blocks import Block, PageBlocks, page_blocks, read_widget
from akhbar.scrapers.generic.body.boilerplate import HARD, KEEP, SOFT, TAG_KIND, classify
from akhbar.scrapers.text import clean
from benchmarks.extraction import shared_dir

REPO = Path(__file__).resolve().parents[1]
_MARKUP = re.compile(r"<[a-zA-Z][^<>]*>$")
NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                        "select", "option", "button", "textarea", "math", "canvas",
                        "object", "video", "audio", "picture", "img"})
PLAIN_INLINE = frozenset({"b", "strong", "i", "em", "u", "s", "sup", "sub", "abbr", "cite",
                          "code", "mark", "q", "font", "small", "big", "tt", "var", "kbd"})


def plain_is_link(attrs: dict[str, str | None]) -> bool:
    href = attrs.get("href")
    return bool(href) and href != "#" and not href.startswith("javascript:")


class PlainWalker:
    """The reference: the block walk with nothing precomputed."""

    def __init__(self, skip: set[int], lazy_soft: bool) -> None:
        self.skip, self.lazy_soft = skip, lazy_soft
        self.unread: list = []
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_parts: list[str] = []
        self.path: list[int] = []
        self.tags: list[str] = []
        self.tag_of: dict[int, str] = {}
        self.softs: list[int] = []
        self.links = self.muted = self.quotes = 0

    def flush(self) -> None:
        text = clean("".join(self.parts))
        links = clean("".join(self.link_parts))
        self.parts.clear()
        self.link_parts.clear()
        if text and not _MARKUP.match(text):
            self.blocks.append(Block(text, min(len(links), len(text)), self.tags[-1],
                                     tuple(self.path), tuple(self.softs), self.quotes > 0))

    def walk(self, node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                if not self.muted:
                    self.parts.append(child.text_content or "")
                    if self.links:
                        self.link_parts.append(child.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag and not tag.startswith("-") and tag not in NEVER_TEXT:
                attrs = child.attributes
                kind = KEEP if tag in PLAIN_INLINE else classify(tag, attrs)
                if kind != HARD and child.mem_id not in self.skip:
                    if kind == SOFT:
                        self.widget(child, tag)
                    elif tag in BLOCK_TAGS:
                        self.block(child, tag)
                    elif tag == "a" and plain_is_link(attrs):
                        self.links += 1
                        self.walk(child)
                        self.links -= 1
                    else:
                        self.walk(child)
            child = child.next

    def widget(self, node: LexborNode, tag: str) -> None:
        if self.lazy_soft:
            if tag in BLOCK_TAGS:
                self.flush()
                self.unread.append((len(self.blocks), node, tag, tuple(self.path)))
                self.blocks.append(Block("", 0, tag, tuple(self.path), (node.mem_id,)))
            else:
                self.unread.append((len(self.blocks), node, tag, tuple(self.path)))
            return
        self.softs.append(node.mem_id)
        if tag in BLOCK_TAGS:
            self.block(node, tag)
        else:
            self.muted += 1
            self.walk(node)
            self.muted -= 1
        self.softs.pop()

    def block(self, node: LexborNode, tag: str) -> None:
        self.flush()
        self.tags.append(tag)
        self.path.append(node.mem_id)
        self.tag_of[node.mem_id] = tag
        outer = self.muted, self.links
        self.muted = 0
        self.quotes += tag == "blockquote"
        self.walk(node)
        self.quotes -= tag == "blockquote"
        self.muted, self.links = outer
        self.flush()
        self.tags.pop()
        self.path.pop()


def plain_page_blocks(root: LexborNode, skip: set[int], lazy_soft: bool) -> PageBlocks:
    walker = PlainWalker(skip, lazy_soft)
    walker.tags.append(root.tag)
    walker.path.append(root.mem_id)
    walker.tag_of[root.mem_id] = root.tag
    walker.walk(root)
    walker.flush()
    return PageBlocks(walker.blocks, walker.tag_of, walker.unread)


def plain_read_widget(pb: PageBlocks, unread: tuple, skip: set[int]) -> None:
    index, node, tag, path = unread
    walker = PlainWalker(skip, lazy_soft=False)
    walker.path.extend(path)
    walker.tags.append(tag)
    walker.widget(node, tag)
    walker.flush()
    pb.blocks[index:index + (1 if tag in BLOCK_TAGS else 0)] = walker.blocks
    pb.tag_of.update(walker.tag_of)


def summary(pb: PageBlocks) -> tuple:
    blocks = [(b.text, b.link_chars, b.tag, b.path, b.softs, b.soft, b.quoted) for b in pb.blocks]
    unread = [(i, node.mem_id, tag, path) for i, node, tag, path in pb.unread]
    return blocks, pb.tag_of, unread


def assert_same_walk(html: str, skip_selector: str | None = None) -> None:
    tree = LexborHTMLParser(html)
    root = tree.body
    skip = {n.mem_id for n in tree.css(skip_selector)} if skip_selector else set()
    for lazy in (True, False):
        fast = page_blocks(root, skip, lazy_soft=lazy)
        assert summary(fast) == summary(plain_page_blocks(root, skip, lazy))
    fast = page_blocks(root, skip, lazy_soft=True)
    plain = plain_page_blocks(root, skip, lazy_soft=True)
    for unread in reversed(fast.unread):   # every widget read afterwards
        read_widget(fast, unread, skip)
    for unread in reversed(plain.unread):
        plain_read_widget(plain, unread, skip)
    assert summary(fast)[:2] == summary(plain)[:2]


HAND_MADE = [
    # whitespace before, between and after inline runs; runs of blank text nodes
    "<p>\n  <b>one</b> \n <i>two</i>\n</p>\n\n<p> \t </p><div>\n<span> </span>three </div>",
    # non-ASCII spaces and invisible marks before the text (not skipped as blank)
    "<p>\u00a0\u200f <a href='/x'> link</a>\u2003after</p><p>\u200b</p>",
    # link text: real, javascript:, bare anchor, missing href, empty href
    "<p>a <a href='/r'>real</a> <a href='javascript:void(0)'>js</a> <a href='#'>hash</a>"
    " <a>none</a> <a href=''>empty</a> <a href='/w'> \n </a></p>",
    # <br> and blank lines around it
    "<div>first<br>\n<br> second <br/></div>",
    # comments, processing instructions, doctype-like junk inside the body
    "<div>x<!-- c --><?pi data?>y</div><!----><p>z</p>",
    # custom elements: plain, widget-named, block-like content inside
    "<my-card>inline <x-a class='share-bar'>share</x-a></my-card>"
    "<my-box class='related-posts'><p>widget paragraph long enough to be read</p></my-box>",
    # class-only attributes (cached), class with other attributes, repeated names
    "<div class='post'><p class='text'>a</p><p class='text'>b</p>"
    "<p class='text' hidden>hidden</p><p class='text' style='display:none'>none</p>"
    "<p class='text' aria-hidden='true'>aria</p><p class='text' role='navigation'>nav</p>"
    "<p class='comment-body'>c</p><p class='comment-body' id='x'>d</p><p class>e</p></div>",
    # the class decides alone only without id and hiding attributes
    "<div class='share-tools' data-x='1'><p>a</p></div><div class='post' data-role='x'><p>b</p></div>"
    "<div class='post' role='complementary'><p>c</p></div><div class='' id=''><p>d</p></div>"
    "<div class='post' id='related'><p>e</p></div><span class='post' style='display: none'>f</span>",
    # plain inline tags are never widgets by name; blocks and links are
    "<p><b class='share'>bold</b> <span class='share'>muted</span>"
    " <a class='share' href='/s'>share link</a> <span class='ad'>ad</span> <em id='sidebar'>em</em></p>",
    # structural and soft tags, never-text tags, figure, svg and math content
    "<header><p>head</p></header><nav><p>nav</p></nav><form><p>form text</p></form>"
    "<aside>aside</aside><footer>foot</footer><figure><figcaption>cap</figcaption></figure>"
    "<p>t<svg><text>svg text</text><foreignObject><p>fo</p></foreignObject></svg>"
    "<math><mi>x</mi></math><script>s()</script><style>p{}</style><noscript>ns</noscript></p>",
    # keep tags never classified; blockquote; inline widget holding blocks
    "<main class='sidebar'><article class='comments'><p>kept</p>"
    "<blockquote class='x'><p>quoted <a href='/q'>who</a></p></blockquote>"
    "<span class='share'>inline <p>block inside inline widget</p> tail</span></article></main>",
    # upper-case markup, table cells, escaped markup as text
    "<DIV CLASS='Content'><TABLE><TR><TD>cell <A HREF='/c'>x</A></TD></TR></TABLE>"
    "<P>&lt;img src=x&gt;</P></DIV>",
    # text straight in a blockquote (flushed as the quote ends), nested and widget quotes
    "<blockquote>direct <b>text</b></blockquote><blockquote><p>in p</p>tail"
    "<blockquote>inner</blockquote> after</blockquote><blockquote class='share'><p>q</p>t</blockquote>"
    "<span class='social'>x<blockquote>in inline widget</blockquote>y</span>",
    # empty elements of every kind between text runs
    "<p>a<span></span>b<a href='/x'></a>c<span class='share'></span>d<div></div>e<br>f</p>",
    # nested widgets (read in non-lazy mode) and text straight under body
    "loose text <div class='sidebar'><div class='widget'><p>deep</p></div><p>side</p></div> end",
]


@pytest.mark.parametrize("body", HAND_MADE)
def test_fast_walk_cuts_the_blocks_of_the_plain_walk(body: str) -> None:
    assert_same_walk(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")


def test_skipped_nodes_are_skipped_alike() -> None:
    html = ("<body><div id='c'><p>comment text</p></div><p class='share'>s</p>"
            "<form id='f'><p>in form</p></form><p>after <a id='a' href='/x'>link</a></p></body>")
    assert_same_walk(html, "#c, #f, #a, p.share")


def test_every_sample_page_walks_alike() -> None:
    pages = sorted((REPO / "sample_pages").rglob("*.htm*"))
    assert pages
    for path in pages:
        assert_same_walk(path.read_bytes().decode("utf-8", "replace"))


def test_benchmark_pages_walk_alike() -> None:
    folder = shared_dir() / "benchmarks" / "article-extraction" / "html"
    if not folder.is_dir():
        pytest.skip(f"benchmark data not found: {folder}")
    for path in sorted(folder.glob("*.html.gz")):
        assert_same_walk(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))


def test_tag_id_table_agrees_with_the_names() -> None:
    """Every id in the table is a static Lexbor id whose elements carry the name
    the table was built from, in any document; custom elements are not in it."""
    names = sorted(body_tags.STANDARD_NAMES)
    markup = "".join(f"<{n}></{n}>" for n in names if n not in ("html", "head", "body"))
    tree = LexborHTMLParser(f"<body><div>{markup}<my-el></my-el><x-y></x-y></div></body>")
    seen = 0
    for node in tree.body.traverse(include_text=True):
        action = body_tags.ACTION_BY_ID.get(node.tag_id)
        if node.tag in ("my-el", "x-y"):
            assert action is None
        elif action is not None and node.tag != "-text":
            assert action == body_tags.action_of_tag(node.tag), node.tag
            seen += 1
    assert seen > 60
    assert len(body_tags.ACTION_BY_ID) == len(body_tags.STANDARD_NAMES) + 1  # + comments
    assert TAG_KIND and all(body_tags.ACTION_BY_ID[tree.create_node(n).tag_id] ==
                            body_tags.action_of_tag(n) for n in names)


def test_tag_names_by_id_are_the_node_names() -> None:
    """``NAME_BY_ID`` gives what ``node.tag`` gives, for every element of the
    sample pages whose id it holds (and for every standard name)."""
    checked = 0
    for path in sorted((REPO / "sample_pages").rglob("*.htm*")):
        tree = LexborHTMLParser(path.read_bytes().decode("utf-8", "replace"))
        for node in tree.root.traverse():
            name = body_tags.NAME_BY_ID.get(node.tag_id)
            if name is not None:
                assert name == node.tag, (path.name, node.tag)
                checked += 1
    assert checked > 1000
    tree = LexborHTMLParser("<p></p>")
    assert all(body_tags.NAME_BY_ID[tree.create_node(n).tag_id] == n for n in body_tags.STANDARD_NAMES)


def test_actions_are_distinct() -> None:
    """The actions are compared for equality only: no two share a value."""
    names = ("SKIP", "BREAK", "PLAIN", "SOFT_TAG", "KEPT_BLOCK", "INLINE", "BLOCK", "LINK")
    values = [getattr(body_tags, name) for name in names]
    assert len(set(values)) == len(names)
    assert set(body_tags.ACTION_BY_ID.values()) <= set(values)
