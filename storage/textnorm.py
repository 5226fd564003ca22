"""Text folding helpers for the write path: words, hashes.

``fold`` is ``scrapers.arabic.normalize_for_search`` itself, so the index, the
content hash and the query side share one implementation and cannot drift.
"""
from __future__ import annotations

import hashlib
import re

from akhbar.scrapers.arabic import normalize_for_search as fold

_WORD = re.compile(r"\w+", re.UNICODE)

__all__ = ["fold", "words", "hash_folded"]


def words(folded: str) -> list[str]:
    """The word tokens of already folded text."""
    return _WORD.findall(folded)


def hash_folded(folded: str) -> str:
    """The archive's content hash of a folded body (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(folded.split()).encode("utf-8")).hexdigest()
