"""``classify_attributes`` judges a class and an id apart (memoised per string):
its verdict must be ``_is_widget_name`` on the "class id" pair, as before."""
from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from akhbar.scrapers.generic.body import boilerplate as bp

REPO = Path(__file__).resolve().parents[1]
NAMES = ["ad", "ads-box", "x_ad", "bad", "ad\u00a0x", "x\u2028ad", "\u3000ads ", "meta-data",
         "commentary ad", "commentary", "commentarybox", "post hentry tag-ads", "hentry",
         "type-post custom_tags-share", "hentryx ad", "", " ", "a\x1cad", "ad\x85", "-ad-", "_",
         "content", "main-Σ", "Σ share", "\u0130d", "sidebar", "article-body", "most-read"]


def pair_kind(cls: str, ident: str) -> int:
    names = f"{cls} {ident}"
    return bp.SOFT if len(names) > 1 and bp._is_widget_name(names) else bp.KEEP


def test_class_and_id_pairs() -> None:
    for cls in NAMES:
        for ident in NAMES:
            attrs = {"class": cls, "id": ident}
            assert bp.classify_attributes(attrs) == pair_kind(cls, ident), (cls, ident)


def test_pairs_of_sample_pages() -> None:
    seen = 0
    for path in sorted((REPO / "sample_pages").rglob("*.htm*")):
        tree = LexborHTMLParser(path.read_bytes().decode("utf-8", "replace"))
        for node in tree.css("[id]"):
            attrs = node.attributes
            cls, ident = attrs.get("class") or "", attrs.get("id") or ""
            assert bp.classify_attributes({"class": cls, "id": ident}) == pair_kind(cls, ident)
            seen += 1
    assert seen > 100
