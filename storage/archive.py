"""The archive: one SQLite file holding articles, comments, URLs and raw pages.

Every write of one page (article, its URLs, its comments, its raw bytes, its
earlier version and its search-index row or queue entry) happens
in a single ``db.atomic()`` transaction: sqlite-utils would otherwise commit
after each call, and a crash between two calls would leave an article without
its comments. ``Archive.save_many()`` puts several pages in one transaction
for bulk loads (all commit together; on a failure they are retried one
transaction each).

A new article is *queued* for the full-text index in its page's transaction
and indexed with others in a batch (every ``INDEX_EVERY`` queued pages, at the
end of each ``save_many``, before a ``search`` and at ``close``): FTS5 writes
an index segment per commit, which was most of the cost of a one-page
transaction. See ``storage/fulltext.py`` for why no article can be lost from
the index that way.

The write path uses plain prepared SQL (the sqlite3 module caches statements)
and folds the body once for hash and index; near-duplicate sketches are
computed later, by ``dupes`` (``storage/dupes.py``): see ``benchmarks/storage.py``.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from akhbar.scrapers.record import Article
from akhbar.scrapers.urls import normalize_url

from . import fulltext
from .comments_merge import merge_comments
from .errors import ArchiveError
from .prepared import PreparedText, joined_comments, prepare_text
from .reading import ArchiveReader
from .schema import SCHEMA_VERSION, migrate, schema_version
from .textnorm import fold, hash_folded
from .versions import HistoryReader

ARTICLE_FIELDS = ("url", "site", "headline", "source", "author", "published", "language",
                  "body", "comments_enabled", "comment_notice", "comment_count")
# An alias is only inferred from a body long enough to be one article's own text;
# two near-empty bodies (a failed extraction) say nothing about identity.
MIN_ALIAS_BODY = 200
# Queued articles indexed together: one FTS5 segment per batch (fewer, larger
# batches index faster; the queue is also what ``search`` folds on the fly for
# another process's archive while a writer runs).
INDEX_EVERY = 500
# Pages per ``save_many`` transaction for bulk loads (``akhbar load``): the
# commit and the index segment are shared by the batch. Measured with
# ``benchmarks/storage.py``: 25 pages saved ~1,300-1,500 articles/s, 200 about
# 1,800-2,000; larger batches gave no more and hold the write lock longer.
BULK_BATCH_PAGES = 200
# A writer's WAL is copied back into the archive every this many pages (SQLite's
# default is 1,000), truncated to WAL_KEEP_BYTES after each copy; its page cache.
WAL_CHECKPOINT_PAGES = 10_000
WAL_KEEP_BYTES = 64 * 1024 * 1024
WRITER_CACHE_KIB = 32 * 1024


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def content_hash(body: str) -> str:
    """Hash of the normalised body: the same text under two URLs gives one hash."""
    return hash_folded(fold(body))


@dataclass
class RawPage:
    """The original bytes of a page and where they came from."""

    content: bytes
    origin: str  # "file:<path>", "http" or "stdin"
    url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None
    http_status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # ``zlib.compress(content, 6)`` when the caller has it already (``load --jobs``:
    # an extraction worker compresses it, off the writer's core).
    compressed: bytes | None = None
    # The article's content hash and index values when the caller computed them
    # (``prepare_text``, in ``load --jobs``'s workers): used only if computed from
    # the very text being saved (``PreparedText.matches``).
    prepared: PreparedText | None = None
    # ``hashlib.sha256(content).hexdigest()`` and ``len(content)`` when the caller has
    # them: with both and ``compressed``, ``content`` may be left empty (``load --jobs``
    # page files: a worker read the file, the writer never holds the raw bytes).
    sha256: str | None = None
    size: int | None = None


@dataclass
class SaveResult:
    article_id: int
    status: str  # "new", "updated", "unchanged" or "alias"
    url: str
    new_comments: int = 0
    new_version: bool = False  # headline or body differed: the old one was kept as a version
    removed_comments: int = 0


def check_archive_path(path: Path, create: bool) -> None:
    """Refuse, with a one-line reason, a path that cannot be an archive."""
    if path.is_dir():
        raise ArchiveError(f"archive path {path} is a directory")
    if not path.exists():
        if not create:
            raise ArchiveError(f"no archive at {path} (load something first, or pass --db)")
        if not path.parent.exists():
            raise ArchiveError(f"folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise ArchiveError(f"cannot read archive {path}: {exc.strerror or exc}") from None
    if head and head != b"SQLite format 3\x00":
        raise ArchiveError(f"{path} is not an SQLite database")


def refuse_foreign_database(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to add akhbar's tables to another program's SQLite database.

    A version-0 file with tables but no ``articles`` table is not an archive
    waiting for its schema: it belongs to someone else, and migrating it
    (or switching it to WAL) would change it behind that program's back.
    """
    if schema_version(conn) != 0:
        return
    names = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if names and "articles" not in names:
        raise ArchiveError(
            f"{path} is an SQLite database of another program, not an akhbar archive")


def tune_writer(conn: sqlite3.Connection) -> None:
    """Settings of a writing connection that cut system calls per saved page.

    Each commit appends every page it changed to the WAL (about 17 for one
    article: the row, its overflow page, each index it enters) with two
    ``pwrite`` calls per page, and every ``WAL_CHECKPOINT_PAGES`` pages
    SQLite copies the WAL back into the file (default 1,000: every ~60
    one-page commits, rewriting the same hot index pages each time). A
    larger interval copies each hot page once for many commits; a larger
    page cache re-reads fewer pages from the WAL. On the storage benchmark
    this removed 14 % of the system calls of one-page saves and 45 % of
    batched ones (``strace -c``, docs/search.md); durability is unchanged
    (``synchronous=NORMAL``, WAL). The WAL file is truncated back to
    ``WAL_KEEP_BYTES`` after each checkpoint and removed at close.
    """
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    conn.execute(f"PRAGMA journal_size_limit = {WAL_KEEP_BYTES}")
    conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")


class Archive(ArchiveReader, HistoryReader):
    """Open with ``Archive.open(path)``; use as a context manager to close it."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path
        self._queued = 0  # articles this object queued for indexing since the last batch
        self._memo: fulltext.Memo = {}  # their folded values, checked before use
        # New articles of the ``save_many`` transaction under way: indexed at its end, in
        # it, without passing through the queue (None outside ``save_many``).
        self._batch_new: set[int] | None = None
        # ``PRAGMA data_version`` when the memo's first entry was made: unchanged at the
        # next batch, no other connection has written since (see ``flush_index``).
        self._memo_version: int | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Archive:
        """Open (and, with ``create``, create or migrate) the archive at ``path``."""
        path = Path(path)
        check_archive_path(path, create)
        try:
            conn = sqlite3.connect(str(path), timeout=30)
            db = sqlite_utils.Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
            if create:
                refuse_foreign_database(conn, path)
                db.enable_wal()
                db.execute("PRAGMA synchronous = NORMAL")
                tune_writer(conn)
                migrate(db.conn)
                if fulltext.pending_count(db.conn):  # left by a writer that died: index now
                    cls(db, path).flush_index()
            elif not db["articles"].exists():
                raise ArchiveError(f"{path} is not an akhbar archive")
            elif schema_version(db.conn) < SCHEMA_VERSION:
                migrate(db.conn)  # an older archive opened by a reader: upgrade it once
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open archive {path}: {exc}") from None
        return cls(db, path)

    def close(self) -> None:
        try:
            if self._queued and not self.db.conn.in_transaction:
                self.flush_index()
        except sqlite3.Error:
            pass  # still queued: the next writer indexes them, search sees them meanwhile
        finally:
            self.db.close()

    def flush_index(self) -> int:
        """Index every queued article now, in its own transaction; how many were indexed.

        ``BEGIN IMMEDIATE``: the queue is read and emptied under the write lock,
        so two writers never index the same article twice. Inside a caller's
        transaction, the batch simply joins it.

        The values computed while saving (the memo) are used without reading
        the texts back when no other connection has committed since the first
        of them was made (``PRAGMA data_version``, read under the write lock);
        this object drops an entry whenever it changes that article's text or
        comments (``_forget``), and all of them when a batch is rolled back.
        Otherwise each is checked against the archive's text.
        """
        conn = self.db.conn
        if conn.in_transaction:
            done = fulltext.index_pending(conn, self._memo, trusted=self._trusted())
        else:
            conn.execute("BEGIN IMMEDIATE")
            try:
                done = fulltext.index_pending(conn, self._memo, trusted=self._trusted())
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        self._queued = 0
        self._memo.clear()
        return done

    def _data_version(self) -> int:
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def _trusted(self) -> Set[int]:
        """Memo entries that need no check (see ``flush_index``); the caller holds the lock."""
        if self._memo and self._data_version() == self._memo_version:
            return self._memo.keys()
        return frozenset()

    def _forget(self, article_id: int) -> None:
        """This object changed the article's text or comments: its memo entry is stale."""
        self._memo.pop(article_id, None)

    def search(self, query: str, limit: int = 20, *, exact: bool = False) -> list[Any]:
        """``ArchiveReader.search``, after indexing what this archive object queued."""
        if self._queued and not self.db.conn.in_transaction:
            self.flush_index()
        return super().search(query, limit, exact=exact)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    def save(self, article: Article, raw: RawPage | None = None,
             *, seen_at: str | None = None) -> SaveResult:
        """Store one extracted page atomically; see the module docstring."""
        with self._page_transaction():
            result = self._save_page(article, raw, seen_at)
        if self._queued >= INDEX_EVERY:
            self.flush_index()
        return result

    def save_many(self, pages: Sequence[tuple[Article, RawPage | None, str | None]]
                  ) -> list[SaveResult | Exception]:
        """Store several ``(article, raw, seen_at)`` pages in one transaction (bulk loads).

        All pages commit together, so every article still commits with its
        comments. The batch is indexed in the same transaction, from the
        values computed while saving it (``flush_index``). No savepoint per
        page: FTS5 flushes its pending index data at every savepoint release,
        which is most of what batching saves. If any page fails, the whole
        transaction is rolled back and the pages are saved again one
        transaction each, so a bad page costs only itself; its exception takes
        its place in the returned list.
        """
        if not self.db.conn.in_transaction:
            try:
                with self.db.atomic():
                    self._batch_new = set()
                    saved: list[SaveResult | Exception] = [self._save_page(*p) for p in pages]
                    self._index_batch()  # in the same commit: readers see whole pages
                    self.flush_index()
                    return saved
            except Exception:  # noqa: BLE001 - retried page by page below
                self._memo.clear()  # values of rolled-back rows: never to be trusted
            finally:
                self._batch_new = None
        results: list[SaveResult | Exception] = []
        for page in pages:
            try:
                results.append(self.save(page[0], page[1], seen_at=page[2]))
            except Exception as exc:  # noqa: BLE001 - reported per page
                results.append(exc)
        return results

    def _save_page(self, article: Article, raw: RawPage | None,
                   seen_at: str | None) -> SaveResult:
        """The body of ``save``; the caller holds the transaction."""
        seen_at = seen_at or utc_now()
        url = normalize_url(article.url) if article.url else self._synthetic_url(article, raw)
        comments = joined_comments(article)
        text = raw.prepared if raw is not None else None
        if text is None or not text.matches(article, comments):
            text = prepare_text(article, index=False, comments=comments)
        upsert = self._upsert_article(article, url, text.content_hash, seen_at)
        merged = merge_comments(self.db.conn, upsert.article_id, article.comments, seen_at,
                                latest=upsert.latest, may_mark_removed=upsert.may_mark_removed,
                                is_new=upsert.status == "new")
        if raw is not None:
            self._store_raw(upsert.article_id, raw, seen_at)
        if upsert.status == "new":
            if self._batch_new is not None:
                self._batch_new.add(upsert.article_id)
            else:
                fulltext.queue(self.db.conn, upsert.article_id)
                self._queued += 1
            if not self._memo:
                self._memo_version = self._data_version()
            self._memo[upsert.article_id] = (text.source, text.index_values())
        elif upsert.text_changed or merged.new:
            self._forget(upsert.article_id)
            if not self._batch_new or upsert.article_id not in self._batch_new:
                # (new earlier in this batch: indexed from its final text as the batch ends)
                fulltext.replace(self.db.conn, upsert.article_id, fulltext.indexed_values(
                    self.db.conn, upsert.article_id, below_comment_id=merged.first_new_id,
                    headline_body=upsert.old_text))
        return SaveResult(upsert.article_id, upsert.status, url, merged.new,
                          upsert.new_version, merged.removed)

    def _index_batch(self) -> None:
        """Index the new articles of the ``save_many`` transaction under way, in it.

        Their rows and their index entries commit together, so they need no
        queue entry (an insert and a delete each). Values computed while saving
        them are used as they are: this transaction made them, and ``_forget``
        dropped those whose text changed later in the batch (read back here).
        The caller's ``flush_index`` then clears the memo.
        """
        if self._batch_new:
            fulltext.index_values_now(self.db.conn, fulltext.pending_values(
                self.db.conn, sorted(self._batch_new), self._memo, trusted=self._memo.keys()))

    @contextlib.contextmanager
    def _page_transaction(self) -> Iterator[None]:
        """One page's transaction; a savepoint when the caller already holds one.

        Like ``db.atomic()``, but with constant SQL text: sqlite-utils names
        each savepoint randomly, so each is a new statement to prepare that
        evicts a cached one.
        """
        conn = self.db.conn
        if not conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("SAVEPOINT akhbar_page")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO SAVEPOINT akhbar_page")
                conn.execute("RELEASE SAVEPOINT akhbar_page")
            raise
        conn.execute("RELEASE SAVEPOINT akhbar_page")

    @staticmethod
    def _synthetic_url(article: Article, raw: RawPage | None) -> str:
        """A stable key for a page that names no URL at all: its body's hash."""
        basis = article.body or (raw.content.decode("utf-8", "replace") if raw else "")
        return "urn:akhbar:" + content_hash(basis + (article.headline or ""))[:32]

    def _row_values(self, article: Article, digest: str) -> dict[str, Any]:
        values = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        values["comments_enabled"] = int(bool(article.comments_enabled))
        values["related"] = json.dumps([r.to_dict() for r in article.related], ensure_ascii=False) \
            if article.related else "[]"
        values["content_hash"] = digest
        return values

    def _upsert_article(self, article: Article, url: str, digest: str, seen_at: str) -> _Upsert:
        values = self._row_values(article, digest)
        row = self.db.conn.execute(
            "SELECT article_id, kind FROM article_urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            return self._insert_or_alias(article, url, values, seen_at)
        article_id, kind = row
        cursor = self.db.conn.execute(
            f"SELECT {', '.join(_COMPARED)}, content_seen, first_seen, last_seen "
            "FROM articles WHERE id = ?", (article_id,))
        old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=False))
        latest = seen_at >= old["last_seen"]
        text_differs = old["headline"] != article.headline or old["body"] != article.body
        content_seen = old["content_seen"] or old["first_seen"]
        if text_differs and seen_at < content_seen:
            # An older capture loaded late (a WARC, say): it is history, not the current text.
            self._add_version(article_id, seen_at, seen_at, digest, article.headline, article.body)
            self._touch(article_id, {}, seen_at)
            return _Upsert(article_id, "updated", latest=False, new_version=True)
        changed = {k: v for k, v in values.items() if k != "url" and old[k] != v} if latest else {}
        if text_differs and latest:
            self._add_version(article_id, content_seen, old["last_seen"], old["content_hash"],
                              old["headline"], old["body"])
            changed["content_seen"] = seen_at
            if old["body"] != article.body:  # the near-duplicate sketch is rebuilt by `dupes`
                self.db.conn.execute("DELETE FROM article_sketches WHERE article_id = ?",
                                     (article_id,))
        self._touch(article_id, changed, seen_at)
        return _Upsert(article_id, "updated" if changed else "unchanged", latest=latest,
                       new_version=text_differs and latest, text_changed=text_differs and latest,
                       may_mark_removed=latest and kind == "canonical",
                       old_text=(old["headline"], old["body"]) if text_differs and latest else None)

    def _insert_or_alias(self, article: Article, url: str, values: dict[str, Any],
                         seen_at: str) -> _Upsert:
        conn = self.db.conn
        if len(article.body) >= MIN_ALIAS_BODY:
            twin = conn.execute(
                "SELECT id, last_seen FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                (values["content_hash"],)).fetchone()
            if twin is not None:
                self._add_url(url, twin[0], "alias", seen_at)
                self._touch(twin[0], {}, seen_at)
                return _Upsert(twin[0], "alias", latest=seen_at >= twin[1])
        values.update(url=url, first_seen=seen_at, last_seen=seen_at, content_seen=seen_at)
        article_id = int(conn.execute(  # an INSERT's lastrowid is never None
            _insert_sql(tuple(values)), list(values.values())).lastrowid or 0)
        self._add_url(url, article_id, "canonical", seen_at)
        return _Upsert(article_id, "new", latest=True)

    def _touch(self, article_id: int, changed: dict[str, Any], seen_at: str) -> None:
        """Apply ``changed`` columns and widen the first/last-seen window to ``seen_at``."""
        sets = "".join(f"{name} = ?, " for name in changed)
        self.db.conn.execute(
            f"UPDATE articles SET {sets}last_seen = MAX(last_seen, ?), "
            "first_seen = MIN(first_seen, ?) WHERE id = ?",
            [*changed.values(), seen_at, seen_at, article_id])

    def _add_version(self, article_id: int, first_seen: str, last_seen: str, digest: str,
                     headline: str | None, body: str) -> None:
        self.db.conn.execute(
            "INSERT INTO article_versions (article_id, first_seen, last_seen, content_hash, "
            "headline, body) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, first_seen, last_seen, digest, headline, body or ""))

    def _add_url(self, url: str, article_id: int, kind: str, seen_at: str) -> None:
        self.db.conn.execute(
            "INSERT INTO article_urls (url, article_id, kind, first_seen) VALUES (?, ?, ?, ?)",
            (url, article_id, kind, seen_at))

    def _store_raw(self, article_id: int, raw: RawPage, seen_at: str) -> None:
        digest = raw.sha256 or hashlib.sha256(raw.content).hexdigest()
        exists = self.db.conn.execute(
            "SELECT 1 FROM raw_pages WHERE article_id = ? AND sha256 = ?", (article_id, digest)
        ).fetchone()
        if exists:
            return
        self.db.conn.execute(
            "INSERT INTO raw_pages (article_id, url, final_url, origin, fetched_at, http_status, "
            "headers, sha256, size, compression, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'zlib', ?)",
            (article_id, raw.url, raw.final_url, raw.origin, raw.fetched_at or seen_at,
             raw.http_status,
             json.dumps(raw.headers, ensure_ascii=False) if raw.headers else None,
             digest, len(raw.content) if raw.size is None else raw.size,
             zlib.compress(raw.content, 6) if raw.compressed is None else raw.compressed))


_COMPARED = tuple(n for n in ARTICLE_FIELDS if n != "url") + ("related", "content_hash")


@functools.lru_cache(maxsize=8)
def _insert_sql(names: tuple[str, ...]) -> str:
    """The INSERT of an article row with these columns (built once per column list)."""
    return f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


@dataclass
class _Upsert:
    """What saving the article row did, for the rest of ``save``."""

    article_id: int
    status: str
    latest: bool = True  # this sighting is the newest one (not an older capture loaded late)
    new_version: bool = False
    text_changed: bool = False  # the current headline/body changed (reindex, resketch)
    may_mark_removed: bool = False  # re-seen at its canonical URL: missing comments were removed
    old_text: tuple[str | None, str] | None = None  # headline and body before this save
