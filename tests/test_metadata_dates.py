"""The article's published date, not a comment's; a date printed in the byline line."""
from akhbar.scrapers import extract

_COMMENTS = ('<section id="comments"><ol class="comment-list"><li class="comment">'
             '<span class="fn">كريم</span><time datetime="2026-11-20T10:00:00+01:00">20 نونبر</time>'
             '<p>مشروع مهم للمدينة</p></li></ol></section>')
_BODY = "<p>" + "صادق المجلس الجماعي على ميزانية جديدة لتأهيل الميناء وتوسيع أرصفته. " * 4 + "</p>"


def _page(byline: str) -> str:
    return (f'<html lang="ar"><body><article><h1>ميزانية الميناء</h1>{byline}{_BODY}</article>'
            f'{_COMMENTS}</body></html>')


def test_a_comment_time_is_not_the_article_date():
    assert extract(_page(""), "https://news.example.ma/a.html").published is None


def test_a_date_at_the_end_of_the_byline_is_the_published_date():
    page = _page('<p class="byline">بقلم: سعيد العمراني — 24 نونبر 2026</p>')
    assert extract(page, "https://news.example.ma/a.html").published == "2026-11-24"


def test_a_date_named_element_still_comes_before_the_byline():
    page = _page('<p class="byline">بقلم: سعيد — 24 نونبر 2026</p>'
                 '<span class="post-date">25 نونبر 2026</span>')
    assert extract(page, "https://news.example.ma/a.html").published == "2026-11-25"


def test_the_byline_date_is_not_part_of_the_author():
    page = _page('<p class="byline">بقلم: سعيد العمراني — 24 نونبر 2026</p>')
    article = extract(page, "https://news.example.ma/a.html")
    assert article.author == "سعيد العمراني"
    assert article.source == "بقلم: سعيد العمراني — 24 نونبر 2026"  # the line as printed


def test_a_byline_part_that_is_not_a_date_stays():
    from akhbar.scrapers.generic.metadata.byline import author_name
    assert author_name("By Jean-Pierre Dupont - Reuters") == "Jean-Pierre Dupont - Reuters"
    assert author_name("By Jane Doe | May 3, 2024") == "Jane Doe"
