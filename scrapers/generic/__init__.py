"""The generic extractor: any page, no site-specific knowledge.

Stages (each its own module): ``metadata`` (JSON-LD, OpenGraph, ``<meta>``,
visible headline/byline/date), ``comments`` (common comment markups, the comment
form and its notice), ``related`` (more-news link blocks) and ``body`` (content
heuristics on what is left). Comments are found first so that the body stage can
leave them out.
"""
from __future__ import annotations

from ..page import Page
from ..record import Article
from .body import extract_body
from .body.boilerplate import clear_memos
from .comments import extract_comments
from .comments.fields import clear_memos as clear_comment_memos
from .comments.structure import clear_memos as clear_seed_memos
from .metadata import extract_metadata
from .related import extract_related


def clear_caches() -> None:
    """Forget what the extractor remembers between pages (verdicts on the class
    names it has seen), so that ``benchmarks/extraction.py`` times every variant
    from the same cold start. Records never depend on it."""
    clear_memos()
    clear_comment_memos()
    clear_seed_memos()


def extract_generic(page: Page) -> Article:
    meta = extract_metadata(page)
    thread = extract_comments(page)
    body = extract_body(page, exclude=thread.roots, headline=meta.headline)
    return Article(
        url=page.url,
        site=page.site,
        headline=meta.headline,
        source=meta.source,
        author=meta.author,
        published=meta.published,
        language=meta.language,
        body=body,
        comments_enabled=thread.enabled,
        comment_notice=thread.notice,
        comment_count=max(thread.count or 0, len(thread.comments)),
        comments=thread.comments,
        related=extract_related(page),
    )
