"""``clean`` for the metadata stage, with a fast path for text that is already clean.

Metadata values (meta contents, JSON-LD strings, byline lines) are short and
nearly always clean already: single spaces, no tabs or newlines, no invisible
format marks. For those ``scrapers.text.clean`` amounts to ``strip()``, yet it
costs two regex substitutions and a replace. One search for anything ``clean``
would change decides whether the full ``clean`` has to run; the answer is the
same either way (``tests/test_meta_text.py`` checks it character by character
against ``scrapers.text``).
"""
from __future__ import annotations

import re

from .. import text as _text

# Everything ``text.clean`` rewrites besides the final strip(): its invisible
# marks, every character of its whitespace class other than the plain space,
# the newline, and a run of two spaces.
_NEEDS_CLEAN = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
    "\t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")


def clean(text: str | None) -> str:
    """Exactly ``scrapers.text.clean(text)``."""
    if not text:
        return ""
    if _NEEDS_CLEAN.search(text) is None:
        return text.strip()
    return _text.clean(text)


def clean_or_none(text: str | None) -> str | None:
    """Exactly ``scrapers.text.clean_or_none(text)``."""
    return clean(text) or None


_INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                             "\u2066\u2067\u2068\u2069\ufeff\u00ad")


def has_text(text: str) -> bool:
    """``clean(text) != ""`` without building the cleaned string: true as soon
    as the first non-space character is not one of the invisible marks
    ``clean`` drops (those are rare; ``clean`` decides then)."""
    stripped = text.strip()
    if not stripped:
        return False
    return stripped[0] not in _INVISIBLE_CHARS or bool(clean(text))


def clean_at_most(text: str, limit: int) -> str | None:
    """``clean(text)`` when that is at most ``limit`` characters, else None.

    Byline and date candidates are sometimes whole containers (a ``timeline``
    or ``author-box`` wrapping the article): their text is thousands of
    characters and only needs to be known too long. Cleaning never lets a
    prefix come out longer than the whole (characters are dropped or runs
    shortened, never added), so a prefix that is already too long decides.
    """
    window = 4 * limit
    if len(text) > window and len(clean(text[:window])) > limit:
        return None
    cleaned = clean(text)
    return cleaned if len(cleaned) <= limit else None
