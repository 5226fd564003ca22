"""Cheap tests on the short values the metadata stage reads (headlines, bylines,
dates): whether a value has any text, and its cleaned form only when short."""
from __future__ import annotations

from ...text import INVISIBLE_CHARS, clean

_INVISIBLE_CHARS = frozenset(INVISIBLE_CHARS)


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
