"""Comment threads, the comment form and its posting notice, in common markups.

One pass of a few CSS queries finds comment *items* in any of the markups CMSs
actually emit: WordPress (``li.comment`` with nested ``ul.children``), Drupal
(``.comment`` followed by an ``.indented`` block of replies), schema.org
microdata (``itemtype=…/Comment``) and home-grown ``.comments .comment`` nests.
Each item's author, date and text are read only from nodes that belong to that
item and not to a nested reply. Reply parents come from structure (nesting,
Drupal's indented sibling, ``depth-N`` classes), expressed as indices in the
flat document-order list. JSON-LD ``comment`` arrays are the fallback when the
visible markup holds no comment.

``Thread.roots`` tells the body stage what to skip: the comment list, the
comment form with its heading and notice, and "N comments" headings. Roots are
grown outward from those nodes only while the growth adds little text of its
own, so a root can never swallow the article body.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from selectolax.lexbor import LexborNode

from ..dates import find_date_in_text, parse_date
from ..page import Page
from ..record import Comment
from ..text import clean, clean_or_none


@dataclass
class Thread:
    """What the comment stage found; ``count`` is the count the page displays (or
    its JSON-LD ``commentCount``), None when it shows none."""

    comments: list[Comment] = field(default_factory=list)
    enabled: bool = False
    notice: str | None = None
    count: int | None = None
    # Nodes holding comments, the comment form and its notice: the body stage skips them.
    roots: list[LexborNode] = field(default_factory=list)


# --- selectors -------------------------------------------------------------------------
_ITEM_SEL = (".comment, .comment-item, .comment_item, "
             '[itemtype$="/Comment"], [itemtype$="/UserComments"], [itemprop="comment"]')
_ITEM_TAGS = frozenset({"li", "article", "div", "section", "dd", "dl", "tr", "td",
                        "blockquote", "aside", "table"})
_TEXT_SEL = ('[itemprop="text"], [itemprop="commentText"], .comment-content, .comment-text, '
             ".comment_content, .comment_text, .comment-body-text, .field--name-comment-body, "
             ".field-name-comment-body, .comment__content, .comment__body, .comment-message, "
             ".comment-body, .comment_body, .entry-content, .e-content")
# In priority order: the first selector giving a short name wins.
_AUTHOR_SEL = ('[itemprop="author"] [itemprop="name"], [itemprop="author"], .comment-author .fn, '
               ".fn, .comment-author cite, .comment-author strong, .comment-author b, "
               ".comment-author, .comment__author, .comment-author-name, .comment_author, "
               ".username, .user-name, .author-name, .author")
_AUTHOR_SELECTORS = [s.strip() for s in _AUTHOR_SEL.split(",")]
# In priority order: machine-readable attributes before printed text.
_DATE_SEL = ('time[datetime], [itemprop="dateCreated"], [itemprop="datePublished"], '
             "[itemprop=\"commentTime\"], .comment-metadata, .comment-meta, .comment-date, "
             ".comment_date, .comment__time, .comment-time, .submitted, .date, .meta, "
             '.published, .dt-published, a[href*="#comment"]')
_DATE_SELECTORS = [s.strip() for s in _DATE_SEL.split(",")]
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
_STOP_GROWTH = frozenset({"body", "html", "main", "article"})
_COUNT_SEL = ("h2, h3, h4, h5, h6, .comments-title, #comments-title, .comment-count, "
              ".comments-count, .comment_count, .comments_count")
_FORM_HINT = re.compile(r"comment|respond|reply|reaction|réaction|تعليق|commentaire|kommentar",
                        re.I)
_TEXTAREA_HINT = re.compile(r"comment|تعليق|commentaire|kommentar", re.I)
_NOTICE_HINT = re.compile(r"note|rule|notice|polic|guideline|disclaim|terms|charte|warn|"
                          r"condition|moderat|privacy", re.I)
_ACTION_WORD = re.compile(
    r"^(reply|replies|répondre|repondre|responder|antworten|rispondi|رد|الرد|ردّ|رد على|"
    r"report|signaler|إبلاغ|ابلاغ|like|j'aime|أعجبني|share|partager|مشاركة|edit|modifier|"
    r"permalink|link|quote|citer|cancel reply|إلغاء الرد)\s*[↵⤶»›]?$", re.I)
_SAYS = re.compile(r"\s*(says|said|wrote|dit|a écrit|schreibt|قال|كتب|يقول)\s*:?\s*$", re.I)
# A count heading *starts* with the count ("12 Comments", "3 thoughts on “…”", "12 تعليق")
# or is a short "Comments (3)" / "التعليقات: 3" label; a headline that merely contains
# "3 replies" is not one.
_COUNT = re.compile(
    r"^\s*(\d{1,6})\s*(?:comments?|responses?|replies|thoughts?|reactions?|commentaires?|"
    r"réactions?|kommentare?|comentarios?|تعليقات|تعليقا|تعليق|ردود|رد)(?![^\W\d_])"
    r"|^\s*(?:[^\W\d_]+\s+){0,2}(?:comments?|commentaires?|التعليقات|تعليقات|ردود)"
    r"\s*[(:]\s*(\d{1,6})\s*\)?\s*$", re.I)
_ONE_OR_NONE = re.compile(r"^(?:(one)\s+(?:comment|response|reply|thought)|(no)\s+comments?"
                          r"|تعليق (واحد)|(لا) توجد تعليقات|(aucun) commentaire|(un) commentaire)",
                          re.I)
# Class/id words of form furniture whose text is never a posting notice.
_WIDGET = re.compile(r"log(?:ged|in|out)|identity|service|sign-?in|social|share|subscri|"
                     r"cookie|cancel|title|label|error|success|hidden|captcha|counter|"
                     r"character|filter|format|tips", re.I)
_TEMPLATE = re.compile(r"%s|\{\{|\$\{|%\d\$s")
_SECTION_SEL = ("#comments, #respond, .comments-area, .comment-respond, .comments-section, "
                "section.comments, .article-comments, .post-comments")
_GROWTH_BUDGET = 300      # characters a root may gain per step of growth
_MAX_NOTICE = 600


def extract_comments(page: Page) -> Thread:
    """Comments, form, notice, count and the nodes the body stage must skip."""
    thread = Thread()
    items = _find_items(page)
    thread.comments = [_read_item(node, items) for node in items]
    if not thread.comments:
        thread.comments = _jsonld_comments(page)
    form = _comment_form(page)
    thread.enabled = form is not None or page.tree.css_first("#respond") is not None
    roots: list[LexborNode] = []
    if items:
        roots.append(_grow(_list_container(items)))
    section = _form_section(page, form, items)
    roots.extend(section)
    thread.notice = _notice(section, items) if section else None
    heading, count = _displayed_count(page)
    if heading is not None:
        roots.append(heading)
    roots.extend(_empty_sections(page))
    thread.count = count if count is not None else _jsonld_count(page)
    thread.roots = _dedupe(roots)
    return thread


# --- selection helpers -----------------------------------------------------------------
def _select(node: LexborNode, selector: str) -> list[LexborNode]:
    """Descendants matching ``selector``, once each, in document order.

    Lexbor's ``node.css`` also returns ``node`` itself when it matches, and
    returns a node once per comma-separated selector it matches.
    """
    seen: dict[int, LexborNode] = {}
    for match in node.css(selector):
        if match.mem_id != node.mem_id:
            seen.setdefault(match.mem_id, match)
    return list(seen.values())


def _has(node: LexborNode, selector: str) -> bool:
    return any(match.mem_id != node.mem_id for match in node.css(selector))


# --- comment items ---------------------------------------------------------------------
@dataclass
class _Items:
    """Comment items in document order, with the per-selector "which item owns this
    node" tables that keep the per-item look-ups linear in the page size."""

    nodes: list[LexborNode]
    index: dict[int, int]           # mem_id -> position in nodes
    root: LexborNode | None = None  # where the per-selector queries run (the page)
    texts: dict[int, list[str]] = field(default_factory=dict)  # mem_id -> paragraphs
    _owners: dict[int, int | None] = field(default_factory=dict)
    _owned: dict[str, dict[int, list[LexborNode]]] = field(default_factory=dict)
    _chrome: set[int] | None = None

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

        One query per selector over ``root`` (the page), bucketed by owner."""
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

    def chrome(self) -> set[int]:
        """Ids of every node that is comment chrome (reply links, meta lines, avatars)."""
        if self._chrome is None:
            self._chrome = ({n.mem_id for n in self.root.css(_CHROME_SEL)}
                            if self.root is not None else set())
        return self._chrome


def _find_items(page: Page) -> _Items:
    """Comment items in document order; markup that merely looks alike is dropped."""
    unique = {n.mem_id: n for n in page.tree.css(_ITEM_SEL)}  # a node may match twice
    candidates = [n for n in unique.values()
                  if n.tag in _ITEM_TAGS and not _has(n, "textarea, input")]
    # An item must own some text: a ".comment" that is only an icon or a wrapper of
    # other items is not a comment.
    root = page.tree.root
    kept = _Items(candidates, {n.mem_id: i for i, n in enumerate(candidates)}, root)
    texts = {n.mem_id: _item_text(n, kept) for n in candidates}
    real = [n for n in candidates if texts[n.mem_id]]
    items = _Items(real, {n.mem_id: i for i, n in enumerate(real)}, root)
    items.texts = {n.mem_id: texts[n.mem_id] for n in real}
    return items if _plausible(items) else _Items([], {}, root)


def _plausible(items: _Items) -> bool:
    """A lone item with neither author nor date is more likely a widget than a comment."""
    if len(items) != 1:
        return len(items) > 1
    node = items.nodes[0]
    return _author(node, items) is not None or _date(node, items) is not None


def _item_text(item: LexborNode, items: _Items) -> list[str]:
    """Paragraphs of the item's innermost non-empty text container: themes nest
    ``.comment-content`` inside ``.comment-text`` or ``.comment-body``, next to
    the author line."""
    own = _own(item, items, _TEXT_SEL)
    ids = {n.mem_id for n in own}
    outer: set[int] = set()
    for node in own:
        current = node.parent
        while current is not None and current.mem_id != item.mem_id:
            if current.mem_id in ids:
                outer.add(current.mem_id)
            current = current.parent
    ordered = [n for n in own if n.mem_id not in outer] + [n for n in own if n.mem_id in outer]
    for node in ordered:
        paragraphs = _paragraphs(node, item, items)
        if paragraphs:
            return paragraphs
    return _loose_paragraphs(item, items)


def _loose_paragraphs(item: LexborNode, items: _Items) -> list[str]:
    """No named text container: the item's own ``<p>`` elements that are not chrome
    (``<div class="comment"><b>Name</b> <p>text</p></div>``)."""
    chrome = items.chrome()
    paragraphs: list[str] = []
    for node in _own(item, items, "p"):
        current, inside_chrome = node, False
        while current is not None and current.mem_id != item.mem_id:
            if current.mem_id in chrome:
                inside_chrome = True
                break
            current = current.parent
        if not inside_chrome:
            paragraphs.extend(_paragraphs(node, item, items))
    return paragraphs


def _read_item(item: LexborNode, items: _Items) -> Comment:
    return Comment(text="\n\n".join(items.texts.get(item.mem_id, [])),
                   author=_author(item, items), published=_date(item, items),
                   parent=_parent(item, items))


def _own(item: LexborNode, items: _Items, selector: str) -> list[LexborNode]:
    """Descendants matching ``selector`` that belong to ``item``, not to a nested reply."""
    return items.owned(item, selector)


def _author(item: LexborNode, items: _Items) -> str | None:
    """First selector in priority order that gives a short name (``.fn`` before the
    whole ``.comment-author`` line, which may carry "on <date> said:")."""
    for selector in _AUTHOR_SELECTORS:
        for node in _own(item, items, selector):
            name = node.attributes.get("content") if node.tag == "meta" else node.text()
            name = _SAYS.sub("", clean(name))
            if name and len(name) <= 80:
                return name
    return None


def _date(item: LexborNode, items: _Items) -> str | None:
    """Machine-readable dates (``time[datetime]``, microdata) before printed ones."""
    for selector in _DATE_SELECTORS:
        for node in _own(item, items, selector):
            for attr in ("datetime", "content", "title"):
                value = node.attributes.get(attr)
                if value and (parsed := parse_date(value)):
                    return parsed
            if parsed := find_date_in_text(clean(node.text())[:300]):
                return parsed
    return None


_DEPTH_LOOKBACK = 500  # items searched back for a depth-N parent
_DEPTH = re.compile(r"\b(?:depth|level)-(\d+)\b")
_REPLY_BLOCK = re.compile(r"indent|children|repl", re.I)


def _parent(item: LexborNode, items: _Items) -> int | None:
    """Replied-to item: nearest enclosing item, Drupal's indented sibling, or depth-N."""
    if item.parent is not None and (nested := items.owner(item.parent)) is not None:
        return nested
    ancestor, steps = item.parent, 0
    while ancestor is not None and steps < 6 and ancestor.tag not in _STOP_GROWTH:
        if _REPLY_BLOCK.search(ancestor.attributes.get("class") or ""):
            sibling = _previous_element(ancestor)
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
    return None


def _previous_element(node: LexborNode) -> LexborNode | None:
    sibling = node.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.prev
    return sibling


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


# --- visible text of one comment ------------------------------------------------------
def _paragraphs(node: LexborNode, item: LexborNode | None, items: _Items) -> list[str]:
    """Block-aware text of ``node`` without chrome (reply links, author/date lines,
    avatars) and without other comments than ``item``. ``<br>`` is a line break."""
    skip = items.chrome() if item is not None else {
        n.mem_id for n in _select(node, _CHROME_SEL)}
    own = item.mem_id if item is not None else None

    def skipped(child: LexborNode) -> bool:
        return (child.mem_id in skip or child.tag in _SKIP_TAGS
                or (child.mem_id in items.index and child.mem_id != own))

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
        elif child.is_element_node and not skipped(child):
            if child.tag == "br":
                buffer.append("\n")
            elif child.tag in ("a", "span") and _ACTION_WORD.match(clean(child.text())):
                continue
            elif child.tag in _BLOCK_TAGS:
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


# --- comment form, notice, count ------------------------------------------------------
def _comment_form(page: Page) -> LexborNode | None:
    """The form holding a comment textarea.

    The form's own id/class/action/name must speak of comments or reactions (a
    textarea named "comments" in a feedback-to-the-editors form does not count),
    or the heading just before the form must ("Leave a Reply", "تعليق جديد"), or
    the textarea must sit inside a ``#respond`` / comments block. A textarea
    outside any form (script-driven widgets) qualifies only by its own
    attributes naming a comment.
    """
    for textarea in page.tree.css("textarea"):
        form = _ancestor(textarea, "form")
        if form is None:
            if _TEXTAREA_HINT.search(_ident(textarea, "id", "class", "name")):
                return textarea
            continue
        if (_FORM_HINT.search(_ident(form, "id", "class", "action", "name"))
                or _inside_respond(textarea) or _comment_heading_before(form)):
            return form
    return None


def _ident(node: LexborNode, *names: str) -> str:
    return " ".join(filter(None, (node.attributes.get(name) for name in names)))


def _comment_heading_before(form: LexborNode) -> bool:
    """A heading right before the form (or before its wrapper) names comments."""
    current: LexborNode | None = form
    for _ in range(2):
        if current is None:
            return False
        sibling = _previous_element(current)
        if sibling is not None and sibling.tag in ("h2", "h3", "h4", "h5", "h6", "legend"):
            text = clean(sibling.text())
            return len(text) <= 60 and _FORM_HINT.search(text) is not None
        current = current.parent if sibling is None else None
    return False


def _inside_respond(node: LexborNode) -> bool:
    current, steps = node.parent, 0
    while current is not None and steps < 12:
        ident = (current.attributes.get("id") or "") + " " + (current.attributes.get("class") or "")
        if re.search(r"respond|comments?(?:-area|-section|_area|$| )", ident):
            return True
        current, steps = current.parent, steps + 1
    return False


def _ancestor(node: LexborNode, tag: str) -> LexborNode | None:
    current = node.parent
    while current is not None and current.tag != tag:
        current = current.parent
    return current


def _form_section(page: Page, form: LexborNode | None, items: _Items) -> list[LexborNode]:
    """The form grown to its block (``#respond`` or a low-text wrapper), plus the
    short siblings printed just before or after it: the "Add a comment" heading
    and the posting rules often sit beside the form, not inside it."""
    start = form if form is not None else page.tree.css_first("#respond")
    if start is None:
        return []
    respond = page.tree.css_first("#respond, .comment-respond")
    if respond is not None and _contains(respond, start):
        start = respond
    section = _grow(start)
    parts = [section]
    for step in (_previous_element, _next_element):
        sibling, taken = step(section), 0
        while sibling is not None and taken < 3 and _companion(sibling, items):
            parts.append(sibling)
            sibling, taken = step(sibling), taken + 1
    return parts


def _companion(node: LexborNode, items: _Items) -> bool:
    """A short heading or text block next to the form, not a comment or a widget list."""
    if node.mem_id in items.index or any(_contains(node, i) for i in items.nodes[:50]):
        return False
    if node.tag not in ("h2", "h3", "h4", "h5", "h6", "p", "div", "small", "span"):
        return False
    if _has(node, "ul, ol, li, form, article, section, nav, img, iframe, script"):
        return False
    return len(clean(node.text())) <= 400


def _notice(parts: list[LexborNode], items: _Items) -> str | None:
    """Posting rules shown with the form, or None.

    Blocks whose class/id names a notice (``comment-notes``, ``rules``,
    ``policy``…) win; otherwise short plain text blocks of the form section that
    are not controls, labels, headings, login/sharing widgets, comments or
    script templates. Lines and blocks are joined with one line break each.
    """
    pools = [[part, *_select(part, "p, div, small, span, section, ul")] for part in parts]
    candidates = [n for pool in pools for n in pool if _hinted_notice(n)]
    blocks = _outermost(candidates) or [
        n for part, pool in zip(parts, pools) for n in pool
        if n.tag in ("p", "div", "small") and _plain_block(n, part.parent)]
    texts: list[str] = []
    for node in _outermost(blocks):
        if items.owner(node) is not None:
            continue
        text = "\n".join(_paragraphs(node, None, items))
        if 15 <= len(text) <= _MAX_NOTICE and text not in texts and not _TEMPLATE.search(text):
            texts.append(text)
    notice = "\n".join(texts)
    return notice if notice and len(notice) <= _MAX_NOTICE else None


def _hinted_notice(node: LexborNode) -> bool:
    ident = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return (node.tag in ("p", "div", "span", "small", "section", "ul")
            and _NOTICE_HINT.search(ident) is not None and _WIDGET.search(ident) is None
            and not _has(node, "input, textarea, select, button, label"))


def _plain_block(node: LexborNode, stop: LexborNode | None) -> bool:
    """A leaf text block that is not a form control, label, heading, link or widget."""
    if _has(node, "input, textarea, select, button, label, p, div, h1, h2, h3, h4, h5, "
                  "h6, form, a, li"):
        return False
    current: LexborNode | None = node
    while current is not None and (stop is None or current.mem_id != stop.mem_id):
        ident = f"{current.attributes.get('class') or ''} {current.attributes.get('id') or ''}"
        if current.tag in ("label", "a", "button", "h2", "h3", "h4") or _WIDGET.search(ident):
            return False
        current = current.parent
    return True


def _displayed_count(page: Page) -> tuple[LexborNode | None, int | None]:
    for node in page.tree.css(_COUNT_SEL):
        text = clean(node.text())
        if not text or len(text) > 80:
            continue
        count = _count_in(text, bare_number_ok=node.tag[:1] != "h")
        if count is not None:
            return (node if node.tag[:1] == "h" or "title" in (node.attributes.get("class") or "")
                    else None), count
    return None, None


def _count_in(text: str, bare_number_ok: bool = False) -> int | None:
    """The number in "12 Comments", "تعليقات (5)", "One comment"; a bare "12" only
    from an element whose class says it is a comment count."""
    if text.isdigit():
        if not bare_number_ok:
            return None
        return int(text)
    match = _COUNT.match(text)
    if match:
        return int(match.group(1) or match.group(2))
    word = _ONE_OR_NONE.match(text)
    if word:
        return 1 if (word.group(1) or word.group(3) or word.group(6)) else 0
    return None


# --- roots ----------------------------------------------------------------------------
def _list_container(items: _Items) -> LexborNode:
    """Lowest common ancestor of the first and last item."""
    first, last = items.nodes[0], items.nodes[-1]
    chain = {n.mem_id for n in _ancestors(first, include_self=True)}
    for node in _ancestors(last, include_self=True):
        if node.mem_id in chain:
            return node if node.tag not in _STOP_GROWTH or node.mem_id in items.index else first
    return first


def _grow(node: LexborNode) -> LexborNode:
    """Climb while each parent adds little text (a heading, a notice, the form)."""
    size = len(node.text())
    current = node
    while current.parent is not None and current.parent.tag not in _STOP_GROWTH:
        parent = current.parent
        if _has(parent, "h1"):
            break
        parent_size = len(parent.text())
        if parent_size - size > _GROWTH_BUDGET:
            break
        current, size = parent, parent_size
    return current


def _empty_sections(page: Page) -> list[LexborNode]:
    """Comment sections filled by script ("Loading comments…", "View Comments"): named
    like a comment block and nearly empty, so skipping them can never cost body text."""
    return [node for node in page.tree.css(_SECTION_SEL)
            if len(clean(node.text())) <= _GROWTH_BUDGET and not _has(node, "h1, p + p")]


def _ancestors(node: LexborNode, include_self: bool = False) -> Iterator[LexborNode]:
    current = node if include_self else node.parent
    while current is not None:
        yield current
        current = current.parent


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    return any(n.mem_id == outer.mem_id for n in _ancestors(inner, include_self=True))


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    ids = {n.mem_id for n in nodes}
    return [n for n in nodes if not any(a.mem_id in ids for a in _ancestors(n))]


def _dedupe(roots: list[LexborNode]) -> list[LexborNode]:
    """One entry per node, and none inside another root."""
    return _outermost(list({r.mem_id: r for r in roots}.values()))


# --- JSON-LD --------------------------------------------------------------------------
def _jsonld_objects(page: Page) -> Iterator[dict[str, Any]]:
    for script in page.tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text() or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, list):
                stack.extend(reversed(value))
            elif isinstance(value, dict):
                yield value
                if "@graph" in value:
                    stack.append(value["@graph"])


_PAGE_TYPES = re.compile(r"article|posting|report|webpage|blog", re.I)


def _describes_page(obj: dict[str, Any]) -> bool:
    """An article-like JSON-LD object (or an untyped one), not a listed teaser."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return kind is None or any(isinstance(k, str) and _PAGE_TYPES.search(k) for k in kinds)


def _jsonld_comments(page: Page) -> list[Comment]:
    """Comments from the first article-like JSON-LD object that carries any."""
    comments: list[Comment] = []
    for obj in _jsonld_objects(page):
        if "comment" in obj and _describes_page(obj):
            _add_jsonld(obj["comment"], None, comments)
            if comments:
                break
    return comments


def _add_jsonld(value: Any, parent: int | None, out: list[Comment]) -> None:
    for entry in value if isinstance(value, list) else [value]:
        if not isinstance(entry, dict) or len(out) >= 5000:
            continue
        text = clean_or_none(str(entry.get("text") or entry.get("commentText") or ""))
        if text is None:
            continue
        author = entry.get("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name")
        date = entry.get("dateCreated") or entry.get("datePublished")
        out.append(Comment(text=text, author=clean_or_none(str(author)) if author else None,
                           published=parse_date(str(date)) if date else None, parent=parent))
        if "comment" in entry:
            _add_jsonld(entry["comment"], len(out) - 1, out)


def _jsonld_count(page: Page) -> int | None:
    for obj in _jsonld_objects(page):
        value = obj.get("commentCount") if _describes_page(obj) else None
        if isinstance(value, (int, str)) and str(value).strip().isdigit():
            return int(str(value).strip())
    return None
