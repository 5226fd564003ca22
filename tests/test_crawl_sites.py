"""Five news-site layouts crawled through the real CLI: every page's outcome, run after run.

Each site of ``newssites.py`` is served on 127.0.0.1 and crawled with
``--log-json``: every fetched page must end in exactly one outcome event, each
page the outcome its layout calls for (articles stored, listings and archives
judged listings, feeds and sitemaps read, comment pages merged). Then a second
crawl (nothing new, nothing re-downloaded but listings, feeds and sitemaps,
asked conditionally), a crawl after a change (a new article; a section page
that gained an intro paragraph stays a listing), and a refresh after a new
comment (found, and no record's headline taken over by another page's).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from newssites import SITES, NewsSite, evolve
from sitesrv import SiteServer
from typer.testing import CliRunner

from akhbar.cli.main import app

FAST = ["--delay", "0", "--timeout", "5", "--retries", "0", "--log-json"]
OUTCOMES = {"stored", "listing", "feed", "sitemap", "comments", "robots", "skipped", "failed"}


def run(*args: str) -> tuple[int, str, list[dict]]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    return result.exit_code, result.stdout, events


def by_page(events: list[dict], base: str) -> dict[str, list[dict]]:
    """Outcome events of every fetched page, by path (plus query)."""
    fetched = {e["url"] for e in events if e["event"] == "fetched"}
    out: dict[str, list[dict]] = {u.replace(base, "/", 1): [] for u in fetched}
    for e in events:
        if e["event"] in OUTCOMES and e["url"] in fetched:
            out[e["url"].replace(base, "/", 1)].append(e)
    return out


def check_accounted(pages: dict[str, list[dict]]) -> None:
    unaccounted = {p: [e["event"] for e in outs] for p, outs in pages.items() if len(outs) != 1}
    assert not unaccounted, f"pages without exactly one outcome: {unaccounted}"


def kind(event: dict) -> str:
    return {"sitemap": "feed"}.get(event["event"], event["event"])


def headlines(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, headline FROM articles"))


def stored_paths(db: Path, base: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {u.replace(base, "/", 1) for u, in conn.execute(
            "SELECT r.url FROM raw_pages r WHERE r.origin = 'http'")}


@pytest.fixture(params=sorted(SITES))
def news(request, tmp_path):
    site: NewsSite = SITES[request.param]()
    site.write(tmp_path / "site")
    with SiteServer(tmp_path / "site") as server:
        yield site, server


def test_crawl_recrawl_change_and_refresh(news, tmp_path):
    site, server = news
    db = tmp_path / "news.db"
    crawl = ["crawl", server.url("/"), "--db", db, *FAST]

    # 1. First crawl: each page its outcome; every article stored, nothing else.
    code, out, events = run(*crawl)
    assert code == 0, out
    pages = by_page(events, server.base)
    check_accounted(pages)
    outcome = {p: kind(outs[0]) for p, outs in pages.items()}
    assert outcome == {p: kind({"event": o}) for p, o in site.expect.items()}
    assert stored_paths(db, server.base) == site.articles
    assert all(e["status"] == "new" for e in events if e["event"] == "stored")
    summary = next(e for e in events if e["event"] == "summary")
    assert summary["new"] == len(site.articles)
    assert summary["listings"] == sum(o == "listing" for o in site.expect.values())
    assert f"{summary['listings']} listings" in out

    # 2. Second crawl: nothing new, no article downloaded again, listings asked conditionally.
    server.clear_log()
    code, out, events = run(*crawl)
    assert code == 0 and out.startswith("0 new, 0 updated, 0 unchanged, 0 aliases, 0 failed"), out
    pages = by_page(events, server.base)
    check_accounted(pages)
    assert not site.articles & set(server.paths())
    revisited = {p for p, outs in pages.items() if outs[0]["event"] == "listing"}
    assert revisited == {p for p, o in site.expect.items() if o == "listing"}
    assert all(outs[0].get("not_modified") for p, outs in pages.items() if p in revisited)

    # 3. A new article and a section page with a new intro paragraph.
    before = headlines(db)
    change = evolve(site)
    server.clear_log()
    code, out, events = run(*crawl)
    assert code == 0, out
    pages = by_page(events, server.base)
    check_accounted(pages)
    assert {p for p, outs in pages.items() if outs[0]["event"] == "stored"} == {change.new_article}
    assert kind(pages[change.section][0]) == "listing", pages[change.section]
    assert stored_paths(db, server.base) == site.articles
    assert server.paths().count(change.new_article) == 1

    # 4. A new comment, picked up by refresh; no record takes another page's headline.
    if change.commented is None:
        return
    after_crawl = headlines(db)
    assert {i: h for i, h in after_crawl.items() if i in before} == before
    server.clear_log()
    code, out, events = run("refresh", "--db", db, "--published-within", "3650d",
                            "--older-than", "0s", *FAST)
    assert code == 0, out
    check_accounted(by_page(events, server.base))
    assert headlines(db) == after_crawl
    assert "1 new comments" in out, out
    with sqlite3.connect(db) as conn:
        texts = [t for t, in conn.execute(
            "SELECT c.text FROM comments c JOIN article_urls u ON u.article_id = c.article_id "
            "WHERE u.url = ?", [server.url(change.commented)])]
    assert change.comment in texts
    # Refresh read canonical URLs only: no comment page or archive fetched as an article.
    refreshed = {e["url"].replace(server.base, "/", 1) for e in events if e["event"] == "stored"}
    assert refreshed <= site.articles
