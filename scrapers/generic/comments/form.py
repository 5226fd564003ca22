"""The comment form and its posting notice, the displayed comment count, and the
roots (nodes the body stage skips) grown around them.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborNode

from ...nodes import (
    ancestors,
    contains,
    has,
    holders,
    next_element,
    outermost,
    previous_element,
    select,
    tag_ids,
)
from ...text import INVISIBLE as _INVISIBLE
from ...text import clean, clean_length
from .items import STOP_GROWTH, Items, text_paragraphs

_FORM_HINT = re.compile(r"comment|respond|reply|reaction|réaction|تعليق|commentaire|kommentar",
                        re.I)
_TEXTAREA_HINT = re.compile(r"comment|تعليق|commentaire|kommentar", re.I)
_NOTICE_HINT = re.compile(r"note|rule|notice|polic|guideline|disclaim|terms|charte|warn|"
                          r"condition|moderat|privacy", re.I)
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
_GROWTH_BUDGET = 300      # characters a root may gain per step of growth
_MAX_NOTICE = 600
# Every text _COUNT or _ONE_OR_NONE accepts contains, under the same re.I
# matching, one of: comment, respons, repl, thought, reaction, réaction,
# kommentar, comentario, تعليق, رد. A heading whose raw text has none of them
# cannot show a count (see _may_count): ``clean`` only collapses whitespace (no
# word spans whitespace) and drops invisible format characters, which could
# join a split word, so a raw text holding one of those is always examined.
# The characters scrapers.text.clean drops (a test keeps the two in step):


def comment_form(textareas: list[LexborNode]) -> LexborNode | None:
    """The form holding a comment textarea.

    The form's own id/class/action/name must speak of comments or reactions (a
    textarea named "comments" in a feedback-to-the-editors form does not count),
    or the heading just before the form must ("Leave a Reply", "تعليق جديد"), or
    the textarea must sit inside a ``#respond`` / comments block. A textarea
    outside any form (script-driven widgets) qualifies only by its own
    attributes naming a comment.
    """
    for textarea in textareas:
        form = _ancestor(textarea, "form")
        if form is None:
            if _TEXTAREA_HINT.search(_ident(textarea, "id", "class", "name")):
                return textarea
            continue
        if (_FORM_HINT.search(_ident(form, "id", "class", "action", "name"))
                or _inside_respond(textarea) or _comment_heading_before(form)):
            return form
    return None


def comment_frame(named: list[LexborNode]) -> LexborNode | None:
    """An ``iframe`` that is a comment editor (Blogger's ``iframe#comment-editor``,
    hosted comment forms): the form lives in another document, but commenting
    is open. ``named`` are the probe's nodes with a comment-like class or id."""
    for node in named:
        if node.tag == "iframe" and _TEXTAREA_HINT.search(_ident(node, "id", "class", "name")):
            return node
    return None


def _ident(node: LexborNode, *names: str) -> str:
    return " ".join(filter(None, (node.attributes.get(name) for name in names)))


def _comment_heading_before(form: LexborNode) -> bool:
    """A heading right before the form (or before its wrapper) names comments."""
    current: LexborNode | None = form
    for _ in range(2):
        if current is None:
            return False
        sibling = previous_element(current)
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


def form_section(form: LexborNode | None, respond: LexborNode | None,
                 respond_block: LexborNode | None, items: Items) -> list[LexborNode]:
    """The form grown to its block (``#respond`` or a low-text wrapper), plus the
    short siblings printed just before or after it: the "Add a comment" heading
    and the posting rules often sit beside the form, not inside it.

    ``respond`` is the page's first ``#respond``, ``respond_block`` its first
    ``#respond, .comment-respond``."""
    start = form if form is not None else respond
    if start is None:
        return []
    respond = respond_block
    if respond is not None and contains(respond, start):
        start = respond
    section = grow(start)
    parts = [section]
    for step in (previous_element, next_element):
        sibling, taken = step(section), 0
        while sibling is not None and taken < 3 and _companion(sibling, items):
            parts.append(sibling)
            sibling, taken = step(sibling), taken + 1
    return parts


def _companion(node: LexborNode, items: Items) -> bool:
    """A short heading or text block next to the form, not a comment or a widget list."""
    if node.mem_id in items.index or any(contains(node, i) for i in items.nodes[:50]):
        return False
    if node.tag not in ("h2", "h3", "h4", "h5", "h6", "p", "div", "small", "span"):
        return False
    if has(node, "ul, ol, li, form, article, section, nav, img, iframe, script"):
        return False
    return clean_length(node.text()) <= 400


def notice(parts: list[LexborNode], items: Items) -> str | None:
    """Posting rules shown with the form, or None.

    Blocks whose class/id names a notice (``comment-notes``, ``rules``,
    ``policy``…) win; otherwise short plain text blocks of the form section that
    are not controls, labels, headings, login/sharing widgets, comments or
    script templates. Lines and blocks are joined with one line break each.
    """
    pools = [[part, *select(part, "p, div, small, span, section, ul")] for part in parts]
    candidates = [n for pool in pools for n in pool if _hinted_notice(n)]
    blocks = outermost(candidates) or [
        n for part, pool in zip(parts, pools, strict=False) for n in _plain_blocks(part, pool)]
    texts: list[str] = []
    for node in outermost(blocks):
        if items.owner(node) is not None:
            continue
        text = "\n".join(text_paragraphs(node, None, items))
        if 15 <= len(text) <= _MAX_NOTICE and text not in texts and not _TEMPLATE.search(text):
            texts.append(text)
    notice = "\n".join(texts)
    return notice if notice and len(notice) <= _MAX_NOTICE else None


def _hinted_notice(node: LexborNode) -> bool:
    if node.tag_id not in _NOTICE_TAG_IDS:
        return False
    attributes = node.attributes
    ident = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return (notice_hint(ident) and not widget_name(ident)
            and not has(node, "input, textarea, select, button, label"))


_NOTICE_TAG_IDS = tag_ids("p", "div", "span", "small", "section", "ul")
_PLAIN_TAG_IDS = tag_ids("p", "div", "small")


_WIDGET_TAG_IDS = tag_ids("label", "a", "button", "h2", "h3", "h4")


def widget_name(ident: str) -> bool:
    """``_WIDGET.search(ident) is not None``; for ASCII text by substring
    tests (``log(?:ged|in|out)`` and ``sign-?in`` written out), as
    ``notice_hint``."""
    if ident.isascii():
        low = ident.lower()
        return ("log" in low and ("logged" in low or "login" in low or "logout" in low)
                or "identity" in low or "service" in low or "sign-in" in low or "signin" in low
                or "social" in low or "share" in low or "subscri" in low or "cookie" in low
                or "cancel" in low or "title" in low or "label" in low or "error" in low
                or "success" in low or "hidden" in low or "captcha" in low or "counter" in low
                or "character" in low or "filter" in low or "format" in low or "tips" in low)
    return _WIDGET.search(ident) is not None


def notice_hint(ident: str) -> bool:
    """``_NOTICE_HINT.search(ident) is not None``; for ASCII text (``re.I``
    then folds exactly the letters ``lower()`` does) by substring tests, a
    C-level scan each instead of the expression's try at every character of
    every block of the form section."""
    if ident.isascii():
        low = ident.lower()
        return ("note" in low or "rule" in low or "notice" in low or "polic" in low
                or "guideline" in low or "disclaim" in low or "terms" in low or "charte" in low
                or "warn" in low or "condition" in low or "moderat" in low or "privacy" in low)
    return _NOTICE_HINT.search(ident) is not None


def _plain_blocks(part: LexborNode, pool: list[LexborNode]) -> list[LexborNode]:
    """The ``p``/``div``/``small`` nodes of ``pool`` (``part`` and its blocks) that are
    leaf text blocks, not form controls, labels, headings, links or widgets.

    Both halves are answered for the whole pool at once: "holds a control,
    block, heading, link or list item" by one query on ``part`` whose every
    match marks its ancestors, and "sits in a label, link, button, heading or
    widget" by ancestor walks that remember each node's answer."""
    not_leaf = holders(part, _NOT_LEAF_SEL)
    stop = part.parent.mem_id if part.parent is not None else None
    blocked: dict[int, bool] = {}
    return [n for n in pool if n.tag_id in _PLAIN_TAG_IDS and n.mem_id not in not_leaf
            and not _in_widget(n, stop, blocked)]


_NOT_LEAF_SEL = ("input, textarea, select, button, label, p, div, h1, h2, h3, h4, h5, h6, "
                 "form, a, li")


def _in_widget(node: LexborNode, stop: int | None, blocked: dict[int, bool]) -> bool:
    """Whether ``node`` or an ancestor below ``stop`` is a label, link, button or
    h2-h4, or has a widget class/id; ``blocked`` remembers answers per node."""
    path: list[int] = []
    current: LexborNode | None = node
    answer = False
    while current is not None:
        key = current.mem_id
        if key == stop:
            break
        if key in blocked:
            answer = blocked[key]
            break
        path.append(key)
        if current.tag_id in _WIDGET_TAG_IDS:
            answer = True
            break
        attributes = current.attributes
        if widget_name(f"{attributes.get('class') or ''} {attributes.get('id') or ''}"):
            answer = True
            break
        current = current.parent
    for key in path:
        blocked[key] = answer
    return answer


def displayed_count(nodes: list[tuple[LexborNode, bool]],
                    text_of: Callable[[LexborNode], str] = LexborNode.text,
                    ) -> tuple[LexborNode | None, int | None]:
    """The first count shown by ``nodes`` (the page's ``COUNT_SEL`` matches, in
    document order, each with whether its tag starts with "h") and the heading
    that shows it, if it is a heading or title. ``text_of`` reads a node's text
    (the probe's memo)."""
    for node, heading in nodes:
        raw = text_of(node)
        if heading and not _may_count(raw):
            continue
        text = clean(raw)
        if not text or len(text) > 80:
            continue
        count = _count_in(text, bare_number_ok=not heading)
        if count is not None:
            return (node if heading or "title" in (node.attributes.get("class") or "")
                    else None), count
    return None, None


def _may_count(raw: str) -> bool:
    """False when a heading's raw text cannot show a count (see the words above).

    Lower-casing plus substring tests replace the slow case-blind regex. On
    ASCII text ``re.I`` folds exactly the ASCII letters, so the words are
    looked up whole. Elsewhere ``re.I`` also lets "ſ" match "s", "K" (Kelvin)
    "k" and "İ" "i", which ``str.lower`` does not map alike: the pieces looked
    up avoid those three letters ("omment", "coment", "pon", "eact"...), and a
    text holding an invisible character is always examined."""
    low = raw.lower()
    if raw.isascii():
        return ("comment" in low or "respons" in low or "repl" in low or "thought" in low
                or "reaction" in low or "kommentar" in low or "comentario" in low)
    return ("omment" in low or "coment" in low or "pon" in low or "repl" in low
            or "thought" in low or "eact" in low or "\u00e9act" in low or "تعليق" in low
            or "رد" in low or _INVISIBLE.search(raw) is not None)


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
def list_container(items: Items) -> LexborNode:
    """Lowest common ancestor of the first and last item."""
    first, last = items.nodes[0], items.nodes[-1]
    chain = {n.mem_id for n in ancestors(first, include_self=True)}
    for node in ancestors(last, include_self=True):
        if node.mem_id in chain:
            return node if node.tag not in STOP_GROWTH or node.mem_id in items.index else first
    return first


def grow(node: LexborNode) -> LexborNode:
    """Climb while each parent adds little text (a heading, a notice, the form)."""
    size = len(node.text())
    current = node
    while current.parent is not None and current.parent.tag not in STOP_GROWTH:
        parent = current.parent
        if has(parent, "h1"):
            break
        parent_size = len(parent.text())
        if parent_size - size > _GROWTH_BUDGET:
            break
        current, size = parent, parent_size
    return current


def empty_sections(sections: list[LexborNode]) -> list[LexborNode]:
    """Comment sections filled by script ("Loading comments…", "View Comments"): named
    like a comment block and nearly empty, so skipping them can never cost body text.

    ``sections`` are the page's ``SECTION_SEL`` matches. A section holding the
    whole thread is common, so the cheap C-level ``h1, p + p`` test runs before
    the text is cleaned, and a long text is cleaned only as far as needed."""
    return [node for node in sections
            if not has(node, "h1, p + p") and not _longer_than(node.text(), _GROWTH_BUDGET)]


def _longer_than(raw: str, limit: int) -> bool:
    """``len(clean(raw)) > limit``, without cleaning all of a long text.

    ``clean`` only drops characters and collapses whitespace runs, so the
    cleaned text of a prefix is a prefix of the cleaned whole (up to a trailing
    space it strips): when a prefix already cleans to more than ``limit``
    characters the whole does too. And a raw text of at most ``limit``
    characters cannot clean to more."""
    if len(raw) <= limit:
        return False
    if len(clean(raw[:4 * limit])) > limit:
        return True
    return len(clean(raw)) > limit


def dedupe(roots: list[LexborNode]) -> list[LexborNode]:
    """One entry per node, and none inside another root."""
    return outermost(list({r.mem_id: r for r in roots}.values()))
