"""The generic extractor's stages, run cumulatively over the 111 benchmark pages.

For counting instructions per stage, which, unlike CPU time, does not move with
the load of a shared machine::

    for stage in none parse urls meta comments body related extract; do
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
            python -m benchmarks.stages $stage 2>&1 | grep 'I *refs'
    done

``--set web`` runs the broad set's 467 development pages instead.
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
from benchmarks.web_extraction import load_web_pages

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("none", "parse", "urls", "meta", "comments", "body", "related")


def run(upto: str, page_set: str = "article") -> None:
    pages = (load_web_pages(shared_dir()) if page_set == "web"
             else load_article_pages(shared_dir()))
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
    args = sys.argv[1:]
    chosen = "article"
    if args[:1] == ["--set"] and len(args) >= 2 and args[1] in ("article", "web"):
        chosen, args = args[1], args[2:]
    if len(args) != 1 or args[0] not in (*STAGES, "extract"):
        sys.exit("usage: python -m benchmarks.stages [--set article|web] "
                 f"{{{'|'.join((*STAGES, 'extract'))}}}")
    run(args[0], chosen)
