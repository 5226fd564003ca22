"""The archive's SQLite schema and its migrations.

Tables
- ``articles``: one row per article (the latest extraction), keyed by the
  normalised canonical URL.
- ``article_urls``: every URL an article was seen under; the canonical one and
  aliases (the same body under another URL) all point to one article.
- ``comments``: comments with ``parent_id`` for replies; identity is a hash of
  author and text, so a comment seen again is not stored twice.
- ``raw_pages``: the original bytes (zlib-compressed) with where and when they
  came from, so every record can be re-extracted with a newer extractor.
- ``articles_fts``: FTS5 over Arabic-normalised headline, body and comments.

``PRAGMA user_version`` holds the schema version; migrations run forward only,
and an archive written by a newer akhbar is refused rather than damaged.
"""
from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1

_V1 = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    site TEXT,
    headline TEXT,
    source TEXT,
    author TEXT,
    published TEXT,
    language TEXT,
    body TEXT NOT NULL DEFAULT '',
    comments_enabled INTEGER NOT NULL DEFAULT 0,
    comment_notice TEXT,
    comment_count INTEGER NOT NULL DEFAULT 0,
    related TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_articles_site ON articles(site);
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS idx_articles_first_seen ON articles(first_seen);
CREATE INDEX IF NOT EXISTS idx_articles_content_hash ON articles(content_hash);

CREATE TABLE IF NOT EXISTS article_urls (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('canonical', 'alias')),
    first_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_article_urls_article ON article_urls(article_id);

CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES comments(id),
    position INTEGER NOT NULL,
    author TEXT,
    published TEXT,
    text TEXT NOT NULL,
    comment_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    UNIQUE (article_id, comment_hash)
);
CREATE INDEX IF NOT EXISTS idx_comments_article ON comments(article_id, position);
CREATE INDEX IF NOT EXISTS idx_comments_parent ON comments(parent_id);

CREATE TABLE IF NOT EXISTS raw_pages (
    id INTEGER PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT,
    final_url TEXT,
    origin TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    http_status INTEGER,
    headers TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    compression TEXT NOT NULL DEFAULT 'zlib',
    content BLOB NOT NULL,
    UNIQUE (article_id, sha256)
);
CREATE INDEX IF NOT EXISTS idx_raw_pages_url ON raw_pages(url);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    headline, body, comments, tokenize = 'unicode61 remove_diacritics 2'
);
"""

_MIGRATIONS = {1: _V1}


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to ``SCHEMA_VERSION`` (each step in its own transaction)."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        from .errors import ArchiveError
        raise ArchiveError(
            f"archive schema version {current} is newer than this akhbar supports "
            f"({SCHEMA_VERSION}); upgrade akhbar")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.executescript(f"BEGIN; {_MIGRATIONS[version]} PRAGMA user_version = {version}; COMMIT;")
