"""Reader's queries: parsing, the FTS5 MATCH expression, ``--exact`` checks and snippets.

A query is words, ``"a phrase"``, ``word*`` (prefix), ``OR`` between two
parts and ``-word`` (must not occur); words side by side must all occur
(FTS5 gives the implicit AND precedence over OR: ``a b OR c`` is
``(a b) OR c``). Every word is analysed as the index is (``analysis.py``):
``analyse_query`` turns the reader's text into the MATCH expression, with
each word's possible index forms OR-ed together, always quoted (user input
never reaches FTS5 syntax unescaped). It is the one function other readers of
the archive (the web view, the sqlite3 shell) need.

``--exact`` searches the unstemmed folded text: the index (which holds only
stems) finds candidates, a superset of the exact matches, and each candidate's
own folded text decides (``ExactQuery.accepts``).

Snippets are cut from the article's *original* text: a word is marked when one
of its index forms is one the query asked for, so the reader sees the page's
own words (المخابرات marked for a query مخابرات), never a stem.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from . import analysis
from .analysis import LATIN_LANGUAGES, fixed_token, latin_token, query_forms, strip_accents
from .textnorm import fold

_TOKEN = re.compile(r'-?"[^"]*"|\S+')
# A word of the page as written: letters and digits with their combining marks
# (harakat, Latin accents) and tatweel, which folding removes.
_PAGE_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


@dataclass
class Term:
    """One part of a query: a word or a phrase (folded words), maybe a prefix."""

    words: list[str]
    prefix: bool = False


@dataclass
class Query:
    """A parsed query: ``groups`` OR-ed together, each an AND of terms; ``negated`` excluded."""

    groups: list[list[Term]] = field(default_factory=list)
    negated: list[Term] = field(default_factory=list)

    def positive(self) -> Iterator[Term]:
        for group in self.groups:
            yield from group


def parse(text: str) -> Query:
    """Split a reader's query into terms (see the module docstring for the syntax)."""
    query = Query()
    group: list[Term] = []
    for raw in _TOKEN.findall(text):
        if raw == "OR":
            if group:
                query.groups.append(group)
                group = []
            continue
        negate = raw.startswith("-") and len(raw) > 1
        raw = raw[1:] if negate else raw
        words = analysis.words(raw.strip('"*'))
        if not words:
            continue
        term = Term(words, prefix=raw.endswith("*"))
        (query.negated if negate else group).append(term)
    if group:
        query.groups.append(group)
    return query


# -- the MATCH expression --------------------------------------------------------------


def _quoted(tokens: Iterable[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def _alternatives(forms: list[str], prefix: bool) -> str:
    star = "*" if prefix else ""
    if len(forms) == 1:
        return _quoted(forms[:1]) + star
    return "(" + " OR ".join(_quoted([f]) + star for f in forms) + ")"


def phrase_forms(words: list[str]) -> list[list[str]]:
    """Index-form sequences a phrase may have: one per language when it holds Latin words."""
    fixed = [fixed_token(w) for w in words]
    if all(t is not None for t in fixed):
        return [[t for t in fixed if t is not None]]
    variants = [[t if t is not None else latin_token(w, lang) for w, t in zip(words, fixed,
                                                                           strict=True)]
                for lang in (*LATIN_LANGUAGES, None)]
    return list({" ".join(v): v for v in variants}.values())


def _prefix_forms(word: str) -> list[str]:
    """Index forms of the start of a word: its stem, as if it were a whole word."""
    token = fixed_token(word)
    if token is not None:
        return [token]
    return list(dict.fromkeys(latin_token(word, lang) for lang in (*LATIN_LANGUAGES, None)))


def term_expression(term: Term, *, variants: bool = True) -> str:
    """FTS5 syntax for one term: its possible index forms OR-ed together.

    ``variants=False`` leaves out the bare-clitic forms of an Arabic word
    (for ``--exact`` candidates, which need only the word's own stem).
    """
    if len(term.words) > 1:
        phrases = phrase_forms(term.words)
        star = "*" if term.prefix else ""
        if len(phrases) == 1:
            return _quoted(phrases[0]) + star
        return "(" + " OR ".join(_quoted(p) + star for p in phrases) + ")"
    word = term.words[0]
    if term.prefix:
        return _alternatives(_prefix_forms(word), True)
    forms = query_forms(word)
    if not variants and analysis.script(word) == "arabic":
        forms = forms[:1]
    return _alternatives(forms, False)


def match_expression(query: Query, *, exact: bool = False,
                     variants: bool = True) -> str | None:
    """The FTS5 MATCH expression of a parsed query, or None if it has no positive words.

    For ``exact`` (candidates): only the words' own stems, and no NOT (an
    excluded surface form must not exclude its other forms). Without
    ``variants``: only the words' own stems, NOT kept (``Archive.search``
    ranks these matches first).
    """
    # Explicit AND: FTS5 allows the implicit one only between phrases, not next to a group.
    groups = [" AND ".join(term_expression(t, variants=variants and not exact) for t in group)
              for group in query.groups]
    if not groups:
        return None
    expr = " OR ".join(f"({g})" if len(groups) > 1 else g for g in groups)
    if not exact:
        for term in query.negated:
            expr = f"({expr}) NOT {term_expression(term)}"
    return expr


def analyse_query(text: str, *, exact: bool = False) -> str | None:
    """A reader's query as the FTS5 MATCH expression over ``articles_fts`` (None: no words).

    This is the whole query analysis: ``Archive.search`` uses it, and so must
    any other reader of the archive (``SELECT rowid FROM articles_fts WHERE
    articles_fts MATCH ?``). With ``exact``, the expression finds the
    candidates that ``ExactQuery`` then checks against the folded text.
    """
    return match_expression(parse(text), exact=exact)


# -- --exact: checking candidates against their folded words ---------------------------


def surface(word: str) -> str:
    """The exact form of a folded word: accents removed, as the old index compared them."""
    return strip_accents(word)


class ExactQuery:
    """Decides whether an article's folded text holds the query's exact (unstemmed) words."""

    def __init__(self, query: Query):
        self.query = query

    def accepts(self, texts: Iterable[str | None],
                more: Callable[[], Iterable[str]] | None = None) -> bool:
        """Whether ``texts`` (and ``more()``, the comments, read only if needed) match.

        A cheap test first: the folded text must contain every word of some
        group as a substring; only then is it split into words and checked.
        """
        folded = [strip_accents(fold(t)) for t in texts if t]
        if not self._may_match("\n".join(folded)):
            if more is None:
                return False
            folded += [strip_accents(fold(t)) for t in more()]
            if not self._may_match("\n".join(folded)):
                return False
        elif more is not None:
            folded += [strip_accents(fold(t)) for t in more()]
        columns = [analysis.split_words(t) for t in folded]
        vocab = {w for column in columns for w in column}
        if any(self._has(term, columns, vocab) for term in self.query.negated):
            return False
        return any(all(self._has(term, columns, vocab) for term in group)
                   for group in self.query.groups)

    def _may_match(self, text: str) -> bool:
        return any(all(surface(w) in text for term in group for w in term.words)
                   for group in self.query.groups)

    @staticmethod
    def _has(term: Term, columns: list[list[str]], vocab: set[str]) -> bool:
        wanted = [surface(w) for w in term.words]
        if len(wanted) == 1:
            if term.prefix:
                return any(w.startswith(wanted[0]) for w in vocab)
            return wanted[0] in vocab
        if not all(w in vocab for w in wanted[:-1]):
            return False
        n = len(wanted)
        for column in columns:
            for i in range(len(column) - n + 1):
                if column[i:i + n - 1] == wanted[:-1] and (
                        column[i + n - 1].startswith(wanted[-1]) if term.prefix
                        else column[i + n - 1] == wanted[-1]):
                    return True
        return False


# -- snippets ----------------------------------------------------------------------


_FOLDED: dict[str, tuple[str, ...]] = {}  # a page's word as written -> its folded words


@dataclass
class Marker:
    """Which words of a page to mark: their index forms (or exact forms) and prefixes.

    ``needles`` are strings that the folded (accent-free) text of any marked
    word contains: a paragraph without one is skipped at C speed, so only the
    paragraph that holds a match is read word by word.
    """

    keys: frozenset[str]
    prefixes: tuple[str, ...]
    needles: tuple[str, ...]
    exact: bool = False
    _seen: dict[str, bool] = field(default_factory=dict)

    def may_hold(self, line: str) -> bool:
        folded = strip_accents(fold(line))
        return any(needle in folded for needle in self.needles)

    def marks(self, page_word: str) -> bool:
        found = self._seen.get(page_word)
        if found is None:
            folded = _FOLDED.get(page_word)
            if folded is None:
                folded = tuple(analysis.words(page_word))
                if len(_FOLDED) < 200_000:
                    _FOLDED[page_word] = folded
            found = any(self._word_matches(w) for w in folded)
            self._seen[page_word] = found
        return found

    def _word_matches(self, word: str) -> bool:
        forms = {surface(word)} if self.exact else analysis.word_keys(word)
        if not forms.isdisjoint(self.keys):
            return True
        return any(f.startswith(p) for f in forms for p in self.prefixes)


def _needle(word: str, forms: Iterable[str]) -> str:
    """What every page word matching ``word`` (through one of ``forms``) contains.

    An Arabic stem is a piece of the word it came from; a Snowball stem may
    change its last letters (happy → happi), so a Latin word's needle is the
    start it shares with its stems, less one letter.
    """
    plain = surface(word)
    if analysis.script(word) != "latin":
        return min(forms, key=len) if forms else plain
    common = plain
    for form in forms:
        stem = form.split("_", 1)[-1]
        size = 0
        while size < min(len(stem), len(common)) and stem[size] == common[size]:
            size += 1
        common = common[:size]
    return common[:max(1, len(common) - 1)] if len(common) > 2 else common


def marker(query: Query, *, exact: bool = False) -> Marker:
    """The words to mark for a parsed query (negated terms are not marked)."""
    keys: set[str] = set()
    prefixes: list[str] = []
    needles: list[str] = []
    for term in query.positive():
        for i, word in enumerate(term.words):
            last = i == len(term.words) - 1
            if exact:
                (prefixes.append if term.prefix and last else keys.add)(surface(word))
                needles.append(surface(word))
                continue
            forms = _prefix_forms(word) if term.prefix and last else query_forms(word)
            (prefixes.extend if term.prefix and last else keys.update)(forms)
            needles.append(_needle(word, forms))
    return Marker(frozenset(keys), tuple(prefixes), tuple(n for n in needles if n), exact)


def snippet(text: str, mark_words: Marker | Callable[[str], bool], width: int = 160,
            mark: tuple[str, str] = ("[", "]")) -> str | None:
    """A window of ``text`` around its first marked word, marked words wrapped in ``mark``.

    None when no word of ``text`` is marked. The window is cut from the
    paragraph holding the first marked word, at word boundaries.
    """
    if not text:
        return None
    test = mark_words.marks if isinstance(mark_words, Marker) else mark_words
    may_hold = mark_words.may_hold if isinstance(mark_words, Marker) else None
    start = 0
    for line in text.split("\n"):
        if may_hold is not None and not may_hold(line):
            start += len(line) + 1
            continue
        spans = [m.span() for m in _PAGE_WORD.finditer(line) if test(m.group())]
        if spans:
            return _window(text, start, start + len(line), [(a + start, b + start)
                                                            for a, b in spans], width, mark)
        start += len(line) + 1
    return None


def _window(text: str, para_start: int, para_end: int, spans: list[tuple[int, int]],
            width: int, mark: tuple[str, str]) -> str:
    first = spans[0][0]
    lo = max(para_start, first - width // 3)
    hi = min(para_end, lo + width)
    lo = max(para_start, min(lo, hi - width))
    while lo > para_start and not text[lo - 1].isspace():  # no word cut in half
        lo -= 1
    while hi < para_end and not text[hi].isspace():
        hi += 1
    pieces: list[str] = []
    cursor = lo
    for start, end in spans:
        if start < cursor or end > hi:
            continue
        pieces += [text[cursor:start], mark[0], text[start:end], mark[1]]
        cursor = end
    pieces.append(text[cursor:hi])
    result = " ".join("".join(pieces).split())
    return ("… " if lo > 0 else "") + result + (" …" if hi < len(text) else "")


__all__ = ["ExactQuery", "Marker", "Query", "Term", "analyse_query", "fold", "marker",
           "match_expression", "parse", "snippet"]
