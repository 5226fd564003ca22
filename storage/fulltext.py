"""The full-text index: a *contentless* FTS5 table over folded headline, body and comments.

Why contentless: an ordinary FTS5 table keeps its own copy of every indexed
text, which made up about a third of the archive file; the archive already
holds the originals, and snippets are cut from those (``search.py``), so the
copy served nothing. The price is that SQLite 3.40 (no ``contentless_delete``)
can only remove a row when given the exact values it was indexed with. Every
row is therefore indexed from the archive's own text by ``indexed_values``,
and replaced by passing the values computed *before* a change. The values
are the *analysed* text (``analysis.py``), a pure function of the archive's
text; a change of the folding or analysis rules needs ``rebuild`` (delete-all
and re-index from the archive), run by a schema migration.

Deferred indexing (schema version 3): a new article is not indexed inside
its own page's transaction but *queued* there (a row in ``fts_pending``), and
queued articles are indexed in batches by ``index_pending``. FTS5 writes a new
index segment at every commit, which cost more than everything else in a
one-page transaction; a batch writes one. The queue row commits with the
article, so a crash at any moment leaves every article either indexed or
queued, never lost; the next writer to open the archive indexes what is
queued, and ``search`` looks through queued articles too (``search_pending``).
A queued article is not in the index, so ``replace`` leaves it alone: the
batch indexes its text as it is then.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Set

from . import ftsfold
from .analysis import analyse_pieces, index_values
from .prepared import Source, Values
from .textnorm import fold_pieces

# The index holds *analysed* text (``analysis.py``: light Arabic stems, tagged
# Snowball stems, folded surface forms), so the tokenizer only splits it at
# spaces; ``_`` is a word character for the language tag of a Latin stem
# (``fr_navir``). Schema version 5 (``schema.py``) re-indexed older archives.
# FTS5's ``ascii`` tokenizer (schema 6): the index forms come with ``unicode61``'s
# folding done (``ftsfold.py``), once per distinct word instead of once per
# character of every text indexed; the tokens are the ones ``unicode61
# remove_diacritics 2`` gave, for about a fifth less work per saved article.
FTS_DDL = ("CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, comments, "
           f"content = '', tokenize = \"{ftsfold.TOKENIZER}\")")
# FTS5 merges index segments of one size class once this many exist (its default
# is 4). Every commit that indexed something writes a segment, and merging them
# early cost about a fifth of a batch's indexing work; 8 made batched ingest
# ~8 % faster in ``benchmarks/storage.py``, for a search that reads at most twice
# as many (still few) segments: see the README's figures for search latency.
AUTOMERGE = 8

# Index values computed at save time, checked against the archive's text before use.
Memo = dict[int, tuple[Source, Values]]


def values_from_folded(headline: str, body: str, comments: str) -> Values:
    """Index values from already folded headline, body and joined comments."""
    return index_values(headline, body, comments)


def values_of(headline: str | None, body: str | None, comments: Iterable[str]) -> Values:
    """The index values of an article's text: folded, then analysed (``analysis.py``)."""
    return values_of_source((headline, body, "\n".join(comments)))


def values_of_source(source: Source) -> Values:
    """The index values of headline, body and comment texts joined by newlines."""
    return analyse_pieces(fold_pieces(source[0]), fold_pieces(source[1]), fold_pieces(source[2]))


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


def index_values_now(conn: sqlite3.Connection, values: dict[int, Values]) -> None:
    """Index articles that are neither indexed nor queued, by the values given.

    In rowid order: FTS5 flushes what it holds in memory when a rowid comes
    out of order, which would write one more index segment.
    """
    conn.executemany(
        "INSERT INTO articles_fts (rowid, headline, body, comments) VALUES (?, ?, ?, ?)",
        [(article_id, *values[article_id]) for article_id in sorted(values)])


def queue(conn: sqlite3.Connection, article_id: int) -> None:
    """Queue an article for the next batch (in the caller's transaction, with the article)."""
    conn.execute("INSERT OR IGNORE INTO fts_pending (article_id) VALUES (?)", (article_id,))


def is_pending(conn: sqlite3.Connection, article_id: int) -> bool:
    return conn.execute("SELECT 1 FROM fts_pending WHERE article_id = ?",
                        (article_id,)).fetchone() is not None


def pending_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM fts_pending").fetchone()[0]


def _pending_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Source]:
    """Headline, body and joined comment texts of queued articles, as ``indexed_values`` reads them."""
    marks = ", ".join("?" * len(ids))
    rows: dict[int, tuple[str | None, str | None, list[str]]] = {i: (h, b, []) for i, h, b in conn.execute(
        f"SELECT id, headline, body FROM articles WHERE id IN ({marks})", ids)}
    for article_id, text in conn.execute(
            f"SELECT article_id, text FROM comments WHERE article_id IN ({marks}) ORDER BY id", ids):
        rows[article_id][2].append(text)
    return {i: (h, b, "\n".join(texts)) for i, (h, b, texts) in rows.items()}


def pending_values(conn: sqlite3.Connection, ids: list[int], memo: Memo | None = None,
                   trusted: Set[int] = frozenset()) -> dict[int, Values]:
    """Index values of queued articles, from the archive's current text.

    ``memo`` holds values computed at save time; one is used only if the text it
    was folded from is the archive's text now (any later change, a rollback
    or another process's write falls back to folding again). The memo of an
    id in ``trusted`` is used without reading the text back: the caller saved
    it in this same transaction and has changed nothing of it since.
    """
    out: dict[int, Values] = {}
    if memo and trusted:
        for article_id in ids:
            if article_id in trusted and article_id in memo:
                out[article_id] = memo[article_id][1]
        ids = [i for i in ids if i not in out]
    if not ids:
        return out
    for article_id, source in _pending_texts(conn, ids).items():
        known = memo.get(article_id) if memo else None
        if known is not None and known[0] == source:
            out[article_id] = known[1]
        else:
            out[article_id] = values_of_source(source)
    return out


def index_pending(conn: sqlite3.Connection, memo: Memo | None = None, chunk: int = 500,
                  trusted: Set[int] = frozenset()) -> int:
    """Index every queued article and empty the queue (the caller holds the transaction).

    ``memo`` and ``trusted``: as ``pending_values`` takes them.
    """
    done = 0
    while True:
        ids = [r[0] for r in conn.execute(
            "SELECT article_id FROM fts_pending ORDER BY article_id LIMIT ?", (chunk,))]
        if not ids:
            return done
        index_values_now(conn, pending_values(conn, ids, memo, trusted))
        conn.execute(f"DELETE FROM fts_pending WHERE article_id IN ({', '.join('?' * len(ids))})",
                     ids)
        done += len(ids)


def replace(conn: sqlite3.Connection, article_id: int, old: Values) -> None:
    """Swap an article's index row: ``old`` are the values it was indexed with.

    A queued article has no row yet: the queue indexes its current text later.
    """
    if is_pending(conn, article_id):
        return
    conn.execute("INSERT INTO articles_fts (articles_fts, rowid, headline, body, comments) "
                 "VALUES ('delete', ?, ?, ?, ?)", (article_id, *old))
    insert(conn, article_id, indexed_values(conn, article_id))


def configure(conn: sqlite3.Connection) -> None:
    """Store the index's settings in it (FTS5 keeps them in ``articles_fts_config``)."""
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', ?)",
                 (AUTOMERGE,))


def rebuild(conn: sqlite3.Connection) -> None:
    """Recreate the index from the archive's text (the caller holds the transaction)."""
    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute(FTS_DDL)
    configure(conn)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts_pending'").fetchone():
        conn.execute("DELETE FROM fts_pending")  # every article is indexed below
    last = 0
    while True:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500", (last,))]
        if not ids:
            return
        for article_id in ids:
            insert(conn, article_id, indexed_values(conn, article_id))
        last = ids[-1]


def search_pending(conn: sqlite3.Connection, match: str,
                   column_weights: str = "10.0, 1.0, 0.5") -> list[tuple[int, float]]:
    """``(article_id, bm25 score)`` of queued articles matching ``match``.

    Queued articles are few (a writer indexes them every few hundred pages;
    more only after a crash, until the next writer opens the archive), so they
    are indexed on the fly into a TEMP table with the same tokenizer: the same
    query syntax and folding as the main index, and it works on a read-only
    archive. Scores come from the small table's statistics, so they rank
    only roughly against the main index's; no match is missed.
    """
    ids = [r[0] for r in conn.execute("SELECT article_id FROM fts_pending ORDER BY article_id")]
    if not ids:
        return []
    conn.execute("DROP TABLE IF EXISTS temp.pending_fts")
    conn.execute(FTS_DDL.replace("articles_fts", "temp.pending_fts"))
    try:
        for start in range(0, len(ids), 500):
            chunk = pending_values(conn, ids[start:start + 500])
            conn.executemany("INSERT INTO temp.pending_fts (rowid, headline, body, comments) "
                             "VALUES (?, ?, ?, ?)", [(i, *v) for i, v in chunk.items()])
        return conn.execute(f"SELECT rowid, bm25(pending_fts, {column_weights}) FROM "
                            "temp.pending_fts WHERE pending_fts MATCH ?", (match,)).fetchall()
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.pending_fts")
