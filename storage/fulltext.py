"""The full-text index: a *contentless* FTS5 table over folded headline, body and comments.

Why contentless: an ordinary FTS5 table keeps its own copy of every indexed
text, which made up about a third of the archive file; the archive already
holds the originals, and snippets are cut from those (``search.py``), so the
copy served nothing. The price is that SQLite 3.40 (no ``contentless_delete``)
can only remove a row when given the exact values it was indexed with. Every
row is therefore indexed from the archive's own text by ``indexed_values``,
and replaced by passing the values computed *before* a change. A change of
the folding rules needs ``rebuild`` (delete-all and re-index from the
archive), run by a schema migration.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable

from .textnorm import fold

FTS_DDL = ("CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, comments, "
           "content = '', tokenize = 'unicode61 remove_diacritics 2')")

Values = tuple[str, str, str]


def values_of(headline: str | None, body: str | None, comments: Iterable[str]) -> Values:
    return fold(headline), fold(body), fold("\n".join(comments))


def indexed_values(conn: sqlite3.Connection, article_id: int, *,
                   below_comment_id: int | None = None,
                   headline_body: tuple[str | None, str] | None = None) -> Values:
    """The values the index holds (or will hold) for an article, from the archive.

    ``below_comment_id`` leaves out comments inserted from that id on, and
    ``headline_body`` replaces the stored text: together they give the values
    *before* a save changed them.
    """
    if headline_body is None:
        headline_body = conn.execute("SELECT headline, body FROM articles WHERE id = ?",
                                     (article_id,)).fetchone()
    limit = below_comment_id if below_comment_id is not None else 1 << 62
    texts = (r[0] for r in conn.execute(
        "SELECT text FROM comments WHERE article_id = ? AND id < ? ORDER BY id",
        (article_id, limit)))
    return values_of(headline_body[0], headline_body[1], texts)


def insert(conn: sqlite3.Connection, article_id: int, values: Values) -> None:
    conn.execute("INSERT INTO articles_fts (rowid, headline, body, comments) VALUES (?, ?, ?, ?)",
                 (article_id, *values))


def replace(conn: sqlite3.Connection, article_id: int, old: Values) -> None:
    """Swap an article's index row: ``old`` are the values it was indexed with."""
    conn.execute("INSERT INTO articles_fts (articles_fts, rowid, headline, body, comments) "
                 "VALUES ('delete', ?, ?, ?, ?)", (article_id, *old))
    insert(conn, article_id, indexed_values(conn, article_id))


def rebuild(conn: sqlite3.Connection) -> None:
    """Recreate the index from the archive's text (the caller holds the transaction)."""
    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute(FTS_DDL)
    last = 0
    while True:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500", (last,))]
        if not ids:
            return
        for article_id in ids:
            insert(conn, article_id, indexed_values(conn, article_id))
        last = ids[-1]
