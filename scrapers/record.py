"""The typed record every extractor returns.

The JSON field names produced by ``to_dict`` are a public contract: the CLI prints
exactly these, the archive stores them, and downstream users parse them. Add
fields only deliberately, and never rename one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Comment:
    """One public comment under an article.

    ``parent`` is the index (in ``Article.comments``) of the comment this one
    replies to, or ``None`` for a top-level comment. Indices rather than site ids
    keep the record self-contained and comparable across re-extractions.
    """

    text: str
    author: str | None = None
    published: str | None = None
    parent: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"author": self.author, "published": self.published,
                "text": self.text, "parent": self.parent}


@dataclass
class RelatedLink:
    """A "more news" / related-article link: absolute URL and its visible title."""

    title: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url}


@dataclass
class Article:
    """What akhbar knows about one article page.

    ``body`` holds paragraphs separated by one blank line and never contains page
    chrome, related links, the comment form, posting rules or comments.
    ``published`` is ISO 8601 (date, or date-time with offset when the page gives one).
    """

    url: str | None = None
    site: str | None = None
    headline: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    body: str = ""
    comments_enabled: bool = False
    comment_notice: str | None = None
    comment_count: int = 0
    comments: list[Comment] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["comments"] = [c.to_dict() for c in self.comments]
        data["related"] = [r.to_dict() for r in self.related]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from ``to_dict`` output (archive fields are ignored)."""
        known = {k: data.get(k) for k in (
            "url", "site", "headline", "source", "author", "published", "language",
            "comment_notice")}
        return cls(
            **known,
            body=data.get("body") or "",
            comments_enabled=bool(data.get("comments_enabled")),
            comment_count=int(data.get("comment_count") or 0),
            comments=[Comment(text=c.get("text") or "", author=c.get("author"),
                              published=c.get("published"), parent=c.get("parent"))
                      for c in data.get("comments") or []],
            related=[RelatedLink(title=r.get("title") or "", url=r.get("url") or "")
                     for r in data.get("related") or []],
        )
