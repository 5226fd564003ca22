"""The widget-name shortcuts must classify as the plain rules do.

``body.boilerplate`` tests whole widget tokens ("ad", "meta", "tags"...) by
splitting the names instead of a regular expression, and classifies a class
string alone (``classify_class_only``) without building an attribute
dictionary. Both are compared with their plain definitions on hand-made names
(Unicode separators, "commentary", case) and on every class/id string of
``sample_pages/`` and, when the shared data is present, the benchmark pages.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from akhbar.scrapers.generic.body import boilerplate as bp
from benchmarks.extraction import shared_dir

REPO = Path(__file__).resolve().parents[1]
TOKEN_RE = re.compile(r"(?:^|[\s_-])(?:" + "|".join(sorted(bp._WIDGET_TOKENS)) + r")(?=$|[\s_-])")


WORDS_RE = re.compile("|".join(map(re.escape, bp._WIDGET_WORDS)))


def plain_is_widget_name(names: str) -> bool:
    lowered = names.lower().replace("commentary", "")
    if any(token in ("hentry", "type-post", "type-page") for token in lowered.split()):
        return False  # the post's own element (hAtom / WordPress post_class)
    return bool(WORDS_RE.search(lowered) or TOKEN_RE.search(lowered))


HAND_MADE = ["ad", "ads-box", "x_ad", "bad", "adx", "ad\u00a0x", "x\u2028ad", "\u3000ads ", "meta-data",
             "metadata", "post__tags", "TAGS", "Ad Banner", "commentary ad", "commentary", "commentarybox",
             "dfp-slot", "x-dfp", "shared", "share", "sr-only", "most-read", "mostpopular", "adv ert",
             "entry-content", "post hentry tag-ads", "type-post custom_tags-share", "hentryx ad",
             "", " ", "a\x1cad", "ad\x85", "-ad-", "_", "ad-"]


def class_strings(html: str) -> set[str]:
    tree = LexborHTMLParser(html)
    found = set()
    for node in tree.css("[class], [id]"):
        attrs = node.attributes
        found.add(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")
        if attrs.get("class"):
            found.add(attrs["class"])
    return found


def assert_same(names: set[str]) -> None:
    for value in names:
        bp._cache.clear()
        assert bp._is_widget_name(value) == plain_is_widget_name(value), repr(value)
        if value:
            bp.CLASS_ONLY_KIND.clear()
            assert bp.classify_class_only(value) == bp.classify_attributes({"class": value}), repr(value)


def test_hand_made_names() -> None:
    assert_same(set(HAND_MADE) | {f"{a} {b}" for a in HAND_MADE for b in HAND_MADE[:8]})


def test_names_of_sample_pages() -> None:
    names: set[str] = set()
    for path in sorted((REPO / "sample_pages").rglob("*.htm*")):
        names |= class_strings(path.read_bytes().decode("utf-8", "replace"))
    assert len(names) > 50
    assert_same(names)


def test_names_of_benchmark_pages() -> None:
    folder = shared_dir() / "benchmarks" / "article-extraction" / "html"
    if not folder.is_dir():
        pytest.skip(f"benchmark data not found: {folder}")
    names: set[str] = set()
    for path in sorted(folder.glob("*.html.gz")):
        names |= class_strings(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    assert_same(names)
