"""What the block walk does with a node, decided by its tag alone.

The walk (blocks.py) visits a few hundred nodes a page; for each, reading
the tag *name* means a string decoded by selectolax and then a chain of set
tests. The numeric ``tag_id`` is cheaper to read, and a tag's whole treatment
follows from its name, so the walk looks it up once: ``ACTION_BY_ID``.

``action_of_tag`` is the definition (by name); ``ACTION_BY_ID`` is that same
function evaluated once per standard tag, keyed by the id Lexbor gives the tag.
Lexbor numbers the HTML tags it knows statically, the same in every document,
and an HTML element's name is its tag's name (the walk never enters ``svg`` or
``math``, the only places where the names of foreign elements differ), so the
look-up gives what ``action_of_tag(node.tag)`` would. Any other id (custom
elements such as ``<my-widget>``, whose ids are addresses that differ between
documents) is not in the table: the walk falls back to the name.
"""
from __future__ import annotations

from ...nodes import COMMENT_ID, MAX_STATIC_ID, tag_id
from .block_text import BLOCK_TAGS
from .boilerplate import HARD, KEEP_TAGS, SOFT, TAG_KIND

NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                        "select", "option", "button", "textarea", "math", "canvas",
                        "object", "video", "audio", "picture", "img"})
# Inline formatting: its attributes are not worth reading (speed).
PLAIN_INLINE = frozenset({"b", "strong", "i", "em", "u", "s", "sup", "sub", "abbr", "cite",
                          "code", "mark", "q", "font", "small", "big", "tt", "var", "kbd"})

# Actions: what the walk does with an element, each by its own handler in
# blocks.py. Plain ints with distinct values, compared only for equality (the
# interpreter compares exact ints fastest, and the walk asks once per element).
SKIP = 1        # comments, never-text tags, structural chrome: not read at all
BREAK = 2       # <br>: ends the current block
PLAIN = 3       # inline formatting: entered as it is, attributes unread
SOFT_TAG = 4    # header, form: a widget by its tag
KEPT_BLOCK = 5  # body, html, article, main: a block, never a widget
INLINE = 6      # any other inline element (span, time, custom elements...)
BLOCK = 7       # block-level element
LINK = 8        # <a>: its text is link text if its href leads somewhere


def action_of_tag(tag: str | None) -> int:
    """The walk's action for an element named ``tag`` (``None``/"-comment"...
    for other nodes; text nodes are handled before this is asked)."""
    if tag == "br":
        return BREAK
    if not tag or tag[0] == "-" or tag in NEVER_TEXT:
        return SKIP
    kind = TAG_KIND.get(tag)
    if kind == HARD:
        return SKIP
    if kind == SOFT:
        return SOFT_TAG
    if tag in PLAIN_INLINE:
        return PLAIN
    if tag in KEEP_TAGS:
        return KEPT_BLOCK
    if tag in BLOCK_TAGS:
        return BLOCK
    if tag == "a":
        return LINK
    return INLINE


# Standard tags looked up by id; the common inline ones are listed so that they
# too skip the fallback by name.
_COMMON_INLINE = frozenset({"a", "br", "span", "time", "label", "input", "ins", "del", "dfn",
                            "bdi", "bdo", "wbr", "nobr", "data", "samp", "ruby", "rt", "rp",
                            "legend", "map", "area", "source", "track", "embed", "param",
                            "link", "meta", "hgroup", "output", "progress", "meter", "title",
                            "strike", "acronym", "col", "colgroup", "dialog", "menu"})
STANDARD_NAMES = BLOCK_TAGS | NEVER_TEXT | PLAIN_INLINE | KEEP_TAGS | frozenset(TAG_KIND) | _COMMON_INLINE


def _id_table() -> dict[int, int]:
    """The action by tag id: comments skipped, each standard name's action."""
    table = {COMMENT_ID: SKIP}
    for name in sorted(STANDARD_NAMES):
        number = tag_id(name)
        if number <= MAX_STATIC_ID:
            table[number] = action_of_tag(name)
    return table


ACTION_BY_ID = _id_table()
# The name of each standard tag by id: what ``node.tag`` gives, without
# decoding a new string from the node.
NAME_BY_ID = {number: name for name in STANDARD_NAMES if (number := tag_id(name)) <= MAX_STATIC_ID}
