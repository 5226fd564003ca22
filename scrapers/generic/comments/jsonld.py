"""JSON-LD ``comment`` arrays and ``commentCount``: the fallback when the
visible markup holds no comment or no displayed count.

The scripts come from the stage's probe (no query of its own). A script is
parsed at most once per page, and only when its text can hold a ``comment`` or
``commentCount`` key (:data:`_MAY_HOLD_KEY`); most JSON-LD is article metadata
only and is skipped unparsed.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborNode

from ...dates import parse_date
from ...record import Comment
from ...text import clean_or_none

_PAGE_TYPES = re.compile(r"article|posting|report|webpage|blog", re.I)
# A JSON key is a string token: its opening quote, then each character either
# literal or escaped. The only escape that yields a letter is ``\u`` + four hex
# digits, so the keys "comment" and "commentCount" appear either as the literal
# text '"comment' or with a ``\u00XX`` escape of one of their letters
# (c o m e n t C u: 63 6f 6d 65 6e 74 43 75, hex digits in either case).
_ESCAPED_KEY_LETTER = re.compile(r"\\u00(?:6[35dDeEfF]|7[45]|43)")


class JsonLd:
    """The page's JSON-LD objects that may carry comments, parsed on first use."""

    def __init__(self, scripts: list[LexborNode]) -> None:
        self._scripts = scripts
        self._objects: list[dict[str, Any]] | None = None

    def objects(self) -> list[dict[str, Any]]:
        if self._objects is None:
            self._objects = [obj for script in self._scripts for obj in _parse(script)]
        return self._objects

    def comments(self) -> list[Comment]:
        """Comments from the first article-like object that carries any."""
        comments: list[Comment] = []
        for obj in self.objects():
            if "comment" in obj and _describes_page(obj):
                _add_comments(obj["comment"], None, comments)
                if comments:
                    break
        return comments

    def count(self) -> int | None:
        for obj in self.objects():
            value = obj.get("commentCount") if _describes_page(obj) else None
            if isinstance(value, (int, str)) and str(value).strip().isdigit():
                return int(str(value).strip())
        return None


def _parse(script: LexborNode) -> Iterator[dict[str, Any]]:
    """Every object of one script, depth-first through lists and ``@graph``."""
    raw = script.text() or ""
    if '"comment' not in raw and not _ESCAPED_KEY_LETTER.search(raw):
        return
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            if "@graph" in value:
                stack.append(value["@graph"])


def _describes_page(obj: dict[str, Any]) -> bool:
    """An article-like JSON-LD object (or an untyped one), not a listed teaser."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return kind is None or any(isinstance(k, str) and _PAGE_TYPES.search(k) for k in kinds)


def _add_comments(value: Any, parent: int | None, out: list[Comment]) -> None:
    for entry in value if isinstance(value, list) else [value]:
        if not isinstance(entry, dict) or len(out) >= 5000:
            continue
        text = clean_or_none(str(entry.get("text") or entry.get("commentText") or ""))
        if text is None:
            continue
        author = entry.get("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name")
        date = entry.get("dateCreated") or entry.get("datePublished")
        out.append(Comment(text=text, author=clean_or_none(str(author)) if author else None,
                           published=parse_date(str(date)) if date else None, parent=parent))
        if "comment" in entry:
            _add_comments(entry["comment"], len(out) - 1, out)
