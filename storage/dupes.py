"""Near-duplicate articles: a MinHash sketch over word shingles, banded for LSH in SQLite.

Why this design
- Exact duplicates (the same normalised body) are already one article with
  URL aliases; this module finds the *near* ones: a story lightly edited, or
  reposted by another site with its own intro line or footer.
- Text is folded like the search index (Arabic hamza/ya/ta-marbuta variants,
  diacritics, digits, case), then cut into word 3-shingles.
- The sketch is one-permutation MinHash (Li, Owen & Zhang 2012) with rotation
  densification (Shrivastava & Li 2014): each shingle is hashed once and kept
  as the minimum of one of ``BINS`` bins, so sketching costs one hash per
  shingle instead of one per shingle *per permutation*. In pure Python that is
  ~0.1 ms per article, cheap enough to run inside every ``save``; the
  datasketch library would need numpy+scipy and costs ~1 ms per article
  (measured in ``benchmarks/storage.py --sketch-compare``).
- Bins are grouped in ``BANDS`` bands of ``ROWS``; each band's values hash to
  one 64-bit key stored in ``sketch_bands`` (a WITHOUT ROWID table keyed by
  band key). Two articles sharing any band key are candidates: with 3 rows a
  pair at Jaccard 0.5 is found with probability 0.94, at 0.8 with ~1.0.
- Candidates are then *verified* on their actual shingle sets, so the
  similarity reported is exact, not an estimate: ``jaccard`` (shared / all
  shingles) and ``containment`` (shared / shingles of the shorter text, which
  stays high when a repost adds a header or footer).
"""
from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .textnorm import fold, words

SKETCH_VERSION = 1  # bump when shingling/hashing changes: old sketches are rebuilt
BINS = 63
ROWS = 3
BANDS = BINS // ROWS
SHINGLE = 3
MIN_SHINGLES = 12  # shorter texts (failed extractions, stubs) are never called duplicates
_EMPTY = (1 << 64) - 1
_ROTATION = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def shingles(folded: str) -> set[str]:
    """Word 3-shingles of folded text (the text itself when it has fewer words)."""
    tokens = words(folded)
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def signature(shingle_set: Iterable[str]) -> list[int]:
    """One-permutation MinHash with rotation densification (``BINS`` values)."""
    bins = [_EMPTY] * BINS
    for item in shingle_set:
        value = int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=8).digest(),
                               "little")
        slot = value % BINS
        if value < bins[slot]:
            bins[slot] = value
    if _EMPTY in bins and any(v != _EMPTY for v in bins):
        filled = list(bins)
        for slot in range(BINS):
            if bins[slot] != _EMPTY:
                continue
            distance = 1
            while bins[(slot + distance) % BINS] == _EMPTY:
                distance += 1
            filled[slot] = (bins[(slot + distance) % BINS] + distance * _ROTATION) & _MASK
        bins = filled
    return bins


def band_keys(sig: list[int]) -> list[int]:
    """One signed 64-bit key per band (band number included, so bands never collide)."""
    keys = []
    for band in range(BANDS):
        data = array("Q", [band, *sig[band * ROWS:(band + 1) * ROWS]]).tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little",
                                   signed=True))
    return keys


def sketch_keys(folded_body: str) -> list[int]:
    """Band keys of a folded body, or [] when it is too short to judge."""
    found = shingles(folded_body)
    if len(found) < MIN_SHINGLES:
        return []
    return band_keys(signature(found))


MIN_SIZE_RATIO = 0.5  # containment counts only between texts of comparable length


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


def similarity(first: set[str], second: set[str]) -> tuple[float, float, float]:
    """(Jaccard, containment in the smaller set, smaller/larger size) of two shingle sets."""
    if not first or not second:
        return 0.0, 0.0, 0.0
    shared = len(first & second)
    small, large = sorted((len(first), len(second)))
    return shared / len(first | second), shared / small, small / large


class SketchIndex:
    """The ``sketch_bands`` table of one archive (the caller owns the transaction)."""

    def __init__(self, db: Any):
        self.db = db
        self.conn = db.conn

    def add(self, article_id: int, keys: list[int], mark: bool = True) -> None:
        """Index an article's band keys; ``mark`` records it as sketched."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO sketch_bands (band_key, article_id) VALUES (?, ?)",
            [(key, article_id) for key in keys])
        if mark:
            self.conn.execute("UPDATE articles SET sketch_version = ? WHERE id = ?",
                              (SKETCH_VERSION, article_id))

    def remove(self, article_id: int, keys: list[int]) -> None:
        self.conn.executemany("DELETE FROM sketch_bands WHERE band_key = ? AND article_id = ?",
                              [(key, article_id) for key in keys])

    def backfill(self, batch: int = 500) -> int:
        """Sketch articles stored before sketches existed (or by an older sketch version)."""
        stale = self.conn.execute("SELECT 1 FROM articles WHERE sketch_version != ? LIMIT 1",
                                  (SKETCH_VERSION,)).fetchone()
        if stale:
            with self.db.atomic():
                self.conn.execute("DELETE FROM sketch_bands")
                self.conn.execute("UPDATE articles SET sketch_version = NULL")
        done = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, body FROM articles WHERE sketch_version IS NOT ? LIMIT ?",
                (SKETCH_VERSION, batch)).fetchall()
            if not rows:
                return done
            with self.db.atomic():
                for article_id, body in rows:
                    self.add(article_id, sketch_keys(fold(body)))
            done += len(rows)

    def candidates(self, max_bucket: int = 200) -> Iterator[tuple[int, int]]:
        """Pairs sharing at least one band key; huge buckets (boilerplate) are skipped."""
        cursor = self.conn.execute(
            "WITH big AS (SELECT band_key FROM sketch_bands GROUP BY band_key "
            "             HAVING COUNT(*) > ?) "
            "SELECT DISTINCT x.article_id, y.article_id FROM sketch_bands x "
            "JOIN sketch_bands y ON y.band_key = x.band_key AND y.article_id > x.article_id "
            "WHERE x.band_key NOT IN (SELECT band_key FROM big) "
            "ORDER BY x.article_id, y.article_id", (max_bucket,))
        yield from cursor

    def pairs(self, threshold: float) -> Iterator[DupePair]:
        """Verified near-duplicate pairs with similarity >= ``threshold``."""
        cache: dict[int, set[str]] = {}

        def shingle_set(article_id: int) -> set[str]:
            if article_id not in cache:
                if len(cache) > 2000:
                    cache.clear()
                row = self.conn.execute("SELECT body FROM articles WHERE id = ?",
                                        (article_id,)).fetchone()
                cache[article_id] = shingles(fold(row[0] if row else ""))
            return cache[article_id]

        for a, b in list(self.candidates()):
            jaccard, containment, ratio = similarity(shingle_set(a), shingle_set(b))
            pair = DupePair(a, b, round(jaccard, 3), round(containment, 3), ratio)
            if pair.similarity >= threshold:
                yield pair
