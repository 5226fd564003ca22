"""Does an anchor read like a headline? The text tests of the related stage.

``anchor_title`` and ``too_short`` run on many anchors of every page, so they
read the anchor with plain node walks instead of a CSS query: each ``css`` /
``css_first`` call compiles its selector again, which costs more than walking
an anchor's few elements.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ...nodes import tag_ids
from ...text import INVISIBLE_CHARS, SPLIT_ONLY_CHARS, clean

MIN_WORDS = 4            # a headline has several words; a menu item one or two
MIN_CHARS = 20
MAX_WORDS = 40           # longer anchors are sentences of prose, not headlines

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_IDS = tag_ids(*HEADINGS)  # ``node.tag in HEADINGS``, see tag_ids
# The characters on which ``str.split()`` and ``clean`` disagree (see ``clean``).
_SPLIT_DIFFERS = re.compile(f"[{SPLIT_ONLY_CHARS}{INVISIBLE_CHARS}]")
_SPLIT_DIFFERS_ASCII = tuple(char for char in SPLIT_ONLY_CHARS + INVISIBLE_CHARS if char.isascii())


def _split_differs(text: str) -> bool:
    """``_SPLIT_DIFFERS.search(text)`` finds something. An ASCII text (known
    without a scan) can only hold the few ASCII ones, looked for with ``in``
    (a ``memchr`` each, where the expression tests every character)."""
    if text.isascii():
        for char in _SPLIT_DIFFERS_ASCII:
            if char in text:
                return True
        return False
    return _SPLIT_DIFFERS.search(text) is not None


def is_headline_like(text: str) -> bool:
    words = text.split()
    return MIN_WORDS <= len(words) <= MAX_WORDS and len(text) >= MIN_CHARS


def anchor_title(a: LexborNode, raw: str | None = None) -> str:
    """The headline an anchor shows: its heading element if it wraps one (teaser
    cards put counters, kickers and dates beside it), else all its text, words
    kept apart across elements; the ``title`` attribute for image-only links.

    ``raw`` is ``a.text(separator=" ")`` when the caller has it already
    (``headline_length`` reads it for every anchor).
    """
    heading = _title_element(a)
    if heading is not None:
        text = clean(heading.text(separator=" "))
        if text:
            return text
    if raw is None:
        raw = a.text(separator=" ")
    return clean(raw) or clean(a.attributes.get("title"))


def _title_element(a: LexborNode) -> LexborNode | None:
    """The first of the anchor and its descendants, in document order, that
    ``h1, h2, h3, h4, h5, h6, [class*=title i], [class*=headline i]`` matches
    (as ``css_first`` would, the anchor itself included)."""
    for node in a.traverse(include_text=False):
        if node.tag_id in HEADING_IDS:
            return node
        names = node.attributes.get("class")  # a comment has none
        if names:
            # ``[class*=title i]``: Lexbor's ``i`` folds ASCII letters only;
            # ``lower()`` folds more, but no other character lower-cases into
            # a run of "title" or "headline" (İ gives "i" + a combining dot).
            names = names.lower()
            if "title" in names or "headline" in names:
                return node
    return None


def headline_length(anchors: list[LexborNode],
                    texts: list[str] | None = None) -> list[LexborNode]:
    """The anchors whose headline (``anchor_title``) can be headline-like, in
    their order: one loop, since it runs on every anchor of every page.
    ``texts``, if given, receives the text of each anchor kept
    (``a.text(separator=" ")``, in the same order) for ``anchor_title``.

    An anchor with text is dropped when its text is too short for a headline
    (``too_short``). A short anchor whose text cleans to nothing (an image
    link, a third of the anchors that pass) has no heading text either, so
    its headline is its ``title`` attribute: it is kept only when that reads
    like a headline (``is_headline_like``), else it could never be a
    candidate link and would only climb the tree for nothing."""
    kept: list[LexborNode] = []
    keep = kept.append
    keep_text = texts.append if texts is not None else None
    for a in anchors:
        raw = a.text(True, " ")  # deep, separator " ": positional is a cheaper call
        if len(raw) < MIN_CHARS:  # the usual case: menus, dates, "read more"
            if raw.isascii():
                if raw and not raw.isspace():
                    continue
            elif clean(raw):
                continue
            if not is_headline_like(clean(a.attributes.get("title"))):
                continue  # no text and no headline-like title: never a candidate
        elif too_short_text(raw):
            continue
        keep(a)
        if keep_text is not None:
            keep_text(raw)
    return kept


def too_short(a: LexborNode) -> bool:
    """The anchor's text is too short for a headline, so ``anchor_title`` is too.

    The headline is the text of a heading inside the anchor (a run of the
    anchor's own words) or the anchor's text, so it has no more words or
    characters than the anchor's text; only a textless anchor falls back to
    its ``title`` attribute. A cheap test that spares most anchors of a page
    (menus, thumbnails, "read more", dates) every later look-up.
    """
    raw = a.text(separator=" ")
    if len(raw) < MIN_CHARS:
        # Too few characters even before cleaning (``clean`` never adds any).
        # Only text that cleans to nothing falls back to the ``title``
        # attribute: all whitespace, or (not ASCII) invisible marks.
        if raw.isascii():
            return raw != "" and not raw.isspace()
        return bool(clean(raw))
    return too_short_text(raw)


# Words read by ``too_short_text``: with more, ``2 * words - 1 >= MIN_CHARS``.
_WORDS_READ = MIN_CHARS // 2
assert MIN_WORDS <= _WORDS_READ and 2 * (_WORDS_READ + 1) - 1 >= MIN_CHARS


def too_short_text(raw: str) -> bool:
    """``too_short`` for a text of at least ``MIN_CHARS`` characters.

    The words are split off only as far as the tests below can use them: a
    text of more than ``_WORDS_READ`` words has enough words and, at two
    characters per word and space at least, enough characters, whatever
    follows (its last piece is the rest of the text, never used)."""
    words = raw.split(None, _WORDS_READ)
    if not words:  # only whitespace: ``clean`` leaves nothing
        return False
    if len(words) < MIN_WORDS:
        # ``clean`` only removes characters and collapses whitespace: never more
        # words. It leaves ASCII words in place, so the text stays.
        return True if raw.isascii() else bool(clean(raw))
    if not _split_differs(raw):
        # Then ``clean(raw)`` is ``" ".join(words)`` (the fast path of ``clean``):
        # not empty, ``words`` are its words (at least ``MIN_WORDS``), and its
        # length is theirs plus one space between each two, at least
        # ``2 * len(words) - 1`` (the usual case: no need to add them up).
        count = len(words)
        return 2 * count - 1 < MIN_CHARS and sum(map(len, words)) + count - 1 < MIN_CHARS
    text = clean(raw)
    return bool(text) and (len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS)
