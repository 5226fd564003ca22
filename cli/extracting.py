"""Extraction of one page's bytes with the checks every command applies.

Separate from ``ingest`` (which stores) so that extraction worker processes
(``parallel.py``) import only this and ``akhbar.scrapers``, never the archive.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from akhbar.scrapers import Article
from akhbar.scrapers.decode import binary_kind
from akhbar.scrapers.limits import ExtractionLimit, bounded_extract


class PageRejected(Exception):
    """The bytes are not a page akhbar can archive (the message says why)."""


Note = Callable[[str], None]


def extract_bytes(data: bytes, url: str | None, http_charset: str | None = None,
                  note: Note | None = None, seconds: float | None = None) -> Article:
    """Extract under the limits of ``scrapers.limits``, refusing with a reason.

    Empty and clearly binary input, a page over a limit and a page that makes
    an extractor fail all become ``PageRejected``: extraction is pure, so a
    failure there damages nothing and the run goes on to the next page.
    ``note`` receives one-line remarks on pages read only in part; ``seconds``
    is the time budget (default: ``$AKHBAR_EXTRACT_SECONDS``, read by the caller's
    process, which is why worker processes are handed it).
    """
    if not data.strip():
        raise PageRejected("empty page")
    kind = binary_kind(data)
    if kind:
        raise PageRejected(f"not an HTML page ({kind})")
    try:
        bounded = bounded_extract(data, url, http_charset=http_charset, seconds=seconds)
    except ExtractionLimit as exc:
        raise PageRejected(str(exc)) from None
    except Exception as exc:  # a bug in one extractor must not end a cron run
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise PageRejected(f"extraction failed ({message}); please report this page") from None
    if note is not None:
        for text in bounded.notes:
            note(text)
    return bounded.article


# The crawler's threshold for an article-shaped page: a short news item still counts.
MIN_ARTICLE_TEXT = 80


def not_an_article(article: Article) -> str | None:
    """Why a record is not worth archiving as an article, or None.

    Only structural signals: a site's front page (its URL is the site root),
    or a page with no comments and too little text to be an article (an
    error page, a login wall, an empty shell whose content is scripted).
    """
    if article.url and urlsplit(article.url).path in ("", "/") and not urlsplit(article.url).query:
        return "a site's front page, not an article"
    text = len(article.body.strip())
    if text < MIN_ARTICLE_TEXT and not article.comments:
        return f"no article found ({text} characters of text)" if text else "no article text found"
    return None


def archivable(data: bytes, url: str | None = None, http_charset: str | None = None,
               note: Note | None = None, seconds: float | None = None) -> Article:
    """Extract one page, refusing (``PageRejected``) what is not an article to archive."""
    article = extract_bytes(data, url, http_charset, note, seconds)
    reason = not_an_article(article)
    if reason:
        raise PageRejected(reason)
    return article
