"""Full-text query building and snippets for Arabic-normalised FTS5.

The index holds ``normalize_for_search`` text, so a query is normalised the
same way and then turned into a safe FTS5 expression: every bare word becomes
a quoted term (user input never reaches FTS5 syntax unescaped), ``"..."``
stays a phrase, a trailing ``*`` makes a prefix query, and ``OR`` / ``-word``
work as a user expects. Snippets are cut from the *original* text, so the
reader sees the spelling the page used, with the matched words marked.
"""
from __future__ import annotations

import re
import unicodedata

from akhbar.scrapers.arabic import normalize_for_search

from .textnorm import fold

_TOKEN = re.compile(r'-?"[^"]*"|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)


def build_match(query: str) -> str | None:
    """Turn a user query into an FTS5 MATCH expression, or None if it has no words."""
    parts: list[str] = []
    negated: list[str] = []
    for raw in _TOKEN.findall(query):
        if raw == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        negate = raw.startswith("-") and len(raw) > 1
        raw = raw[1:] if negate else raw
        prefix = raw.endswith("*")
        words = _WORD.findall(normalize_for_search(raw.strip('"*')))
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if prefix else "")
        (negated if negate else parts).append(term)
    while parts and parts[-1] == "OR":
        parts.pop()
    if not parts:
        return None
    expr = " ".join(parts)
    for term in negated:
        expr = f"({expr}) NOT {term}"
    return expr


def query_terms(query: str) -> list[str]:
    """Normalised words of the query (for highlighting), negated ones left out."""
    terms: list[str] = []
    for raw in _TOKEN.findall(query):
        if raw == "OR" or raw.startswith("-"):
            continue
        terms.extend(_WORD.findall(normalize_for_search(raw.strip('"*'))))
    return terms


_CHAR_FOLD: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """How one character folds ("" for a dropped diacritic); memoised, the alphabet is small."""
    folded = _CHAR_FOLD.get(char)
    if folded is None:
        folded = normalize_for_search(char) if not char.isascii() else char.lower()
        if unicodedata.combining(char) and not folded:
            folded = ""
        if len(_CHAR_FOLD) < 100_000:
            _CHAR_FOLD[char] = folded
    return folded


def _normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` character by character, remembering each output char's source index.

    Characters are folded through a memo (one dict lookup each): calling the
    full normaliser per character made snippets the slowest part of a search.
    """
    out: list[str] = []
    offsets: list[int] = []
    get = _CHAR_FOLD.get
    for index, char in enumerate(text):
        folded = get(char)
        if folded is None:
            folded = _fold_char(char)
        if len(folded) == 1:
            out.append(folded)
            offsets.append(index)
        else:
            for piece in folded:
                out.append(piece)
                offsets.append(index)
    return "".join(out), offsets


def snippet(text: str, terms: list[str], width: int = 160,
            mark: tuple[str, str] = ("[", "]")) -> str | None:
    """A window of ``text`` around the first matched term, matches wrapped in ``mark``.

    Returns None when no term occurs in ``text``. A long text is first
    narrowed to its first paragraph holding a term (a C-speed check per
    paragraph), so the per-character pass below runs over one paragraph, not
    a whole article, for each of a search's hits.
    """
    if not text or not terms:
        return None
    if len(text) > 2 * width and "\n" in text:
        found = _first_matching_paragraph(text, terms)
        start, end = found or (0, len(text))  # none: only a match across lines, if any
        if end - start < len(text):
            inner = _snippet(text[start:end], terms, width, mark)
            if inner is None:
                return None
            head = "… " if start > 0 and not inner.startswith("… ") else ""
            tail = " …" if end < len(text) and not inner.endswith(" …") else ""
            return head + inner + tail
    return _snippet(text, terms, width, mark)


def _first_matching_paragraph(text: str, terms: list[str]) -> tuple[int, int] | None:
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        folded = fold(line)
        if any(term in folded for term in terms):
            return start, end
        start = end + 1
    return None


def _snippet(text: str, terms: list[str], width: int, mark: tuple[str, str]) -> str | None:
    if not any(term in fold(text) for term in terms):
        return None  # cheap whole-text check before the per-character pass
    folded, offsets = _normalised_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in set(terms):
        for match in re.finditer(re.escape(term), folded):
            start = offsets[match.start()]
            end = offsets[match.end() - 1] + 1
            spans.append((start, end))
    if not spans:
        return None
    spans.sort()
    first = spans[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    # Extend to word boundaries so no word is cut in half.
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    pieces: list[str] = []
    cursor = lo
    for start, end in spans:
        if start < cursor or end > hi:
            continue
        pieces.append(text[cursor:start])
        pieces.append(mark[0] + text[start:end] + mark[1])
        cursor = end
    pieces.append(text[cursor:hi])
    result = " ".join("".join(pieces).split())
    return ("… " if lo > 0 else "") + result + (" …" if hi < len(text) else "")
