"""Page bytes → extraction → archive, with the per-run summary.

Shared by ``load`` and the fetching commands so both count and report the
same way. A failing page is recorded in the summary and never stops the run.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from akhbar.scrapers import Article
from akhbar.storage import BULK_BATCH_PAGES, Archive, ArchiveError, RawPage, SaveResult

from .extracting import MIN_ARTICLE_TEXT, Note, PageRejected, archivable, extract_bytes, not_an_article

__all__ = ["MIN_ARTICLE_TEXT", "Note", "PageRejected", "archivable", "extract_bytes",
           "not_an_article", "Summary", "PageBatch", "ingest", "ArchiveWriteFailed", "write_failed"]


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
        self.size += len(raw.content) if raw.size is None else raw.size
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
