"""Real processes: SIGTERM mid-crawl, and two crawls on one archive at the same time."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sitesrv import site_fixture

site = site_fixture()
REPO = Path(__file__).resolve().parent.parent
FAST = ["--delay", "0", "--timeout", "5", "--retries", "0"]
SLOW_ARTICLES = [
    "/news/2026/10/old-harbour-history-1000.html",
    "/news/2026/11/council-approves-port-budget-1001.html",
    "/news/2026/11/heavy-rain-floods-coastal-road-1002.html",
    "/news/2026/11/local-team-wins-regional-cup-1003.html",
    "/news/2026/11/nador-market-prices-1004.html",
]


def start(site, db: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "akhbar", "crawl", site.url("/"), "--db", str(db),
                             *FAST, *extra], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def slow_down(site, seconds: float) -> None:
    """Serve the article files themselves, but slowly."""
    for path in SLOW_ARTICLES:
        site.route(path, delay=seconds)


def articles(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT url FROM articles ORDER BY url")]


def wait_for(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_sigterm_commits_what_is_done_and_the_next_run_carries_on(site, tmp_path):
    db = tmp_path / "news.db"
    slow_down(site, 0.4)
    proc = start(site, db, "--concurrency", "1")
    wait_for(lambda: sum(p in SLOW_ARTICLES for p in site.paths()) >= 3)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 130, err
    assert "interrupted" in err and out.count("\n") == 1  # the summary line still printed
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute("SELECT COUNT(*) FROM comments WHERE article_id NOT IN "
                               "(SELECT id FROM articles)").fetchone()[0]
    assert orphans == 0
    done = articles(db)
    assert 1 <= len(done) < 6
    first_run = list(site.paths())

    slow_down(site, 0)
    site.clear_log()
    proc = start(site, db)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode in (0, 1), err
    assert len(articles(db)) == 6
    refetched = [p for p in site.paths() if p in SLOW_ARTICLES and any(p in u for u in done)]
    assert refetched == [], (first_run, site.paths())


def test_two_concurrent_runs_neither_corrupt_nor_duplicate(site, tmp_path):
    db = tmp_path / "news.db"
    slow_down(site, 0.1)
    site.route(SLOW_ARTICLES[0], delay=4.0)  # keeps the first run busy while the others start
    first = start(site, db, "--quiet")
    wait_for(lambda: "/robots.txt" in site.paths())
    second = start(site, db, "--quiet")               # exits at once: busy
    third = start(site, db, "--quiet", "--wait")      # waits its turn, then finds nothing new
    out2, err2 = second.communicate(timeout=30)
    assert first.poll() is None  # the busy exit happened while the first run was working
    out1, err1 = first.communicate(timeout=30)
    out3, err3 = third.communicate(timeout=30)
    assert second.returncode == 3 and "archive is busy" in err2 and out2 == ""
    assert first.returncode == 1 and out1.startswith("6 new")
    assert third.returncode == 0 and out3.startswith("0 new"), err3
    urls = articles(db)
    assert len(urls) == len(set(urls)) == 6
    for path in SLOW_ARTICLES:
        assert site.paths().count(path) == 1, path


def test_sigkill_loses_only_the_page_in_hand(site, tmp_path):
    db = tmp_path / "news.db"
    slow_down(site, 0.4)
    proc = start(site, db, "--concurrency", "1")
    wait_for(lambda: sum(p in SLOW_ARTICLES for p in site.paths()) >= 3)
    proc.kill()
    proc.communicate(timeout=15)
    done = articles(db)
    assert len(done) >= 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    slow_down(site, 0)
    site.clear_log()
    proc = start(site, db)  # the kernel released the lock: no "busy"
    out, err = proc.communicate(timeout=30)
    assert proc.returncode in (0, 1), err
    assert len(articles(db)) == 6
    assert not [p for p in site.paths() if p in SLOW_ARTICLES and any(p in u for u in done)]
