"""SIGKILL at random moments during ``load`` and ``crawl``: the archive stays whole.

After every kill: ``PRAGMA integrity_check`` passes, no article is stored
without its comments, raw page, canonical URL or search row, and nothing that
a previous run had committed is gone. A final rerun completes with every page
archived exactly once. The kill moments are random but seeded (reproducible);
the test also checks that enough kills landed in the middle of a run.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import REPO, check_archive, cli_env, numbered_article

from akhbar.storage import Archive

PAGES = 150  # 30 load batches of 5 (`--batch 5`), so kills land between commits
COMMENTS_PER_PAGE = 3
KILLS = int(os.environ.get("AKHBAR_CRASH_KILLS", "8"))


def _state(db: Path) -> dict[str, int]:
    """url -> number of comments, for every stored article (empty if no archive yet)."""
    if not db.exists():
        return {}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return {}
        return dict(conn.execute(
            "SELECT a.url, (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id) "
            "FROM articles a").fetchall())
    finally:
        conn.close()


def _assert_indexed_or_queued(db: Path) -> None:
    """Right after a kill: every article is in the search index or queued for it, not both."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        if not one("SELECT COUNT(*) FROM sqlite_master WHERE name = 'fts_pending'"):
            return  # killed before the schema was complete
        assert one("SELECT COUNT(*) FROM articles a WHERE "
                   "(SELECT COUNT(*) FROM articles_fts f WHERE f.rowid = a.id) + "
                   "(SELECT COUNT(*) FROM fts_pending p WHERE p.article_id = a.id) != 1") == 0
    finally:
        conn.close()


def _assert_consistent(db: Path, before: dict[str, int]) -> dict[str, int]:
    if db.exists() and _state(db):
        _assert_indexed_or_queued(db)
        with Archive.open(db):  # the next writer indexes what a killed run left queued
            pass
        check_archive(db)
    after = _state(db)
    assert all(count == COMMENTS_PER_PAGE for count in after.values()), \
        "an article was stored without all of its comments"
    lost = {url for url in before if after.get(url) != before[url]}
    assert not lost, f"committed articles lost or changed by a crash: {sorted(lost)[:3]}"
    return after


def _kill_at_random(args: list[str], db: Path, before: int, rng: random.Random,
                    window: float) -> int | None:
    """Start ``akhbar ARGS`` and SIGKILL it at a random moment; its exit code if it ended first.

    Half of the kills come at a random time after start (schema creation, lock,
    first fetches); the other half at a random time after the run's first
    commit was seen, so that most of those land while pages are being stored.
    """
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if rng.random() < 0.5:
            proc.wait(timeout=rng.uniform(0.05, window))
            return proc.returncode
        deadline = time.monotonic() + window * 3
        while proc.poll() is None and len(_state(db)) <= before and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.wait(timeout=rng.uniform(0.0, window / 3))
        return proc.returncode
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return None


def _run_time(args: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr
    return time.monotonic() - started


def test_load_survives_sigkill_at_random_moments(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(PAGES):
        (folder / f"{i:04d}.html").write_bytes(numbered_article(i))
    db = tmp_path / "news.db"
    args = ["load", str(folder), "--db", str(db), "--batch", "5"]  # kills land between commits
    # A full run on a scratch archive tells how long a run lasts on this machine.
    window = _run_time(["load", str(folder), "--db", str(tmp_path / "timing.db")])
    rng = random.Random(7)
    state: dict[str, int] = {}
    mid_run = attempts = 0
    # At least KILLS kills; more (up to 3x) until two have landed mid-run, which
    # random timing alone does not guarantee on a fast or a loaded machine.
    while attempts < KILLS or (mid_run < 2 and attempts < 3 * KILLS):
        attempts += 1
        if len(state) == PAGES:  # everything is in: start again from an empty archive
            for leftover in tmp_path.glob("news.db*"):
                leftover.unlink()
            state = {}
        code = _kill_at_random(args, db, len(state), rng, window)
        after = _assert_consistent(db, state)
        mid_run += code is None and 0 < len(after) < PAGES and len(after) > len(state)
        state = after
    assert mid_run >= 2, "too few kills landed while pages were being stored"
    done = subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    final = _assert_consistent(db, state)
    assert len(final) == PAGES
    assert check_archive(db) == {"articles": PAGES, "comments": PAGES * COMMENTS_PER_PAGE,
                                 "raw_pages": PAGES}
    again = subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=cli_env(),
                           capture_output=True, text=True, timeout=120)
    assert again.stdout.startswith(f"0 new, 0 updated, {PAGES} unchanged")


# -- crawl ----------------------------------------------------------------------------

def _site(root: Path, pages: int) -> list[str]:
    """A news site: a front page linking ``pages`` article pages, each with comments."""
    paths = [f"/news/2026/11/story-{1000 + i}.html" for i in range(pages)]
    links = "".join(f'<li><a href="{p}">خبر {i}</a></li>' for i, p in enumerate(paths))
    (root / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><title>الرئيسية</title></head><body><ul>{links}</ul>'
        f'</body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (root / "sport").mkdir()  # the articles' menu links it; the crawler follows article links too
    (root / "sport" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", "utf-8")
    for i, path in enumerate(paths):
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(numbered_article(i).replace(
            f"https://news.example/news/{i}.html".encode(), b"{{BASE}}" + path.lstrip("/").encode()))
    return paths


def test_crawl_survives_sigkill_at_random_moments(tmp_path):
    sitesrv = pytest.importorskip("sitesrv", reason="tests/sitesrv.py (crawl test server) missing")
    root = tmp_path / "site"
    root.mkdir()
    paths = _site(root, 30)
    db = tmp_path / "news.db"
    with sitesrv.SiteServer(root) as site:
        for path in paths:  # a little latency, so that kills land mid-crawl
            site.route(path, delay=0.03)
        args = ["crawl", site.url("/"), "--db", str(db), "--delay", "0", "--timeout", "5",
                "--retries", "0", "--concurrency", "4", "--per-host", "4", "--max-depth", "2"]
        window = _run_time(["crawl", site.url("/"), "--db", str(tmp_path / "timing.db"), *args[3:]])
        rng = random.Random(11)
        state: dict[str, int] = {}
        mid_run = attempts = 0
        while attempts < KILLS or (mid_run < 2 and attempts < 3 * KILLS):  # as for load
            attempts += 1
            if len(state) == len(paths):
                for leftover in tmp_path.glob("news.db*"):
                    leftover.unlink()
                state = {}
            code = _kill_at_random(args, db, len(state), rng, window)
            after = _assert_consistent(db, state)
            mid_run += code is None and 0 < len(after) < len(paths) and len(after) > len(state)
            state = after
        assert mid_run >= 2, "too few kills landed while pages were being stored"
        done = subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=cli_env(),
                              capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr
        assert done.returncode == 0, done.stderr
        final = _assert_consistent(db, state)
        assert len(final) == len(paths)
        counts = check_archive(db)
        assert counts["articles"] == len(paths)
        assert counts["comments"] == len(paths) * COMMENTS_PER_PAGE


def test_interrupted_load_exits_130_and_keeps_finished_pages(tmp_path):
    """SIGINT (Ctrl-C) mid-load: one line, exit 130, every committed page intact."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(PAGES):
        (folder / f"{i:04d}.html").write_bytes(numbered_article(i))
    db = tmp_path / "news.db"
    # Batches of 5: the first commit comes early, and the signal lands while
    # later batches are still being read (the default batch would be the whole run).
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", "load", str(folder), "--db", str(db),
                             "--batch", "5"],
                            cwd=REPO, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 30
    while not _state(db) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    if proc.returncode == 0:
        pytest.skip("the load finished before the signal arrived")
    assert proc.returncode == 130
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "akhbar: interrupted"
    _assert_consistent(db, {})


def _load_waiting_on_stdin(db: Path) -> subprocess.Popen[bytes]:
    """``load -`` holds the archive open while it waits for its input: a run in progress."""
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", "load", "-", "--db", str(db),
                             "--url", "https://news.example/news/1.html"], cwd=REPO, env=cli_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not db.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    return proc


def test_sigint_while_reading_input_exits_130(tmp_path):
    db = tmp_path / "news.db"
    proc = _load_waiting_on_stdin(db)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip() == "akhbar: interrupted"


def test_sigterm_exits_130_with_one_line(tmp_path):
    db = tmp_path / "news.db"
    proc = _load_waiting_on_stdin(db)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip() == "akhbar: interrupted"
