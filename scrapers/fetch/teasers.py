"""Is the "body" extraction found on a page really a column of teasers (a listing)?

A section page with summaries extracts like an article: a headline, dated, a
long body. What gives it away is structure: each summary paragraph sits in a
small container (a teaser) next to a link to *another* page — the teaser's
headline or "read more". An article's paragraphs sit together in one large
container, and its links (inline, related) are not each paired with one
paragraph. So: find the page nodes holding the body's paragraphs, grow each
to its small enclosing containers, and count the text whose container holds
no other body paragraph yet links to another page by a headline-long link.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..decode import decode_html
from ..limits import prepare
from ..text import clean
from ..urls import absolute, normalize_url

_PARAGRAPH_TAGS = "p, li, dd, td, blockquote, div"
_MIN_TITLE = 12          # link text long enough to be a headline or "read more" of a teaser
_SLACK = 250             # a teaser container holds the summary plus a title, a date, a byline


def _squash(text: str) -> str:
    """Text without any whitespace: markup adds or drops spaces around inline tags."""
    return "".join(text.split())


def teaser_share(content: bytes | str | LexborHTMLParser, url: str, body: str,
                 charset: str | None = None) -> float:
    """Fraction (0..1) of the body's text that sits in teasers linking to other pages.

    A column of teasers links each summary to its *own* story: paragraphs
    count only when at least two of them lead to two different pages. A
    one-paragraph brief next to a breadcrumb or section link is not a column
    of teasers, however short it is.
    """
    paragraphs = [p for p in body.split("\n\n") if len(p) >= 40]
    if not paragraphs:
        return 0.0
    if isinstance(content, LexborHTMLParser):
        tree = content
    else:
        text = decode_html(content, charset) if isinstance(content, bytes) else content
        tree = LexborHTMLParser(prepare(text)[0])  # the same caps as extraction
    squashed = [_squash(p) for p in paragraphs]
    wanted = {q: len(p) for q, p in zip(squashed, paragraphs, strict=False)}
    own = normalize_url(url)
    teaser_chars = 0
    targets: set[str] = set()
    longest = max(len(p) for p in paragraphs) * 2 + 200  # in raw text, whitespace included
    for node in tree.css(_PARAGRAPH_TAGS):
        raw = node.text()
        if len(raw) > longest:
            continue
        key = _squash(raw)
        if key not in wanted:
            continue
        target = _teaser_target(node, len(key), url, own, squashed)
        if target:
            teaser_chars += wanted[key]
            targets.add(target)
        del wanted[key]
        if not wanted:
            break
    if len(targets) < 2:
        return 0.0
    return teaser_chars / sum(len(p) for p in paragraphs)


def _teaser_target(node: LexborNode, size: int, base: str, own: str,
                   paragraphs: list[str]) -> str | None:
    """The other page a small container around ``node`` (holding no other body
    paragraph) links to, outside ``node``; None if there is none."""
    inner = {a.mem_id for a in node.css("a[href]")}
    container = node.parent
    while container is not None and container.tag not in ("body", "html", "main"):
        raw = container.text()
        if len(raw) > 4 * (size + _SLACK) + 400:  # far too large, whatever its whitespace
            return None
        text = _squash(raw)
        if len(text) > size + _SLACK or sum(p in text for p in paragraphs) > 1:
            return None
        for link in container.css("a[href]"):
            if link.mem_id in inner:
                continue
            target = absolute(base, link.attributes.get("href"))
            if target and normalize_url(target) != own and len(clean(link.text())) >= _MIN_TITLE:
                return normalize_url(target)
        container = container.parent
    return None
