"""Comment threads and comment forms in common markups (baseline)."""
from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ..page import Page
from ..record import Comment
from ..text import clean, clean_or_none


@dataclass
class Thread:
    comments: list[Comment] = field(default_factory=list)
    enabled: bool = False
    notice: str | None = None
    count: int | None = None
    # Nodes holding comments, the comment form and its notice: the body stage skips them.
    roots: list[LexborNode] = field(default_factory=list)


def extract_comments(page: Page) -> Thread:
    thread = Thread()
    for node in page.tree.css("#comments, .comments-area, .comment-list, #respond, form.comment-form"):
        thread.roots.append(node)
    thread.enabled = page.tree.css_first("form.comment-form, #respond form, #commentform") is not None
    for node in page.tree.css(".comment-list li.comment, ol.commentlist li.comment"):
        body = node.css_first(".comment-content, .comment-body p")
        author = node.css_first(".comment-author .fn, .comment-author")
        if body is None:
            continue
        thread.comments.append(Comment(text=clean(body.text()),
                                       author=clean_or_none(author.text()) if author else None))
    return thread
