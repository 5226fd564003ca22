"""Recall mechanisms of the body stage (issue 12), each on a hand-made page of its
failure class, with the page that must NOT change beside it:

- the lead set apart from the body's container (a sibling ``div``, the
  article's ``<header>``, a standfirst marked up as ``h2``), not a URL line,
  not a lead far from the article;
- posts written as ``<br>``-separated lines (Blogger) are prose;
- the second look on a near-empty result (article in an ``<aside>``, in
  ``<noscript>``, in a script template), which never brings the comments
  stage's nodes back into the body.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from akhbar.scrapers import extract
from akhbar.scrapers.generic.body import container
from akhbar.scrapers.generic.body.fallback import FALLBACK_CHARS, relaxed_body
from akhbar.scrapers.page import parse_page

S = ("The council met on Tuesday evening to discuss the harbour budget, and the members "
     "agreed to postpone the vote until the next session in spring. ")
BODY = [f"Paragraph {i}. {S}{S}".strip() for i in range(4)]
LEAD = ("Harbour budget vote postponed after a long debate among the members of the "
        "council, who asked for more figures.")
PARAS = "".join(f"<p>{p}</p>" for p in BODY)
NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"


def body_of(html: str) -> list[str]:
    return extract(html, "https://example.org/a").body.split("\n\n")


def test_lead_in_a_sibling_div_is_kept():
    html = (f"<html><body>{NAV}<article><h1>Budget</h1><div class='intro'><p>{LEAD}</p></div>"
            f"<div class='byline'>By A. Writer</div><div class='text'>{PARAS}</div>"
            "</article></body></html>")
    assert body_of(html) == [LEAD, *BODY]


def test_lead_in_the_article_header_is_kept():
    html = (f"<html><body><header>{NAV}<p>A site-wide header line that is long enough to be "
            "prose if anyone read it, but nobody should ever.</p></header>"
            f"<article><header><h1>Budget</h1><p>{LEAD}</p></header>"
            f"<div class='text'>{PARAS}</div></article></body></html>")
    assert body_of(html) == [LEAD, *BODY]


def test_standfirst_marked_up_as_h2_is_kept_a_short_subheading_is_not_a_lead():
    html = (f"<html><body><article><h1>Budget</h1><h2>{LEAD}</h2><h3>Section</h3>"
            f"<div class='text'>{PARAS}</div></article></body></html>")
    assert body_of(html) == [LEAD, *BODY]


def test_url_line_and_far_prose_are_not_a_lead():
    url = "https://example.org/news/article/harbour-budget-vote-postponed-after-a-long-debate-123.php"
    far = ("An unrelated paragraph in another part of the page, long enough to be prose, "
           "separated from the article by many blocks.")
    gap = "".join(f"<div>line {i}</div>" for i in range(6))
    html = (f"<html><body><div><p>{far}</p>{gap}<div><p>{url}</p>"
            f"<div class='text'>{PARAS}</div></div></div></body></html>")
    assert body_of(html) == BODY


def test_lines_cut_by_br_are_one_paragraph_for_the_container_choice():
    # A Blogger-style post: every line < 80 characters, inside a widget-named
    # wrapper; a short sidebar paragraph elsewhere must not win.
    lines = [f"Line {i} of a post written in short lines, one after the other" for i in range(12)]
    post = "<br>".join(lines)
    html = (f"<html><body><div class='sidebar-info'><p>{S}</p></div>"
            f"<div class='widget Blog'><div class='post-body'>{post}</div></div></body></html>")
    assert body_of(html) == lines


def test_article_in_an_aside_is_found_by_the_second_look():
    html = (f"<html><body>{NAV}<main><aside class='direct-content'><h1>Budget</h1>{PARAS}</aside>"
            "</main></body></html>")
    assert body_of(html) == BODY


def test_article_in_noscript_and_in_a_script_template():
    noscript = f"<html><body><noscript><div id='content'>{PARAS}</div></noscript></body></html>"
    assert body_of(noscript) == BODY
    template = (f"<html><body><div class='post'><script type='text/template'>{PARAS}</script>"
                "</div></body></html>")
    assert body_of(template) == BODY


def test_no_second_look_when_the_first_result_is_long_enough():
    sidebar = f"<aside><p>{S}{S}{S}</p></aside>"
    html = f"<html><body><div class='text'>{PARAS}</div>{sidebar}</body></html>"
    assert len("\n\n".join(BODY)) >= FALLBACK_CHARS
    assert body_of(html) == BODY


def test_second_look_never_reads_the_comment_stage_nodes():
    notice = "Your email address will not be published. Required fields are marked *"
    html = (f"<html><body><aside>{PARAS}</aside><div id='respond'><form id='commentform'>"
            f"<p class='comment-notes'>{notice}</p><textarea></textarea></form></div></body></html>")
    page = parse_page(html, None)
    form = page.tree.css_first("#respond")
    text = container.extract_body(page, exclude=[form])
    assert text.split("\n\n") == BODY
    assert notice not in text
    # the original tree keeps no trace of the copy's marks
    assert "data-akhbar-excluded" not in page.tree.html


def test_relaxed_copy_leaves_the_page_tree_alone():
    html = f"<html><body><aside><p>{S}</p></aside><noscript><p>{S}</p></noscript></body></html>"
    tree = LexborHTMLParser(html)
    before = tree.html
    body = relaxed_body(tree, None)
    assert body is not None and "<aside" not in body.html and "<noscript" not in body.html
    assert tree.html == before


def test_wordpress_post_whose_tags_read_like_widget_names_is_the_article():
    # post_class() lists the post's taxonomy slugs: "tag-ads", "category-share".
    classes = "post-42 post type-post status-publish hentry category-share tag-ads"
    html = (f"<html><body><div class='{classes}'><div class='entry-content'>{PARAS}</div></div>"
            f"<div class='sidebar'><p>{S}</p></div></body></html>")
    assert body_of(html) == BODY


def test_last_item_of_a_list_at_the_end_of_the_article_is_not_a_label():
    items = ["Two eggs", "A cup of flour", "Salt"]
    html = (f"<html><body><article>{PARAS}<ul>{''.join(f'<li>{i}</li>' for i in items)}</ul>"
            "<p>Share</p></article></body></html>")
    # the list is kept to its last item; a lone short line at the end is a label
    assert body_of(html) == [*BODY, *items]
