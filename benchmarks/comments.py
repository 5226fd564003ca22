"""Reader-comment benchmark: hand-checked threads of 76 development pages, 30 negatives.

The measures of ``../shared/benchmarks/comments/README.md``: pages with at least
one comment found, count right (within 10 %, rounded down, or the alternative
count), snippet recall, author right, date given and reply parent right for the
snippets found, comments invented on the negatives, and ``comment_count`` equal
to the displayed total on paginated pages. A tool whose comments come back as
one text blob (trafilatura) is scored on pages found, snippets and negatives only.
"""
from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
_AUTHOR_NOISE = re.compile(r"[^\w\s]|\b(says|sagt|schreibt|von|by)\b", re.IGNORECASE)


@dataclass
class ThreadPage:
    key: str
    set: str
    url: str
    html: bytes
    truth: dict[str, Any] = field(default_factory=dict)  # empty for a negative


@dataclass
class FoundComment:
    text: str
    author: str | None = None
    published: str | None = None
    parent: int | None = None


@dataclass
class Thread:
    """What a tool gives for one page: structured comments, or only a text blob."""

    comments: list[FoundComment] = field(default_factory=list)
    blob: str | None = None
    comment_count: int | None = None


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def author_ok(found: str | None, expected: str | None) -> bool:
    a = _SPACE.sub(" ", _AUTHOR_NOISE.sub(" ", norm(found).casefold())).strip()
    b = _SPACE.sub(" ", _AUTHOR_NOISE.sub(" ", norm(expected).casefold())).strip()
    return bool(a and b) and (a in b or b in a)


def count_ok(found: int, truth: dict[str, Any]) -> bool:
    count = truth["count"]
    return abs(found - count) <= count // 10 or found == truth.get("count_alt")


def _page_bytes(base: Path, entry: dict[str, Any], evaldata: dict[str, Any]) -> tuple[bytes, str]:
    bench = base / "benchmarks"
    if entry["set"] == "article-extraction":
        truth = json.loads((bench / "article-extraction" / "ground-truth.json").read_text("utf-8"))
        raw = gzip.decompress((bench / "article-extraction" / "html" / f"{entry['key']}.html.gz")
                              .read_bytes())
        return raw, truth.get(entry["key"], {}).get("url") or ""
    if entry["set"] == "web-extraction":
        file = evaldata[entry["key"]]["file"]
        return gzip.decompress((bench / "web-extraction" / "pages" / file).read_bytes()), entry["key"]
    return (bench / "metadata" / "pages" / entry["key"] / "source.html").read_bytes(), ""


def load_thread_pages(base: Path) -> tuple[list[ThreadPage], list[ThreadPage]]:
    """(pages with comments, negatives)."""
    folder = base / "benchmarks" / "comments"
    evaldata = json.loads((base / "benchmarks" / "web-extraction" / "evaldata.json")
                          .read_text("utf-8"))
    out: tuple[list[ThreadPage], list[ThreadPage]] = ([], [])
    for name, pages in (("truth.json", out[0]), ("negatives.json", out[1])):
        for entry in json.loads((folder / name).read_text("utf-8")):
            html, url = _page_bytes(base, entry, evaldata)
            pages.append(ThreadPage(entry["key"], entry["set"], url.strip(), html,
                                    entry if name == "truth.json" else {}))
    return out


def akhbar_thread(html: bytes, url: str) -> Thread:
    from akhbar.scrapers import extract

    article = extract(html, url or None)
    return Thread([FoundComment(c.text, c.author, c.published, c.parent) for c in article.comments],
                  comment_count=article.comment_count)


def trafilatura_thread(html: bytes, url: str) -> Thread:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, include_comments=True,
                                      with_metadata=True)
    comments = getattr(doc, "comments", None) if doc is not None else None
    return Thread(blob=comments or "")


THREAD_TOOLS: dict[str, Callable[[bytes, str], Thread]] = {
    "akhbar": akhbar_thread, "trafilatura": trafilatura_thread}


def _safe(run: Callable[[bytes, str], Thread], page: ThreadPage) -> Thread:
    try:
        return run(page.html, page.url)
    except Exception:  # noqa: BLE001 - a crash counts as nothing found
        return Thread()


def _score_page(thread: Thread, truth: dict[str, Any], tally: Counter[str]) -> None:
    """Add one truth page's measures to ``tally``."""
    texts = [norm(c.text) for c in thread.comments]
    blob = norm(thread.blob) if thread.blob is not None else None
    tally["pages"] += 1
    tally["pages_found"] += bool(texts or blob)
    if blob is None:
        tally["count_ok"] += count_ok(len(texts), truth)
    if truth.get("displayed"):
        tally["displayed_pages"] += 1
        tally["displayed_ok"] += thread.comment_count == truth["displayed"]
    for expected in truth["comments"]:
        tally["snippets"] += 1
        snippet = norm(expected["snippet"])
        if blob is not None:
            tally["snippets_found"] += snippet in blob
            continue
        index = next((i for i, text in enumerate(texts) if snippet in text), None)
        if index is None:
            continue
        found = thread.comments[index]
        tally["snippets_found"] += 1
        tally["author_ok"] += author_ok(found.author, expected["author"])
        if expected.get("date"):
            tally["dated"] += 1
            tally["date_given"] += bool(found.published)
        if expected.get("reply_to"):
            tally["replies_found"] += 1
            parent = thread.comments[found.parent] if found.parent is not None else None
            if parent is not None and not parent.author:
                tally["parent_unchecked"] += 1
            else:
                tally["replies_checked"] += 1
                tally["parent_ok"] += parent is not None and author_ok(parent.author,
                                                                        expected["reply_to"])


def run_comment_benchmark(name: str, pages: list[ThreadPage],
                          negatives: list[ThreadPage]) -> dict[str, Any]:
    run = THREAD_TOOLS[name]
    tally: Counter[str] = Counter()
    by_cms: dict[str, Counter[str]] = {}
    elapsed = 0.0
    for page in pages:
        start = time.process_time()
        thread = _safe(run, page)
        elapsed += time.process_time() - start
        _score_page(thread, page.truth, tally)
        _score_page(thread, page.truth, by_cms.setdefault(page.truth["cms"], Counter()))
    for page in negatives:
        thread = _safe(run, page)
        invented = len(thread.comments) or (1 if norm(thread.blob) else 0)
        tally["false_comments"] += invented
        tally["false_pages"] += bool(invented)
    tally["negatives"] = len(negatives)
    return {"tool": name, **tally, "seconds": elapsed,
            "by_cms": {cms: dict(c) for cms, c in by_cms.items()}}


def _share(row: dict[str, Any], part: str, whole: str) -> str:
    if not row.get(whole):
        return "n/a"
    return f"{row.get(part, 0)}/{row[whole]} ({100 * row.get(part, 0) / row[whole]:.0f}%)"


def print_comment_table(rows: list[dict[str, Any]]) -> None:
    print("\ncomments benchmark (76 pages with comments, 30 without)")
    heads = ("tool", "pages>=1", "count ok", "snippets", "author ok", "date given", "parent ok",
             "shown total", "false (pages)")
    print(" | ".join(heads))
    for r in rows:
        blob = r["tool"] != "akhbar"
        cells = [r["tool"], _share(r, "pages_found", "pages"),
                 "n/a" if blob else _share(r, "count_ok", "pages"),
                 _share(r, "snippets_found", "snippets"),
                 "n/a" if blob else _share(r, "author_ok", "snippets_found"),
                 "n/a" if blob else _share(r, "date_given", "dated"),
                 "n/a" if blob else _share(r, "parent_ok", "replies_checked")
                 + f", {r.get('parent_unchecked', 0)} unchecked",
                 "n/a" if blob else _share(r, "displayed_ok", "displayed_pages"),
                 f"{r.get('false_comments', 0)} ({r.get('false_pages', 0)}/{r['negatives']})"]
        print(" | ".join(cells))
        for cms, c in sorted(r["by_cms"].items()):
            print(f"    {cms:<10} snippets {_share(c, 'snippets_found', 'snippets')}, "
                  f"pages {_share(c, 'pages_found', 'pages')}")
