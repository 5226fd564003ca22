"""The visible byline: the line as printed (``source``) and the person in it.

The first candidate in document order (the article's byline comes before
teasers and comments), looked for first around the ``<h1>``. A structured mark
(``itemprop=author``, ``rel=author``, an RDFa/microdata ``Person``) gives the
exact name, and the printed line is the
inline run around it ("By Daniel Ortega", "Par Sophie Martin"), cut at a
``|``/``•`` separator so the date beside it stays out. An element whose class
or id says byline/author/source gives the line as is ("الشمال بريس: محمد
أمزيان"); its person is its structured name, its author links, or what follows
"Site name:" — the ``Site: Author`` form of Arabic news bylines.

Anything inside a comment (class/id/itemprop/itemtype naming comments) or a
form is a commenter, never the article's author.
"""
from __future__ import annotations

import re
from typing import TypeGuard

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ...dates import find_date_in_text
from ...nodes import tag_ids
from ...text import clean
from .values import clean_at_most

MAX_BYLINE = 100
HEADLINE_LEVELS = 3
# <meta itemprop=author> and <link rel=author> are never the visible byline
# (see _NOT_BYLINE_TAGS), and they often come first: leaving them out of the
# candidates lets the search stop at its first candidate.
_STRUCTURED = ('[itemprop~="author"]:not(meta, link), [rel~="author"]:not(meta, link), '
               '[typeof~="schema:Person"], [typeof~="Person"]')
_NAMED = ('[class*="byline" i], [id*="byline" i], [class*="author" i], [class*="source" i], '
          '[class*="writtenby" i], [class*="dateline" i]')
_SELECTOR = f"{_STRUCTURED}, {_NAMED}"
_INLINE = frozenset({"span", "a", "em", "strong", "b", "i", "small", "font", "cite", "bdi"})
_NOT_BYLINE_TAGS = frozenset({"input", "label", "textarea", "form", "meta", "link", "img",
                              "script", "style", "button", "select", "option", "body", "html"})
_SEPARATORS = re.compile(r"\s+[|•·]\s+")
_BY_PREFIX = re.compile(r"^(by|par|von|por|door|di|بقلم|كتب|كتبه|إعداد|اعداد)\s*[:\-–]?\s+",
                        re.IGNORECASE)
_URL = re.compile(r"^(https?:)?//|^www\.")
# The last " — ", " – ", " - ", " | " or " · " of a byline line ("بقلم: X — 24 نونبر 2026").
_LAST_SEPARATOR = re.compile(r"\s+[—–|•·-]\s+(?!.*\s[—–|•·-]\s)")
_COMMENT = re.compile(r"comment|respond|reply|disqus", re.IGNORECASE)
_COMMENT_ATTRS = ("class", "id", "itemprop", "itemtype")
# The tag tests below read Lexbor's numeric ``tag_id`` (``node.tag`` decodes a
# new string on every call); ``tag_id in tag_ids(*names)`` is ``tag in names``.
_NOT_BYLINE_IDS = tag_ids(*_NOT_BYLINE_TAGS)
_TOP_IDS = tag_ids("body", "html")
(_FORM_ID,) = tag_ids("form")


def in_comments(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None:
        tag_id = current.tag_id
        if tag_id in _TOP_IDS:
            break
        if tag_id == _FORM_ID:
            return True
        attrs = current.attributes
        if attrs:
            # One search per attribute: the words have no spaces, so this finds
            # what a search of the attributes joined with spaces would.
            for key in _COMMENT_ATTRS:
                value = attrs.get(key)
                if value and _COMMENT.search(value):
                    return True
        current = current.parent
    return False


def _plausible(text: str | None) -> TypeGuard[str]:
    if not text:
        return False
    return len(text) <= MAX_BYLINE and not _URL.match(text) and any(ch.isalpha() for ch in text)


def author_name(text: str | None) -> str | None:
    """A name from a byline string: no "By" prefix, no URL, not overlong."""
    text = clean(text)
    if not _plausible(text):
        return None
    return _without_trailing_date(_BY_PREFIX.sub("", text).strip()) or None


def _without_trailing_date(name: str) -> str:
    """"X — 24 نونبر 2026" -> "X": a byline line's last part, when it is a date."""
    match = _LAST_SEPARATOR.search(name)
    if match and match.start() > 0 and find_date_in_text(name[match.end():]):
        return name[:match.start()].strip()
    return name


def _line_around(node: LexborNode, name: str) -> str:
    """The printed line holding ``name``: inline ancestors, plus the enclosing
    block when the name stands alone, cut at separators to the name's segment."""
    current = node
    while current.parent is not None and current.parent.tag in _INLINE:
        current = current.parent
    if clean(current.text()) == name and current.parent is not None:
        parent_text = clean(current.parent.text())
        if parent_text and len(parent_text) <= 2 * MAX_BYLINE:
            current = current.parent
    return _segment(clean(current.text()), name)


def _segment(line: str, name: str | None) -> str:
    """The part of a "By X | date" line that holds the name."""
    if name:
        for segment in _SEPARATORS.split(line):
            if name in segment:
                return segment.strip()
    return line


def _structured_name(node: LexborNode) -> str | None:
    named = node.css_first('[itemprop~="name"], [property~="schema:name"], [property~="name"]')
    return author_name((named or node).text())


def _name_in_line(node: LexborNode, text: str, site_name: str | None) -> str | None:
    named = node.css_first('[itemprop~="name"], [property~="schema:name"]')
    if named is not None and clean(named.text()):
        return author_name(named.text())
    links = [clean(a.text()) for a in node.css("a[href]")]
    links = [t for t in links if _plausible(t)]
    if links and len(" ".join(links)) < len(text):
        return ", ".join(dict.fromkeys(links))
    if site_name and ":" in text:
        head, _, tail = text.partition(":")
        if clean(head).casefold() == clean(site_name).casefold():
            return author_name(tail)
    return author_name(text)


def _is_structured(node: LexborNode) -> bool:
    attrs = node.attributes
    return ("author" in (attrs.get("itemprop") or "").split()
            or "author" in (attrs.get("rel") or "").split()
            or "Person" in (attrs.get("typeof") or ""))


_FIND = object()  # "look the <h1> up yourself"


def visible_byline(tree: LexborHTMLParser, site_name: str | None,
                   first_h1: LexborNode | None | object = _FIND) -> tuple[str | None, str | None]:
    """(byline line as printed, author name) or (None, None): the first byline
    in document order (the article's comes before teasers and comments).

    ``first_h1`` is the first ``<h1>`` inside ``<body>`` (None: there is none)
    when the caller already has it from its own walk of the tree.
    """
    root = tree.body
    if root is None:
        return None, None
    if first_h1 is _FIND:
        first_h1 = root.css_first("h1")
    near = _headline_region(first_h1)  # type: ignore[arg-type]
    if near is not None:
        found = _first_byline(near, site_name)
        if found[0]:
            return found
    return _first_byline(root, site_name)


def _headline_region(node: LexborNode | None) -> LexborNode | None:
    """A few levels around the first ``<h1>``: where bylines sit. Searching
    there first is faster and skips author-marked teasers earlier in the page."""
    for _ in range(HEADLINE_LEVELS):
        if node is None or node.parent is None or node.parent.tag_id in _TOP_IDS:
            break
        node = node.parent
    return node


def _first_byline(root: LexborNode, site_name: str | None) -> tuple[str | None, str | None]:
    """The first byline candidate under ``root`` (document order) that reads as one.

    Each ``css`` call walks the whole subtree, which is most of this stage's
    cost, so the candidates are read in three steps, each only if the one
    before found nothing: the first candidate (``css_first`` stops there; it
    usually is the byline), then its own subtree (an ``author-box`` around
    the byline line comes before that line), then the whole list, skipping
    the ones already judged. All three follow document order, so the answer
    is the one a single pass over ``root.css(...)`` gives.
    """
    first = root.css_first(_SELECTOR)
    if first is None:
        return None, None
    found = _byline_at(first, site_name)
    if found is not None:
        return found
    inside_first = first.css(_SELECTOR)  # ``first`` itself, then its descendants
    for node in inside_first[1:]:
        found = _byline_at(node, site_name)
        if found is not None:
            return found
    # The subtree of ``first`` is where root's list starts: skip past it.
    for node in root.css(_SELECTOR)[len(inside_first):]:
        found = _byline_at(node, site_name)
        if found is not None:
            return found
    return None, None


def _byline_at(node: LexborNode, site_name: str | None) -> tuple[str, str | None] | None:
    """(line, name) if this candidate is a byline, else None."""
    if node.tag_id in _NOT_BYLINE_IDS:
        return None
    if _is_structured(node):
        name = _structured_name(node)
        if name and not in_comments(node):
            return _line_around(node, name), name
        return None
    text = clean_at_most(node.text(deep=True), MAX_BYLINE)
    if _plausible(text) and not in_comments(node):
        name = _name_in_line(node, text, site_name)
        return _segment(text, name), name
    return None
