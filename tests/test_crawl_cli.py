"""crawl, fetch and refresh through the real CLI against the sample site on 127.0.0.1."""
from __future__ import annotations

import json
import sqlite3
import threading
import time

from sitesrv import SAMPLE_SITE, site_fixture
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.storage import archive_lock

site = site_fixture()
runner = CliRunner()
FAST = ["--delay", "0", "--timeout", "2", "--retries", "1", "--backoff", "0.01"]
ARTICLE_PATHS = {
    "/news/2026/10/old-harbour-history-1000.html",
    "/news/2026/11/council-approves-port-budget-1001.html",
    "/news/2026/11/heavy-rain-floods-coastal-road-1002.html",
    "/news/2026/11/local-team-wins-regional-cup-1003.html",
    "/news/2026/11/nador-market-prices-1004.html",
    "/news/2026/11/renamed-story-1007.html",
}


def akhbar(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def crawl(site, db, *extra: str):
    return akhbar("crawl", site.url("/"), "--db", db, *FAST, *extra)


def stored_paths(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
    return {"/" + u.split("/", 3)[3] for u in urls}


def query(db, sql: str, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_first_crawl_archives_articles_and_comments(site, tmp_path):
    db = tmp_path / "news.db"
    result = crawl(site, db)
    # The politics section links a deleted story (404): reported, and the exit code says so.
    assert result.exit_code == 1, result.stderr
    assert "deleted-story-1008.html: HTTP 404" in result.stderr
    assert result.stdout.startswith("6 new, 0 updated")
    assert stored_paths(db) == ARTICLE_PATHS
    # robots.txt: the disallowed page is never requested; off-site links are never followed.
    assert not [p for p in site.paths() if p.startswith("/private/")]
    assert "/media/logo.png" not in site.paths()
    comments = query(db, "SELECT c.author, c.parent_id IS NOT NULL FROM comments c JOIN articles a "
                         "ON a.id = c.article_id WHERE a.url LIKE '%1001.html' ORDER BY c.id")
    assert comments == [("Karim", 0), ("Nadia", 1), ("Youssef", 0)]
    # The redirected article is stored under its final URL; what was asked for is kept too.
    raw = query(db, "SELECT url, final_url, http_status, origin FROM raw_pages "
                    "WHERE final_url LIKE '%1007.html'")
    assert raw == [(site.url("/news/2026/11/moved-story-1006.html"),
                    site.url("/news/2026/11/renamed-story-1007.html"), 200, "http")]


def test_arabic_windows_1256_page_reads_correctly(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db)
    (headline, body), = query(db, "SELECT headline, body FROM articles WHERE url LIKE '%1004.html'")
    assert headline == "ارتفاع أسعار الخضر في أسواق الناظور"
    assert "جمعيات حماية المستهلك" in body
    (text,), = query(db, "SELECT c.text FROM comments c JOIN articles a ON a.id = c.article_id "
                         "WHERE a.url LIKE '%1004.html'")
    assert text == "الأسعار أصبحت لا تطاق والمراقبة غائبة تماما."


def test_second_crawl_downloads_nothing_unchanged(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db)
    site.clear_log()
    result = crawl(site, db)
    assert result.exit_code == 0, result.stderr  # the 404 is not asked for again
    assert result.stdout.startswith("0 new, 0 updated, 0 unchanged, 0 aliases, 0 failed")
    requests = site.requests()
    assert not ARTICLE_PATHS & {r.path for r in requests}
    assert "/news/2026/11/deleted-story-1008.html" not in {r.path for r in requests}
    non_304 = [(r.path, r.status) for r in requests if r.status != 304]
    # robots.txt is fetched each run; /about redirects (301) to /about/, which then answers 304.
    assert sorted(non_304) == [("/about", 301), ("/robots.txt", 200)]
    assert all("if-none-match" in r.headers for r in requests if r.status == 304)
    assert len(stored_paths(db)) == 6


def test_new_article_is_found_on_the_next_run(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db)
    home = (SAMPLE_SITE / "index.html").read_text("utf-8")
    new_path = "/news/2026/11/new-bridge-opens-1010.html"
    teaser = f'<ul class="teasers"><li><a href="{new_path}">New</a></li>'
    site.route("/", body=home.replace('<ul class="teasers">', teaser).encode(), content_type="text/html")
    article = (SAMPLE_SITE / "news/2026/11/local-team-wins-regional-cup-1003.html").read_text("utf-8")
    site.route(new_path, body=article.replace("local-team-wins-regional-cup-1003", "new-bridge-opens-1010")
               .replace("Local team wins the regional cup", "New bridge opens")
               .replace("The city's football club won", "The new bridge over the lagoon opened").encode(),
               content_type="text/html")
    site.clear_log()
    result = crawl(site, db)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 new,")
    assert site.paths().count(new_path) == 1
    assert not ARTICLE_PATHS & set(site.paths())


def test_unreachable_start_url_exits_4_with_one_line(tmp_path):
    result = akhbar("crawl", "http://127.0.0.1:9/", "--db", tmp_path / "n.db", *FAST)
    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("akhbar: nothing could be fetched: http://127.0.0.1:9/")
    assert result.stdout == ""


def test_bad_start_url_is_a_usage_error(tmp_path):
    result = akhbar("crawl", "ftp://example.org/", "--db", tmp_path / "n.db")
    assert result.exit_code == 2 and "not an http(s) URL" in result.stderr


def test_busy_archive_exits_3_or_waits(site, tmp_path):
    db = tmp_path / "news.db"
    with archive_lock(db):
        result = crawl(site, db)
    assert result.exit_code == 3 and "archive is busy" in result.stderr
    assert site.paths() == []

    def release_later(lock_cm):
        time.sleep(0.6)
        lock_cm.__exit__(None, None, None)
    held = archive_lock(db)
    held.__enter__()
    threading.Thread(target=release_later, args=(held,)).start()
    started = time.monotonic()
    result = crawl(site, db, "--wait")
    assert time.monotonic() - started >= 0.5
    assert result.exit_code == 1 and len(stored_paths(db)) == 6


def test_quiet_prints_only_the_summary_line(site, tmp_path):
    result = crawl(site, tmp_path / "news.db", "--quiet")
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("6 new")
    assert result.stderr == ""


def test_log_json_writes_one_object_per_event(site, tmp_path):
    result = crawl(site, tmp_path / "news.db", "--log-json")
    events = [json.loads(line) for line in result.stderr.splitlines()]
    kinds = {e["event"] for e in events}
    assert {"fetched", "stored", "skipped", "failed", "summary"} <= kinds
    assert any(e["event"] == "skipped" and "robots" in e["reason"] for e in events)
    assert any(e["event"] == "failed" and e["reason"] == "HTTP 404" for e in events)
    assert sum(e["event"] == "stored" and e["status"] == "new" for e in events) == 6
    assert all("ts" in e and "url" in e for e in events if e["event"] != "summary")


def test_json_summary(site, tmp_path):
    result = crawl(site, tmp_path / "news.db", "--json", "--quiet")
    summary = json.loads(result.stdout)
    assert summary["new"] == 6 and summary["failed"] == 1 and summary["requests"] > 6


def test_max_pages_leaves_the_rest_for_the_next_run(site, tmp_path):
    db = tmp_path / "news.db"
    first = crawl(site, db, "--max-pages", "3")
    assert "left for the next run" in first.stdout
    assert 0 < len(stored_paths(db)) <= 3
    second = crawl(site, db)
    assert stored_paths(db) == ARTICLE_PATHS
    for path in ARTICLE_PATHS - {"/news/2026/11/renamed-story-1007.html"}:
        assert site.paths().count(path) == 1, path  # nothing fetched twice across the runs
    assert second.exit_code in (0, 1)


def test_since_skips_older_articles(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db, "--since", "2026-11-01")
    assert "/news/2026/10/old-harbour-history-1000.html" not in stored_paths(db)
    # Its date was known from the sitemap: it was not even requested.
    assert "/news/2026/10/old-harbour-history-1000.html" not in site.paths()
    assert len(stored_paths(db)) == 5


def test_max_depth_zero_reads_only_start_page_feeds_and_sitemaps(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db, "--max-depth", "0")
    assert "/section/politics/" not in site.paths()
    assert stored_paths(db) == set()


def test_crawl_delay_from_robots_is_honoured(site, tmp_path):
    site.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain")
    crawl(site, tmp_path / "news.db", "--max-pages", "2", "--concurrency", "3")
    times = [r.at for r in site.requests()]
    assert len(times) >= 4
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    # Client-side starts are >= 0.4 s apart; a loaded machine adds jitter server-side.
    assert gaps[0] >= 0.2 and gaps[len(gaps) // 2] >= 0.38, gaps


def test_server_errors_are_failures_and_retried_next_run(site, tmp_path):
    db = tmp_path / "news.db"
    broken = "/news/2026/11/heavy-rain-floods-coastal-road-1002.html"
    site.route(broken, status=500, body=b"oops")
    site.route("/news/2026/11/local-team-wins-regional-cup-1003.html", status=429,
               fail_times=1, headers={"Retry-After": "1"})
    result = crawl(site, db)
    assert f"{broken}: HTTP 500" in result.stderr
    assert site.paths().count(broken) == 2  # the first try and one retry (--retries 1)
    assert "/news/2026/11/local-team-wins-regional-cup-1003.html" in {
        p for p in stored_paths(db)}  # the 429 was waited out
    del site.routes[broken]
    result = crawl(site, db)
    assert broken in stored_paths(db)


def test_oversized_and_slow_pages_fail_without_stopping_the_run(site, tmp_path):
    db = tmp_path / "news.db"
    site.route("/news/2026/11/heavy-rain-floods-coastal-road-1002.html", stream_bytes=2_000_000)
    site.route("/news/2026/11/local-team-wins-regional-cup-1003.html", body=b"<html></html>",
               content_type="text/html", delay=1.0)
    result = akhbar("crawl", site.url("/"), "--db", db, "--delay", "0", "--timeout", "0.3",
                    "--retries", "0", "--max-bytes", "1000000")
    assert result.exit_code == 1
    assert "1002.html: larger than" in result.stderr
    assert "1003.html: timed out" in result.stderr or "1003.html: read timeout" in result.stderr
    assert len(stored_paths(db)) == 4


def test_refresh_picks_up_new_comments(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db)
    path = "/news/2026/11/heavy-rain-floods-coastal-road-1002.html"
    page = (SAMPLE_SITE / path.lstrip("/")).read_text("utf-8")
    extra = ('<li class="comment" id="comment-5"><article class="comment-body"><footer class="comment-meta">'
             '<div class="comment-author vcard"><b class="fn">Salma</b></div></footer>'
             '<div class="comment-content"><p>The drains were never cleaned this year.</p></div>'
             '</article></li>')
    marker = '</ol>\n<div id="respond"'
    site.route(path, body=page.replace(marker, extra + marker).encode(), content_type="text/html")
    site.clear_log()
    result = akhbar("refresh", "--db", db, "--published-within", "3650d", "--older-than", "0s", *FAST)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("0 new, 1 updated, 5 unchanged")
    assert "1 new comments" in result.stdout
    assert {r.path: r.status for r in site.requests()}[
        "/news/2026/11/council-approves-port-budget-1001.html"] == 304
    authors = query(db, "SELECT c.author FROM comments c JOIN articles a ON a.id = c.article_id "
                        "WHERE a.url LIKE '%1002.html' ORDER BY c.id")
    assert authors == [("Rachid",), ("Salma",)]
    # Just refreshed: with the default --older-than nothing is due.
    site.clear_log()
    again = akhbar("refresh", "--db", db, "--published-within", "3650d", *FAST)
    assert again.exit_code == 0 and site.paths() == []


def test_refresh_window_excludes_old_articles(site, tmp_path):
    db = tmp_path / "news.db"
    crawl(site, db)
    site.clear_log()
    akhbar("refresh", "--db", db, "--published-within", "1d", "--older-than", "0s", *FAST)
    assert not [p for p in site.paths() if p.endswith(".html")]  # sample articles are from 2026-11 or older


def test_fetch_stores_and_saves_html(site, tmp_path):
    db, out = tmp_path / "news.db", tmp_path / "html"
    out.mkdir()
    result = akhbar("fetch", site.url("/news/2026/11/nador-market-prices-1004.html"),
                    site.url("/news/2026/11/moved-story-1006.html"), site.url("/nope.html"),
                    "--db", db, "--save-html", out, *FAST)
    assert result.exit_code == 1
    assert result.stdout.startswith("2 new, 0 updated")
    assert "nope.html: HTTP 404" in result.stderr
    saved = sorted(p.name for p in out.iterdir())
    assert len(saved) == 2 and all(n.startswith("127.0.0.1_") and n.endswith(".html") for n in saved)
    assert query(db, "SELECT headline FROM articles WHERE url LIKE '%1004.html'") == [
        ("ارتفاع أسعار الخضر في أسواق الناظور",)]
    again = akhbar("fetch", site.url("/news/2026/11/nador-market-prices-1004.html"), "--db", db, *FAST)
    assert again.exit_code == 0 and again.stdout.startswith("0 new, 0 updated, 1 unchanged")
    assert site.requests("/news/2026/11/nador-market-prices-1004.html")[-1].status == 304


def test_fetch_refuses_what_robots_disallows(site, tmp_path):
    result = akhbar("fetch", site.url("/private/secret-report-1005.html"), "--db", tmp_path / "n.db", *FAST)
    assert result.exit_code == 1 and "robots.txt" in result.stderr
    assert "/private/secret-report-1005.html" not in site.paths()


def test_off_site_redirect_is_not_followed(site, tmp_path):
    db = tmp_path / "news.db"
    target = site.url("/news/2026/11/local-team-wins-regional-cup-1003.html").replace(
        "127.0.0.1", "localhost")
    site.route("/news/2026/11/council-approves-port-budget-1001.html", status=302, redirect=target)
    crawl(site, db)
    assert "/news/2026/11/council-approves-port-budget-1001.html" not in stored_paths(db)
    # localhost is another host: the redirect was refused before any request went there.
    assert site.paths().count("/news/2026/11/local-team-wins-regional-cup-1003.html") == 1


def test_foreign_canonical_is_refetched_from_where_it_was_found(site, tmp_path):
    db = tmp_path / "news.db"
    path = "/news/2026/11/council-approves-port-budget-1001.html"
    page = (SAMPLE_SITE / path.lstrip("/")).read_bytes()
    site.route(path, body=page.replace(f'rel="canonical" href="{path}"'.encode(),
                                       b'rel="canonical" href="https://news.invalid/story-1001.html"'),
               content_type="text/html")
    crawl(site, db)
    assert query(db, "SELECT COUNT(*) FROM articles "
                     "WHERE url = 'https://news.invalid/story-1001.html'") == [(1,)]
    site.clear_log()
    assert crawl(site, db).exit_code == 0
    assert path not in site.paths()
    result = akhbar("refresh", "--db", db, "--published-within", "3650d", "--older-than", "0s", *FAST)
    assert result.exit_code == 0, result.stderr  # nothing went to news.invalid
    assert site.requests(path)[-1].status == 304


def test_start_url_disallowed_by_robots_is_reported_not_requested(site, tmp_path):
    site.route("/robots.txt", body=b"User-agent: akhbar\nDisallow: /\n", content_type="text/plain")
    result = crawl(site, tmp_path / "news.db")
    assert result.exit_code == 1 and "disallowed by robots.txt" in result.stderr
    assert site.paths() == ["/robots.txt"]


def test_robots_failing_with_5xx_means_no_crawl_this_run(site, tmp_path):
    site.route("/robots.txt", status=503, body=b"")
    result = crawl(site, tmp_path / "news.db")
    assert result.exit_code == 1 and "robots.txt unavailable (HTTP 503)" in result.stderr
    assert set(site.paths()) == {"/robots.txt"}


def test_allow_host_extends_the_site(site, tmp_path):
    db = tmp_path / "news.db"
    other = site.url("/news/2026/11/local-team-wins-regional-cup-1003.html").replace("127.0.0.1", "localhost")
    home = (SAMPLE_SITE / "index.html").read_text("utf-8")
    teaser = f'<ul class="teasers"><li><a href="{other}">x</a></li>'
    site.route("/", body=home.replace('<ul class="teasers">', teaser).encode(), content_type="text/html")
    port = site.base.rsplit(":", 1)[1].strip("/")
    crawl(site, db, "--max-depth", "1", "--allow-host", f"localhost:{port}")
    assert other in {u for u, in query(db, "SELECT url FROM article_urls")}
