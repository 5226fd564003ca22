"""How the crawler judges real pages: article or listing, by the page alone.

Run from the repository root::

    python -m benchmarks.crawl_verdict [--list]

Every page of ``../shared/benchmarks/article-extraction`` (111 news and blog
articles) and ``web-extraction`` (467 pages of all kinds) goes through
``analyze_page`` and ``decide`` at its real URL, as an undeclared page (no
feed or sitemap naming it, no archived siblings): the hardest case for an
article. Prints how many are judged articles and, by rule, why the others
are listings (``--list``: each of them).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
from urllib.parse import urlsplit

from akhbar.scrapers.fetch.analyze import analyze_page
from akhbar.scrapers.fetch.classify import classify_url
from akhbar.scrapers.fetch.verdict import decide
from benchmarks.extraction import shared_dir

DATA = shared_dir() / "benchmarks"


def pages():
    base = DATA / "article-extraction"
    for page_id, item in json.loads((base / "ground-truth.json").read_text("utf-8")).items():
        yield "article-extraction", item["url"], base / "html" / f"{page_id}.html.gz"
    base = DATA / "web-extraction"
    for url, item in json.loads((base / "evaldata.json").read_text("utf-8")).items():
        yield "web-extraction", url, base / "pages" / item["file"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="print each page judged a listing")
    args = parser.parse_args()
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    rules: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for corpus, url, path in pages():
        analysis = analyze_page(gzip.decompress(path.read_bytes()), url)
        if analysis.problem:
            counts[corpus]["unreadable"] += 1
            continue
        parts = urlsplit(url)
        verdict = decide(analysis.evidence, classify_url(url), False,
                         parts.path in ("", "/") and not parts.query)
        counts[corpus]["article" if verdict.article else "listing"] += 1
        if not verdict.article:
            rules[corpus][re.sub(r"\d[\d.,%]*|\(.*", "N", verdict.reason)[:70]] += 1
            if args.list:
                print(f"{corpus}\t{url}\t{verdict.reason}")
    for corpus in counts:
        print(f"{corpus}: {dict(counts[corpus])}")
        for rule, n in rules[corpus].most_common():
            print(f"  {n:3d}  {rule}")


if __name__ == "__main__":
    main()
