"""Page bytes → extraction → archive, with the per-run summary.

Shared by ``load`` and the fetching commands so both count and report the
same way. A failing page is recorded in the summary and never stops the run.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from scrapers import Article, extract
from scrapers.decode import binary_kind
from storage import Archive, RawPage, SaveResult


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases: int = 0
    failed: int = 0
    new_comments: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def count(self, result: SaveResult) -> None:
        attr = {"alias": "aliases"}.get(result.status, result.status)
        setattr(self, attr, getattr(self, attr) + 1)
        self.new_comments += result.new_comments

    def fail(self, where: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((where, reason))

    def line(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.aliases} aliases, {self.failed} failed; {self.new_comments} new comments")

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "aliases": self.aliases, "failed": self.failed, "new_comments": self.new_comments}


class PageRejected(Exception):
    """The bytes are not a page akhbar can archive (the message says why)."""


def extract_bytes(data: bytes, url: str | None, http_charset: str | None = None) -> Article:
    """Extract, refusing empty and clearly binary input with a reason."""
    if not data.strip():
        raise PageRejected("empty page")
    kind = binary_kind(data)
    if kind:
        raise PageRejected(f"not an HTML page ({kind})")
    return extract(data, url, http_charset=http_charset)


def ingest(archive: Archive, data: bytes, raw: RawPage, url: str | None = None,
           http_charset: str | None = None) -> SaveResult:
    """Extract one page and store it with its raw bytes (one transaction)."""
    article = extract_bytes(data, url, http_charset)
    return archive.save(article, raw)
