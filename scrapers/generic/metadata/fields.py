"""Article metadata: headline, author, published date, language, site name.

Sources, most trusted first, all language-neutral:

1. schema.org JSON-LD (jsonld.py): the CMS's own statement for search engines;
2. ``<meta>`` tags (OpenGraph, Dublin Core, Parse.ly, ``article:*``, ``author``),
   read in one pass into a dictionary, each value cleaned when it is read;
3. visible markup: ``itemprop``/``rel=author``/byline-named elements for the
   author, ``<time datetime>`` for the date, ``<html lang>`` for the language;
4. the ``<title>``, cut of its site name (title.py), and the ``<h1>``.

Dates go through ``scrapers.dates.parse_date`` so they come out as ISO 8601
whatever the notation (Arabic month names, day-first numerics, RFC 2822).
``source`` is the byline line as the page prints it (``ناظورسيتي: متابعة``),
``author`` the person's name when one is known.

Speed: every ``css()`` call walks the tree, and those walks are most of this
stage's cost. One walk collects the <meta> tags, the JSON-LD scripts and the
first <h1>; the byline and date searches stop at their first candidate when
it holds the answer (see ``byline.visible_byline``). Each shortcut gives
the answer the plain search gives (tests/test_metadata_shortcuts.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ...dates import find_date_in_text, parse_date
from ...nodes import tag_id
from ...page import Page
from ...text import clean, clean_or_none
from .byline import author_name, in_comments, visible_byline
from .jsonld import JsonLdInfo, info_from_scripts
from .title import title_from_document
from .values import clean_at_most, has_text


@dataclass
class Metadata:
    headline: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    source: str | None = None


_TITLE_KEYS = ("dc:title", "dcterm:title", "og:title", "weibo:article:title",
               "weibo:webpage:title", "title", "twitter:title", "parsely-title")
_AUTHOR_KEYS = ("dc:creator", "dcterm:creator", "author", "parsely-author",
                "article:author", "sailthru.author", "byl", "citation_author")
_DATE_KEYS = ("article:published_time", "article:published", "og:published_time",
              "published_time", "datepublished", "parsely-pub-date", "dc:date.issued",
              "dcterms:created", "dc:date", "dcterm:date", "date", "pubdate", "publishdate",
              "publish-date", "publish_date", "sailthru.date", "citation_publication_date",
              "citation_date", "article.published", "originalpublicationdate",
              "displaydate", "dc:date.created", "og:updated_time", "article:modified_time")
# Elements that state the publication date in markup.
_MARKED_DATE = '[itemprop="datePublished"], time[datetime], time[pubdate]'
# Elements whose class/id says they print a date (the last resort) and, after
# them, byline lines, which often end with the date ("بقلم: … — 24 نونبر 2026").
_DATE_SELECTOR = ('[class*="date" i], [id*="date" i], [class*="time" i], '
                  '[class*="publish" i], [class*="posted" i]')
_BYLINE_SELECTOR = '[class*="byline" i]'
MAX_DATE_NODES = 20
MAX_DATE_TEXT = 120
_LANGUAGE_KEYS = ("content-language", "dc:language", "og:locale", "language")
_SITE_KEYS = ("og:site_name", "application-name", "twitter:site", "publisher")


_META_KEY_ATTRS = ("property", "name", "itemprop", "http-equiv")
# One walk of the document finds everything metadata needs from fixed tags:
# the <meta> tags, the JSON-LD scripts and the first <h1> inside <body> (where
# bylines are looked for first). Each css() call walks the whole tree, so one
# call with three selectors costs about a third of three calls. The whole
# document, not just <head>: stray end tags (``</meta>``) make parsers move
# the rest of the head's <meta> into the body.
_WALK = 'meta[content], script[type="application/ld+json"], body h1'
_META_ID, _SCRIPT_ID, _HTML_ID = tag_id("meta"), tag_id("script"), tag_id("html")


def _raw_meta_tags(nodes: list[LexborNode]) -> dict[str, str]:
    """First non-empty ``content`` (not yet cleaned) per normalised key."""
    tags: dict[str, str] = {}
    for node in nodes:
        attrs = node.attributes
        content = attrs.get("content")
        if not content or not has_text(content):
            continue
        for attr in _META_KEY_ATTRS:
            key = attrs.get(attr)
            if key:
                for part in key.lower().split():
                    if "dc" in part:
                        part = part.replace("dc.", "dc:").replace("dcterms.", "dcterm:")
                        part = part.replace("dcterms:", "dcterm:")
                    if part not in tags:
                        tags[part] = content
    return tags


def meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First non-empty ``content`` per lower-cased property/name/itemprop key.

    ``dc.title`` and ``dc:title`` are one key (both spellings are in use).
    """
    # The whole document, not just <head>: stray end tags (``</meta>``) make
    # parsers move the rest of the head's <meta> into the body.
    return {key: clean(value) for key, value in _raw_meta_tags(tree.css("meta[content]")).items()}


class MetaTags:
    """The page's meta tags, each value cleaned when first read: a page has
    ~30 <meta> tags and the extractor reads a handful of them."""

    __slots__ = ("_raw", "_cleaned")

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        self._cleaned: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        value = self._cleaned.get(key)
        if value is None:
            raw = self._raw.get(key)
            if raw is None:
                return None
            value = self._cleaned[key] = clean(raw)
        return value


def _first(tags: MetaTags, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = tags.get(key)
        if value:
            return value
    return None


def _similar(a: str, b: str) -> float:
    """Share of ``b``'s words found in ``a`` (Readability's title similarity)."""
    words_a = set(re.findall(r"\w+", a.lower()))
    words_b = re.findall(r"\w+", b.lower())
    if not words_b:
        return 0.0
    return sum(w in words_a for w in words_b) / len(words_b)


def headline_of(tree: LexborHTMLParser, tags: MetaTags, ld: JsonLdInfo | None) -> str | None:
    if ld and (ld.headline or ld.name):
        if ld.headline and ld.name and ld.headline != ld.name:
            title = title_from_document(tree) or ""
            name_ok = _similar(ld.name, title) > 0.75
            headline_ok = _similar(ld.headline, title) > 0.75
            return ld.headline if headline_ok and not name_ok else ld.name
        return ld.headline or ld.name
    found = _first(tags, _TITLE_KEYS) or title_from_document(tree)
    if found:
        return found
    h1 = tree.css_first("h1")
    return clean_or_none(h1.text()) if h1 is not None else None


def author_of(tags: MetaTags, ld: JsonLdInfo | None,
              byline: str | None) -> str | None:
    if ld and ld.authors:
        return ", ".join(ld.authors)
    for key in _AUTHOR_KEYS:
        name = author_name(tags.get(key))
        if name:
            return name
    return byline


def _prefer_local(first: str, other: str | None) -> str:
    """Of two notations of the same instant, the one in the publisher's own
    offset: a UTC timestamp can fall on the next or previous calendar day."""
    if not other or other == first or not first.endswith("+00:00"):
        return first
    try:
        same = datetime.fromisoformat(first) == datetime.fromisoformat(other)
    except ValueError:
        return first
    return other if same else first


def published_of(tree: LexborHTMLParser, tags: MetaTags, ld: JsonLdInfo | None) -> str | None:
    candidates = chain((ld.published if ld else None,), (tags.get(key) for key in _DATE_KEYS))
    for value in candidates:
        iso = parse_date(value) if value else None
        if iso:
            meta = tags.get("article:published_time")
            return _prefer_local(iso, parse_date(meta) if meta else None)
    # The first marked element nearly always carries the date: css_first stops
    # there, and the full list (a walk of the whole tree) is built only if not.
    first = tree.css_first(_MARKED_DATE)
    if first is not None:
        iso = _marked_date(first)
        if iso:
            return iso
        for node in tree.css(_MARKED_DATE)[1:]:
            iso = _marked_date(node)
            if iso:
                return iso
    return printed_date(tree)


def _marked_date(node: LexborNode) -> str | None:
    """The date an element marks up, unless it sits in a comment thread (each
    comment's ``<time datetime>`` is the comment's date, not the article's)."""
    attrs = node.attributes
    iso = parse_date(attrs.get("datetime") or attrs.get("content") or node.text())
    return iso if iso and not in_comments(node) else None


def printed_date(tree: LexborHTMLParser) -> str | None:
    """Last resort: a date printed in a date/time-named element ("الأربعاء 29
    شتنبر 2021 - 18:45"), the first in document order outside comments; if
    none has one, a date at the end of a byline line.

    The first such element usually holds the date: ``css_first`` stops there,
    and the full list (a walk of the whole body) is built only when it does not.
    """
    root = tree.body
    if root is None:
        return None
    for selector in (_DATE_SELECTOR, _BYLINE_SELECTOR):
        iso = _first_printed_date(root, selector)
        if iso:
            return iso
    return None


def _first_printed_date(root: LexborNode, selector: str) -> str | None:
    first = root.css_first(selector)
    if first is None:
        return None
    iso = _date_printed_in(first)
    if iso:
        return iso
    for node in root.css(selector)[1:MAX_DATE_NODES]:
        iso = _date_printed_in(node)
        if iso:
            return iso
    return None


def _date_printed_in(node: LexborNode) -> str | None:
    text = clean_at_most(node.text(deep=True), MAX_DATE_TEXT)
    if text and not in_comments(node):
        return find_date_in_text(text)
    return None


def language_of(tree: LexborHTMLParser, tags: MetaTags, ld: JsonLdInfo | None) -> str | None:
    # The document element, which the HTML parser always makes ``<html>``: what
    # ``css_first("html")`` finds first, without compiling a selector.
    html = tree.root
    if html is None or html.tag_id != _HTML_ID:
        html = tree.css_first("html")
    attrs = html.attributes if html is not None else {}
    for value in (attrs.get("lang"), attrs.get("xml:lang"),
                  ld.language if ld else None, _first(tags, _LANGUAGE_KEYS)):
        code = (value or "").strip().replace("_", "-").split("-")[0].lower()
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    return None


def extract_metadata(page: Page) -> Metadata:
    tree = page.tree
    metas: list[LexborNode] = []
    scripts: list[LexborNode] = []
    first_h1: LexborNode | None = None
    for node in tree.css(_WALK):
        tag_id = node.tag_id
        if tag_id == _META_ID:
            metas.append(node)
        elif tag_id == _SCRIPT_ID:
            scripts.append(node)
        elif first_h1 is None:
            first_h1 = node
    tags = MetaTags(_raw_meta_tags(metas))
    ld = info_from_scripts(scripts) if scripts else None
    site_name = (ld.publisher if ld and ld.publisher else None) or _first(tags, _SITE_KEYS)
    source, byline_author = visible_byline(tree, site_name, first_h1=first_h1)
    return Metadata(
        headline=headline_of(tree, tags, ld),
        author=author_of(tags, ld, byline_author),
        published=published_of(tree, tags, ld),
        language=language_of(tree, tags, ld),
        site_name=site_name,
        source=source,
    )
