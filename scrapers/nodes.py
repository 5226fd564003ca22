"""Questions about one selectolax node that its API answers differently than it reads."""
from __future__ import annotations

from selectolax.lexbor import LexborNode


def matches_itself(node: LexborNode, selector: str) -> bool:
    """Whether ``node`` itself matches ``selector``.

    Not ``node.css_matches``: that is true when any node of the subtree matches
    (a wrapper holding a ``.comment`` reply would count as a comment). A query
    on ``node`` visits ``node`` first, so it is its own first match exactly when
    it matches.
    """
    first = node.css_first(selector)
    return first is not None and first.mem_id == node.mem_id
