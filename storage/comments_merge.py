"""Merging the comments of one sighting of a page into the archive's comment history.

A comment's identity is a hash of its author, its whitespace-folded text and
its occurrence number (the second identical "+1" by the same author is a
second comment). Seen again: ``last_seen`` moves. New: inserted with its reply
parent. Gone from the page: ``removed_at`` is set, the row is never deleted;
a comment that comes back has ``removed_at`` cleared.

When is a comment "gone"? Only when the page was re-seen at its canonical URL,
as its newest sighting, *and* its comment section was demonstrably extracted:
- zero comments extracted while the archive holds some is treated as
  *unknown* (comments loaded by JavaScript, a layout change, a failed
  extraction, comments closed and hidden): nothing is marked removed;
- comments extracted but none of them matching any stored comment is also
  *unknown* (an extractor change or a different thread, not a moderator
  emptying the page and others refilling it): nothing is marked removed.
The price: a moderator deleting *every* comment is not recorded as removals.
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

from akhbar.scrapers.record import Comment


@dataclass
class MergeResult:
    new: int = 0
    removed: int = 0
    reappeared: int = 0
    first_new_id: int | None = None  # ids from here on were inserted by this merge


def comment_digest(comment: Comment, occurrences: dict[str, int]) -> str:
    key = f"{comment.author or ''}\x1f{' '.join(comment.text.split())}"
    occurrences[key] = occurrences.get(key, 0) + 1
    return hashlib.sha256(f"{key}\x1f{occurrences[key]}".encode()).hexdigest()


def merge_comments(conn: sqlite3.Connection, article_id: int, comments: list[Comment],
                   seen_at: str, *, latest: bool = True,
                   may_mark_removed: bool = False, is_new: bool = False) -> MergeResult:
    """Merge one sighting's comments (the caller holds the transaction).

    ``is_new``: the article row was inserted by this save, so it has no stored
    comments and the look-up is skipped (one query less per new page).
    """
    if is_new:
        return _insert_all(conn, article_id, comments, seen_at)
    stored = {
        digest: (comment_id, removed_at) for comment_id, digest, removed_at in conn.execute(
            "SELECT id, comment_hash, removed_at FROM comments WHERE article_id = ?",
            (article_id,))}
    if not comments and not stored:
        return MergeResult()
    result = MergeResult()
    base = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM comments "
                        "WHERE article_id = ?", (article_id,)).fetchone()[0] if stored else 0
    ids: list[int] = []
    seen: list[tuple[str, str, int]] = []
    occurrences: dict[str, int] = {}
    for index, comment in enumerate(comments):
        digest = comment_digest(comment, occurrences)
        hit = stored.get(digest)
        if hit is not None:
            ids.append(hit[0])
            seen.append((seen_at, seen_at, hit[0]))
            if hit[1] is not None and latest:
                result.reappeared += 1
            continue
        parent = comment.parent
        parent_id = ids[parent] if parent is not None and 0 <= parent < len(ids) else None
        ids.append(int(conn.execute(  # an INSERT's lastrowid is never None
            "INSERT INTO comments (article_id, parent_id, position, author, published, text, "
            "comment_hash, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, parent_id, base + index, comment.author, comment.published,
             comment.text, digest, seen_at, seen_at)).lastrowid or 0))
        result.new += 1
        if result.first_new_id is None:
            result.first_new_id = ids[-1]
    if seen:
        clear = "removed_at = NULL, " if latest else ""
        conn.executemany(f"UPDATE comments SET {clear}last_seen = MAX(last_seen, ?), "
                         "first_seen = MIN(first_seen, ?) WHERE id = ?", seen)
    if may_mark_removed and comments:
        result.removed = _mark_removed(conn, stored, {s[2] for s in seen}, seen_at)
    return result


def _insert_all(conn: sqlite3.Connection, article_id: int, comments: list[Comment],
                seen_at: str) -> MergeResult:
    """Insert every comment of a new article: one ``executemany``, ids assigned here.

    The ids are the ones SQLite would give one INSERT after another (the
    largest rowid plus one; the caller's transaction holds the write lock, so
    no other writer takes them), which lets a reply name its parent's id.
    """
    if not comments:
        return MergeResult()
    first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM comments").fetchone()[0]
    occurrences: dict[str, int] = {}
    rows = []
    for index, comment in enumerate(comments):
        parent = comment.parent
        parent_id = first + parent if parent is not None and 0 <= parent < index else None
        rows.append((first + index, article_id, parent_id, index, comment.author,
                     comment.published, comment.text, comment_digest(comment, occurrences),
                     seen_at, seen_at))
    conn.executemany(
        "INSERT INTO comments (id, article_id, parent_id, position, author, published, text, "
        "comment_hash, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return MergeResult(new=len(comments), first_new_id=first)


def _mark_removed(conn: sqlite3.Connection, stored: dict[str, tuple[int, str | None]],
                  seen_ids: set[int], seen_at: str) -> int:
    """Mark stored, still-present comments missing from this sighting (see module docstring)."""
    active = [comment_id for comment_id, removed_at in stored.values() if removed_at is None]
    if active and not seen_ids:
        return 0  # nothing matched: unknown, not "everything was removed"
    missing = [(seen_at, comment_id) for comment_id in active if comment_id not in seen_ids]
    conn.executemany("UPDATE comments SET removed_at = ? WHERE id = ?", missing)
    return len(missing)
