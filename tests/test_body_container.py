"""The container choice, written for speed, must choose what the plain rules choose.

``body.Votes`` tests prose inline and ``choose_container`` climbs the path of a
block inside the best-voted element instead of building a parent map over all
blocks. ``plain_choose`` below is the rule as first written: it must pick the
same element on hand-made pages (nested sections, ``<article>`` boundaries,
teaser lists, prose only inside widgets), ``sample_pages/`` and, when the shared
data is present, the benchmark pages.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from akhbar.scrapers.generic.body import container as body
from akhbar.scrapers.generic.body.blocks import Block
from benchmarks.extraction import shared_dir

REPO = Path(__file__).resolve().parents[1]


def plain_choose(blocks: list[Block], tag_of: dict[int, str]) -> int | None:
    votes: dict[int, float] = {}
    mass: dict[int, float] = {}
    for block in blocks:
        if not body.is_prose(block):
            continue
        w = float(len(block.text))
        for element in block.path:
            mass[element] = mass.get(element, 0.0) + w
        start = 1 if block.tag in body.CONTAINER_TAGS else 2
        for level, divisor in zip(range(start, start + 3), (1.0, 2.0, 3.0), strict=False):
            if level <= len(block.path):
                element = block.path[-level]
                votes[element] = votes.get(element, 0.0) + w / divisor
    if not votes:
        return None
    parents: dict[int, int] = {}
    for block in blocks:
        for outer, inner in zip(block.path, block.path[1:], strict=False):
            parents.setdefault(inner, outer)
    top = max(votes, key=votes.__getitem__)
    ancestor = top
    while ancestor in parents and tag_of.get(ancestor) != "article":
        ancestor = parents[ancestor]
        extra = mass.get(ancestor, 0.0) - mass[top]
        if extra <= 0:
            continue
        beyond = [b for b in blocks if ancestor in b.path and top not in b.path]
        chars = sum(len(b.text) for b in beyond)
        links = sum(b.link_chars for b in beyond)
        if extra < body.GROW_SHARE * mass[top] or (links / chars if chars else 0.0) > body.GROW_MAX_LINKS:
            break
        top = ancestor
    return top


def assert_same_choice(html: str) -> None:
    root = LexborHTMLParser(html).body
    if root is None:
        return
    blocks, tag_of = body.read_blocks(root, set())
    assert body.choose_container(blocks, tag_of) == plain_choose(blocks, tag_of)


SENTENCE = "This sentence is long enough to count as prose in the article text, surely. "
P = f"<p>{SENTENCE * 2}</p>"
TEASERS = "".join(f"<li><a href='/n{i}'>{SENTENCE}</a></li>" for i in range(4))
HAND_MADE = [
    f"<div><section>{P * 3}</section><section>{P * 2}</section></div>",
    f"<div><article>{P * 3}</article><article>{P}</article></div>",
    f"<main><div>{P * 4}</div><ul>{TEASERS}</ul></main>",
    f"<div class='sidebar'>{P * 3}</div><p>short</p>",
    f"<table><tr><td>{P * 2}</td><td>{P}</td></tr></table>",
    f"{P}<div><div><div>{P * 2}</div></div></div><blockquote>{P}</blockquote>",
    "<p>no prose at all</p>",
]


@pytest.mark.parametrize("markup", HAND_MADE)
def test_choice_equals_the_plain_rules_on_hand_made_pages(markup: str) -> None:
    assert_same_choice(f"<html><body>{markup}</body></html>")


def test_choice_equals_the_plain_rules_on_sample_pages() -> None:
    pages = sorted((REPO / "sample_pages").rglob("*.htm*"))
    assert pages
    for path in pages:
        assert_same_choice(path.read_bytes().decode("utf-8", "replace"))


def test_choice_equals_the_plain_rules_on_benchmark_pages() -> None:
    folder = shared_dir() / "benchmarks" / "article-extraction" / "html"
    if not folder.is_dir():
        pytest.skip(f"benchmark data not found: {folder}")
    for path in sorted(folder.glob("*.html.gz")):
        assert_same_choice(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
