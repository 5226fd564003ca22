"""Deferred full-text indexing (schema 3): the ``fts_pending`` queue.

A new article is queued in its page's transaction and indexed later in a
batch. These tests hold the promise that makes that safe: every article is
at all times either indexed or queued, ``search`` finds queued ones, a crash
leaves them queued for the next writer, and the batched index equals a
rebuild from the archive's text. Real SQLite files, real processes.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive, fulltext
from akhbar.storage.schema import _MIGRATIONS, SCHEMA_VERSION, schema_version

REPO = Path(__file__).resolve().parents[1]
PORT_TEXT = "أعلنت الجماعة عن توسعة ميناء الناظور.\n\nوقالت إن الأشغال ستنطلق في إسبانيا قريبا."
MARKET_TEXT = "افتتح السوق الأسبوعي الجديد في المدينة.\n\nوعبر التجار عن ارتياحهم للتنظيم."


def article(i: int, body: str = PORT_TEXT, comments: list[str] | None = None) -> Article:
    return Article(url=f"https://news.example/a/{i}.html", site="news.example",
                   headline=f"خبر رقم {i}", body=body, language="ar",
                   comments=[Comment(text, author=f"u{k}") for k, text in enumerate(comments or [])])


def raw_counts(db: Path) -> tuple[int, int, int]:
    """(articles, index rows, queued) read through a separate read-only connection."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return (one("SELECT COUNT(*) FROM articles"), one("SELECT COUNT(*) FROM articles_fts"),
                one("SELECT COUNT(*) FROM fts_pending"))
    finally:
        conn.close()


def vocabulary(conn: sqlite3.Connection) -> list[tuple]:
    conn.execute("DROP TABLE IF EXISTS temp.vocab")
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, instance)")
    return conn.execute("SELECT term, doc, col, offset FROM temp.vocab ORDER BY 1, 2, 3, 4").fetchall()


def index_equals_rebuild(archive: Archive) -> bool:
    conn = archive.db.conn
    before = vocabulary(conn)
    with archive.db.atomic():
        fulltext.rebuild(conn)
    return bool(before) and vocabulary(conn) == before


def automerge(conn: sqlite3.Connection) -> int | None:
    """The index's stored ``automerge`` setting (None: FTS5's default)."""
    row = conn.execute("SELECT v FROM articles_fts_config WHERE k = 'automerge'").fetchone()
    return None if row is None else int(row[0])


def test_the_index_merges_segments_by_its_own_setting_in_new_and_rebuilt_archives(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert automerge(archive.db.conn) == fulltext.AUTOMERGE != 4  # not FTS5's default
        with archive.db.atomic():
            fulltext.rebuild(archive.db.conn)  # a new index table: the setting goes with it
        assert automerge(archive.db.conn) == fulltext.AUTOMERGE


def test_a_saved_article_is_queued_then_indexed_in_a_batch(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        for i in range(3):
            archive.save(article(i, comments=["تعليق أول", "تعليق أول"]))  # a repeated comment
        assert raw_counts(db) == (3, 0, 3)
        assert archive.flush_index() == 3
        assert raw_counts(db) == (3, 3, 0)
        assert index_equals_rebuild(archive)


def test_search_finds_an_article_whose_indexing_is_still_queued(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as writer:
        writer.save(article(1))
        writer.save(article(2, body=MARKET_TEXT, comments=["الميناء مغلق اليوم"]))
        assert raw_counts(db)[2] == 2  # nothing indexed yet
        with Archive.open(db, create=False) as reader:  # another process's view: cannot flush
            assert [h.id for h in reader.search("اسبانيا")] == [1]  # folded like the index
            assert [h.id for h in reader.search('"ميناء الناظور"')] == [1]
            # الميناء (in a comment of 2) and ميناء (the body of 1) have one stem
            assert sorted(h.id for h in reader.search("الميناء")) == [1, 2]
            assert [h.id for h in reader.search("الميناء", exact=True)] == [2]
            assert sorted(h.id for h in reader.search("ميناء OR الميناء")) == [1, 2]
            assert sorted(h.id for h in reader.search("رق*")) == [1, 2]  # both headlines
            assert [h.id for h in reader.search("خبر -السوق")] == [1]
            hit = reader.search("الأسبوعي")[0]
            assert hit.id == 2 and "[الأسبوعي]" in hit.snippet
            assert reader.search("كلمةغائبة") == []
        assert raw_counts(db)[2] == 2  # the reader changed nothing


def test_search_merges_indexed_and_queued_matches(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as writer:
        writer.save(article(1))
        writer.flush_index()
        writer.save(article(2))
        with Archive.open(db, create=False) as reader:
            assert raw_counts(db) == (2, 1, 1)
            assert sorted(h.id for h in reader.search("الناظور")) == [1, 2]
            assert len(reader.search("الناظور", limit=1)) == 1


def test_the_writer_indexes_its_queue_before_its_own_search_and_at_close(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.save(article(1))
        assert [h.id for h in archive.search("الناظور")] == [1]
        assert raw_counts(db) == (1, 1, 0)
        archive.save(article(2))
    assert raw_counts(db) == (2, 2, 0)


def test_editing_a_queued_article_indexes_only_its_latest_text(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.save(article(1), seen_at="2026-01-01T00:00:00+00:00")
        edited = archive.save(article(1, body=MARKET_TEXT, comments=["رد جديد"]),
                              seen_at="2026-02-01T00:00:00+00:00")
        assert edited.new_version and raw_counts(db) == (1, 0, 1)
        archive.flush_index()
        assert index_equals_rebuild(archive)
        assert archive.search("الناظور") == [] and [h.id for h in archive.search("السوق")] == [1]


def test_a_rolled_back_batch_leaves_no_stale_index_values(tmp_path, monkeypatch):
    """Values folded at save time are only used for the text they were folded from."""
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        real = archive._store_raw

        def fail(*args):
            raise RuntimeError("disk trouble")
        monkeypatch.setattr(archive, "_store_raw", fail)
        from akhbar.storage import RawPage
        results = archive.save_many([(article(1), None, None),
                                     (article(2), RawPage(b"<p>x</p>", "stdin"), None)])
        assert isinstance(results[1], RuntimeError) and results[0].status == "new"
        monkeypatch.setattr(archive, "_store_raw", real)
        archive.save(article(2, body=MARKET_TEXT))  # may reuse the rolled-back row id
        archive.flush_index()
        assert index_equals_rebuild(archive)
        assert [h.id for h in archive.search("السوق")] == [2]


def test_values_folded_at_save_time_are_used_only_for_the_same_text(tmp_path):
    with Archive.open(tmp_path / "news.db") as archive:
        archive.save(article(1, comments=["تعليق"]))
        stale = {1: (("عنوان آخر", "نص آخر", ""), ("x", "y", "z"))}
        values = fulltext.pending_values(archive.db.conn, [1], stale)
        assert values[1] == fulltext.values_of("خبر رقم 1", PORT_TEXT, ["تعليق"])


CRASHING_WRITER = """
import os, signal, sys
from akhbar.scrapers.record import Article
from akhbar.storage import Archive
archive = Archive.open({db!r})
for i in range(5):
    archive.save(Article(url=f"https://news.example/k/{{i}}.html", headline=f"خبر {{i}}",
                         body="توسعة ميناء الناظور رقم " + str(i)))
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush: the queue is all there is
"""


def test_queued_articles_survive_a_sigkill_and_the_next_writer_indexes_them(tmp_path):
    db = tmp_path / "news.db"
    proc = subprocess.run([sys.executable, "-c", CRASHING_WRITER.format(repo=str(REPO), db=str(db))],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL and "saved" in proc.stdout
    assert raw_counts(db) == (5, 0, 5)
    with Archive.open(db, create=False) as reader:  # searchable before anyone indexes them
        assert len(reader.search("الناظور")) == 5
    assert raw_counts(db) == (5, 0, 5)
    with Archive.open(db) as writer:  # the next writer indexes the queue on opening
        assert raw_counts(db) == (5, 5, 0)
        assert len(writer.search("الناظور")) == 5
        assert index_equals_rebuild(writer)


# -- migration from version 2 ----------------------------------------------------------


def make_v2_archive(path: Path) -> None:
    """An archive as akhbar wrote it at schema version 2: indexed in the same transaction."""
    conn = sqlite3.connect(path)
    conn.executescript(_MIGRATIONS[1])
    for statement in _MIGRATIONS[2].split(";\n"):
        if statement.strip():
            conn.execute(statement)
    fulltext.rebuild(conn)
    for i, body in ((1, PORT_TEXT), (2, MARKET_TEXT)):
        url = f"https://news.example/old/{i}.html"
        conn.execute("INSERT INTO articles (id, url, headline, body, content_hash, first_seen, "
                     "last_seen, content_seen) VALUES (?, ?, ?, ?, 'h', 't', 't', 't')",
                     (i, url, f"خبر قديم {i}", body))
        conn.execute("INSERT INTO article_urls VALUES (?, ?, 'canonical', 't')", (url, i))
        fulltext.insert(conn, i, fulltext.indexed_values(conn, i))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_version_2_archive_migrates_to_the_current_schema_and_stays_searchable(tmp_path):
    db = tmp_path / "old.db"
    make_v2_archive(db)
    with Archive.open(db, create=False) as reader:  # a reader upgrades it too
        assert schema_version(reader.db.conn) == SCHEMA_VERSION == 7
        assert automerge(reader.db.conn) == fulltext.AUTOMERGE
        assert [h.id for h in reader.search("اسبانيا")] == [1]
        assert [h.id for h in reader.search("السوق")] == [2]
    assert raw_counts(db) == (2, 2, 0)
    with Archive.open(db) as archive:
        archive.save(article(3))
        assert sorted(h.id for h in archive.search("الناظور")) == [1, 3]
        assert index_equals_rebuild(archive)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_the_queue_is_emptied_by_a_rebuild(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.save(article(1))
        with archive.db.atomic():
            fulltext.rebuild(archive.db.conn)
        assert raw_counts(db) == (1, 1, 0)
        assert archive.flush_index() == 0


def test_no_article_is_indexed_twice_by_two_writers(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as first:
        first.save(article(1))
        with Archive.open(db) as second:  # finds the queue on opening and indexes it
            assert raw_counts(db) == (1, 1, 0)
            assert second.flush_index() == 0
        assert first.flush_index() == 0
        assert index_equals_rebuild(first)
    assert os.path.exists(db)


# -- a save_many batch indexes its new articles itself -------------------------------------


def queue_writes(conn: sqlite3.Connection) -> list[int]:
    """Count rows written to ``fts_pending`` from now on (a TEMP trigger on this connection)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS queued_ids (article_id INTEGER)")
    conn.execute("CREATE TEMP TRIGGER IF NOT EXISTS count_queue AFTER INSERT ON main.fts_pending "
                 "BEGIN INSERT INTO queued_ids VALUES (new.article_id); END")
    return [r[0] for r in conn.execute("SELECT article_id FROM queued_ids")]


def test_a_batch_indexes_its_new_articles_in_its_commit_without_queueing_them(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        queue_writes(archive.db.conn)
        results = archive.save_many([(article(i), None, None) for i in range(1, 6)])
        assert [r.status for r in results] == ["new"] * 5
        assert queue_writes(archive.db.conn) == []
        assert raw_counts(db) == (5, 5, 0)  # another connection sees them indexed at once
        assert index_equals_rebuild(archive)
        archive.save(article(6))  # one page at a time still goes through the queue
        assert queue_writes(archive.db.conn) == [6] and raw_counts(db) == (6, 5, 1)


def test_an_article_new_in_a_batch_and_changed_later_in_it_is_indexed_once_as_it_ends(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        pages = [(article(1), None, "2026-01-01T00:00:00+00:00"),
                 (article(2, body=MARKET_TEXT), None, "2026-01-01T00:00:00+00:00"),
                 (article(1, body=MARKET_TEXT, comments=["رد جديد"]), None,
                  "2026-02-01T00:00:00+00:00"),
                 (article(2, body=MARKET_TEXT, comments=["تعليق ثان"]), None,
                  "2026-02-01T00:00:00+00:00")]
        results = archive.save_many(pages)
        assert [r.status for r in results] == ["new", "new", "updated", "unchanged"]
        assert results[3].new_comments == 1
        assert raw_counts(db) == (2, 2, 0)
        assert index_equals_rebuild(archive)
        assert archive.search("الناظور") == []
        assert sorted(h.id for h in archive.search("السوق")) == [1, 2]
        assert [h.id for h in archive.search("ثان")] == [2]


def test_a_batch_that_fails_is_retried_page_by_page_through_the_queue(tmp_path, monkeypatch):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        real = archive._store_raw
        calls = []

        def fail_once(*args):
            calls.append(args)
            if len(calls) == 1:
                raise RuntimeError("disk trouble")
            return real(*args)
        monkeypatch.setattr(archive, "_store_raw", fail_once)
        from akhbar.storage import RawPage
        results = archive.save_many([(article(1), None, None),
                                     (article(2, body=MARKET_TEXT), RawPage(b"<p>x</p>", "stdin"),
                                      None)])
        assert [r.status for r in results] == ["new", "new"]
        archive.flush_index()
        assert raw_counts(db) == (2, 2, 0) and index_equals_rebuild(archive)
