"""Block-aware text of a subtree: block elements become paragraphs."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ..text import INVISIBLE_CHARS, clean

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "figure", "figcaption", "form", "fieldset", "address", "hr", "br", "caption",
    "details", "summary", "center", "body", "html"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                   "-comment", "select", "option", "button"})


# What ``clean`` rewrites inside a text, besides a run of two spaces: invisible
# marks and every whitespace character but the plain space.
_REWRITTEN = re.compile(f"[{INVISIBLE_CHARS}\t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def clean_block(text: str) -> str:
    """``clean(text)``, twice as fast on the body's block texts.

    A block's raw text is mostly a paragraph between the source's line breaks
    and indentation. Once stripped, it usually holds nothing ``clean`` would
    rewrite, and then ``clean`` returns it as it is: whitespace at the ends,
    whatever it is, goes in ``clean``'s final ``strip()``. Testing for the
    characters separately from the double space (a character class alone is a
    fast scan; ``clean``'s one pattern with both is not) halves the cost.
    ``tests/test_body_text.py`` checks it against ``clean`` character by character.
    """
    stripped = text.strip()
    if "  " in stripped or _REWRITTEN.search(stripped) is not None:
        return clean(text)
    return stripped


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
