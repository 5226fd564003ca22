"""Near-duplicate articles: a MinHash sketch over word shingles, bucketed by LSH bands.

Why this design
- Exact duplicates (the same normalised body) are already one article with
  URL aliases; this module finds the *near* ones: a story lightly edited, or
  reposted by another site with its own intro line or footer.
- Text is folded like the search index (Arabic hamza/ya/ta-marbuta variants,
  diacritics, digits, case), then cut into word 3-shingles, each hashed to
  32 bits (plenty within one article) from memoised CRC-32 word hashes.
- The sketch is one-permutation MinHash (Li, Owen & Zhang 2012) with rotation
  densification (Shrivastava & Li 2014): each shingle hash is kept as the
  minimum of one of ``BINS`` bins, so sketching costs one hash per shingle
  instead of one per shingle *per permutation*: ~0.2 ms per article in pure
  Python, cheap enough to run inside every ``save``. datasketch's MinHash
  needs numpy (and scipy for LSH) and costs more per article (measured by
  ``benchmarks/storage.py --sketch-compare``), so no dependency is added.
- The sketch is stored as one small blob per article (``article_sketches``),
  an append to a rowid table: indexing band keys at save time would dirty
  ~20 random B-tree pages per page saved and halve the ingest rate.
  ``dupes`` buckets the bands in memory, one band at a time (bins in ``BANDS``
  bands of ``ROWS``): two articles sharing any band are candidates; with 3
  rows a pair at Jaccard 0.5 is found with probability 0.94, at 0.8 ~1.0.
- Candidates are *verified* on their actual shingle sets, so the numbers
  reported are exact, not estimates: ``jaccard`` and ``containment``.
"""
from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .textnorm import fold, words

SKETCH_VERSION = 1  # bump when shingling/hashing changes: old sketches are rebuilt
BINS = 63
ROWS = 3
BANDS = BINS // ROWS
SHINGLE = 3
MIN_SHINGLES = 12  # shorter texts (failed extractions, stubs) are never called duplicates
MIN_SIZE_RATIO = 0.5  # containment counts only between texts of comparable length
MAX_BUCKET = 200  # a band value shared by more articles is boilerplate, not a story
_EMPTY = 0xFFFFFFFF
_ROTATION = 0x9E3779B1


_WORD_HASHES: dict[str, int] = {}
_P = 0x01000193  # FNV prime: combines three word hashes into one shingle hash


def _word_hash(word: str) -> int:
    value = _WORD_HASHES.get(word)
    if value is None:
        if len(_WORD_HASHES) > 400_000:  # bounded memo: news vocabulary repeats a lot
            _WORD_HASHES.clear()
        value = _WORD_HASHES[word] = zlib.crc32(word.encode("utf-8"))
    return value


def shingle_hashes(folded: str) -> set[int]:
    """32-bit hashes of the word 3-shingles of folded text (of the text itself if shorter).

    Words are hashed once (CRC-32, memoised) and three word hashes are
    combined FNV-style (multiply, xor) in integer arithmetic inside one set
    comprehension: no shingle string is ever built, which makes this about
    twice as fast as hashing joined strings.
    """
    get = _WORD_HASHES.get
    hashes = [get(w) or _word_hash(w) for w in words(folded)]
    if 0 < len(hashes) < SHINGLE:
        hashes += [0] * (SHINGLE - len(hashes))
    return {((((a * _P) ^ b) * _P) ^ c) & 0xFFFFFFFF
            for a, b, c in zip(hashes, hashes[1:], hashes[2:], strict=False)}


def signature(hashes: set[int]) -> list[int]:
    """One-permutation MinHash with rotation densification (``BINS`` 32-bit values)."""
    bins = [_EMPTY] * BINS
    for value in hashes:
        slot = value % BINS
        if value < bins[slot]:
            bins[slot] = value
    if _EMPTY in bins and len(hashes):
        filled = list(bins)
        for slot in range(BINS):
            if bins[slot] == _EMPTY:
                distance = 1
                while bins[(slot + distance) % BINS] == _EMPTY:
                    distance += 1
                filled[slot] = (bins[(slot + distance) % BINS] + distance * _ROTATION) & _EMPTY
        bins = filled
    return bins


def sketch_blob(folded_body: str) -> tuple[int, bytes]:
    """(number of shingles, signature blob); the blob is empty for texts too short to judge."""
    hashes = shingle_hashes(folded_body)
    if len(hashes) < MIN_SHINGLES:
        return len(hashes), b""
    return len(hashes), array("I", signature(hashes)).tobytes()


@dataclass
class DupePair:
    """Two articles and how alike they are.

    ``similarity`` is the Jaccard index, or the containment when the shorter
    text is at least half as long as the longer one: a repost wrapped in its
    own header and footer is then judged by how much of the story it carries,
    while a one-paragraph teaser of a long article is not called a duplicate.
    """

    a: int
    b: int
    jaccard: float
    containment: float
    size_ratio: float = 1.0

    @property
    def similarity(self) -> float:
        if self.size_ratio >= MIN_SIZE_RATIO:
            return max(self.jaccard, self.containment)
        return self.jaccard


def similarity(first: set[int], second: set[int]) -> tuple[float, float, float]:
    """(Jaccard, containment in the smaller set, smaller/larger size) of two shingle sets."""
    if not first or not second:
        return 0.0, 0.0, 0.0
    shared = len(first & second)
    small, large = sorted((len(first), len(second)))
    return shared / len(first | second), shared / small, small / large


class SketchIndex:
    """The ``article_sketches`` table of one archive."""

    def __init__(self, db: Any):
        self.db = db
        self.conn = db.conn

    def put(self, article_id: int, folded_body: str) -> None:
        """Store (or replace) an article's sketch; the caller holds the transaction."""
        count, blob = sketch_blob(folded_body)
        self.conn.execute(
            "INSERT OR REPLACE INTO article_sketches (article_id, version, shingles, signature) "
            "VALUES (?, ?, ?, ?)", (article_id, SKETCH_VERSION, count, blob))

    def backfill(self, batch: int = 500) -> int:
        """Sketch articles stored before sketches existed (or with an older sketch version)."""
        done = 0
        while True:
            rows = self.conn.execute(
                "SELECT a.id, a.body FROM articles a LEFT JOIN article_sketches s "
                "ON s.article_id = a.id WHERE s.article_id IS NULL OR s.version != ? "
                "LIMIT ?", (SKETCH_VERSION, batch)).fetchall()
            if not rows:
                return done
            with self.db.atomic():
                for article_id, body in rows:
                    self.put(article_id, fold(body))
            done += len(rows)

    def candidates(self) -> set[tuple[int, int]]:
        """Pairs sharing at least one band, found one band at a time (memory: one dict)."""
        pairs: set[tuple[int, int]] = set()
        for band in range(BANDS):
            start, end = band * ROWS * 4, (band + 1) * ROWS * 4
            buckets: dict[bytes, list[int]] = {}
            for article_id, key in self.conn.execute(
                    "SELECT article_id, substr(signature, ?, ?) FROM article_sketches "
                    "WHERE length(signature) > 0", (start + 1, end - start)):
                buckets.setdefault(key, []).append(article_id)
            for members in buckets.values():
                if 1 < len(members) <= MAX_BUCKET:
                    members.sort()
                    pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
        return pairs

    def pairs(self, threshold: float) -> Iterator[DupePair]:
        """Verified near-duplicate pairs with similarity >= ``threshold``, by first id."""
        cache: dict[int, set[int]] = {}

        def hashes(article_id: int) -> set[int]:
            if article_id not in cache:
                if len(cache) > 5000:
                    cache.clear()
                row = self.conn.execute("SELECT body FROM articles WHERE id = ?",
                                        (article_id,)).fetchone()
                cache[article_id] = shingle_hashes(fold(row[0] if row else ""))
            return cache[article_id]

        for a, b in sorted(self.candidates()):
            jaccard, containment, ratio = similarity(hashes(a), hashes(b))
            pair = DupePair(a, b, round(jaccard, 3), round(containment, 3), ratio)
            if pair.similarity >= threshold:
                yield pair
