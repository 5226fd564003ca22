"""A real ``akhbar serve`` for the web tests: an archive of the sample pages, a subprocess.

The archive is made the way a user makes one (``akhbar load sample_pages/nadorcity
sample_pages/generic``), then the NadorCity article is seen once more, a day
later, edited and without one of its comments: so the article page has a
version to diff and a removed comment to mark, as a real archive does. Last,
``akhbar dupes`` sketches the articles, as the article page's near-duplicates need.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from akhbar.scrapers import extract
from akhbar.storage import Archive

REPO = Path(__file__).resolve().parent.parent
NADORCITY_PAGE = REPO / "sample_pages" / "nadorcity" / "article-comments.html"
REMOVED_AUTHOR = "Karim"  # the comment the later capture no longer shows
EDIT = ("الاجتماع", "اللقاء")  # a word the later capture changed in the body


def akhbar(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "akhbar", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def make_archive(folder: Path) -> Path:
    """The sample pages loaded by the real CLI, plus a later, edited capture of the NadorCity article."""
    db = folder / "news.db"
    done = akhbar("load", "sample_pages/nadorcity", "sample_pages/generic", "--db", str(db))
    assert done.returncode == 0, done.stderr
    article = extract(NADORCITY_PAGE.read_bytes())
    later = dataclasses.replace(
        article, body=article.body.replace(EDIT[0], EDIT[1], 1),
        comments=[c for c in article.comments if c.author != REMOVED_AUTHOR])
    next_day = (datetime.now(timezone.utc) + timedelta(days=1)).replace(microsecond=0).isoformat()
    with Archive.open(db) as archive:
        result = archive.save(later, seen_at=next_day)
    assert result.new_version and result.removed_comments == 1, result
    dupes = akhbar("dupes", "--db", str(db))  # sketches: what the article page's near-duplicates use
    assert dupes.returncode == 0, dupes.stderr
    return db


@contextlib.contextmanager
def served(db: Path, log: Path, *extra: str) -> Iterator[str]:
    """``akhbar serve --db DB --port 0`` as a subprocess; yields its base URL (``http://127.0.0.1:N``).

    The port is the one the command itself reports on stderr, so no port is
    guessed. On exit the server gets SIGTERM, as from a service manager, and
    must stop cleanly (exit 0).
    """
    with log.open("w") as err:
        process = subprocess.Popen([sys.executable, "-m", "akhbar", "serve", "--db", str(db),
                                    "--port", "0", *extra], stdout=subprocess.DEVNULL, stderr=err,
                                   cwd=REPO, env={**os.environ, "NO_COLOR": "1"})
    try:
        base = _wait_until_serving(process, log)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, f"akhbar serve exited {process.returncode}: {log.read_text()}"


def _wait_until_serving(process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    base = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"akhbar serve exited {process.returncode}: {log.read_text()}")
        if base is None:
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/", log.read_text())
            base = found.group(1) if found else None
        if base is not None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/", timeout=5).status_code == 200:
                    return base
        time.sleep(0.2)
    raise AssertionError(f"akhbar serve did not answer within {timeout} s: {log.read_text()}")
