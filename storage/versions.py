"""Reading the archive over time: article versions and comment history.

The current headline/body live in ``articles`` (first seen at
``content_seen``); earlier ones in ``article_versions``. ``versions()`` merges
both into one chronological list, so callers never care where a version is
stored.
"""
from __future__ import annotations

from typing import Any

import sqlite_utils


class HistoryReader:
    db: sqlite_utils.Database

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        """Every distinct headline/body seen for the article, oldest first (current last)."""
        conn = self.db.conn
        rows = conn.execute(
            "SELECT first_seen, last_seen, content_hash, headline, body FROM article_versions "
            "WHERE article_id = ? ORDER BY first_seen, id", (article_id,)).fetchall()
        current = conn.execute(
            "SELECT COALESCE(content_seen, first_seen), last_seen, content_hash, headline, body "
            "FROM articles WHERE id = ?", (article_id,)).fetchone()
        if current is None:
            return []
        out = []
        for number, row in enumerate([*rows, current], start=1):
            first_seen, last_seen, digest, headline, body = row
            out.append({"version": number, "first_seen": first_seen, "last_seen": last_seen,
                        "content_hash": digest, "headline": headline, "body": body or "",
                        "current": number == len(rows) + 1})
        return out

    def comment_history(self, article_id: int, which: str = "present") -> list[dict[str, Any]]:
        """Comments with first/last seen and removed_at; ``which``: present, removed or all.

        ``index`` and ``parent`` are positions in the full list (all comments in
        archive order), so they stay the same whichever subset is shown.
        """
        rows = self.db.conn.execute(
            "SELECT id, parent_id, author, published, text, first_seen, last_seen, removed_at "
            "FROM comments WHERE article_id = ? ORDER BY id", (article_id,)).fetchall()
        index = {row[0]: i for i, row in enumerate(rows)}
        out = []
        for i, (_cid, parent_id, author, published, text, first, last, removed) in enumerate(rows):
            if (which == "present" and removed) or (which == "removed" and not removed):
                continue
            out.append({"index": i, "author": author, "published": published, "text": text,
                        "parent": index.get(parent_id) if parent_id is not None else None,
                        "first_seen": first, "last_seen": last, "removed_at": removed})
        return out
