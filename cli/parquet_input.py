"""The Parquet part files of ``akhbar bulk``: their columns, writing rows, reading them back.

One row per HTML response record of a WARC file: where it came from (the WARC
file, the record's offset and date, the target URL, HTTP status and headers),
the page's raw bytes (Parquet compresses the column with zstd), and every field
of the record contract (``Article.to_dict``; ``comments`` and ``related`` as
nested lists of structs), or the reason the page was refused (``error``).

``akhbar load`` reads the parts back (``part_rows``) and stores each row as
``load FILE.warc`` stores the same record: same raw page (origin
``warc:<file>``), same capture date, same deduplication. pyarrow is imported
only here, lazily: it is the optional ``scale`` extra.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from akhbar.scrapers import Article
from akhbar.storage import RawPage

SCALE_HINT = "pip install 'akhbar[scale]'"
ROWS_PER_READ = 64  # rows converted at a time: memory stays flat whatever the part's size

RECORD_STRINGS = ("url", "site", "headline", "source", "author", "published", "language", "body",
                  "comment_notice")


def is_parquet_name(name: str) -> bool:
    return name.lower().endswith(".parquet")


class ScaleMissing(Exception):
    """pyarrow (or dask) is not installed: the message says what to install."""


def pyarrow_modules() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``, or ``ScaleMissing``."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ScaleMissing(f"Parquet needs pyarrow: {SCALE_HINT}") from None
    return pyarrow, pyarrow.parquet


def schema() -> Any:
    pa, _ = pyarrow_modules()
    comment = pa.struct([("author", pa.string()), ("published", pa.string()),
                         ("text", pa.string()), ("parent", pa.int64())])
    related = pa.struct([("title", pa.string()), ("url", pa.string())])
    return pa.schema([
        ("warc_file", pa.string()), ("warc_offset", pa.int64()), ("warc_date", pa.string()),
        ("page_url", pa.string()), ("http_status", pa.int32()), ("http_headers", pa.string()),
        ("content", pa.binary()), ("status", pa.string()), ("error", pa.string()),
        ("notes", pa.list_(pa.string())),
        *[(name, pa.string()) for name in RECORD_STRINGS[:7]], ("body", pa.string()),
        ("comments_enabled", pa.bool_()), ("comment_notice", pa.string()),
        ("comment_count", pa.int64()), ("comments", pa.list_(comment)),
        ("related", pa.list_(related)),
    ])


def make_row(warc_file: str, offset: int, date: str | None, page_url: str, status: int | None,
             headers: dict[str, str], content: bytes, article: Article | None,
             error: str | None, notes: list[str], not_article: bool = False) -> dict[str, Any]:
    """One row: the record's place and bytes, and its extraction (or why there is none).

    ``status``: ``extracted``, ``not_article`` (a front page or an empty shell:
    ``error`` says which; ``load`` skips it as it skips such a WARC record) or
    ``failed`` (``error`` says why).
    """
    row: dict[str, Any] = {
        "warc_file": warc_file, "warc_offset": offset, "warc_date": date or None,
        "page_url": page_url, "http_status": status,
        "http_headers": json.dumps(headers, ensure_ascii=False) if headers else None,
        "content": content, "error": error, "notes": notes,
        "status": "not_article" if not_article else "failed" if error else "extracted"}
    record = article.to_dict() if article is not None else {}
    for name in (*RECORD_STRINGS, "comments_enabled", "comment_count", "comments", "related"):
        row[name] = record.get(name)
    return row


@dataclass
class PartRow:
    """A row read back: what ``load`` stores, or the failure to report."""

    where: str
    raw: RawPage
    seen_at: str | None
    article: Article | None
    failure: str | None
    not_article: bool = False


def part_rows(path: str) -> Iterator[PartRow]:
    """The rows of one part file, in order, a few at a time."""
    _, pq = pyarrow_modules()
    part = pq.ParquetFile(path)
    for batch in part.iter_batches(batch_size=ROWS_PER_READ):
        for row in batch.to_pylist():
            yield _part_row(row)


def _part_row(row: dict[str, Any]) -> PartRow:
    where = f"{row['warc_file']}@{row['warc_offset']} {row['page_url']}"
    raw = RawPage(content=row["content"] or b"", origin=f"warc:{row['warc_file']}",
                  url=row["page_url"], fetched_at=row["warc_date"] or None,
                  http_status=row["http_status"],
                  headers=json.loads(row["http_headers"]) if row["http_headers"] else {})
    article = None if row["error"] else Article.from_dict(row)
    return PartRow(where, raw, row["warc_date"] or None, article, row["error"],
                   row.get("status") == "not_article")
