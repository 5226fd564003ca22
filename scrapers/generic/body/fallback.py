"""A second look when the body came out near-empty.

Some pages put the whole article where the body walk never reads: in an
``<aside>`` (a template's "direct content" panel), in ``<noscript>`` (a page
that writes its content with scripts and keeps a plain copy for browsers
without them) or in a ``<script type="text/template">`` that a script renders
(Blogger's dynamic views). Reading those everywhere would let sidebars into
every body, so they are read only when the first result is shorter than
``FALLBACK_CHARS``: the walk then runs again on a copy of the tree where those
wrappers are opened, and the longer result wins (``container.extract_body``).
This is the idea of trafilatura's fallback: a second algorithm for a first
result that looks too short.

The comments stage's nodes must stay out of the body on the copy too: they are
marked on the original tree (an attribute, removed again at once), found by
that mark on the copy and removed there before the walk.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

FALLBACK_CHARS = 250       # a body shorter than this gets a second look
_MARK = "data-akhbar-excluded"
_OPENED = ["aside", "noscript"]
_TEMPLATES = 'script[type="text/template"], script[type="text/x-template"]'


def relaxed_body(tree: LexborHTMLParser, exclude: list[LexborNode] | None) -> LexborNode | None:
    """The ``<body>`` of a copy of ``tree`` with asides, noscript blocks and
    HTML templates opened, and without the ``exclude`` subtrees."""
    marked = []
    for node in exclude or ():
        if node.attributes.get(_MARK) is None:
            node.attrs[_MARK] = "1"
            marked.append(node)
    try:
        copy = tree.clone()
    finally:
        for node in marked:
            del node.attrs[_MARK]
    body = copy.body
    if body is None:
        return None
    for node in body.css(f"[{_MARK}]"):
        node.decompose()
    for node in body.css(_TEMPLATES):
        fragment = LexborHTMLParser(node.text(deep=True)).body
        if fragment is not None:
            node.replace_with(fragment)
    body.unwrap_tags(_OPENED)
    return body
