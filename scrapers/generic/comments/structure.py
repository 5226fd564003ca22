"""Comment threads found by structure, when no item carries a known comment class.

Home-grown lists, comment plugins and forum-backed threads name their items
anything (``div.kb-comment``, ``div.wc-comment``, ``li.forum-fil``,
``div#comment-item-15``, a bare ``li`` under ``ul.CommentList``, phpBB's
``div.post``…). What they share is the shape: *repeated sibling items* under
a comments region, each holding a short author/date line and a text block.

The seeds are the probe's nodes whose class or id holds the *word* comment,
Kommentar, commentaire, forum, reply or reaction (:data:`REGION_NAME`; not
"religiouscommentary"), unless that word is followed by a furniture word
(``comment-form``, ``comments-count``), and the blocks after a heading that
names comments ("Kommentare", "تعليقات القراء", "Réactions", "Discussion").
Around each seed, the children of its parent and its own children are grouped
by *signature* (tag plus the first class token that is not a state like
``even``, digits dropped; else the id without digits). A group qualifies when
most members are comment-shaped (:func:`_shape`), one holds a phrase, and most
of the first few show an author or a date; a lone member must be named like a
comment itself and dated. The largest qualifying group wins; its replies are
the nodes with the same signature nested inside the same region.

Precision comes from the shape test, not from names: a member must hold a
byline and a text as separate pieces, little of its text may be link text
("recent comments" widgets are lists of links to other articles), it may hold
no form or navigation, and a headline or a heading linking to another page
(a teaser) rules its whole group out; a group inside a "recent/latest/popular"
block or in navigation is never the thread.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

from selectolax.lexbor import LexborNode

from ...dates import find_date_in_text
from ...nodes import tag_ids
from ...text import clean, clean_length
from .fields import author_by_name, date_by_structure, header_of, own_nodes

# A class/id word naming comments, replies or a forum: the word itself, ended by
# a non-letter or a capital (``kb-comment``, ``commentsCon``, ``kommentarModul``,
# ``comment3111``), not a longer word (``religiouscommentary``, ``commenter``).
REGION_NAME = re.compile(r"[cCkK]omment(?:s|aires?|are|ar(?:e|er|en)?)?(?![a-z])|COMMENTS?|"
                         r"[kK]omentarz[ey]?(?![a-z])|"
                         r"[fF]orum(?![a-z])|[rR]epl(?:y|ies)(?![a-z])|[rR][ée]actions?(?![a-z])|"
                         r"[dD]i[sk]{1,2}ussion(?![a-z])")


def region_named(name: str) -> bool:
    """``REGION_NAME.search(name) is not None``, most names answered by a few
    C-level substring tests: every alternative of the pattern holds one of
    these pieces, and the pattern (no alternative of it starting with a
    literal) costs a try at every character of a name that has none."""
    return (("omment" in name or "OMMENT" in name or "orum" in name or "epl" in name
             or "action" in name or "ussion" in name or "omentarz" in name)
            and REGION_NAME.search(name) is not None)


HEADING_WORDS = re.compile(
    r"^\W*(?:\d+\s+)?(?:leser)?(?:comments?|kommentare?|commentaires?|comentarios?|"
    r"commenti|komentarze?|reactions?|réactions?|reacties|responses|replies|"
    r"diskussion|discussion|التعليقات|تعليقات|تعليقات القراء|ردود|آراء القراء|"
    r"комментарии|комментариев)\b", re.I)
# Every word HEADING_WORDS accepts contains one of these pieces.
_HEADING_PIECE = re.compile("omment|coment|komentar|eaction|éaction|reacties|respons|repl|"
                            "iskussion|iscussion|تعليق|ردود|آراء|коммент")  # on lower-cased text
# Seeds named as the form, its fields, buttons, counters, links or tabs (a word
# of the comment-named token: "comment-form-padder", "commentsCount",
# "cancel-comment-reply-link"): furniture around a thread, never a comment or a
# list of them.
_FURNITURE = frozenset({"form", "respond", "title", "notes", "login", "logout", "count", "counter",
                        "link", "links", "button", "icon", "field", "fields", "submit", "policy",
                        "rules", "subscribe", "share", "rss", "feed", "padder", "registration",
                        "modal", "tabs", "tab", "toggle", "btn", "bar", "header", "input",
                        "textarea", "editor", "status", "closed", "open", "guidelines"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")

_WIDGET_HINT = re.compile(r"recent|latest|popular|most", re.I)
_WIDGET_TOKEN = re.compile(r"recent|latest|popular|most-?(?:read|comment|view)", re.I)
_STOP_IDS = tag_ids("nav", "body", "html", "main")
_CHROME_IDS = tag_ids("nav")
_SHAPE_SEL = "h1, form, nav, a, button, label, option"
(_H1_ID,) = tag_ids("h1")
(_A_ID,) = tag_ids("a")
_BLOCKING_IDS = tag_ids("form", "nav")
_TEASER_HEADING_IDS = tag_ids("h2", "h3", "h4")

_ITEM_TAG_IDS = tag_ids("li", "article", "div", "section", "dd", "dl", "tr", "blockquote",
                        "table", "a")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_STATE_TOKENS = frozenset({"even", "odd", "alt", "first", "last", "active", "new", "clearfix",
                           "clear", "hidden", "selected", "highlight", "highlighted", "row",
                           "item", "js-comment"})
_LETTER = re.compile(r"[^\W\d_]")
_MIN_TEXT = 12            # characters of own non-link text a comment holds at least
_MAX_LINK_SHARE = 0.5
_MAX_MEMBERS = 2000
_MAX_LONE = 8000          # characters of text a lone comment holds at most
_EVIDENCE_SAMPLE = 6      # members asked for an author or a date
_HEAD_NODES = 80          # elements of a member searched for its byline
_HEAD_CHARS = 3000        # characters of a member searched for its text pieces


def _furniture(name: str) -> bool:
    """Whether a comment-named token of ``name`` has a furniture word after its
    comment word (``comment-form-padder``, ``comments-count``; not
    ``allShareBarComments``)."""
    for token in name.split():
        match = REGION_NAME.search(token) if region_named(token) else None
        if match and any(word.lower() in _FURNITURE for word in _WORDS.findall(token[match.end():])):
            return True
    return False


def signature(node: LexborNode) -> tuple[int, str]:
    """Tag id and the first class token that is not a state (``even``, ``odd``,
    ``first``…), digits dropped; else the id without digits (JComments'
    ``div.even#comment-item-15``, ``div.odd#comment-item-16`` are alike)."""
    attributes = node.attributes
    for token in (attributes.get("class") or "").split():
        if token.lower() not in _STATE_TOKENS:
            return node.tag_id, token.translate(_NO_DIGITS)
    return node.tag_id, (attributes.get("id") or "").translate(_NO_DIGITS)


def structural_items(named: list[LexborNode], headings: list[LexborNode],
                     text_of: Callable[[LexborNode], str] = LexborNode.text,
                     names: list[str] | None = None) -> list[LexborNode]:
    """Comment items in document order, or [] when no group looks like a thread.

    ``named`` are the page's nodes whose class/id name comments, replies or a
    forum; ``headings`` its h2-h6 headings (those naming comments are used).
    ``names``, when given, holds ``f"{class} {id}"`` of each named node (the
    probe has read them already)."""
    containers: dict[int, LexborNode] = {}
    if names is None:
        names = [_class_and_id(node) for node in named]
    for node, name in zip(named, names, strict=True):
        if not seed_name(name):
            continue
        # An icon, a counter or a "Comments" link (most seeds on pages without
        # comments) is too short to be an item or to hold items: skipped.
        size = len(text_of(node))
        if size < _MIN_TEXT:
            continue
        containers.setdefault(node.mem_id, node)
        # A seed the size of a comment may be one: its siblings are the list. A
        # larger seed is a region; its parent is a layout block.
        if size <= _MAX_LONE and node.parent is not None:
            containers.setdefault(node.parent.mem_id, node.parent)
    for heading in headings:
        if _names_comments(text_of(heading)):
            for container in _after_heading(heading):
                containers.setdefault(container.mem_id, container)
    best: list[LexborNode] = []
    best_size = 0
    shapes: _Shapes = {}  # a node's shape, worked out once in this search
    lone: list[tuple[LexborNode, int]] = []
    groups = [members for container in containers.values() for members in _groups(container)]
    for members in groups:  # repeated siblings first
        if len(members) > 1:
            shaped = _shaped_members(members, shapes)
            if len(shaped) == 1:
                lone.append(shaped[0])
            size = sum(size for _, size in shaped)
            if len(shaped) > 1 and size > best_size:
                best, best_size = [node for node, _ in shaped], size
    if not best:
        # Only then single nodes: a page with one comment (the inner parts of a
        # thread's comments are single nodes too, and many).
        lone.extend(shaped[0] for members in groups
                    if len(members) == 1 and (shaped := _shaped_members(members, shapes)))
    if not best and lone:
        # A lone comment: the innermost of nested candidates (a wrapper holding
        # the comment and a login link is not the comment).
        ids = {node.mem_id for node, _ in lone}
        inner = [(node, size) for node, size in lone
                 if not any(d.mem_id in ids for d in node.traverse() if d.mem_id != node.mem_id)]
        best = [max(inner, key=lambda pair: pair[1])[0]] if inner else []
    if not best:
        return []
    return _with_replies(best, shapes)


def _class_and_id(node: LexborNode) -> str:
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}"


def seed_name(name: str) -> bool:
    """Whether a class-and-id string makes its node a seed: a comment word
    (:data:`REGION_NAME`) not followed by a furniture word. Remembered per
    string, as the body stage remembers class verdicts: a thread repeats its
    few names in every comment (cleared by ``clear_memos``)."""
    known = _SEED_MEMO.get(name)
    if known is None:
        if len(_SEED_MEMO) > _MEMO_SIZE:
            _SEED_MEMO.clear()
        known = _SEED_MEMO[name] = _seed_by_tokens(name)
    return known


def seed_name_by_rule(name: str) -> bool:
    """``seed_name`` without the memos: the reference ``_seed_by_tokens`` must agree with."""
    return region_named(name) and not _furniture(name)


def _seed_by_tokens(name: str) -> bool:
    """``seed_name_by_rule`` from per-token verdicts. Most class-and-id strings
    are new to the page, but their tokens (``comment-author``, ``vcard``) are
    not, so the verdicts are remembered per token. A REGION_NAME match lies
    inside one ``str.split`` token (the pattern holds no whitespace, and its
    closing ``(?![a-z])`` sees whitespace or the token's end alike), so the
    name matches exactly when one of its tokens does."""
    named = False
    for token in name.split():
        verdict = _TOKEN_MEMO.get(token)
        if verdict is None:
            if len(_TOKEN_MEMO) > _MEMO_SIZE:
                _TOKEN_MEMO.clear()
            verdict = _TOKEN_MEMO[token] = _token_verdict(token)
        if verdict is _FURNITURE_TOKEN:
            return False
        named = named or verdict is _REGION_TOKEN
    return named


_REGION_TOKEN, _FURNITURE_TOKEN, _OTHER_TOKEN = "region", "furniture", "other"


def _token_verdict(token: str) -> str:
    """Whether a token names a region (a comment word), names furniture (a
    comment word followed by a furniture word, see ``_furniture``), or neither."""
    match = REGION_NAME.search(token) if region_named(token) else None
    if match is None:
        return _OTHER_TOKEN
    if any(word.lower() in _FURNITURE for word in _WORDS.findall(token[match.end():])):
        return _FURNITURE_TOKEN
    return _REGION_TOKEN


_SEED_MEMO: dict[str, bool] = {}
_TOKEN_MEMO: dict[str, str] = {}
_MEMO_SIZE = 20000


def clear_memos() -> None:
    """Forget the remembered seed-name verdicts (``scrapers.generic.clear_caches``)."""
    _SEED_MEMO.clear()
    _TOKEN_MEMO.clear()


def heading_piece(low: str) -> bool:
    """``_HEADING_PIECE.search(low) is not None`` as substring tests: a
    C-level scan each, where the expression tries every piece at every
    character of every heading of the page."""
    return ("omment" in low or "coment" in low or "komentar" in low or "eaction" in low
            or "\u00e9action" in low or "reacties" in low or "respons" in low or "repl" in low
            or "iskussion" in low or "iscussion" in low or "تعليق" in low or "ردود" in low
            or "آراء" in low or "коммент" in low)


def _names_comments(raw: str) -> bool:
    """Whether a heading's text names comments ("Kommentare", "3 Comments")."""
    if len(raw) > 200:
        return False
    if not heading_piece(raw.lower()):
        return False
    text = clean(raw)
    return 0 < len(text) <= 60 and HEADING_WORDS.match(text) is not None


def _after_heading(heading: LexborNode) -> Iterator[LexborNode]:
    """The heading's parent and the element siblings after the heading (a list
    or a wrapper of items), at most three."""
    if heading.parent is not None:
        yield heading.parent
    sibling, taken = heading.next, 0
    while sibling is not None and taken < 3:
        if sibling.is_element_node:
            yield sibling
            taken += 1
        sibling = sibling.next


def _groups(container: LexborNode) -> Iterator[list[LexborNode]]:
    """The container's element children grouped by signature, groups of item tags."""
    groups: dict[tuple[int, str], list[LexborNode]] = {}
    child = container.child
    while child is not None:
        if child.is_element_node and child.tag_id in _ITEM_TAG_IDS:
            groups.setdefault(signature(child), []).append(child)
        child = child.next
    yield from groups.values()


def _shaped_members(members: list[LexborNode], shapes: _Shapes | None = None,
                    ) -> list[tuple[LexborNode, int]]:
    """The comment-shaped members of a group with their text size, or [] when the
    group does not look like a comment list: most members must be shaped, a lone
    member must be named like a comment, and most must show an author or a date.

    The shapes are worked out first and the bylines (the costlier test) only
    for a group that can still qualify: a member without comment text counts
    against the group whatever its byline, a headline rules the group out, and
    a group where no member with text holds a phrase fails whatever the
    bylines say (most groups of a page without comments end there)."""
    if len(members) > _MAX_MEMBERS:
        return []
    if len(members) == 1 and not (_named_itself(members[0]) and len(members[0].text()) <= _MAX_LONE):
        return []  # a lone comment is named like one and not a whole page section
    allowed = len(members) // 2  # members that may fail the shape test
    sized: list[tuple[LexborNode, int, bool]] = []
    phrases = False
    for node in members:
        size, phrase = _shape_once(node, shapes)
        if size < 0:
            return []
        if not size:
            allowed -= 1
            if allowed < 0:
                return []
        phrases = phrases or phrase
        sized.append((node, size, phrase))
    # Short comments ("Danke!") may lack a phrase; a group where none has one is
    # a bar of labels and buttons.
    if not phrases:
        return []
    heads = _Heads()
    shaped: list[tuple[LexborNode, int]] = []
    for node, size, phrase in sized:
        if not size:
            continue
        if phrase or heads.evidence(node):  # a short comment shows its byline
            shaped.append((node, size))
        else:
            allowed -= 1
            if allowed < 0:
                return []
    if 2 * len(shaped) < len(members):
        return []
    if len(shaped) < 2 and not (shaped[0][1] <= _MAX_LONE and _named_itself(shaped[0][0])
                                and heads.dated(shaped[0][0])):
        return []  # a lone comment is named like one, dated and not a whole page section
    # Comments name their writer or their date: most members show one (the
    # first few are asked).
    sample = shaped[:_EVIDENCE_SAMPLE]
    evidence = sum(1 for node, _ in sample if heads.evidence(node))
    if 2 * evidence < len(sample) or in_widget(members[0], {}):
        return []
    return shaped


class _Heads:
    """The byline tests of one group's members, each member's head read once
    (the loop and the sample ask the same members)."""

    def __init__(self) -> None:
        self._heads: dict[int, list[LexborNode]] = {}
        self._evidence: dict[int, bool] = {}

    def head(self, node: LexborNode) -> list[LexborNode]:
        """The first elements of a member: where a comment's byline is (its
        header, or the footer of a short comment). A long member is not read
        to its end."""
        key = node.mem_id
        nodes = self._heads.get(key)
        if nodes is None:
            nodes = self._heads[key] = list(islice(own_nodes(node, _never), _HEAD_NODES))
        return nodes

    def dated(self, node: LexborNode) -> bool:
        nodes = self.head(node)
        return date_by_structure(nodes) is not None or any(_dated_line(n) for n in nodes)

    def evidence(self, node: LexborNode) -> bool:
        """An author-named node, a ``cite``, or a dated date/time-named node or ``time``."""
        key = node.mem_id
        found = self._evidence.get(key)
        if found is None:
            nodes = self.head(node)
            found = self._evidence[key] = (
                author_by_name(nodes) is not None or date_by_structure(nodes) is not None
                or any(_dated_line(n) for n in nodes))
        return found


def _dated_line(node: LexborNode) -> bool:
    """A short own line of the node that reads as a date ("(22 juin 2018 @11h13)")."""
    child = node.child
    while child is not None:
        if child.is_text_node:
            text = (child.text_content or "").strip()
            if 6 <= len(text) <= 80 and find_date_in_text(text) is not None:
                return True
        child = child.next
    return False


def _never(_: int) -> bool:
    return False


def _named_itself(node: LexborNode) -> bool:
    """A lone comment must be named like one itself (its parent often is a comment block)."""
    attributes = node.attributes
    return region_named(f"{attributes.get('class') or ''} {attributes.get('id') or ''}")


def _comment_shaped(node: LexborNode, strict: bool = True, shapes: _Shapes | None = None) -> int:
    """Own non-link text length of a comment-shaped node, 0 when it is not one,
    -1 when it rules its whole group out (a headline, a teaser: a heading that
    links to another page; a comment's title links, if at all, to its own
    anchor). ``strict`` asks for a phrase of three words in one text piece."""
    size, phrase = _shape_once(node, shapes)
    return 0 if strict and size > 0 and not phrase else size


# ``_shape`` of nodes by mem_id, kept for one structural search (one tree).
_Shapes = dict[int, tuple[int, bool]]


def _shape_once(node: LexborNode, shapes: _Shapes | None) -> tuple[int, bool]:
    """``_shape(node)``, remembered in ``shapes`` (when given): the members of
    the winning group are shaped again as the search collects its replies
    (``_with_replies``), a fifth of all shapes asked for on the broad set."""
    if shapes is None:
        return _shape(node)
    key = node.mem_id
    found = shapes.get(key)
    if found is None:
        found = shapes[key] = _shape(node)
    return found


def _shape(node: LexborNode) -> tuple[int, bool]:
    """``_comment_shaped`` without the phrase test, and whether a phrase is there.
    One query gathers headlines, forms, links and controls."""
    raw = node.text(separator="\x00")
    if len(raw) < _MIN_TEXT:
        return 0, False  # cheapest test first: most members of most groups stop here
    size = clean_length(raw.replace("\x00", ""))  # the cleaned text is only measured
    if size < _MIN_TEXT:
        return 0, False
    own, links, blocked = node.mem_id, 0, False
    seen: set[int] = set()
    for match in node.css(_SHAPE_SEL):
        key = match.mem_id
        if key == own or key in seen:
            continue
        seen.add(key)
        tag = match.tag_id
        if tag == _H1_ID:
            return -1, False
        if tag in _BLOCKING_IDS:
            blocked = True
            continue
        if tag == _A_ID and "#" not in (match.attributes.get("href") or "#") and _in_heading(match, own):
            return -1, False
        links += clean_length(match.text())
    if blocked:
        return 0, False
    if node.tag_id == _A_ID:
        links = 0 if node.css_first("p, div") is not None else size
    if links > _MAX_LINK_SHARE * size:
        return 0, False
    # An author/date line and a text block: at least two separate text pieces;
    # a phrase (three words in one piece) tells prose from a menu of labels.
    pieces = [piece for piece in raw[:_HEAD_CHARS].split("\x00") if not piece.isspace() and piece]
    if header_of(node) is not None:
        pieces.append("")  # the dt before a dd is its author/date line
    if len(pieces) < 2:
        return 0, False
    return size - links, any(_phrase(piece) for piece in pieces)


def _phrase(piece: str) -> bool:
    """Three words with letters in one text piece (``_phrase_by_rule``), asked
    of every piece of every member: it stops at the third such word, and a word
    of letters only (``isalpha``: Unicode letters, which ``_LETTER`` matches)
    needs no search."""
    words = piece.split()
    if len(words) < 3:
        return False
    found = 0
    for word in words:
        if word.isalpha() or _LETTER.search(word):
            found += 1
            if found == 3:
                return True
    return False


def _phrase_by_rule(piece: str) -> bool:
    """``_phrase`` spelled out: the reference its shortcuts must agree with."""
    words = piece.split()
    return len(words) >= 3 and sum(1 for word in words if _LETTER.search(word)) >= 3


def _in_heading(link: LexborNode, stop: int) -> bool:
    """Whether the link sits in an h2-h4 inside the node ``stop``."""
    current = link.parent
    while current is not None and current.mem_id != stop:
        if current.tag_id in _TEASER_HEADING_IDS:
            return True
        current = current.parent
    return False


def widget_hint(raw: str) -> bool:
    """``_WIDGET_HINT.search(raw) is not None``; for ASCII text (``re.I``
    then folds exactly the letters ``lower()`` does) by substring tests, a
    C-level scan each instead of the expression's try at every character of
    every class and id walked."""
    if raw.isascii():
        low = raw.lower()
        return "recent" in low or "latest" in low or "popular" in low or "most" in low
    return _WIDGET_HINT.search(raw) is not None


def in_widget(node: LexborNode, memo: dict[int, bool], nav: bool = True) -> bool:
    """Whether the node sits in navigation or in a block whose class/id token
    names a "recent/latest/popular/most commented" list: such lists quote
    comments on other articles. (``aside``, ``footer`` and "widget" or
    "sidebar" names are no sign: blog templates put the real thread in them.)
    ``nav=False`` does not count navigation either (a share bar in a ``nav``
    may show the article's comment total). ``memo`` keeps the answer of every
    ancestor walked."""
    path: list[int] = []
    current = node.parent
    answer = False
    while current is not None:
        key = current.mem_id
        if key in memo:
            answer = memo[key]
            break
        path.append(key)
        if current.tag_id in _STOP_IDS:
            answer = nav and current.tag_id in _CHROME_IDS
            break
        attributes = current.attributes
        raw = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if widget_hint(raw) and any(_WIDGET_TOKEN.search(t) for t in raw.split()):
            answer = True
            break
        current = current.parent
    for key in path:
        memo[key] = answer
    return answer


def _with_replies(members: list[LexborNode], shapes: _Shapes | None = None) -> list[LexborNode]:
    """The members plus nodes of the same signature nested in their region, in
    document order (replies inside an item or in a reply block beside it)."""
    wanted = signature(members[0])
    region = members[0].parent
    if region is None:
        return members
    found: list[LexborNode] = []
    for node in region.traverse():
        if (node.mem_id != region.mem_id and node.tag_id == wanted[0]
                and signature(node) == wanted and _comment_shaped(node, strict=False, shapes=shapes) > 0):
            found.append(node)
    seen = {n.mem_id for n in found}
    return found if all(m.mem_id in seen for m in members) else members
