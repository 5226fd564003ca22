"""Pure pieces of fetching: feeds, sitemaps, robots.txt, link discovery, URL shapes, file names."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from akhbar.scrapers.decode import decode_html
from akhbar.scrapers.fetch.classify import ARTICLE, FEED, LISTING, SKIP, UNKNOWN, classify_url
from akhbar.scrapers.fetch.client import Fetched
from akhbar.scrapers.fetch.discover import page_links
from akhbar.scrapers.fetch.robots import parse_robots
from akhbar.scrapers.fetch.savehtml import html_filename, save_html
from akhbar.scrapers.fetch.scope import Scope
from akhbar.scrapers.fetch.xmlfeeds import looks_like_xml_feed, parse_xml

SITE = Path(__file__).resolve().parent.parent / "sample_pages" / "site"
BASE = "http://news.example/"


def render(name: str) -> bytes:
    data = (SITE / name).read_bytes()
    if name.endswith(".gz"):
        return gzip.compress(gzip.decompress(data).replace(b"{{BASE}}", BASE.encode()))
    return data.replace(b"{{BASE}}", BASE.encode())


def test_rss_entries_with_dates():
    doc = parse_xml(render("feed.rss"), BASE)
    assert doc.kind == "rss"
    assert [e.url for e in doc.entries] == [
        BASE + "news/2026/11/council-approves-port-budget-1001.html",
        BASE + "news/2026/11/heavy-rain-floods-coastal-road-1002.html",
        BASE + "news/2026/11/nador-market-prices-1004.html"]
    assert doc.entries[0].published == "2026-11-26T18:30:00+01:00"


def test_atom_entries_resolve_relative_links():
    doc = parse_xml(render("atom.xml"), BASE + "atom.xml")
    assert doc.kind == "atom"
    assert doc.entries[1].url == BASE + "news/2026/11/local-team-wins-regional-cup-1003.html"
    assert doc.entries[1].published == "2026-11-25T22:00:00+01:00"


def test_sitemap_index_and_gzip_news_sitemap():
    index = parse_xml(render("sitemap_index.xml"), BASE)
    assert index.kind == "sitemapindex" and not index.entries
    assert [s.url for s in index.sitemaps] == [BASE + "sitemap-pages.xml", BASE + "sitemap-news.xml.gz"]
    news = parse_xml(render("sitemap-news.xml.gz"), BASE)
    assert news.kind == "urlset"
    assert news.entries[1].url.endswith("nador-market-prices-1004.html")
    assert news.entries[1].published == "2026-11-27T12:00:00+01:00"  # news:publication_date


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><link>http://x.example/&lol3;</link></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>http://x.example/&xxe;</loc></url></urlset>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL, b"<rss><channel><item>", b"not xml"])
def test_hostile_or_broken_xml_yields_nothing(payload):
    doc = parse_xml(payload, BASE)
    assert doc.kind == "unknown" and doc.entries == [] and doc.sitemaps == []


def test_gzip_bomb_sitemap_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000 + b"</urlset>")
    assert parse_xml(bomb, BASE).kind == "unknown"


def test_feed_sniffing():
    assert looks_like_xml_feed("application/rss+xml", b"")
    assert looks_like_xml_feed(None, b"<?xml version='1.0'?><urlset/>")
    assert looks_like_xml_feed("application/x-gzip", render("sitemap-news.xml.gz"))
    assert not looks_like_xml_feed("text/html", b"<!DOCTYPE html><html></html>")
    assert not looks_like_xml_feed("application/xhtml+xml", b"<?xml version='1.0'?><html/>")


def test_robots_rules_delay_and_sitemaps():
    fetched = Fetched(url=BASE + "robots.txt", final_url=BASE + "robots.txt", status=200,
                      content=render("robots.txt"))
    robots = parse_robots(BASE + "robots.txt", fetched)
    assert not robots.allows(BASE + "private/secret-report-1005.html")
    assert robots.allows(BASE + "news/2026/11/council-approves-port-budget-1001.html")
    assert robots.crawl_delay() == 0.01
    assert robots.sitemaps == [BASE + "sitemap_index.xml"]


@pytest.mark.parametrize("status,allowed", [(404, True), (403, True), (500, False), (0, False)])
def test_missing_or_failing_robots_follows_rfc9309(status, allowed):
    fetched = Fetched(url=BASE + "robots.txt", final_url=BASE + "robots.txt", status=status,
                      error=None if status == 200 else "HTTP or network")
    assert parse_robots(BASE + "robots.txt", fetched).allows(BASE + "a.html") is allowed


def test_page_links_feeds_and_anchors():
    links = page_links(render("index.html"), BASE)
    assert links.feeds == [BASE + "feed.rss", BASE + "atom.xml"]
    assert BASE + "news/2026/11/council-approves-port-budget-1001.html" in links.links
    assert BASE + "news/page/2/" in links.links
    assert not [u for u in links.links if not u.startswith("http")]  # no mailto:, javascript:
    assert "https://example.org/partner" in links.links  # off-site: the crawler's scope drops it


def test_scope_is_the_start_site_with_www_equivalence():
    scope = Scope(["https://www.news.example/"])
    assert scope.contains("http://news.example/a.html")
    assert scope.contains("https://www.news.example/b")
    assert not scope.contains("https://news.example.evil.com/")
    assert not scope.contains("https://other.example/")
    assert not scope.contains("ftp://news.example/file")
    assert not Scope(["http://127.0.0.1:8000/"]).contains("http://127.0.0.1:9000/")


@pytest.mark.parametrize("url,kind", [
    ("https://www.nadorcity.com/some-title_a123456.html", ARTICLE),
    ("https://www.nadorcity.com/Nador_r5.html", LISTING),
    ("https://x.example/2026/11/28/a-long-story-slug", ARTICLE),
    ("https://x.example/news/123456-hello", ARTICLE),
    ("https://x.example/index.php?id=4521", ARTICLE),
    ("https://x.example/", LISTING),
    ("https://x.example/politics/", LISTING),
    ("https://x.example/category/sport/page/3", LISTING),
    ("https://x.example/feed/", FEED),
    ("https://x.example/media/photo.JPG", SKIP),
    ("https://x.example/wp-login.php", SKIP),
    ("https://x.example/?s=query", SKIP),
    ("https://x.example/some/deeper/page", UNKNOWN),
])
def test_classify_url_shapes(url, kind):
    assert classify_url(url) == kind


@pytest.mark.parametrize("url", [
    "http://x.example/../../etc/passwd", "http://x.example/%2e%2e/%2e%2e/x",
    "http://x.example/a/b/c?q=../../z", "http://x.example/", "http://x.example/" + "a" * 500])
def test_save_html_never_escapes_the_folder(tmp_path, url):
    name = html_filename(url)
    assert "/" not in name and not name.startswith(".") and len(name) < 160
    written = save_html(tmp_path, url, b"<html></html>")
    assert written.parent == tmp_path.resolve() and written.read_bytes() == b"<html></html>"


def test_windows_1256_declared_only_in_http_header():
    data = (SITE / "news/2026/11/nador-market-prices-1004.html").read_bytes()
    assert b"charset" not in data.lower()
    assert "ارتفاع أسعار الخضر" in decode_html(data, "windows-1256")
