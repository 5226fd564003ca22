"""WARC in and out: a WARC written the way wget writes it is loaded; the export reads back."""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import uuid
import zlib

from test_history_pages import COMMENTS, PARAGRAPHS, page
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from akhbar.cli.main import app
from akhbar.storage import Archive

runner = CliRunner()
URL = "https://www.nadorcity.com/a_1.html"


def warc_record(kind: str, uri: str, date: str, block: bytes, content_type: str) -> bytes:
    """One WARC/1.0 record, byte for byte as wget writes it."""
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunked(data: bytes, size: int = 700) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
             for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def wget_style_warc(path, pages: list[tuple[str, str, bytes]]) -> None:
    """warcinfo, then request/response pairs (gzip+chunked bodies), a 404, an image, a redirect."""
    records = [warc_record("warcinfo", "", "2026-03-01T08:00:00Z", b"software: Wget/1.21\r\n",
                           "application/warc-fields")]
    for uri, date, html in pages:
        records.append(warc_record("request", uri, date, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                                   "application/http;msgtype=request"))
        body = chunked(gzip.compress(html))
        records.append(warc_record("response", uri, date, http_response(
            "200 OK", [("Content-Type", "text/html; charset=UTF-8"), ("Content-Encoding", "gzip"),
                       ("Transfer-Encoding", "chunked"), ("ETag", '"abc"')], body),
            "application/http;msgtype=response"))
    records.append(warc_record("response", "https://www.nadorcity.com/missing.html",
                               "2026-03-01T09:00:00Z",
                               http_response("404 Not Found", [("Content-Type", "text/html")],
                                             b"<html><body>not found</body></html>"),
                               "application/http;msgtype=response"))
    records.append(warc_record("response", "https://www.nadorcity.com/logo.png", "2026-03-01T09:00:00Z",
                               http_response("200 OK", [("Content-Type", "image/png")], b"\x89PNG...."),
                               "application/http;msgtype=response"))
    records.append(warc_record("response", "https://www.nadorcity.com/old", "2026-03-01T09:00:00Z",
                               http_response("301 Moved Permanently", [("Location", URL)], b""),
                               "application/http;msgtype=response"))
    with open(path, "wb") as handle:
        for record in records:  # one gzip member per record, like wget --warc-file
            handle.write(gzip.compress(record))


def edited_page() -> bytes:
    body = list(PARAGRAPHS)
    body[0] = body[0].replace("ثلاثين", "أربعين")
    return page(URL, "مشروع تأهيل الكورنيش", body, [COMMENTS[0], COMMENTS[2]]).encode()


def test_load_a_wget_warc(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    first = page(URL, "مشروع تأهيل الكورنيش", PARAGRAPHS, COMMENTS[:2]).encode()
    wget_style_warc(warc, [(URL, "2026-03-01T08:00:05Z", first),
                           (URL, "2026-03-02T08:00:05Z", edited_page())])
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["load", str(warc), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 new, 1 updated")
    assert "HTTP 404" in result.stderr and "non-HTML" in result.stderr
    with Archive.open(db) as archive:
        versions = archive.versions(1)
        assert [v["first_seen"] for v in versions] == ["2026-03-01T08:00:05+00:00",
                                                      "2026-03-02T08:00:05+00:00"]
        removed = archive.comment_history(1, "removed")
        assert [c["author"] for c in removed] == ["Sara"]
        assert removed[0]["removed_at"] == "2026-03-02T08:00:05+00:00"
        raw = archive.db.execute("SELECT url, fetched_at, http_status, headers, content, origin "
                                 "FROM raw_pages ORDER BY id").fetchall()
    assert len(raw) == 2
    assert raw[0][:3] == (URL, "2026-03-01T08:00:05+00:00", 200)
    assert json.loads(raw[0][3])["etag"] == '"abc"'
    assert zlib.decompress(raw[0][4]) == first  # chunked + gzip undone
    assert raw[0][5].startswith("warc:")


def test_export_warc_reads_back_with_warcio_and_round_trips(tmp_path):
    src = tmp_path / "crawl.warc.gz"
    first = page(URL, "مشروع تأهيل الكورنيش", PARAGRAPHS, COMMENTS[:2]).encode()
    wget_style_warc(src, [(URL, "2026-03-01T08:00:05Z", first),
                          (URL, "2026-03-02T08:00:05Z", edited_page())])
    db, out = tmp_path / "news.db", tmp_path / "out.warc.gz"
    local = tmp_path / "local.html"
    local.write_bytes(page("https://www.other.ma/n/1", "خبر", PARAGRAPHS[:2], []).encode())
    assert runner.invoke(app, ["load", str(src), str(local), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["export", "--format", "warc", "--output", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open(out, "rb") as handle:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.rec_headers.get_header("WARC-Date"), r.rec_headers.protocol,
                    r.http_headers and r.http_headers.get_statuscode(),
                    r.http_headers, r.content_stream().read())
                   for r in ArchiveIterator(handle)]
    assert [r[0] for r in records] == ["warcinfo", "response", "response", "response"]
    assert all(r[3] == "WARC/1.1" for r in records)
    _, uri, date, _, status, headers, payload = records[1]
    assert (uri, date, status, payload) == (URL, "2026-03-01T08:00:05Z", "200", first)
    assert headers.get_header("etag") == '"abc"' and headers.get_header("content-encoding") is None
    assert headers.get_header("content-length") == str(len(first))
    assert headers.get_header("content-type") == "text/html; charset=UTF-8"
    assert records[3][1] == "https://www.other.ma/n/1"
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    again = tmp_path / "again.db"  # the exported WARC loads back into the same history
    assert runner.invoke(app, ["load", str(out), "--db", str(again)]).exit_code == 0
    with Archive.open(again) as archive:
        assert len(archive.versions(archive.resolve(URL))) == 2
        assert archive.stats()["articles"] == 2


def test_export_warc_needs_output_and_plain_warc_is_uncompressed(tmp_path):
    db = tmp_path / "news.db"
    (tmp_path / "a.html").write_bytes(page(URL, "خبر", PARAGRAPHS, []).encode())
    runner.invoke(app, ["load", str(tmp_path / "a.html"), "--db", str(db)])
    missing = runner.invoke(app, ["export", "--format", "warc", "--db", str(db)])
    assert missing.exit_code == 2 and "--output" in missing.stderr
    out = tmp_path / "out.warc"
    assert runner.invoke(app, ["export", "--format", "warc", "-o", str(out), "--db", str(db)]).exit_code == 0
    assert out.read_bytes().startswith(b"WARC/1.1\r\n")
    assert len(list(ArchiveIterator(io.BytesIO(out.read_bytes())))) == 2


def test_a_corrupt_warc_is_one_failed_input(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a warc at all\r\n\r\n"))
    good = tmp_path / "a.html"
    good.write_bytes(page(URL, "خبر", PARAGRAPHS, []).encode())
    result = runner.invoke(app, ["load", str(bad), str(good), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert "not a readable WARC" in result.stderr
    assert result.stdout.startswith("1 new")
