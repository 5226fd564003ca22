"""Article metadata from JSON-LD, OpenGraph, ``<meta>`` and visible markup (baseline)."""
from __future__ import annotations

from dataclasses import dataclass

from ..dates import parse_date
from ..page import Page
from ..text import clean_or_none


@dataclass
class Metadata:
    headline: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    source: str | None = None


def _meta(page: Page, *selectors: str) -> str | None:
    for selector in selectors:
        node = page.tree.css_first(selector)
        if node is not None:
            value = clean_or_none(node.attributes.get("content"))
            if value:
                return value
    return None


def extract_metadata(page: Page) -> Metadata:
    tree = page.tree
    h1 = tree.css_first("h1")
    title = tree.css_first("title")
    headline = (_meta(page, 'meta[property="og:title"]')
                or (clean_or_none(h1.text()) if h1 else None)
                or (clean_or_none(title.text()) if title else None))
    html_node = tree.css_first("html")
    lang = html_node.attributes.get("lang") if html_node else None
    published = _meta(page, 'meta[property="article:published_time"]', 'meta[name="date"]')
    if not published:
        node = tree.css_first("time[datetime]")
        published = node.attributes.get("datetime") if node else None
    return Metadata(
        headline=headline,
        author=_meta(page, 'meta[name="author"]', 'meta[property="article:author"]'),
        published=parse_date(published) if published else None,
        language=(lang or "").split("-")[0].lower() or None,
        site_name=_meta(page, 'meta[property="og:site_name"]'),
    )
