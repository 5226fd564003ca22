"""The HTTP client against a real server on 127.0.0.1: headers, redirects, retries, limits."""
from __future__ import annotations

import asyncio
import gzip
import json
import sqlite3
import time

import pytest
from sitesrv import SAMPLE_SITE, site_fixture
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers.fetch import FetchConfig, HttpClient, Validators
from akhbar.scrapers.fetch.retry import parse_retry_after

site = site_fixture()


def fast(**overrides) -> FetchConfig:
    values = dict(delay=0.0, retries=2, backoff=0.01, max_backoff=0.05, read_timeout=2.0,
                  connect_timeout=2.0, total_timeout=4.0)
    values.update(overrides)
    return FetchConfig(**values)


def get(url: str, config: FetchConfig | None = None, validators: Validators | None = None):
    async def run():
        async with HttpClient(config or fast()) as client:
            return await client.get(url, validators)
    return asyncio.run(run())


def test_user_agent_is_akhbar_and_overridable(site):
    get(site.url("/"))
    assert site.requests("/")[0].headers["user-agent"].startswith("akhbar/")
    get(site.url("/about/"), fast(user_agent="MyBot/2.0"))
    assert site.requests("/about/")[0].headers["user-agent"] == "MyBot/2.0"


def test_redirect_records_final_url(site):
    result = get(site.url("/news/2026/11/moved-story-1006.html"))
    assert result.ok and result.status == 200
    assert result.final_url == site.url("/news/2026/11/renamed-story-1007.html")
    assert b"Central market reopens" in result.content


def test_redirect_limit(site):
    site.route("/loop-a", status=302, redirect="/loop-b")
    site.route("/loop-b", status=302, redirect="/loop-a")
    result = get(site.url("/loop-a"), fast(max_redirects=3))
    assert not result.ok and "redirects" in result.error
    assert result.attempts == 1  # not retried


def test_404_is_not_retried(site):
    result = get(site.url("/no-such-page.html"))
    assert result.status == 404 and result.error == "HTTP 404" and result.attempts == 1
    assert len(site.requests("/no-such-page.html")) == 1


def test_500_is_retried_until_it_works(site):
    site.route("/about/", status=500, fail_times=2)
    result = get(site.url("/about/"), fast(retries=3))
    assert result.ok and result.attempts == 3 and b"About us" in result.content
    assert [r.status for r in site.requests("/about/")] == [500, 500, 200]


def test_500_gives_up_after_retries(site):
    site.route("/down.html", status=503, body=b"busy")
    result = get(site.url("/down.html"), fast(retries=2))
    assert result.error == "HTTP 503" and result.attempts == 3
    assert len(site.requests("/down.html")) == 3


def test_429_honours_retry_after(site):
    site.route("/", status=429, fail_times=1, headers={"Retry-After": "1"})
    started = time.monotonic()
    result = get(site.url("/"))
    took = time.monotonic() - started
    assert result.ok and result.attempts == 2
    first, second = site.requests("/")
    assert second.at - first.at >= 0.85  # server-side clock: allow some jitter
    assert took >= 0.95


def test_retry_after_too_long_gives_up(site):
    site.route("/slow-down", status=429, body=b"", headers={"Retry-After": "3600"})
    result = get(site.url("/slow-down"), fast(max_retry_after=10))
    assert not result.ok and "Retry-After" in result.error and result.attempts == 1


def test_parse_retry_after_forms():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None


def test_slow_page_times_out(site):
    site.route("/slow.html", body=b"<html>late</html>", content_type="text/html", delay=1.5)
    result = get(site.url("/slow.html"), fast(read_timeout=0.3, total_timeout=0.5, retries=0))
    assert not result.ok and result.status == 0 and "time" in result.error
    assert result.retryable


def test_oversized_page_is_refused_while_streaming(site):
    site.route("/huge.html", stream_bytes=3 * 1024 * 1024)
    result = get(site.url("/huge.html"), fast(max_bytes=1024 * 1024))
    assert not result.ok and "larger than" in result.error and result.content == b""
    assert result.attempts == 1


def test_oversized_by_content_length(site):
    site.route("/big.html", body=b"x" * 50_000, content_type="text/html")
    result = get(site.url("/big.html"), fast(max_bytes=10_000))
    assert not result.ok and "Content-Length" in result.error


def test_gzip_transfer_encoding_is_decoded(site):
    site.route("/", gzip=True)
    result = get(site.url("/"))
    assert result.ok and result.headers.get("content-encoding") == "gzip"
    assert b"Latest news" in result.content


def test_gzip_bomb_counts_decoded_bytes(site):
    site.route("/bomb.html", body=b"<p>" + b"a" * 5_000_000, content_type="text/html", gzip=True)
    result = get(site.url("/bomb.html"), fast(max_bytes=1_000_000))
    assert not result.ok and "larger than" in result.error


def test_unprocessed_content_type_is_skipped_unread(site):
    site.route("/logo", body=b"\x89PNG" + b"\0" * 100, content_type="image/png")
    result = get(site.url("/logo"))
    assert result.unwanted and not result.ok and result.attempts == 1


def test_conditional_request_gives_304(site):
    first = get(site.url("/feed.rss"))
    assert first.ok and first.validators
    second = get(site.url("/feed.rss"), validators=first.validators)
    assert second.not_modified and second.content == b""
    assert site.requests("/feed.rss")[1].headers["if-none-match"] == first.headers["etag"]


def test_http_charset_is_reported(site):
    result = get(site.url("/news/2026/11/nador-market-prices-1004.html"))
    assert result.charset == "windows-1256"


def test_connection_refused_is_a_network_failure():
    result = get("http://127.0.0.1:9/", fast(retries=1))
    assert result.status == 0 and result.error == "connection refused" and result.attempts == 2


def test_gzip_sitemap_file_is_served_raw(site):
    result = get(site.url("/sitemap-news.xml.gz"))
    assert result.ok and gzip.decompress(result.content).startswith(b"<?xml")


NADORCITY_CP1256 = SAMPLE_SITE.parent / "nadorcity" / "article-cp1256.html"
META = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />'


@pytest.mark.parametrize("declared", ["meta-only", "header-only", "wrong-header-right-meta", "nowhere"])
def test_windows_1256_reads_right_wherever_it_is_declared(site, tmp_path, declared):
    page = NADORCITY_CP1256.read_bytes()
    expected = json.loads(NADORCITY_CP1256.with_suffix(".json").read_text("utf-8"))["headline"]
    body, ctype = page, "text/html"
    if declared in ("header-only", "nowhere"):
        body = page.replace(META, b"")
        assert b"charset" not in body.lower()
    if declared == "header-only":
        ctype = "text/html; charset=windows-1256"
    if declared == "wrong-header-right-meta":
        ctype = "text/html; charset=utf-8"
    site.route("/nadorcity.html", body=body, content_type=ctype)
    db = tmp_path / "n.db"
    result = CliRunner().invoke(app, ["fetch", site.url("/nadorcity.html"), "--db", str(db),
                                      "--delay", "0", "--retries", "0"])
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        (headline,), = conn.execute("SELECT headline FROM articles").fetchall()
    assert headline == expected
