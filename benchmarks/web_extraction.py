"""The broad web set: 467 pages with snippets the main text must and must not contain.

Scored with trafilatura's own method (``../shared/benchmarks/web-extraction/README.md``):
each ``with`` snippet found is a true positive, each one missing a false negative;
each ``without`` snippet found is a false positive, each one absent a true negative;
the counts are summed over all pages. Pages are read and decoded before timing
(bytes in any encoding, decoded as akhbar decodes a page, so every tool sees the
same text); only the extraction call is timed, in CPU time.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.extraction import Tool

_SPACE = re.compile(r"\s+")


@dataclass
class WebPage:
    id: str  # the page's file name
    url: str
    html: str
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)


@dataclass
class SnippetCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: SnippetCounts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    def summary(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        return {"precision": precision, "recall": recall,
                "accuracy": (self.tp + self.tn) / total if total else 0.0,
                "f1": 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0}


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def score_snippets(text: str, page: WebPage) -> SnippetCounts:
    """One page's counts; an empty or crashed result contains nothing."""
    flat = normalise(text or "")
    counts = SnippetCounts()
    for snippet in page.with_:
        if normalise(snippet) in flat:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in page.without:
        if normalise(snippet) in flat:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def load_web_pages(base: Path) -> list[WebPage]:
    """The development half of the broad set, in file-name order."""
    from akhbar.scrapers.decode import decode_html

    folder = base / "benchmarks" / "web-extraction"
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in data.items():
        raw = gzip.decompress((folder / "pages" / entry["file"]).read_bytes())
        pages.append(WebPage(entry["file"], url.strip(), decode_html(raw),
                             list(entry.get("with") or []), list(entry.get("without") or [])))
    return sorted(pages, key=lambda p: p.id)


def run_web_benchmarks(tools: list[Tool], pages: list[WebPage], repeat: int = 1
                       ) -> list[dict[str, Any]]:
    """Score and time every tool's body-only call on every page of the broad set
    (timed as ``benchmarks.extraction.timed_passes`` says)."""
    from benchmarks.extraction import speed_fields, timed_passes

    rows = []
    for tool, (seconds, results) in zip(tools, timed_passes(tools, pages, repeat).values(),
                                        strict=True):
        total = SnippetCounts()
        near_empty: list[str] = []
        per_page: dict[str, list[int]] = {}
        for page, result in zip(pages, results, strict=True):
            counts = score_snippets(result.body, page)
            total.add(counts)
            per_page[page.id] = [counts.tp, counts.fn, counts.fp]
            if len(result.body.strip()) < 100 and page.with_:
                near_empty.append(page.id)
        rows.append({"tool": tool.name, "version": tool.version, **total.summary(),
                     "counts": total.__dict__, "near_empty": near_empty,
                     **speed_fields(len(pages), seconds), "per_page": per_page})
    return rows


def print_web_table(rows: list[dict[str, Any]]) -> None:
    base = next((r["pages_per_second"] for r in rows if r["tool"] == "trafilatura"), None)
    print("\nweb-extraction benchmark (body, required/forbidden snippets)")
    print(f"{'tool':<18}{'version':<10}{'F1':>7}{'prec':>7}{'recall':>7}{'acc':>7}"
          f"{'empty':>7}{'pages/s':>9}{'x trafil.':>10}")
    for r in rows:
        ratio = f"{r['pages_per_second'] / base:.1f}" if base else "-"
        print(f"{r['tool']:<18}{r['version']:<10}{r['f1']:>7.3f}{r['precision']:>7.3f}"
              f"{r['recall']:>7.3f}{r['accuracy']:>7.3f}{len(r['near_empty']):>7}"
              f"{r['pages_per_second']:>9.1f}{ratio:>10}")
