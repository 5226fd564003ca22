"""Cost of ``akhbar stats``' chart and of ``akhbar serve``'s pages on a large archive.

Run from the repository root::

    python -m benchmarks.web [--articles 100000] [--comments 1000000] [--db PATH] [--repeat 2]

A synthetic archive (schema made by ``Archive.open``, rows inserted directly,
not through ``save``: this measures reading, and a million saves would take
many minutes): ``--articles`` articles on 20 sites with 60-word bodies,
``--comments`` comments, both first seen at random times over the last 90
days, and a random MinHash sketch per article (what ``akhbar dupes`` stores).
``--db`` keeps the archive at PATH and reuses it on the next run.

Measured, each ``--repeat`` times, wall clock: ``stats()`` (the counts),
``daily_counts(30)`` (the chart's series), and the data of the home and article
pages (``akhbar.cli.web.pages``, on the archive's own connection, as Datasette
hands it to the plugin). Figures are in ``docs/web.md``.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from array import array
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from akhbar.storage import Archive

SITES = 20
DAYS = 90


def build(path: Path, articles: int, comments: int, seed: int = 7) -> None:
    Archive.open(path).close()  # the current schema
    rnd = random.Random(seed)
    now = datetime.now(timezone.utc)

    def when() -> str:
        return (now - timedelta(seconds=rnd.randint(0, DAYS * 86400))).replace(microsecond=0).isoformat()

    words = [f"w{i}" for i in range(5000)]
    conn = sqlite3.connect(path)
    with conn:
        rows = []
        for i in range(1, articles + 1):
            seen = when()
            rows.append((i, f"https://s{i % SITES}.example/a{i}", f"s{i % SITES}.example", f"h{i}",
                         seen[:10], " ".join(rnd.choices(words, k=60)), f"x{i}", seen, seen))
        conn.executemany("INSERT INTO articles (id, url, site, headline, published, body, content_hash, "
                         "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO comments (id, article_id, position, author, published, text, comment_hash, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((j, rnd.randint(1, articles), j, "a", t, "text", f"h{j}", t, t)
             for j, t in ((j, when()) for j in range(1, comments + 1))))
        conn.executemany(
            "INSERT INTO article_sketches (article_id, version, shingles, signature) VALUES (?, 1, 58, ?)",
            ((i, array("I", [rnd.getrandbits(32) for _ in range(63)]).tobytes())
             for i in range(1, articles + 1)))
    conn.close()


def timed(label: str, func: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    print(f"{label:28} " + ", ".join(f"{t:.3f} s" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "web.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.articles, args.comments)
            print(f"built {path} in {time.perf_counter() - start:.1f} s")
        from akhbar.cli.web import pages

        with Archive.open(path, create=False) as archive:
            conn = archive.db.conn
            middle = max(1, args.articles // 2)
            timed("stats()", archive.stats, args.repeat)
            timed("daily_counts(30)", lambda: archive.daily_counts(30), args.repeat)
            timed("daily_counts(30, published)", lambda: archive.daily_counts(30, "published"), args.repeat)
            timed("home page data", lambda: pages.home(conn), args.repeat)
            timed("article page data", lambda: pages.article(conn, middle), args.repeat)


if __name__ == "__main__":
    main()
