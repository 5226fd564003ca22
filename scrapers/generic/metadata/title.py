"""The headline from the document's ``<title>`` when no metadata gives one.

``<title>`` usually carries the site name (``Headline | Site``, ``Site - Headline``,
``Section » Headline``). The cut follows Mozilla Readability's rules, which are
language-neutral (separators and word counts, no vocabulary): cut at the last
hierarchical separator, or after the first one if that leaves under three words;
for ``Site: Headline`` keep the part after the colon unless a heading repeats the
whole title; a title that is too short or too long gives way to the page's only
``<h1>``; and a cut leaving four words or fewer is undone.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from ...text import clean

# En and em dashes too: WordPress writes "Headline &#8211; Site" (as Readability.js does).
_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
_SEPARATOR_CHARS = re.compile(r"[|\-–—\\/>»]+")
_FIRST_PART = re.compile(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]")


def _words(text: str) -> int:
    return len(text.split())


def _colon_title(tree: LexborHTMLParser, title: str) -> str:
    headings = tree.css("h1, h2")
    if any(clean(h.text()) == title for h in headings):
        return title
    after_last = title[title.rfind(":") + 1:]
    if _words(after_last) < 3:
        return title[title.find(":") + 1:]
    if _words(title[:title.find(":")]) > 5:
        return title
    return after_last


def title_from_document(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("title")
    original = clean(node.text()) if node is not None else ""
    if not original:
        return None
    title, hierarchical = original, False
    separators = list(_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHICAL.search(original))
        title = original[:separators[-1].start()]
        if _words(title) < 3:
            title = _FIRST_PART.sub("", original, count=1)
    elif ": " in original:
        title = _colon_title(tree, original)
    elif len(original) > 150 or len(original) < 15:
        h1s = tree.css("h1")
        if len(h1s) == 1:
            title = clean(h1s[0].text()) or original
    title = clean(title)
    words = _words(title)
    if words <= 4 and (not hierarchical
                       or words != _words(_SEPARATOR_CHARS.sub("", original)) - 1):
        title = original
    return title
