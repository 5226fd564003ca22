"""Article versions and comment history, through the storage API and the real CLI."""
from __future__ import annotations

import json
import sqlite3

import pytest
from test_history_pages import COMMENTS, PARAGRAPHS, page
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive
from akhbar.storage.schema import _V1, SCHEMA_VERSION

URL = "https://www.nadorcity.com/a_1.html"
T1, T2, T3 = "2026-03-01T10:00:00+00:00", "2026-03-02T10:00:00+00:00", "2026-03-03T10:00:00+00:00"
runner = CliRunner()


def article(body: list[str] = PARAGRAPHS, headline: str = "مشروع الكورنيش",
            comments: list[tuple[str, str]] | None = None) -> Article:
    pairs = comments if comments is not None else [(a, t) for a, _, t in COMMENTS]
    return Article(url=URL, site="www.nadorcity.com", headline=headline, body="\n\n".join(body),
                   comments_enabled=True, comments=[Comment(t, author=a) for a, t in pairs])


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "news.db") as arc:
        yield arc


def edited() -> list[str]:
    body = list(PARAGRAPHS)
    body[1] = body[1].replace("ثمانية عشر شهرا", "أربعة وعشرين شهرا")
    return body + ["فقرة أضيفت بعد النشر."]


# -- versions ----------------------------------------------------------------------


def test_identical_content_adds_no_version(archive):
    archive.save(article(), seen_at=T1)
    again = archive.save(article(), seen_at=T2)
    assert again.status == "unchanged" and not again.new_version
    versions = archive.versions(again.article_id)
    assert len(versions) == 1
    assert (versions[0]["first_seen"], versions[0]["last_seen"]) == (T1, T2)


def test_edited_body_keeps_the_old_version(archive):
    first = archive.save(article(), seen_at=T1)
    archive.save(article(), seen_at=T2)
    second = archive.save(article(body=edited()), seen_at=T3)
    assert second.status == "updated" and second.new_version
    old, new = archive.versions(first.article_id)
    assert (old["first_seen"], old["last_seen"], old["current"]) == (T1, T2, False)
    assert old["body"] == "\n\n".join(PARAGRAPHS)
    assert (new["first_seen"], new["current"]) == (T3, True)
    assert new["body"].endswith("فقرة أضيفت بعد النشر.")
    assert old["content_hash"] != new["content_hash"]
    assert archive.record(first.article_id)["body"] == new["body"]


def test_headline_change_alone_is_a_version(archive):
    archive.save(article(), seen_at=T1)
    result = archive.save(article(headline="مشروع الكورنيش البحري"), seen_at=T2)
    versions = archive.versions(result.article_id)
    assert [v["headline"] for v in versions] == ["مشروع الكورنيش", "مشروع الكورنيش البحري"]
    assert versions[0]["content_hash"] == versions[1]["content_hash"]


def test_an_older_capture_loaded_late_becomes_history_not_current(archive):
    archive.save(article(body=edited()), seen_at=T3)
    late = archive.save(article(), seen_at=T1)
    versions = archive.versions(late.article_id)
    assert [v["first_seen"] for v in versions] == [T1, T3]
    assert versions[-1]["current"] and versions[-1]["body"].endswith("بعد النشر.")
    assert archive.record(late.article_id)["first_seen"] == T1


def test_edited_body_is_searchable_and_old_text_is_not(archive):
    archive.save(article(), seen_at=T1)
    archive.save(article(body=[p.replace("الكورنيش", "الميناء") for p in PARAGRAPHS]), seen_at=T2)
    assert archive.search("الميناء")
    assert not archive.search("\"الكورنيش البحري\"")  # the phrase was only in the old body


# -- comments ----------------------------------------------------------------------


def test_comment_history_first_last_seen_and_removal(archive):
    first = archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T1)
    second = archive.save(article(comments=[("a", "one"), ("c", "three")]), seen_at=T2)
    assert (second.new_comments, second.removed_comments) == (1, 1)
    rows = {r["text"]: r for r in archive.comment_history(first.article_id, "all")}
    assert rows["one"]["first_seen"] == T1 and rows["one"]["last_seen"] == T2
    assert rows["two"]["removed_at"] == T2 and rows["two"]["last_seen"] == T1
    assert rows["three"]["first_seen"] == T2 and rows["three"]["removed_at"] is None
    assert [r["text"] for r in archive.comment_history(first.article_id, "removed")] == ["two"]
    assert [r["text"] for r in archive.comment_history(first.article_id)] == ["one", "three"]
    assert len(archive.record(first.article_id)["comments"]) == 3  # never deleted


def test_a_comment_that_comes_back_is_no_longer_removed(archive):
    archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T1)
    archive.save(article(comments=[("a", "one")]), seen_at=T2)
    result = archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T3)
    assert result.new_comments == 0
    assert archive.comment_history(result.article_id, "removed") == []


def test_no_comments_extracted_is_unknown_not_removal(archive):
    archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T1)
    result = archive.save(article(comments=[]), seen_at=T2)
    assert result.removed_comments == 0
    assert archive.comment_history(result.article_id, "removed") == []


def test_comments_sharing_nothing_with_the_archive_are_unknown_not_removal(archive):
    archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T1)
    result = archive.save(article(comments=[("x", "other thread")]), seen_at=T2)
    assert result.removed_comments == 0 and result.new_comments == 1


def test_an_alias_page_never_marks_comments_removed(archive):
    archive.save(article(comments=[("a", "one"), ("b", "two")]), seen_at=T1)
    mirror = article(comments=[("a", "one")])
    mirror.url = "https://m.nadorcity.com/a_1.html"
    result = archive.save(mirror, seen_at=T2)
    assert result.status == "alias" and result.removed_comments == 0


# -- migration from version 1 -------------------------------------------------------


def make_v1_archive(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(_V1 + "PRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles (id, url, site, headline, body, content_hash, first_seen, "
                 "last_seen) VALUES (1, ?, 'www.nadorcity.com', 'مشروع الكورنيش', ?, 'h', ?, ?)",
                 (URL, "\n\n".join(PARAGRAPHS), T1, T1))
    conn.execute("INSERT INTO article_urls VALUES (?, 1, 'canonical', ?)", (URL, T1))
    conn.execute("INSERT INTO comments (article_id, position, author, text, comment_hash, "
                 "first_seen, last_seen) VALUES (1, 0, 'a', 'one', 'x', ?, ?)", (T1, T1))
    conn.commit()
    conn.close()


def test_a_version_1_archive_migrates_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    make_v1_archive(path)
    with Archive.open(path) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert archive.versions(1)[0]["first_seen"] == T1
        assert archive.comment_history(1)[0]["removed_at"] is None
        result = archive.save(article(body=edited()), seen_at=T2)
        assert result.article_id == 1 and result.new_version
        assert len(archive.versions(1)) == 2


def test_a_reader_opening_a_version_1_archive_upgrades_it(tmp_path):
    path = tmp_path / "old.db"
    make_v1_archive(path)
    result = runner.invoke(app, ["comments", "1", "--json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[0])["first_seen"] == T1


def test_a_newer_archive_is_refused(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = runner.invoke(app, ["history", "1", "--db", str(path)])
    assert result.exit_code == 2


# -- the CLI, on real pages ---------------------------------------------------------


def load(db, path) -> None:
    result = runner.invoke(app, ["load", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def two_versions(tmp_path):
    """The same URL loaded twice: body edited, one comment added, one removed."""
    db = tmp_path / "news.db"
    v1, v2 = tmp_path / "v1.html", tmp_path / "v2.html"
    v1.write_text(page(URL, "مشروع تأهيل الكورنيش", PARAGRAPHS, COMMENTS[:2]), encoding="utf-8")
    v2.write_text(page(URL, "مشروع تأهيل الكورنيش", edited(), [COMMENTS[0], COMMENTS[2]]),
                  encoding="utf-8")
    load(db, v1)
    with Archive.open(db) as archive:  # make the first sighting clearly earlier
        archive.db.execute("UPDATE articles SET first_seen = ?, last_seen = ?, content_seen = ?",
                           [T1, T1, T1])
        archive.db.execute("UPDATE comments SET first_seen = ?, last_seen = ?", [T1, T1])
        archive.db.conn.commit()
    load(db, v2)
    return db


def test_history_cli_lists_versions_and_word_diff(two_versions):
    result = runner.invoke(app, ["history", URL, "--diff", "--db", str(two_versions)])
    assert result.exit_code == 0, result.output
    assert "version 1:" in result.output and "version 2  (current)" in result.output
    assert "[-ثمانية عشر-] {+أربعة وعشرين+} شهرا" in result.output
    assert "{+فقرة أضيفت بعد النشر.+}" in result.output


def test_history_cli_json(two_versions):
    result = runner.invoke(app, ["history", "1", "--diff", "--json", "--db", str(two_versions)])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["version"] for r in rows] == [1, 2] and rows[1]["current"]
    assert "diff" not in rows[0]
    ops = [s["op"] for p in rows[1]["diff"]["paragraphs"] for s in p["segments"]]
    assert "delete" in ops and "insert" in ops


def test_comments_cli_removed_and_json(two_versions):
    removed = runner.invoke(app, ["comments", URL, "--removed", "--db", str(two_versions)])
    assert removed.exit_code == 0
    assert "Enfin un projet concret" in removed.output and "REMOVED" in removed.output
    assert "ننتظر الأفعال" not in removed.output
    present = runner.invoke(app, ["comments", URL, "--json", "--db", str(two_versions)])
    rows = [json.loads(line) for line in present.output.splitlines()]
    assert [r["author"] for r in rows] == ["محمد", "أمين"]
    assert rows[0]["first_seen"] == T1 and rows[0]["last_seen"] > T1
    assert all(r["removed_at"] is None for r in rows)
    everything = runner.invoke(app, ["comments", URL, "--all", "--json", "--db", str(two_versions)])
    assert len(everything.output.splitlines()) == 3


def test_unknown_article_is_one_line_exit_1(tmp_path, two_versions):
    result = runner.invoke(app, ["history", "999", "--db", str(two_versions)])
    assert result.exit_code == 1


def test_incremental_index_equals_a_rebuild(archive):
    """The contentless index is updated by 'delete' with old values: no stale entry may remain."""
    from akhbar.storage import fulltext
    archive.save(article(comments=[("a", "one two"), ("b", "three")]), seen_at=T1)
    archive.save(article(body=edited(), comments=[("a", "one two"), ("c", "four")]), seen_at=T2)
    archive.save(article(headline="عنوان آخر", comments=[("d", "five")]), seen_at=T3)
    archive.save(article(body=["نص أقدم من كل ما سبق"] * 3), seen_at="2026-01-01T00:00:00+00:00")
    mirror = article(comments=[("e", "six")])
    mirror.url = "https://m.nadorcity.com/a_1.html"
    archive.save(mirror, seen_at=T3)
    archive.flush_index()  # new articles are indexed in batches (fulltext.py)
    conn = archive.db.conn
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, instance)")

    def instances() -> list[tuple]:
        return conn.execute("SELECT term, doc, col, offset FROM temp.vocab ORDER BY 1, 2, 3, 4").fetchall()
    incremental = instances()
    assert incremental
    with archive.db.atomic():
        fulltext.rebuild(conn)
    assert instances() == incremental


def test_save_many_commits_together_and_isolates_a_bad_page(archive, monkeypatch):
    pages = [(Article(url=f"https://a.example/{i}", headline=f"h{i}", body=f"نص {i}",
                      comments=[Comment(f"c{i}", author="x")]), None, T1) for i in range(5)]
    results = archive.save_many(pages)
    assert [r.status for r in results] == ["new"] * 5
    real = archive._store_raw

    def fail_on_third(article_id, raw, seen_at):
        if raw.origin == "bad":
            raise RuntimeError("disk on fire")
        return real(article_id, raw, seen_at)
    monkeypatch.setattr(archive, "_store_raw", fail_on_third)
    from akhbar.storage import RawPage
    more = [(Article(url=f"https://b.example/{i}", body=f"نص آخر {i}",
                     comments=[Comment("c", author="y")]),
             RawPage(content=b"<p>x</p>", origin="bad" if i == 2 else "ok"), T2) for i in range(4)]
    results = archive.save_many(more)
    assert isinstance(results[2], RuntimeError)
    assert [r.status for i, r in enumerate(results) if i != 2] == ["new"] * 3
    assert archive.resolve("https://b.example/2") is None
    assert archive.db.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 8
    assert len(archive.search("اخر")) == 3
