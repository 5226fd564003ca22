"""Generic extraction benchmark: akhbar vs trafilatura, readability-lxml, newspaper4k.

Run from the repository root::

    python -m benchmarks.extraction [--json PATH] [--tools akhbar,trafilatura] [--pages N]
                                    [--sets article,web,metadata,comments] [--repeat 3]

Four tables, one process, every tool on the same pages:

1. ``article-extraction`` (body only): F1, precision, recall, accuracy with the
   benchmark's shingle method (``benchmarks/scoring.py``), pages/second and the
   speed ratio to trafilatura. ``akhbar`` is ``scrapers.extract`` (the whole
   pipeline: input guards, metadata, comments, related links, body);
   ``akhbar-core`` skips the input guards; ``akhbar-body`` runs only parse,
   metadata and body, the stages this table scores. Pages are read and decompressed
   before timing; only the extraction call is timed (CPU time). Each tool makes
   ``--repeat`` timed passes over the pages, each from cold caches after a short
   warm-up, alternating between the tools; the median pass is reported (every
   pass's pages/s is in the JSON).
2. ``web-extraction``: the broad set's required/forbidden snippets, trafilatura's own
   scoring (``benchmarks/web_extraction.py``), with the same timing.
3. ``metadata``: headline, author, date and body F1 on the Readability test pages.
4. ``comments``: the reader-comment measures (``benchmarks/comments.py``) for akhbar
   and trafilatura (``include_comments=True``).

The data lives in ``../shared/benchmarks`` next to the checkout (override with
``AKHBAR_SHARED_DIR``). Tools that are not installed are skipped (``pip install
-e .[bench]``).
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from benchmarks.scoring import author_match, date_match, headline_match, score_page, summarize

ROOT = Path(__file__).resolve().parents[1]

WARMUP_PAGES = 10


def shared_dir() -> Path:
    env = os.environ.get("AKHBAR_SHARED_DIR")
    return Path(env) if env else ROOT.parent / "shared"


# --- data ------------------------------------------------------------------------------

@dataclass
class BodyPage:
    id: str
    html: str
    url: str
    expected: str


@dataclass
class MetaPage:
    id: str
    html: str
    expected: dict
    expected_body: str


def load_article_pages(base: Path) -> list[BodyPage]:
    folder = base / "benchmarks" / "article-extraction"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(BodyPage(page_id, raw.decode("utf-8", errors="replace"),
                              truth[page_id].get("url") or "", truth[page_id]["articleBody"]))
    return pages


def html_to_text(html: str) -> str:
    """Block-aware text of an HTML fragment (used for expected.html and readability)."""
    from selectolax.lexbor import LexborHTMLParser

    from akhbar.scrapers.generic.body.block_text import node_text
    tree = LexborHTMLParser(html)
    return node_text(tree.body) if tree.body is not None else ""


def load_metadata_pages(base: Path) -> list[MetaPage]:
    folder = base / "benchmarks" / "metadata" / "pages"
    pages = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        pages.append(MetaPage(
            sub.name,
            (sub / "source.html").read_text(encoding="utf-8", errors="replace"),
            json.loads((sub / "expected-metadata.json").read_text(encoding="utf-8")),
            html_to_text((sub / "expected.html").read_text(encoding="utf-8", errors="replace"))))
    return pages


# --- tools -----------------------------------------------------------------------------

@dataclass
class Result:
    body: str = ""
    headline: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass
class Tool:
    """``run`` gives everything the tool knows; ``body`` (if set) is its body-only call,
    the one timed on the article-extraction pages."""
    name: str
    version: str
    run: Callable[[str, str], Result]
    body: Callable[[str, str], Result] | None = None
    reset: Callable[[], None] | None = None  # forget state kept between pages, before timing


def _version(dist: str) -> str:
    try:
        return importlib_metadata.version(dist)
    except importlib_metadata.PackageNotFoundError:
        return "?"


def _akhbar_reset() -> None:
    """akhbar remembers verdicts on class names between pages; without this, the
    akhbar variants timed after the first would find them all remembered."""
    from akhbar.scrapers.generic import clear_caches
    clear_caches()


def akhbar_tool() -> Tool:
    from akhbar.scrapers import extract

    def run(html: str, url: str) -> Result:
        art = extract(html, url or None)
        return Result(art.body, art.headline, art.author, art.published)
    return Tool("akhbar", _version("akhbar") if _version("akhbar") != "?" else "0.1.0", run,
                reset=_akhbar_reset)


def akhbar_core_tool() -> Tool:
    """akhbar without the input guards of ``scrapers.extract`` (size and nesting
    caps, control-character scrub): parse + extractor only, to show what the
    guards cost."""
    from akhbar.scrapers import extract_page
    from akhbar.scrapers.page import parse_page

    def run(html: str, url: str) -> Result:
        art = extract_page(parse_page(html, url or None))
        return Result(art.body, art.headline, art.author, art.published)
    return Tool("akhbar-core", akhbar_tool().version, run, reset=_akhbar_reset)


def akhbar_body_tool() -> Tool:
    """Only the stages this benchmark scores: parse, metadata and body (no
    comments, related links or input guards). Shows the body/metadata
    extractor's own speed apart from the rest of the pipeline."""
    from akhbar.scrapers.generic.body import extract_body
    from akhbar.scrapers.generic.metadata import extract_metadata
    from akhbar.scrapers.page import parse_page

    def run(html: str, url: str) -> Result:
        page = parse_page(html, url or None)
        meta = extract_metadata(page)
        return Result(extract_body(page, headline=meta.headline), meta.headline,
                      meta.author, meta.published)
    return Tool("akhbar-body", akhbar_tool().version, run, reset=_akhbar_reset)


def trafilatura_tool() -> Tool:
    import trafilatura

    def run(html: str, url: str) -> Result:
        doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False,
                                          with_metadata=True)
        if doc is None:
            return Result()
        if isinstance(doc, dict):  # older trafilatura versions return a dict
            return Result(doc.get("text") or "", doc.get("title"), doc.get("author"), doc.get("date"))
        return Result(doc.text or "", doc.title, doc.author, doc.date)

    def body(html: str, url: str) -> Result:
        return Result(trafilatura.extract(html, url=url or None, include_comments=False) or "")
    return Tool("trafilatura", _version("trafilatura"), run, body)


def readability_tool() -> Tool:
    from readability import Document

    def run(html: str, url: str) -> Result:
        doc = Document(html, url=url or None)
        return Result(html_to_text(doc.summary(html_partial=True)), doc.short_title())
    return Tool("readability-lxml", _version("readability-lxml"), run)


def newspaper_tool() -> Tool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from newspaper import Article

    def run(html: str, url: str) -> Result:
        art = Article(url or "http://example.com/", fetch_images=False)
        art.download(input_html=html)
        art.parse()
        date = art.publish_date.isoformat() if art.publish_date else None
        return Result(art.text or "", art.title, ", ".join(art.authors) or None, date)
    return Tool("newspaper4k", _version("newspaper4k"), run)


FACTORIES = {"akhbar": akhbar_tool, "akhbar-core": akhbar_core_tool,
             "akhbar-body": akhbar_body_tool,
             "trafilatura": trafilatura_tool,
             "readability-lxml": readability_tool, "newspaper4k": newspaper_tool}


def available_tools(names: list[str]) -> list[Tool]:
    tools = []
    for name in names:
        try:
            tools.append(FACTORIES[name]())
        except ImportError as exc:
            print(f"skipping {name}: not installed ({exc.name})", file=sys.stderr)
    return tools


def safe_run(tool: Tool, html: str, url: str, body_only: bool = False) -> Result:
    """A tool that crashes on a page gets an empty result for it, as in the benchmark."""
    func = tool.body if body_only and tool.body else tool.run
    try:
        return func(html, url) or Result()
    except Exception as exc:  # noqa: BLE001 - third-party tools raise anything
        print(f"  {tool.name}: error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return Result()


# --- runs ------------------------------------------------------------------------------

def timed_pass(tool: Tool, pages: list[Any]) -> tuple[float, list[Result]]:
    """One timed pass of a tool's body-only call over every page: (CPU seconds, results).

    The tool starts cold (``reset``), then warms up on the first pages; only the
    extraction call is timed (pages are already read and decoded), in CPU time
    of this process: every tool is single-threaded, and CPU time does not count
    the moments another process had the core.
    """
    if tool.reset is not None:
        tool.reset()  # every pass starts cold: the warm-up below is all it has seen
    for page in pages[:WARMUP_PAGES]:
        safe_run(tool, page.html, page.url, body_only=True)
    gc.collect()
    results, elapsed = [], 0.0
    for page in pages:
        start = time.process_time()
        results.append(safe_run(tool, page.html, page.url, body_only=True))
        elapsed += time.process_time() - start
    return elapsed, results


def timed_passes(tools: list[Tool], pages: list[Any], repeat: int
                 ) -> dict[str, tuple[list[float], list[Result]]]:
    """``repeat`` passes of every tool over the same pages: each tool's pass times
    and the results of its first pass (the tools are deterministic).

    The passes alternate between the tools (A B, B A, A B, ...), so a slow
    period of a shared machine falls on all of them alike; the figure reported
    is the median pass. Interleaving page by page was tried: each tool then
    runs with caches full of the other's data, which penalises the fastest
    tool most.
    """
    out: dict[str, tuple[list[float], list[Result]]] = {}
    for turn in range(max(1, repeat)):
        for tool in (tools if turn % 2 == 0 else tools[::-1]):
            seconds, results = timed_pass(tool, pages)
            if tool.name in out:
                out[tool.name][0].append(seconds)
            else:
                out[tool.name] = ([seconds], results)
    return out


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def speed_fields(pages: int, seconds: list[float]) -> dict[str, Any]:
    """Speed figures of one tool: the median pass, and every pass's pages/s."""
    mid = median(seconds)
    return {"seconds": mid, "pages_per_second": pages / mid if mid else 0.0,
            "pass_pages_per_second": [round(pages / s, 1) if s else 0.0 for s in seconds]}


def run_body_benchmarks(tools: list[Tool], pages: list[BodyPage], repeat: int) -> list[dict]:
    """Score and time every tool on every page (its body-only call)."""
    rows = []
    for tool, (seconds, results) in zip(tools, timed_passes(tools, pages, repeat).values(),
                                        strict=True):
        scores, per_page = [], {}
        for page, result in zip(pages, results, strict=True):
            score = score_page(result.body, page.expected)
            scores.append(score)
            total = score.tp + score.fp + score.fn
            per_page[page.id] = round(score.tp / total, 4) if total else 1.0
        rows.append({"tool": tool.name, "version": tool.version, **asdict(summarize(scores)),
                     **speed_fields(len(pages), seconds), "per_page_jaccard": per_page})
    return rows


def run_metadata_benchmark(tool: Tool, pages: list[MetaPage]) -> dict:
    hits: dict[str, list[bool]] = {"headline": [], "author": [], "date": []}
    body_scores = []
    misses: dict[str, list[str]] = {"headline": [], "author": [], "date": []}
    for page in pages:
        result = safe_run(tool, page.html, "")
        checks = (("headline", "title", headline_match, result.headline),
                  ("author", "byline", author_match, result.author),
                  ("date", "publishedTime", date_match, result.published))
        for key, field_name, match, value in checks:
            expected = page.expected.get(field_name)
            if expected:
                ok = match(value, expected)
                hits[key].append(ok)
                if not ok:
                    misses[key].append(f"{page.id}: got {value!r}, expected {expected!r}")
        body_scores.append(score_page(result.body, page.expected_body))
    out: dict[str, Any] = {key: (sum(v) / len(v) if v else 0.0) for key, v in hits.items()}
    out["counts"] = {key: len(v) for key, v in hits.items()}
    out["body_f1"] = summarize(body_scores).f1
    out["misses"] = misses
    return out


# --- output ----------------------------------------------------------------------------

def print_body_table(rows: list[dict]) -> None:
    base = next((r["pages_per_second"] for r in rows if r["tool"] == "trafilatura"), None)
    print("\narticle-extraction benchmark (body)")
    print(f"{'tool':<18}{'version':<10}{'F1':>7}{'prec':>7}{'recall':>7}{'acc':>7}"
          f"{'pages/s':>9}{'x trafil.':>10}")
    for r in rows:
        ratio = f"{r['pages_per_second'] / base:.1f}" if base else "-"
        print(f"{r['tool']:<18}{r['version']:<10}{r['f1']:>7.3f}{r['precision']:>7.3f}"
              f"{r['recall']:>7.3f}{r['accuracy']:>7.3f}{r['pages_per_second']:>9.1f}{ratio:>10}")


def print_meta_table(rows: list[dict]) -> None:
    print("\nmetadata benchmark")
    print(f"{'tool':<18}{'version':<10}{'headline':>9}{'author':>8}{'date':>7}{'body F1':>9}")
    for r in rows:
        print(f"{r['tool']:<18}{r['version']:<10}{r['headline']:>9.3f}{r['author']:>8.3f}"
              f"{r['date']:>7.3f}{r['body_f1']:>9.3f}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "extraction-results.json"),
                        help="where to write the figures (JSON)")
    parser.add_argument("--tools", default=",".join(FACTORIES),
                        help="comma-separated subset of: " + ", ".join(FACTORIES))
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0 = all)")
    parser.add_argument("--sets", default=",".join(SETS),
                        help="comma-separated subset of: " + ", ".join(SETS))
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed passes per tool, alternating between tools; the median "
                        "pass is reported (default 3)")
    parser.add_argument("--skip-metadata", action="store_true", help="the same as leaving "
                        "metadata out of --sets")
    return parser.parse_args(argv)


SETS = ("article", "web", "metadata", "comments")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base = shared_dir()
    if not (base / "benchmarks" / "article-extraction").is_dir():
        print(f"error: benchmark data not found under {base} (set AKHBAR_SHARED_DIR)",
              file=sys.stderr)
        return 2
    unknown = [t for t in args.tools.split(",") if t not in FACTORIES]
    unknown += [s for s in args.sets.split(",") if s not in SETS]
    if unknown:
        print(f"error: unknown tool(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    sets = set(args.sets.split(",")) - ({"metadata"} if args.skip_metadata else set())
    tools = available_tools(args.tools.split(","))
    runs = run_sets(base, sets, tools, args.pages, args.repeat)
    figures = {name: rows for name, rows in runs.items() if rows}
    Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"\nfigures written to {args.json}")
    return 0


def run_sets(base: Path, sets: set[str], tools: list[Tool], limit: int,
             repeat: int = 1) -> dict[str, list[dict]]:
    """Every chosen set, each tool on the same pages in one process; tables printed as they end."""
    from benchmarks.comments import (
        THREAD_TOOLS,
        load_thread_pages,
        print_comment_table,
        run_comment_benchmark,
    )
    from benchmarks.web_extraction import load_web_pages, print_web_table, run_web_benchmarks

    out: dict[str, list[dict]] = {"article_extraction": [], "web_extraction": [], "metadata": [],
                                  "comments": []}
    bench = base / "benchmarks"
    if "article" in sets:
        pages = load_article_pages(base)[:limit or None]
        out["article_extraction"] = run_body_benchmarks(tools, pages, repeat)
        print_body_table(out["article_extraction"])
    if "web" in sets and (bench / "web-extraction").is_dir():
        web_pages = load_web_pages(base)[:limit or None]
        out["web_extraction"] = run_web_benchmarks(tools, web_pages, repeat)
        print_web_table(out["web_extraction"])
    if "metadata" in sets and (bench / "metadata").is_dir():
        meta_pages = load_metadata_pages(base)
        out["metadata"] = [{"tool": t.name, "version": t.version, **run_metadata_benchmark(t, meta_pages)}
                           for t in tools]
        print_meta_table(out["metadata"])
    if "comments" in sets and (bench / "comments").is_dir():
        threads, negatives = load_thread_pages(base)
        names = [t.name for t in tools if t.name in THREAD_TOOLS]
        out["comments"] = [run_comment_benchmark(name, threads, negatives) for name in names]
        print_comment_table(out["comments"])
    return out


if __name__ == "__main__":
    sys.exit(main())
