"""The generic extractor's stages, run cumulatively over the 111 benchmark pages.

For counting instructions per stage, which, unlike CPU time, does not move with
the load of a shared machine::

    for stage in none parse urls meta comments body related extract; do
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
            python -m benchmarks.stages $stage 2>&1 | grep 'I *refs'
    done

A stage's cost is its count minus the previous stage's, divided by the number
of pages; ``none`` only loads the pages, ``extract`` runs ``scrapers.extract``
(everything, from the text) instead of the stages one by one. Each page is
extracted once, as ``benchmarks/extraction.py`` times it. The cyclic garbage
collector is off, as ``scrapers.extract`` has it during a page.
"""
from __future__ import annotations

import gc
import sys
from pathlib import Path

from akhbar.scrapers import extract
from akhbar.scrapers.generic.body import extract_body
from akhbar.scrapers.generic.comments import extract_comments
from akhbar.scrapers.generic.metadata import extract_metadata
from akhbar.scrapers.generic.related import extract_related
from akhbar.scrapers.limits import parse_capped
from akhbar.scrapers.page import page_from_tree
from benchmarks.extraction import load_article_pages, shared_dir

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("none", "parse", "urls", "meta", "comments", "body", "related")


def run(upto: str) -> None:
    pages = load_article_pages(shared_dir())
    gc.disable()
    if upto == "extract":
        for p in pages:
            extract(p.html, p.url or None)
        return
    depth = STAGES.index(upto)
    for p in pages:
        if depth < 1:
            continue
        html, tree, _ = parse_capped(p.html)
        if depth < 2:
            continue
        page = page_from_tree(html, tree, p.url or None)
        if depth < 3:
            continue
        meta = extract_metadata(page)
        if depth < 4:
            continue
        thread = extract_comments(page)
        if depth < 5:
            continue
        extract_body(page, exclude=thread.roots, headline=meta.headline)
        if depth < 6:
            continue
        extract_related(page)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in (*STAGES, "extract"):
        sys.exit(f"usage: python -m benchmarks.stages {{{'|'.join((*STAGES, 'extract'))}}}")
    run(sys.argv[1])
