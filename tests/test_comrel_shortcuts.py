"""The speed shortcuts of the comments and related stages agree with the rules
they replace (issues 12/17): substring tests for a regular expression, the
probe's class-and-id strings for the attributes read again, and the related
stage's anchors without text or headline-like title left out of the climb.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from akhbar.scrapers.generic.comments.probe import probe
from akhbar.scrapers.generic.comments.structure import _HEADING_PIECE, heading_piece
from akhbar.scrapers.generic.related.anchors import anchor_title, headline_length, is_headline_like, too_short
from akhbar.scrapers.page import parse_page

SAMPLE_PAGES = sorted((Path(__file__).resolve().parent.parent / "sample_pages").rglob("*.htm*"))
PAGE_URL = "https://example.com/news/2024/05/some-article-123"


def _trees():
    for path in SAMPLE_PAGES:
        yield parse_page(path.read_text(encoding="utf-8", errors="replace"), PAGE_URL).tree


@pytest.mark.parametrize("text", [
    "comments", "3 Kommentare", "تعليقات القراء", "Комментарии", "réactions", "réaction",
    "reacties", "responses", "replies", "diskussion", "discussion", "ردود", "آراء القراء",
    "komentarze", "comentarios", "latest news", "", "com ment", "repl", "respon", "éactio",
])
def test_heading_piece_is_the_expression(text: str) -> None:
    for variant in (text, text.lower(), f"xx {text} yy"):
        low = variant.lower()
        assert heading_piece(low) == (_HEADING_PIECE.search(low) is not None)


def test_heading_piece_lists_every_piece_of_the_expression() -> None:
    for piece in _HEADING_PIECE.pattern.split("|"):
        assert heading_piece(piece) and heading_piece(f"a {piece} b")
        assert not heading_piece(piece[1:]) or _HEADING_PIECE.search(piece[1:])


def test_probe_names_are_the_class_and_id_of_each_named_node() -> None:
    html = ("<div class='comments' id='c'><div class='Comment-Item'>x</div>"
            "<span id='comment-7'>y</span><p itemprop='comment'>z</p></div>")
    for tree in [parse_page(html, PAGE_URL).tree, *_trees()]:
        found = probe(tree)
        assert len(found.names) == len(found.named)
        for node, name in zip(found.named, found.names, strict=True):
            attributes = node.attributes
            assert name == f"{attributes.get('class') or ''} {attributes.get('id') or ''}"


def test_anchors_left_out_could_never_be_candidates() -> None:
    """Every anchor ``headline_length`` drops is too short for a headline or
    has an ``anchor_title`` that is not headline-like; every kept one is not
    too short."""
    html = ("<body><a href='/a'><img src='x.png'></a>"
            "<a href='/b' title='A title that reads like a real headline'><img src='y.png'></a>"
            "<a href='/c' title='short'> </a><a href='/d'>Four words in this long link text</a></body>")
    for tree in [parse_page(html, PAGE_URL).tree, *_trees()]:
        if tree.body is None:
            continue
        anchors = tree.body.css("a[href]")
        kept = {a.mem_id for a in headline_length(anchors)}
        for a in anchors:
            if a.mem_id in kept:
                assert not too_short(a)
            else:
                assert too_short(a) or not is_headline_like(anchor_title(a))


def test_titled_image_link_is_kept() -> None:
    html = ("<body><a href='/b' title='A title that reads like a real headline'>"
            "<img src='y.png'></a><a href='/c'><img src='z.png'></a></body>")
    body = parse_page(html, PAGE_URL).tree.body
    assert body is not None
    kept = headline_length(body.css("a[href]"))
    assert [a.attributes.get("href") for a in kept] == ["/b"]
    assert re.fullmatch(r"A title .* headline", anchor_title(kept[0]))
