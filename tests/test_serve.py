"""``akhbar serve``: a real server subprocess on 127.0.0.1, real HTTP requests, a real archive.

Checks what the issue asks of the web view: the home page's search form, search
with exactly ``akhbar search``'s analysis, the article page (RTL, threads,
removed comments, versions), facets, JSON/CSV, raw pages as downloads only,
and that nothing can write to the archive.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from serve_helpers import EDIT, NADORCITY_PAGE, REMOVED_AUTHOR, REPO, akhbar, make_archive, served

from akhbar.storage import Archive

pytest.importorskip("datasette", reason="akhbar serve needs the web extra: pip install 'akhbar[web]'")

NADORCITY = json.loads(NADORCITY_PAGE.with_suffix(".json").read_text("utf-8"))
HEADLINE = NADORCITY["headline"]  # written الاخير
REPLY = next(c for c in NADORCITY["comments"] if c["parent"] is not None)
# A word of the other Arabic article (the generic WordPress one), in no NadorCity page.
OTHER = json.loads((REPO / "sample_pages/generic/arabic-wordpress-maghreb-comments.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def site(archive: Path, tmp_path_factory: pytest.TempPathFactory):
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    with served(archive, tmp_path_factory.mktemp("log") / "serve.log") as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client
    # Nothing any test asked for changed a byte of the archive.
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before


def ids(archive: Path, query: str) -> list[int]:
    with Archive.open(archive, create=False) as arc:
        return [hit.id for hit in arc.search(query, limit=50)]


def nadorcity_id(archive: Path) -> int:
    with sqlite3.connect(archive) as conn:
        return conn.execute("SELECT id FROM articles WHERE site = 'www.nadorcity.com'").fetchone()[0]


def test_home_page_has_a_search_form(site):
    page = site.get("/")
    assert page.status_code == 200
    assert '<input type="search"' in page.text and 'action="/-/search"' in page.text
    assert HEADLINE in page.text  # the newest articles are listed


def test_search_is_akhbar_search(site, archive):
    """الأخير finds the headline written الاخير, ranked exactly as ``akhbar search`` ranks it."""
    found = site.get("/-/search.json", params={"q": "الأخير"}).json()
    assert [hit["id"] for hit in found["hits"]] == ids(archive, "الأخير") != []
    assert HEADLINE in [hit["headline"] for hit in found["hits"]]
    cli = akhbar("search", "الأخير", "--db", str(archive), "--json", "--limit", "50")
    assert [json.loads(line)["id"] for line in cli.stdout.splitlines()] == [h["id"] for h in found["hits"]]
    page = site.get("/-/search", params={"q": "الأخير"})
    assert page.status_code == 200 and HEADLINE in page.text and "<mark>" in page.text


def test_search_for_the_other_article_is_right_to_left(site, archive):
    word = OTHER["headline"].split()[-1]
    found = site.get("/-/search.json", params={"q": word}).json()["hits"]
    hit = next(h for h in found if h["headline"] == OTHER["headline"])
    assert hit["dir"] == "rtl" and hit["language"] == "ar"
    page = site.get("/-/search", params={"q": word}).text
    assert '<li dir="rtl" lang="ar">' in page
    article = site.get(f"/-/article/{hit['id']}").text
    assert 'class="akhbar-article" dir="rtl" lang="ar"' in article and OTHER["headline"] in article


def test_search_json_and_csv(site):
    csv_page = site.get("/-/search.csv", params={"q": "الأخير"})
    assert csv_page.headers["content-type"].startswith("text/csv")
    assert csv_page.text.splitlines()[0] == "id,url,site,headline,published,language,snippet,score"
    assert HEADLINE in csv_page.text
    assert site.get("/-/search.json", params={"q": ""}).json()["hits"] == []


def test_article_page_reads_right_to_left_with_threads(site, archive):
    page = site.get(f"/-/article/{nadorcity_id(archive)}")
    assert page.status_code == 200
    html = page.text
    assert 'class="akhbar-article" dir="rtl" lang="ar"' in html
    assert f'<h1 class="akhbar-headline">{HEADLINE}</h1>' in html
    assert NADORCITY["source"] in html
    # The reply sits inside the replies list of the comment it answers.
    replies = html.split('class="akhbar-replies"', 1)[1]
    assert REPLY["text"] in replies.split("</ol>", 1)[0]
    # The comment the later capture lacked is kept and marked removed.
    removed = html.split("akhbar-comment akhbar-removed", 1)[1].split("</li>", 1)[0]
    assert REMOVED_AUTHOR in removed and "akhbar-removed-label" in removed
    # Two versions; the diff shows the changed word.
    assert f"<del>{EDIT[0]}" in html and f"<ins>{EDIT[1]}" in html
    assert "/-/raw/" in html


def test_article_json(site, archive):
    article_id = nadorcity_id(archive)
    data = site.get(f"/-/article/{article_id}.json").json()
    with Archive.open(archive, create=False) as arc:
        record = arc.record(article_id)
    assert {k: data[k] for k in record} == json.loads(json.dumps(record))
    assert len(data["versions"]) == 2
    thread = data["comment_threads"]
    assert thread[0]["replies"][0]["text"] == REPLY["text"]
    assert site.get("/-/article/999999").status_code == 404


def test_near_duplicates_are_those_akhbar_dupes_finds(site, archive):
    article_id = nadorcity_id(archive)
    listed = akhbar("dupes", "--db", str(archive), "--json")
    pairs = [(p["a"]["id"], p["b"]["id"]) for p in map(json.loads, listed.stdout.splitlines())]
    expected = sorted({b if a == article_id else a for a, b in pairs if article_id in (a, b)})
    assert expected, listed.stdout  # the sample pages hold a copy of this article without its URL
    shown = site.get(f"/-/article/{article_id}.json").json()["near_duplicates"]
    assert sorted(d["id"] for d in shown) == expected
    page = site.get(f"/-/article/{article_id}").text
    assert all(f'href="/-/article/{other}"' in page for other in expected)


def test_raw_page_is_a_download_of_the_original_bytes(site, archive):
    with sqlite3.connect(archive) as conn:
        raw_id = conn.execute("SELECT id FROM raw_pages WHERE origin LIKE ?",
                              [f"%{NADORCITY_PAGE.name}"]).fetchone()[0]
    response = site.get(f"/-/raw/{raw_id}")
    assert response.status_code == 200
    assert response.content == NADORCITY_PAGE.read_bytes()
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_facets_by_site_language_and_month(site):
    data = site.get("/news/articles.json", params={"_size": "0"}).json()
    facets = {f["name"] + ":" + f["type"]: {r["value"]: r["count"] for r in f["results"]}
              for f in data["facet_results"].values()}
    assert facets["site:column"]["www.nadorcity.com"] == 1
    assert facets["language:column"]["ar"] >= 2
    assert facets["published:month"]["2021-09"] >= 1
    month = site.get("/news/articles.json", params={"published__startswith": "2021-09", "_size": "0"})
    assert month.json()["filtered_table_rows_count"] == facets["published:month"]["2021-09"]
    csv_page = site.get("/news/articles.csv", params={"_size": "max"})
    assert csv_page.status_code == 200 and HEADLINE in csv_page.text


def test_writes_are_refused(site, archive):
    with sqlite3.connect(archive) as conn:
        count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    insert = site.post("/news/articles/-/insert", json={"row": {"url": "https://x.example/a"}})
    assert insert.status_code in (403, 404, 405)
    assert site.post("/-/search", data={"q": "x"}).status_code == 405
    delete = site.get("/news.json", params={"sql": "DELETE FROM articles"})
    assert delete.status_code == 400 and "SELECT" in delete.json()["error"]
    # Past Datasette's SELECT check, SQLite itself refuses: the connection is read-only.
    sneaky = site.get("/news.json", params={"sql": "WITH x AS (SELECT 1) DELETE FROM articles"}).json()
    assert sneaky["ok"] is False and "readonly" in sneaky["error"]
    assert site.get("/news.json", params={"sql": "SELECT COUNT(*) AS n FROM articles",
                                          "_shape": "array"}).json() == [{"n": count}]


def test_sql_gets_akhbar_match(site, archive):
    sql = ("SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH akhbar_match(:q) "
           "ORDER BY rowid")
    rows = site.get("/news.json", params={"sql": sql, "q": "الأخير", "_shape": "array"}).json()
    assert sorted(r["id"] for r in rows) == sorted(ids(archive, "الأخير"))


def test_serve_without_the_web_extra_says_what_to_install(archive):
    code = ("import sys; sys.modules['datasette'] = None; sys.modules['uvicorn'] = None; "
            "from akhbar.cli.main import main; main(['serve', '--db', sys.argv[1]])")
    done = subprocess.run([sys.executable, "-c", code, str(archive)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["akhbar: akhbar serve needs the web extra: "
                                                "pip install 'akhbar[web]'"]


def test_serve_refuses_a_file_that_is_no_archive(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    done = akhbar("serve", "--db", str(other), "--port", "0")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "not an SQLite database" in done.stderr


def test_serve_reports_a_busy_port(archive):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = akhbar("serve", "--db", str(archive), "--port", str(port))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"akhbar: cannot listen on 127.0.0.1:{port}: Address already in use"]
