"""``akhbar bulk``: WARC files → a real Dask cluster (2 worker processes) → Parquet parts → ``load``.

The reference is ``akhbar load`` of the same WARC files: the archive built from
the parts must be the same, row for row (``benchmarks.archive_compare``).
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import REPO, check_archive, cli, cli_env, numbered_article
from test_warc import http_response, warc_record

from akhbar.storage.warc import WarcSkips, read_pages
from benchmarks.archive_compare import differences

pq = pytest.importorskip("pyarrow.parquet", reason="the scale extra (pip install 'akhbar[scale]')")
distributed = pytest.importorskip("dask.distributed", reason="the scale extra")

RESPONSE = "application/http;msgtype=response"


def response(i: int, body: bytes | None = None, ctype: str = "text/html; charset=UTF-8") -> bytes:
    uri = f"https://news.example/news/{i}.html"
    block = http_response("200 OK", [("Content-Type", ctype)],
                          numbered_article(i) if body is None else body)
    return warc_record("response", uri, f"2026-04-{1 + i % 28:02d}T06:00:00Z", block, RESPONSE)


def write_warcs(folder: Path) -> list[Path]:
    """A gzip-per-record WARC (an empty page that fails, a front page, a 404, requests) and a plain one."""
    folder.mkdir()
    first = folder / "a.warc.gz"
    with first.open("wb") as handle:
        for i in range(50):
            handle.write(gzip.compress(response(i)))
            if i % 10 == 0:
                handle.write(gzip.compress(warc_record(
                    "request", f"https://news.example/news/{i}.html", "2026-04-01T06:00:00Z",
                    b"GET / HTTP/1.1\r\n\r\n", "application/http;msgtype=request")))
        handle.write(gzip.compress(response(50, body=b"   ")))  # an empty page: one failed record
        front = warc_record("response", "https://news.example/", "2026-04-02T06:00:00Z",
                            http_response("200 OK", [("Content-Type", "text/html")],
                                          numbered_article(99).replace(b"/news/99.html", b"/")),
                            RESPONSE)
        handle.write(gzip.compress(front))  # a front page: no article, skipped by load
        handle.write(gzip.compress(warc_record(
            "response", "https://news.example/gone.html", "2026-04-02T06:00:00Z",
            http_response("404 Not Found", [("Content-Type", "text/html")], b"<html></html>"),
            RESPONSE)))
    second = folder / "b.warc"  # uncompressed; some pages are edits of the first file's
    with second.open("wb") as handle:
        for i in range(40, 70):
            page = numbered_article(i).replace("الفقرة".encode(), "المقطع".encode()) if i < 45 else None
            handle.write(response(i, page))
    return [first, second]


def test_every_record_lands_in_exactly_one_byte_range(tmp_path):
    from akhbar.cli.bulk_tasks import record_start

    for warc in write_warcs(tmp_path / "w"):
        with warc.open("rb") as handle:
            everything = [p.offset for p in read_pages(handle, WarcSkips())]
        size = warc.stat().st_size
        for chunk in (700, 1500, 4096, 20000, size):
            offsets = []
            with warc.open("rb") as handle:
                for start in range(0, size, chunk):
                    end = start + chunk if start + chunk < size else None
                    first = record_start(handle, start, end)
                    if first is None:
                        continue
                    handle.seek(first)
                    offsets += [p.offset for p in read_pages(handle, WarcSkips(), end)]
            assert offsets == everything, (warc.name, chunk)


def parts_table(folder: Path) -> list[dict]:
    rows = []
    for part in sorted(folder.glob("*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


def check_output(tmp_path: Path, warcs: list[Path], out: Path, capsys) -> None:
    rows = parts_table(out)
    assert len(rows) == 50 + 2 + 30
    assert [(r["page_url"], r["status"], r["error"]) for r in rows if r["status"] != "extracted"] == [
        ("https://news.example/news/50.html", "failed", "empty page"),
        ("https://news.example/", "not_article", "a site's front page, not an article")]
    first = rows[0]
    assert first["warc_file"] == str(warcs[0].resolve()) and first["warc_offset"] == 0
    assert first["warc_date"] == "2026-04-01T06:00:00+00:00" and first["http_status"] == 200
    assert first["content"] == numbered_article(0)
    assert first["headline"].endswith(" 0") and len(first["comments"]) == 3
    assert set(first["comments"][0]) == {"author", "published", "text", "parent"}
    from akhbar.scrapers import Article
    assert set(Article().to_dict()) <= set(first)  # every field of the record contract
    # Loading the parts gives the archive that loading the WARC files gives.
    direct = cli(capsys, "load", *warcs, "--db", tmp_path / "direct.db", "--jobs", "1")
    merged = cli(capsys, "load", out, "--db", tmp_path / "merged.db")
    assert direct.code == merged.code == 1  # the empty page
    assert merged.out == direct.out
    assert differences(tmp_path / "direct.db", tmp_path / "merged.db") == []
    check_archive(tmp_path / "merged.db")
    history = cli(capsys, "history", "https://news.example/news/41.html", "--db", tmp_path / "merged.db")
    assert history.code == 0 and "version 2" in history.out
    single = cli(capsys, "load", sorted(out.glob("*.parquet"))[0], "--db", tmp_path / "one.db")
    assert single.code in (0, 1) and " new, " in single.out


def test_bulk_on_a_local_cluster_of_two_workers(tmp_path, capsys):
    warcs = write_warcs(tmp_path / "warcs")
    out = tmp_path / "parts"
    run = subprocess.run([sys.executable, "-m", "akhbar", "bulk", str(tmp_path / "warcs"),
                          "--output", str(out), "--workers", "2", "--chunk-mb", "0.01", "--json"],
                         cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr  # one record failed; the job went on
    summary = json.loads(run.stdout)
    assert (summary["records"], summary["extracted"], summary["not_articles"], summary["failed"]) == \
        (82, 80, 1, 1)
    assert summary["workers"] == 2
    assert summary["ranges"] > 4 and summary["parts"] > 2 and summary["failed_ranges"] == 0
    assert summary["skipped"] == {"HTTP 404 responses": 1}
    assert "news/50.html: empty page" in run.stderr and "Traceback" not in run.stderr
    check_output(tmp_path, warcs, out, capsys)


def test_bulk_on_a_running_scheduler(tmp_path, capsys):
    warcs = write_warcs(tmp_path / "warcs")
    out = tmp_path / "parts"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        run = subprocess.run([sys.executable, "-m", "akhbar", "bulk", str(warcs[0]),
                              str(tmp_path / "warcs" / "*.warc"), "--output", str(out),
                              "--scheduler", cluster.scheduler_address, "--chunk-mb", "0.02"],
                             cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("82 records, 80 extracted, 1 not articles, 1 failed; ")
    assert "on 2 workers" in run.stdout
    check_output(tmp_path, warcs, out, capsys)
    again = subprocess.run([sys.executable, "-m", "akhbar", "bulk", str(warcs[0]), "--output",
                            str(out), "--workers", "1"], cwd=REPO, env=cli_env(),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already holds Parquet parts" in again.stderr


BLOCK_SCALE = '''
import sys
class _NoScale:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("dask", "distributed", "pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return None
sys.meta_path.insert(0, _NoScale())
'''


def test_without_the_scale_extra_bulk_says_what_to_install(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(BLOCK_SCALE)
    env = cli_env()
    env["PYTHONPATH"] = f"{hook}{os.pathsep}{env['PYTHONPATH']}"
    warcs = write_warcs(tmp_path / "warcs")
    run = subprocess.run([sys.executable, "-m", "akhbar", "bulk", str(warcs[0]), "--output",
                          str(tmp_path / "out")], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr == "akhbar: bulk needs Dask, pyarrow and fsspec: pip install 'akhbar[scale]'\n"
    part = tmp_path / "x.parquet"
    part.write_bytes(b"PAR1")
    load = subprocess.run([sys.executable, "-m", "akhbar", "load", str(part), "--db",
                           str(tmp_path / "n.db")], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert load.returncode == 1 and "pip install 'akhbar[scale]'" in load.stderr
    assert "Traceback" not in load.stderr


def test_site_and_language_filters_keep_only_the_wanted_records(tmp_path):
    from akhbar.cli.bulk_tasks import Chunk, process_chunk, site_matches

    assert site_matches("https://www.hespress.com/a.html", ("hespress.com",))
    assert site_matches("https://lematin.ma/x", (".ma",))
    assert not site_matches("https://nothespress.com/a", ("hespress.com",))
    warc = write_warcs(tmp_path / "w")[0]
    runs = {}
    for name, sites, languages in (("other", ("other.example",), ()),
                                   ("french", ("news.example",), ("fr",)),
                                   ("arabic", (".example",), ("ar",))):
        part = tmp_path / name / "part-00000-00000.parquet"
        runs[name] = (process_chunk(Chunk(str(warc), 0, None, str(part), sites, languages)), part)
    other, part = runs["other"]
    assert (other.records, other.written, not part.exists()) == (0, False, True)
    assert other.skips["pages of other sites"] == 52
    french, _ = runs["french"]
    assert (french.records, french.failed, french.not_articles) == (2, 1, 1)  # no language to judge
    assert french.skips["pages in other languages"] == 50
    arabic, part = runs["arabic"]
    assert (arabic.records, arabic.extracted, arabic.failed, arabic.not_articles) == (52, 50, 1, 1)
    assert len(pq.read_table(part)) == 52
