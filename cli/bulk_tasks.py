"""What a Dask worker runs for ``akhbar bulk``: one byte range of one WARC file → one Parquet part.

A WARC file is cut into byte ranges so that even one large file keeps every
worker busy. The task for a range reads the records that *start* inside it:
it finds the first record start at or after the range's beginning (a gzip
member that inflates to a ``WARC/1.x`` header, or such a header line in an
uncompressed file), reads from there (``storage.warc.read_pages``: the same
records, skips and decoding as ``akhbar load FILE.warc``), and stops at the
first record that starts at or after the range's end, which the next task
reads. Every record therefore lands in exactly one part.

Each HTML response is extracted as ``load`` extracts a WARC page
(``parallel.run_task``: the same size/depth caps; the time budget is checked
after the fact, because Dask runs tasks in threads, where ``SIGALRM`` cannot
interrupt them), and written as one row (``parquet_input.make_row``). A page
that fails is a row with its ``error``; it never stops the task. The part is
written under a temporary name and renamed when complete, so an interrupted
job leaves no half part for ``akhbar load`` to read.

Imports pyarrow and fsspec (the ``scale`` extra) only inside the functions.
"""
from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

from akhbar.storage import ArchiveError
from akhbar.storage.warc import WarcSkips, read_pages

from .parallel import Task, run_task
from .parquet_input import make_row, pyarrow_modules, schema

SCAN_BLOCK = 1024 * 1024
ROWS_PER_GROUP = 256
GROUP_BYTES = 32 * 1024 * 1024
GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_LINE = b"WARC/1."
MAX_FAILURE_LINES = 1000  # failures reported back per range (all are in the part)


@dataclass
class Chunk:
    """A byte range of one WARC file and the part it becomes."""

    warc: str  # a local absolute path or an fsspec URL
    start: int
    end: int | None  # None: to the end of the file
    part: str  # the part's URL or path
    sites: tuple[str, ...] = ()  # only pages of these hosts (``site_matches``); empty: all
    languages: tuple[str, ...] = ()  # only records in these languages (ISO 639-1); empty: all


@dataclass
class ChunkResult:
    chunk: Chunk
    written: bool = False
    records: int = 0
    extracted: int = 0
    not_articles: int = 0  # front pages, empty shells: in the part, skipped by ``load``
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skips: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # the range could not be read to its end
    seconds: float = 0.0  # wall clock of the task
    cpu_seconds: float = 0.0  # CPU time of the task's thread: reading, extracting, writing
    extract_seconds: float = 0.0  # CPU time of the extraction alone


def record_start(handle: IO[bytes], start: int, end: int | None) -> int | None:
    """The offset of the first WARC record that starts in ``[start, end)``, or None."""
    if start == 0:
        return 0
    handle.seek(0)
    gzipped = handle.read(2) == b"\x1f\x8b"
    needle = GZIP_MEMBER if gzipped else WARC_LINE
    position = start
    while end is None or position < end:
        handle.seek(position)
        block = handle.read(SCAN_BLOCK + len(needle))
        if len(block) < len(needle):
            return None
        found = block.find(needle)
        while found >= 0 and found < SCAN_BLOCK:
            offset = position + found
            if end is not None and offset >= end:
                return None
            if _starts_record(handle, offset, gzipped):
                return offset
            found = block.find(needle, found + 1)
        position += SCAN_BLOCK
    return None


def _starts_record(handle: IO[bytes], offset: int, gzipped: bool) -> bool:
    """Whether a WARC record really starts at ``offset`` (not just bytes that look like one)."""
    if gzipped:
        handle.seek(offset)
        try:
            head = zlib.decompressobj(wbits=31).decompress(handle.read(8192), 4096)
        except zlib.error:
            return False
    else:  # a record starts a line, after the blank line that ends the one before it
        handle.seek(max(0, offset - 4))
        before = handle.read(min(4, offset))
        if offset and not before.endswith((b"\r\n\r\n", b"\n\n")):
            return False
        head = handle.read(4096)
    return _WARC_HEAD.match(head) is not None and b"WARC-Type:" in head


_WARC_HEAD = re.compile(rb"WARC/1\.[01]\r?\n")


class _PartWriter:
    """Rows to a Parquet part, a row group at a time, under a temporary name until closed."""

    def __init__(self, fs: Any, path: str):
        self.fs, self.path, self.tmp = fs, path, path + ".tmp"
        self.rows: list[dict[str, Any]] = []
        self.size = 0
        self.writer: Any = None
        self.handle: Any = None

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.size += len(row["content"] or b"")
        if len(self.rows) >= ROWS_PER_GROUP or self.size >= GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        pa, pq = pyarrow_modules()
        table = pa.Table.from_pylist(self.rows, schema=schema())
        if self.writer is None:
            self.handle = self.fs.open(self.tmp, "wb")
            self.writer = pq.ParquetWriter(self.handle, table.schema, compression="zstd")
        self.writer.write_table(table)
        self.rows, self.size = [], 0

    def close(self) -> bool:
        """Finish the part; False when it would hold no row (no file is left)."""
        self.flush()
        if self.writer is None:
            return False
        self.writer.close()
        self.handle.close()
        self.fs.mv(self.tmp, self.path)
        return True


def process_chunk(chunk: Chunk) -> ChunkResult:
    """Extract the HTML responses of one byte range into one part (runs on a Dask worker)."""
    import fsspec

    started, cpu = time.monotonic(), time.thread_time()
    result = ChunkResult(chunk)
    skips = WarcSkips()
    fs, path = fsspec.core.url_to_fs(chunk.part)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)  # the command made it; not every worker sees it
    part = _PartWriter(fs, path)
    try:
        with fsspec.open(chunk.warc, "rb") as handle:
            first = record_start(handle, chunk.start, chunk.end)
            if first is not None:
                handle.seek(first)
                for page in read_pages(handle, skips, chunk.end):
                    if chunk.sites and not site_matches(page.url, chunk.sites):
                        skips.add("pages of other sites")
                        continue
                    row = _row(chunk, page, result)
                    if chunk.languages and row["status"] == "extracted" \
                            and (row["language"] or "")[:2].lower() not in chunk.languages:
                        skips.add("pages in other languages")
                        result.records -= 1
                        result.extracted -= 1
                        continue
                    part.add(row)
    except ArchiveError as exc:  # unreadable from some record on: the rows before are kept
        result.error = str(exc)
    except OSError as exc:
        result.error = f"cannot read ({exc.strerror or exc})"
    result.written = part.close()
    result.skips = skips.counts
    result.seconds = time.monotonic() - started
    result.cpu_seconds = time.thread_time() - cpu
    return result


def site_matches(url: str, sites: tuple[str, ...]) -> bool:
    """Whether the URL's host is one of ``sites``: ``example.ma`` (and its subdomains), or a
    suffix such as ``.ma`` (every host under it)."""
    host = (urlsplit(url).hostname or "").lower()
    for site in sites:
        if site.startswith("."):
            if host.endswith(site):
                return True
        elif host == site or host.endswith("." + site):
            return True
    return False


def _row(chunk: Chunk, page: Any, result: ChunkResult) -> dict[str, Any]:
    started = time.thread_time()
    outcome = run_task(Task(page.content, page.url, page.charset, article_only=True), compress=False)
    result.extract_seconds += time.thread_time() - started
    result.records += 1
    if outcome.not_article:
        result.not_articles += 1
    elif outcome.error is not None:
        result.failed += 1
        if len(result.failures) < MAX_FAILURE_LINES:
            result.failures.append((f"{chunk.warc}@{page.offset} {page.url}", outcome.error))
    else:
        result.extracted += 1
    return make_row(chunk.warc, page.offset, page.fetched_at, page.url, page.status, page.headers,
                    page.content, outcome.article, outcome.error, outcome.notes, outcome.not_article)
