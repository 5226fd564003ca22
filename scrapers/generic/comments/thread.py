"""Comment threads, the comment form and its posting notice, in common markups.

One pass of a few CSS queries finds comment *items* in the markups CMSs
emit with a comment class: WordPress (``li.comment`` with nested
``ul.children``), Drupal (``.comment`` followed by an ``.indented`` block of
replies), schema.org microdata (``itemtype=…/Comment``) and home-grown
``.comments .comment`` nests. When there are none, or none shows an author or
a date, ``structure`` looks for the thread by its shape (repeated
comment-shaped siblings under a comment-named block or a comments heading).
Each item's author, date and text are read only from nodes that belong to that
item and not to a nested reply. Reply parents come from structure (nesting,
indented/reply blocks after the parent, ``depth-N`` classes, replies marked on
the item, reply lists after the parent in one wrapper), expressed as indices in
the flat document-order list. JSON-LD ``comment`` arrays are the fallback when
the visible markup holds no comment. ``count`` reads the total a paginated
page prints.

``Thread.roots`` tells the body stage what to skip: the comment list, the
comment form with its heading and notice, and "N comments" headings. Roots are
grown outward from those nodes only while the growth adds little text of its
own, so a root can never swallow the article body.

Speed: most pages have no comments, so the stage starts with one C-level query
(``probe``) that collects every node any later step starts from;
each step whose starting list is empty is skipped, and the others work on the
probe's nodes instead of querying the page again. Modules:
``probe`` (the query), ``items`` (items and their text), ``structure`` and
``fields`` (threads and fields by structure), ``form`` (form, notice, count
heading, roots), ``count`` (displayed totals), ``jsonld``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ...page import Page
from ...record import Comment
from .count import displayed_total
from .form import (
    comment_form,
    comment_frame,
    dedupe,
    displayed_count,
    empty_sections,
    form_section,
    grow,
    list_container,
    notice,
)
from .items import any_byline, find_items, items_of, read_item
from .jsonld import JsonLd
from .probe import probe
from .structure import structural_items


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


def extract_comments(page: Page) -> Thread:
    """Comments, form, notice, count and the nodes the body stage must skip."""
    found = probe(page.tree)
    jsonld = JsonLd(found.scripts)
    thread = Thread()
    items = find_items(found.items)
    if (not items or not any_byline(items)) and (found.named or found.counts):
        # No known item class, or "items" that are only the text part of the real
        # comments (no author or date in any): look for the thread by structure.
        nodes = structural_items(found.named, [node for node, heading in found.counts if heading],
                                 found.text, found.names)
        if nodes:
            other = items_of(nodes)
            if other and (not items or any_byline(other)):
                items = other
    thread.comments = [read_item(node, items) for node in items]
    if not thread.comments and found.scripts:
        thread.comments = jsonld.comments()
    form = comment_form(found.textareas) or comment_frame(found.named)
    thread.enabled = form is not None or found.respond is not None
    roots: list[LexborNode] = []
    if items:
        roots.append(grow(list_container(items)))
    section = form_section(form, found.respond, found.respond_block, items)
    roots.extend(section)
    thread.notice = notice(section, items) if section else None
    heading, count = displayed_count(found.counts, found.text)
    if heading is not None:
        roots.append(heading)
    roots.extend(empty_sections(found.sections))
    thread.count = count if count is not None or not found.scripts else jsonld.count()
    if thread.comments and (thread.count is None or thread.count <= len(thread.comments)):
        # Paginated or cut threads print their total elsewhere ("571 Kommentare").
        inside = lambda node: items.owner(node) is not None  # noqa: E731
        thread.count = (displayed_total(found.totals, len(thread.comments), inside, found.text)
                        or thread.count)
    thread.roots = dedupe(roots)
    return thread
