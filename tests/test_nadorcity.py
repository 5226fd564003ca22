"""NadorCity scraper: its selector data, its registration, and graceful degradation.

The field-by-field checks of the sample pages are in test_sample_pages.py; these
tests guard the properties that make the reconstructed selectors safe to edit.
"""
from __future__ import annotations

from dataclasses import fields

import pytest
from conftest import SAMPLE_PAGES_DIR
from selectolax.lexbor import LexborHTMLParser

from akhbar import scrapers
from akhbar.scrapers.page import parse_page
from akhbar.scrapers.registry import lookup
from akhbar.scrapers.sites import nadorcity
from akhbar.scrapers.sites.nadorcity import SELECTORS, extract_nadorcity, first_match

NADORCITY = SAMPLE_PAGES_DIR / "nadorcity"


def _selector_values():
    for f in fields(SELECTORS):
        value = getattr(SELECTORS, f.name)
        for selector in (value if isinstance(value, tuple) else (value,)):
            yield f.name, selector


@pytest.mark.parametrize("name,selector", list(_selector_values()))
def test_every_selector_is_valid_css(name: str, selector: str) -> None:
    """Selectors are data meant to be edited in minutes; a typo must fail here, not in a crawl."""
    tree = LexborHTMLParser("<html><body><div class='x'><p>t</p></div></body></html>")
    tree.css(selector)  # raises on invalid CSS


@pytest.mark.parametrize("host", ["www.nadorcity.com", "nadorcity.com", "m.nadorcity.com"])
def test_registered_for_the_site_hosts(host: str) -> None:
    assert lookup(host) is extract_nadorcity


def test_redesign_variant_really_misses_the_wmaker_selectors() -> None:
    """Otherwise article-redesign.html would stop testing the fallback path."""
    page = parse_page((NADORCITY / "article-redesign.html").read_text(encoding="utf-8"))
    for name in ("headline", "source", "date", "body", "more_news", "comments",
                 "comment_form", "comment_rules"):
        assert first_match(page.tree, getattr(SELECTORS, name)) is None, name


def test_selectors_that_find_nothing_degrade_to_signals_and_generic(monkeypatch) -> None:
    """With every selector list emptied, the seed page still gives its main fields."""
    empty = nadorcity.NadorCitySelectors(**{
        f.name: (() if isinstance(getattr(SELECTORS, f.name), tuple) else "script")
        for f in fields(SELECTORS)})
    monkeypatch.setattr(nadorcity, "SELECTORS", empty)
    record = scrapers.extract((NADORCITY / "article.html").read_bytes())
    expected = scrapers.Article.from_dict(
        __import__("json").loads((NADORCITY / "article.json").read_text(encoding="utf-8")))
    assert record.headline == expected.headline
    assert record.source == expected.source
    assert record.published == expected.published
    assert record.comment_notice == expected.comment_notice
    assert record.comments_enabled
    assert {r.url for r in record.related} == {r.url for r in expected.related}
    # The generic body stage may differ in detail, but it holds the article, not chrome.
    for paragraph in expected.body.split("\n\n"):
        assert paragraph in record.body
    assert "المزيد من الأخبار" not in record.body and "تعليق جديد" not in record.body


def test_reply_points_at_the_comment_it_answers() -> None:
    record = scrapers.extract((NADORCITY / "article-comments.html").read_bytes())
    parents = [c.parent for c in record.comments]
    assert parents == [None, 0, None, None]
    assert record.comments[1].author == "ابن الناظور"
    assert record.comment_count == 4


@pytest.mark.parametrize("title,expected", [
    ("الناظور - حادث سير خطير بطريق بني انصار | ناظورسيتي", "الناظور - حادث سير خطير بطريق بني انصار"),
    ("NadorCity - أمطار رعدية مرتقبة بمناطق الريف", "أمطار رعدية مرتقبة بمناطق الريف"),
])
def test_headline_from_title_drops_only_the_site_name(title: str, expected: str) -> None:
    """No article heading, a logo <h1>: the headline is the <title> minus the site name."""
    html = (f"<html lang='ar'><head><title>{title}</title></head><body>"
            "<h1 class='logo'>ناظورسيتي</h1><p>نص قصير.</p></body></html>")
    record = scrapers.extract(html, url="https://www.nadorcity.com/x_a1.html")
    assert record.headline == expected


def test_comment_without_own_text_does_not_borrow_its_reply() -> None:
    html = """<html lang="ar"><body><h1 class="titre-article">عنوان المقال هنا للتجربة</h1>
    <div class="module-comments">
      <div class="comment"><span class="comment-author">أ</span>
        <div class="comment-replies"><div class="comment"><span class="comment-author">ب</span>
          <div class="comment-text">رد فقط</div></div></div>
      </div>
    </div></body></html>"""
    record = scrapers.extract(html, url="https://www.nadorcity.com/x_a1.html")
    assert [(c.author, c.text) for c in record.comments] == [("ب", "رد فقط")]


def test_comment_text_beside_its_replies_in_one_wrapper_is_kept() -> None:
    """The wrapper holding the text also holds a reply: it is not a comment itself
    (``css_matches`` would say it is, since something inside it matches)."""
    html = """<html lang="ar"><body><h1 class="titre-article">عنوان المقال هنا للتجربة</h1>
    <div class="module-comments">
      <div class="comment"><div class="inner"><span class="comment-author">أ</span>
        <div class="comment-text">التعليق الأول</div>
        <div class="comment-replies"><div class="comment"><span class="comment-author">ب</span>
          <div class="comment-text">رد على الأول</div></div></div>
      </div></div>
    </div></body></html>"""
    record = scrapers.extract(html, url="https://www.nadorcity.com/x_a1.html")
    assert [(c.author, c.text, c.parent) for c in record.comments] == [
        ("أ", "التعليق الأول", None), ("ب", "رد على الأول", 0)]


def test_deeply_nested_text_is_read_without_recursion_error() -> None:
    depth = 5000
    html = ("<html lang='ar'><body><div class='texte-article'>" + "<span>" * depth
            + "فقرة أولى<br><br>فقرة ثانية" + "</span>" * depth + "</div></body></html>")
    tree = LexborHTMLParser(html)
    assert nadorcity.node_texts(tree.css_first(".texte-article")) == ["فقرة أولى", "فقرة ثانية"]
