"""Questions about selectolax/Lexbor nodes that every extraction stage asks.

One place for what the stages share about the DOM, so that each reads the tree
the same way:

- *tag ids*: ``node.tag`` builds a new string from the element's qualified
  name on every call; ``node.tag_id`` returns the number Lexbor keeps in the
  node, several times cheaper. Lexbor numbers the standard HTML tag names
  statically, the same in every document, and an element the HTML parser makes
  has no prefix, so its name is its tag's name: for standard names
  ``node.tag in names`` is ``node.tag_id in tag_ids(*names)``. A name Lexbor
  does not know (a custom element) gets a per-document id above
  ``MAX_STATIC_ID``, never equal to one of these. ``tests/test_related.py`` and
  ``tests/test_generic_comments.py`` check the equivalence on every element of
  the sample pages and on foreign (SVG/MathML) and custom elements.
- *matching*: whether a node itself matches a selector, its descendants that
  match (once each), and whether it has any;
- *navigation*: ancestors, element siblings, the lowest common ancestor,
  containment and the outermost of a set of nodes.
"""
from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

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
    paragraph = _TREE.css_first("p")
    text = paragraph.child if paragraph is not None else None
    comment = text.next if text is not None else None
    assert text is not None and text.tag == "-text"
    assert comment is not None and comment.tag == "-comment"
    return text.tag_id, comment.tag_id


TEXT_ID, COMMENT_ID = _node_ids()  # text and comment nodes


# --- matching -------------------------------------------------------------------------
def matches_itself(node: LexborNode, selector: str) -> bool:
    """Whether ``node`` itself matches ``selector``.

    Not ``node.css_matches``: that is true when any node of the subtree matches
    (a wrapper holding a ``.comment`` reply would count as a comment). A query
    on ``node`` visits ``node`` first, so it is its own first match exactly when
    it matches.
    """
    first = node.css_first(selector)
    return first is not None and first.mem_id == node.mem_id


def select(node: LexborNode, selector: str) -> list[LexborNode]:
    """Descendants matching ``selector``, once each, in document order.

    Lexbor's ``node.css`` also returns ``node`` itself when it matches, and
    returns a node once per comma-separated selector it matches.
    """
    seen: dict[int, LexborNode] = {}
    for match in node.css(selector):
        if match.mem_id != node.mem_id:
            seen.setdefault(match.mem_id, match)
    return list(seen.values())


def has(node: LexborNode, selector: str) -> bool:
    """Whether a descendant of ``node`` (not ``node`` itself) matches ``selector``."""
    return any(match.mem_id != node.mem_id for match in node.css(selector))


# --- navigation -----------------------------------------------------------------------
def previous_element(node: LexborNode) -> LexborNode | None:
    """The nearest preceding sibling that is an element (text and comments skipped)."""
    sibling = node.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.prev
    return sibling


def next_element(node: LexborNode) -> LexborNode | None:
    """The nearest following sibling that is an element (text and comments skipped)."""
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


def ancestors(node: LexborNode, include_self: bool = False) -> Iterator[LexborNode]:
    """The parent, its parent and so on up to the document (``node`` first if asked)."""
    current = node if include_self else node.parent
    while current is not None:
        yield current
        current = current.parent


def holders(part: LexborNode, selector: str) -> set[int]:
    """Ids of ``part`` and its descendants that hold a descendant matching ``selector``."""
    stop = part.mem_id
    marked: set[int] = set()
    for match in part.css(selector):
        if match.mem_id == stop:
            continue
        current = match.parent
        while current is not None:
            key = current.mem_id
            if key in marked:
                break  # its ancestors up to ``part`` are marked already
            marked.add(key)
            if key == stop:
                break
            current = current.parent
    return marked


def common_ancestor(first: LexborNode, last: LexborNode) -> LexborNode:
    """The lowest node holding both (``first`` itself when it holds ``last``)."""
    chain = {n.mem_id for n in ancestors(first, include_self=True)}
    for node in ancestors(last, include_self=True):
        if node.mem_id in chain:
            return node
    return first  # not in one tree: cannot happen for nodes of one page


def contains(outer: LexborNode, inner: LexborNode) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it."""
    return any(n.mem_id == outer.mem_id for n in ancestors(inner, include_self=True))


def outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes not inside another of ``nodes``, in their order.

    Each ancestor walked remembers whether it or one above it is one of
    ``nodes``: the blocks of a large section share most of their ancestors,
    which would otherwise be walked again for every block."""
    ids = {n.mem_id for n in nodes}
    above: dict[int, bool] = {}  # mem_id -> the node or an ancestor is in ``ids``
    kept = []
    for node in nodes:
        path: list[int] = []
        current = node.parent
        answer = False
        while current is not None:
            key = current.mem_id
            if key in ids:
                answer = True
                break
            known = above.get(key)
            if known is not None:
                answer = known
                break
            path.append(key)
            current = current.parent
        for key in path:
            above[key] = answer
        if not answer:
            kept.append(node)
    return kept
