"""Author, date and text of a comment item by structure, when no known class names them.

Themes and home-grown lists put the author in ``cite.user``, ``cite > b``,
``span.author_name``, ``div.listAuthor``, an ``h3`` or ``h6`` header line, a
``dt``; the date in ``span.datetime``, ``div.listDate``; the text in
``p.commentText``, ``div.kommentar-text``, ``div.reply-content``, a ``dd``. The
cues are the same everywhere: the *words inside class and id names* (split at
``-``, ``_`` and camelCase: ``listAuthor`` → list, author), and, failing
those, the short emphasised line (``cite``, ``b``, ``strong``, a small heading,
``dt``) in the item's header before its text. Only nodes the item owns are
read (never a nested reply's); the walk is in document order.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborNode

from ...dates import find_date_in_text, parse_date
from ...nodes import tag_ids
from ...text import clean

_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[^\W\d_]+")
_TEXT_PARTS = frozenset({"text", "texte", "content", "body", "message", "msg", "inhalt",
                         "txt", "tresc", "contenu", "dd"})
_AUTHOR_PARTS = frozenset({"author", "autor", "auteur", "autore", "user", "username", "name",
                           "nick", "nickname", "poster", "fn", "member", "nutzer", "benutzer",
                           "commenter", "who", "signature", "login"})
_DATE_PARTS = frozenset({"date", "time", "datum", "datetime", "posted", "published", "ago",
                         "timestamp", "zeit", "data", "dt", "when", "day"})
_NOT_AUTHOR_PARTS = frozenset({"avatar", "img", "image", "photo", "pic", "link", "reply",
                               "count", "rating", "vote", "votes", "like", "likes"})
_EMPHASIS_IDS = tag_ids("cite", "b", "strong", "h3", "h4", "h5", "h6", "dt")
_SKIP_IDS = tag_ids("script", "style", "noscript", "svg", "img", "button", "form", "input",
                    "select", "textarea", "iframe", "template", "time")
_TIME_IDS = tag_ids("time")
(_CITE_ID,) = tag_ids("cite")
_CUT = re.compile(r"\s*(?:[|•·]|\s[-–—]\s|\bon\b|\bam\b|\ble\b|\bà\b|,\s*\d).*$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
MAX_AUTHOR = 60


def name_parts(node: LexborNode) -> set[str]:
    """Lower-cased words of the node's class and id (``listAuthor`` → list, author)."""
    attributes = node.attributes
    raw = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return {part.lower() for part in _PARTS.findall(raw)} if raw.strip() else set()


def own_nodes(item: LexborNode, is_item: Callable[[int], bool]) -> Iterator[LexborNode]:
    """Element descendants of ``item`` in document order, not entering nested items."""
    stack: list[LexborNode] = []
    child = item.last_child
    while child is not None:
        stack.append(child)
        child = child.prev
    while stack:
        node = stack.pop()
        if not node.is_element_node or is_item(node.mem_id):
            continue
        yield node
        if node.tag_id in _SKIP_IDS:
            continue
        child = node.last_child
        while child is not None:
            stack.append(child)
            child = child.prev


def author_by_name(nodes: list[LexborNode]) -> LexborNode | None:
    """The first node with an author-naming class/id (or a ``cite``) and a short name."""
    for node in nodes:
        parts = name_parts(node)
        if ((parts & _AUTHOR_PARTS and not parts & _NOT_AUTHOR_PARTS) or node.tag_id == _CITE_ID) \
                and author_text(node):
            return node
    return None


def author_by_structure(nodes: list[LexborNode]) -> LexborNode | None:
    """The node naming the author: author-named classes first, then the first
    short emphasised line (``cite``, ``b``, ``strong``, h3-h6, ``dt``)."""
    named = author_by_name(nodes)
    if named is not None:
        return named
    for node in nodes:
        if node.tag_id in _EMPHASIS_IDS and author_text(node):
            return node
    return None


def author_text(node: LexborNode) -> str | None:
    """A short name from the node's text: cut at "|", " - ", "on <date>"…"""
    text = clean(node.text())
    if not text:
        return None
    text = _CUT.sub("", text).strip(" :,")
    if not text or len(text) > MAX_AUTHOR or not _HAS_LETTER.search(text):
        return None
    if find_date_in_text(text) is not None:
        return None
    return text


def date_by_structure(nodes: list[LexborNode]) -> str | None:
    """A date from ``time`` or a date/time-named node, else any short own line."""
    for node in nodes:
        if node.tag_id in _TIME_IDS or name_parts(node) & _DATE_PARTS:
            for attr in ("datetime", "content", "title"):
                value = node.attributes.get(attr)
                if value and (parsed := parse_date(value)):
                    return parsed
            if parsed := find_date_in_text(clean(node.text())[:200]):
                return parsed
    return None


def text_candidates(nodes: list[LexborNode]) -> list[LexborNode]:
    """Text-named nodes (``commentText``, ``reply-content``, ``dd``) not named as
    an author or date line."""
    out = []
    for node in nodes:
        parts = name_parts(node) | ({"dd"} if node.tag == "dd" else set())
        if parts & _TEXT_PARTS and not parts & (_AUTHOR_PARTS | _DATE_PARTS):
            out.append(node)
    return out
