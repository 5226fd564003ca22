"""Bad archive paths and files: a clear one-line message, a documented exit code, nothing overwritten.

Covered: a directory, a missing folder, a file that is not SQLite, a damaged
SQLite file, an SQLite database that belongs to another program, an archive
from a newer akhbar, an archive from an older schema (migrated, data kept),
a read-only archive (skipped as root: root writes anyway), and a full disk
(simulated with RLIMIT_FSIZE in a subprocess: SQLite's writes fail as they
would on a full file system).
"""
from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
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

from akhbar.storage.schema import _MIGRATIONS, SCHEMA_VERSION

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(numbered_article(1))
    return path


COMMANDS = [("load", "PAGE"), ("list",), ("search", "الميناء"), ("stats",), ("export",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_archive_path_is_a_directory(command, tmp_path, page, capsys):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    run = cli(capsys, *[str(page) if a == "PAGE" else a for a in command], "--db", folder)
    assert run.code == 2
    assert_one_line_error(run.err, "is a directory")
    assert list(folder.iterdir()) == []


def test_archive_folder_does_not_exist(tmp_path, page, capsys):
    run = cli(capsys, "load", page, "--db", tmp_path / "missing" / "a.db")
    assert run.code == 2
    assert_one_line_error(run.err, "does not exist")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_file_that_is_not_sqlite_is_left_alone(command, tmp_path, page, capsys):
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n" * 100)
    before = _digest(db)
    run = cli(capsys, *[str(page) if a == "PAGE" else a for a in command], "--db", db)
    assert run.code == 2
    assert_one_line_error(run.err, "not an SQLite database")
    assert _digest(db) == before
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-journal").exists()


def _archive_with_pages(tmp_path: Path, capsys, count: int = 3) -> Path:
    db = tmp_path / "news.db"
    for i in range(count):
        (tmp_path / f"p{i}.html").write_bytes(numbered_article(i))
    assert cli(capsys, "load", *[tmp_path / f"p{i}.html" for i in range(count)], "--db", db).code == 0
    return db


def test_damaged_sqlite_file_is_refused_and_left_alone(tmp_path, page, capsys):
    db = _archive_with_pages(tmp_path, capsys)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[100:len(data)] = bytes([0xA5]) * (len(data) - 100)  # header intact, every page garbage
    db.write_bytes(bytes(data))
    before = _digest(db)
    for args in (("load", page), ("list",), ("search", "الميناء")):
        run = cli(capsys, *args, "--db", db)
        assert run.code == 2, (args, run.err)
        assert_one_line_error(run.err, str(db))
    assert _digest(db) == before


def test_another_programs_database_is_not_taken_over(tmp_path, page, capsys):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 2
    assert_one_line_error(run.err, "not an akhbar archive")
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"invoices"}


def test_archive_from_a_newer_akhbar_is_refused_untouched(tmp_path, page, capsys):
    db = _archive_with_pages(tmp_path, capsys)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(db)
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 2
    assert_one_line_error(run.err, "newer than this akhbar supports")
    listed = cli(capsys, "list", "--db", db)  # reading may work; it must not write
    assert listed.code in (0, 2) and "Traceback" not in listed.err
    assert _digest(db) == before


def test_archive_from_the_first_schema_is_migrated_with_its_data(tmp_path, page, capsys):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(_MIGRATIONS[1] + "\nPRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles (id, url, site, headline, body, content_hash, first_seen, "
                 "last_seen) VALUES (1, 'https://old.example/a_1.html', 'old.example', 'خبر قديم', "
                 "'نص الخبر القديم عن الميناء', 'x', '2020-01-01T00:00:00+00:00', "
                 "'2020-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO article_urls VALUES ('https://old.example/a_1.html', 1, 'canonical', "
                 "'2020-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO comments (article_id, position, author, text, comment_hash, "
                 "first_seen, last_seen) VALUES (1, 0, 'قارئ', 'تعليق قديم', 'h', "
                 "'2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO raw_pages (article_id, origin, fetched_at, sha256, size, content) "
                 "VALUES (1, 'stdin', '2020-01-01T00:00:00+00:00', 's', 1, x'789c030000000001')")
    conn.execute("INSERT INTO articles_fts (rowid, headline, body, comments) VALUES "
                 "(1, 'خبر قديم', 'نص الخبر القديم عن الميناء', 'تعليق قديم')")
    conn.commit()
    conn.close()
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 0, run.err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    shown = cli(capsys, "show", "https://old.example/a_1.html", "--db", db, "--json")
    assert shown.code == 0 and "تعليق قديم" in shown.out and "خبر قديم" in shown.out
    assert cli(capsys, "list", "--db", db).out.count("\n") == 2


@pytest.mark.skipif(IS_ROOT, reason="root writes to read-only files; run as a normal user")
def test_read_only_archive_can_be_read_but_not_written(tmp_path, page, capsys):
    db = _archive_with_pages(tmp_path, capsys)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(db)
    db.chmod(0o444)
    try:
        run = cli(capsys, "load", page, "--db", db)
        assert run.code == 2
        assert_one_line_error(run.err, str(db))
        assert _digest(db) == before
    finally:
        db.chmod(0o644)


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_is_one_line_and_loses_nothing(tmp_path, capsys):
    db = _archive_with_pages(tmp_path, capsys, count=3)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = check_archive(db)
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(10, 60):
        (folder / f"{i}.html").write_bytes(numbered_article(i))
    # Files may not grow past 64 KiB: the WAL fills up within the first pages.
    proc = subprocess.run([sys.executable, "-m", "akhbar", "load", str(folder), "--db", str(db)],
                          cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size(64 * 1024))
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (1, 2), proc.stderr
    assert_one_line_error(proc.stderr.splitlines()[-1])
    assert "internal error" not in proc.stderr, proc.stderr
    after = check_archive(db)
    assert after["articles"] >= before["articles"]
    # With space again, the same run completes and stores everything once.
    again = cli(capsys, "load", folder, "--db", db)
    assert again.code == 0, again.err
    assert check_archive(db)["articles"] == before["articles"] + 50


def test_lock_path_that_cannot_be_created(tmp_path, page, capsys):
    db = tmp_path / "news.db"
    (tmp_path / "news.db.lock").mkdir()
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 2
    assert_one_line_error(run.err, "lock")


def test_unexpected_error_is_one_line_exit_70(tmp_path, capsys, monkeypatch):
    db = _archive_with_pages(tmp_path, capsys, count=1)
    from akhbar.storage.archive import Archive

    def broken(self):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(Archive, "stats", broken)
    run = cli(capsys, "stats", "--db", db)
    assert run.code == 70
    assert_one_line_error(run.err, "internal error: RuntimeError: simulated bug")


def test_damage_inside_the_archive_is_one_line_for_readers(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i}.html").write_bytes(numbered_article(i))
    db = tmp_path / "news.db"
    assert cli(capsys, "load", folder, "--db", db).code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 40_000] = bytes([0xA5]) * 40_000  # header and schema intact
    db.write_bytes(bytes(data))
    for args in (("search", "الميناء"), ("stats",), ("export",)):
        run = run_akhbar(*args, "--db", db)
        assert run.code == 2, (args, run.err)
        assert_one_line_error(run.err, "malformed")
