"""Re-judging archived pages, never overwriting a record, ``akhbar explain``, and the extraction pool."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from newssites import BL_POSTS, blogger, webmaker, wordpress
from sitesrv import SAMPLE_SITE, SiteServer
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers.fetch.client import Fetched
from akhbar.scrapers.fetch.pool import Analyzer
from akhbar.scrapers.record import Article
from akhbar.storage import Archive
from akhbar.storage.fetch_state import FetchState

FAST = ["--delay", "0", "--timeout", "5", "--retries", "0"]
REPO = Path(__file__).resolve().parent.parent


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def events_of(result) -> list[dict]:
    return [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]


def test_refresh_marks_an_archived_page_that_is_a_listing(tmp_path):
    """A section page stored as an article (``fetch`` stores what it is asked for, as older
    versions of crawl did) is re-judged when refresh reads it changed: marked, not updated,
    no longer refreshed, and crawled as a listing."""
    site = wordpress()
    site.write(tmp_path / "site")
    db = tmp_path / "news.db"
    with SiteServer(tmp_path / "site") as server:
        section = server.url("/category/vie-locale/")
        assert run("fetch", section, "--db", db, *FAST).exit_code == 0
        with sqlite3.connect(db) as conn:
            (record, headline), = conn.execute("SELECT id, headline FROM articles")
        # The section moves on: its "body" changes into other stories' teasers.
        site.edit("/category/vie-locale/", "</h1></header>", "</h1></header>" + _teaser())
        result = run("refresh", "--db", db, "--published-within", "3650d", "--older-than", "0s",
                     "--log-json", *FAST)
        assert result.exit_code == 0, result.stderr
        (listing,) = [e for e in events_of(result) if e["event"] == "listing"]
        assert listing["marked"] == record and "now judged a listing" in listing["reason"]
        assert "1 marked as not articles" in result.stdout
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT headline FROM articles").fetchall() == [(headline,)]
            assert conn.execute("SELECT article_id FROM not_articles").fetchall() == [(record,)]
        server.clear_log()
        again = run("refresh", "--db", db, "--published-within", "3650d", "--older-than", "0s", *FAST)
        assert again.exit_code == 0 and "/category/vie-locale/" not in server.paths()
        crawl = run("crawl", server.url("/"), "--db", db, "--log-json", *FAST)
        outcomes = {e["url"]: e["event"] for e in events_of(crawl)
                    if e["event"] not in ("fetched", "summary")}
        assert outcomes[section] == "listing"


def test_pagination_is_not_a_hop_and_dropped_links_are_reported(tmp_path):
    """Page 3 of a "next page"-only section is as near as page 1; a link beyond
    --max-depth is not fetched but reported, with the page it was on."""
    site = webmaker()
    site.write(tmp_path / "site")
    with SiteServer(tmp_path / "site") as server:
        deep = run("crawl", server.url("/"), "--db", tmp_path / "a.db", "--log-json", *FAST)
        assert "/Vieille-medina-restauree_a1490.html" in server.paths()  # via ?start=20, depth 2
        stored = {e["url"] for e in events_of(deep) if e["event"] == "stored"}
        assert server.url("/Vieille-medina-restauree_a1490.html") in stored
        server.clear_log()
        shallow = run("crawl", server.url("/"), "--db", tmp_path / "b.db", "--max-depth", "1",
                      "--log-json", *FAST)
    assert "/Vieille-medina-restauree_a1490.html" not in server.paths()
    assert "/Societe_r3.html?start=20" in server.paths()  # the section's pages are depth 1
    (dropped,) = [e for e in events_of(shallow) if e["event"] == "skipped"
                  and e["url"].endswith("_a1490.html")]
    assert dropped["skip"] == "depth" and dropped["via"].endswith("/Societe_r3.html?start=20")
    assert " depth" in shallow.stdout.split("skipped")[1]


def _teaser() -> str:
    from newssites import _wp_teaser
    return _wp_teaser("/2026/11/28/route-cotiere-travaux/")


def test_refresh_never_reads_an_alias_nor_overwrites_the_record(tmp_path):
    """A month archive holding one post was stored as that post's alias (older crawls did);
    the archive then shows a newer post. Refresh re-reads the post itself; the archive page
    never replaces the post's headline."""
    site = blogger()
    site.write(tmp_path / "site")
    db = tmp_path / "news.db"
    post = "/2026/11/la-corniche-en-hiver.html"
    with SiteServer(tmp_path / "site") as server:
        assert run("fetch", server.url(post), "--db", db, *FAST).exit_code == 0
        fetched = run("fetch", server.url("/2026/11/"), "--db", db, *FAST)
        assert fetched.stdout.startswith("0 new, 0 updated, 0 unchanged, 1 aliases"), fetched.stdout
        site.edit("/2026/11/", '<div class="date-outer">', '<div class="date-outer"><h3 '
                  'class="post-title"><a href="/2026/11/autre.html">Un autre billet de novembre</a>'
                  '</h3><div class="post-body"><p>Un tout autre texte, sans rapport avec la '
                  "corniche, publié plus tard dans le mois.</p></div></div>")
        server.clear_log()
        result = run("refresh", "--db", db, "--published-within", "3650d", "--older-than", "0s", *FAST)
        assert result.exit_code == 0, result.stderr
        assert server.paths() == ["/robots.txt", post]
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT headline FROM articles").fetchall() == [
                (f"Nador en images: {BL_POSTS[post][0]}",)]


def _fetched(url: str) -> Fetched:
    return Fetched(url=url, final_url=url, status=200, content=b"<html></html>",
                   fetched_at="2026-12-06T10:00:00+00:00")


def test_a_page_never_lands_on_another_record(tmp_path):
    body = "A body long enough to say which article it is. " * 6
    with Archive.open(tmp_path / "a.db") as archive:
        state = FetchState.of(archive)
        first = state.save_article(Article(url="http://x.example/a", headline="A", body=body),
                                   _fetched("http://x.example/a"), "http://x.example/a")
        # The same text under another URL: an alias of the first record.
        alias = state.save_article(Article(url="http://x.example/arch", headline="A", body=body),
                                   _fetched("http://x.example/arch"), "http://x.example/arch")
        assert (alias.status, alias.article_id) == ("alias", first.article_id)
        # The alias URL now shows other text: a record of its own, the first one untouched.
        other = state.save_article(Article(url="http://x.example/arch", headline="B", body=body + "!"),
                                   _fetched("http://x.example/arch"), "http://x.example/arch")
        assert other.status == "new" and other.article_id != first.article_id
        assert archive.db.execute("SELECT headline FROM articles WHERE id = ?",
                                  [first.article_id]).fetchone() == ("A",)
        # Refresh of record 1 whose page now holds record 2's article: refused, nothing written.
        pages = archive.db.execute("SELECT COUNT(*) FROM raw_pages").fetchone()
        with pytest.raises(LookupError):
            state.save_article(Article(url="http://x.example/arch", headline="B", body=body + "!"),
                               _fetched("http://x.example/a"), "http://x.example/a",
                               expect_id=first.article_id)
        assert archive.db.execute("SELECT COUNT(*) FROM raw_pages").fetchone() == pages
        assert archive.db.execute("SELECT headline FROM articles ORDER BY id").fetchall() == [
            ("A",), ("B",)]


def test_explain_says_why(tmp_path):
    with SiteServer(SAMPLE_SITE) as server:
        article = run("explain", server.url("/news/2026/11/council-approves-port-budget-1001.html"),
                      "--db", tmp_path / "none.db")
        assert article.exit_code == 0, article.stderr
        assert ": article - " in article.stdout.splitlines()[0]
        assert "comments" in article.stdout and "headline:" in article.stdout
        listing = run("explain", server.url("/section/politics/"), "--json", "--db", tmp_path / "n.db")
        report = json.loads(listing.stdout)
        assert report["judged"] == "listing" and report["reason"]
        assert report["evidence"]["body_chars"] < 80
        missing = run("explain", server.url("/nope.html"), "--db", tmp_path / "n.db")
        assert missing.exit_code == 1 and missing.stderr.count("\n") == 1
        assert not (tmp_path / "n.db").exists() and not (tmp_path / "none.db").exists()


def test_version_and_search_do_not_import_the_fetching_layer():
    code = ("import sys; import akhbar.cli.main; "
            "assert 'httpx' not in sys.modules and 'akhbar.scrapers.fetch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def _slow_or_dying(content: bytes, url: str, charset, requested):
    """Stands in for ``analyze_page`` in the pool tests (imported by the workers)."""
    import os
    import time

    from akhbar.scrapers.fetch.analyze import PageAnalysis
    if content == b"die":
        os._exit(3)
    if content == b"slow":
        time.sleep(1.0)
    return PageAnalysis(problem=content.decode())


def test_pool_keeps_going_when_a_page_is_slow_or_kills_its_worker(monkeypatch):
    from akhbar.scrapers.fetch import pool
    monkeypatch.setattr(pool, "analyze_page", _slow_or_dying)
    analyzer = Analyzer(jobs=2)

    async def main():
        finished: list[str] = []

        async def one(content: bytes):
            result = await analyzer.analyze(content, "http://x/", None)
            finished.append(result.problem or "")
        await asyncio.gather(one(b"slow"), one(b"fast"))
        await one(b"die")
        await one(b"after")
        return finished
    try:
        finished = asyncio.run(main())
    finally:
        analyzer.close()
    assert finished[0] == "fast"  # the slow page did not hold the other one up
    assert finished[2] == "the extraction worker died on this page"
    assert finished[3] == "after"  # a new pool took over


_BRIEF = ("<p>Le conseil municipal a voté hier soir une série de mesures pour la circulation dans le "
          "centre-ville, dont une zone piétonne.</p>")


def _page(main: str, title: str) -> bytes:
    return (f"<html><head><title>{title} - Site</title></head><body><header><a href='/'>Site</a>"
            f"<nav><a href='/category/sport/'>Sport</a></nav></header><main>{main}</main>"
            "<footer>© Site</footer></body></html>").encode()


PAGES = {  # (URL, page, judged an article?)
    "section label above the headline": (
        "http://s.example/2026/12/titre-court/", _page(
            "<article><h4><a href='/category/sport/'>Sport et loisirs du Rif</a></h4><h1>Un titre "
            "assez long pour un article</h1>" + _BRIEF + "</article>", "Un titre assez long pour un article"),
        True),
    "a brief with a more-stories block": (
        "http://s.example/2026/12/pluie/", _page(
            "<article><h1>Pluie sur la ville ce matin</h1>" + _BRIEF + "</article><div class='more'>"
            "<h2>Plus d'articles</h2>" + "".join(f"<h3><a href='/post-{i}/'>Un autre article numéro {i}"
                                                 " du site</a></h3>" for i in range(4)) + "</div>",
            "Pluie sur la ville ce matin"), True),
    "a brief under a breadcrumb": (
        "http://s.example/article/88", _page(
            "<div class='bc'><a href='/'>Accueil</a> › <a href='/actualites/'>Actualités régionales"
            "</a></div><h1>Coupure d'eau mardi</h1>" + _BRIEF, "Coupure d'eau mardi"), True),
    "a section of headline links with an intro": (
        "http://s.example/economie/", _page(
            "<h1>Économie</h1><p>Toute l'actualité économique de la région : entreprises, emploi, "
            "commerce, port et agriculture, chaque jour.</p><ul>" + "".join(
                f"<li><a href='/eco-{i}/'>Une nouvelle économique numéro {i} du jour</a></li>"
                for i in range(8)) + "</ul>", "Économie"), False),
    "an archive page showing one post": (
        "http://s.example/2026/11/", _page(
            "<h2 class='date-header'>2026-11-20</h2><div class='post'><h3><a href='/2026/11/une-"
            "promenade.html'>Une promenade sur la corniche</a></h3><div class='post-body'>" + _BRIEF
            + "</div></div>", "Site: novembre 2026"), False),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_decides(name):
    from akhbar.scrapers.fetch.analyze import analyze_page
    from akhbar.scrapers.fetch.classify import classify_url
    from akhbar.scrapers.fetch.verdict import decide
    url, page, article = PAGES[name]
    verdict = decide(analyze_page(page, url).evidence, classify_url(url))
    assert verdict.article is article, verdict.reason


def test_a_page_judged_a_listing_on_weak_evidence_is_read_again(tmp_path):
    """An undated brief at a listing-like URL is judged a listing, until a dated article with
    the same URL shape is stored: then it is read again and stored (the site's own pattern)."""
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / "index.html").write_text(
        '<html><body><h1>Ville</h1><a href="/news/5.html">Marché de Noël sur la place</a> '
        '<a href="/archive/">Archives</a></body></html>', "utf-8")
    (root / "archive" / "index.html").write_text(
        '<html><body><h1>Archives</h1><a href="/news/1.html">Nouvelle piscine municipale</a>'
        "</body></html>", "utf-8")
    (root / "news" / "5.html").write_text(
        "<html><body><h1>Marché de Noël sur la place</h1><p>Le marché de Noël s'installe sur la "
        "place centrale du 15 au 24 décembre avec une quarantaine d'exposants.</p></body></html>",
        "utf-8")
    (root / "news" / "1.html").write_text(
        "<html><body><h1>Nouvelle piscine municipale</h1><time datetime='2026-12-01'>1er "
        "décembre 2026</time><p>La piscine municipale ouvrira en janvier, avec un bassin de "
        "vingt-cinq mètres et des horaires pour les écoles.</p></body></html>", "utf-8")
    with SiteServer(root) as server:
        result = run("crawl", server.url("/"), "--db", tmp_path / "n.db", "--concurrency", "1",
                     "--log-json", *FAST)
        assert server.paths().count("/news/5.html") == 2, server.paths()
    outcomes = [(e["event"], e["url"].rsplit("/", 1)[-1]) for e in events_of(result)
                if e["event"] in ("stored", "listing")]
    assert ("listing", "5.html") in outcomes and ("stored", "5.html") in outcomes
    assert outcomes.index(("stored", "1.html")) < outcomes.index(("stored", "5.html"))
