"""The generic extractor's stages, run cumulatively over the 111 benchmark pages.

For counting instructions per stage, which, unlike CPU time, does not move with
the load of a shared machine::

    for stage in none parse urls meta comments body related extract; do
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
            python benchmarks/stages.py $stage 2>&1 | grep 'I *refs'
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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.extraction import load_article_pages, shared_dir  # noqa: E402
from scrapers import extract  # noqa: E402
from scrapers.generic.body import extract_body  # noqa: E402
from scrapers.generic.comments import extract_comments  # noqa: E402
from scrapers.generic.metadata import extract_metadata  # noqa: E402
from scrapers.generic.related import extract_related  # noqa: E402
from scrapers.limits import parse_capped  # noqa: E402
from scrapers.page import page_from_tree  # noqa: E402

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
        sys.exit(f"usage: python benchmarks/stages.py {{{'|'.join((*STAGES, 'extract'))}}}")
    run(sys.argv[1])
