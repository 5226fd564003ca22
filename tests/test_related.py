"""The generic related-links stage: precision first.

Each case is a small but complete page: what must be found (a marked or headed
list of same-site headlines) and what must not (menus, inline links in prose,
other sites, the page itself, lists with too few items, page-level footers).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from akhbar.scrapers.decode import decode_html
from akhbar.scrapers.generic.related import blocks as related_module
from akhbar.scrapers.generic.related import extract_related
from akhbar.scrapers.generic.related.anchors import MIN_CHARS, MIN_WORDS, too_short_text
from akhbar.scrapers.generic.related.blocks import related_blocks
from akhbar.scrapers.generic.related.structure import (
    CHROME_ELEMENTS,
    MIN_LINK_DENSITY,
    Chrome,
    clean_length,
    has_marker,
    is_link_dense,
    outweighs,
)
from akhbar.scrapers.generic.related.urls import LinkTargets, is_article_like
from akhbar.scrapers.page import parse_page
from akhbar.scrapers.text import clean

PAGE_URL = "https://news.example.ma/politique/2021/09/29/le-sommet-de-rabat-12345.html"

HEADLINES = [
    ("/societe/2021/09/28/pluies-orageuses-attendues-dans-le-rif-12340.html",
     "Pluies orageuses attendues dans le Rif ce week-end"),
    ("/economie/2021/09/28/le-port-de-nador-bat-un-record-12338.html",
     "Le port de Nador bat un record de trafic"),
    ("/sport/2021/09/27/le-hilal-s-impose-a-l-exterieur-12330.html",
     "Le Hilal s'impose à l'extérieur malgré la chaleur"),
    ("/monde/2021/09/27/sommet-sur-le-sahel-a-niamey-12329.html",
     "Sommet sur le Sahel à Niamey: les détails"),
]
PARAGRAPH = ("<p>Le sommet a réuni les responsables des services de renseignement des deux pays "
             "pour évaluer la situation sécuritaire dans la région du Sahel et au-delà.</p>")


def page_with(block: str, url: str | None = PAGE_URL, nav: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="fr"><head><title>Le sommet de Rabat</title></head>
<body><header><a href="/">Accueil</a>{nav}</header>
<main><article><h1>Le sommet de Rabat</h1>{PARAGRAPH * 4}</article>{block}</main>
<footer><a href="/contact">Contact</a></footer></body></html>"""


def items(links=HEADLINES) -> str:
    return "".join(f'<li><a href="{href}"><img src="/i.jpg" alt=""></a>'
                   f'<a href="{href}">{title}</a></li>' for href, title in links)


def related_of(html: str, url: str | None = PAGE_URL):
    return extract_related(parse_page(html, url))


def test_marked_aside_list_is_found_absolute_deduplicated_in_order() -> None:
    html = page_with(f'<aside class="related-posts"><h3>À lire aussi</h3><ul>{items()}</ul></aside>')
    found = related_of(html)
    assert [r.title for r in found] == [t for _, t in HEADLINES]
    assert found[0].url == "https://news.example.ma" + HEADLINES[0][0]


def test_block_introduced_by_its_own_heading_without_marker_names() -> None:
    html = page_with(f'<div class="box-7"><h2>Dans la même rubrique</h2><ul>{items()}</ul></div>')
    assert len(related_of(html)) == 4


def test_unmarked_unheaded_list_is_not_trusted() -> None:
    html = page_with(f'<div class="box-7"><ul>{items()}</ul></div>')
    assert related_of(html) == []


def test_page_itself_is_excluded_and_tracking_noise_normalised() -> None:
    self_link = [("/politique/2021/09/29/le-sommet-de-rabat-12345.html?utm_source=x#top",
                  "Le sommet de Rabat et ses suites pour la région")]
    html = page_with(f'<aside class="more-news"><ul>{items(self_link + HEADLINES)}</ul></aside>')
    urls = [r.url for r in related_of(html)]
    assert len(urls) == 4 and all("12345" not in u for u in urls)


def test_menus_prose_links_and_other_sites_are_not_related() -> None:
    nav = "<nav>" + "".join(f'<a href="/rubrique-{i}/">Rubrique {i}</a>' for i in range(8)) + "</nav>"
    prose = ('<div class="related">' + "".join(
        f'<p>Selon <a href="{h}">{t}</a>, la situation reste tendue dans plusieurs provinces du '
        f'nord du pays, où les autorités ont renforcé les contrôles.</p>' for h, t in HEADLINES)
        + "</div>")
    other_site = '<aside class="related"><ul>' + "".join(
        f'<li><a href="https://other.example.com{h}">{t}</a></li>' for h, t in HEADLINES) + "</ul></aside>"
    html = page_with(prose + other_site, nav=nav)
    assert related_of(html) == []


def test_two_links_are_not_a_list() -> None:
    html = page_with(f'<aside class="related"><ul>{items(HEADLINES[:2])}</ul></aside>')
    assert related_of(html) == []


def test_page_level_footer_lists_are_chrome() -> None:
    html = page_with("").replace(
        "<footer>", f'<footer><div class="latest-news"><h3>Derniers articles</h3><ul>{items()}</ul></div>')
    assert related_of(html) == []


def test_relative_links_need_a_base() -> None:
    html = page_with(f'<aside class="related"><ul>{items()}</ul></aside>')
    assert related_of(html, url=None) == []


def test_related_blocks_returns_the_container_for_the_body_stage() -> None:
    html = page_with(f'<aside class="related-posts" id="rel"><ul>{items()}</ul></aside>')
    blocks = related_blocks(parse_page(html, PAGE_URL))
    assert [b.attributes.get("id") for b in blocks] == ["rel"]


def test_article_like_urls() -> None:
    assert is_article_like("https://www.nadorcity.com/%D8%B5%D8%AD-%D8%A5%D8%B3_a115482.html")
    assert is_article_like("https://site.ma/2021/09/29/sommet-de-rabat/")
    assert is_article_like("https://site.ma/news.php?id=4521")
    assert not is_article_like("https://site.ma/")
    assert not is_article_like("https://site.ma/category/politique/")
    assert not is_article_like("https://site.ma/tag/sahel")
    assert not is_article_like("https://site.ma/uploads/2021/09/photo-du-jour.jpg")
    assert not is_article_like("https://site.ma/xml/syndication.rss")


def test_share_links_to_the_page_itself_are_not_related() -> None:
    shares = [(f"{PAGE_URL}?share={net}", f"Click to share on {net} (opens in new window)")
              for net in ("facebook", "twitter", "reddit")]
    html = page_with(f'<div class="share-more"><h3>Partager</h3><ul>{items(shares)}</ul></div>')
    assert related_of(html) == []


def test_query_string_articles_are_distinct_pages() -> None:
    url = "https://cms.example.ma/news_view.php?idx=8576&page=1"
    others = [(f"/news_view.php?idx={8570 + i}&page=1", title) for i, (_, title) in enumerate(HEADLINES)]
    html = page_with(f'<aside class="latest"><ul>{items(others)}</ul></aside>', url=url)
    assert [r.url for r in related_of(html, url=url)] == [
        f"https://cms.example.ma/news_view.php?idx={8570 + i}&page=1" for i in range(4)]


def test_teaser_title_is_the_heading_not_counters_around_it() -> None:
    cards = "".join(f'<div class="card"><a href="{h}"><span class="views">{i}.5K</span>'
                    f'<h4>{t}</h4><time>2h</time></a></div>' for i, (h, t) in enumerate(HEADLINES))
    html = page_with(f'<section class="recommended">{cards}</section>')
    assert [r.title for r in related_of(html)] == [t for _, t in HEADLINES]


# --- The shortcuts of the related stage give what the plain definitions give ---


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "a", "  deux  mots \n", "tab\tand\rcr\fff\vvt", "nbsp\u00a0here",
    "em\u2003space ideo\u3000space", "rlm\u200f mark", "\u200f", "soft\u00adhyphen", "\ufeffbom",
    "file\x1csep", "\x1c", "nel\x85line", "line\u2028sep", "ogham\u1680space",
    " نادور \u200f تستقبل\u00a0موسم ", "mixed \u202a\u202c\u2066x\u2069 end\t",
])
def test_clean_length_is_the_length_of_clean(text: str) -> None:
    assert clean_length(text) == len(clean(text))


BASES = [
    "https://news.example.ma/politique/2021/09/29/le-sommet-12345.html",
    "https://www.news.example.ma/a/b/index.php?id=12",
    "http://user@News.Example.ma:8080/dir/page.html",
    "https://news.example.ma",
]
HREFS = [
    "https://news.example.ma/societe/2021/pluies-orageuses-12340.html",
    "https://NEWS.example.ma/societe/2021/pluies-orageuses-12340.html#top",
    "http://www.news.example.ma/sport/le-hilal-s-impose-a-l-exterieur",
    "https://sub.news.example.ma/2021/09/article-long-slug/",
    "https://other.example.com/societe/2021/pluies-12340.html",
    "https://news.example.ma:443/societe/2021/pluies-12340.html",
    "https://news.example.ma./societe/2021/pluies-12340.html",
    "https://news.example.ma/politique/2021/09/29/le-sommet-12345.html",
    "https://news.example.ma/politique/2021/09/29/le-sommet-12345.html/?share=facebook",
    "https://news.example.ma", "https://news.example.ma#x",
    "/societe/2021/09/28/pluies-orageuses-12340.html", "  /economie/port-de-nador-12338.html#c ",
    "/a/./b/c-12345.html", "/a/../b/c-12345.html", "/a//b/c-12345.html", "//news.example.ma/x-12345",
    "/news_view.php?idx=8576&page=1", "/p;params-12345", "/tag/sahel", "/", "",
    "relatif/article-12345.html", "../haut/article-12345.html", "#comments", "javascript:void(0)",
    "/ar/نادور-تستقبل-موسم-الصيف_a100.html", "/a:b/c-12345.html", "mailto:x@y.ma",
    "/politique/2021/09/29/le-sommet-12345.html", "/index.php?id=12", "/a/b/index.php?id=13",
    "/index.php?id=12&share=facebook", "/index.php?id=13&utm_source=x&page=", "/v.php?utm_source=x",
    "https://news.example.ma?p=4521", "/news.php?id=4521&q=a+b", "/news.php?id=4521&q=%20",
    "/news.php?id=4521&flag", "/news.php?id=4521&&x=1", "/news.php?", "/n.php?id=1=2",
    "https://news.example.ma/a/b/index.php?ID=12#x", "/a/b/index.php?id=12&id=13",
    # host decided before urllib (``_elsewhere``): other sites behind unusual queries/paths
    "https://www.facebook.com/sharer.php?u=https%3A%2F%2Fnews.example.ma%2Fa-12345",
    "//instagram.com/p/B53EFJKFFey/", "//cdn.other.org", "https://Other.Example.COM./a;b-12345",
    "http://other.com?x=%20&y=1", "https://other.com#frag%20", "https://user@other.com/a-12345",
    "https://other.com:8080/a-12345", "https://other.com\\a-12345", "https://other..com/a-12345",
    "https://news.example.ma/x-12345?u=%2F", "//news.example.ma/a;b-12345", "//WWW.news.example.ma/",
    " https://sub.news.example.ma/a-b-c?q=%20 ", "https://example.ma/a-12345;x", "http:/other.com/x",
]


@pytest.mark.parametrize("base", BASES)
def test_link_targets_shortcut_agrees_with_urllib(base: str) -> None:
    page = parse_page("<html><body></body></html>", base)
    targets, reference = LinkTargets(page), LinkTargets(page)
    for href in HREFS:
        assert targets.other_article(href) == reference._other_article_by_urllib(href), href


CHROME_PAGE = """<html><body>
<nav><ul><li><a id="n1" href="/x">x</a></li></ul></nav>
<div role="navigation"><a id="n2" href="/x">x</a></div>
<div role="Navigation"><a id="ok1" href="/x">x</a></div>
<header><a id="h1" href="/x">x</a></header>
<main><header><a id="ok2" href="/x">x</a></header>
<article><footer><a id="ok3" href="/x">x</a></footer><form><a id="f1" href="/x">x</a></form></article></main>
<div role="contentinfo"><p><a id="c1" href="/x">x</a></p></div>
<aside><menu><a id="m1" href="/x">x</a></menu><a id="ok4" href="/x">x</a></aside>
<footer><div><a id="ft" href="/x">x</a></div></footer>
</body></html>"""


def test_chrome_walk_agrees_with_the_css_definition() -> None:
    """``Chrome`` climbs and remembers; the definition is CSS plus the
    "not inside article/main" rule for page-level header/footer."""
    page = parse_page(CHROME_PAGE, "https://news.example.ma/")
    body = page.tree.body
    expected = set()
    for node in body.css(CHROME_ELEMENTS):
        if node.tag in ("nav", "form", "menu") or node.attributes.get("role") == "navigation":
            expected.add(node.mem_id)
            continue
        up = node.parent
        while up is not None and up.tag not in ("article", "main"):
            up = up.parent
        if up is None:
            expected.add(node.mem_id)
    chrome = Chrome(body)
    for a in body.css("a"):
        up, want = a, False
        while up is not None:
            want = want or up.mem_id in expected
            up = up.parent
        assert chrome.contains(a) is want, a.attributes.get("id")
    assert {a.attributes["id"] for a in body.css("a") if not chrome.contains(a)} == {
        "ok1", "ok2", "ok3", "ok4"}


def test_marker_names_fold_case_like_the_regular_expression() -> None:
    html = ('<body><div id="a" class="RELATED-Posts"></div><div id="b" class="moſt-read"></div>'
            '<div id="c" class="box"></div><div id="d" class="box" role="complementary"></div></body>')
    body = parse_page(html, PAGE_URL).tree.body
    assert [has_marker(n) for n in body.css("div")] == [True, True, False, True]


def test_title_class_on_the_anchor_itself_makes_its_whole_text_the_title() -> None:
    cards = "".join(f'<li><a class="Post-TITLE" href="{h}"><span>Sport</span> <h4>{t}</h4></a></li>'
                    for h, t in HEADLINES)
    html = page_with(f'<aside class="related"><ul>{cards}</ul></aside>')
    assert [r.title for r in related_of(html)] == [f"Sport {t}" for _, t in HEADLINES]


@pytest.mark.parametrize("url", [
    "https://s.ma/a/photo.JPG", "https://s.ma/a/photo.jpeg", "https://s.ma/a.b/c", "https://s.ma/x.js",
    "https://s.ma/x.jsx", "https://s.ma/feed.xml/2021", "https://s.ma/ſvg/a.ſvg", "https://s.ma/a/b.ZIP",
    "https://s.ma/2021/09/one-two", "https://s.ma/a/one_two-three", "https://s.ma/a/one-two/",
    "https://s.ma/a/b/c", "https://s.ma/news/a-very-long-name", "https://s.ma/x?id=12",
    "https://s.ma/الأخبار/خبر-عاجل-اليوم", "https://s.ma/a/١٢٣٤", "https://s.ma/a/b.pdf?id=1234",
])
def test_article_like_shortcuts_agree_with_the_expressions(url: str) -> None:
    import re
    from urllib.parse import urlsplit
    file_path = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js)$", re.I)
    slug = re.compile(r"[^/]*[-_][^/]*[-_][^/]*")
    parts = urlsplit(url)
    path = parts.path
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    from akhbar.scrapers.generic.related import urls
    expected = not (path in ("", "/") or urls._NON_ARTICLE_PATH.match(path) or file_path.search(path)) \
        and bool(urls._DIGITS.search(path) or slug.fullmatch(last) or
                 (len(segments) >= 2 and len(last) >= 12) or urls._ID_PARAM.search(parts.query))
    assert is_article_like(url) == expected


# --- Shortcuts of the speed work, each against the plain definition ---------

SAMPLE_PAGES = sorted((Path(__file__).resolve().parent.parent / "sample_pages").rglob("*.htm*"))


def sample_trees():
    for path in SAMPLE_PAGES:
        yield parse_page(decode_html(path.read_bytes()), PAGE_URL).tree


def test_attribute_dict_and_attribute_lookup_agree_on_parsed_pages() -> None:
    """``node.attributes.get`` (fast for absent names) stands in for
    ``node.attrs.get``: the tokenizer lower-cases names and drops repeats."""
    html = ('<div CLASS=a class=b Role=x ID=1 id=2></div><svg><g Class=c xlink:role=r></g></svg>'
            '<p class="">x</p><!-- c -->')
    trees = [parse_page(html, PAGE_URL).tree, *sample_trees()]
    for tree in trees:
        for node in tree.root.traverse(include_text=False):
            for name in ("class", "id", "role"):
                want = node.attrs.get(name) if node.is_element_node else None
                assert node.attributes.get(name) == want


def test_tag_ids_name_the_same_elements_as_tag_names() -> None:
    """``tag_ids``: ``tag_id`` look-ups stand in for ``tag`` names, also
    for foreign (SVG/MathML) elements and custom elements."""
    from akhbar.scrapers.nodes import tag_ids
    names = ["html", "body", "main", "article", "aside", "a", "nav", "form", "menu", "header",
             "footer", "h1", "h2", "h3", "h4", "h5", "h6"]
    html = ('<svg><main></main><a href="/x">x</a><body></body><foreignObject><h2>t</h2>'
            '</foreignObject></svg><main-x></main-x><a-b></a-b><math><html></html><mi>x</mi></math>'
            '<ASIDE>x</ASIDE><Nav>y</Nav>')
    ids = {name: tag_ids(name) for name in names}
    for tree in [parse_page(html, PAGE_URL).tree, *sample_trees()]:
        for node in tree.root.traverse(include_text=False):
            for name in names:
                assert (node.tag == name) == (node.tag_id in ids[name]), (node.tag, name)
    assert related_module._CLIMB_STOP_IDS == tag_ids("html", "body", "main")


def plain_containers(anchors) -> dict[int, tuple[int, set, list[int]]]:
    found: dict[int, tuple[int, set, list[int]]] = {}
    for a in anchors:
        href = a.attrs.get("href")
        up, depth = a.parent, 0
        while up is not None and depth < related_module.MAX_CLIMB and up.tag not in (
                "body", "html", "main"):
            entry = found.setdefault(up.mem_id, (up.mem_id, set(), []))
            entry[1].add(href)
            entry[2].append(a.mem_id)
            up, depth = up.parent, depth + 1
    return {k: e for k, e in found.items() if len(e[1]) >= related_module.MIN_LINKS}


def test_climb_with_shared_ancestor_lists_finds_the_plain_climbs_containers() -> None:
    deep = "<div>" * 9 + "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in HEADLINES) + "</div>" * 9
    pages = [page_with(f'<aside class="related"><ul>{items()}</ul>{deep}</aside>'),
             *(decode_html(p.read_bytes()) for p in SAMPLE_PAGES)]
    for html in pages:
        found = related_module._PageLinks.of(parse_page(html, PAGE_URL))
        if found is None:
            continue
        got = {k: (c.node.mem_id, c.hrefs, [a.mem_id for a in c.anchors])
               for k, c in found._containers().items()}
        want = plain_containers(found.anchors)
        assert list(got) == list(want) and got == want


SHORT_TEXTS = [
    "Un deux trois quatre", "Un deux trois quatre cinq six", "un  deux\n\ttrois   quatre cinq",
    "a b c d e f g h i j k", "mot1 mot2 mot3 mot4 x", "    a    b    c    d    ",
    "نادور تستقبل موسم الصيف بحضور", "خبر \u200f قصير \u200f جدا \u200f هنا", "a\x1cb c d e f ghijklmnop",
    "one\u00a0two\u2003three four five", "\u200b" * 20, "x \u2028y z w vvvvvvvvvvvvvv",
    "one two three fours\u00ad", "one two three fours!", "ab cd ef gh " + "\u200f" * 10,
]


@pytest.mark.parametrize("raw", SHORT_TEXTS)
def test_too_short_text_agrees_with_the_definition(raw: str) -> None:
    assert len(raw) >= MIN_CHARS
    text = clean(raw)
    assert too_short_text(raw) == (bool(text) and (len(text) < MIN_CHARS or
                                                    len(text.split()) < MIN_WORDS))


PIECE_ALPHABET = ["a", "é", "ن", "word", " ", "  ", "\n", "\t", "\u00a0", "\u200f", "\u200b",
                  "\x1c", "\u2028", "\u3000", "\ufeff", "\u00ad", "\x85"]


def test_cleaned_length_of_a_text_is_at_least_that_of_its_pieces() -> None:
    """The bound ``outweighs`` rests on, on random texts cut at random places."""
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(PIECE_ALPHABET) for _ in range(rng.randint(0, 40)))
        cuts = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(1, 4)))
        pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=False)]
        assert sum(clean_length(p) for p in pieces) <= clean_length(text), repr(text)


def test_cleaned_length_is_at_most_its_upper_bound() -> None:
    from akhbar.scrapers.generic.related.structure import cleaned_at_most
    for text in ["a  b", "mot  mot  mot", "x \n  y", "  a  ", "a   b    c", "\u200f  a"]:
        assert clean_length(text) <= cleaned_at_most(text), repr(text)
    rng = random.Random(6)
    for _ in range(3000):
        alphabet = rng.choice([PIECE_ALPHABET, ["a", "b", " ", "  ", "\n"]])
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert clean_length(text) <= cleaned_at_most(text), repr(text)


def test_outweighs_only_when_the_plain_share_is_below_the_threshold() -> None:
    """Link lengths around the threshold, texts mostly whitespace (indented
    markup) so that they are cut into several pieces."""
    rng = random.Random(5)
    shown = 0
    for _ in range(600):
        text = "".join(rng.choice(PIECE_ALPHABET) + " " * rng.choice([0, 1, 8, 30])
                       for _ in range(rng.randint(100, 1500)))
        total = clean_length(text)
        raw = max(1, int(total * rng.uniform(0.3, 0.9)))
        if outweighs(text, raw):
            shown += 1
            assert raw / total < MIN_LINK_DENSITY
    assert shown > 50  # the shortcut is taken, not only skipped


def plain_link_dense(node) -> bool:
    total = len(clean(node.text()))
    linked = sum(len(clean(a.text())) for a in node.css("a"))
    return bool(total) and linked / total >= MIN_LINK_DENSITY


def test_link_density_shortcuts_agree_with_the_definition() -> None:
    prose = PARAGRAPH * 40  # a long text, rejected from its first pieces
    links = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in HEADLINES)
    blocks = [
        f'<div id="t">{prose}{links}</div>', f'<div id="t">{links}{prose}</div>',
        f'<div id="t">{links * 30}{PARAGRAPH * 5}</div>', f'<div id="t">{links * 60}{prose}</div>',
        f'<div id="t">{links}</div>', f'<div id="t"><a name="x"></a>{PARAGRAPH}</div>',
        '<div id="t"><a href="/x"> </a>\u200f</div>', '<div id="t"></div>',
        f'<div id="t">{"<p>" + "&nbsp; " * 3000 + "</p>"}{links}</div>',
        # indented markup: the upper bound of the cleaned length is off, so the
        # exact length decides between 0.53 and 0.6 of link text (0.6 itself
        # with 117 characters of prose), the bound above
        *('<div id="t">' + "".join(f'\n\t\t<p>\n\t\t\t<a href="{h}">{t}</a>\n\t\t</p>'
                                   for h, t in HEADLINES) + f"<p>{PARAGRAPH[3:end]}</p></div>"
          for end in (60, 100, 120, 130)),
        # ... and with indented anchors (raw lengths far above the cleaned ones)
        *('<div id="t">' + "".join(f'\n\t\t<p>\n\t\t\t<a href="{h}">\n\t\t\t\t\t\t\t\t{t}'
                                   f'\n\t\t\t\t\t\t\t\t</a>\n\t\t</p>' for h, t in HEADLINES)
          + f"<p>{PARAGRAPH[3:end]}</p></div>" for end in (60, 120, 130)),
    ]
    for block in blocks:
        node = parse_page(page_with(block), PAGE_URL).tree.css_first("#t")
        assert is_link_dense(node, {}, {}) == plain_link_dense(node), block[:60]
    for tree in sample_trees():
        for node in tree.css("div, ul, section, aside"):
            assert is_link_dense(node, {}, {}) == plain_link_dense(node)
