"""Text helpers shared by extractors: whitespace, block-aware node text."""
from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n+")
# Invisible format characters that carry no text (keep RLM/LRM out of records).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")


def clean(text: str | None) -> str:
    """Collapse runs of spaces and drop invisible format characters; one line."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", text)
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def clean_or_none(text: str | None) -> str | None:
    value = clean(text)
    return value or None


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs separated by one blank line, empty ones dropped."""
    return "\n\n".join(p for p in (clean(x) for x in paragraphs) if p)
