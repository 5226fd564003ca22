"""Comment items: finding them and reading each one's author, date, text and parent.

Items are the nodes matching ``ITEM_SEL`` (found by the stage's probe) that own
some text. Each item's author, date and text are read only from nodes that
belong to that item and not to a nested reply: :class:`Items` answers "which
nodes matching selector S does item I own" with one query per selector,
bucketed by owner. Those queries run on the lowest common ancestor of the
items, not on the whole page: every node inside an item lies in that subtree
(the LCA of the first and last item in document order contains everything
between them), so the answers are the same at a fraction of the cost.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ...dates import find_date_in_text, parse_date
from ...nodes import common_ancestor, has, holders, previous_element, select, tag_ids
from ...record import Comment
from ...text import clean, clean_length
from .fields import author_by_structure, author_text, date_by_structure, own_nodes, said_by, text_candidates
from .structure import in_widget, signature

_ITEM_TAGS = frozenset({"li", "article", "div", "section", "dd", "dl", "tr", "td",
                        "blockquote", "aside", "table"})
# Marked text fields win over every class name (Drupal prints the comment's title
# in a ``.field--name-comment-body`` too, before the RDFa ``schema:text`` body).
_MARKED_TEXT = ('[itemprop="text"], [itemprop="commentText"], [property="schema:text"], '
                '[property="text"]')
_TEXT_SEL = (f"{_MARKED_TEXT}, .comment-content, .comment-text, "
             ".comment_content, .comment_text, .comment-body-text, .field--name-comment-body, "
             ".field-name-comment-body, .comment__content, .comment__body, .comment-message, "
             ".comment-body, .comment_body, .entry-content, .e-content")
# In priority order: the first selector giving a short name wins.
_AUTHOR_SEL = ('[itemprop="author"] [itemprop="name"], [itemprop="author"], .comment-author .fn, '
               ".fn, .comment-author cite, .comment-author strong, .comment-author b, "
               "cite.user, cite.fn, cite > b, cite > strong, cite > a, "
               ".comment-author, .comment__author, .comment-author-name, .comment_author, "
               ".username, .user-name, .author-name, .author")
_AUTHOR_SELECTORS = [s.strip() for s in _AUTHOR_SEL.split(",")]
# In priority order: machine-readable attributes before printed text.
_DATE_SEL = ('time[datetime], [itemprop="dateCreated"], [itemprop="datePublished"], '
             "[itemprop=\"commentTime\"], .comment-metadata, .comment-meta, .comment-date, "
             ".comment_date, .comment__time, .comment-time, .submitted, .date, .meta, "
             '.published, .dt-published, a[href*="#comment"]')
_DATE_SELECTORS = [s.strip() for s in _DATE_SEL.split(",")]
# RDFa dates (Drupal's ``property="dc:date dc:created" content="…"``): one query.
_DATE_SELECTORS.insert(4, '[property*="dc:date"], [property*="dc:created"], '
                          '[property="schema:dateCreated"]')
# Inside a text node: everything that is chrome rather than what the commenter wrote.
_CHROME_SEL = (".reply, .comment-reply-link, .comment-reply, .comment-meta, .comment-metadata, "
               ".comment-author, .avatar, .vcard, .comment-actions, .comment-footer, .links, "
               ".edit-link, .comment-edit-link, .says, .comment-awaiting-moderation, "
               '[itemprop="author"], [itemprop="dateCreated"], [itemprop="datePublished"], '
               ".fn, .username, .user-name, .author-name, .comment__author, .comment-author-name, "
               ".date, .comment-date, .comment-time, .comment__time, .rating, .votes, "
               "img, button, form, script, style, noscript, svg, time")
_SKIP_TAGS = frozenset({"script", "style", "noscript", "svg", "img", "button", "form",
                        "input", "select", "textarea", "iframe", "template"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3",
                         "h4", "h5", "h6", "section", "article", "table", "tr", "dd", "dt"})
STOP_GROWTH = frozenset({"body", "html", "main", "article"})
# The same tag sets by Lexbor's numeric tag id (text_paragraphs reads ``tag_id``
# instead of decoding ``tag`` for every node of a comment's text).
_SKIP_IDS = tag_ids(*_SKIP_TAGS)
_BLOCK_IDS = tag_ids(*_BLOCK_TAGS)
_ACTION_IDS = tag_ids("a", "span")
(_BR_ID,) = tag_ids("br")
_ACTION_WORD = re.compile(
    r"^(reply|replies|répondre|repondre|responder|antworten|beantworten|rispondi|odpowiedz|"
    r"ответить|melden|zitieren|zgłoś|رد|الرد|ردّ|رد على|"
    r"report|signaler|إبلاغ|ابلاغ|like|j'aime|أعجبني|share|partager|مشاركة|edit|modifier|"
    r"permalink|link|quote|citer|cancel reply|إلغاء الرد)\s*[↵⤶»›]?$", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_SAYS = re.compile(r"\s*(says|said|wrote|dit|a écrit|schreibt|قال|كتب|يقول)\s*:?\s*$", re.I)

# --- comment items ---------------------------------------------------------------------
@dataclass
class Items:
    """Comment items in document order, with the per-selector "which item owns this
    node" tables that keep the per-item look-ups linear in the page size."""

    nodes: list[LexborNode]
    index: dict[int, int]           # mem_id -> position in nodes
    # Where the per-selector queries run: the lowest common ancestor of the items,
    # which holds every node an item can own (see the module docstring).
    root: LexborNode | None = None
    texts: dict[int, list[str]] = field(default_factory=dict)  # mem_id -> paragraphs
    _owners: dict[int, int | None] = field(default_factory=dict)
    _owned: dict[str, dict[int, list[LexborNode]]] = field(default_factory=dict)
    _chrome: set[int] | None = None
    _nodes: dict[int, list[LexborNode]] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)  # position -> parent
    _marks: bool | None = None
    authors: dict[int, str | None] = field(default_factory=dict)  # mem_id -> author, memo
    dates: dict[int, str | None] = field(default_factory=dict)    # mem_id -> date, memo

    def __iter__(self) -> Iterator[LexborNode]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def owner(self, node: LexborNode) -> int | None:
        """Index of the nearest item at or above ``node``, None outside every item.

        Answers are memoised for every node on the walked path, so the walks over
        a whole page cost about one visit per ancestor, however deep the nesting.
        """
        path: list[int] = []
        current: LexborNode | None = node
        found: int | None = None
        while current is not None:
            key = current.mem_id
            if key in self.index:
                found = self.index[key]
                break
            if key in self._owners:
                found = self._owners[key]
                break
            path.append(key)
            current = current.parent
        for key in path:
            self._owners[key] = found
        return found

    def owned(self, item: LexborNode, selector: str) -> list[LexborNode]:
        """Nodes matching ``selector`` that belong to ``item`` (not to a nested reply).

        One query per selector over ``root``, bucketed by owner."""
        table = self._owned.get(selector)
        if table is None:
            table = {}
            seen: set[int] = set()
            for node in (self.root.css(selector) if self.root is not None else []):
                if node.mem_id in seen or node.mem_id in self.index:
                    continue
                seen.add(node.mem_id)
                position = self.owner(node)
                if position is not None:
                    table.setdefault(position, []).append(node)
            self._owned[selector] = table
        return table.get(self.index[item.mem_id], [])

    def marks_replies(self) -> bool:
        """Whether some item's own class marks it as a reply (``comment--indented``)."""
        if self._marks is None:
            self._marks = any(_REPLY_ITEM.search(n.attributes.get("class") or "") for n in self.nodes)
        return self._marks

    def own_nodes(self, item: LexborNode) -> list[LexborNode]:
        """The item's element descendants not inside a nested item, in document order."""
        nodes = self._nodes.get(item.mem_id)
        if nodes is None:
            nodes = self._nodes[item.mem_id] = list(own_nodes(item, self.index.__contains__))
        return nodes

    def chrome(self) -> set[int]:
        """Ids of every node that is comment chrome (reply links, meta lines, avatars)."""
        if self._chrome is None:
            self._chrome = ({n.mem_id for n in self.root.css(_CHROME_SEL)}
                            if self.root is not None else set())
        return self._chrome


def find_items(candidates: list[LexborNode]) -> Items:
    """Comment items in document order; markup that merely looks alike is dropped.

    ``candidates`` are the page's nodes matching ``ITEM_SEL``, in document order."""
    memo: dict[int, bool] = {}
    candidates = [n for n in candidates if n.tag in _ITEM_TAGS and not in_widget(n, memo)]
    if not candidates:
        return Items([], {})
    root = common_ancestor(candidates[0], candidates[-1])
    # A node holding a form control is a form, not a comment (one query for all);
    # hidden inputs (a comment's id for a vote or report button) do not count.
    with_controls = holders(root, "textarea, input:not([type=hidden i])")
    candidates = [n for n in candidates if n.mem_id not in with_controls]
    if not candidates:
        return Items([], {})
    # An item must own some text: a ".comment" that is only an icon or a wrapper of
    # other items is not a comment.
    return items_of(_without_parts(candidates))


def _without_parts(candidates: list[LexborNode]) -> list[LexborNode]:
    """Drop candidates that are a part of the item around them, not a reply.

    Themes put the comment class on inner blocks too (Twenty Twelve's
    ``li.comment > article.comment > section.comment-content.comment``). A reply
    repeats its parent's markup (``li.comment`` in ``li.comment``); a part does
    not: an inner candidate whose tag or first class differs from its nearest
    candidate ancestor's is a part of that comment."""
    ids = {n.mem_id: n for n in candidates}
    kept = []
    for node in candidates:
        outer = node.parent
        while outer is not None and outer.mem_id not in ids:
            outer = outer.parent
        if outer is None or _first_class(outer) == _first_class(node):
            kept.append(node)
    return kept


def _first_class(node: LexborNode) -> tuple[int, str]:
    return node.tag_id, ((node.attributes.get("class") or "").split() or [""])[0]


def items_of(candidates: list[LexborNode]) -> Items:
    """The candidates that own some text, as :class:`Items`, or none when a lone
    one has neither author nor date."""
    root = common_ancestor(candidates[0], candidates[-1])
    kept = Items(candidates, {n.mem_id: i for i, n in enumerate(candidates)}, root)
    texts = {n.mem_id: _item_text(n, kept) for n in candidates}
    real = [n for n in candidates if texts[n.mem_id] and not _pingback(n, texts[n.mem_id])]
    if not real:
        return Items([], {})
    # Stray ".comment" icons often widen the candidates' ancestor to the whole page;
    # the real items' own ancestor holds everything they own.
    root = common_ancestor(real[0], real[-1])
    items = Items(real, {n.mem_id: i for i, n in enumerate(real)}, root)
    items.texts = {n.mem_id: texts[n.mem_id] for n in real}
    return items if _plausible(items) else Items([], {}, root)


_PINGBACK_NAME = re.compile(r"pingback|trackback", re.I)
_ELLIPSIS = ("[…]", "[...]", "[&hellip;]")


def _pingback(item: LexborNode, paragraphs: list[str]) -> bool:
    """A pingback or trackback, not a reader comment: named so (``li.pingback``),
    or an excerpt of another page between "[…]" marks, as WordPress prints them."""
    if _PINGBACK_NAME.search(item.attributes.get("class") or ""):
        return True
    text = "\n".join(paragraphs).strip()
    return text.startswith(_ELLIPSIS) and text.endswith(_ELLIPSIS)


def any_byline(items: Items) -> bool:
    """Whether some of the first items shows an author or a date."""
    return any(_author(node, items) is not None or _date(node, items) is not None
               for node in items.nodes[:_BYLINE_SAMPLE])


_BYLINE_SAMPLE = 5


def _plausible(items: Items) -> bool:
    """A lone item with neither author nor date is more likely a widget than a comment."""
    if len(items) != 1:
        return len(items) > 1
    node = items.nodes[0]
    return _author(node, items) is not None or _date(node, items) is not None


def _item_text(item: LexborNode, items: Items) -> list[str]:
    """Paragraphs of the item's text: a marked text field (``itemprop``/RDFa
    ``text``) first, then the innermost non-empty named text container (themes
    nest ``.comment-content`` inside ``.comment-text`` or ``.comment-body``,
    next to the author line), then structural cues (:mod:`.fields`)."""
    own = _own(item, items, _TEXT_SEL)
    ids = {n.mem_id for n in own}
    outer: set[int] = set()
    for node in own:
        current = node.parent
        while current is not None and current.mem_id != item.mem_id:
            if current.mem_id in ids:
                outer.add(current.mem_id)
            current = current.parent
    marked = {n.mem_id for n in _own(item, items, _MARKED_TEXT)} if own else set()
    ordered = ([n for n in own if n.mem_id in marked]
               + [n for n in own if n.mem_id not in outer and n.mem_id not in marked]
               + [n for n in own if n.mem_id in outer and n.mem_id not in marked])
    for node in ordered:
        paragraphs = text_paragraphs(node, item, items)
        if paragraphs:
            return paragraphs
    return _structural_text(item, items)


def _structural_text(item: LexborNode, items: Items) -> list[str]:
    """No known text container: the longest innermost text-named block
    (``commentText``, ``reply-content``, ``dd``), else the item's own ``<p>`` elements, else the
    item's text without its author and date lines."""
    if _teaser_links(item, items) * 2 >= clean_length(item.text()):
        return []  # a link teaser ("Comment: <headline>"), not a comment
    nodes = items.own_nodes(item)
    best: list[str] = []
    candidates = text_candidates(nodes)
    ids = {n.mem_id for n in candidates}
    # Innermost first: phpBB's div.postbody holds the title, the byline and div.content.
    inner = [n for n in candidates
             if not any(d.mem_id in ids for d in n.traverse() if d.mem_id != n.mem_id)]
    for node in inner:
        paragraphs = text_paragraphs(node, item, items)
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    if best:
        return best
    loose = _loose_paragraphs(item, items)
    if loose:
        return loose
    author = author_by_structure(nodes)
    name = author_text(author) if author is not None else None
    paragraphs = [p for p in text_paragraphs(item, item, items) if _LETTER.search(p)]
    paragraphs = [p for p in paragraphs
                  if p != name and not (len(p) <= 80 and find_date_in_text(p) is not None)
                  and not (name and p.startswith(name) and len(p) <= len(name) + 40)]
    return paragraphs or _paragraphs_in_chrome(item, items)


def _paragraphs_in_chrome(item: LexborNode, items: Items) -> list[str]:
    """Last resort: themes that print the text inside the author block
    (``div.comment-author > p``, followed by a ``p > cite`` byline): the item's
    own ``<p>`` elements that hold no byline (``cite``, author or date node)."""
    paragraphs: list[str] = []
    for node in _own(item, items, "p"):
        if has(node, "cite, time, .fn, .comment-author, .comment-meta, .says"):
            continue
        paragraphs.extend(p for p in text_paragraphs(node, item, items) if _LETTER.search(p))
    return paragraphs


def _teaser_links(item: LexborNode, items: Items) -> int:
    """Characters of link text that could be a teaser's headline: links to another
    page outside the comment chrome (an author's site in ``cite.fn`` or the date's
    ``#comment-N`` permalink are a comment's byline, not a headline)."""
    chrome = items.chrome()
    size = 0
    for link in item.css("a"):
        if "#" in (link.attributes.get("href") or ""):
            continue
        current: LexborNode | None = link
        while current is not None and current.mem_id != item.mem_id and current.mem_id not in chrome:
            current = current.parent
        if current is None or current.mem_id == item.mem_id:
            size += len(clean(link.text()))
    return size


def _loose_paragraphs(item: LexborNode, items: Items) -> list[str]:
    """No named text container: the item's own ``<p>`` elements that are not chrome
    (``<div class="comment"><b>Name</b> <p>text</p></div>``)."""
    chrome = items.chrome()
    paragraphs: list[str] = []
    for node in _own(item, items, "p"):
        current: LexborNode | None = node
        inside_chrome = False
        while current is not None and current.mem_id != item.mem_id:
            if current.mem_id in chrome:
                inside_chrome = True
                break
            current = current.parent
        if not inside_chrome:
            paragraphs.extend(text_paragraphs(node, item, items))
    return paragraphs


def read_item(item: LexborNode, items: Items) -> Comment:
    """One comment; items are read in document order (parents are remembered
    for the later replies of the same list)."""
    parent = _parent(item, items)
    items.parents[items.index[item.mem_id]] = parent
    return Comment(text="\n\n".join(items.texts.get(item.mem_id, [])),
                   author=_author(item, items), published=_date(item, items),
                   parent=parent)


def _own(item: LexborNode, items: Items, selector: str) -> list[LexborNode]:
    """Descendants matching ``selector`` that belong to ``item``, not to a nested reply."""
    return items.owned(item, selector)


def _author(item: LexborNode, items: Items) -> str | None:
    key = item.mem_id
    if key not in items.authors:
        items.authors[key] = _find_author(item, items)
    return items.authors[key]


def _date(item: LexborNode, items: Items) -> str | None:
    key = item.mem_id
    if key not in items.dates:
        items.dates[key] = _find_date(item, items)
    return items.dates[key]


def _find_author(item: LexborNode, items: Items) -> str | None:
    """First selector in priority order that gives a short name (``.fn`` before the
    whole ``.comment-author`` line, which may carry "on <date> said:"), else the
    structural cues of :func:`.fields.author_by_structure`."""
    for selector in _AUTHOR_SELECTORS:
        for node in _own(item, items, selector):
            name = node.attributes.get("content") if node.tag == "meta" else node.text()
            name = _SAYS.sub("", clean(name))
            if name and len(name) <= 80:
                return name
    nodes = items.own_nodes(item)
    found = author_by_structure(nodes)
    name = author_text(found) if found is not None else said_by(nodes)
    return _SAYS.sub("", name) or None if name else None


def _find_date(item: LexborNode, items: Items) -> str | None:
    """Machine-readable dates (``time[datetime]``, microdata) before printed ones."""
    for selector in _DATE_SELECTORS:
        for node in _own(item, items, selector):
            for attr in ("datetime", "content", "title"):
                value = node.attributes.get(attr)
                if value and (parsed := parse_date(value)):
                    return parsed
            if parsed := find_date_in_text(clean(node.text())[:300]):
                return parsed
    return date_by_structure(items.own_nodes(item))


_DEPTH_LOOKBACK = 500  # items searched back for a depth-N parent
_DEPTH = re.compile(r"(?<![^\W_])(?:depth|level)[-_]?(\d+)\b")
_REPLY_ITEM = re.compile(r"(?:^|[-_\s])(?:indented|reply|answer|antwort|child|sub)(?:$|[-_\s])", re.I)
_REPLY_BLOCK = re.compile(r"indent|children|repl|antwort|(?:^|[-_\s])sub(?:$|[-_\s])|subcomment", re.I)


def reply_block(names: str) -> bool:
    """``_REPLY_BLOCK.search(names) is not None``. Every match holds one of
    "indent", "children", "repl", "antwort" or "sub", ignoring case: an ASCII
    name (``re.I`` then folds exactly the letters ``lower()`` does) holding
    none is answered by substring tests, not by the expression's try at every
    character of every ancestor's class."""
    if names.isascii():
        low = names.lower()
        if not ("sub" in low or "repl" in low or "indent" in low or "children" in low
                or "antwort" in low):
            return False
    return _REPLY_BLOCK.search(names) is not None


def _parent(item: LexborNode, items: Items) -> int | None:
    """Replied-to item: nearest enclosing item, Drupal's indented sibling, or depth-N."""
    if item.parent is not None and (nested := items.owner(item.parent)) is not None:
        return nested
    ancestor, steps = item.parent, 0
    while ancestor is not None and steps < 6 and ancestor.tag not in STOP_GROWTH:
        if reply_block(ancestor.attributes.get("class") or ""):
            sibling = previous_element(ancestor)
            if sibling is not None and sibling.mem_id in items.index:
                return items.index[sibling.mem_id]
        ancestor, steps = ancestor.parent, steps + 1
    depth = _DEPTH.search(item.attributes.get("class") or "")
    if depth and int(depth.group(1)) > 1:
        wanted = str(int(depth.group(1)) - 1)
        start = items.index[item.mem_id]
        for position in range(start - 1, max(-1, start - 1 - _DEPTH_LOOKBACK), -1):
            other = _DEPTH.search(items.nodes[position].attributes.get("class") or "")
            if other and other.group(1) == wanted:
                return position
    if depth:
        return None  # depth-1, or no item one level up: the classes are the whole story
    if _REPLY_ITEM.search(item.attributes.get("class") or ""):
        # A flat list marking replies on the item ("comment--indented", "wc-reply"):
        # the nearest earlier item not so marked.
        for position in range(items.index[item.mem_id] - 1, -1, -1):
            if not _REPLY_ITEM.search(items.nodes[position].attributes.get("class") or ""):
                return position
        return None
    if items.marks_replies():
        return None  # replies are marked in this thread, and this item is not one
    return _parent_by_wrapper(item, items)


def _parent_by_wrapper(item: LexborNode, items: Items) -> int | None:
    """Replies listed in a block after their parent (DataLife Engine's
    ``li > div#comment-id-N + ol > li``, JComments' ``div#comment-item-N +
    div.comments-list``, forum trees).

    Climbing from the item to the thread's root, each level looks at the
    earlier siblings of the node it came from (``child``):

    * a sibling with ``child``'s signature is an earlier entry of the same
      list: the entry's first item has the same parent as this one;
    * a sibling holding items while ``child`` is a list of replies (not an
      item) holds the parent: its last item;
    * a non-item block of items before an item is an earlier entry's replies:
      skipped."""
    root = items.root
    child, ancestor = item, item.parent
    while ancestor is not None and root is not None:
        child_is_item = child.mem_id in items.index
        key = signature(child)
        sibling = previous_element(child)
        while sibling is not None:
            if signature(sibling) == key:
                first = _first_item_in(sibling, items)
                if first is not None:
                    return items.parents.get(first)
            elif not (child_is_item and sibling.mem_id not in items.index):
                last = _last_item_in(sibling, items)
                if last is not None:
                    return last
            sibling = previous_element(sibling)
        if ancestor.mem_id == root.mem_id:
            break
        child, ancestor = ancestor, ancestor.parent
    return None


def _first_item_in(node: LexborNode, items: Items) -> int | None:
    if node.mem_id in items.index:
        return items.index[node.mem_id]
    for inner in node.traverse():
        if inner.mem_id in items.index:
            return items.index[inner.mem_id]
    return None


def _last_item_in(node: LexborNode, items: Items) -> int | None:
    found = items.index.get(node.mem_id)
    for inner in node.traverse():
        found = items.index.get(inner.mem_id, found)
    return found


# --- visible text of one comment ------------------------------------------------------
def text_paragraphs(node: LexborNode, item: LexborNode | None, items: Items) -> list[str]:
    """Block-aware text of ``node`` without chrome (reply links, author/date lines,
    avatars) and without other comments than ``item``. ``<br>`` is a line break."""
    skip = items.chrome() if item is not None else {
        n.mem_id for n in select(node, _CHROME_SEL)}
    own = item.mem_id if item is not None else None

    index = items.index
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        lines = [clean(line) for line in "".join(buffer).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
        buffer.clear()

    # Iterative walk (no recursion limit on absurdly nested markup); None = block edge.
    stack: list[LexborNode | None] = _children_reversed(node)
    while stack:
        child = stack.pop()
        if child is None:
            flush()
        elif child.is_text_node:
            buffer.append(child.text_content or "")
        elif child.is_element_node:
            key, tag_id = child.mem_id, child.tag_id
            if key in skip or tag_id in _SKIP_IDS or (key in index and key != own):
                continue
            if tag_id == _BR_ID:
                buffer.append("\n")
            elif tag_id in _ACTION_IDS and _ACTION_WORD.match(clean(child.text())):
                continue
            elif tag_id in _BLOCK_IDS:
                flush()
                stack.append(None)
                stack.extend(_children_reversed(child))
            else:
                stack.extend(_children_reversed(child))
    flush()
    return [p for p in paragraphs if not _ACTION_WORD.match(p)]


def _children_reversed(node: LexborNode) -> list[LexborNode | None]:
    children: list[LexborNode | None] = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    children.reverse()
    return children
