"""Comment threads found by structure, their fields, reply parents and displayed totals.

Each markup class of issue 17 is written here in its smallest form, with the
traps that must stay out (widgets quoting other articles' comments, teasers,
counters, action bars, placeholders).
"""
from __future__ import annotations

import pytest
from comment_markup import ARTICLE, thread_of

from akhbar import scrapers
from akhbar.scrapers.generic.comments.count import displayed_total
from akhbar.scrapers.generic.comments.fields import name_parts
from akhbar.scrapers.generic.comments.structure import signature
from akhbar.scrapers.generic.comments.thread import Thread
from akhbar.scrapers.page import parse_page


def triples(thread: Thread) -> list[tuple[str | None, str, int | None]]:
    return [(c.author, c.text, c.parent) for c in thread.comments]


# --- items by structure ---------------------------------------------------------------
def test_home_grown_items_named_by_id_only() -> None:
    items = "".join(
        f"<div class='even' id='comment-item-{i}'><span class='comment-author'>{name}</span>"
        f"<span class='comment-date'>0{i}.05.2023 18:42</span>"
        f"<div class='comment-body'>{text}</div></div>"
        for i, name, text in ((1, "Ann", "The first comment has a few words."),
                              (2, "Bob", "And the second one answers it.")))
    thread = thread_of(ARTICLE + f"<div id='comments'><div class='comments-list'>{items}</div></div>")
    assert triples(thread) == [("Ann", "The first comment has a few words.", None),
                               ("Bob", "And the second one answers it.", None)]
    assert thread.comments[0].published == "2023-05-01T18:42:00"


@pytest.mark.parametrize("heading", ["Kommentare", "Leserkommentare", "تعليقات القراء", "Réactions",
                                     "3 Comments", "Комментарии"])
def test_plain_list_found_by_its_heading(heading: str) -> None:
    html = ARTICLE + (
        f"<div class='box'><h3>{heading}</h3><ul>"
        "<li><strong>Ann</strong> <span>12/09/2021 18:30</span><p>A plain comment of a few words.</p>"
        "<ul><li><strong>Bob</strong> <span>12/09/2021 19:02</span><p>A reply to Ann, nested.</p></li>"
        "</ul></li>"
        "<li><strong>Cy</strong> <span>13/09/2021 08:15</span><p>Another top-level comment here.</p></li>"
        "</ul></div>")
    thread = thread_of(html)
    assert triples(thread) == [("Ann", "A plain comment of a few words.", None),
                               ("Bob", "A reply to Ann, nested.", 0),
                               ("Cy", "Another top-level comment here.", None)]
    assert [c.published for c in thread.comments] == [
        "2021-09-12T18:30:00", "2021-09-12T19:02:00", "2021-09-13T08:15:00"]


def test_a_list_under_an_unrelated_heading_is_not_a_thread() -> None:
    html = ARTICLE + (
        "<div class='box'><h3>Programme</h3><ul>"
        "<li><strong>Ann</strong> <span>12/09/2021 18:30</span><p>Opening talk of the day.</p></li>"
        "<li><strong>Bob</strong> <span>12/09/2021 19:02</span><p>Closing talk of the day.</p></li>"
        "</ul></div>")
    assert thread_of(html).comments == []


def test_dl_thread_reads_the_dt_as_author_and_date_line() -> None:
    html = ARTICLE + (
        "<div><h2>Réactions</h2><dl>"
        "<dt><span class='auteur'>Jean</span> &mdash; le 3 avril 2019 à 14:05</dt>"
        "<dd><p>Enfin une piste cyclable continue.</p></dd>"
        "<dt>Sylvie &mdash; le 3 avril 2019 à 18:40</dt><dd><p>Et le stationnement des riverains ?</p></dd>"
        "</dl></div>")
    thread = thread_of(html)
    assert triples(thread) == [("Jean", "Enfin une piste cyclable continue.", None),
                               ("Sylvie", "Et le stationnement des riverains ?", None)]
    assert [c.published for c in thread.comments] == ["2019-04-03T14:05:00", "2019-04-03T18:40:00"]


def test_nested_comment_class_is_one_comment() -> None:
    """Twenty Twelve: li.comment > article.comment > section.comment-content.comment."""
    def item(cid: int, name: str, text: str, kids: str = "") -> str:
        children = f"<ol class='children'>{kids}</ol>" if kids else ""
        return (f"<li class='comment depth-1' id='li-comment-{cid}'><article id='comment-{cid}' "
                f"class='comment'><header class='comment-meta comment-author vcard'><cite><b class='fn'>"
                f"{name}</b> <span>Post author</span></cite><a href='#c'><time datetime="
                f"'2013-05-14T09:20:11+00:00'>May 14</time></a></header><section class='comment-content "
                f"comment'><p>{text}</p></section></article>{children}</li>")
    html = ARTICLE + ("<div id='comments'><ol class='commentlist'>"
                      + item(1, "Ann", "How deep should the beds be?",
                             item(2, "Tom", "At least thirty centimetres."))
                      + "</ol></div>")
    assert triples(thread_of(html)) == [("Ann", "How deep should the beds be?", None),
                                        ("Tom", "At least thirty centimetres.", 0)]


def test_microdata_on_an_inner_field_does_not_split_the_comment() -> None:
    item = ("<div class='comment'><span class='username'>{0}</span>"
            "<div class='field-item' itemprop='comment' itemscope "
            "itemtype='http://schema.org/Comment'><p>{1}</p></div></div>")
    html = ARTICLE + ("<div id='comments'>" + item.format("Ann", "Endlich wird die Brücke saniert.")
                      + "<div class='indented'>" + item.format("Bob", "Die Arbeiten beginnen im August.")
                      + "</div></div>")
    assert triples(thread_of(html)) == [("Ann", "Endlich wird die Brücke saniert.", None),
                                        ("Bob", "Die Arbeiten beginnen im August.", 0)]


def test_hidden_inputs_do_not_make_a_comment_a_form() -> None:
    html = ARTICLE + (
        "<section id='comments'>" + "".join(
            f"<article class='comment'><div class='comment__meta'><a class='comment__user'>{n}</a></div>"
            f"<div class='comment__body'><p>{t}</p></div><form><input type='hidden' name='pid' "
            f"value='1'><button>Empfehlen</button></form></article>"
            for n, t in (("Ann", "Ein Kommentar mit Text."), ("Bob", "Noch ein Kommentar."))) + "</section>")
    assert [c.text for c in thread_of(html).comments] == ["Ein Kommentar mit Text.", "Noch ein Kommentar."]


# --- traps: nothing invented -------------------------------------------------------------
TRAPS = {
    "recent comments widget": (
        "<aside><section class='widget widget_recent_comments'><h2>Recent Comments</h2><ul>"
        "<li class='recentcomments'><span class='comment-author-link'>Walter</span> on "
        "<a href='/other-article/#comment-1'>Library opening hours extended on Saturdays</a></li>"
        "<li class='recentcomments'><span class='comment-author-link'>Maeve</span> on "
        "<a href='/flood/#comment-2'>Flood defence works start on the quay</a></li></ul></section></aside>"),
    "latest comments module with the comment class": (
        "<div class='moduletable'><ul class='jcomments-latest'>"
        "<li><div class='comment'><span class='article'>Library hours</span> <a class='title' "
        "href='/library/#comment-290'>About time, the old hours suited nobody who works</a>"
        "<div><span class='author'>Walter</span> <span class='date'>10.02.2020 21:14</span></div></div></li>"
        "<li><div class='comment'><span class='article'>Flood works</span> <a class='title' "
        "href='/flood/#comment-271'>Will the car park stay open during the works?</a>"
        "<div><span class='author'>Maeve</span> <span class='date'>09.02.2020 17:02</span></div></div></li>"
        "</ul></div>"),
    "teasers with comment counters": (
        "<ul class='teaser-list'>" + "".join(
            f"<li class='teaser'><h2><a href='/story-{i}'>Another story number {i}</a></h2>"
            f"<span class='author'>Jo Writer</span> <span class='date'>15.06.2019</span>"
            f"<span class='comments'>{i} Kommentare</span><p>The teaser text of another story, "
            f"long enough to look like prose.</p></li>" for i in range(3)) + "</ul>"),
    "comment counter without comments": "<h3 class='comments-title'>Comments (48)</h3>",
    "placeholder": ("<div id='comments' class='comments-area'><div class='comments-field'><h3>Ihre Meinung"
                    "</h3><p>Lade Eingabefeld...</p></div></div>"),
    "opinion teasers labelled comment": (
        "<ul>" + "".join(
            f"<li class='list-of-entities__item comment'><a href='/opinion/{i}'>Comment: why the "
            f"council got it wrong again, part {i}</a></li>" for i in range(3)) + "</ul>"),
    "action bar": (
        "<div>" + "".join(
            "<div class='gallery-action-bar'><button>Merken</button><button>Kommentar</button>"
            "<span>Teilen</span><span>Facebook</span><span>E-Mail-Adresse</span></div>"
            for _ in range(2)) + "</div>"),
    "login prompt in a comments block": (
        "<aside class='comments-block' id='comments'><div class='comments-block__main'>"
        "<div class='comments-block__prompt'>If you would like to add a comment, please register or "
        "log in</div><div class='comments-block__rules'>We value your comments but kindly request all "
        "posts are on topic.</div></div></aside>"),
}


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_traps_give_no_comments(name: str) -> None:
    assert thread_of(ARTICLE + TRAPS[name]).comments == []


def test_thread_beside_a_widget_keeps_only_the_thread() -> None:
    html = ARTICLE + (
        "<div id='comments'><ol class='comment-list'>"
        "<li class='comment'><b class='fn'>Priya</b><div class='comment-content'><p>Does the new "
        "timetable apply to school buses?</p></div></li></ol></div>"
        + TRAPS["latest comments module with the comment class"])
    assert triples(thread_of(html)) == [("Priya", "Does the new timetable apply to school buses?", None)]


# --- fields -------------------------------------------------------------------------------
def _one(html: str) -> tuple[str | None, str]:
    thread = thread_of(ARTICLE + f"<div id='comments'>{html}{html}</div>")
    return thread.comments[0].author, thread.comments[0].text


def test_author_in_cite_user_with_a_profile_link() -> None:
    assert _one("<li class='comment'><div class='comment-header'><cite class='user'><a href="
                "'https://www.blogger.com/profile/1'>Maren Holt</a></cite></div>"
                "<p class='comment-content'>The smell scared me too.</p></li>") == (
        "Maren Holt", "The smell scared me too.")


def test_author_from_a_profile_link_without_any_name_class() -> None:
    assert _one("<div class='kb-comment'><time datetime='2020-09-23T18:19:06+02:00'>23.09.20</time> "
                "<a href='https://www.kochbar.example/user/Geli.html'>Geli</a><br>"
                "<div class='rtli-left'>Da ich meine Tomaten schon lange so schneide.</div></div>") == (
        "Geli", "Da ich meine Tomaten schon lange so schneide.")


def test_author_before_a_verb_of_saying() -> None:
    assert _one("<div class='comment_default'><p class='info'><span>Nicolai11</span> schrieb:<br>"
                "<time datetime='2014-11-05T14:25:40+00:00'>05.11.2014</time></p>"
                "<div class='comment'><p>Sehr cooles Thema!</p></div></div>")[0] == "Nicolai11"


def test_drupal_field_name_is_not_an_author() -> None:
    """``field--name-comment-body`` holds the word "name" but names a field; the
    printed header line "Name | date" gives the author."""
    author, text = _one(
        "<article class='js-comment comment'><footer><h6>Heidemarie Heim | Di, 21. April 2020 - "
        "16:40</h6></footer><div class='field--name-comment-body'><p><a href='/comment/1#comment-1'>"
        "Wo und wie gestorben wird</a></p></div><div property='schema:text' class='field "
        "field--name-comment-body'><p>Vielen Dank für diese Einblicke!</p></div></article>")
    assert (author, text) == ("Heidemarie Heim", "Vielen Dank für diese Einblicke!")


def test_a_badge_label_is_not_the_author() -> None:
    assert _one("<div class='wc-comment wc_comment_level-1'><div class='wc-comment-left'>"
                "<div class='wc-blog-post_author wc-comment-label'><span>Autor</span></div></div>"
                "<div class='wc-comment-right'><div class='wc-comment-author'>Robert</div>"
                "<div class='wc-comment-text'><p>Das würde ich nicht so sehen.</p></div></div></div>") == (
        "Robert", "Das würde ich nicht so sehen.")


def test_name_parts_split_class_and_id_words() -> None:
    tree = parse_page("<div class='listAuthor comment_text-x' id='wc-comm-5'></div>", None).tree
    node = tree.css_first("div")
    assert node is not None
    assert name_parts(node) == {"list", "author", "comment", "text", "x", "wc", "comm"}


def test_signature_skips_state_classes() -> None:
    tree = parse_page("<div class='even' id='comment-item-15'></div><div class='odd' id='comment-item-16'>"
                      "</div><li class='comment even depth-1'></li>", None).tree
    first, second, third = tree.css("div, li")
    assert signature(first) == signature(second)
    assert signature(third)[1] == "comment"


# --- reply parents ---------------------------------------------------------------------------
def _jc(cid: int, name: str, text: str) -> str:
    return (f"<div class='{'even' if cid % 2 else 'odd'}' id='comment-item-{cid}'><span "
            f"class='comment-author'>{name}</span><span class='comment-date'>20.05.2023 18:4{cid}</span>"
            f"<div class='comment-body'>{text}</div></div>")


def test_replies_in_a_list_after_their_parent() -> None:
    """JComments: div#comment-item-N, then div.comments-list of its replies, then
    the next top-level item."""
    html = ARTICLE + ("<div id='comments'><div class='comments-list' id='comments-list-0'>"
                      + _jc(1, "Ann", "The first top-level comment.")
                      + "<div class='comments-list' id='comments-list-1'>"
                      + _jc(2, "Bob", "The first reply to Ann.")
                      + _jc(3, "Cy", "The second reply to Ann.") + "</div>"
                      + _jc(4, "Dee", "The second top-level comment.") + "</div></div>")
    assert [c.parent for c in thread_of(html).comments] == [None, 0, 0, None]


def test_dle_tree_replies_after_the_parent_block() -> None:
    def li(cid: int, name: str, text: str, replies: str = "") -> str:
        kids = f"<ol class='comments-tree-list'>{replies}</ol>" if replies else ""
        return (f"<li class='comments-tree-item'><div id='comment-id-{cid}'><div class='comment'>"
                f"<div class='com_user'><b><a href='/user/{name}/'>{name}</a></b></div>"
                f"<div class='com_content'><div id='comm-id-{cid}'>{text}</div></div></div></div>{kids}</li>")
    html = ARTICLE + ("<div id='dle-comments-list'><ol class='comments-tree-list'>"
                      + li(1, "Murad", "Top level.",
                           li(2, "Suad", "First reply.") + li(3, "Nadia", "Second reply."))
                      + li(4, "Yusuf", "Top level again.") + "</ol></div>")
    assert triples(thread_of(html)) == [("Murad", "Top level.", None), ("Suad", "First reply.", 0),
                                        ("Nadia", "Second reply.", 0), ("Yusuf", "Top level again.", None)]


def test_flat_list_with_replies_marked_on_the_item() -> None:
    html = ARTICLE + "<section id='comments'>" + "".join(
        f"<article class='comment{' comment--indented' if indented else ''}'><div class='comment__meta'>"
        f"<a class='comment__user'>{name}</a></div><div class='comment__body'><p>Text of {name}.</p></div>"
        f"</article>" for name, indented in (("Ann", False), ("Bob", True), ("Cy", True), ("Dee", False))
    ) + "</section>"
    assert [c.parent for c in thread_of(html).comments] == [None, 0, 0, None]


def test_level_class_after_an_underscore() -> None:
    html = ARTICLE + "<div id='comments'>" + "".join(
        f"<div class='wc-comment wc_comment_level-{level}'><div class='wc-comment-author'>{name}</div>"
        f"<div class='wc-comment-text'><p>Words of {name} here.</p></div></div>"
        for name, level in (("Ann", 1), ("Bob", 2), ("Cy", 1))) + "</div>"
    assert [c.parent for c in thread_of(html).comments] == [None, 0, None]


# --- displayed totals and the comment form ----------------------------------------------------
def _totals(html: str, found: int) -> int | None:
    tree = parse_page(f"<html><body>{html}</body></html>", None).tree
    return displayed_total(tree.css("[class*=omment i], [id*=omment i], h2, h3"), found, lambda node: False)


@pytest.mark.parametrize(("html", "total"), [
    ("<a class='metadata__commentcount'>571 Kommentare</a>", 571),
    ("<h2 class='header'><b>Komentarze</b>(9)</h2>", 9),
    ("<div class='mo-comments-title'><span>1.977</span> commentaires</div>", 1977),
    ("<span class='comments__title-total'>224</span>", 224),
    ("<div class='comments-header'>View comments (27)</div>", 27),
    ("<div class='comments'><a>[ 167 comments ]</a></div>", 167),
    ("<span class='comments__headline'>91 Ergänzungen</span>", 91),
    ("<span class='comments-views'>View all 146 replies</span>", 146),
])
def test_displayed_totals(html: str, total: int) -> None:
    assert _totals(html, 3) == total


def test_displayed_total_smaller_than_the_comments_found_is_ignored() -> None:
    assert _totals("<a class='comments-link'>2 comments</a>", 5) is None


def test_bare_number_needs_a_counter_name() -> None:
    assert _totals("<span class='comment-author'>2024</span>", 1) is None


def test_worded_total_beats_an_earlier_bare_counter() -> None:
    assert _totals("<a class='reply-count comment-count'>9</a><a class='comments-link'>146 comments</a>",
                   3) == 146


def test_paginated_thread_reports_the_printed_total() -> None:
    item = ("<li class='comment'><b class='fn'>{0}</b><div class='comment-content'><p>{1}</p></div></li>")
    html = (f"<html><body><article><h1>Title</h1><p>By someone · <a class='comments-link' "
            f"href='#comments'>112 comments</a></p><div class='entry-content'><p>The article body is "
            f"long enough to be read as the article itself by the body stage here.</p></div></article>"
            f"<div id='comments'><ol>{item.format('Ann', 'First.')}{item.format('Bob', 'Second.')}"
            f"</ol></div></body></html>")
    article = scrapers.extract(html, "https://example.com/a")
    assert len(article.comments) == 2
    assert article.comment_count == 112


def test_reply_counter_inside_a_comment_is_not_the_total() -> None:
    item = ("<div class='comment'><b class='fn'>{0}</b><div class='comment-content'><p>{1}</p></div>"
            "<a class='reply-count'>{2} replies</a></div>")
    thread = thread_of(ARTICLE + "<div id='comments'>" + item.format("Ann", "First text.", 9)
                       + item.format("Bob", "Second text.", 4) + "</div>")
    assert len(thread.comments) == 2 and thread.count is None


def test_comment_editor_iframe_means_commenting_is_open() -> None:
    html = ARTICLE + ("<div class='comment-form'><p>Comments are moderated.</p>"
                      "<iframe id='comment-editor' name='comment-editor' src=''></iframe></div>")
    assert thread_of(html).enabled
    assert not thread_of(ARTICLE + "<iframe id='video-player' src=''></iframe>").enabled


def test_pingbacks_are_not_reader_comments() -> None:
    html = ARTICLE + (
        "<div id='comments'>"
        "<div class='commentContent' id='comment-1'><p>[…] Hamburg feiert CSD. Vielleicht twittere ich "
        "ja ein wenig von der Parade. […]</p><div class='commentMeta'>Kommentar von <cite><a "
        "href='https://other.example/post'>Aus dem Tagebuch | Folge 10</a></cite> am 07.08.09</div></div>"
        "<div class='commentContent' id='comment-2'><p>Ein echter Kommentar mit eigenen Worten.</p>"
        "<div class='commentMeta'>Kommentar von <cite>Ute</cite> am 08.08.09</div></div>"
        "<div class='commentContent' id='comment-3'><p>Noch ein echter Kommentar von jemandem.</p>"
        "<div class='commentMeta'>Kommentar von <cite>Jo</cite> am 09.08.09</div></div></div>")
    assert [c.author for c in thread_of(html).comments] == ["Ute", "Jo"]


def test_a_longer_word_containing_comment_is_not_a_seed() -> None:
    """Wikipedia's references list: li#cite_note-2013religiouscommentary-294 is not a comment."""
    refs = "".join(f"<li id='cite_note-{i}{'religiouscommentary' if i == 2 else ''}'><span><b><a href="
                   f"'#cite_ref-{i}'>^</a></b></span> <cite class='citation'>Government report number {i} "
                   f"on the language</cite> (21 December 2007). Retrieved 18 November 2015.</li>"
                   for i in range(4))
    html = ARTICLE + f"<div class='reflist'><ol class='references'>{refs}</ol></div>"
    assert thread_of(html).comments == []


def test_short_comment_whose_byline_is_links_is_kept() -> None:
    """Author link in cite.fn and a #comment permalink date: a byline, not a teaser."""
    item = ("<li class='comment depth-1' id='comment-{0}'><div id='div-comment-{0}'><div class="
            "'comment-author vcard'><cite class='fn'><a href='https://blog.example/' class='url'>{1}"
            "</a></cite> <span class='says'>Sagt:</span></div><small class='comment-meta'><a href="
            "'https://site.example/post/#comment-{0}'>9. Dezember 2013 at 14:5{0}</a></small>"
            "<p>{2}</p></div></li>")
    html = ARTICLE + ("<ol class='commentlist'>" + item.format(1, "gnaddrig", "Schöne Einleitung")
                      + item.format(2, "Nesselsetzer", "Danke!") + "</ol>")
    assert triples(thread_of(html)) == [("gnaddrig", "Schöne Einleitung", None),
                                        ("Nesselsetzer", "Danke!", None)]


def test_remembered_shape_is_the_shape() -> None:
    """``_shape_once`` (the structural search's memo) answers what ``_shape``
    answers for every node, also when asked twice."""
    from akhbar.scrapers.generic.comments.structure import _shape, _shape_once

    items = "".join(
        f"<li class='kb-comment'><b>Reader {i}</b> <i>0{i}.05.2023</i>"
        f"<p>Comment number {i} says a few words here.</p><a href='/x'>Other page link</a></li>"
        for i in range(1, 4))
    page = parse_page(f"<html><body>{ARTICLE}<h2>Comments</h2><ul>{items}</ul>"
                      "<nav><a href='/a'>A menu link</a></nav></body></html>", "https://example.com/a")
    shapes: dict[int, tuple[int, bool]] = {}
    nodes = list(page.tree.body.traverse(include_text=False))
    assert any(_shape(node)[0] > 0 for node in nodes) and any(_shape(node)[0] == 0 for node in nodes)
    for _ in range(2):
        for node in nodes:
            assert _shape_once(node, shapes) == _shape(node) == _shape_once(node, None)
    assert len(shapes) == len(nodes)


@pytest.mark.parametrize("piece", [
    "", "a b", "a b c", "1 2 3", "a 2 c", "a 2 c d", "² ½ x", "Ⅻ ⅳ x", "_ __ a", "٣ ٤ ٥",
    "تعليق من قارئ", "x1 y2 z3", "- – —", "ǅ a b", "a\u00a0b c d", "A b ² c", "1 1 1 1 a b",
    "日本 語 です"])
def test_phrase_agrees_with_its_rule(piece: str) -> None:
    from akhbar.scrapers.generic.comments.structure import _phrase, _phrase_by_rule

    assert _phrase(piece) == _phrase_by_rule(piece)


def test_every_letter_is_a_letter_to_the_rule() -> None:
    """The ``isalpha`` shortcut of ``_phrase``: no alphabetic character is a
    digit, an underscore or a non-word character to ``_LETTER``."""
    import sys

    from akhbar.scrapers.generic.comments.structure import _LETTER

    letters = (chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha())
    assert all(_LETTER.match(ch) for ch in letters)


@pytest.mark.parametrize("name", [
    "comment ", "comments-area comments", "comment-form ", "kb-comment comment-item-3",
    "commentsCount ", "religiouscommentary ", " comment-15", "forum-fil ", "reply-link ",
    "post-reply ", "", "Kommentare ", "comment-author vcard "])
def test_seed_name_agrees_with_its_rule(name: str) -> None:
    from akhbar.scrapers.generic.comments.structure import clear_memos, seed_name, seed_name_by_rule

    clear_memos()
    for _ in range(2):  # computed, then remembered
        assert seed_name(name) == seed_name_by_rule(name)
