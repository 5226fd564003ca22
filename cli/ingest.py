"""Page bytes → extraction → archive, with the per-run summary.

Shared by ``load`` and the fetching commands so both count and report the
same way. A failing page is recorded in the summary and never stops the run.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from akhbar.scrapers import Article
from akhbar.scrapers.decode import binary_kind
from akhbar.scrapers.limits import ExtractionLimit, bounded_extract
from akhbar.storage import BULK_BATCH_PAGES, Archive, ArchiveError, RawPage, SaveResult


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases: int = 0
    failed: int = 0
    new_comments: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def count(self, result: SaveResult) -> None:
        attr = {"alias": "aliases"}.get(result.status, result.status)
        setattr(self, attr, getattr(self, attr) + 1)
        self.new_comments += result.new_comments

    def fail(self, where: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((where, reason))

    def line(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.aliases} aliases, {self.failed} failed; {self.new_comments} new comments")

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "aliases": self.aliases, "failed": self.failed, "new_comments": self.new_comments}


class PageRejected(Exception):
    """The bytes are not a page akhbar can archive (the message says why)."""


Note = Callable[[str], None]


def extract_bytes(data: bytes, url: str | None, http_charset: str | None = None,
                  note: Note | None = None) -> Article:
    """Extract under the limits of ``scrapers.limits``, refusing with a reason.

    Empty and clearly binary input, a page over a limit and a page that makes
    an extractor fail all become ``PageRejected``: extraction is pure, so a
    failure there damages nothing and the run goes on to the next page.
    ``note`` receives one-line remarks on pages read only in part.
    """
    if not data.strip():
        raise PageRejected("empty page")
    kind = binary_kind(data)
    if kind:
        raise PageRejected(f"not an HTML page ({kind})")
    try:
        bounded = bounded_extract(data, url, http_charset=http_charset)
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
               note: Note | None = None) -> Article:
    """Extract one page, refusing (``PageRejected``) what is not an article to archive."""
    article = extract_bytes(data, url, http_charset, note)
    reason = not_an_article(article)
    if reason:
        raise PageRejected(reason)
    return article


class ArchiveWriteFailed(ArchiveError):
    """The archive refused a write: the run stops (not one bad input among others)."""


def write_failed(archive: Archive, exc: sqlite3.DatabaseError) -> ArchiveError:
    # Disk full, I/O error, file made read-only mid-run: the page's transaction
    # was rolled back; going on would only fail the same way for every page.
    return ArchiveWriteFailed(f"cannot write to the archive {archive.path}: {exc}"
                        " (disk full or read-only?); pages stored before this one are kept")


def ingest(archive: Archive, data: bytes, raw: RawPage, url: str | None = None,
           http_charset: str | None = None, note: Note | None = None) -> SaveResult:
    """Extract one page and store it with its raw bytes (one transaction)."""
    article = archivable(data, url, http_charset, note)
    try:
        return archive.save(article, raw)
    except sqlite3.DatabaseError as exc:
        raise write_failed(archive, exc) from None


Done = Callable[[SaveResult], None]


class PageBatch:
    """Extracted pages saved together by ``Archive.save_many`` (bulk ``load``).

    One transaction per page cost about as much as the save itself (a commit,
    an index segment); a batch shares them. A batch is saved once it holds
    ``max_pages`` pages, ``max_bytes`` of raw page bytes, or its first page is
    ``max_seconds`` old, so memory stays bounded and a long run (a cron job
    cut off by a timeout) commits its progress every second at least.
    Ctrl-C / SIGTERM loses only the batch in hand: nothing of it was written.
    Each page's ``done`` is called with its own ``SaveResult``, in order, so
    per-page reporting is exactly as with one ``save`` per page.
    """

    def __init__(self, archive: Archive, max_pages: int = BULK_BATCH_PAGES,
                 max_seconds: float = 1.0, max_bytes: int = 16 * 1024 * 1024):
        self.archive = archive
        self.limits = (max_pages, max_seconds, max_bytes)
        self.pages: list[tuple[Article, RawPage, str | None]] = []
        self.callbacks: list[Done] = []
        self.size = 0
        self.started = 0.0

    def add(self, article: Article, raw: RawPage, seen_at: str | None, done: Done) -> None:
        if not self.pages:
            self.started = time.monotonic()
        self.pages.append((article, raw, seen_at))
        self.callbacks.append(done)
        self.size += len(raw.content)
        max_pages, max_seconds, max_bytes = self.limits
        if (len(self.pages) >= max_pages or self.size >= max_bytes
                or time.monotonic() - self.started >= max_seconds):
            self.save()

    def save_if_due(self) -> None:
        """Save the batch in hand if it is older than its time bound (before a slow read)."""
        if self.pages and time.monotonic() - self.started >= self.limits[1]:
            self.save()

    def save(self) -> None:
        """Save the batch in hand; a write failure ends the run like ``ingest``'s."""
        pages, callbacks = self.pages, self.callbacks
        self.pages, self.callbacks, self.size = [], [], 0
        if not pages:
            return
        failure: BaseException | None = None
        for result, done in zip(self.archive.save_many(pages), callbacks, strict=False):
            if isinstance(result, Exception):
                failure = failure or result
            else:
                done(result)
        if isinstance(failure, sqlite3.DatabaseError):
            raise write_failed(self.archive, failure) from None
        if failure is not None:
            raise failure
