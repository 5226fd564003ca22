"""Main-text extraction by content heuristics (baseline)."""
from __future__ import annotations

from selectolax.lexbor import LexborNode

from ..page import Page
from ..text import clean, join_paragraphs

_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button"


def extract_body(page: Page, exclude: list[LexborNode] | None = None,
                 headline: str | None = None) -> str:
    tree = page.tree
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        return ""
    best: dict[int, tuple[LexborNode, int]] = {}
    for p in root.css("p"):
        parent = p.parent
        if parent is None:
            continue
        entry = best.get(parent.mem_id)
        score = len(clean(p.text()))
        best[parent.mem_id] = (parent, score + (entry[1] if entry else 0))
    if not best:
        return ""
    container = max(best.values(), key=lambda e: e[1])[0]
    return join_paragraphs([p.text() for p in container.css("p")])
