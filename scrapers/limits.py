"""Bounded extraction: one pathological page must not stall an unattended run.

Measured before designing (``benchmarks/fuzz.py --measure``): Lexbor parses a
50 MB page in well under a second, but its tree builder is quadratic in the
nesting depth of block elements (100,000 nested ``<div>`` take ~30 s to parse,
20,000 take ~0.9 s), and the extractors walk the tree recursively (Python's
recursion limit is reached near depth 500). The parse is one C call that no
Python-level timer can interrupt, so the limits are layered:

1. **Size cap** (``MAX_EXTRACT_CHARS``): only the first 8 Mi characters of a
   decoded page are parsed (cut before a tag). Articles sit near the top of
   their pages; the raw bytes are still archived whole by the caller.
2. **Depth cap** (``MAX_DEPTH``): no tag nested deeper than 128 reaches the
   extractors (Blink's parser caps the DOM depth the same way, at 512). This
   keeps the recursive stages (up to three Python frames per level) far from
   the recursion limit, and the C parser's work linear. Two paths, because the
   careful one costs more than the rest of the guards together:
   - a page with at most ``PARSE_SAFE_TAGS`` (10,000) ``<`` characters has at
     most that many tags, and Lexbor's worst case for that many tags is
     bounded (measured: nested ``<ul><li>`` or ``<dl><dd>`` with 10,000 tags
     ~0.3 s; ``python -m benchmarks.fuzz --measure``). Such a page is parsed
     as it is and its tree checked for depth by one C-level selector
     (``html:has(>*>…>*)``, ~0.1 ms on a real page); only a page
     that fails the check is cut by the scan below and parsed again;
   - a larger page is scanned first: a linear scan of the tags removes
     opening/closing tags nested deeper than the cap (text is kept; only the
     tags go), so the parser never sees the deep nesting at all.
   The deepest of the 181 benchmark pages nests 51 levels by the scan's count,
   and their deepest tag (below ``<html>``) is far below the cap too.
3. **Wall-clock budget** (``EXTRACT_SECONDS``, env ``AKHBAR_EXTRACT_SECONDS``):
   on POSIX in the main thread a ``SIGALRM`` timer interrupts the Python
   extraction stages (where any remaining super-linear work lives) and the page
   is reported as skipped. Off the main thread signals cannot be used; the caps
   above still bound the parser, and the budget is then checked afterwards.

A worker process per page would also bound C code, but forking a process that
holds an SQLite connection and (during a crawl) HTTP threads is fragile, and
costs more per page than the whole extraction of a typical page.
"""
from __future__ import annotations

import contextlib
import gc
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from .decode import decode_page
from .page import page_from_tree
from .record import Article

MAX_EXTRACT_CHARS = 8 * 1024 * 1024
MAX_DEPTH = 128
# Lexbor's worst-case parse time for this many tags is bounded (see above).
PARSE_SAFE_TAGS = 10_000
EXTRACT_SECONDS = 10.0

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr "
                  "basefont bgsound frame image".split())
# Text inside these is not markup: tags in a script's strings must not count.
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
# An opening tag of one of these closes an open element of the same name.
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd option optgroup tr td th rb rt rp".split())
_CLOSES_P = frozenset("address article aside blockquote center details dialog dir div dl "
                      "fieldset figcaption figure footer header hgroup main menu nav ol p "
                      "section summary ul h1 h2 h3 h4 h5 h6 pre listing form table hr".split())
_FOREIGN = frozenset(("svg", "math"))
# HTML start tags that end SVG/MathML content (the parser pops back to HTML).
_BREAKOUT = frozenset("b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 "
                      "h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong "
                      "strike sub sup table tt u ul var".split())
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:_-]*)|<!--")


class ExtractionLimit(Exception):
    """The page exceeded an extraction limit; the message is one line saying which."""


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` in a stage cannot swallow it."""


@dataclass
class Bounded:
    """An extracted article and the limits that changed how it was read."""

    article: Article
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def budget_seconds() -> float:
    """The per-page budget: ``$AKHBAR_EXTRACT_SECONDS`` or the default (0 = no budget)."""
    try:
        return max(0.0, float(os.environ.get("AKHBAR_EXTRACT_SECONDS", EXTRACT_SECONDS)))
    except ValueError:
        return EXTRACT_SECONDS


def cap_size(html: str, max_chars: int = MAX_EXTRACT_CHARS) -> tuple[str, bool]:
    """The first ``max_chars`` characters, cut before a tag where possible."""
    if len(html) <= max_chars:
        return html, False
    cut = html.rfind("<", max(0, max_chars - 65536), max_chars)
    return html[:cut if cut > 0 else max_chars], True


def cap_depth(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """Remove tags nested deeper than ``max_depth``; returns (html, tags removed).

    The scan follows the parser's stack only roughly (void elements, raw-text
    elements, comments, self-closing SVG/MathML and the HTML tags that end it,
    the common implied end tags). Where it differs from the parser it errs
    towards counting more depth, never less, so markup cannot hide nesting
    from it. Normal pages are far below the cap; on pages above it the deepest
    tags are replaced by a space so that words do not run together. It reads
    tag names only, so it costs a few milliseconds on a real page.
    """
    if html.count("<") <= max_depth:
        return html, 0
    stack: list[str] = []
    dropped: dict[str, int] = {}
    cuts: list[int] = []  # start offsets of removed tags
    skip_to = 0
    foreign = 0  # SVG/MathML elements open: raw text does not apply there, ``/>`` does
    void, raw, siblings, closes_p = _VOID, _RAW_TEXT, _SELF_CLOSING_SIBLINGS, _CLOSES_P
    for match in _TAG.finditer(html):
        if skip_to:  # inside a comment or raw text until ``skip_to``
            if match.start() < skip_to:
                continue
            skip_to = 0
        closing, name = match.groups()
        if name is None:  # a comment
            end = html.find("-->", match.end())
            if end < 0:
                break
            skip_to = end + 3
            continue
        name = name.lower()
        if closing:
            if dropped and dropped.get(name):
                dropped[name] -= 1
                cuts.append(match.start())
            elif stack and stack[-1] == name:  # the common case: closes the current element
                stack.pop()
                if foreign and name in _FOREIGN:
                    foreign -= 1
            elif name in stack:
                index = len(stack) - 1 - stack[::-1].index(name)
                if foreign:
                    foreign -= sum(1 for n in stack[index:] if n in _FOREIGN)
                del stack[index:]
            continue
        if foreign:
            if name in _BREAKOUT:  # back to HTML: drop the foreign elements
                while foreign and stack:
                    foreign -= stack.pop() in _FOREIGN
            else:
                end = html.find(">", match.end())
                if end > 0 and html[end - 1] == "/":  # self-closing in SVG/MathML
                    continue
        if name in void:
            continue
        if name in raw and not foreign:
            skip_to = _find_ci(html, f"</{name}", match.end())
            if skip_to < 0:
                break
            continue
        if stack and (stack[-1] == name and name in siblings
                      or stack[-1] == "p" and name in closes_p):
            stack.pop()
        if len(stack) >= max_depth:
            dropped[name] = dropped.get(name, 0) + 1
            cuts.append(match.start())
        else:
            stack.append(name)
            foreign += name in _FOREIGN
    if not cuts:
        return html, 0
    return _remove(html, cuts), len(cuts)


def _find_ci(html: str, needle: str, start: int) -> int:
    """Case-insensitive find without lower-casing the page for each script."""
    pattern = _END_TAGS.get(needle)
    if pattern is None:
        pattern = _END_TAGS[needle] = re.compile(re.escape(needle), re.IGNORECASE)
    match = pattern.search(html, start)
    return match.start() if match else -1


_END_TAGS: dict[str, re.Pattern[str]] = {}


def _remove(html: str, starts: list[int]) -> str:
    """Replace each tag starting at one of ``starts`` (up to its ``>``) by a space."""
    parts, last = [], 0
    for start in starts:
        if start < last:
            continue
        end = html.find(">", start)
        end = len(html) if end < 0 else end + 1
        parts.append(html[last:start])
        parts.append(" ")
        last = end
    parts.append(html[last:])
    return "".join(parts)


_PROCESSING_INSTRUCTION = re.compile(r"<\?[^>]*>?")
_PI_START = re.compile(r"<\?")  # re's literal search beats ``"<?" in html`` (~0.12 vs 0.19 ms/page)


def drop_processing_instructions(html: str) -> str:
    """Remove ``<?...>`` (XML prologs, PHP left in a page): HTML reads them as
    comments, and Lexbor gives them a node with no tag name that tree walkers
    do not expect."""
    return html if _PI_START.search(html) is None else _PROCESSING_INSTRUCTION.sub("", html)


def prepare(html: str, max_chars: int = MAX_EXTRACT_CHARS,
            max_depth: int = MAX_DEPTH) -> tuple[str, list[str]]:
    """The page text as the parser should see it, and notes on what was cut.

    Always scans for depth; used where the caller parses the text itself
    (link discovery). Extraction uses ``parse_capped``, which scans only when
    it must.
    """
    notes: list[str] = []
    html = _cap_size_noted(html, max_chars, notes)
    html, removed = cap_depth(html, max_depth)
    _note_depth(removed, max_depth, notes)
    return html, notes


def parse_capped(html: str, max_chars: int = MAX_EXTRACT_CHARS, max_depth: int = MAX_DEPTH,
                 *, encoded: bytes | None = None) -> tuple[str, LexborHTMLParser, list[str]]:
    """Parse the page under the size and depth caps: (text parsed, tree, notes).

    Small pages (the common case) are parsed first and their tree checked for
    depth in C; the Python tag scan runs only on large pages, before parsing,
    or on a small page whose tree turned out too deep (see the module notes).

    The parser reads UTF-8: the text is encoded once, here, and the parser,
    the search for processing instructions and the count of ``<`` all read
    those bytes (a ``<`` or ``<?`` in the text is one in its UTF-8 bytes, and
    bytes offer the ``memchr``-based scans: ``count_tag_starts``,
    ``has_processing_instruction``). ``encoded``, when given, must be exactly ``html``'s UTF-8
    encoding (the page's own bytes, when they were read as UTF-8): then the
    text is not encoded at all.
    """
    notes: list[str] = []
    html, truncated = cap_size(html, max_chars)
    if truncated:
        notes.append(f"only the first {max_chars // (1024 * 1024)} Mi characters were extracted")
        encoded = None
    # (what selectolax does with a text: ``errors="ignore"`` drops lone surrogates)
    data = html.encode("utf-8", "ignore") if encoded is None else encoded
    if has_processing_instruction(data):  # rare: drop them, and encode what is left
        html = _PROCESSING_INSTRUCTION.sub("", html)
        data = html.encode("utf-8", "ignore")
    if count_tag_starts(data) > PARSE_SAFE_TAGS:
        html, removed = cap_depth(html, max_depth)
        tree = LexborHTMLParser(html if removed else data)
    else:
        tree, removed = LexborHTMLParser(data), 0
        if tree_too_deep(tree, max_depth):
            html, removed = cap_depth(html, max_depth)
            tree = LexborHTMLParser(html)
    _note_depth(removed, max_depth, notes)
    return html, tree, notes


def count_tag_starts(data: bytes) -> int:
    """The number of ``<`` in ``data`` (``html.count("<")`` of the text it encodes:
    ``<`` is one byte in UTF-8, never part of another character's bytes).

    ``bytes.count`` compares byte by byte (~8 instructions a byte); deleting
    the character with ``replace`` finds the occurrences with ``memchr`` and
    copies the spans between them, ~5 times fewer instructions on the web set
    (512 M -> 104 M for its 64 MB). The copy is freed at once.
    """
    return len(data) - len(data.replace(b"<", b""))


_PI_QUESTION_BUDGET = 256


def has_processing_instruction(data: bytes) -> bool:
    """``b"<?" in data``, found from the ``?`` bytes, which ``find`` reaches
    with ``memchr``; a page has a few dozen. ``in`` for a two-byte pattern
    reads the bytes one by one (~3.7 instructions a byte). After
    ``_PI_QUESTION_BUDGET`` question marks without a ``<`` before one, the
    plain search takes over from there, so no page costs much more than ``in``.
    """
    find = data.find
    at = find(b"?", 1)  # (a "?" at 0 has no "<" before it)
    budget = _PI_QUESTION_BUDGET
    while at > 0:
        if data[at - 1] == 0x3C:  # "<"
            return True
        budget -= 1
        if not budget:
            return find(b"<?", at) >= 0
        at = find(b"?", at + 1)
    return False


def tree_too_deep(tree: LexborHTMLParser, max_depth: int = MAX_DEPTH) -> bool:
    """Whether an element sits more than ``max_depth`` levels below ``<html>``
    (``<body>`` is level 1; the tag scan allows the same 128 levels).

    One selector evaluated by Lexbor: ``html`` with a chain of ``max_depth + 1``
    child steps below it (``html:has(>*>…>*)``). Lexbor matches the argument
    of ``:has`` forwards from ``html``, level by level, where a plain chain
    (``html>*>…>*``) is matched backwards from every candidate element, each
    climbing its ancestors: half the instructions on the web set's pages
    (367 M -> 190 M) and a twentieth on a wide tree 120 levels deep.
    """
    selector = _DEPTH_SELECTORS.get(max_depth)
    if selector is None:
        # (no blanks around ``>``: Lexbor then parses the selector with ~40 %
        # fewer instructions)
        selector = _DEPTH_SELECTORS[max_depth] = "html:has(" + ">*" * (max_depth + 1) + ")"
    return tree.css_first(selector) is not None


_DEPTH_SELECTORS: dict[int, str] = {}


def _cap_size_noted(html: str, max_chars: int, notes: list[str]) -> str:
    html, truncated = cap_size(html, max_chars)
    if truncated:
        notes.append(f"only the first {max_chars // (1024 * 1024)} Mi characters were extracted")
    return drop_processing_instructions(html)


def _note_depth(removed: int, max_depth: int, notes: list[str]) -> None:
    if removed:
        notes.append(f"{removed} tags nested deeper than {max_depth} levels were ignored")


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one page's extraction.

    Extraction allocates tens of thousands of short-lived objects (selectolax
    node wrappers, strings, blocks), all freed by reference counting; the
    cyclic collector still scans them every 700 allocations, which measured
    ~13 % of the extraction time on the benchmark pages. Nothing an extractor
    builds needs the cycle collector while it runs, and the page's memory is
    bounded by the caps above. Re-enabled only if it was enabled (so a caller
    that disabled it keeps it off; threads end with it on).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``_Timeout`` in this (main) thread once ``seconds`` have passed.

    The timer re-fires every 0.25 s until cleared, so a stage that catches
    and ignores the first interruption is interrupted again.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    active = True

    def on_alarm(signum: int, frame: object) -> None:
        if active:
            raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded_extract(data: str | bytes, url: str | None = None, *, http_charset: str | None = None,
                    seconds: float | None = None, max_chars: int = MAX_EXTRACT_CHARS,
                    max_depth: int = MAX_DEPTH) -> Bounded:
    """``extract`` under the size, depth and time limits above.

    Raises ``ExtractionLimit`` (one-line reason) when the page cannot be
    extracted within them; any other exception is a bug in an extractor.
    """
    from . import extract_page  # late: the package imports this module's users

    seconds = budget_seconds() if seconds is None else seconds
    started = time.monotonic()
    try:
        with time_budget(seconds), no_cyclic_gc():
            text, encoded = (decode_page(data, http_charset) if isinstance(data, (bytes, bytearray))
                             else (data, None))
            text, tree, notes = parse_capped(text, max_chars, max_depth, encoded=encoded)
            article = extract_page(page_from_tree(text, tree, url))
    except _Timeout:
        raise ExtractionLimit(f"extraction took longer than {seconds:g} s, skipped "
                              "(limit: AKHBAR_EXTRACT_SECONDS)") from None
    except RecursionError:
        raise ExtractionLimit("page structure is nested too deeply to extract") from None
    except MemoryError:
        raise ExtractionLimit("out of memory while extracting the page") from None
    elapsed = time.monotonic() - started
    if seconds and elapsed > seconds:
        raise ExtractionLimit(f"extraction took {elapsed:.1f} s, more than the {seconds:g} s limit, skipped")
    return Bounded(article, notes, elapsed)
