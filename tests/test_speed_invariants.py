"""The shortcuts that make extraction fast must not change what it finds.

``related/blocks.py`` judges containers by structure before resolving any URL and
skips anchors too short to be headlines; ``limits.cap_depth`` has a fast path
for the closing tag of the current element. Each case here is built where a
shortcut could go wrong if it were not exact: hrefs that differ but name one
URL, links nested deeper than the climb, image-only links, SVG content closed
by an ancestor's end tag.
"""
from __future__ import annotations

from akhbar.scrapers import extract
from akhbar.scrapers.generic.related import extract_related
from akhbar.scrapers.generic.related.blocks import related_blocks
from akhbar.scrapers.limits import cap_depth
from akhbar.scrapers.page import parse_page

PAGE_URL = "https://news.example.ma/politique/2021/09/29/le-sommet-de-rabat-12345.html"
HEADLINES = [
    ("/societe/2021/09/28/pluies-orageuses-attendues-dans-le-rif-12340.html",
     "Pluies orageuses attendues dans le Rif ce week-end"),
    ("/economie/2021/09/28/le-port-de-nador-bat-un-record-12338.html",
     "Le port de Nador bat un record de trafic"),
    ("/sport/2021/09/27/le-hilal-s-impose-a-l-exterieur-12330.html",
     "Le Hilal s'impose à l'extérieur malgré la chaleur"),
]
PARAGRAPH = ("<p>Le sommet a réuni les responsables des services de renseignement des deux pays "
             "pour évaluer la situation sécuritaire dans la région du Sahel et au-delà.</p>")


def page_with(block: str) -> str:
    return f"""<!DOCTYPE html><html lang="fr"><head><title>Le sommet de Rabat</title></head>
<body><header><a href="/">Accueil</a></header>
<main><article><h1>Le sommet de Rabat</h1>{PARAGRAPH * 4}</article>{block}</main>
<footer><a href="/contact">Contact</a></footer></body></html>"""


def related_of(html: str) -> list[tuple[str, str]]:
    return [(r.title, r.url) for r in extract_related(parse_page(html, PAGE_URL))]


def absolute(href: str) -> str:
    return "https://news.example.ma" + href


def test_three_hrefs_naming_one_url_are_not_a_list() -> None:
    """The structural pass counts hrefs; the block test must still count URLs."""
    href, title = HEADLINES[0]
    links = "".join(f'<li><a href="{href}{query}">{title} {n}</a></li>'
                    for n, query in enumerate(["", "?utm_source=fb", "#comments"]))
    html = page_with(f'<aside class="related"><ul>{links}</ul></aside>')
    assert related_of(html) == []
    assert related_blocks(parse_page(html, PAGE_URL)) == []


def test_a_link_nested_deeper_than_the_climb_still_belongs_to_its_block() -> None:
    shallow = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in HEADLINES)
    deep_href = "/monde/2021/09/27/sommet-sur-le-sahel-a-niamey-12329.html"
    deep = "<div>" * 9 + f'<a href="{deep_href}">Sommet sur le Sahel à Niamey: les détails</a>' + "</div>" * 9
    html = page_with(f'<aside class="more-news"><ul>{shallow}</ul>{deep}</aside>')
    assert related_of(html) == [(t, absolute(h)) for h, t in HEADLINES] + [
        ("Sommet sur le Sahel à Niamey: les détails", absolute(deep_href))]


def test_image_only_links_use_their_title_and_thumbnails_do_not_hide_headlines() -> None:
    """A textless anchor falls back to its ``title`` attribute, so the short-text
    shortcut must not drop it; a thumbnail link ("photo") sharing the headline's
    href must not take its place."""
    cards = "".join(f'<li><a href="{h}" title="{t}"><img src="/i.jpg" alt=""></a></li>'
                    for h, t in HEADLINES[:2])
    href, title = HEADLINES[2]
    cards += f'<li><a href="{href}">photo</a> <a href="{href}">{title}</a></li>'
    html = page_with(f'<div class="latest-posts"><ul>{cards}</ul></div>')
    assert related_of(html) == [(t, absolute(h)) for h, t in HEADLINES]


def test_arabic_headlines_with_invisible_marks_are_measured_after_cleaning() -> None:
    """Words made only of direction marks vanish in ``clean``: an anchor of three
    real words and such a mark is a three-word title, too short."""
    rows = [
        ("/2021/09/28/نادور-تستقبل-موسم-الصيف_a100.html", "نادور تستقبل موسم الصيف بحضور كبير"),
        ("/2021/09/28/أمطار-رعدية-بالريف_a101.html", "أمطار رعدية مرتقبة بالريف نهاية الأسبوع"),
        ("/2021/09/28/ميناء-الناظور-رقم-قياسي_a102.html", "ميناء الناظور يسجل رقما قياسيا جديدا"),
    ]
    links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in rows)
    links += '<li><a href="/2021/09/28/خبر-قصير_a103.html">خبر قصير جدا \u200f</a></li>'
    html = page_with(f'<aside class="related"><h3>أخبار ذات صلة</h3><ul>{links}</ul></aside>')
    found = related_of(html)
    assert [t for t, _ in found] == [t for _, t in rows]


def test_whole_pipeline_reports_the_same_related_links() -> None:
    links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in HEADLINES)
    article = extract(page_with(f'<aside class="related-posts"><ul>{links}</ul></aside>'), PAGE_URL)
    assert [(r.title, r.url) for r in article.related] == [(t, absolute(h)) for h, t in HEADLINES]


def test_closing_an_ancestor_ends_svg_content_so_style_is_raw_text_again() -> None:
    """``</div>`` closes the open ``svg`` too; the tags inside the following
    ``<style>`` are text then, and must not count towards the depth."""
    html = "<div><svg><g></div><style>" + "<b>" * 5 + "</style>"
    assert cap_depth(html, 3) == (html, 0)


def test_closing_the_current_svg_element_ends_svg_content() -> None:
    html = "<svg></svg><style>" + "<b>" * 5 + "</style>"
    assert cap_depth(html, 3) == (html, 0)


def test_inside_svg_style_content_is_markup() -> None:
    html = "<svg><style>" + "<g>" * 5 + "</style></svg>"
    capped, removed = cap_depth(html, 3)
    assert removed == 4 and capped.count("<g>") == 1


def test_plain_nesting_is_cut_at_the_cap_open_and_close_alike() -> None:
    html = "<div>" * 10 + "text" + "</div>" * 10
    capped, removed = cap_depth(html, 4)
    assert removed == 12
    assert capped.count("<div>") == 4 == capped.count("</div>")
    assert "text" in capped
