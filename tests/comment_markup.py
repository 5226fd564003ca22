"""Markup shared by the comment-stage tests: an article for a thread to sit under."""
from __future__ import annotations

from akhbar.scrapers.generic.comments import extract_comments
from akhbar.scrapers.generic.comments.thread import Thread
from akhbar.scrapers.page import parse_page

# An article body long enough to be prose, which no comment root may contain.
ARTICLE = ("<article><h1>Headline</h1><div class='entry-content'>"
           "<p>The article body is a paragraph long enough to be a real paragraph of news text.</p>"
           "<p>A second paragraph of the article body that must never be inside a root.</p>"
           "</div></article>")


def thread_of(html: str) -> Thread:
    """The comment thread of ``html`` placed in a page's body."""
    return extract_comments(parse_page(f"<html><body>{html}</body></html>", "https://example.com/a"))
