"""Text of blocks: the block-level tags, ``clean_block`` (``clean``'s result,
fast, for the body walk's block texts) and ``node_text`` (block-aware text of a
subtree: block elements become paragraphs)."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ...text import INVISIBLE_CHARS, clean

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "figure", "figcaption", "form", "fieldset", "address", "hr", "br", "caption",
    "details", "summary", "center", "body", "html"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                   "-comment", "select", "option", "button"})


# What ``clean`` rewrites inside a text, besides a run of two spaces: invisible
# marks and every whitespace character but the plain space. None is printable
# (``str.isprintable``); the ASCII ones are \t \n \r \f \v.
REWRITTEN = re.compile(f"[{INVISIBLE_CHARS}\t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def clean_block(text: str) -> str:
    """``clean(text)``, at a fraction of the cost on the body's block texts.

    A block's raw text is mostly a paragraph between the source's line breaks
    and indentation. Once stripped, it usually holds nothing ``clean`` would
    rewrite, and then ``clean`` returns it as it is: whitespace at the ends,
    whatever it is, goes in ``clean``'s final ``strip()``. Whether it holds any
    is asked with the cheapest test that answers: ``isascii`` (constant time)
    and five ``in`` scans for ASCII text; ``isprintable`` (a C loop) else, the
    character class only when that fails. ASCII text that does need rewriting,
    without the separators U+001C-U+001F (which ``split`` takes for whitespace
    and ``clean`` keeps), is the words of ``split`` joined by spaces, as in
    ``clean``'s own fast path. ``tests/test_body_text.py`` checks
    it against ``clean`` character by character.
    """
    stripped = text.strip()
    if stripped.isascii():
        if ("  " not in stripped and "\n" not in stripped and "\t" not in stripped
                and "\r" not in stripped and "\f" not in stripped and "\v" not in stripped):
            return stripped
        if ("\x1c" in stripped or "\x1d" in stripped or "\x1e" in stripped
                or "\x1f" in stripped):
            return clean(text)
        return " ".join(stripped.split())
    if "  " not in stripped and (stripped.isprintable() or REWRITTEN.search(stripped) is None):
        return stripped
    return clean(text)


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
