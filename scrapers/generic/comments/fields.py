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
                               "count", "rating", "vote", "votes", "like", "likes", "label",
                               "badge", "role"})
# "Nicolai11 schrieb:" — a header line naming the writer before a verb of saying.
_SAID = re.compile(r"^(.{1,60}?)\s+(?:says|said|wrote|writes|schrieb|schreibt|sagt|meint|"
                   r"a écrit|écrit|dit|napisał|napisała|пишет|написал|escribió|dice|"
                   r"scrive|ha scritto|schreef|كتب|قال)\s*:", re.I)
_EMPHASIS_IDS = tag_ids("cite", "b", "strong", "h3", "h4", "h5", "h6", "dt")
_SKIP_IDS = tag_ids("script", "style", "noscript", "svg", "img", "button", "form", "input",
                    "select", "textarea", "iframe", "template", "time")
_TIME_IDS = tag_ids("time")
(_CITE_ID,) = tag_ids("cite")
_BYLINE_PARTS = _AUTHOR_PARTS | _DATE_PARTS
_DATE_LINE_IDS = tag_ids("span", "small", "em", "i", "a", "div", "font", "abbr", "dt")
(_DD_ID,) = tag_ids("dd")
(_DT_ID,) = tag_ids("dt")
(_A_ID,) = tag_ids("a")
_PROFILE_HREF = re.compile(r"/(?:users?|profiles?|profil|members?|benutzer|nutzer|autor|authors?|"
                           r"people|uzytkownik|utilisateur|usuario)/", re.I)
_CUT = re.compile(r"\s*(?:[|•·]|\s[-–—]\s|\bon\b|\bam\b|\ble\b|\bà\b|,\s*\d).*$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
MAX_AUTHOR = 60
_DATE_LINE_NODES = 60  # elements searched for a bare printed date (the byline is near the top)


def name_parts(node: LexborNode) -> frozenset[str]:
    """Lower-cased words of the node's class and id (``listAuthor`` → list, author).

    Remembered per class-and-id string: a thread repeats the same few names in
    every comment."""
    attributes = node.attributes
    raw = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    parts = _PARTS_MEMO.get(raw)
    if parts is None:
        if len(_PARTS_MEMO) > _MEMO_SIZE:
            _PARTS_MEMO.clear()
        parts = _PARTS_MEMO[raw] = frozenset(part.lower() for part in _PARTS.findall(raw))
    return parts


_PARTS_MEMO: dict[str, frozenset[str]] = {}
_MEMO_SIZE = 20000


def header_of(item: LexborNode) -> LexborNode | None:
    """The ``dt`` before a ``dd`` item: in a ``dl`` thread the author and date
    line is the term, the comment its description."""
    if item.tag_id != _DD_ID:
        return None
    sibling = item.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.prev
    return sibling if sibling is not None and sibling.tag_id == _DT_ID else None


def own_nodes(item: LexborNode, is_item: Callable[[int], bool]) -> Iterator[LexborNode]:
    """Element descendants of ``item`` in document order, not entering nested
    items; for a ``dd`` item its ``dt`` header and the header's descendants first."""
    stack: list[LexborNode] = []
    header = header_of(item)
    if header is not None:
        yield header
        yield from own_nodes(header, is_item)
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
    """The first node with an author-naming class/id, a ``cite``, or a link to a
    user's profile page (``/user/NAME``, ``blogger.com/profile/…``) with a short name."""
    for node in nodes:
        if ((_names_author(node) and not name_parts(node) & _NOT_AUTHOR_PARTS)
                or node.tag_id == _CITE_ID
                or (node.tag_id == _A_ID and _PROFILE_HREF.search(node.attributes.get("href") or ""))) \
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


def said_by(nodes: list[LexborNode]) -> str | None:
    """The name before "schrieb:"/"says:" in the first short header line saying so."""
    for node in nodes:
        text = clean(node.text())
        if len(text) <= 160 and (match := _SAID.match(text)) and _HAS_LETTER.search(match.group(1)):
            return match.group(1)
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
    """A date from ``time`` or a date/time-named node, else the first short
    inline element that reads as a date (``<span>12/09/2021 18:30</span>``)."""
    for node in nodes:
        if node.tag_id in _TIME_IDS or name_parts(node) & _DATE_PARTS:
            for attr in ("datetime", "content", "title"):
                value = node.attributes.get(attr)
                if value and (parsed := parse_date(value)):
                    return parsed
            if parsed := find_date_in_text(clean(node.text())[:200]):
                return parsed
    for node in nodes[:_DATE_LINE_NODES]:
        if node.tag_id in _DATE_LINE_IDS:
            text = node.text()
            if 6 <= len(text) <= 60 and (parsed := find_date_in_text(clean(text))):
                return parsed
    return None


def text_candidates(nodes: list[LexborNode]) -> list[LexborNode]:
    """Text-named nodes (``commentText``, ``reply-content``, ``dd``) not named as
    an author or date line. The text word must end a class token: in
    ``justify-content-center`` it names a layout, not the text."""
    out = []
    for node in nodes:
        if not (node.tag_id == _DD_ID or _names_text(node)) or name_parts(node) & _BYLINE_PARTS:
            continue
        out.append(node)
    return out


def _names_text(node: LexborNode) -> bool:
    return _last_part_in(node.attributes.get("class"), _TEXT_PARTS)


def _names_author(node: LexborNode) -> bool:
    """An author word ends a class token or the id (``listAuthor``, ``author_name``,
    ``cite.user``; not Drupal's ``field--name-comment-body``)."""
    attributes = node.attributes
    return (_last_part_in(attributes.get("class"), _AUTHOR_PARTS)
            or _last_part_in(attributes.get("id"), _AUTHOR_PARTS))


def _last_part_in(value: str | None, words: frozenset[str]) -> bool:
    """Whether a class/id token of ``value`` ends in one of ``words``."""
    return not words.isdisjoint(_last_parts(value or ""))


def _last_parts(value: str) -> frozenset[str]:
    """The last word of each token (``listAuthor`` → author), remembered per string."""
    parts = _LAST_MEMO.get(value)
    if parts is None:
        if len(_LAST_MEMO) > _MEMO_SIZE:
            _LAST_MEMO.clear()
        found = set()
        for token in value.split():
            words = _PARTS.findall(token)
            if words:
                found.add(words[-1].lower())
        parts = _LAST_MEMO[value] = frozenset(found)
    return parts


_LAST_MEMO: dict[str, frozenset[str]] = {}

def clear_memos() -> None:
    """Forget the remembered class-name words (``scrapers.generic.clear_caches``:
    benchmarks time every variant from a cold start)."""
    _PARTS_MEMO.clear()
    _LAST_MEMO.clear()
