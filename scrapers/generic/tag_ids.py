"""Tag names as Lexbor's numeric tag ids, for the walks of every generic stage.

``node.tag`` builds a new string from the element's qualified name on every
call; ``node.tag_id`` returns the number Lexbor keeps in the node, several times
cheaper. Lexbor numbers the standard HTML tag names statically, the same in
every document, and an element the HTML parser makes has no prefix, so its name
is its tag's name: for standard names ``node.tag in names`` is
``node.tag_id in tag_ids(*names)``. A name Lexbor does not know (a custom
element) gets a per-document id above ``MAX_STATIC_ID``, never equal to one of
these. ``tests/test_related.py`` and ``tests/test_generic_comments.py`` check
the equivalence on every element of the sample pages and on foreign (SVG/MathML)
and custom elements.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

# Ids of custom elements are addresses; the static ids of standard tags are small.
MAX_STATIC_ID = 0xFFFF

_TREE = LexborHTMLParser("<p>text<!--comment--></p>")


def tag_ids(*names: str) -> frozenset[int]:
    """The tag ids of standard HTML tag names. ``create_node``, not parsing a
    snippet: the parser would drop a stray ``<tr>`` or ``<td>``."""
    return frozenset(_TREE.create_node(name).tag_id for name in names)


def tag_id(name: str) -> int:
    """The tag id of one standard HTML tag name."""
    return _TREE.create_node(name).tag_id


def _node_ids() -> tuple[int, int]:
    text = _TREE.css_first("p").child
    comment = text.next
    assert text.tag == "-text" and comment.tag == "-comment"
    return text.tag_id, comment.tag_id


TEXT_ID, COMMENT_ID = _node_ids()  # text and comment nodes
