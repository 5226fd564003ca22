"""What each page of ``akhbar serve`` shows, read from the archive on Datasette's connection.

Every function here is synchronous and takes the ``sqlite3.Connection`` that
Datasette hands to ``execute_fn`` (read-only: ``mode=ro``). The queries are
storage's own: an ``ArchiveReader``/``HistoryReader`` is put on that
connection, so the search is exactly ``akhbar search``'s (the same query
analysis, ranking and snippets), and a record is exactly ``akhbar show``'s.
"""
from __future__ import annotations

import sqlite3
import zlib
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from akhbar.storage.reading import ArchiveReader
from akhbar.storage.search import analyse_query
from akhbar.storage.textdiff import body_diff
from akhbar.storage.versions import HistoryReader

from ..output import is_rtl
from ..render import display_url

# Languages written right to left (ISO 639-1, and 639-3 where no 639-1 code exists).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "arz", "ary"})
DUPE_THRESHOLD = 0.8  # what ``akhbar dupes`` calls a near-duplicate by default
SEARCH_LIMIT = 50


class WebReader(ArchiveReader, HistoryReader):
    """storage's read queries over a connection that Datasette opened (read-only)."""

    def __init__(self, conn: sqlite3.Connection):
        self.db = sqlite_utils.Database(conn, execute_plugins=False)


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression storage makes of ``query``: ``akhbar search``'s analysis
    (folding and stemming), from storage's own function, never a copy of it."""
    return analyse_query(query)


def direction(language: str | None, sample: str | None = None) -> str:
    """``rtl`` or ``ltr``: from the language code, else from the text's letters."""
    if language:
        return "rtl" if language.lower().split("-")[0] in RTL_LANGUAGES else "ltr"
    return "rtl" if is_rtl(sample) else "ltr"


def marked(snippet: str | None) -> list[tuple[bool, str]]:
    """A snippet's ``[match]`` marks (``ArchiveReader.search``'s) as (is_match, text) pieces."""
    pieces: list[tuple[bool, str]] = []
    inside = False
    for part in (snippet or "").replace("]", "[").split("["):
        if part:
            pieces.append((inside, part))
        inside = not inside
    return pieces


def search(conn: sqlite3.Connection, query: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
    """``akhbar search QUERY`` as data: hits with their language and direction added."""
    reader = WebReader(conn)
    hits = [hit.to_dict() for hit in reader.search(query, limit=limit)]
    languages = _languages(conn, [hit["id"] for hit in hits])
    for hit in hits:
        hit["language"] = languages.get(hit["id"])
        hit["dir"] = direction(hit["language"], hit["headline"] or hit["snippet"])
        hit["shown_url"] = display_url(hit["url"])
        hit["pieces"] = marked(hit["snippet"])
    return {"query": query, "match": match_expression(query), "hits": hits}


def _languages(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, language FROM articles WHERE id IN ({marks})", ids).fetchall())


@dataclass
class CommentNode:
    """One comment of a thread, with the replies to it."""

    index: int
    author: str | None
    published: str | None
    text: str
    first_seen: str
    removed_at: str | None
    replies: list[CommentNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "author": self.author, "published": self.published,
                "text": self.text, "first_seen": self.first_seen, "removed_at": self.removed_at,
                "replies": [reply.to_dict() for reply in self.replies]}


def comment_tree(comments: list[dict[str, Any]]) -> list[CommentNode]:
    """``comment_history(..., "all")`` as threads: top-level comments, replies nested under their parent."""
    nodes = {c["index"]: CommentNode(c["index"], c["author"], c["published"], c["text"],
                                     c["first_seen"], c["removed_at"]) for c in comments}
    roots: list[CommentNode] = []
    for c in comments:
        parent = nodes.get(c["parent"]) if c["parent"] is not None else None
        (parent.replies if parent is not None and c["parent"] < c["index"] else roots).append(
            nodes[c["index"]])
    return roots


def version_changes(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each version after the first, newest first, with what changed from the one before it."""
    changes = []
    for old, new in zip(versions, versions[1:], strict=False):
        changes.append({
            "version": new["version"], "first_seen": new["first_seen"], "last_seen": new["last_seen"],
            "previous_seen": old["first_seen"],
            "headline": (old["headline"], new["headline"]) if old["headline"] != new["headline"] else None,
            "paragraphs": [{"old": d.old_number, "new": d.new_number, "segments": d.segments}
                           for d in body_diff(old["body"], new["body"])]})
    return changes[::-1]


def article(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """Everything the article page shows; None when there is no such article."""
    reader = WebReader(conn)
    record = reader.record(article_id)
    if record is None:
        return None
    comments = reader.comment_history(article_id, "all")
    threads = comment_tree(comments)
    versions = reader.versions(article_id)
    raw = conn.execute("SELECT id, url, final_url, origin, fetched_at, http_status, size FROM raw_pages "
                       "WHERE article_id = ? ORDER BY id DESC", [article_id]).fetchall()
    return {
        "record": record,
        "dir": direction(record["language"], (record["headline"] or "") + " " + (record["body"] or "")),
        "paragraphs": [p for p in (record["body"] or "").split("\n") if p.strip()],
        "shown_url": display_url(record["url"]),
        "threads": threads,
        "removed": sum(1 for c in comments if c["removed_at"]),
        "versions": versions,
        "changes": version_changes(versions),
        "aliases": [{"url": url, "shown": display_url(url)} for url in reader.aliases(article_id)],
        "duplicates": reader.near_duplicates(article_id, DUPE_THRESHOLD),
        "sketched": conn.execute("SELECT 1 FROM article_sketches LIMIT 1").fetchone() is not None,
        "raw_pages": [dict(zip(("id", "url", "final_url", "origin", "fetched_at", "http_status", "size"),
                               row, strict=True)) for row in raw],
    }


def article_json(page: dict[str, Any]) -> dict[str, Any]:
    """The article page as JSON: the ``akhbar show --json`` record plus what the page adds."""
    return {**page["record"],
            "comment_threads": [node.to_dict() for node in page["threads"]],
            "versions": page["versions"], "aliases": [a["url"] for a in page["aliases"]],
            "near_duplicates": page["duplicates"],
            "raw_pages": page["raw_pages"]}


def raw_bytes(conn: sqlite3.Connection, raw_id: int) -> tuple[bytes, str | None] | None:
    """The original bytes of one stored page (decompressed) and its URL; None if absent."""
    row = conn.execute("SELECT content, compression, url FROM raw_pages WHERE id = ?",
                       [raw_id]).fetchone()
    if row is None:
        return None
    content, compression, url = row
    return (zlib.decompress(content) if compression == "zlib" else bytes(content)), url


def home(conn: sqlite3.Connection, latest: int = 20) -> dict[str, Any]:
    """The home page's figures and newest articles."""
    reader = WebReader(conn)
    rows = reader.list_articles(limit=latest)
    languages = _languages(conn, [r["id"] for r in rows])
    for row in rows:
        row["dir"] = direction(languages.get(row["id"]), row["headline"])
        row["language"] = languages.get(row["id"])
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {"latest": rows,
            "counts": {"articles": one("SELECT COUNT(*) FROM articles"),
                       "comments": one("SELECT COUNT(*) FROM comments"),
                       "sites": one("SELECT COUNT(DISTINCT site) FROM articles")}}
