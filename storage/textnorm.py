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

__all__ = ["fold", "fold_pieces", "words", "hash_folded", "hash_words", "hash_joined"]


def fold(text: str | None) -> str:
    """``normalize_for_search``; ASCII text (no Arabic, nothing NFKC changes) only lower-cased.

    The shortcut gives the same result (``casefold`` of ASCII is ``lower``) without
    the character-by-character diacritics scan: a Latin-script article is often
    pure ASCII, and every saved body, headline and comment is folded.
    """
    if text and text.isascii():
        return text.lower()
    return normalize_for_search(text)


class _Folds(dict[str, str]):
    """Folded forms of whitespace-separated pieces of text, filled on a miss.

    ``fold`` is a function of each character and its neighbours up to the next
    whitespace (NFKC composes a mark only with the letter before it; the
    other steps map one character at a time), and whitespace stays
    whitespace, so folding a text and splitting it gives the pieces of its
    split pieces folded one by one. News text repeats its words, so a table
    of pieces already folded turns most of folding (NFKC's check, the harakat
    scan, the replacements, ``casefold``: about a tenth of saving an article)
    into one dict look-up per word. A piece whose folded form is not exactly
    one piece (NFKC made a space of it, ``ﹰ`` → `` ً``; it was harakat only)
    is kept in ``irregular``: a text that holds one is split again after
    folding.
    """

    LIMIT = 300_000  # pieces kept before the table starts afresh (bounds memory)

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, piece: str) -> str:
        folded = fold(piece)
        if folded.split() != [folded]:  # empty, or whitespace inside
            self.irregular.add(piece)
        self[piece] = folded
        return folded


_FOLDS = _Folds()


def fold_pieces(text: str | None) -> list[str]:
    """``fold(text).split()``, folding each distinct piece once (see ``_Folds``).

    ASCII text (a third of the storage benchmark's articles, most English pages)
    is lower-cased and split in C instead: the table look-ups cost more than
    ``lower()``, and their random reads into a large table are cache misses.
    """
    if not text:
        return []
    if text.isascii():  # ``fold`` is ``lower()`` here: one C pass, no table to look up
        return text.lower().split()
    if len(_FOLDS) >= _FOLDS.LIMIT:  # before the look-ups: ``irregular`` must cover this text
        _FOLDS.clear()
        _FOLDS.irregular.clear()
    raw = text.split()
    pieces = list(map(_FOLDS.__getitem__, raw))
    if _FOLDS.irregular and not _FOLDS.irregular.isdisjoint(raw):
        return " ".join(pieces).split()
    return pieces


def words(folded: str) -> list[str]:
    """The word tokens of already folded text."""
    return _WORD.findall(folded)


def hash_folded(folded: str) -> str:
    """The archive's content hash of a folded body (whitespace-insensitive)."""
    return hash_words(folded.split())


def hash_words(pieces: list[str]) -> str:
    """``hash_folded`` of a folded body already split at whitespace."""
    return hash_joined(" ".join(pieces))


def hash_joined(joined: str) -> str:
    """``hash_folded`` of a folded body's pieces already joined by single spaces."""
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
