"""``--jobs N``: extraction in worker processes, one writer, the same archive whatever N is.

Real worker processes throughout (``akhbar.cli.parallel``); the archives of
``--jobs 1`` and ``--jobs 2`` are compared row by row
(``benchmarks.archive_compare``), and the command's output line by line.
"""
from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path

from reliability_helpers import article_html, check_archive, cli, numbered_article
from test_load_batches import mixed_folder
from test_warc import http_response, warc_record

from akhbar.cli.parallel import ExtractPool, Task
from benchmarks.archive_compare import differences


def warc_of(path: Path, first: int, count: int, edited: int = 0) -> Path:
    """A gzip-per-record WARC of ``count`` numbered articles (and a 404 to skip).

    The first ``edited`` of them say something else than ``numbered_article``:
    loaded after the page files, they make new versions.
    """
    with path.open("wb") as handle:
        for i in range(first, first + count):
            uri = f"https://news.example/news/{i}.html"
            page = numbered_article(i)
            if i < first + edited:
                page = page.replace("الفقرة".encode(), "المقطع".encode())
            block = http_response("200 OK", [("Content-Type", "text/html; charset=UTF-8")], page)
            handle.write(gzip.compress(warc_record("response", uri, f"2026-03-0{1 + i % 9}T08:00:00Z",
                                                   block, "application/http;msgtype=response")))
        handle.write(gzip.compress(warc_record(
            "response", "https://news.example/gone.html", "2026-03-01T09:00:00Z",
            http_response("404 Not Found", [("Content-Type", "text/html")], b"<html></html>"),
            "application/http;msgtype=response")))
    return path


def test_load_jobs_2_stores_exactly_what_jobs_1_stores(tmp_path, capsys):
    folder = mixed_folder(tmp_path)  # new pages, aliases, an edit, a repeat, rejects
    warc_of(folder / "zz-crawl.warc.gz", 40, 30, edited=10)  # edits, repeats and new pages
    runs = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        runs[jobs] = cli(capsys, "load", folder, "--db", db, "--jobs", jobs, "--batch", "16")
    assert runs["1"].code == runs["2"].code == 1  # three rejected pages
    assert runs["1"].out == runs["2"].out
    assert runs["1"].out.startswith("70 new, 11 updated, 11 unchanged, 3 aliases, 3 failed")
    assert sorted(runs["1"].err.splitlines()) == sorted(runs["2"].err.splitlines())
    assert runs["1"].err.splitlines() == runs["2"].err.splitlines()  # and in the same order
    assert differences(tmp_path / "jobs1.db", tmp_path / "jobs2.db") == []
    check_archive(tmp_path / "jobs2.db")
    conn = sqlite3.connect(tmp_path / "jobs2.db")
    assert conn.execute("SELECT COUNT(DISTINCT article_id) FROM article_versions "
                        "GROUP BY NULL HAVING COUNT(*) > 0").fetchone()[0] >= 10
    conn.close()


def test_reextract_jobs_2_updates_exactly_as_jobs_1(tmp_path, capsys):
    folder = mixed_folder(tmp_path)
    base = tmp_path / "base.db"
    assert cli(capsys, "load", folder, "--db", base, "--jobs", "1").code == 1
    conn = sqlite3.connect(base)  # what an older extractor might have got wrong
    with conn:
        conn.execute("UPDATE articles SET headline = 'عنوان قديم', author = 'x' WHERE id % 4 = 0")
        conn.execute("DELETE FROM comments WHERE id % 7 = 0")
    conn.close()
    for jobs in ("1", "2"):
        shutil.copy(base, tmp_path / f"re{jobs}.db")
    outputs = [cli(capsys, "reextract", "--db", tmp_path / f"re{jobs}.db", "--jobs", jobs, "--json")
               for jobs in ("1", "2")]
    assert outputs[0].code == outputs[1].code == 0
    counts = json.loads(outputs[0].out)
    assert json.loads(outputs[1].out) == counts
    assert counts["changed"] >= 20 and counts["changed"] + counts["unchanged"] == 60
    assert differences(tmp_path / "re1.db", tmp_path / "re2.db") == []


def test_extract_jobs_2_prints_the_records_in_input_order(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:03d}.html").write_bytes(numbered_article(i))
    (folder / "050-binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    one = cli(capsys, "extract", folder, "--json", "--jobs", "1")
    two = cli(capsys, "extract", folder, "--json", "--jobs", "2")
    assert one.code == two.code == 1
    assert one.out == two.out and one.err == two.err
    urls = [json.loads(line)["url"] for line in two.out.splitlines()]
    assert urls == [f"https://news.example/news/{i}.html" for i in range(40)]
    assert "not an HTML page" in two.err


def test_the_time_budget_is_enforced_inside_the_workers(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:03d}.html").write_bytes(numbered_article(i))
    # The budget is read by the command's process and sent with every page.
    monkeypatch.setenv("AKHBAR_EXTRACT_SECONDS", "0.00001")
    run = cli(capsys, "load", folder, "--db", tmp_path / "news.db", "--jobs", "2")
    assert run.code == 1
    assert run.out.startswith("0 new, 0 updated, 0 unchanged, 0 aliases, 30 failed")
    assert run.err.count("limit") == 30


def test_the_pool_reads_ahead_a_bounded_window_and_returns_in_order():
    pages = [article_html(f"https://news.example/{i}.html").encode() for i in range(120)]
    read = yielded = most_ahead = 0

    def tasks():
        nonlocal read
        for i, page in enumerate(pages):
            read += 1
            yield i, Task(page, None)

    with ExtractPool[int](2, window=10, min_pool_tasks=4) as pool:
        order = []
        for key, outcome in pool.ordered(tasks()):
            yielded += 1
            most_ahead = max(most_ahead, read - yielded)
            assert outcome is not None and outcome.article is not None
            order.append((key, outcome.article.url))
        assert pool.workers, "the pages went to worker processes"
    assert order == [(i, f"https://news.example/{i}.html") for i in range(120)]
    assert most_ahead <= 10


def test_a_short_run_is_extracted_without_starting_workers():
    with ExtractPool[int](2) as pool:
        results = list(pool.ordered((i, Task(numbered_article(i))) for i in range(3)))
        assert not pool.workers
    assert [r[1].article.url for r in results if r[1] and r[1].article] == [
        f"https://news.example/news/{i}.html" for i in range(3)]
