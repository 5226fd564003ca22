"""Politeness timing, the fetch-state tables, the article verdict, and a crawl of a plain site."""
from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import datetime, timedelta, timezone

from sitesrv import SAMPLE_SITE, SiteServer
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers.fetch.analyze import Evidence, analyze_page
from akhbar.scrapers.fetch.client import Fetched
from akhbar.scrapers.fetch.politeness import HostGate
from akhbar.scrapers.fetch.verdict import decide
from akhbar.scrapers.record import Article
from akhbar.storage import Archive
from akhbar.storage.fetch_state import FetchState, FrontierEntry


def _starts(gate: HostGate, urls: list[str], hold: float = 0.0) -> list[tuple[str, float, float]]:
    async def one(url: str):
        async with gate.slot(url):
            began = time.monotonic()
            await asyncio.sleep(hold)
            return url, began, time.monotonic()

    async def run():
        return await asyncio.gather(*(one(u) for u in urls))
    return asyncio.run(run())


def test_host_gate_spaces_requests_to_one_host():
    # The k-th start may come no earlier than k delays after the first request.
    # (Gaps between the recorded starts are not the measure: under load one task
    # can record its start late, and the next gap then looks short.)
    gate = HostGate(delay=0.15, per_host=4, concurrency=8)
    asked = time.monotonic()
    starts = sorted(b for _, b, _ in _starts(gate, ["http://a.example/x"] * 4))
    assert all(start - asked >= k * 0.15 - 1e-3 for k, start in enumerate(starts))


def test_host_gate_does_not_delay_other_hosts():
    gate = HostGate(delay=0.5, per_host=1, concurrency=8)
    began = time.monotonic()
    _starts(gate, ["http://a.example/", "http://b.example/", "http://c.example/"])
    assert time.monotonic() - began < 0.3


def test_host_gate_per_host_and_global_limits():
    gate = HostGate(delay=0.0, per_host=1, concurrency=8)
    spans = [(b, e) for _, b, e in _starts(gate, ["http://a.example/"] * 3, hold=0.05)]
    spans.sort()
    assert all(spans[i][1] <= spans[i + 1][0] + 1e-3 for i in range(len(spans) - 1))
    gate = HostGate(delay=0.0, per_host=5, concurrency=2)
    spans = sorted((b, e) for _, b, e in _starts(
        gate, [f"http://h{i}.example/" for i in range(4)], hold=0.1))
    overlapping = max(sum(1 for b, e in spans if b <= t < e) for t, _ in spans)
    assert overlapping <= 2


def test_crawl_delay_raises_but_never_lowers_the_delay():
    gate = HostGate(delay=1.0, per_host=1, concurrency=1)
    gate.set_crawl_delay("http://a.example/robots.txt", 0.2)
    assert gate.delay_for("http://a.example/x") == 1.0
    gate.set_crawl_delay("http://a.example/robots.txt", 5)
    assert gate.delay_for("http://a.example/x") == 5.0


def _fetched(url: str, status: int, **headers: str) -> Fetched:
    return Fetched(url=url, final_url=url, status=status, headers=headers,
                   fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def test_validators_survive_304_and_errors(tmp_path):
    with Archive.open(tmp_path / "a.db") as archive:
        state = FetchState.of(archive)
        url = "http://a.example/feed"
        modified = {"last-modified": "Mon, 01 Jan 2024 00:00:00 GMT"}
        state.record_response(url, _fetched(url, 200, etag='"v1"', **modified))
        state.record_response(url, _fetched(url, 304))
        state.record_response(url, _fetched(url, 503))
        validators = state.validators(url)
        assert validators.etag == '"v1"' and validators.last_modified.startswith("Mon")
        state.record_response(url, _fetched(url, 200))  # a new version without validators
        assert state.validators(url) is None
        FetchState(archive.db)  # creating the tables again is harmless


def test_frontier_keeps_smallest_depth_and_settles(tmp_path):
    with Archive.open(tmp_path / "a.db") as archive:
        state = FetchState.of(archive)
        state.discover([FrontierEntry("http://a.example/x-12345", "a.example", "unknown", 3)])
        state.discover([FrontierEntry("http://a.example/x-12345", "a.example", "article", 1)])
        (row,) = state.pending("a.example", 5)
        assert (row.kind, row.depth) == ("article", 1)
        assert not state.is_settled(row.url)
        for _ in range(3):
            state.settle(row.url, "failed", error="HTTP 503")
        assert state.is_settled(row.url) and state.pending("a.example", 5) == []
        state.discover([FrontierEntry("http://a.example/list", "a.example", "listing", 1)])
        state.settle("http://a.example/list", "done")
        assert [e.url for e in state.revisits("a.example", 3)] == ["http://a.example/list"]
        assert state.revisits("a.example", 0) == []


def test_refresh_candidates_window(tmp_path):
    with Archive.open(tmp_path / "a.db") as archive:
        state = FetchState.of(archive)
        now = datetime.now(timezone.utc)
        recent = Article(url="http://a.example/recent", headline="r", body="recent body",
                         published=(now - timedelta(days=2)).date().isoformat())
        old = Article(url="http://a.example/old", headline="o", body="old body",
                      published=(now - timedelta(days=40)).date().isoformat())
        archive.save(recent)
        archive.save(old)
        later = now + timedelta(hours=7)
        assert state.refresh_candidates(timedelta(days=7), timedelta(hours=6), now=later) == [
            "http://a.example/recent"]
        assert state.refresh_candidates(timedelta(days=7), timedelta(hours=6), now=now) == []
        state.record_response("http://a.example/recent", _fetched("http://a.example/recent", 304))
        later = now + timedelta(hours=1)
        assert state.refresh_candidates(timedelta(days=7), timedelta(hours=6), now=later) == []


def test_article_verdict():
    long_body = 500
    assert not decide(Evidence(body_chars=20, headline=True)).article  # too little text
    assert decide(Evidence(body_chars=90, headline=True, own_headline=True), "article").article
    # A feed item is an article unless the page clearly is a listing.
    assert decide(Evidence(body_chars=90), declared=True).article
    assert decide(Evidence(body_chars=long_body, headline=True, own_headline=True)).article
    assert not decide(Evidence(body_chars=long_body), "listing").article  # nothing for, URL against
    assert decide(Evidence(body_chars=200, headline=True, dated=True, own_headline=True),
                  "listing").article  # a dated brief at /news/...: the page outweighs the path
    assert not decide(Evidence(body_chars=long_body, teaser_share=0.8), declared=True).article
    assert not decide(Evidence(body_chars=long_body, headline_elsewhere="http://x/a"),
                      declared=True).article  # an archive page showing another story
    assert decide(Evidence(body_chars=long_body, markup=True, headline_elsewhere="http://x/a"),
                  declared=True).article  # ...unless the page says it is an article
    assert not decide(Evidence(body_chars=long_body, markup=True, owned_share=0.7,
                               body_elsewhere="http://x/a")).article  # posts under their links
    assert not decide(Evidence(body_chars=300, own_headline=True, teasers=5, teaser_chars=900),
                      declared=True).article  # a section page with an intro paragraph
    assert decide(Evidence(body_chars=300, markup=True, teasers=5, teaser_chars=900)).article
    assert not decide(Evidence(body_chars=300, own_headline=True), root=True).article


PARAGRAPH = ("This is a paragraph of a plain article on a small site whose URLs say nothing about "
             "what they hold, so the crawler must fetch the page and judge it by its text. ")


def _plain_site(root) -> None:
    (root / "p").mkdir()
    links = "".join(f'<li><a href="/p/{i}.html">Story {i}</a></li>' for i in range(1, 4))
    (root / "index.html").write_text(f"<html><body><h1>Home</h1><ul>{links}</ul>"
                                     '<a href="/p/list.html">Archive</a></body></html>')
    (root / "p/list.html").write_text('<html><body><a href="/p/4.html">Story 4</a></body></html>')
    for i in range(1, 5):
        (root / f"p/{i}.html").write_text(
            f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
            + "".join(f"<p>{PARAGRAPH} ({i}.{j})</p>" for j in range(4))
            + '</article><a href="/">Home</a></body></html>')


def test_crawl_plain_site_without_robots_feeds_or_sitemaps(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    _plain_site(root)
    with SiteServer(root) as site:
        result = CliRunner().invoke(app, ["crawl", site.url("/"), "--db", str(tmp_path / "n.db"),
                                          "--delay", "0", "--retries", "0", "--quiet"])
        assert result.exit_code == 0, result.stderr  # 404 robots.txt and sitemap.xml are fine
        assert result.stdout.startswith("4 new,")
        site.clear_log()
        again = CliRunner().invoke(app, ["crawl", site.url("/"), "--db", str(tmp_path / "n.db"),
                                         "--delay", "0", "--retries", "0", "--quiet"])
        assert again.exit_code == 0 and again.stdout.startswith("0 new,")
        assert not [p for p in site.paths() if p.startswith("/p/") and p[3].isdigit()]
        assert "/p/list.html" in site.paths()  # a listing: asked again (conditionally) every run


def test_short_pages_that_say_they_are_articles():
    from akhbar.scrapers.fetch.verdict import has_article_markup
    assert decide(Evidence(body_chars=100, markup=True)).article
    assert decide(Evidence(body_chars=100, comments=1)).article
    assert has_article_markup(b'<meta property="og:type" content="article">')
    assert has_article_markup(b'<script type="application/ld+json">{"@type": "NewsArticle"}</script>')
    assert not has_article_markup(b'<meta property="og:type" content="website">')


TEASER = ('<article class="teaser"><h2><a href="/p/{i}.html">Story number {i} about the port</a></h2>'
          '<time datetime="2026-11-2{i}">2{i} Nov</time><p>Summary of story {i}: the council met on '
          'Thursday and approved the budget for the port, a project awaited for a decade.</p>'
          '<a href="/p/{i}.html">Read more</a></article>')


def test_section_page_with_summaries_is_a_listing_not_an_article(tmp_path):
    """A dated page whose long "body" is a column of teasers must not be archived."""
    from akhbar.scrapers import extract
    from akhbar.scrapers.fetch.teasers import teaser_share
    listing = ("<html><head><title>Politics</title></head><body><main><h1>Politics</h1>"
               + "".join(TEASER.format(i=i) for i in range(1, 9)) + "</main></body></html>")
    url = "http://x.example/p/politics.html"
    article = extract(listing, url)
    assert len(article.body) >= 400 and article.headline  # it extracts like an article...
    assert teaser_share(listing, url, article.body) > 0.9  # ...but its text is all teasers
    assert not decide(analyze_page(listing.encode(), url).evidence).article
    story = (SAMPLE_SITE / "news/2026/11/council-approves-port-budget-1001.html").read_bytes()
    story_url = "http://x.example/news/2026/11/council-approves-port-budget-1001.html"
    assert teaser_share(story, story_url, extract(story, story_url).body) < 0.2
    assert decide(analyze_page(story, story_url).evidence).article


def test_crawl_does_not_archive_a_teaser_listing(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    _plain_site(root)
    (root / "p/list.html").write_text(
        "<html><head><title>Archive</title></head><body><main><h1>Archive</h1>"
        + "".join(TEASER.format(i=i) for i in range(1, 9)) + "</main></body></html>")
    with SiteServer(root) as site:
        result = CliRunner().invoke(app, ["crawl", site.url("/"), "--db", str(tmp_path / "n.db"),
                                          "--delay", "0", "--retries", "0", "--quiet"])
    with sqlite3.connect(tmp_path / "n.db") as conn:
        paths = {u.split("/", 3)[3] for u, in conn.execute("SELECT url FROM articles")}
    assert paths == {"p/1.html", "p/2.html", "p/3.html", "p/4.html"}, result.stdout


def test_a_page_beyond_the_extraction_limits_is_a_reported_failure(tmp_path, monkeypatch):
    from akhbar.scrapers.fetch import analyze
    from akhbar.scrapers.limits import ExtractionLimit

    def too_slow(*args, **kwargs):
        raise ExtractionLimit("extraction took longer than 0.5 s, skipped")
    monkeypatch.setattr(analyze, "bounded_extract", too_slow)  # in this process: --jobs 1
    with SiteServer(SAMPLE_SITE) as site:
        page = site.url("/news/2026/11/local-team-wins-regional-cup-1003.html")
        result = CliRunner().invoke(app, ["fetch", page, "--db", str(tmp_path / "n.db"),
                                          "--delay", "0", "--jobs", "1"])
    assert result.exit_code == 1
    assert "1003.html: extraction took longer than 0.5 s, skipped" in result.stderr
