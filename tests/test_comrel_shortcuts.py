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


def _reference_too_short_text(raw: str) -> bool:
    """``too_short_text`` as it read with every word split off."""
    from akhbar.scrapers.generic.related.anchors import MIN_CHARS, MIN_WORDS, _split_differs
    from akhbar.scrapers.text import clean
    words = raw.split()
    if not words:
        return False
    if len(words) < MIN_WORDS:
        return True if raw.isascii() else bool(clean(raw))
    if not _split_differs(raw):
        count = len(words)
        return 2 * count - 1 < MIN_CHARS and sum(map(len, words)) + count - 1 < MIN_CHARS
    text = clean(raw)
    return bool(text) and (len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS)


@pytest.mark.parametrize("words", range(16))
def test_too_short_text_reads_few_words(words: int) -> None:
    from akhbar.scrapers.generic.related.anchors import too_short_text
    for word in ("a", "ab", "word", "longerword", "\u00e9t\u00e9"):
        for tail in ("", "  ", "\n", "\u00a0", " \u200b"):
            raw = " ".join([word] * words) + tail
            raw = raw if len(raw) >= 20 else raw + " " * (20 - len(raw))
            assert too_short_text(raw) == _reference_too_short_text(raw), repr(raw)


def test_marker_in_is_the_expression() -> None:
    from akhbar.scrapers.generic.related.structure import _MARKER_LOWER, marker_in
    pieces = re.sub(r"-\?", "", _MARKER_LOWER.pattern).split("|") + [
        "read-next", "next-read", "see-also", "more-news", "news-list", "article-list",
        "post-list", "readnext", "rel", "mor", "head", "list", "news", "post", "nav main",
        "latestnews", "mostread", "others", "col-md-4 sidebar", ""]
    for piece in pieces:
        for text in (piece, f"x-{piece}-y", piece[:-1], piece[1:]):
            assert marker_in(text) == (_MARKER_LOWER.search(text) is not None), text
    for names in map(str.lower, _class_id_names()):
        assert marker_in(names) == (_MARKER_LOWER.search(names) is not None)


def _class_id_names() -> list[str]:
    """The "class id" strings of every named element of the test trees."""
    names = []
    for tree in _trees():
        for node in tree.css("[class], [id]"):
            attributes = node.attributes
            names.append(f"{attributes.get('class') or ''} {attributes.get('id') or ''}")
    return names


def test_widget_hint_and_reply_block_are_their_expressions() -> None:
    from akhbar.scrapers.generic.comments.items import _REPLY_BLOCK, reply_block
    from akhbar.scrapers.generic.comments.structure import _WIDGET_HINT, widget_hint
    names = ["recent-posts", "Latest", "MOST-read", "popular widget", "post", "most", "mos t",
             "comment-list children", "indented", "Replies", "antwort", "sub", "x-sub-y",
             "subcomment", "submit", "pub", "club", "Indent", "R\u00e9cent", "\u017fub",
             "r\u0130plies", "", "children\u00a0sub", "kommentar-antworten"]
    names += _class_id_names()
    for name in names:
        assert widget_hint(name) == (_WIDGET_HINT.search(name) is not None), name
        assert reply_block(name) == (_REPLY_BLOCK.search(name) is not None), name


def test_notice_hint_is_its_expression() -> None:
    from akhbar.scrapers.generic.comments.form import _NOTICE_HINT, notice_hint
    names = ["comment-notes", "Rules", "POLICY", "form-allowed-tags", "privacy-note",
             "warning", "moderation", "terms", "charte", "nota", "ru le", "\u017fterms",
             "guidel\u0130ne", "Disclaimer", ""]
    names += _class_id_names()
    for name in names:
        assert notice_hint(name) == (_NOTICE_HINT.search(name) is not None), name


def _reference_outermost(nodes):
    """``nodes.outermost`` as it read before its walk remembered ancestors."""
    from akhbar.scrapers.nodes import ancestors
    ids = {n.mem_id for n in nodes}
    return [n for n in nodes if not any(a.mem_id in ids for a in ancestors(n))]


def test_outermost_is_its_definition() -> None:
    from akhbar.scrapers.nodes import outermost
    for tree in _trees():
        blocks = tree.css("p, div, small, span, section, ul")
        for chosen in (blocks, blocks[::3], blocks[::-1], blocks[:40]):
            assert ([n.mem_id for n in outermost(chosen)]
                    == [n.mem_id for n in _reference_outermost(chosen)])


def test_widget_name_is_its_expression() -> None:
    from akhbar.scrapers.generic.comments.form import _WIDGET, widget_name
    names = ["logged-in-as", "login", "LOGOUT", "log", "blog", "logo", "sign-in", "signin",
             "sign in", "share-buttons", "subscribe", "comment-form-cookies-consent", "Cancel",
             "comment-title", "label", "error", "success", "hidden", "captcha", "counter",
             "character", "filter", "format", "tips", "tip", "identity", "service",
             "\u017fhare", "t\u0130tle", "social", ""]
    names += _class_id_names()
    for name in names:
        assert widget_name(name) == (_WIDGET.search(name) is not None), name
