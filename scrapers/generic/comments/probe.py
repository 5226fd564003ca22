"""One C-level query that finds every node the comment stage starts from.

Most pages have no comments, so the stage must cost little when there are
none. A page-wide CSS query per kind of starting node (comment items,
textareas, ``#respond``, count headings, comment sections, JSON-LD scripts)
would walk the tree a dozen times in Lexbor, and long selector lists cost per
node *and* per alternative. Instead one query
with a few broad alternatives (:data:`PROBE`) collects a superset of all those
starting nodes in document order, and Python sorts them into the exact
selector groups by reading tag, class, id and attributes.

Why the probe is a superset of every page-level selector of the stage:

* every class or id the stage looks for contains ``comment`` (``.comment``,
  ``.comments-area``, ``#comments-title``...), hence ``omment``; Lexbor's
  ``[attr*=v i]`` matches ASCII case-insensitively, which covers the
  case-insensitive class/id matching of quirks-mode documents;
* the microdata alternatives (``[itemtype$="/Comment"]``,
  ``[itemtype$="/UserComments"]``, ``[itemprop="comment"]``) contain ``omment``;
* ``textarea``, ``#respond``, ``h2``-``h6`` and the JSON-LD script selector are
  in the probe verbatim.

Why sorting in Python gives exactly Lexbor's answer: :class:`Selector` parses
the stage's own selector strings (compound selectors only) and answers True or
False only when case cannot matter (an exact match, or no match even ignoring
ASCII case). When a value equals the wanted one only ignoring case (``class=
"Comment"``: a match in quirks mode, not in standards mode; ``type`` values,
which HTML compares case-insensitively) it asks Lexbor itself
(``scrapers.nodes.matches_itself``), so the answer never depends on our reading
of the spec.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ...nodes import matches_itself, tag_ids

# Selectors the stage uses page-wide (each must be covered by PROBE, see above).
ITEM_SEL = (".comment, .comment-item, .comment_item, "
            '[itemtype$="/Comment"], [itemtype$="/UserComments"], [itemprop="comment"]')
COUNT_SEL = ("h2, h3, h4, h5, h6, .comments-title, #comments-title, .comment-count, "
             ".comments-count, .comment_count, .comments_count")
SECTION_SEL = ("#comments, #respond, .comments-area, .comment-respond, .comments-section, "
               "section.comments, .article-comments, .post-comments")
RESPOND_SEL = "#respond"
RESPOND_BLOCK_SEL = "#respond, .comment-respond"
JSONLD_SEL = 'script[type="application/ld+json"]'
PROBE = ("[class*=omment i], [id*=omment i], [itemtype*=omment i], [itemprop*=omment i], "
         f"textarea, {RESPOND_SEL}, h2, h3, h4, h5, h6, {JSONLD_SEL}")
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


_HEADING_IDS = tag_ids(*_HEADINGS)
_TEXTAREA_IDS = tag_ids("textarea")

_ASCII_WS = re.compile(r"[ \t\n\f\r]+")
_COMPOUND = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][\w-]+|\[[^\]]+\])*)$")
_PART = re.compile(r'\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:([$]?=)"([^"]*)")?\]')


def _equal(value: str, wanted: str) -> bool | None:
    """True/False when case cannot matter, None when only a case-blind compare matches."""
    if value == wanted:
        return True
    return None if value.lower() == wanted.lower() else False


@dataclass(frozen=True)
class _Compound:
    """One compound selector: optional tag, then classes, ids, attribute tests."""

    tag: str | None
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    attrs: tuple[tuple[str, str | None, str], ...]  # (name, operator or None, value)

    def match(self, node: LexborNode, attributes: dict[str, str | None]) -> bool | None:
        """True or False when Lexbor would say so in either case mode, else None."""
        undecided = False
        for name, operator, wanted in self.attrs:  # cheapest first: most nodes lack them
            if name not in attributes:
                return False
            if operator is None:
                continue
            value = attributes[name] or ""
            if operator == "=":
                answer = _equal(value, wanted)
            else:  # "$="
                answer = (True if value.endswith(wanted) else
                          None if value.lower().endswith(wanted.lower()) else False)
            if answer is False:
                return False
            undecided = undecided or answer is None
        if self.tag is not None:
            answer = _equal(node.tag or "", self.tag)
            if answer is False:
                return False
            undecided = undecided or answer is None
        for name in self.ids:
            answer = _equal(attributes.get("id") or "", name)
            if answer is False:
                return False
            undecided = undecided or answer is None
        if self.classes:
            tokens = _ASCII_WS.split(attributes.get("class") or "")
            for name in self.classes:
                if name in tokens:
                    continue
                if not any(t.lower() == name.lower() for t in tokens):
                    return False
                undecided = True
        return None if undecided else True


def _compound(text: str) -> _Compound:
    match = _COMPOUND.match(text)
    if match is None:
        raise ValueError(f"unsupported selector {text!r}")
    classes, ids, attrs = [], [], []
    for cls, ident, name, operator, value in _PART.findall(match.group(2)):
        if cls:
            classes.append(cls)
        elif ident:
            ids.append(ident)
        else:
            attrs.append((name, operator or None, value))
    return _Compound(match.group(1), tuple(classes), tuple(ids), tuple(attrs))


class Selector:
    """A CSS selector list evaluated on one node in Python, Lexbor deciding the
    rare case-dependent answers (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts = [_compound(part.strip()) for part in text.split(",")]
        # For nodes whose tag, class and id are lower case (nearly all), the
        # lower-case single-class, single-id and tag.class alternatives are
        # decided exactly by set look-ups: no case-blind comparison can differ.
        self.classes: set[str] = set()
        self.ids: set[str] = set()
        self.tag_classes: set[tuple[str, str]] = set()
        self.rest: list[_Compound] = []
        for part in self.parts:
            lower = all(v == v.lower() for v in (*part.classes, *part.ids, part.tag or ""))
            if not lower or part.attrs or len(part.classes) + len(part.ids) != 1:
                self.rest.append(part)
            elif part.ids and part.tag is None:
                self.ids.add(part.ids[0])
            elif part.ids:
                self.rest.append(part)
            elif part.tag is None:
                self.classes.add(part.classes[0])
            else:
                self.tag_classes.add((part.tag, part.classes[0]))

    def matches_lower(self, node: LexborNode, attributes: dict[str, str | None], tag: str,
                      tokens: set[str], ident: str) -> bool:
        """``matches`` for a node whose tag, class and id have no upper case;
        ``tokens`` are its class tokens, ``ident`` its id."""
        if not self.classes.isdisjoint(tokens) or ident in self.ids:
            return True
        if self.tag_classes and any(tag == t and c in tokens for t, c in self.tag_classes):
            return True
        return self._any_part(self.rest, node, attributes)

    def matches(self, node: LexborNode, attributes: dict[str, str | None]) -> bool:
        return self._any_part(self.parts, node, attributes)

    def _any_part(self, parts: Sequence[Any], node: LexborNode,
                  attributes: dict[str, str | None]) -> bool:
        """True when a part matches; Lexbor decides only if a part could not."""
        undecided = False
        for part in parts:
            answer = part.match(node, attributes)
            if answer:
                return True
            undecided = undecided or answer is None
        return undecided and matches_itself(node, self.text)


_ITEM = Selector(ITEM_SEL)
_COUNT_BY_NAME = Selector(COUNT_SEL.split(", ", 5)[5])  # the class/id alternatives
_SECTION = Selector(SECTION_SEL)
_RESPOND = Selector(RESPOND_SEL)
_RESPOND_BLOCK = Selector(RESPOND_BLOCK_SEL)
_JSONLD = Selector(JSONLD_SEL)
_TEXTAREA = Selector("textarea")
# The groups a node with a comment-like class, id or microdata is sorted into.
_NAMED_GROUPS = (_ITEM, _RESPOND, _RESPOND_BLOCK, _COUNT_BY_NAME, _SECTION)
# What a lower-case node needs to match any of them: one of these classes or ids,
# or one of the attributes the remaining alternatives test. Most comment-like
# nodes (``comment-author``, ``comment-meta``...) have none and are dropped at once.
_ANY_CLASS = frozenset().union(*(g.classes | {c for _, c in g.tag_classes} for g in _NAMED_GROUPS))
_ANY_ID = frozenset().union(*(g.ids for g in _NAMED_GROUPS))
_REST_ATTRS = frozenset(name for g in _NAMED_GROUPS for part in g.rest for name, _, _ in part.attrs)
assert all(part.attrs for g in _NAMED_GROUPS for part in g.rest), "rest parts must test attributes"
# Every tag a selector of the groups names (h2-h6, textarea, script, section).
_TAG_IDS = _HEADING_IDS | tag_ids(*{part.tag for g in (*_NAMED_GROUPS, _JSONLD, _TEXTAREA)
                                     for part in g.parts if part.tag})


@dataclass
class Probe:
    """The page-wide starting nodes of the comment stage, each list in document
    order and equal to what ``tree.css(<selector>)`` returns, without repeats."""

    items: list[LexborNode] = field(default_factory=list)        # ITEM_SEL
    textareas: list[LexborNode] = field(default_factory=list)    # textarea
    respond: LexborNode | None = None                            # first RESPOND_SEL
    respond_block: LexborNode | None = None                      # first RESPOND_BLOCK_SEL
    # COUNT_SEL, each with whether its tag starts with "h" (h2-h6, also h1, header)
    counts: list[tuple[LexborNode, bool]] = field(default_factory=list)
    sections: list[LexborNode] = field(default_factory=list)     # SECTION_SEL
    scripts: list[LexborNode] = field(default_factory=list)      # JSONLD_SEL
    # Every node with a comment-like class or id (and what else the probe found
    # besides plain headings and textareas): the seeds of
    # ``structure.structural_items``. (Reply- or forum-named blocks are reached
    # through their heading: each substring alternative of PROBE costs ~0.06 ms
    # a page on every page.)
    named: list[LexborNode] = field(default_factory=list)
    # The class and id of each named node, ``f"{class} {id}"`` (read here once:
    # the structural search asks every named node whether it is a seed).
    names: list[str] = field(default_factory=list)
    # The named nodes and the h2-h6 headings, in document order: where a
    # displayed comment total may be printed (``count.displayed_total``).
    totals: list[LexborNode] = field(default_factory=list)
    _texts: dict[int, str] = field(default_factory=dict)

    def text(self, node: LexborNode) -> str:
        """``node.text()``, read once per page: headings and named nodes are read
        by the structural search, the count heading and the displayed total."""
        key = node.mem_id
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = node.text()
        return text


def probe(tree: LexborHTMLParser) -> Probe:
    """Run :data:`PROBE` once and sort its nodes into the stage's selector groups.

    Lexbor lists a node once per alternative it matches, the repeats adjacent.
    A heading or textarea listed once matched only its own tag alternative, so
    it has no comment-like name and needs no further look (most headings)."""
    found = Probe()
    runs: list[list] = []  # [node, times listed]
    last = None
    for node in tree.css(PROBE):
        key = node.mem_id
        if key == last:
            runs[-1][1] += 1
        else:
            runs.append([node, 1])
            last = key
    for node, times in runs:
        tag_id = node.tag_id
        if times == 1 and tag_id in _HEADING_IDS:
            found.counts.append((node, True))
            found.totals.append(node)
        elif times == 1 and tag_id in _TEXTAREA_IDS:
            found.textareas.append(node)
        else:
            attributes = node.attributes
            found.named.append(node)
            found.names.append(f"{attributes.get('class') or ''} {attributes.get('id') or ''}")
            found.totals.append(node)
            if tag_id in _TAG_IDS or not _in_no_group(attributes):
                _sort(node, node.tag or "", found, attributes)
    return found


def _in_no_group(attributes: dict[str, str | None]) -> bool:
    """True when a node whose tag no selector names provably matches no group.

    The groups' class and id alternatives are lower case (``_ANY_CLASS``,
    ``_ANY_ID``) and their other alternatives test an attribute
    (``_REST_ATTRS``). A node none of whose lower-cased class tokens or id is
    one of those names, and with none of those attributes, matches no group
    in either case mode: Lexbor compares ASCII case-blind at most, and two
    strings equal ignoring ASCII case are equal lower-cased. ``str.split``
    splits at more characters than ASCII whitespace, but a wanted name holds
    no whitespace of any kind, so a class token equal to one is a token of
    ``str.split`` too. Most comment-like nodes of a thread (``comment-author``,
    ``commentMeta``) end here after one split and two set look-ups."""
    return (_ANY_CLASS.isdisjoint((attributes.get("class") or "").lower().split())
            and (attributes.get("id") or "").lower() not in _ANY_ID
            and _REST_ATTRS.isdisjoint(attributes))


def _sort(node: LexborNode, tag: str, found: Probe, attributes: dict[str, str | None]) -> None:
    """Put one probe node into every group it belongs to (the general path);
    ``attributes`` are the node's."""
    if tag in _HEADINGS:
        found.counts.append((node, True))  # h2-h6 are count candidates whatever their class
    if tag == "textarea" or (tag.lower() == "textarea" and _TEXTAREA.matches(node, attributes)):
        found.textareas.append(node)
    if _named(attributes, "omment") or _named(attributes, "espond"):
        # "#respond" is the one name without "comment"
        _sort_named(node, attributes, tag, found)
    if tag == "script" and _JSONLD.matches(node, attributes):
        found.scripts.append(node)


def _named(attributes: dict[str, str | None], word: str) -> bool:
    """Whether class, id, itemtype or itemprop contain ``word`` ignoring case.

    Every class/id/microdata alternative of the stage's selectors contains
    "omment" except ``#respond``: a node failing both words can match none of
    them, so its attributes need not be sorted further."""
    for name in ("class", "id", "itemtype", "itemprop"):
        value = attributes.get(name)
        if value and word in value.lower():
            return True
    return False


def _sort_named(node: LexborNode, attributes: dict[str, str | None], tag: str,
                found: Probe) -> None:
    """Sort a node with a comment-like name: set look-ups when nothing is upper
    case, else the per-alternative evaluation that can defer to Lexbor."""
    if _in_no_group(attributes):
        return
    cls = attributes.get("class") or ""
    ident = attributes.get("id") or ""
    if cls == cls.lower() and ident == ident.lower() and tag == tag.lower():
        tokens = set(_ASCII_WS.split(cls))
        groups = [selector.matches_lower(node, attributes, tag, tokens, ident)
                  for selector in _NAMED_GROUPS]
    else:
        groups = [selector.matches(node, attributes) for selector in _NAMED_GROUPS]
    item, respond, respond_block, count, section = groups
    if item:
        found.items.append(node)
    if respond and found.respond is None:
        found.respond = node
    if respond_block and found.respond_block is None:
        found.respond_block = node
    if count and tag not in _HEADINGS:
        found.counts.append((node, tag[:1] == "h"))
    if section:
        found.sections.append(node)
