"""Text helpers shared by extractors: whitespace, block-aware node text."""
from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n+")
# Invisible format characters that carry no text (keep RLM/LRM out of records):
# zero-width space/joiners, LRM/RLM, bidi embeddings and isolates, BOM, soft hyphen.
INVISIBLE_CHARS = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                   "\u2066\u2067\u2068\u2069\ufeff\u00ad")
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_INVISIBLE = INVISIBLE  # the name the tests and older callers use
# Whitespace to ``str.split()`` that ``_WS`` does not collapse: file/group
# separators, NEL, Ogham space, line and paragraph separators.
SPLIT_ONLY_CHARS = "\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"
_SPLIT_ONLY_ASCII = "\x1c\x1d\x1e\x1f"

# Everything the rules rewrite besides the final strip(): the invisible marks,
# every whitespace character of ``_WS`` other than the plain space, the newline,
# and a run of two spaces. Short values (meta contents, names) rarely hold any.
_NEEDS_RULES = re.compile(f"[{INVISIBLE_CHARS}"
                          "\t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")
# Characters on which ``str.split()`` and ``clean``'s rules differ.
_SPLIT_DIFFERS = re.compile(f"[{SPLIT_ONLY_CHARS}{INVISIBLE_CHARS}]")


def clean(text: str | None) -> str:
    """Collapse runs of spaces and drop invisible format characters; one line.

    Called for every text block and metadata value of every page, so it has
    two fast paths: text that is already clean only needs ``strip()`` (four
    times faster); without the characters of ``_SPLIT_DIFFERS``, ``str.split()``
    splits on exactly the characters ``_WS`` and newlines match, and split/join
    is twice as fast as the regular expressions (``tests/test_text.py`` checks
    all paths against the rules).
    """
    if not text:
        return ""
    if _NEEDS_RULES.search(text) is None:
        return text.strip()
    if _SPLIT_DIFFERS.search(text) is None:
        return " ".join(text.split())
    return clean_by_rules(text)


def clean_by_rules(text: str) -> str:
    """``clean`` spelled out: the reference the fast path must agree with."""
    text = _INVISIBLE.sub("", text)
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def clean_length(text: str) -> int:
    """``len(clean(text))`` without building the cleaned string.

    The words of ``str.split()`` joined by single spaces, as long as the text
    has none of the few characters ``split`` takes for whitespace and ``clean``
    does not (then ``clean`` itself is used). Whether it has any is a few
    ``in`` tests (a C-level scan each, cheaper than a regular-expression
    search on the long texts this is used for).
    """
    if text.isascii():  # invisible marks and most of SPLIT_ONLY_CHARS are not ASCII
        for char in _SPLIT_ONLY_ASCII:
            if char in text:
                return len(clean(text))
    else:
        for char in INVISIBLE_CHARS:
            if char in text:
                text = INVISIBLE.sub("", text)
                break
        for char in SPLIT_ONLY_CHARS:
            if char in text:
                return len(clean(text))
    # The joined string is built only to be measured: one C-level join costs
    # less than adding up the word lengths in Python (~60 vs ~100 us on 25k chars).
    return len(" ".join(text.split()))


def clean_or_none(text: str | None) -> str | None:
    value = clean(text)
    return value or None


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs separated by one blank line, empty ones dropped."""
    return "\n\n".join(p for p in (clean(x) for x in paragraphs) if p)
