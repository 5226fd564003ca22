"""``akhbar load`` saves pages in batches (``akhbar.cli.ingest.PageBatch``): same report as page by page.

The reference is the unbatched path, ``akhbar.cli.ingest.ingest`` (one ``Archive.save``
per page, as the fetching commands still do), run over the same files in the
same order into another archive: the summary counts, the stored records and
the search results must be identical.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from reliability_helpers import article_html, cli, numbered_article

from akhbar.cli.ingest import PageBatch, PageRejected, Summary, ingest
from akhbar.cli.inputs import expand_paths
from akhbar.scrapers.record import Article
from akhbar.storage import Archive, RawPage


def mixed_folder(root: Path) -> Path:
    """70 inputs across several batches: new pages, reposts, repeats, an edit, rejects."""
    folder = root / "pages"
    folder.mkdir()
    for i in range(60):
        (folder / f"a{i:03d}.html").write_bytes(numbered_article(i))
    for i in (5, 31, 58):  # the same article under another URL: an alias
        (folder / f"b{i:03d}-mirror.html").write_bytes(numbered_article(i, "https://mirror.example"))
    (folder / "c-repeat.html").write_bytes(numbered_article(7))  # unchanged
    (folder / "d-edit.html").write_text(  # the same URL with another text: updated
        article_html("https://news.example/news/10.html", "عنوان معدل",
                     ["فقرة جديدة كليا عن المجلس والميناء والمدينة والساكنة " * 4]),
        encoding="utf-8")
    (folder / "e-empty.html").write_bytes(b"")
    (folder / "f-binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "g-front.html").write_text(article_html("https://news.example/"), encoding="utf-8")
    return folder


def page_by_page(folder: Path, db: Path) -> Summary:
    summary = Summary()
    with Archive.open(db) as archive:
        for item in expand_paths([str(folder)]):
            data = Path(item).read_bytes()
            try:
                summary.count(ingest(archive, data, RawPage(data, f"file:{item}")))
            except PageRejected as exc:
                summary.fail(item, str(exc))
    return summary


def records(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.url, a.headline, a.body, (SELECT COUNT(*) FROM comments c WHERE "
            "c.article_id = a.id), (SELECT group_concat(u.url) FROM article_urls u "
            "WHERE u.article_id = a.id), (SELECT COUNT(*) FROM article_versions v "
            "WHERE v.article_id = a.id) FROM articles a ORDER BY a.url").fetchall()
    finally:
        conn.close()


def test_batched_load_reports_and_stores_exactly_like_page_by_page(tmp_path, capsys):
    folder = mixed_folder(tmp_path)
    reference = page_by_page(folder, tmp_path / "reference.db")
    assert (reference.new, reference.updated, reference.unchanged, reference.aliases,
            reference.failed, reference.new_comments) == (60, 1, 1, 3, 3, 180)
    db = tmp_path / "news.db"
    run = cli(capsys, "load", folder, "--db", db, "--batch", "16")  # five batches
    assert run.code == 1  # some inputs failed
    assert run.out.strip() == reference.line()
    assert records(db) == records(tmp_path / "reference.db")
    with Archive.open(db, create=False) as archive, \
            Archive.open(tmp_path / "reference.db", create=False) as other:
        for query in ("الميناء", "عنوان معدل", '"تعليق رقم 2"', "الخبر -معدل"):
            assert [h.id for h in archive.search(query, limit=100)] == \
                   [h.id for h in other.search(query, limit=100)]
    again = cli(capsys, "load", folder, "--db", db, "--json")  # one default batch; all seen before
    expected = page_by_page(folder, tmp_path / "reference.db").to_dict()
    assert expected["new"] == 0 and expected["unchanged"] >= 60
    assert json.loads(again.out.strip().splitlines()[-1]) == expected
    assert records(db) == records(tmp_path / "reference.db")


def test_a_batch_size_below_one_is_a_usage_error(tmp_path, capsys):
    folder = mixed_folder(tmp_path)
    run = cli(capsys, "load", folder, "--db", tmp_path / "news.db", "--batch", "0")
    assert run.code == 2 and "--batch" in run.err and not (tmp_path / "news.db").exists()


def test_a_batch_is_saved_by_count_bytes_or_age(tmp_path):
    """Bounded batches: progress is committed often and memory does not grow with the run."""
    saved: list[str] = []
    with Archive.open(tmp_path / "news.db") as archive:
        batch = PageBatch(archive, max_pages=3, max_seconds=3600, max_bytes=1 << 30)
        for i in range(7):
            batch.add(Article(url=f"https://x.example/{i}", body=f"نص {i}"),
                      RawPage(b"x", "stdin"), None, lambda r: saved.append(r.url))
        assert len(saved) == 6 and len(batch.pages) == 1
        batch.save()
        assert len(saved) == 7
        by_bytes = PageBatch(archive, max_pages=100, max_seconds=3600, max_bytes=10)
        by_bytes.add(Article(url="https://x.example/big", body="كبير"),
                     RawPage(b"y" * 11, "stdin"), None, lambda r: saved.append(r.status))
        assert saved[-1] == "new" and not by_bytes.pages
        by_age = PageBatch(archive, max_pages=100, max_seconds=0.0, max_bytes=1 << 30)
        by_age.add(Article(url="https://x.example/old", body="قديم"),
                   RawPage(b"z", "stdin"), None, lambda r: saved.append(r.status))
        assert saved[-1] == "new" and not by_age.pages


def test_a_failing_page_fails_alone_and_the_batch_is_kept(tmp_path, monkeypatch):
    saved: list[str] = []
    with Archive.open(tmp_path / "news.db") as archive:
        real = archive._store_raw

        def refuse(article_id, raw, seen_at):
            if raw.origin == "bad":
                raise ValueError("bad page")
            return real(article_id, raw, seen_at)
        monkeypatch.setattr(archive, "_store_raw", refuse)
        batch = PageBatch(archive)
        for i, origin in enumerate(("ok", "bad", "ok")):
            batch.add(Article(url=f"https://x.example/{i}", body=f"نص {i}"),
                      RawPage(b"x", origin), None, lambda r: saved.append(r.url))
        with pytest.raises(ValueError):
            batch.save()
        assert saved == ["https://x.example/0", "https://x.example/2"]
        assert archive.stats()["articles"] == 2
