"""What the fetching commands remember between runs: HTTP validators and the crawl frontier.

- ``http_cache``: per requested URL, the ``ETag``/``Last-Modified`` the server
  gave, the last status and when it was fetched. Conditional requests and the
  ``refresh`` schedule read it.
- ``crawl_frontier``: every URL a crawl discovered on a site, its kind
  (article, listing, feed, sitemap, unknown), depth, and state (pending, done,
  failed, gone, old). Pending rows are what a killed or ``--max-pages``-capped
  run left to do; listing, feed and sitemap rows are revisited every run with
  conditional requests, so a listing answering 304 still yields the links it
  had last time. A row found through a feed or sitemap is a *declared* item.
- ``not_articles``: archived records whose page, re-read by ``refresh``, turned
  out to be a listing (a section page once stored as an article). The record
  is kept, marked, and no longer refreshed; its URL is crawled as a listing.

A listing's validators are recorded in the same transaction as the links
found on it; an article's in the same transaction as ``Archive.save``. A run
killed between pages therefore never holds a 304-able page whose links or
article were lost. The tables are created here (``CREATE TABLE IF NOT
EXISTS``) so that archives written before fetching existed gain them on first
use; ``DDL`` is also what a schema migration should fold in.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol
from urllib.parse import urlsplit

import sqlite_utils

from akhbar.scrapers.record import Article
from akhbar.scrapers.urls import normalize_url

from .archive import MIN_ALIAS_BODY, Archive, RawPage, SaveResult, content_hash

DDL = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    status INTEGER,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_frontier (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    depth INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'done', 'failed', 'gone', 'old')),
    published TEXT,
    via TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    discovered_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_frontier_site ON crawl_frontier(site, state, kind);
CREATE INDEX IF NOT EXISTS idx_frontier_via ON crawl_frontier(via);
CREATE TABLE IF NOT EXISTS not_articles (
    article_id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    reason TEXT,
    marked_at TEXT NOT NULL
);
"""

REVISITED_KINDS = ("listing", "feed", "sitemap")
MAX_ATTEMPTS = 3  # a page failing this many runs in a row is given up


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class HttpResponse(Protocol):
    """What storage keeps of one HTTP exchange (the crawler's ``Fetched`` is one).

    Declared here, structurally, so that storage never imports the fetching layer.
    """

    @property
    def final_url(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def fetched_at(self) -> str: ...


class FrontierItem(Protocol):
    """A URL the crawler found: the crawler's tasks and ``FrontierEntry`` both are one."""

    @property
    def url(self) -> str: ...
    @property
    def site(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def published(self) -> str | None: ...
    @property
    def via(self) -> str | None: ...


@dataclass(frozen=True)
class StoredValidators:
    """The ``ETag``/``Last-Modified`` a server gave for a URL, as remembered."""

    etag: str | None
    last_modified: str | None


@dataclass
class FrontierEntry:
    url: str
    site: str
    kind: str
    depth: int
    published: str | None = None
    via: str | None = None
    state: str = "pending"
    declared: bool = False   # listed by a feed or sitemap as an item


@dataclass(frozen=True)
class RefreshTarget:
    """An archived article due for a refresh: the URL to re-read and the record it belongs to."""

    url: str
    article_id: int


class FetchState:
    """The fetch tables of one archive; every method is one short statement or transaction."""

    def __init__(self, db: sqlite_utils.Database, archive: Archive | None = None):
        self.db = db
        self.archive = archive
        db.conn.executescript(DDL)

    @classmethod
    def of(cls, archive: Archive) -> FetchState:
        return cls(archive.db, archive)

    # -- HTTP validators --------------------------------------------------------

    def validators(self, url: str) -> StoredValidators | None:
        row = self.db.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?",
                              [url]).fetchone()
        return StoredValidators(row[0], row[1]) if row and (row[0] or row[1]) else None

    def record_response(self, url: str, fetched: HttpResponse) -> None:
        """Remember validators (kept across a 304, which may omit them) and status."""
        etag, modified = fetched.headers.get("etag"), fetched.headers.get("last-modified")
        self.db.execute(
            "INSERT INTO http_cache (url, final_url, etag, last_modified, status, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "final_url = excluded.final_url, status = excluded.status, "
            "fetched_at = excluded.fetched_at, "
            "etag = CASE WHEN excluded.status BETWEEN 200 AND 299 THEN excluded.etag "
            "            WHEN excluded.status = 304 THEN COALESCE(excluded.etag, etag) ELSE etag END, "
            "last_modified = CASE WHEN excluded.status BETWEEN 200 AND 299 "
            "            THEN excluded.last_modified WHEN excluded.status = 304 "
            "            THEN COALESCE(excluded.last_modified, last_modified) ELSE last_modified END",
            [url, fetched.final_url, etag, modified, fetched.status,
             fetched.fetched_at or utc_now()])

    # -- what the archive already holds ----------------------------------------

    def is_archived(self, url: str) -> bool:
        """The URL is an article's (canonical or alias) or was fetched to store one.

        The second case matters when a page names a canonical URL other than
        the one it was fetched from (a mirror, a redirect, a test copy).
        """
        row = self.db.execute(
            "SELECT 1 FROM article_urls WHERE url = ? UNION ALL "
            "SELECT 1 FROM raw_pages WHERE url = ? AND article_id IS NOT NULL AND origin = 'http' "
            "LIMIT 1", [normalize_url(url), url]).fetchone()
        return row is not None

    def is_settled(self, url: str) -> bool:
        """Archived, or a crawl already finished with it (done, gone, too old, given up).

        A listing, feed or sitemap is never settled: it is revisited every run
        (that includes a record marked as not an article).
        """
        row = self.db.execute("SELECT state, attempts, kind FROM crawl_frontier WHERE url = ?",
                              [url]).fetchone()
        if row is not None and row[2] in REVISITED_KINDS:
            return False
        if self.is_archived(url):
            return True
        if row is None:
            return False
        state, attempts, _kind = row
        return state in ("done", "gone", "old") or (state == "failed" and attempts >= MAX_ATTEMPTS)

    # -- the frontier -----------------------------------------------------------

    def discover(self, entries: Iterable[FrontierItem]) -> None:
        """Add URLs; a URL seen again keeps its smallest depth and its most specific kind,
        and the feed or sitemap that declared it, if one did."""
        now = utc_now()
        for e in entries:
            self.db.execute(
                "INSERT INTO crawl_frontier (url, site, kind, depth, state, published, via, "
                "discovered_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET depth = MIN(depth, excluded.depth), "
                "published = COALESCE(published, excluded.published), "
                "kind = CASE WHEN kind = 'unknown' THEN excluded.kind ELSE kind END, "
                # found again by a feed or sitemap: remembered as a declared item
                "via = CASE WHEN excluded.kind = 'article' AND (SELECT v.kind FROM crawl_frontier v "
                "WHERE v.url = excluded.via) IN ('feed', 'sitemap') THEN excluded.via ELSE via END",
                [e.url, e.site, e.kind, e.depth, e.published, e.via, now, now])

    def settle(self, url: str, state: str, *, kind: str | None = None,
               error: str | None = None) -> None:
        """Record a frontier URL's outcome (done, failed, gone, old)."""
        self.db.execute(
            "UPDATE crawl_frontier SET state = ?, kind = COALESCE(?, kind), last_error = ?, "
            "attempts = CASE WHEN ? = 'failed' THEN attempts + 1 ELSE 0 END, updated_at = ? "
            "WHERE url = ?", [state, kind, error, state, utc_now(), url])

    def revisits(self, site: str, max_depth: int) -> list[FrontierEntry]:
        """Listings, feeds and sitemaps of a site: fetched again (conditionally) every run."""
        return self._entries(
            "f.site = ? AND f.kind IN ('listing', 'feed', 'sitemap') AND f.depth <= ? "
            "AND f.state != 'gone' ORDER BY f.depth, f.discovered_at", [site, max_depth])

    def pending(self, site: str, max_depth: int) -> list[FrontierEntry]:
        """Pages a previous run found but did not finish, newest first."""
        return self._entries(
            "f.site = ? AND f.kind IN ('article', 'unknown') AND f.depth <= ? AND "
            "(f.state = 'pending' OR (f.state = 'failed' AND f.attempts < ?)) "
            "ORDER BY f.published IS NULL, f.published DESC, f.discovered_at",
            [site, max_depth, MAX_ATTEMPTS])

    def _entries(self, where: str, params: list[Any]) -> list[FrontierEntry]:
        rows = self.db.execute(
            "SELECT f.url, f.site, f.kind, f.depth, f.published, f.via, f.state, "
            "COALESCE(v.kind IN ('feed', 'sitemap') AND f.kind = 'article', 0) "
            "FROM crawl_frontier f LEFT JOIN crawl_frontier v ON v.url = f.via WHERE "
            + where, params).fetchall()
        return [FrontierEntry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]))
                for row in rows]

    def article_urls(self, site: str) -> list[str]:
        """URLs of a site's pages a crawl stored as articles (to learn the site's URL shapes)."""
        return [r[0] for r in self.db.execute(
            "SELECT url FROM crawl_frontier WHERE site = ? AND kind = 'article' AND state = 'done'",
            [site])]

    def has_comment_pages(self, url: str) -> bool:
        """The article at ``url`` had further comment pages when it was last read."""
        return self.db.execute("SELECT 1 FROM crawl_frontier WHERE via = ? AND kind = 'comments' "
                               "LIMIT 1", [url]).fetchone() is not None

    def is_declared(self, url: str) -> bool:
        """The URL was found as an item of one of the site's feeds or sitemaps."""
        found = self._entries("f.url = ?", [normalize_url(url)])
        return bool(found and found[0].declared)

    # -- pages ------------------------------------------------------------------

    def save_article(self, article: Article, fetched: HttpResponse, requested: str,
                     discovered: Iterable[FrontierItem] = (),
                     expect_id: int | None = None) -> SaveResult:
        """Store a fetched article, its validators, links and frontier state: one transaction.

        One page never overwrites another record: a URL that was an alias of a
        record (the same text under another address) but now shows other text
        is detached from it first; and with ``expect_id`` (``refresh``) a page
        that would land on any other record raises ``LookupError``, nothing stored.
        """
        if self.archive is None:
            raise RuntimeError("FetchState.save_article needs the Archive (FetchState.of)")
        raw = RawPage(content=fetched.content, origin="http", url=requested,
                      final_url=fetched.final_url, fetched_at=fetched.fetched_at,
                      http_status=fetched.status, headers=dict(fetched.headers))
        with self.db.atomic():
            self._detach_stale_alias(article)
            if expect_id is not None:
                target = self._target_of(article)
                if target != expect_id:
                    raise LookupError(f"the page now holds another article ({article.url})")
            result = self.archive.save(article, raw)
            self.discover(discovered)
            self.record_response(requested, fetched)
            if result.url != requested:
                self.record_response(result.url, fetched)
            self.settle(requested, "done", kind="article")
        return result

    def _detach_stale_alias(self, article: Article) -> None:
        if not article.url:
            return
        key = normalize_url(article.url)
        row = self.db.execute(
            "SELECT u.kind, a.content_hash FROM article_urls u JOIN articles a "
            "ON a.id = u.article_id WHERE u.url = ?", [key]).fetchone()
        if row and row[0] == "alias" and row[1] != content_hash(article.body):
            self.db.execute("DELETE FROM article_urls WHERE url = ? AND kind = 'alias'", [key])

    def _target_of(self, article: Article) -> int | None:
        """The record ``Archive.save`` would write ``article`` to (None: a new one)."""
        if article.url:
            row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?",
                                  [normalize_url(article.url)]).fetchone()
            if row:
                return int(row[0])
        if len(article.body) >= MIN_ALIAS_BODY:
            row = self.db.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id "
                                  "LIMIT 1", [content_hash(article.body)]).fetchone()
            if row:
                return int(row[0])
        return None

    def mark_not_article(self, article_id: int, url: str, reason: str, site: str) -> None:
        """Mark a record whose page is a listing: kept, no longer refreshed, crawled as a listing."""
        now = utc_now()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO not_articles (article_id, url, reason, marked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET url = excluded.url, reason = excluded.reason, "
                "marked_at = excluded.marked_at", [article_id, url, reason, now])
            self.db.execute(
                "INSERT INTO crawl_frontier (url, site, kind, depth, state, discovered_at, updated_at) "
                "VALUES (?, ?, 'listing', 1, 'done', ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "kind = 'listing', state = 'done', updated_at = excluded.updated_at",
                [url, site, now, now])

    def marked(self) -> list[tuple[int, str, str]]:
        """Records marked as not articles: (article id, URL, reason)."""
        return [(int(r[0]), r[1], r[2]) for r in self.db.execute(
            "SELECT article_id, url, reason FROM not_articles ORDER BY article_id")]

    def finish_page(self, url: str, fetched: HttpResponse | None, discovered: Iterable[FrontierItem],
                    state: str = "done", kind: str | None = None, error: str | None = None) -> None:
        """A non-article page: its links, validators and state, in one transaction."""
        with self.db.atomic():
            self.discover(discovered)
            if fetched is not None and fetched.status:
                self.record_response(url, fetched)
            self.settle(url, state, kind=kind, error=error)

    # -- refresh ------------------------------------------------------------------

    def refresh_candidates(self, published_within: timedelta, older_than: timedelta,
                           now: datetime | None = None, limit: int | None = None) -> list[str]:
        """The URLs of ``refresh_targets``."""
        return [t.url for t in self.refresh_targets(published_within, older_than, now, limit)]

    def refresh_targets(self, published_within: timedelta, older_than: timedelta,
                        now: datetime | None = None, limit: int | None = None) -> list[RefreshTarget]:
        """Archived articles published recently and not fetched for a while, newest first.

        "Published" falls back to when akhbar first saw the article; "fetched"
        is the later of the last HTTP request (a 304 counts) and the last save.
        Records marked as not articles are left out. Each is re-read at its
        canonical URL (``refresh_url``), never at an alias.
        """
        now = now or datetime.now(timezone.utc)
        since = (now - published_within).date().isoformat()
        before = (now - older_than).replace(microsecond=0).isoformat()
        try:
            rows = self.db.execute(
                "SELECT a.id, a.url, a.last_seen FROM articles a "
                "WHERE COALESCE(a.published, a.first_seen) >= ? "
                "AND a.id NOT IN (SELECT article_id FROM not_articles) "
                "ORDER BY COALESCE(a.published, a.first_seen) DESC, a.id DESC", [since]).fetchall()
        except sqlite3.OperationalError:  # an archive with no articles table yet
            return []
        due: list[RefreshTarget] = []
        for article_id, canonical, last_seen in rows:
            url = self.refresh_url(article_id, canonical)
            if not url or not url.startswith("http"):
                continue
            cached = self.db.execute("SELECT fetched_at FROM http_cache WHERE url = ?",
                                     [url]).fetchone()
            if max(cached[0] if cached else "", last_seen) <= before:
                due.append(RefreshTarget(url, article_id))
                if limit and len(due) >= limit:
                    break
        return due

    def refresh_url(self, article_id: int, canonical: str) -> str | None:
        """Where to re-read an article: its canonical URL when it is on a site it was fetched
        from; else the first page it was fetched at that is not an alias (a page that names
        a canonical URL elsewhere — a mirror, a test copy)."""
        pages = self.db.execute(
            "SELECT r.url, r.final_url, u.kind FROM raw_pages r LEFT JOIN article_urls u "
            "ON u.url = r.url WHERE r.article_id = ? AND r.origin = 'http' AND r.url IS NOT NULL "
            "ORDER BY r.id", [article_id]).fetchall()
        if not pages:
            return canonical
        hosts = {_host(u) for page in pages for u in page[:2] if u}
        if _host(canonical) in hosts:
            return canonical
        own = [page[0] for page in pages if page[2] != "alias"]
        return (own or [pages[0][0]])[0]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}:{parts.port or ''}"
