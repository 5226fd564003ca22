"""WARC in and out (warcio): archive the HTML responses of a WARC; export raw pages as WARC/1.1.

Reading accepts what wget ``--warc-file``, ArchiveBox and browsertrix write:
``response`` records with an HTTP status 200 and an HTML content type (or,
without one, a payload that looks like HTML), plus ``resource`` records of
type text/html. Requests, metadata, revisits, redirects and non-HTML payloads
are skipped and counted. ``content_stream()`` undoes chunked transfer and
gzip/deflate content encoding, so the stored bytes are the page itself.

Writing produces one ``response`` record per stored raw page: the URL the
page was fetched from, its fetch date as ``WARC-Date``, and its HTTP headers
(those describing the transfer, which no longer apply to the decoded bytes,
are dropped; Content-Length is set). Records are streamed one at a time, so
memory stays flat whatever the archive's size.
"""
from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .errors import ArchiveError
from .skips import WarcSkips

HTML_TYPES = ("text/html", "application/xhtml+xml")
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection",
                    "keep-alive"}
MAX_PAGE_BYTES = 64 * 1024 * 1024


@dataclass
class WarcPage:
    url: str
    fetched_at: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    offset: int = 0

    @property
    def charset(self) -> str | None:
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def warc_date_to_iso(value: str | None) -> str | None:
    """``2026-01-02T03:04:05Z`` (or with fractions) as the archive's UTC ISO form."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _looks_like_html(head: bytes) -> bool:
    sample = head[:1024].lstrip().lower()
    return sample.startswith((b"<!doctype html", b"<html")) or b"<body" in sample


def read_pages(stream: IO[bytes], skips: WarcSkips, end: int | None = None) -> Iterator[WarcPage]:
    """The archivable HTML pages of a WARC stream, one at a time.

    ``end``: only the records that start before this offset of the file (``akhbar
    bulk`` reads a WARC in byte ranges, each from the start of a record).
    """
    try:
        records = ArchiveIterator(stream)
        for record in records:
            if end is not None and records.offset >= end:  # the record's start (warcio)
                return
            if record.format != "warc":  # warcio reads any text line as a lenient ARC header
                raise ArchiveLoadFailed(f"{record.format} record where a WARC record was expected")
            page = _page_of(record, skips)
            if page is not None:
                page.offset = records.get_record_offset()
                yield page
    except ArchiveLoadFailed as exc:
        raise ArchiveError(f"not a readable WARC file ({' '.join(str(exc).split())[:160]})") from None


def _page_of(record: Any, skips: WarcSkips) -> WarcPage | None:
    kind = record.rec_type
    if kind not in ("response", "resource"):
        if kind not in ("warcinfo", "request", "metadata"):  # expected companions: not worth a word
            skips.add(f"{kind} records")
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not url.startswith(("http://", "https://")):
        skips.add("non-HTTP records")
        return None
    headers: dict[str, str] = {}
    status: int | None = None
    if kind == "response":
        if record.http_headers is None:
            skips.add("responses without HTTP headers")
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        headers = {k.lower(): v for k, v in record.http_headers.headers}
        if status != 200:
            skips.add(f"HTTP {status} responses")
            return None
    ctype = (headers.get("content-type")
             or record.rec_headers.get_header("Content-Type") or "").lower()
    content = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(content) > MAX_PAGE_BYTES:
        skips.add("oversized pages")
        return None
    html = any(t in ctype for t in HTML_TYPES) or (
        not ctype.split(";")[0].strip() or "octet-stream" in ctype) and _looks_like_html(content)
    if not html:
        skips.add("non-HTML payloads")
        return None
    return WarcPage(url, warc_date_to_iso(record.rec_headers.get_header("WARC-Date")) or "",
                    status, headers, content)


# -- writing ---------------------------------------------------------------------


def _warc_date(iso: str | None) -> str:
    moment = datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_headers(status: int | None, stored: dict[str, str], size: int) -> StatusAndHeaders:
    status = status or 200
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    pairs = [(k, v) for k, v in stored.items() if k.lower() not in TRANSFER_HEADERS]
    if not any(k.lower() == "content-type" for k, _ in pairs):
        pairs.append(("Content-Type", "text/html"))
    pairs.append(("Content-Length", str(size)))
    return StatusAndHeaders(f"{status} {reason}", pairs, protocol="HTTP/1.1")


class WarcExporter:
    """Writes raw pages as WARC/1.1 ``response`` records (gzip per record for .gz)."""

    def __init__(self, handle: IO[bytes], gzip: bool, filename: str = "akhbar.warc.gz"):
        self.writer = WARCWriter(handle, gzip=gzip, warc_version="1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(filename, {
            "software": "akhbar", "format": "WARC File Format 1.1",
            "description": "raw pages stored in an akhbar archive"}))

    def write(self, url: str, fetched_at: str | None, status: int | None,
              headers: dict[str, str], content: bytes) -> None:
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(content), length=None,
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)},
            http_headers=_http_headers(status, headers, len(content)))
        self.writer.write_record(record)


def iter_raw_pages(conn: Any, batch: int = 100) -> Iterator[tuple[str, str, int | None,
                                                                  dict[str, str], bytes]]:
    """(url, fetched_at, status, headers, bytes) of every stored raw page, streaming."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT r.id, COALESCE(r.final_url, r.url, a.url), r.fetched_at, r.http_status, "
            "r.headers, r.content FROM raw_pages r JOIN articles a ON a.id = r.article_id "
            "WHERE r.id > ? ORDER BY r.id LIMIT ?", (last, batch)).fetchall()
        if not rows:
            return
        for _id, url, fetched_at, status, headers, content in rows:
            yield url, fetched_at, status, json.loads(headers or "{}"), zlib.decompress(content)
        last = rows[-1][0]
