"""What FTS5's ``unicode61`` tokenizer did to index forms, done in Python once per form.

Up to schema 5 the index was tokenized by ``unicode61 remove_diacritics 2``:
for every character of every indexed text it looked up the character's
category, its lower case and its base letter in SQLite's tables, which cost
about a fifth of saving an article (``benchmarks/ingest.py``). The index
forms (``analysis.py``) are computed once per distinct word and cached, so the
same per-character mapping applied to them there costs next to nothing, and
schema 6 tokenizes with FTS5's ``ascii`` tokenizer, which only splits at ASCII
punctuation and spaces and lower-cases ASCII letters: it indexes exactly the
tokens ``unicode61`` did, since every non-ASCII character of an index form is
already what ``unicode61`` would have made of it.

The mapping is ``unicode61``'s own, taken from the SQLite library in use: the
first time a character is met, it is indexed once (between two ``x``) in a
small in-memory FTS5 table with the old tokenizer and read back (a few tens
of microseconds, once per distinct character; a news archive meets a few
hundred). A character ``unicode61`` treats as a separator becomes a space (the
form is then two tokens, as it was), one it drops (a combining accent) becomes
nothing.
"""
from __future__ import annotations

import os
import sqlite3
import threading

# The tokenizer whose tokens the index keeps (schema 5's), and the one that indexes them now.
OLD_TOKENIZER = "unicode61 remove_diacritics 2 tokenchars '_'"
TOKENIZER = "ascii tokenchars '_'"


class _Chars(dict[str, str]):
    """Each non-ASCII character's ``unicode61`` form, probed from SQLite on a miss."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0  # the process that opened ``_conn`` (a forked worker opens its own)

    def __missing__(self, char: str) -> str:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():
                self._pid = os.getpid()
                self._conn = sqlite3.connect(":memory:", check_same_thread=False)
                self._conn.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize = "
                                   f"\"{OLD_TOKENIZER}\")")
                self._conn.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, instance)")
            conn = self._conn
            conn.execute("INSERT INTO probe (rowid, x) VALUES (1, ?)", (f"x{char}x",))
            terms = [t for (t,) in conn.execute("SELECT term FROM probe_terms ORDER BY offset")]
            conn.execute("DELETE FROM probe")
        form = terms[0][1:-1] if len(terms) == 1 else " "  # two tokens: a separator
        self[char] = form
        return form


_CHARS = _Chars()


def fts_form(token: str) -> str:
    """``token`` as ``unicode61 remove_diacritics 2`` indexes it (ASCII: unchanged).

    ASCII needs nothing: the index forms are lower case (folded), and both
    tokenizers split at the same ASCII characters given ``_`` as a token
    character.
    """
    if token.isascii():
        return token
    return "".join(map(_CHARS.__getitem__, token))
