"""The archive's foundation: dedup, aliases, comments, atomicity, Arabic search.

Every test uses a real SQLite file in a temporary folder.
"""
from __future__ import annotations

import sqlite3

import pytest

from akhbar.scrapers.record import Article, Comment, RelatedLink
from akhbar.storage import Archive, ArchiveError, RawPage

BODY = ("كشفت صحيفة أتالايار أن ميزان القوى في منطقة الساحل والصحراء هو الهدف المشترك "
        "لجهازي المخابرات المغربية والأمريكية، حيث ستتركز جهودهما على وقف انتشار الإرهاب.\n\n"
        "وعقب مناقشات بين جهازي المخابرات في المملكة المغربية والولايات المتحدة في يونيو الماضي، "
        "التقى قادة الجهازين مرة أخرى.")


def make_article(url: str = "https://www.nadorcity.com/x_a1.html", body: str = BODY,
                 comments: list[Comment] | None = None) -> Article:
    return Article(url=url, site="www.nadorcity.com",
                   headline="صحيفة إسبانية تكشف أسباب الاجتماع الاخير بين مديري المخابرات",
                   source="ناظورسيتي: متابعة", language="ar", body=body, comments_enabled=True,
                   comment_notice="شكرا لالتزام الموضوعية", comment_count=len(comments or []),
                   comments=comments or [],
                   related=[RelatedLink("خبر آخر", "https://www.nadorcity.com/y_a2.html")])


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "news.db") as arc:
        yield arc


def count(archive: Archive, table: str) -> int:
    return archive.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_new_then_unchanged(archive):
    raw = RawPage(content=b"<html>page</html>", origin="file:x.html")
    first = archive.save(make_article(), raw)
    second = archive.save(make_article(), raw)
    assert (first.status, second.status) == ("new", "unchanged")
    assert first.article_id == second.article_id
    assert count(archive, "articles") == 1 and count(archive, "raw_pages") == 1


def test_last_seen_moves_first_seen_stays(archive):
    archive.save(make_article(), seen_at="2026-01-01T00:00:00+00:00")
    archive.save(make_article(), seen_at="2026-02-01T00:00:00+00:00")
    record = archive.record(1)
    assert record["first_seen"] == "2026-01-01T00:00:00+00:00"
    assert record["last_seen"] == "2026-02-01T00:00:00+00:00"


def test_tracking_parameters_do_not_make_a_new_article(archive):
    archive.save(make_article("https://www.nadorcity.com/x_a1.html"))
    result = archive.save(make_article("https://WWW.nadorcity.com/x_a1.html?utm_source=fb#c"))
    assert result.status == "unchanged"
    assert count(archive, "articles") == 1


def test_same_body_other_url_is_an_alias(archive):
    archive.save(make_article("https://www.nadorcity.com/x_a1.html"))
    result = archive.save(make_article("https://m.nadorcity.com/x_a1.html"))
    assert result.status == "alias"
    assert count(archive, "articles") == 1
    assert archive.aliases(1) == ["https://m.nadorcity.com/x_a1.html"]
    assert archive.resolve("https://m.nadorcity.com/x_a1.html") == 1


def test_short_identical_bodies_are_not_aliased(archive):
    archive.save(make_article("https://a.example/1", body="Page not found"))
    result = archive.save(make_article("https://a.example/2", body="Page not found"))
    assert result.status == "new"


def test_changed_body_is_an_update(archive):
    archive.save(make_article())
    result = archive.save(make_article(body=BODY + "\n\nفقرة جديدة أضيفت لاحقا."))
    assert result.status == "updated"
    assert archive.record(1)["body"].endswith("فقرة جديدة أضيفت لاحقا.")


def test_comments_stored_once_with_reply_parent(archive):
    comments = [Comment("مقال ممتاز", author="أحمد", published="2021-09-12T15:00:00+01:00"),
                Comment("أتفق معك", author="سعيد", parent=0)]
    first = archive.save(make_article(comments=comments))
    again = archive.save(make_article(comments=comments + [Comment("تعليق ثالث", author="ليلى")]))
    assert (first.new_comments, again.new_comments) == (2, 1)
    stored = archive.record(1)["comments"]
    assert [c["text"] for c in stored] == ["مقال ممتاز", "أتفق معك", "تعليق ثالث"]
    assert stored[1]["parent"] == 0 and stored[0]["parent"] is None


def test_record_has_contract_and_archive_fields(archive):
    archive.save(make_article())
    record = archive.record(1)
    for name in ("url", "site", "headline", "source", "author", "published", "language", "body",
                 "comments_enabled", "comment_notice", "comment_count", "comments", "related",
                 "id", "first_seen", "last_seen", "content_hash"):
        assert name in record
    assert record["related"] == [{"title": "خبر آخر", "url": "https://www.nadorcity.com/y_a2.html"}]


@pytest.mark.parametrize("query", ["الأخير", "الاخير", "الآخير", "المخابرات", "مُدِيرِي", "أتالايار",
                                   "الـــساحل", '"جهازي المخابرات"', "منطق*"])
def test_arabic_search_ignores_spelling_variants(archive, query):
    archive.save(make_article())
    hits = archive.search(query)
    assert [h.id for h in hits] == [1], query


def test_search_finds_comments_and_marks_snippet(archive):
    archive.save(make_article(comments=[Comment("تحليل دقيق للوضع في إفريقيا", author="x")]))
    hits = archive.search("افريقيا")
    assert hits and "[إفريقيا]" in hits[0].snippet


def test_search_does_not_find_absent_words(archive):
    archive.save(make_article())
    assert archive.search("برشلونة") == []
    assert archive.search("المخابرات -الساحل") == []


def test_failed_save_rolls_back_everything(archive, monkeypatch):
    archive.save(make_article("https://a.example/one"))

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(archive, "_store_raw", boom)
    with pytest.raises(RuntimeError):
        archive.save(make_article("https://a.example/two", body=BODY + " ٢",
                                  comments=[Comment("c", author="a")]),
                     RawPage(content=b"x", origin="file:y"))
    assert count(archive, "articles") == 1
    assert count(archive, "comments") == 0
    assert archive.resolve("https://a.example/two") is None


def test_wal_mode_and_foreign_keys(tmp_path):
    path = tmp_path / "news.db"
    Archive.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = conn.execute("PRAGMA foreign_key_list(comments)").fetchall()
    assert any(row[2] == "articles" for row in fks)


def test_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes")
    with pytest.raises(ArchiveError, match="not an SQLite database"):
        Archive.open(path)
    assert path.read_text() == "my precious notes"


def test_directory_is_refused(tmp_path):
    with pytest.raises(ArchiveError, match="is a directory"):
        Archive.open(tmp_path)


def test_missing_archive_is_not_created_by_readers(tmp_path):
    with pytest.raises(ArchiveError, match="no archive"):
        Archive.open(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_comment_count_never_below_the_comments_held(archive):
    with_comments = make_article(comments=[Comment("أول", author="a"), Comment("ثان", author="b")])
    archive.save(with_comments)
    archive.save(make_article(comments=[]))  # a later capture saved before comments loaded
    record = archive.record(1)
    assert len(record["comments"]) == 2 and record["comment_count"] == 2
