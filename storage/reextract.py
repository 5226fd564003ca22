"""Re-extraction: run today's extractors over the stored raw pages and update records.

Storage's half only: which pages to re-extract (``targets``) and how a fresh
extraction replaces an article's record (``apply``). Extraction itself stays
in ``scrapers`` (pure) and is called by the CLI.

What re-extraction changes, and what it does not
- The record's fields are rewritten *in place*: no version is added, because
  a version records a change of the page, and here only akhbar changed. Older
  versions keep the text they were extracted with.
- The article keeps its id and canonical URL (ids are what users cite).
- Comments: the new extractor's comments are merged; comments it finds that
  were missed before are added (first seen = when the page was fetched). A
  stored comment that was taken from this very page (seen on or after its
  fetch, not removed) and that the new extractor no longer finds was an
  extraction error and is deleted, *unless* the new extractor found no
  comments at all: then it may be the one failing, and nothing is deleted.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from akhbar.scrapers.record import Article

from . import fulltext
from .comments_merge import comment_digest, merge_comments
from .reading import site_condition
from .textnorm import fold, hash_folded

if TYPE_CHECKING:
    from .archive import Archive


@dataclass
class Target:
    article_id: int
    url: str | None  # the URL to extract with (final, else requested, else the article's)
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def charset(self) -> str | None:
        ctype = next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")
        for part in ctype.split(";"):
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def targets(archive: Archive, site: str | None = None,
            since: str | None = None) -> Iterator[Target]:
    """The newest raw page of each matching article, id order, streaming."""
    where, params = ["a.id > ?"], []
    if site:
        condition, values = site_condition("a.site", site)
        where.append(condition)
        params += values
    if since:
        where.append("r.fetched_at >= ?")
        params.append(since)
    sql = ("SELECT a.id, a.url, r.url, r.final_url, r.fetched_at, r.headers, r.content "
           "FROM articles a JOIN raw_pages r ON r.id = "
           "(SELECT MAX(id) FROM raw_pages WHERE article_id = a.id) "
           f"WHERE {' AND '.join(where)} ORDER BY a.id LIMIT 100")
    last = 0
    while True:
        rows = archive.db.conn.execute(sql, [last, *params]).fetchall()
        if not rows:
            return
        for article_id, url, raw_url, final_url, fetched_at, headers, content in rows:
            page_url = final_url or raw_url or (url if url.startswith("http") else None)
            yield Target(article_id, page_url, fetched_at, json.loads(headers or "{}"),
                         zlib.decompress(content))
        last = rows[-1][0]


def count_without_raw(archive: Archive) -> int:
    return archive.db.conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM raw_pages r WHERE r.article_id = a.id)").fetchone()[0]


def apply(archive: Archive, target: Target, article: Article) -> bool:
    """Replace the article's record with a fresh extraction; True if anything changed."""
    conn = archive.db.conn
    folded = fold(article.body)
    values = archive._row_values(article, hash_folded(folded))
    values.pop("url")
    with archive.db.atomic():
        before = fulltext.indexed_values(conn, target.article_id)
        cursor = conn.execute(f"SELECT {', '.join(values)} FROM articles WHERE id = ?",
                              (target.article_id,))
        old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=False))
        changed = {k: v for k, v in values.items() if old[k] != v}
        if changed:
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in changed)} "
                         "WHERE id = ?", [*changed.values(), target.article_id])
            if "body" in changed:  # rebuilt by the next `dupes`
                conn.execute("DELETE FROM article_sketches WHERE article_id = ?",
                             (target.article_id,))
        merged = merge_comments(conn, target.article_id, article.comments, target.fetched_at,
                                latest=False, may_mark_removed=False)
        stale = _stale_comments(conn, target, article)
        if changed or merged.new or stale:
            archive._forget(target.article_id)  # a value it memoised at save time is stale
            fulltext.replace(conn, target.article_id, before)
    return bool(changed or merged.new or stale)


def _stale_comments(conn, target: Target, article: Article) -> int:
    """Delete comments the old extractor took from this page that the new one does not find."""
    if not article.comments:
        return 0
    occurrences: dict[str, int] = {}
    wanted = {comment_digest(c, occurrences) for c in article.comments}
    stale = [(cid,) for cid, digest in conn.execute(
        "SELECT id, comment_hash FROM comments WHERE article_id = ? AND removed_at IS NULL "
        "AND last_seen >= ?", (target.article_id, target.fetched_at)) if digest not in wanted]
    conn.executemany("UPDATE comments SET parent_id = NULL WHERE parent_id = ?", stale)
    conn.executemany("DELETE FROM comments WHERE id = ?", stale)
    return len(stale)
