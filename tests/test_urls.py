"""URL normalisation is the archive's dedup key: these cases must all hold."""
import pytest

from akhbar.scrapers.urls import absolute, host_of, is_http_url, normalize_url


@pytest.mark.parametrize("raw, expected", [
    ("HTTP://WWW.Example.COM:80/a?b=1#frag", "http://www.example.com/a?b=1"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("https://example.com/a?utm_source=fb&id=7&fbclid=XYZ&utm_medium=x", "https://example.com/a?id=7"),
    ("https://example.com/a?gclid=1", "https://example.com/a"),
    ("https://example.com/%D8%A7_a1.html", "https://example.com/%D8%A7_a1.html"),
    ("https://example.com/list_r3.html?start=10", "https://example.com/list_r3.html?start=10"),
])
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


def test_same_article_different_tracking_normalises_equal():
    a = normalize_url("https://www.nadorcity.com/x_a1.html?utm_campaign=share#comments")
    b = normalize_url("HTTPS://www.NadorCity.com/x_a1.html")
    assert a == b


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
                                  "mailto:a@b.c", "ftp://x/y", ""])
def test_non_http_links_are_refused(href):
    assert absolute("https://example.com/a/", href) is None
    assert not is_http_url(href)


def test_relative_links_resolve_against_base():
    assert absolute("https://example.com/a/b.html", "../c.html") == "https://example.com/c.html"
    assert host_of("https://Sub.Example.com./x") == "sub.example.com"
