"""What the block walk does with a node, decided by its tag alone.

The walk (body_blocks.py) visits a few hundred nodes a page; for each, reading
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
from .boilerplate import KEEP_TAGS, HARD, SOFT, TAG_KIND

NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                        "select", "option", "button", "textarea", "math", "canvas",
                        "object", "video", "audio", "picture", "img"})
# Inline formatting: its attributes are not worth reading (speed).
PLAIN_INLINE = frozenset({"b", "strong", "i", "em", "u", "s", "sup", "sub", "abbr", "cite",
                          "code", "mark", "q", "font", "small", "big", "tt", "var", "kbd"})

# Actions, ordered: from READ on the element is entered (if not skipped), from
# CLASSIFIED on its attributes decide whether it is chrome or a widget first.
SKIPPED = 0      # comments, never-text tags, structural chrome: not read at all
BREAK = 1        # <br>: ends the current block
READ = 2
PLAIN = 2        # inline formatting: read as it is
SOFT_TAG = 3     # header, form: a widget by its tag
BLOCK_KEPT = 4   # body, html, article, main: a block, never a widget
CLASSIFIED = 5
INLINE = 5       # any other inline element (span, time, custom elements...)
BLOCK = 6        # block-level element
LINK = 7         # <a>: its text is link text if its href leads somewhere


def action_of_tag(tag: str | None) -> int:
    """The walk's action for an element named ``tag`` (``None``/"-comment"...
    for other nodes; text nodes are handled before this is asked)."""
    if tag == "br":
        return BREAK
    if not tag or tag[0] == "-" or tag in NEVER_TEXT:
        return SKIPPED
    kind = TAG_KIND.get(tag)
    if kind == HARD:
        return SKIPPED
    if kind == SOFT:
        return SOFT_TAG
    if tag in PLAIN_INLINE:
        return PLAIN
    if tag in KEEP_TAGS:
        return BLOCK_KEPT
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
_STANDARD_NAMES = BLOCK_TAGS | NEVER_TEXT | PLAIN_INLINE | KEEP_TAGS | frozenset(TAG_KIND) | _COMMON_INLINE
def _id_table() -> dict[int, int]:
    """The action by tag id: comments skipped, each standard name's action."""
    table = {COMMENT_ID: SKIPPED}
    for name in sorted(_STANDARD_NAMES):
        number = tag_id(name)
        if number <= MAX_STATIC_ID:
            table[number] = action_of_tag(name)
    return table


ACTION_BY_ID = _id_table()
