"""Text folding helpers for the write path: words, hashes.

``fold`` is ``scrapers.arabic.normalize_for_search`` (with a shortcut for ASCII
text that gives the same result), so the index, the content hash and the query
side share one implementation and cannot drift.
"""
from __future__ import annotations

import hashlib
import re

from akhbar.scrapers.arabic import normalize_for_search

_WORD = re.compile(r"\w+", re.UNICODE)

__all__ = ["fold", "words", "hash_folded", "hash_words"]


def fold(text: str | None) -> str:
    """``normalize_for_search``; ASCII text (no Arabic, nothing NFKC changes) only lower-cased.

    The shortcut gives the same result (``casefold`` of ASCII is ``lower``) without
    the character-by-character diacritics scan: a Latin-script article is often
    pure ASCII, and every saved body, headline and comment is folded.
    """
    if text and text.isascii():
        return text.lower()
    return normalize_for_search(text)


def words(folded: str) -> list[str]:
    """The word tokens of already folded text."""
    return _WORD.findall(folded)


def hash_folded(folded: str) -> str:
    """The archive's content hash of a folded body (whitespace-insensitive)."""
    return hash_words(folded.split())


def hash_words(pieces: list[str]) -> str:
    """``hash_folded`` of a folded body already split at whitespace."""
    return hashlib.sha256(" ".join(pieces).encode("utf-8")).hexdigest()
