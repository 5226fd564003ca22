"""Tag names as Lexbor's numeric tag ids, for the walks of the related stage.

``node.tag`` builds a new string from the element's qualified name on every
call; ``node.tag_id`` returns the number Lexbor keeps in the node. Lexbor
numbers the standard tag names the same way in every document, and an element
the HTML parser makes has no prefix, so its name is its tag's name: for those
names ``node.tag in names`` is ``node.tag_id in tag_ids(*names)``
(``tests/test_related.py`` checks it on every element of the sample pages and
on foreign and custom elements).
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser


def tag_ids(*names: str) -> frozenset[int]:
    """The tag ids of standard HTML tag names (``html`` and ``body`` included:
    every parsed document has them)."""
    tree = LexborHTMLParser("".join(f"<{name}></{name}>" for name in names))
    ids = {node.tag: node.tag_id for node in tree.root.traverse(include_text=False)}
    return frozenset(ids[name] for name in names)


def tag_id(name: str) -> int:
    """The tag id of one standard HTML tag name."""
    (number,) = tag_ids(name)
    return number
