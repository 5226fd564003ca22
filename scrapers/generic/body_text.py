"""Block-aware text of a subtree: block elements become paragraphs."""
from __future__ import annotations

from selectolax.lexbor import LexborNode

from ..text import clean

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "figure", "figcaption", "form", "fieldset", "address", "hr", "br", "caption",
    "details", "summary", "center", "body", "html"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                   "-comment", "select", "option", "button"})


def node_text(node: LexborNode) -> str:
    """Paragraphs of ``node``'s text separated by blank lines."""
    paragraphs: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = clean("".join(parts))
        if text:
            paragraphs.append(text)
        parts.clear()

    def walk(n: LexborNode) -> None:
        child = n.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag not in _SKIP:
                block = tag in BLOCK_TAGS
                if block:
                    flush()
                walk(child)
                if block:
                    flush()
            child = child.next
    walk(node)
    flush()
    return "\n\n".join(paragraphs)
