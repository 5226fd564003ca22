"""Two archives hold the same thing: every stored row, save the moments of the run.

Used by ``benchmarks/scale.py`` and the ``--jobs``/``bulk`` tests: ``load --jobs 1``
and ``--jobs N`` (or ``bulk`` + ``load`` of its parts, or ``load`` of the WARC)
must give equal fingerprints. Times that say when the run happened
(``first_seen``, ``last_seen``, ``content_seen``, ``removed_at``, ``fetched_at``) are
compared only for being set or not: two runs minutes apart differ there by
design. Raw pages are compared by their decompressed bytes.
"""
from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path
from typing import Any

TABLES = ("articles", "article_urls", "article_versions", "comments", "raw_pages")
RUN_TIMES = {"first_seen", "last_seen", "content_seen", "removed_at", "fetched_at"}


def fingerprint(db: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the archive's tables (run times reduced to set/unset), in id (URL) order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {table: _rows(conn, table) for table in TABLES}
    finally:
        conn.close()


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    order = "url" if table == "article_urls" else "rowid"  # WITHOUT ROWID since schema 7
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
    names = [d[0] for d in cursor.description]
    rows = []
    for row in cursor:
        values: list[Any] = []
        for name, value in zip(names, row, strict=True):
            if name in RUN_TIMES:
                value = value is not None
            elif table == "raw_pages" and name == "content":
                value = hashlib.sha256(zlib.decompress(value)).hexdigest()
            values.append(value)
        rows.append(tuple(values))
    return rows


def differences(a: str | Path, b: str | Path) -> list[str]:
    """One line per table whose rows differ (empty: the archives are equal)."""
    first, second = fingerprint(a), fingerprint(b)
    lines = []
    for table in TABLES:
        if first[table] != second[table]:
            only_a = len(set(first[table]) - set(second[table]))
            only_b = len(set(second[table]) - set(first[table]))
            lines.append(f"{table}: {len(first[table])} vs {len(second[table])} rows, "
                         f"{only_a} only in the first, {only_b} only in the second")
    return lines
