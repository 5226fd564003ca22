"""The write path's shortcuts must not change what is stored.

A brand-new article skips the look-up of its stored comments (it has none);
these tests check that the shortcut is taken only for new articles and that
replies, re-sightings and new comments still merge as before.
"""
from __future__ import annotations

from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive


def _article(comments: list[Comment]) -> Article:
    return Article(url="https://example.com/news/1.html", site="example.com", headline="عنوان",
                   body="نص المقال " * 40, language="ar", comments=comments,
                   comment_count=len(comments))


def _traced(archive: Archive) -> list[str]:
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    return statements


def test_new_article_skips_comment_lookup_but_a_resave_merges(tmp_path):
    first = [Comment("أول تعليق", author="a"), Comment("رد", author="b", parent=0)]
    with Archive.open(tmp_path / "a.db") as archive:
        statements = _traced(archive)
        saved = archive.save(_article(first), seen_at="2026-01-01T00:00:00+00:00")
        assert saved.status == "new" and saved.new_comments == 2
        assert not any("comment_hash, removed_at FROM comments" in s for s in statements)

        statements.clear()
        again = archive.save(_article([*first, Comment("جديد", author="c", parent=1)]),
                             seen_at="2026-01-02T00:00:00+00:00")
        assert any("comment_hash, removed_at FROM comments" in s for s in statements)
        assert again.status == "updated" and again.new_comments == 1  # comment_count moved
        history = archive.comment_history(saved.article_id, "all")
    assert [(c["text"], c["parent"]) for c in history] == [
        ("أول تعليق", None), ("رد", 0), ("جديد", 1)]
    assert history[0]["last_seen"] == "2026-01-02T00:00:00+00:00"


def test_writer_checkpoints_less_often_and_readers_still_see_every_page(tmp_path):
    """``tune_writer``: the WAL grows past SQLite's default 1,000-page checkpoint
    (fewer copies of hot index pages), another connection still reads every
    committed page meanwhile, and closing the archive leaves no WAL behind."""
    import sqlite3

    db = tmp_path / "a.db"
    with Archive.open(db) as archive:
        for i in range(120):  # ~17 WAL pages per one-page commit
            article = _article([Comment(f"تعليق {i}", author="a")])
            article.url = f"https://example.com/news/{i}.html"
            article.body = f"مقال رقم {i} " + "نص المقال " * 40
            archive.save(article)
        wal = db.with_name("a.db-wal")
        reader = sqlite3.connect(db)
        assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 120
        assert reader.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 120
        _, frames_in_wal, _ = reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert frames_in_wal > 1000  # not copied back at SQLite's default interval
        reader.close()
    assert not wal.exists()
    with Archive.open(db) as archive:
        assert archive.db["articles"].count == 120
