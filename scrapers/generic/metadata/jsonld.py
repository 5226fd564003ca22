"""Schema.org JSON-LD: the article's own statement of its metadata.

News CMSs publish ``<script type="application/ld+json">`` for search engines;
when present it is the most reliable source for headline, author, dates and
publisher, in any language. This module only reads it: ``article_info`` finds
the article object (``NewsArticle``, ``BlogPosting``... possibly inside
``@graph`` or a list) and returns its fields as plain strings.

Real pages hold broken JSON (trailing commas, raw newlines in strings, HTML
comments around the object); those are repaired when cheap, else skipped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ...text import clean

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "report", "socialmediaposting", "liveblogposting", "posting",
    "discussionforumposting", "review", "medicalwebpage", "creativework", "webpage",
    "itempage", "aboutpage", "qapage", "collectionpage"})
# Types that are pages rather than articles: used only when no article type is found.
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "qapage", "collectionpage",
                         "creativework", "medicalwebpage"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# CDATA sections and HTML comments some CMSs wrap the JSON in.
_OPENERS = ("//<![CDATA[", "<![CDATA[", "<!--")
_CLOSERS = ("//]]>", "]]>", "-->")


@dataclass
class JsonLdInfo:
    headline: str | None = None
    name: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    language: str | None = None


def _unwrap(raw: str) -> str:
    raw = raw.strip()
    for opener in _OPENERS:
        if raw.startswith(opener):
            raw = raw[len(opener):].lstrip()
            break
    for closer in _CLOSERS:
        if raw.endswith(closer):
            raw = raw[:-len(closer)].rstrip()
            break
    return raw


def _load(raw: str) -> Any:
    raw = _unwrap(raw)
    try:
        return json.loads(raw)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", raw.replace("\n", " ").replace("\t", " ")))
    except ValueError:
        return None


def _objects(data: Any, depth: int = 0):
    """Every dict in the data, top level first (``@graph``, lists, ``mainEntity``)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _objects(data[key], depth + 1)


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower().rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)):
        value = str(value)
    return clean(value) or None if isinstance(value, str) else None


def _names(value: Any) -> list[str]:
    """Author names from a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


_ARTICLE_ONLY_TYPES = _ARTICLE_TYPES - _PAGE_TYPES
_ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization"})


def _pick(typed: list[tuple[dict, set[str]]]) -> dict | None:
    articles = [o for o, types in typed if types & _ARTICLE_ONLY_TYPES]
    pages = [o for o, types in typed if types & _PAGE_TYPES]
    for group in (articles, pages):
        # the richest object: the one with a headline and a date beats a stub
        if group:
            return max(group, key=lambda o: ("headline" in o) + ("datePublished" in o)
                       + ("author" in o))
    return None


def article_info(tree: LexborHTMLParser) -> JsonLdInfo | None:
    """The JSON-LD article object's fields, or None if the page has none."""
    return info_from_scripts(tree.css('script[type="application/ld+json"]'))


def info_from_scripts(scripts: list[LexborNode]) -> JsonLdInfo | None:
    """``article_info`` for scripts already found (in document order): the
    metadata stage collects them in the same tree walk as the <meta> tags."""
    typed: list[tuple[dict, set[str]]] = []  # each object with its @type names
    for script in scripts:
        data = _load(script.text(deep=True) or "")
        if data is not None:
            typed.extend((obj, _types(obj)) for obj in _objects(data))
    obj = _pick(typed)
    if obj is None:
        return None
    publisher = obj.get("publisher")
    if publisher is None:
        publisher = next((o.get("name") for o, types in typed if types & _ORGANIZATION_TYPES),
                         None)
    return JsonLdInfo(
        headline=_text(obj.get("headline")), name=_text(obj.get("name")),
        authors=_names(obj.get("author") or obj.get("creator")),
        published=_text(obj.get("datePublished") or obj.get("dateCreated")),
        modified=_text(obj.get("dateModified")),
        publisher=_text(publisher),
        language=_text(obj.get("inLanguage")))
