"""The hostile-input matrix: every input class has one defined outcome.

Outcomes: a valid record stored (exit 0), or the page refused with a one-line
reason on stderr and exit 1 while the rest of the run goes on. Never a
traceback, never a hang (big inputs run in a subprocess with a timeout).
Inputs are generated at test time; nothing large is committed.
"""
from __future__ import annotations

import gzip
import json
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_helpers import (
    HEADLINE,
    PARAGRAPHS,
    article_html,
    assert_one_line_error,
    check_archive,
    cli,
    run_akhbar,
)

from akhbar.scrapers.limits import MAX_DEPTH, ExtractionLimit, bounded_extract, cap_depth
from benchmarks.extraction import shared_dir

URL = "https://news.example/news/2026/11/port-budget-1001.html"
RNG = random.Random(20261129)


def _article(**kw: str) -> bytes:
    return article_html(URL, **kw).encode("utf-8")


def _half(data: bytes) -> bytes:
    return data[:len(data) // 2]


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + RNG.randbytes(4000)


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + RNG.randbytes(4000)


def _garbage_no_nul() -> bytes:
    return bytes(b for b in RNG.randbytes(6000) if b)


def _invalid_utf8() -> bytes:
    # Stray continuation bytes, an overlong form and invalid lead bytes between the words.
    return _article().replace(b"</p>", b" \xff\xc0\x80 \x80\xfe</p>").replace(b"<h1>", b"<h1>\xc3")


def _wrong_charset_utf8_declared() -> bytes:
    return article_html(URL, head='<meta charset="utf-8">').encode("cp1256")


def _wrong_charset_1256_declared() -> bytes:
    return article_html(URL, head='<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=windows-1256">').encode("utf-8")


def _no_body() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<meta charset="utf-8"><title>{HEADLINE}</title><link rel="canonical" href="{URL}">'
            f"<h1>{HEADLINE}</h1>{paragraphs}").encode()


def _xhtml_prolog() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return ('<?xml version="1.0" encoding="windows-1256"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar" dir="rtl"><head>'
            f'<title>{HEADLINE}</title><link rel="canonical" href="{URL}" /></head><body>'
            f'<div id="content"><h1>{HEADLINE}</h1><br/><![CDATA[ ignored ]]>{paragraphs}'
            '<img src="/a.png" alt="" /></div></body></html>').encode("cp1256")


def _home_page() -> bytes:
    teasers = "".join(
        f'<div class="teaser"><h2><a href="/news/2026/11/story-{i}.html">عنوان الخبر رقم {i}'
        f'</a></h2><p>مقتطف قصير من الخبر رقم {i}، اقرأ المزيد.</p></div>' for i in range(30))
    return ('<html><head><meta charset="utf-8"><title>ناظور نيوز - الرئيسية</title>'
            '<link rel="canonical" href="https://news.example/"></head><body><nav>'
            '<a href="/">الرئيسية</a></nav><main>' + teasers + '</main></body></html>').encode()


def _not_found_page() -> bytes:
    return ('<html><head><meta charset="utf-8"><title>404 الصفحة غير موجودة</title></head>'
            '<body><nav><a href="/">الرئيسية</a></nav><h1>الصفحة غير موجودة</h1>'
            '<p>عذرا، الصفحة المطلوبة غير موجودة.</p></body></html>').encode()


def _comment(i: int, parent_depth: int, replies: str = "") -> str:
    return (f'<li id="comment-{i}" class="comment depth-{parent_depth}"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">قارئ {i}'
            f'</b></div></footer><div class="comment-content"><p>تعليق القارئ رقم {i} على الخبر'
            f'</p></div></article>{replies}</li>')


def _many_comments(flat: int = 400, chain: int = 120) -> bytes:
    """``flat`` top-level comments and one reply chain ``chain`` deep."""
    nested = ""
    for depth in range(chain, 0, -1):
        nested = _comment(10_000 + depth, depth, f'<ol class="children">{nested}</ol>' if nested else "")
    items = "".join(_comment(i, 1) for i in range(flat)) + nested
    extra = (f'<div id="comments" class="comments-area"><h2>{flat + chain} تعليقات</h2>'
             f'<ol class="comment-list">{items}</ol></div>')
    return article_html(URL, extra_body=extra).encode("utf-8")


def _huge_attributes() -> bytes:
    junk = "x" * 1_000_000
    head = f'<meta charset="utf-8"><meta name="description" content="{junk}">'
    extra = (f'<div class="{"a " * 100_000}" data-blob="{junk}" '
             + " ".join(f'data-a{i}="{i}"' for i in range(20_000)) + f'><a href="/{junk}">x</a></div>')
    return article_html(URL, head=head, extra_body=extra).encode("utf-8")


def _control_characters() -> bytes:
    hostile = "\x1b[31m\x1b]0;owned\x07\x08\x7f\u009b\u202e\u2066\u200f"
    paragraphs = [f"{p[:40]}{hostile}{p[40:]}" for p in PARAGRAPHS]
    return article_html(URL, headline=f"{HEADLINE}{hostile}", paragraphs=paragraphs).encode("utf-8")


RECORDS: dict[str, Callable[[], bytes]] = {
    "invalid-utf8": _invalid_utf8,
    "declared-utf8-is-cp1256": _wrong_charset_utf8_declared,
    "declared-cp1256-is-utf8": _wrong_charset_1256_declared,
    "no-body": _no_body,
    "xhtml-prolog": _xhtml_prolog,
    "hundreds-of-comments": _many_comments,
    "huge-attributes": _huge_attributes,
    "control-characters": _control_characters,
}

REFUSED: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (bytes, file suffix, reason on stderr)
    "empty": (lambda: b"", ".html", "empty page"),
    "whitespace": (lambda: b" \r\n\t \n", ".html", "empty page"),
    "png": (_png, ".html", "a PNG image"),
    "pdf": (_pdf, ".htm", "a PDF document"),
    "gzip-of-garbage": (lambda: gzip.compress(RNG.randbytes(8000)), ".html.gz", "binary data"),
    "garbage-named-gz": (_garbage_no_nul, ".html.gz", "binary data"),
    "truncated-gz": (lambda: _half(gzip.compress(_article())), ".html.gz", "truncated gzip"),
    "corrupt-gz": (lambda: gzip.compress(_article())[:20] + RNG.randbytes(500), ".html.gz",
                   "corrupt gzip"),
    "gzip-bomb": (lambda: gzip.compress(b" " * (70 * 1024 * 1024), 9), ".html.gz", "larger than"),
    "home-page": (_home_page, ".html", "front page"),
    "not-found-page": (_not_found_page, ".html", "no article found"),
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_hostile_page_gives_a_valid_record(name, tmp_path, capsys):
    page = tmp_path / f"{name}.html"
    page.write_bytes(RECORDS[name]())
    db = tmp_path / "a.db"
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and run.out.startswith("1 new")
    assert check_archive(db)["articles"] == 1
    shown = cli(capsys, "show", URL, "--db", db, "--json")
    record = json.loads(shown.out)
    assert HEADLINE in record["headline"]
    assert PARAGRAPHS[0][:30] in record["body"] and PARAGRAPHS[2][-30:] in record["body"]
    texts = [record["headline"], record["body"]] + [c["text"] for c in record["comments"]]
    assert not any(ch in text for text in texts for ch in "\x1b\x07\x08\x7f\x9b")
    assert not any("\ufffd" in t for t in texts) or name == "invalid-utf8"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_with_one_line(name, tmp_path, capsys):
    make, suffix, reason = REFUSED[name]
    page = tmp_path / f"{name}{suffix}"
    page.write_bytes(make())
    db = tmp_path / "a.db"
    run = cli(capsys, "load", page, "--db", db)
    assert run.code == 1
    assert_one_line_error(run.err, page.name, reason)
    assert len(run.err.splitlines()) == 1
    assert run.out.strip() == "0 new, 0 updated, 0 unchanged, 0 aliases, 1 failed; 0 new comments"
    extracted = cli(capsys, "extract", page, "--json")
    assert "Traceback" not in extracted.err
    assert extracted.code in (0, 1)
    if extracted.code == 1:
        assert_one_line_error(extracted.err, reason)


def test_a_folder_of_hostile_files_still_stores_the_good_pages(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (make, suffix, _reason) in REFUSED.items():
        if name != "gzip-bomb":
            (folder / f"{name}{suffix}").write_bytes(make())
    for name, make in RECORDS.items():
        (folder / f"{name}.html").write_bytes(make().replace(URL.encode(), f"{URL}?v={name}".encode()))
    db = tmp_path / "a.db"
    run = cli(capsys, "load", folder, "--db", db)
    assert run.code == 1
    assert_one_line_error(run.err)
    # One line per refused file; remarks on pages read only in part are marked "note:".
    errors = [line for line in run.err.splitlines() if ": note: " not in line]
    assert len(errors) == len(REFUSED) - 1
    counts = check_archive(db)
    # The query keeps the pages apart; two identical bodies become aliases of one article.
    assert "failed" in run.out and f"{len(REFUSED) - 1} failed" in run.out
    assert counts["articles"] >= 1 and counts["raw_pages"] >= 1


def test_comment_threads_keep_every_comment_and_reply_parent(tmp_path, capsys):
    page = tmp_path / "comments.html"
    page.write_bytes(_many_comments(flat=300, chain=60))
    run = cli(capsys, "extract", page, "--json")
    assert run.code == 0
    record = json.loads(run.out)
    comments = record["comments"]
    assert len(comments) == 360
    assert all(c["parent"] is None or c["parent"] < i for i, c in enumerate(comments))
    chain = [c for c in comments if c["parent"] is not None]
    assert len(chain) == 59


def test_deep_reply_chain_beyond_the_depth_cap_is_bounded(tmp_path, capsys):
    page = tmp_path / "deep.html"
    page.write_bytes(_many_comments(flat=5, chain=2000))
    run = cli(capsys, "extract", page, "--json")
    assert run.code == 0, run.err
    record = json.loads(run.out)
    assert record["headline"] == HEADLINE and PARAGRAPHS[1] in record["body"]


# -- big inputs: subprocess with a timeout, so a hang fails instead of stalling ----------

def _bloat(size: int, newline: str) -> str:
    """``size`` bytes of the markup that makes real pages huge: menus, ad slots, inline data."""
    block = ('<div class="ad-slot" data-config=\'{"unit":"x","sizes":[[300,250],[728,90]]}\'>'
             '<a href="/promo?id=1"><img src="/i.png" alt=""></a></div>' + newline
             + "<script>window.__STATE__.push({\"id\":1,\"t\":\"" + "ab" * 200 + "\"});</script>" + newline)
    return block * (size // len(block.encode()) + 1)


def _write_big(path: Path, kind: str) -> None:
    if kind == "50mb-page":
        path.write_bytes(article_html(URL, extra_body=_bloat(50 * 1024 * 1024, "\n")).encode())
    elif kind == "100k-nested-divs":
        nested = "<div>" * 100_000 + "عمق" + "</div>" * 100_000
        path.write_bytes(article_html(URL, extra_body=nested).encode())
    elif kind == "10mb-one-line":  # a minified page: everything on one line
        path.write_bytes(article_html(URL, extra_body=_bloat(10 * 1024 * 1024, "")).encode())


@pytest.mark.parametrize("kind", ["50mb-page", "100k-nested-divs", "10mb-one-line"])
def test_big_pages_are_archived_within_the_limits(kind, tmp_path):
    page = tmp_path / f"{kind}.html"
    _write_big(page, kind)
    db = tmp_path / "a.db"
    started = time.monotonic()
    # The budget is tested on its own below; here a loaded CI machine must not turn into a skip.
    run = run_akhbar("load", page, "--db", db, timeout=90, AKHBAR_EXTRACT_SECONDS="60")
    elapsed = time.monotonic() - started
    assert "Traceback" not in run.err
    assert run.code == 0, run.err
    assert run.out.startswith("1 new")
    assert check_archive(db) == {"articles": 1, "comments": 0, "raw_pages": 1}
    conn = sqlite3.connect(db)
    size, headline = conn.execute(
        "SELECT r.size, a.headline FROM raw_pages r JOIN articles a ON a.id = r.article_id").fetchone()
    assert size == page.stat().st_size  # the raw page is kept whole, even when extraction was cut
    assert headline == HEADLINE
    assert elapsed < 80


def test_slow_extractor_is_stopped_by_the_budget_and_the_run_goes_on(tmp_path, capsys, monkeypatch):
    from akhbar.scrapers import registry

    def endless(page):  # a pathological stage: pure Python that never ends
        while True:
            pass

    monkeypatch.setitem(registry._REGISTRY, "slow.example", endless)
    monkeypatch.setenv("AKHBAR_EXTRACT_SECONDS", "0.5")
    (tmp_path / "a-slow.html").write_bytes(article_html("https://slow.example/news/1.html").encode())
    (tmp_path / "b-good.html").write_bytes(_article())
    db = tmp_path / "a.db"
    started = time.monotonic()
    run = cli(capsys, "load", tmp_path / "a-slow.html", tmp_path / "b-good.html", "--db", db)
    assert time.monotonic() - started < 10
    assert run.code == 1
    assert_one_line_error(run.err, "a-slow.html", "longer than 0.5 s")
    assert run.out.startswith("1 new") and "1 failed" in run.out
    assert check_archive(db)["articles"] == 1


def test_budget_survives_a_stage_that_swallows_exceptions(monkeypatch):
    from akhbar.scrapers import registry

    def stubborn(page):
        for _ in range(100):
            try:
                while True:
                    pass
            except Exception:  # noqa: BLE001 - the point of the test
                continue

    monkeypatch.setitem(registry._REGISTRY, "stubborn.example", stubborn)
    with pytest.raises(ExtractionLimit, match="longer than 0.3 s"):
        bounded_extract(article_html("https://stubborn.example/x.html"), None, seconds=0.3)


def test_an_extractor_bug_fails_the_page_not_the_run(tmp_path, capsys, monkeypatch):
    from akhbar.scrapers import registry

    def broken(page):
        raise KeyError("boom")

    monkeypatch.setitem(registry._REGISTRY, "broken.example", broken)
    (tmp_path / "a.html").write_bytes(article_html("https://broken.example/news/1.html").encode())
    (tmp_path / "b.html").write_bytes(_article())
    db = tmp_path / "a.db"
    run = cli(capsys, "load", tmp_path, "--db", db)
    assert run.code == 1
    assert_one_line_error(run.err, "a.html", "extraction failed (KeyError")
    assert check_archive(db)["articles"] == 1


def test_depth_cap_keeps_text_and_removes_only_deep_tags():
    html = "<body>" + "<div>" * 1000 + "deep text" + "</div>" * 1000 + "<p>after</p></body>"
    capped, removed = cap_depth(html)
    assert removed == 2 * (1000 - MAX_DEPTH + 1)  # <body> is one level
    assert "deep text" in capped and "<p>after</p>" in capped
    assert capped.count("<div>") == MAX_DEPTH - 1 == capped.count("</div>")


def test_depth_cap_ignores_markup_inside_scripts_and_comments():
    html = ("<body><script>" + "document.write('<div>');" * 2000 + "</script><!--" + "<div>" * 2000
            + "--><p>text</p></body>")
    assert cap_depth(html) == (html, 0)


def test_depth_cap_leaves_real_pages_alone():
    folder = shared_dir() / "benchmarks" / "article-extraction" / "html"
    pages = sorted(folder.glob("*.html.gz"))[:40] if folder.is_dir() else []
    if not pages:
        pytest.skip("benchmark pages not available")
    for path in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert cap_depth(html)[1] == 0, path.name


# -- safety: links, file names, XML ----------------------------------------------------

TRAPS = ["file:///etc/passwd", "data:text/html;base64,PGgxPng8L2gxPg==", "javascript:alert(1)",
         "JaVaScRiPt:fetch('/news/2026/11/trap-9000.html')", "vbscript:msgbox", "mailto:a@b.example",
         "ftp://127.0.0.1/news/2026/11/trap-9001.html", "about:blank", "blob:http://x/1",
         "java\tscript:alert(1)", "java&#x0A;script:alert(1)", " \tjavascript:alert(1)",
         "&#x6A;avascript:alert(1)"]


def _crawl_site(root: Path) -> None:
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    news = root / "news" / "2026" / "11"
    news.mkdir(parents=True)
    for i in range(3):
        (news / f"story-{1000 + i}.html").write_bytes(
            article_html(f"{{{{BASE}}}}news/2026/11/story-{1000 + i}.html", f"{HEADLINE} {i}",
                         [f"{p} {i}" for p in PARAGRAPHS]).encode())
    for i in (9000, 9001, 9002, 9003):  # would be archived if anything led there
        (news / f"trap-{i}.html").write_bytes(
            article_html(f"{{{{BASE}}}}news/2026/11/trap-{i}.html", f"فخ {i}").encode())


def test_crawl_follows_only_http_links_on_the_start_site(tmp_path):
    sitesrv = pytest.importorskip("sitesrv", reason="tests/sitesrv.py (crawl test server) missing")
    root = tmp_path / "site"
    _crawl_site(root)
    db = tmp_path / "news.db"
    with sitesrv.SiteServer(root) as site:
        port = site.base.rsplit(":", 1)[1].strip("/")
        offsite = [f"http://localhost:{port}/news/2026/11/trap-9002.html",   # same server, other host
                   f"//localhost:{port}/news/2026/11/trap-9003.html"]
        links = "".join(f'<li><a href="{href}">x</a></li>' for href in TRAPS + offsite)
        links += "".join(f'<li><a href="/news/2026/11/story-{1000 + i}.html">خبر</a></li>' for i in range(3))
        (root / "index.html").write_text(f'<html><head><meta charset="utf-8"></head><body><ul>{links}'
                                         f'</ul></body></html>', encoding="utf-8")
        run = run_akhbar("crawl", site.url("/"), "--db", db, "--delay", "0", "--timeout", "5",
                         "--retries", "0")
        requested = site.requests()
    assert "Traceback" not in run.err
    assert run.code in (0, 1), run.err
    assert all(r.headers.get("host", "").startswith("127.0.0.1") for r in requested)
    assert not [r.path for r in requested if "trap" in r.path]
    stored = {u for (u,) in sqlite3.connect(db).execute("SELECT url FROM articles")}
    assert len(stored) == 3 and not any("trap" in u for u in stored)


def test_redirect_to_a_non_http_scheme_is_not_followed(tmp_path):
    sitesrv = pytest.importorskip("sitesrv", reason="tests/sitesrv.py (crawl test server) missing")
    root = tmp_path / "site"
    _crawl_site(root)
    db = tmp_path / "news.db"
    with sitesrv.SiteServer(root) as site:
        site.route("/news/2026/11/story-1000.html", status=302, redirect="file:///etc/passwd")
        run = run_akhbar("fetch", site.url("/news/2026/11/story-1000.html"),
                         site.url("/news/2026/11/story-1001.html"), "--db", db, "--delay", "0",
                         "--retries", "0", "--timeout", "5")
    assert run.code == 1
    assert_one_line_error(run.err, "story-1000.html")
    assert "root:" not in run.out + run.err
    assert run.out.startswith("1 new")


HOSTILE_PATHS = ["/news/..%2F..%2F..%2Fescape-1.html", "/news/%2e%2e/%2e%2e/escape-2.html",
                 "/news/a%00b/escape-3.html", "/news/" + "x" * 3000 + ".html",
                 "/news/.hidden.html", "/news/%5C..%5C..%5Cescape-4.html", "/news/CON",
                 "/news/story.html?next=/../../etc/passwd&x=" + "%2F.." * 50]


def test_save_html_names_never_leave_the_folder(tmp_path):
    sitesrv = pytest.importorskip("sitesrv", reason="tests/sitesrv.py (crawl test server) missing")
    root = tmp_path / "site"
    _crawl_site(root)
    folder = tmp_path / "deep" / "saved"
    folder.mkdir(parents=True)
    db = tmp_path / "deep" / "news.db"
    page = article_html("", f"{HEADLINE} محفوظ").encode()
    with sitesrv.SiteServer(root) as site:
        for path in HOSTILE_PATHS:
            site.route(path.split("?")[0].replace("%2F", "/").replace("%2e", "."), body=page,
                       content_type="text/html")
            site.route(path.split("?")[0], body=page, content_type="text/html")
        urls = [site.base.rstrip("/") + path for path in HOSTILE_PATHS]
        run = run_akhbar("fetch", *urls, "--save-html", folder, "--db", db, "--delay", "0",
                         "--retries", "0", "--timeout", "5")
    assert "Traceback" not in run.err
    everything = {p for p in tmp_path.rglob("*") if p.is_file()}
    outside = {p for p in everything if folder not in p.parents and p.parent != tmp_path / "deep"
               and root not in p.parents}
    assert outside == set(), outside
    saved = list(folder.iterdir())
    assert saved and all(p.parent == folder and not p.name.startswith(".") for p in saved)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&xxe;</loc></url></urlset>"""
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><rss version="2.0"><channel><item><link>http://x.example/&lol9;</link></item>'
            b'</channel></rss>')
EXTERNAL_DTD = (b'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "http://127.0.0.1:9/evil.dtd">'
                b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://x.example/a"/>'
                b'</entry></feed>')
PARAMETER = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
             b'<urlset><url><loc>http://x.example/a</loc></url></urlset>')


@pytest.mark.parametrize("xml", [XXE, LAUGHS, EXTERNAL_DTD, PARAMETER, gzip.compress(LAUGHS),
                                 gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024) + b"</urlset>")],
                         ids=["xxe", "billion-laughs", "external-dtd", "parameter-entity",
                              "gzipped-laughs", "gzip-bomb"])
def test_feeds_and_sitemaps_never_expand_entities(xml):
    from akhbar.scrapers.fetch.xmlfeeds import parse_xml
    doc = parse_xml(xml, "http://x.example/sitemap.xml")
    urls = [e.url for e in doc.entries + doc.sitemaps]
    assert not any("root:" in u or "lollol" in u for u in urls)
    if xml is not EXTERNAL_DTD:  # an external DTD is never fetched; the entries may be read
        assert doc.kind == "unknown" or urls == []


def test_crawl_goes_on_past_a_hostile_sitemap(tmp_path):
    sitesrv = pytest.importorskip("sitesrv", reason="tests/sitesrv.py (crawl test server) missing")
    root = tmp_path / "site"
    _crawl_site(root)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: {{BASE}}sitemap.xml\n")
    (root / "sitemap.xml").write_bytes(LAUGHS)
    links = "".join(f'<a href="/news/2026/11/story-{1000 + i}.html">x</a>' for i in range(3))
    (root / "index.html").write_text(f"<html><body>{links}</body></html>")
    db = tmp_path / "news.db"
    with sitesrv.SiteServer(root) as site:
        run = run_akhbar("crawl", site.url("/"), "--db", db, "--delay", "0", "--retries", "0",
                         "--timeout", "5")
    assert run.code == 1
    assert_one_line_error(run.err, "sitemap.xml")
    assert run.out.startswith("3 new")


def test_link_discovery_parses_a_depth_capped_page(monkeypatch):
    """The crawler's link discovery parses its own tree: it must get the depth cap too."""
    from akhbar.scrapers.fetch import discover
    real = discover.LexborHTMLParser
    handed: list[str] = []

    def recording(html):
        handed.append(html)
        return real("<a href='/x'>x</a>")

    monkeypatch.setattr(discover, "LexborHTMLParser", recording)
    discover.page_links("<body>" + "<div>" * 5000 + "<a href='/a'>a</a>" + "</div>" * 5000,
                        "http://x.example/")
    assert cap_depth(handed[0])[1] == 0


def test_crawl_extraction_keeps_the_time_budget(monkeypatch):
    """The crawler extracts under the same budget as load (in the event-loop thread)."""
    import asyncio

    from akhbar.scrapers import registry
    from akhbar.scrapers.fetch.client import Fetched
    from akhbar.scrapers.fetch.verdict import extract_fetched

    def slow(page):  # slow, not endless: the thread must end for the test process to exit
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            pass
        raise AssertionError("should have been stopped by the budget")

    monkeypatch.setitem(registry._REGISTRY, "slow.example", slow)
    monkeypatch.setenv("AKHBAR_EXTRACT_SECONDS", "0.5")
    fetched = Fetched(url="https://slow.example/news/1.html", final_url="https://slow.example/news/1.html",
                      status=200, content=article_html("https://slow.example/news/1.html").encode(),
                      content_type="text/html")
    started = time.monotonic()
    try:
        asyncio.run(extract_fetched(fetched))
    except Exception:  # noqa: BLE001 - what matters here is when it returns
        pass
    assert time.monotonic() - started < 2


def test_a_fifo_or_device_is_refused_not_waited_on(tmp_path, capsys):
    import os
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    db = tmp_path / "a.db"
    run = cli(capsys, "load", fifo, "/dev/zero", "--db", db)  # both would block or never end
    assert run.code == 1
    assert_one_line_error(run.err, "pipe.html: not a regular file", "/dev/zero: not a regular file")


@pytest.mark.parametrize("wrapper", ["<svg>", "<svg><title>", "<math><style>", "<svg><script>"])
def test_depth_cap_is_not_fooled_by_svg_or_mathml(wrapper):
    # HTML tags end SVG/MathML content, and raw-text rules do not apply inside it (found by fuzzing).
    html = "<body>" + wrapper + "<div>" * 3000 + "x" + "</div>" * 3000
    assert cap_depth(html)[1] > 0
    assert extract_ok(html)


def test_self_closing_svg_elements_do_not_count_as_depth():
    html = "<body><svg>" + "<path d='M0 0'/>" * 3000 + "</svg><p>text</p></body>"
    assert cap_depth(html) == (html, 0)


def extract_ok(html: str) -> bool:
    from akhbar.scrapers import extract
    return extract(html, "https://e.example/a").body.strip() != "" or True


# -- depth cap: the two paths of limits.parse_capped -------------------------------------

def test_a_small_deep_page_is_parsed_then_cut_to_the_cap():
    from akhbar.scrapers.limits import PARSE_SAFE_TAGS, parse_capped, tree_too_deep
    html = "<body>" + "<div>" * 1000 + "deep text" + "</div>" * 1000 + "<p>after</p></body>"
    assert html.count("<") <= PARSE_SAFE_TAGS  # the parse-first path
    text, tree, notes = parse_capped(html)
    assert (text, notes) == (cap_depth(html)[0], [f"{2 * (1000 - MAX_DEPTH + 1)} tags nested "
                                                  f"deeper than {MAX_DEPTH} levels were ignored"])
    assert not tree_too_deep(tree)
    assert "deep text" in tree.body.text() and "after" in tree.body.text()


def test_a_large_deep_page_is_cut_before_parsing(monkeypatch):
    from akhbar.scrapers import limits
    parsed: list[str] = []
    real = limits.LexborHTMLParser
    monkeypatch.setattr(limits, "LexborHTMLParser", lambda h: parsed.append(h) or real(h))
    html = "<body>" + "<div>" * 6000 + "x" + "</div>" * 6000
    assert html.count("<") > limits.PARSE_SAFE_TAGS
    text, _, notes = limits.parse_capped(html)
    assert parsed == [text] and cap_depth(text)[1] == 0 and notes  # deep nesting never parsed


@pytest.mark.parametrize("depth, deep", [(MAX_DEPTH, False), (MAX_DEPTH + 1, True)])
def test_tree_depth_check_counts_levels_below_html(depth, deep):
    from selectolax.lexbor import LexborHTMLParser

    from akhbar.scrapers.limits import tree_too_deep
    # body is level 1 below <html>; the chain ends in a later sibling, not a first child
    html = "<body>" + "<div>" * (depth - 2) + "<i>a</i><span>deepest</span>"
    assert tree_too_deep(LexborHTMLParser(html)) is deep


def test_implied_end_tags_are_not_mistaken_for_depth():
    """Unclosed ``<li><p>`` items: the tag scan counts them deeper and deeper,
    the parser closes each item. The parse-first path keeps the page whole."""
    from akhbar.scrapers.limits import parse_capped
    html = "<body><ul>" + "<li><p>item words here" * 400 + "</ul></body>"
    assert cap_depth(html)[1] > 0
    text, tree, notes = parse_capped(html)
    assert text == html and notes == [] and len(tree.css("li")) == 400


def test_extraction_leaves_the_garbage_collector_as_it_found_it():
    import gc

    from akhbar.scrapers import extract
    page = "<html><body><article><p>" + "words " * 40 + "</p></article></body></html>"
    assert gc.isenabled()
    extract(page, "https://e.example/a")
    assert gc.isenabled()
    gc.disable()
    try:
        extract(page, "https://e.example/a")
        bounded_extract(page, "https://e.example/a")
        assert not gc.isenabled()
    finally:
        gc.enable()
    bounded_extract(page, "https://e.example/a")
    assert gc.isenabled()
