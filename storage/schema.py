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

Version 2 (the archive over time)
- ``article_versions``: earlier headline/body versions of an article, each
  with when it was first and last seen; the current version stays in
  ``articles`` (``content_seen`` = when it was first seen), so an article that
  never changes costs nothing extra.
- ``comments.removed_at``: set when the page was seen again without the
  comment (never deleted); cleared if the comment comes back.
- ``articles_fts`` becomes contentless (``storage/fulltext.py``): the index
  no longer keeps a second copy of every text; it is rebuilt from the
  archive by the migration.
- ``article_sketches``: a MinHash signature per article for near-duplicate
  search (``storage/dupes.py``); archives migrated from version 1 are
  sketched lazily by the first ``dupes``.
- ``idx_articles_when`` on ``COALESCE(published, first_seen)``: the order and
  date filter of ``list`` (and ``refresh``), replacing the two single-column
  date indexes that neither query could use.

Version 3 (deferred indexing)
- ``fts_pending``: ids of articles saved but not yet in ``articles_fts``.
  A page's transaction queues its article here instead of indexing it, and
  queued articles are indexed in batches (``storage/fulltext.py``): one FTS5
  segment per batch instead of one per page. Every article is at all times
  either indexed or queued; ``search`` also looks through the queue.

Version 4 (index settings)
- ``articles_fts`` merges its segments later (``automerge`` 8 instead of
  FTS5's 4; ``storage/fulltext.py`` says why). Only a setting stored in the
  index: nothing is rebuilt.

Version 5 (search that stems)
- ``articles_fts`` indexes *analysed* text (``storage/analysis.py``): light
  Arabic stems and tagged Snowball stems instead of folded words, with ``_``
  as a word character of its tokenizer. The index is dropped and rebuilt from
  the archive's text; nothing else changes, and the table stays an ordinary
  FTS5 table (no custom tokenizer) that any SQLite client can read.

Version 6 (cheaper indexing)
- ``articles_fts`` is tokenized by FTS5's ``ascii`` tokenizer: the index forms
  arrive folded as ``unicode61 remove_diacritics 2`` folded them
  (``storage/ftsfold.py``), so no character of the text is looked up in
  SQLite's Unicode tables any more; the tokens are the same. The index is
  rebuilt (the tokenizer is part of the table's definition).

Version 7 (fewer pages written per saved page)
- ``articles.url`` is no longer ``UNIQUE``: ``article_urls`` (its primary key)
  already maps every URL, canonical or alias, to one article, and nothing
  looks an article up by ``articles.url``; its second index was one more
  B-tree page written by every commit.
- ``article_urls`` is a ``WITHOUT ROWID`` table: the URL is the key of the
  table itself, instead of a rowid table plus an index on the URL.
- ``idx_comments_parent`` is partial (``WHERE parent_id IS NOT NULL``): it
  serves the foreign key of replies, and a comment that replies to nothing
  no longer enters it.
  Together: 13 % fewer WAL pages per one-page commit (18.7 → 16.3) (``docs/search.md``).
  Both tables are rebuilt with their rows and ids as they were, foreign-key
  enforcement off for the copy (``migrate``).

``PRAGMA user_version`` holds the schema version; migrations run forward only,
and an archive written by a newer akhbar is refused rather than damaged.
"""
from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 7

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

_V2 = """
ALTER TABLE articles ADD COLUMN content_seen TEXT;
UPDATE articles SET content_seen = first_seen;
ALTER TABLE comments ADD COLUMN removed_at TEXT;
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    headline TEXT,
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS idx_article_versions_article ON article_versions(article_id, first_seen);
DROP INDEX IF EXISTS idx_articles_published;
DROP INDEX IF EXISTS idx_articles_first_seen;
CREATE INDEX IF NOT EXISTS idx_articles_when ON articles(COALESCE(published, first_seen), id);
CREATE TABLE IF NOT EXISTS article_sketches (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    shingles INTEGER NOT NULL,
    signature BLOB NOT NULL
);
"""

_V3 = """
CREATE TABLE IF NOT EXISTS fts_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
"""

_V4 = ""  # Python only: see _fts_settings

_V5 = ""  # Python only: the index is rebuilt (see _reindex)

_V6 = ""  # Python only: the index is rebuilt with the new tokenizer settings

_V7 = ""  # Python only: two tables rebuilt (see _leaner_tables)

_MIGRATIONS = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7}

# Schema 7's tables, created under a temporary name and renamed over the old ones.
_ARTICLES_V7 = """
CREATE TABLE articles_v7 (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
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
    last_seen TEXT NOT NULL,
    content_seen TEXT
)"""
_ARTICLE_URLS_V7 = """
CREATE TABLE article_urls_v7 (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('canonical', 'alias')),
    first_seen TEXT NOT NULL
) WITHOUT ROWID"""
_INDEXES_V7 = (
    "CREATE INDEX idx_articles_site ON articles(site)",
    "CREATE INDEX idx_articles_content_hash ON articles(content_hash)",
    "CREATE INDEX idx_articles_when ON articles(COALESCE(published, first_seen), id)",
    "CREATE INDEX idx_article_urls_article ON article_urls(article_id)",
    "DROP INDEX IF EXISTS idx_comments_parent",
    "CREATE INDEX idx_comments_parent ON comments(parent_id) WHERE parent_id IS NOT NULL",
)


def _contentless_fts(conn: sqlite3.Connection) -> None:
    from .fulltext import rebuild
    rebuild(conn)


def _fts_settings(conn: sqlite3.Connection) -> None:
    from .fulltext import configure
    configure(conn)


def _reindex(conn: sqlite3.Connection) -> None:
    from .fulltext import rebuild
    rebuild(conn)  # a new table with the new tokenizer settings, analysed text, automerge


def _copy_table(conn: sqlite3.Connection, old: str, create: str, chunk: int = 500) -> None:
    """Replace table ``old`` by the one ``create`` makes as ``{old}_v7``, every row copied.

    Foreign keys must be off (``migrate``): dropping ``articles`` with them on
    would delete every row that refers to it. The old table's own indexes are
    dropped first and its rows deleted as they are copied, a chunk at a time,
    so the copy reuses the pages they free: the file grows by a fraction of
    the table instead of a second copy of it.
    """
    conn.execute(create)
    columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({old})"))
    for (index,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                 "AND tbl_name = ? AND sql IS NOT NULL", (old,)).fetchall():
        conn.execute(f"DROP INDEX {index}")
    while True:
        row = conn.execute(f"SELECT MAX(rowid) FROM (SELECT rowid FROM {old} ORDER BY rowid "
                           "LIMIT ?)", (chunk,)).fetchone()
        if row[0] is None:
            break
        conn.execute(f"INSERT INTO {old}_v7 ({columns}) SELECT {columns} FROM {old} "
                     "WHERE rowid <= ? ORDER BY rowid", (row[0],))
        conn.execute(f"DELETE FROM {old} WHERE rowid <= ?", (row[0],))
    conn.execute(f"DROP TABLE {old}")
    conn.execute(f"ALTER TABLE {old}_v7 RENAME TO {old}")


def _leaner_tables(conn: sqlite3.Connection) -> None:
    """Schema 7: the tables and indexes of the module docstring, same rows and ids."""
    from .errors import ArchiveError
    broken = len(conn.execute("PRAGMA foreign_key_check").fetchall())
    _copy_table(conn, "articles", _ARTICLES_V7)
    _copy_table(conn, "article_urls", _ARTICLE_URLS_V7)
    for statement in _INDEXES_V7:
        conn.execute(statement)
    if len(conn.execute("PRAGMA foreign_key_check").fetchall()) > broken:
        raise ArchiveError("schema 7 migration would break references between tables; "
                           "the archive is left as it was")


# Steps SQL cannot do alone (folding text), run in the same transaction after the SQL.
_PYTHON_STEPS = {2: _contentless_fts, 4: _fts_settings, 5: _reindex, 6: _reindex,
                 7: _leaner_tables}
# Steps that rebuild a table others refer to: run with foreign-key enforcement off.
_REBUILDS = {7}


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to ``SCHEMA_VERSION``, each step in its own transaction.

    ``BEGIN IMMEDIATE`` and a re-read of the version inside the transaction make
    two processes opening an old archive at once safe: the second one finds the
    step done and skips it instead of failing on a duplicate column.
    Foreign-key enforcement is off while a step that rebuilds a table runs
    (``_REBUILDS``; it can only be switched outside a transaction) and back on
    after; that step checks that it broke no reference.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        from .errors import ArchiveError
        raise ArchiveError(
            f"archive schema version {current} is newer than this akhbar supports "
            f"({SCHEMA_VERSION}); upgrade akhbar")
    rebuilds = _REBUILDS.intersection(range(current + 1, SCHEMA_VERSION + 1))
    if conn.in_transaction:
        conn.commit()
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if rebuilds and enforced:
        conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
    try:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            _migrate_step(conn, version)
    finally:
        if rebuilds and enforced:
            conn.execute("PRAGMA foreign_keys = ON")


def _migrate_step(conn: sqlite3.Connection, version: int) -> None:
    """One schema step in its own ``BEGIN IMMEDIATE`` transaction (see ``migrate``)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(conn) < version:
            for statement in _MIGRATIONS[version].split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            if version in _PYTHON_STEPS:
                _PYTHON_STEPS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
