"""Related / "more news" link blocks (baseline)."""
from __future__ import annotations

from ..page import Page
from ..record import RelatedLink
from ..text import clean
from ..urls import absolute


def extract_related(page: Page) -> list[RelatedLink]:
    links: list[RelatedLink] = []
    seen: set[str] = set()
    for a in page.tree.css(".related a[href], .related-posts a[href], .more-news a[href]"):
        url = absolute(page.base_url, a.attributes.get("href"))
        title = clean(a.text())
        if url and title and url not in seen:
            seen.add(url)
            links.append(RelatedLink(title=title, url=url))
    return links
