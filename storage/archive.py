"""The archive: one SQLite file holding articles, comments, URLs and raw pages.

Every write of one page (article, its URLs, its comments, its raw bytes and
its search-index row) happens in a single ``db.atomic()`` transaction:
sqlite-utils would otherwise commit after each call, and a crash between two
calls would leave an article without its comments.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from scrapers.arabic import normalize_for_search
from scrapers.record import Article
from scrapers.urls import normalize_url

from .errors import ArchiveError
from .reading import ArchiveReader
from .schema import migrate

ARTICLE_FIELDS = ("url", "site", "headline", "source", "author", "published", "language",
                  "body", "comments_enabled", "comment_notice", "comment_count")
# An alias is only inferred from a body long enough to be one article's own text;
# two near-empty bodies (a failed extraction) say nothing about identity.
MIN_ALIAS_BODY = 200


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def content_hash(body: str) -> str:
    """Hash of the normalised body: the same text under two URLs gives one hash."""
    folded = " ".join(normalize_for_search(body).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


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


@dataclass
class SaveResult:
    article_id: int
    status: str  # "new", "updated", "unchanged" or "alias"
    url: str
    new_comments: int = 0


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
    with path.open("rb") as handle:
        head = handle.read(16)
    if head and head != b"SQLite format 3\x00":
        raise ArchiveError(f"{path} is not an SQLite database")


class Archive(ArchiveReader):
    """Open with ``Archive.open(path)``; use as a context manager to close it."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> "Archive":
        """Open (and, with ``create``, create or migrate) the archive at ``path``."""
        path = Path(path)
        check_archive_path(path, create)
        try:
            conn = sqlite3.connect(str(path), timeout=30)
            db = sqlite_utils.Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
            if create:
                db.enable_wal()
                db.execute("PRAGMA synchronous = NORMAL")
                migrate(db.conn)
            elif not db["articles"].exists():
                raise ArchiveError(f"{path} is not an akhbar archive")
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open archive {path}: {exc}") from None
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    def save(self, article: Article, raw: RawPage | None = None,
             *, seen_at: str | None = None) -> SaveResult:
        """Store one extracted page atomically; see the module docstring."""
        seen_at = seen_at or utc_now()
        url = normalize_url(article.url) if article.url else self._synthetic_url(article, raw)
        digest = content_hash(article.body)
        with self.db.atomic():
            article_id, status = self._upsert_article(article, url, digest, seen_at)
            new_comments = self._merge_comments(article_id, article, seen_at)
            if raw is not None:
                self._store_raw(article_id, raw, seen_at)
            self._reindex(article_id)
        return SaveResult(article_id, status, url, new_comments)

    @staticmethod
    def _synthetic_url(article: Article, raw: RawPage | None) -> str:
        """A stable key for a page that names no URL at all: its body's hash."""
        basis = article.body or (raw.content.decode("utf-8", "replace") if raw else "")
        return "urn:akhbar:" + content_hash(basis + (article.headline or ""))[:32]

    def _row_values(self, article: Article, digest: str) -> dict[str, Any]:
        values = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        values["comments_enabled"] = int(bool(article.comments_enabled))
        values["related"] = json.dumps([r.to_dict() for r in article.related], ensure_ascii=False)
        values["content_hash"] = digest
        return values

    def _upsert_article(self, article: Article, url: str, digest: str,
                        seen_at: str) -> tuple[int, str]:
        values = self._row_values(article, digest)
        row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?", [url]).fetchone()
        if row is not None:
            article_id = row[0]
            current = self.db.execute(
                "SELECT * FROM articles WHERE id = ?", [article_id]).fetchone()
            columns = [d[0] for d in self.db.execute("SELECT * FROM articles LIMIT 0").description]
            old = dict(zip(columns, current))
            changed = {k: v for k, v in values.items() if k != "url" and old.get(k) != v}
            self.db["articles"].update(article_id, {**changed, "last_seen": seen_at})
            return article_id, ("updated" if changed else "unchanged")
        if len(article.body) >= MIN_ALIAS_BODY:
            twin = self.db.execute(
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1", [digest]
            ).fetchone()
            if twin is not None:
                self._add_url(url, twin[0], "alias", seen_at)
                self.db["articles"].update(twin[0], {"last_seen": seen_at})
                return twin[0], "alias"
        values["url"] = url
        article_id = self.db["articles"].insert(
            {**values, "first_seen": seen_at, "last_seen": seen_at}).last_pk
        self._add_url(url, article_id, "canonical", seen_at)
        return article_id, "new"

    def _add_url(self, url: str, article_id: int, kind: str, seen_at: str) -> None:
        self.db["article_urls"].insert(
            {"url": url, "article_id": article_id, "kind": kind, "first_seen": seen_at})

    def _merge_comments(self, article_id: int, article: Article, seen_at: str) -> int:
        """Insert comments not seen before; refresh ``last_seen`` of the others."""
        ids: list[int | None] = []
        occurrences: dict[str, int] = {}
        new = 0
        base = self.db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM comments WHERE article_id = ?",
            [article_id]).fetchone()[0]
        for index, comment in enumerate(article.comments):
            key = f"{comment.author or ''}\x1f{' '.join(comment.text.split())}"
            occurrences[key] = occurrences.get(key, 0) + 1
            digest = hashlib.sha256(f"{key}\x1f{occurrences[key]}".encode()).hexdigest()
            row = self.db.execute(
                "SELECT id FROM comments WHERE article_id = ? AND comment_hash = ?",
                [article_id, digest]).fetchone()
            if row is not None:
                self.db.execute("UPDATE comments SET last_seen = ? WHERE id = ?", [seen_at, row[0]])
                ids.append(row[0])
                continue
            parent = comment.parent
            parent_id = ids[parent] if parent is not None and 0 <= parent < len(ids) else None
            ids.append(self.db["comments"].insert({
                "article_id": article_id, "parent_id": parent_id, "position": base + index,
                "author": comment.author, "published": comment.published, "text": comment.text,
                "comment_hash": digest, "first_seen": seen_at, "last_seen": seen_at,
            }).last_pk)
            new += 1
        return new

    def _store_raw(self, article_id: int, raw: RawPage, seen_at: str) -> None:
        digest = hashlib.sha256(raw.content).hexdigest()
        exists = self.db.execute(
            "SELECT 1 FROM raw_pages WHERE article_id = ? AND sha256 = ?", [article_id, digest]
        ).fetchone()
        if exists:
            return
        self.db["raw_pages"].insert({
            "article_id": article_id, "url": raw.url, "final_url": raw.final_url,
            "origin": raw.origin, "fetched_at": raw.fetched_at or seen_at,
            "http_status": raw.http_status,
            "headers": json.dumps(raw.headers, ensure_ascii=False) if raw.headers else None,
            "sha256": digest, "size": len(raw.content), "compression": "zlib",
            "content": zlib.compress(raw.content, 6),
        })

    def _reindex(self, article_id: int) -> None:
        headline, body = self.db.execute(
            "SELECT headline, body FROM articles WHERE id = ?", [article_id]).fetchone()
        comments = "\n".join(r[0] for r in self.db.execute(
            "SELECT text FROM comments WHERE article_id = ? ORDER BY id", [article_id]))
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
        self.db.execute(
            "INSERT INTO articles_fts (rowid, headline, body, comments) VALUES (?, ?, ?, ?)",
            [article_id, normalize_for_search(headline or ""), normalize_for_search(body or ""),
             normalize_for_search(comments)])
