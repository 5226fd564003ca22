"""The shortcuts that make the metadata stage fast must not change what it finds.

``metadata/fields.py`` reads <meta>, JSON-LD and the first <h1> in one tree walk;
the byline and date searches stop at their first candidate when it holds the
answer, look inside it next, and build the whole candidate list only then;
long containers are judged too long from a cleaned prefix; strict ISO 8601
dates skip the general scanner. Each case here is built where a shortcut
could go wrong if it were not exact (they pass on the code before the
shortcuts too).
"""
from __future__ import annotations

import random

import pytest

from akhbar.scrapers.dates import parse_date
from akhbar.scrapers.generic.metadata.fields import extract_metadata, meta_tags
from akhbar.scrapers.generic.metadata.jsonld import article_info, info_from_scripts
from akhbar.scrapers.page import parse_page

BODY = "<p>" + "The council met on Tuesday to vote on the harbour budget. " * 6 + "</p>"


def metadata_of(body: str, head: str = "<title>Harbour budget approved | Coast Daily</title>"):
    html = f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(parse_page(html, "https://coast.example.com/news/harbour-budget"))


def article(inner: str) -> str:
    return f"<main><article><h1>Harbour budget approved</h1>{inner}{BODY}</article></main>"


def test_byline_inside_a_first_candidate_too_long_to_be_one() -> None:
    box = ("<div class='author-box'><span class='byline'>By Jane Roe</span>"
           f"<p>{'Jane Roe has covered the harbour and city hall for ten years. ' * 3}</p></div>")
    meta = metadata_of(article(box))
    assert (meta.source, meta.author) == ("By Jane Roe", "Jane Roe")


def test_byline_after_a_first_candidate_with_nothing_inside() -> None:
    source = f"<div class='source-notes'>{'Figures from the port authority annual report. ' * 4}</div>"
    meta = metadata_of(article(source + "<p class='byline'>By Omar Haddou</p>"))
    assert (meta.source, meta.author) == ("By Omar Haddou", "Omar Haddou")


def test_byline_outside_the_headline_region_is_found_in_document_order() -> None:
    header = "<header><div class='site-author'>Coast Daily: Samira Benali</div></header>"
    later = "<footer><span class='byline'>By Someone Else</span></footer>"
    body = header + "<div><div><div><div>" + article("") + "</div></div></div></div>" + later
    meta = metadata_of(body)
    assert meta.source == "Coast Daily: Samira Benali"


def test_commenter_byline_first_is_skipped() -> None:
    comments = ("<div class='comments'><span class='author'>Reader 1</span></div>")
    meta = metadata_of("<div>" + comments + "</div>" + article("<span class='byline'>By Jane Roe</span>"))
    assert meta.author == "Jane Roe"


def test_meta_tags_after_a_stray_end_tag_and_in_body_are_read() -> None:
    head = ("<title>x</title><meta name='author' content=' Lina  Haddad '></meta>"
            "<meta property='og:title' content='Harbour budget approved'>")
    body = article("") + "<meta itemprop='datePublished' content='2021-09-29T18:45:00+01:00'>"
    meta = metadata_of(body, head)
    assert (meta.author, meta.headline, meta.published) == (
        "Lina Haddad", "Harbour budget approved", "2021-09-29T18:45:00+01:00")


def test_meta_tags_keep_their_public_shape() -> None:
    page = parse_page("<head><meta name='DC.Title' content=' A  title '>"
                      "<meta property='og:title og:alt' content='Other'></head>")
    assert meta_tags(page.tree) == {"dc:title": "A title", "og:title": "Other", "og:alt": "Other"}


def test_json_ld_found_by_the_walk_equals_article_info() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
          ' "author": {"name": "Jane Roe"}, "datePublished": "2021-09-29"}</script>')
    page = parse_page(f"<html><head>{ld}</head><body>{article('')}</body></html>")
    scripts = page.tree.css('script[type="application/ld+json"]')
    assert info_from_scripts(scripts) == article_info(page.tree)
    meta = extract_metadata(page)
    assert (meta.headline, meta.author, meta.published) == ("Budget", "Jane Roe", "2021-09-29")


def test_first_marked_date_without_a_date_gives_way_to_the_next() -> None:
    body = article("<time datetime='soon'>soon</time><time datetime='2021-09-29T18:45'>29 Sept</time>")
    assert metadata_of(body).published == "2021-09-29T18:45:00"


def test_printed_date_in_a_container_long_only_in_whitespace_is_read() -> None:
    padded = "<span class='post-date'>" + "\n" * 600 + "29 شتنبر 2021 - 18:45" + " " * 600 + "</span>"
    assert metadata_of(article(padded)).published == "2021-09-29T18:45:00"


def test_printed_date_skips_a_long_container_for_the_next_element() -> None:
    long_text = "<div class='timeline'>" + "Events of the week in the harbour. " * 20 + "</div>"
    dated = "<span class='date'>12/09/2021</span>"
    assert metadata_of(article(long_text + dated)).published == "2021-09-12"


@pytest.mark.parametrize("text", [
    "2021-09-29", "2021-09-29T18:45", "2021-09-29t18:45:07z", "2021-09-29 18:45:07.123+0100",
    "2021-02-30T10:00:00Z", "2021-09-29T24:00:00Z", "2021-09-29T23:59:60Z", "1999-12-31T23:59:59-00:00",
    "2021-09-29T18:45:00+05:30", "2021-09-29T18:45:00 +01:00", "2021-9-29", "2150-01-01",
])
def test_strict_iso_reading_matches_the_general_scanner(text: str) -> None:
    # A leading space keeps the text off the strict ISO path: the general scanner reads it.
    for zone in (None, "Africa/Casablanca"):
        assert parse_date(text, default_tz=zone) == parse_date(" " + text, default_tz=zone)


def test_strict_iso_reading_matches_the_general_scanner_on_random_stamps() -> None:
    rng = random.Random(3)
    tails = ["", "Z", "z", "+01:00", "-0430", "+1", ".5Z", ",25+02:00", " GMT", "pm"]
    for _ in range(3000):
        text = (f"{rng.choice(['19', '20', '21'])}{rng.randint(0, 99):02d}-{rng.randint(0, 13):02d}"
                f"-{rng.randint(0, 32):02d}")
        if rng.random() < 0.8:
            text += (f"{rng.choice('Tt ')}{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}"
                     + (f":{rng.randint(0, 61):02d}" if rng.random() < 0.7 else "") + rng.choice(tails))
        zone = rng.choice([None, "+01:00", "Africa/Casablanca"])
        assert parse_date(text, default_tz=zone) == parse_date(" " + text, default_tz=zone), text
