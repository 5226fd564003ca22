"""Re-extraction: stored raw pages re-run through today's extractors, records fixed in place."""
from __future__ import annotations

import json

from test_history_pages import COMMENTS, PARAGRAPHS, page
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers import extract
from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive, RawPage

runner = CliRunner()
URL = "https://www.nadorcity.com/a_1.html"
FETCHED = "2026-03-01T08:00:00+00:00"


def stale_archive(tmp_path):
    """An archive whose records came from a worse, older extractor than today's."""
    db = tmp_path / "news.db"
    html = page(URL, "مشروع تأهيل الكورنيش", PARAGRAPHS, COMMENTS).encode()
    good = extract(html)
    old = Article(url=URL, site="www.nadorcity.com", headline="ناظورسيتي",  # site name, not headline
                  body="\n\n".join(PARAGRAPHS + ["جميع الحقوق محفوظة"]),  # footer leaked in
                  comments=[Comment(good.comments[0].text, author=good.comments[0].author),
                            Comment("الرئيسية رياضة", author=None)])  # menu taken for a comment
    other = page("https://www.other.ma/n/1", "خبر آخر", PARAGRAPHS[:2], []).encode()
    with Archive.open(db) as archive:
        archive.save(old, RawPage(content=html, origin="file:x", url=URL, fetched_at=FETCHED),
                     seen_at=FETCHED)
        archive.save(extract(other), RawPage(content=other, origin="file:y"), seen_at=FETCHED)
        archive.save(Article(url="https://www.other.ma/n/2", site="www.other.ma", body="x"))
    return db, good


def index_matches_rebuild(archive: Archive) -> bool:
    from akhbar.storage import fulltext
    conn = archive.db.conn
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, instance)")
    query = "SELECT term, doc, col, offset FROM temp.vocab ORDER BY 1, 2, 3, 4"
    before = conn.execute(query).fetchall()
    with archive.db.atomic():
        fulltext.rebuild(conn)
    return conn.execute(query).fetchall() == before


def test_reextract_fixes_records_without_adding_versions(tmp_path):
    db, good = stale_archive(tmp_path)
    result = runner.invoke(app, ["reextract", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 changed, 1 unchanged, 0 failed; 1 without a raw page"
    with Archive.open(db) as archive:
        record = archive.record(1)
        assert record["headline"] == good.headline and record["body"] == good.body
        assert [c["text"] for c in record["comments"]] == [c.text for c in good.comments]
        assert len(archive.versions(1)) == 1  # akhbar changed, not the page
        first = archive.comment_history(1)[0]
        assert first["first_seen"] == FETCHED  # kept its history
        assert archive.search("الرئيسية رياضة") == []
        assert index_matches_rebuild(archive)
    again = runner.invoke(app, ["reextract", "--json", "--db", str(db)])
    assert json.loads(again.stdout) == {"changed": 0, "unchanged": 2, "failed": 0,
                                        "without_raw_page": 1}


def test_reextract_site_and_since_filters(tmp_path):
    db, _ = stale_archive(tmp_path)
    other = runner.invoke(app, ["reextract", "--site", "other.ma", "--db", str(db)])
    assert other.stdout.startswith("0 changed, 1 unchanged")
    later = runner.invoke(app, ["reextract", "--since", "2026-04-01", "--db", str(db)])
    assert later.stdout.startswith("0 changed, 0 unchanged")
    bad = runner.invoke(app, ["reextract", "--since", "someday", "--db", str(db)])
    assert bad.exit_code == 2


def test_a_page_that_now_fails_is_counted_and_left_alone(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.save(Article(url=URL, headline="kept", body="kept body"),
                     RawPage(content=b"\x89PNG\r\n\x1a\n" + bytes(200), origin="file:z"))
    result = runner.invoke(app, ["reextract", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stdout.startswith("0 changed, 0 unchanged, 1 failed")
    with Archive.open(db) as archive:
        assert archive.record(1)["headline"] == "kept"
