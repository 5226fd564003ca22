"""Schema 7: fewer B-trees written per saved page, existing archives rebuilt in place.

The fixture ``tests/data/archive-v6.sqlite`` was written by akhbar at schema 6
(commit baf10ed): the sample pages with their raw bytes and comments (replies
among them), an alias, an article seen again with a changed body (earlier
versions, a removed comment), near-duplicate sketches, crawl-frontier rows and
one article still queued for the index. ``archive-v6-searches.json`` holds what
22 queries (and their ``--exact`` forms) found in it then.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from akhbar.scrapers.record import Article
from akhbar.storage import Archive
from akhbar.storage.schema import SCHEMA_VERSION, migrate, schema_version

DATA = Path(__file__).parent / "data"
FIXTURE_V6 = DATA / "archive-v6.sqlite"
SEARCHES_V6 = DATA / "archive-v6-searches.json"
TABLES = ("articles", "article_urls", "comments", "raw_pages", "article_versions",
          "article_sketches", "fts_pending", "crawl_frontier", "http_cache", "not_articles")


def rows(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    """Every row of every archive table, as column → value, in a fixed order."""
    out = {}
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        out[table] = sorted((dict(zip(names, r, strict=True)) for r in cursor),
                            key=lambda row: json.dumps(row, sort_keys=True, default=repr))
    return out


def old_archive(tmp_path: Path) -> Path:
    db = tmp_path / "v6.db"
    shutil.copy(FIXTURE_V6, db)
    return db


def index_names(conn: sqlite3.Connection, table: str) -> dict[str, tuple[int, int]]:
    """``{index name: (unique, partial)}`` of a table."""
    return {r[1]: (r[2], r[4]) for r in conn.execute(f"PRAGMA index_list({table})")}


def test_a_schema_6_archive_keeps_every_row_and_gets_the_schema_7_tables(tmp_path):
    db = old_archive(tmp_path)
    conn = sqlite3.connect(db)
    assert schema_version(conn) == 6
    before = rows(conn)
    assert "sqlite_autoindex_articles_1" in index_names(conn, "articles")
    assert index_names(conn, "comments")["idx_comments_parent"] == (0, 0)
    assert before["fts_pending"] and any(r["parent_id"] for r in before["comments"])
    conn.close()
    with Archive.open(db, create=False) as reader:  # a reader upgrades it
        conn = reader.db.conn
        assert schema_version(conn) == SCHEMA_VERSION == 7
        assert rows(conn) == before
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # back on after the rebuild
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert index_names(conn, "articles") == {
            "idx_articles_site": (0, 0), "idx_articles_content_hash": (0, 0),
            "idx_articles_when": (0, 0)}
        assert index_names(conn, "comments")["idx_comments_parent"] == (0, 1)
        with pytest.raises(sqlite3.OperationalError, match="rowid"):
            conn.execute("SELECT rowid FROM article_urls")
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT article_id FROM article_urls WHERE url = ?", ("x",)))
        assert "PRIMARY KEY" in plan
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM comments WHERE parent_id = ?", (1,)))
        assert "idx_comments_parent" in plan  # the partial index still serves the replies' key


def test_searches_find_what_they_found_at_schema_6(tmp_path):
    db = old_archive(tmp_path)
    expected = json.loads(SEARCHES_V6.read_text(encoding="utf-8"))
    with Archive.open(db, create=False) as reader:
        for key, hits in expected.items():
            exact = key.startswith("exact:")
            query = key.removeprefix("exact:")
            got = [[h.id, h.snippet] for h in reader.search(query, limit=50, exact=exact)]
            assert got == hits, key


def test_a_migrated_archive_takes_new_pages_aliases_and_revisits(tmp_path):
    db = old_archive(tmp_path)
    with Archive.open(db) as archive:  # the writer indexes what schema 6 left queued
        url, headline, body = archive.db.conn.execute(
            "SELECT url, headline, body FROM articles WHERE id = 1").fetchone()
        page = Article(url=url, headline=headline, body=body)
        assert archive.save(replace(page, url="https://elsewhere.example/a.html")).status == "alias"
        with pytest.raises(sqlite3.IntegrityError):  # article_urls still keys articles by URL
            archive.db.conn.execute("INSERT INTO article_urls VALUES (?, 1, 'alias', 't')",
                                    (url,))
        archive.db.conn.rollback()  # the failed INSERT's implicit transaction
        new = Article(url="https://sample.example/after.html", headline="خبر بعد الترحيل",
                      body="خبر جديد عن ميناء الناظور بعد ترحيل الأرشيف. " * 10)
        assert archive.save(new).status == "new"
        assert archive.save(new).status == "unchanged"
        assert [h.id for h in archive.search("ترحيل")] == [archive.resolve(new.url)]
        assert archive.db.conn.execute("SELECT COUNT(*) FROM fts_pending").fetchone()[0] == 0
        assert archive.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_new_and_migrated_archives_have_the_same_tables_and_indexes(tmp_path):
    def schema(path: Path) -> set[tuple[str, str]]:
        conn = sqlite3.connect(path)
        found = {(name, " ".join(sql.split())) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT IN "
            "('http_cache', 'crawl_frontier', 'not_articles') AND tbl_name NOT IN "
            "('http_cache', 'crawl_frontier', 'not_articles')")}
        conn.close()
        return found

    migrated = old_archive(tmp_path)
    Archive.open(migrated).close()
    fresh = tmp_path / "fresh.db"
    Archive.open(fresh).close()
    assert schema(migrated) == schema(fresh)


def test_a_reference_broken_before_the_migration_does_not_stop_it(tmp_path):
    """An orphan row (written with foreign keys off, by another tool) is carried over as it was."""
    db = old_archive(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO article_versions (article_id, first_seen, last_seen, content_hash, "
                 "body) VALUES (999, 't', 't', 'h', 'orphan')")
    conn.commit()
    migrate(conn)
    assert schema_version(conn) == 7
    assert [r[0] for r in conn.execute("PRAGMA foreign_key_check")] == ["article_versions"]
    conn.close()


def test_the_rebuild_reuses_the_pages_it_frees_instead_of_doubling_the_file(tmp_path):
    """3,000 more articles of ~3 KB: the file grows by a fraction of the table, not a copy of it."""
    db = old_archive(tmp_path)
    conn = sqlite3.connect(db)
    body = "نص طويل عن ميناء الناظور والمدينة وسكانها " * 70
    conn.executemany(
        "INSERT INTO articles (id, url, headline, body, content_hash, first_seen, last_seen, "
        "content_seen) VALUES (?, ?, 'h', ?, ?, 't', 't', 't')",
        [(i, f"https://bulk.example/{i}.html", body + str(i), f"{i:064x}")
         for i in range(1000, 4000)])
    conn.executemany("INSERT INTO article_urls VALUES (?, ?, 'canonical', 't')",
                     [(f"https://bulk.example/{i}.html", i) for i in range(1000, 4000)])
    conn.commit()
    before_pages = conn.execute("PRAGMA page_count").fetchone()[0]
    before = rows(conn)
    migrate(conn)
    assert schema_version(conn) == 7 and rows(conn) == before
    assert conn.execute("PRAGMA page_count").fetchone()[0] < 1.25 * before_pages
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
