"""Crawl benchmark: extraction in worker processes (``--jobs 2``) vs in the crawler (``--jobs 1``).

Run from the repository root::

    python -m benchmarks.crawl_pool [--repeat 2] [--json PATH]

A local site (``http.server`` on 127.0.0.1) serves the 111 pages of
``../shared/benchmarks/article-extraction`` under ``/a/<id>.html``, a front page
linking them all and an RSS feed listing them (so every page is a declared
item and is stored). Each variant crawls it into a fresh archive as a
subprocess (``python -m akhbar crawl --delay 0 --concurrency 4 --per-host 4
--max-depth 1``: the saved pages link many pages this site does not have),
alternating variants. Measured: wall time and pages/s of the whole command,
articles stored, and the gaps between consecutive requests the server saw
(the largest and the 95th percentile): with extraction in the event-loop
thread, no request can start while a page is being extracted; with workers,
requests keep going out. The machine's load average is printed with each run
(other processes share it).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.extraction import shared_dir

PAGES = shared_dir() / "benchmarks" / "article-extraction" / "html"
REPO = Path(__file__).resolve().parent.parent


def build_site(root: Path) -> int:
    (root / "a").mkdir(parents=True)
    ids = sorted(p.name[:-len(".html.gz")] for p in PAGES.glob("*.html.gz"))
    for page_id in ids:
        page = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes())
        (root / "a" / f"{page_id}.html").write_bytes(page)
    links = "".join(f'<li><a href="/a/{i}.html">Story {i}</a></li>' for i in ids)
    (root / "index.html").write_text(f'<html><head><link rel="alternate" type="application/rss+xml" '
                                     f'href="/feed.rss"></head><body><ul>{links}</ul></body></html>')
    return len(ids)


def serve(root: Path, log: list[float]) -> ThreadingHTTPServer:
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".rss": "application/rss+xml",
                          ".html": "text/html"}

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.append(time.monotonic())

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_feed(root: Path, base: str) -> None:
    items = "".join(f"<item><link>{base}a/{p.name}</link></item>" for p in sorted((root / "a").iterdir()))
    (root / "feed.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')


def crawl(base: str, db: Path, jobs: int, log: list[float]) -> dict[str, float]:
    log.clear()
    load = os.getloadavg()[0]
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "akhbar", "crawl", base, "--db", str(db), "--delay", "0",
                    "--concurrency", "4", "--per-host", "4", "--retries", "0", "--quiet", "--max-depth", "1",
                    "--jobs", str(jobs)], cwd=REPO, check=False, capture_output=True)
    seconds = time.monotonic() - started
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    gaps = sorted(b - a for a, b in zip(log, log[1:], strict=False)) or [0.0]
    return {"jobs": jobs, "seconds": round(seconds, 2), "stored": stored,
            "pages_per_s": round(stored / seconds, 1), "requests": len(log),
            "max_gap_ms": round(gaps[-1] * 1000), "p95_gap_ms": round(gaps[int(len(gaps) * 0.95)] * 1000),
            "load_before": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        count = build_site(root)
        log: list[float] = []
        server = serve(root, log)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        write_feed(root, base)
        print(f"{count} pages at {base}")
        for attempt in range(args.repeat):
            for jobs in (1, 2) if attempt % 2 == 0 else (2, 1):
                result = crawl(base, Path(tmp) / f"{jobs}-{attempt}.db", jobs, log)
                runs.append(result)
                print(json.dumps(result))
        server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
