"""Two writers on one archive, and readers while a write is under way.

A second writer exits 3 with one line (or, with ``--wait``, runs after the
first); readers (``search``, ``list``, ``stats``, ``show``, a plain read-only
SQLite connection as Datasette would open, and Datasette itself when it is
installed) keep working during the write and only ever see whole pages.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    REPO,
    assert_one_line_error,
    check_archive,
    cli,
    cli_env,
    numbered_article,
    run_akhbar,
)

PAGES = 150


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i in range(PAGES):
        (first / f"{i:04d}.html").write_bytes(numbered_article(i))
    for i in range(PAGES, PAGES + 20):
        (second / f"{i:04d}.html").write_bytes(numbered_article(i))
    return first, second


def _articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _start_load(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", "load", str(folder), "--db", str(db), *extra],
                            cwd=REPO, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while _articles(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return proc


def _hold_with_stdin(db: Path) -> subprocess.Popen[bytes]:
    """A ``load -`` that holds the archive's lock until its stdin is closed.

    ``load`` takes the lock before reading its input, so a writer waiting on
    stdin is a deterministic "write under way" for as long as the test likes.
    """
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", "load", "-", "--db", str(db),
                             "--url", "https://news.example/news/held.html"],
                            cwd=REPO, env=cli_env(), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not _locked(db) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()
    return proc


def _locked(db: Path) -> bool:
    from akhbar.storage import ArchiveBusy, archive_lock
    if not db.with_name(db.name + ".lock").exists():
        return False
    try:
        with archive_lock(db):
            return False
    except ArchiveBusy:
        return True


def _release(proc: subprocess.Popen[bytes], page: bytes) -> tuple[int, str]:
    out, err = proc.communicate(page, timeout=120)
    return proc.returncode, out.decode() + err.decode()


def test_second_writer_exits_3_with_one_line(folders, tmp_path):
    _first, second = folders
    db = tmp_path / "news.db"
    holder = _hold_with_stdin(db)
    try:
        busy = run_akhbar("load", second, "--db", db)
        assert busy.code == 3
        assert_one_line_error(busy.err, "archive is busy")
        assert busy.out == ""
    finally:
        code, output = _release(holder, numbered_article(999))
    assert code == 0, output
    assert check_archive(db)["articles"] == 1


def test_second_writer_with_wait_runs_after_the_first(folders, tmp_path):
    _first, second = folders
    db = tmp_path / "news.db"
    holder = _hold_with_stdin(db)
    waiting = subprocess.Popen([sys.executable, "-m", "akhbar", "load", str(second), "--db", str(db),
                                "--wait"], cwd=REPO, env=cli_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)  # long enough for the waiting run to start and find the lock taken
    assert waiting.poll() is None, waiting.communicate()
    code, output = _release(holder, numbered_article(999))
    assert code == 0, output
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert out.startswith("20 new")
    counts = check_archive(db)
    assert counts["articles"] == 21 and counts["comments"] == 3 * 21


def test_crawl_while_load_holds_the_archive_exits_3(tmp_path):
    db = tmp_path / "news.db"
    holder = _hold_with_stdin(db)
    try:
        busy = run_akhbar("crawl", "http://127.0.0.1:9/", "--db", db, "--delay", "0",
                          "--timeout", "1", "--retries", "0")
        assert busy.code == 3
        assert_one_line_error(busy.err, "archive is busy")
    finally:
        _release(holder, numbered_article(999))


def test_cli_readers_work_during_an_open_write_transaction(folders, tmp_path, capsys):
    """A writer holds the lock and an uncommitted page; readers answer from the last commit."""
    first, _second = folders
    db = tmp_path / "news.db"
    assert run_akhbar("load", first / "0000.html", first / "0001.html", "--db", db).code == 0
    from akhbar.scrapers import extract
    from akhbar.storage import Archive, RawPage, archive_lock
    with archive_lock(db), Archive.open(db) as archive:
        archive.db.conn.execute("BEGIN IMMEDIATE")
        page = numbered_article(500)
        archive.db.conn.execute("SAVEPOINT w")  # keep the save inside our open transaction
        archive.save(extract(page, None), RawPage(content=page, origin="stdin"))
        for args in (("search", "الميناء", "--json"), ("list", "--json"), ("stats", "--json"),
                     ("show", "1", "--json"), ("export",)):
            run = cli(capsys, *args, "--db", db)  # in-process: its own connection, as any reader
            assert run.code == 0, (args, run.err)
            assert "Traceback" not in run.err
            if args[0] == "stats":
                assert json.loads(run.out)["articles"] == 2  # the uncommitted page is invisible
        archive.db.conn.execute("ROLLBACK")
    assert check_archive(db)["articles"] == 2


def test_readers_see_only_whole_pages_during_a_load(folders, tmp_path):
    first, _second = folders
    db = tmp_path / "news.db"
    writer = _start_load(first, db, "--batch", "5")  # many commits for the reads to land between
    seen: list[int] = []
    try:
        while writer.poll() is None:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                # One read transaction is one snapshot: every article in it has all of its parts.
                conn.execute("BEGIN")
                articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                comments = conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
                raw = conn.execute("SELECT COUNT(*) FROM raw_pages").fetchone()[0]
                indexed = conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
                conn.execute("COMMIT")
            finally:
                conn.close()
            assert comments == 3 * articles and raw == articles == indexed
            seen.append(articles)
            time.sleep(0.01)
    finally:
        _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert seen == sorted(seen) and len(set(seen)) > 3, "reads should overlap the write"


def test_datasette_reads_during_a_write(folders, tmp_path):
    """Datasette (optional) serves the archive while a writer holds an open transaction."""
    pytest.importorskip("datasette", reason="Datasette is optional (pip install datasette)")
    import asyncio

    from datasette.app import Datasette

    from akhbar.scrapers import extract
    from akhbar.storage import Archive, RawPage, archive_lock

    first, _second = folders
    db = tmp_path / "news.db"
    assert run_akhbar("load", first / "0000.html", first / "0001.html", "--db", db).code == 0

    async def read() -> list[dict]:
        ds = Datasette([str(db)])
        response = await ds.client.get(f"/{db.stem}/articles.json?_shape=array&_size=50")
        assert response.status_code == 200, response.text
        search = await ds.client.get(f"/{db.stem}/articles_fts.json?_search=الميناء&_shape=array")
        assert search.status_code == 200, search.text
        return response.json()

    with archive_lock(db), Archive.open(db) as archive:
        archive.db.conn.execute("BEGIN IMMEDIATE")
        archive.db.conn.execute("SAVEPOINT w")
        page = numbered_article(500)
        archive.save(extract(page, None), RawPage(content=page, origin="stdin"))
        rows = asyncio.run(read())
        archive.db.conn.execute("ROLLBACK")
    assert len(rows) == 2
