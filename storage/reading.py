"""Read queries over the archive: records, listings, search, export, stats.

Kept apart from the write path in ``archive.py`` so that each stays small;
``Archive`` inherits these methods.
"""
from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import sqlite_utils

from akhbar.scrapers.urls import is_http_url, normalize_url

from . import dupes, fulltext
from .errors import ArchiveError
from .search import ExactQuery, Marker, marker, match_expression, parse, snippet
from .textnorm import fold

# SQLite's primary result code for a damaged database file (sqlite3 names it only from 3.11).
SQLITE_CORRUPT = 11
RANK_WINDOW = 3000  # matches ranked per query, newest first (see ``search``)
# bm25 weights of headline, body and comments: a word in the headline says most
# about what the article is, one in a reader's comment least.
COLUMN_WEIGHTS = "10.0, 1.0, 0.5"
RECORD_FIELDS = ("url", "site", "headline", "source", "author", "published", "language", "body",
                 "comments_enabled", "comment_notice", "comment_count")


def site_condition(column: str, site: str) -> tuple[str, list[str]]:
    """SQL matching ``site`` with or without ``www.`` (readers type either)."""
    host = site.lower().removeprefix("www.")
    return f"({column} = ? OR {column} = ?)", [host, "www." + host]


@dataclass
class SearchHit:
    id: int
    url: str
    site: str | None
    headline: str | None
    published: str | None
    snippet: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class ArchiveReader:
    db: sqlite_utils.Database

    def resolve(self, id_or_url: str) -> int | None:
        """An article id from an id, a canonical URL or an alias URL."""
        text = id_or_url.strip()
        if text.isdigit():
            row = self.db.execute("SELECT id FROM articles WHERE id = ?", [int(text)]).fetchone()
            return row[0] if row else None
        if not is_http_url(text):
            row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?", [text]).fetchone()
            return row[0] if row else None
        row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?",
                              [normalize_url(text)]).fetchone()
        return row[0] if row else None

    def record(self, article_id: int) -> dict[str, Any] | None:
        """The full record (contract fields, comments, archive fields) of one article."""
        cursor = self.db.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cursor.fetchone()
        if row is None:
            return None
        data = dict(zip([d[0] for d in cursor.description], row, strict=False))
        record: dict[str, Any] = {name: data[name] for name in RECORD_FIELDS}
        record["comments_enabled"] = bool(record["comments_enabled"])
        record["comments"] = self._comments(article_id)
        # The stored count is the latest page's; a later capture without its comments
        # (saved before they loaded, an older copy) must not claim fewer than we hold.
        present = self.db.execute(
            "SELECT COUNT(*) FROM comments WHERE article_id = ? AND removed_at IS NULL",
            [article_id]).fetchone()[0]
        record["comment_count"] = max(record["comment_count"] or 0, present)
        record["related"] = json.loads(data["related"] or "[]")
        for name in ("id", "first_seen", "last_seen", "content_hash"):
            record[name] = data[name]
        return record

    def _comments(self, article_id: int) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, parent_id, author, published, text FROM comments "
            "WHERE article_id = ? ORDER BY id", [article_id]).fetchall()
        index = {row[0]: i for i, row in enumerate(rows)}
        return [{"author": author, "published": published, "text": text,
                 "parent": index.get(parent_id) if parent_id is not None else None}
                for _id, parent_id, author, published, text in rows]

    def aliases(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT url FROM article_urls WHERE article_id = ? AND kind = 'alias' "
            "ORDER BY first_seen, url",
            [article_id])]

    def list_articles(self, site: str | None = None, since: str | None = None,
                      limit: int | None = 50) -> list[dict[str, Any]]:
        """Newest first (by published date, else first seen)."""
        where, params = [], []
        if site:
            condition, values = site_condition("site", site)
            where.append(condition)
            params += values
        if since:
            where.append("COALESCE(published, first_seen) >= ?")
            params.append(since)
        sql = ("SELECT a.id, a.url, a.site, a.headline, a.published, a.first_seen, a.last_seen, "
               "(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id) AS comments "
               "FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY COALESCE(a.published, a.first_seen) DESC, a.id DESC")
        if limit:
            sql += f" LIMIT {int(limit)}"
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=False)) for row in cursor]

    def search(self, query: str, limit: int = 20, *, exact: bool = False) -> list[SearchHit]:
        """Ranked full-text hits; headline matches weigh most, comments least.

        The query is analysed as the index is (``search.analyse_query``);
        ``exact`` keeps only articles whose folded, unstemmed text holds the
        query's words as typed (``search.ExactQuery``), checked in rank order.
        Ranking looks at the ``RANK_WINDOW`` most recently archived matches:
        FTS5 must compute bm25 for every row it ranks (about 6 µs each), so a
        word found in most of a 100k archive took half a second; newest-first
        iteration stops early instead. A query matching fewer articles than
        the window is ranked exactly as before.
        """
        parsed = parse(query)
        match = match_expression(parsed, exact=exact)
        if match is None:
            return []
        if exact:
            rows = self._exact_rows(ExactQuery(parsed), match, int(limit))
        else:
            rows = self._stems_first(match_expression(parsed, variants=False) or match,
                                     match, int(limit))
        words = marker(parsed, exact=exact)
        hits = []
        for article_id, url, site, headline, published, body, score in rows:
            text = snippet(body or "", words) or snippet(headline or "", words) \
                or self._comment_snippet(article_id, words)
            hits.append(SearchHit(article_id, url, site, headline, published, text, score))
        return hits

    def _stems_first(self, stems: str, match: str, limit: int) -> list[tuple]:
        """Matches of the words' own stems, ranked; then, if fewer than ``limit``, the
        matches found only through a bare-clitic form (ومنازلها for منازل), ranked after.

        One bm25 over both would weigh each form by its own rarity: a rare clitic form
        in a body outranked the common stem in a headline.
        """
        rows = self._ranked(stems, limit)
        if len(rows) < limit and stems != match:
            seen = {row[0] for row in rows}
            rows += [row for row in self._ranked(match, limit + len(rows))
                     if row[0] not in seen][:limit - len(rows)]
        return rows

    def _exact_rows(self, check: ExactQuery, match: str, limit: int) -> list[tuple]:
        """Candidates of the stemmed index, in rank order, whose own text holds the exact words.

        Bodies are read one candidate at a time and checking stops at ``limit``
        accepted: most candidates of a common stem need never be read.
        """
        rows = []
        for row in self._ranked(match, RANK_WINDOW, with_body=False):
            body = row[5] if row[5] is not None else self.db.execute(
                "SELECT body FROM articles WHERE id = ?", [row[0]]).fetchone()[0]
            if check.accepts((row[3], body), functools.partial(self._comment_texts, row[0])):
                rows.append((*row[:5], body, row[6]))
                if len(rows) >= limit:
                    break
        return rows

    def _ranked(self, match: str, limit: int, with_body: bool = True) -> list[tuple]:
        """``(id, url, site, headline, published, body, bm25)`` of the best matches.

        Without ``with_body``, indexed matches come with ``None`` for the body.
        """
        try:
            rows = self.db.execute(
                f"SELECT a.id, a.url, a.site, a.headline, a.published, "
                f"{'a.body' if with_body else 'NULL'}, m.score FROM "
                f"(SELECT rowid, bm25(articles_fts, {COLUMN_WEIGHTS}) AS score FROM articles_fts "
                " WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m "
                "JOIN articles a ON a.id = m.rowid ORDER BY m.score, a.id DESC LIMIT ?",
                [match, RANK_WINDOW, limit]).fetchall()
            if self.db.conn.execute("SELECT 1 FROM fts_pending LIMIT 1").fetchone():
                rows = self._with_pending_hits(rows, match, limit)
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"bad search query: {exc}") from None
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) == SQLITE_CORRUPT:
                # FTS5 reports a damaged index page as "vtable constructor failed": say what it is.
                raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
            raise
        return rows

    def _with_pending_hits(self, rows: list[tuple], match: str, limit: int) -> list[tuple]:
        """Add matches among articles still queued for indexing (``fulltext.search_pending``)."""
        found = fulltext.search_pending(self.db.conn, match, COLUMN_WEIGHTS)
        if not found:
            return rows
        scores = dict(found)
        marks = ", ".join("?" * len(scores))
        extra = [(*row, scores[row[0]]) for row in self.db.execute(
            "SELECT id, url, site, headline, published, body FROM articles "
            f"WHERE id IN ({marks})", list(scores))]
        return sorted(rows + extra, key=lambda r: (r[-1], -r[0]))[:limit]

    def _comment_texts(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT text FROM comments WHERE article_id = ? ORDER BY id", [article_id])]

    def _comment_snippet(self, article_id: int, words: Marker) -> str | None:
        for text in self._comment_texts(article_id):
            found = snippet(text, words)
            if found:
                return found
        return None

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every article record, oldest id first, streaming (constant memory)."""
        last = 0
        while True:
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500", [last])]
            if not ids:
                return
            for article_id in ids:
                record = self.record(article_id)
                if record is not None:
                    yield record
            last = ids[-1]

    def raw_page(self, article_id: int) -> bytes | None:
        """The newest stored original bytes of an article, decompressed."""
        row = self.db.execute(
            "SELECT content FROM raw_pages WHERE article_id = ? ORDER BY id DESC LIMIT 1",
            [article_id]).fetchone()
        return zlib.decompress(row[0]) if row else None

    def near_duplicates(self, article_id: int, threshold: float = 0.8,
                        limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose text nearly repeats this one's, most alike first.

        The same test as ``akhbar dupes`` (``storage/dupes.py``): candidates share
        a MinHash band with this article's signature (computed here, so the
        article itself need not be sketched yet), then each is verified on its
        actual text. Only articles with a stored sketch are candidates; ``dupes``
        stores the missing ones. Returns ``{id, url, site, headline, similarity,
        jaccard, containment}`` dicts.
        """
        row = self.db.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()
        mine = dupes.shingle_hashes(fold(row[0] or "")) if row else set()
        if len(mine) < dupes.MIN_SHINGLES:
            return []
        blob = array("I", dupes.signature(mine)).tobytes()
        width = dupes.ROWS * 4
        bands = [blob[b * width:(b + 1) * width] for b in range(dupes.BANDS)]
        where = " OR ".join(f"substr(signature, {b * width + 1}, {width}) = ?" for b in range(dupes.BANDS))
        found = []
        for other, body, url, site, headline in self.db.execute(
                "SELECT a.id, a.body, a.url, a.site, a.headline FROM article_sketches s "
                "JOIN articles a ON a.id = s.article_id WHERE s.article_id != ? AND s.version = ? "
                f"AND length(s.signature) > 0 AND ({where})",
                [article_id, dupes.SKETCH_VERSION, *bands]).fetchall():
            pair = dupes.DupePair(article_id, other, *dupes.similarity(
                mine, dupes.shingle_hashes(fold(body or ""))))
            if pair.similarity >= threshold:
                found.append({"id": other, "url": url, "site": site, "headline": headline,
                              "similarity": round(pair.similarity, 3),
                              "jaccard": round(pair.jaccard, 3),
                              "containment": round(pair.containment, 3)})
        found.sort(key=lambda d: (-d["similarity"], d["id"]))
        return found[:limit]

    def daily_counts(self, days: int = 30, by: str = "seen",
                     today: str | None = None) -> dict[str, Any]:
        """Articles and comments per day over the last ``days`` days, in total and per site.

        ``by="seen"`` counts each when akhbar first archived it (``first_seen``,
        UTC): the archive's growth, where a day the cron job missed shows as a
        gap. ``by="published"`` counts by the date the site printed (the
        comment's or article's own, else first seen), the day as written, in
        the site's time zone. Days run oldest first, ending ``today`` (UTC
        date, ``YYYY-MM-DD``); dates after it (a wrong published date) are
        left out. Returns ``{"days": [...], "by": ..., "articles": {"total":
        [...], "sites": {site: [...]}}, "comments": {...}}``, sites by their
        count in the window, most first.
        """
        if by not in ("seen", "published"):
            raise ArchiveError(f"cannot count by {by!r} (seen or published)")
        end = date.fromisoformat(today) if today else datetime.now(timezone.utc).date()
        span = [(end - timedelta(days=back)).isoformat() for back in range(days - 1, -1, -1)]
        # Indexed range scans: idx_articles_first_seen / idx_articles_when (expression).
        article_when = "a.first_seen" if by == "seen" else "COALESCE(a.published, a.first_seen)"
        comment_when = "c.first_seen" if by == "seen" else "COALESCE(c.published, c.first_seen)"
        low, high = span[0], (end + timedelta(days=1)).isoformat()  # ISO text sorts as time
        series = {
            "articles": self._per_day(
                f"SELECT substr({article_when}, 1, 10), a.site, COUNT(*) FROM articles a "
                f"WHERE {article_when} >= ? AND {article_when} < ? GROUP BY 1, 2", low, high, span),
            "comments": self._comments_per_day(comment_when, low, high, span),
        }
        return {"days": span, "by": by, **series}

    def _comments_per_day(self, when: str, low: str, high: str, span: list[str]) -> dict[str, Any]:
        """Comments per day and site. Each comment's site is its article's, looked up in a
        narrow TEMP copy of ``articles(id, site)``: joining the wide ``articles`` rows (bodies)
        cost about twice as much on a 1M-comment archive (``benchmarks/web.py``). TEMP works
        on a read-only connection too."""
        conn = self.db.conn
        ours = not conn.in_transaction  # the INSERT opens one: end it, leave a caller's alone
        conn.execute("DROP TABLE IF EXISTS temp.akhbar_sites")
        conn.execute("CREATE TEMP TABLE akhbar_sites (id INTEGER PRIMARY KEY, site TEXT)")
        try:
            conn.execute("INSERT INTO temp.akhbar_sites SELECT id, site FROM main.articles")
            return self._per_day(
                f"SELECT substr({when}, 1, 10), a.site, COUNT(*) FROM comments c "
                f"JOIN temp.akhbar_sites a ON a.id = c.article_id "
                f"WHERE {when} >= ? AND {when} < ? GROUP BY 1, 2", low, high, span)
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.akhbar_sites")
            if ours and conn.in_transaction:
                conn.commit()  # only the TEMP table was written

    def _per_day(self, sql: str, low: str, high: str, span: list[str]) -> dict[str, Any]:
        position = {day: i for i, day in enumerate(span)}
        total = [0] * len(span)
        sites: dict[str, list[int]] = {}
        for day, site, count in self.db.execute(sql, [low, high]):
            i = position.get(day)
            if i is None:  # a malformed date that sorts inside the range
                continue
            total[i] += count
            sites.setdefault(site or "(none)", [0] * len(span))[i] += count
        ranked = sorted(sites.items(), key=lambda item: (-sum(item[1]), item[0]))
        return {"total": total, "sites": dict(ranked)}

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        sites = self.db.execute(
            "SELECT site, COUNT(*) FROM articles GROUP BY site ORDER BY COUNT(*) DESC").fetchall()
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "aliases": one("SELECT COUNT(*) FROM article_urls WHERE kind = 'alias'"),
            "comments": one("SELECT COUNT(*) FROM comments"),
            "removed_comments": one("SELECT COUNT(*) FROM comments WHERE removed_at IS NOT NULL"),
            "earlier_versions": one("SELECT COUNT(*) FROM article_versions"),
            "raw_pages": one("SELECT COUNT(*) FROM raw_pages"),
            "raw_bytes": one("SELECT COALESCE(SUM(size), 0) FROM raw_pages"),
            "first_seen": one("SELECT MIN(first_seen) FROM articles"),
            "last_seen": one("SELECT MAX(last_seen) FROM articles"),
            "sites": {site or "(none)": count for site, count in sites},
        }
