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
