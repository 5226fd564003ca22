"""Which subtrees the body stage must not read: chrome, hidden nodes, widgets.

Decided per element during the block walk (blocks.py), from the tag and
the attributes only, so the check costs one dictionary look-up per element:

- *structural* chrome: ``nav``, ``aside``, ``footer``, buttons, embedded
  frames, figures (their captions and credits are not article text) and ARIA
  roles — the HTML5 vocabulary for "not the article",
  identical in every language (``header`` and ``form`` are soft, below: some
  templates wrap the whole page in one);
- *hidden* nodes (``hidden``, ``aria-hidden``, inline ``display:none``);
- *widget* class/id names that web templates share whatever the page's language
  (``comment``, ``share``, ``related``, ``sidebar``, ``newsletter``...). These
  are "soft": the body stage leaves them out unless that leaves no prose at all
  (a template that names its main wrapper ``page-with-sidebar`` must not lose the
  article). ``<article>``/``<main>``/``<body>`` are never widgets.
"""
from __future__ import annotations

import re

KEEP = 0
SOFT = 1
HARD = 2

STRUCTURAL_TAGS = frozenset({"nav", "aside", "footer", "button", "select",
                             "textarea", "iframe", "dialog", "menu", "input", "label",
                             "figure", "figcaption"})
# Usually chrome, but some templates wrap the whole page in one (ASP.NET's <form>).
SOFT_TAGS = frozenset({"header", "form"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "dialog",
                           "alert", "menu", "menubar", "search", "toolbar"})
KEEP_TAGS = frozenset({"body", "html", "article", "main"})
_WIDGET_WORDS = (
    "comment", "disqus", "share", "sharing", "social", "related", "sidebar", "widget",
    "newsletter", "subscribe", "signup", "promo", "sponsor", "advert", "banner",
    "breadcrumb", "pagination", "pager", "popup", "modal", "cookie", "gdpr", "footer",
    "masthead", "navbar", "menu", "toolbar", "recommend", "trending", "most-read",
    "mostread", "most-popular", "outbrain", "taboola", "print-only", "screen-reader",
    "sr-only", "visually-hidden", "visuallyhidden", "byline", "dateline", "author-info",
    "author-bio", "keywords", "caption", "credit", "skip-link", "reaction",
    "more-news", "login", "paywall", "donate", "post-meta", "entry-meta",
    "partage", "publicite", "compartir",
    "article-meta",
)
# The post's own element, named by the hAtom microformat ("hentry") or by
# WordPress's post_class() ("type-post"): never a widget, although the same
# class list names the post's categories and tags ("tag-ads", "custom_tags-x",
# "category-comment"), which would read as widget names.
_ENTRY_TOKENS = frozenset({"hentry", "type-post", "type-page"})
# Whole class tokens (too short to match as substrings).
_WIDGET_TOKENS = frozenset({"ad", "ads", "advertisement", "meta", "tags", "share", "dfp"})


def _trie_pattern(words: tuple[str, ...] | frozenset[str]) -> str:
    """One regex alternation shaped as a prefix tree: Python's ``re`` then
    rejects a position on its first character instead of trying every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body
    return build(trie)


_WIDGET_RE = re.compile(_trie_pattern(_WIDGET_WORDS))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_cache: dict[str, bool] = {}


def _is_widget_name(names: str) -> bool:
    """Whether a "class id" string names a widget. Memoised: templates repeat names."""
    known = _cache.get(names)
    if known is None:
        lowered = names.lower().replace("commentary", "")  # an opinion column, not comments
        # Whole tokens: the names split at whitespace, "_" and "-".
        known = (_WIDGET_RE.search(lowered) is not None
                 or not _WIDGET_TOKENS.isdisjoint(lowered.replace("_", " ").replace("-", " ").split()))
        if known and not _ENTRY_TOKENS.isdisjoint(lowered.split()):
            known = False  # the post itself, whatever its taxonomy slugs say
        if len(_cache) > 100_000:
            _cache.clear()
        _cache[names] = known
    return known


# What the tag alone decides (``classify`` looks no further for these tags).
TAG_KIND: dict[str, int] = {**{t: HARD for t in STRUCTURAL_TAGS}, **{t: SOFT for t in SOFT_TAGS}}


def classify(tag: str, attrs: dict[str, str | None]) -> int:
    """KEEP, SOFT (widget-named) or HARD (chrome, hidden) for one element."""
    kind = TAG_KIND.get(tag)
    if kind is not None:
        return kind
    if not attrs or tag in KEEP_TAGS:
        return KEEP
    return classify_attributes(attrs)


# The attributes that can make an element chrome whatever its names.
HIDING_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "role", "style"})
# Kind of an element by its class when no other attribute ``classify_attributes``
# reads is present (no id, none of HIDING_ATTRIBUTES): most classified elements
# are such, and their class strings recur, so one dictionary look-up replaces
# the whole ``classify_attributes`` call.
CLASS_ONLY_KIND: dict[str, int] = {}


def clear_memos() -> None:
    """Forget the remembered verdicts on class/id strings (``_is_widget_name``,
    ``CLASS_ONLY_KIND``): results never depend on them, only the time does."""
    _cache.clear()
    CLASS_ONLY_KIND.clear()


def classify_class_only(value: str) -> int:
    """``classify_attributes({"class": value})``, remembered in ``CLASS_ONLY_KIND``:
    also the kind of any element with this class, no id and no hiding attribute
    (``classify_attributes`` reads no other attribute)."""
    kind = SOFT if value and _is_widget_name(f"{value} ") else KEEP
    if len(CLASS_ONLY_KIND) > 100_000:
        CLASS_ONLY_KIND.clear()
    CLASS_ONLY_KIND[value] = kind
    return kind


def classify_attributes(attrs: dict[str, str | None]) -> int:
    """``classify`` for a tag that does not decide by itself (``TAG_KIND``)
    and is not ``body``/``html``/``article``/``main``, with attributes."""
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("role") in _CHROME_ROLES:
        return HARD
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return HARD
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return SOFT if len(names) > 1 and _is_widget_name(names) else KEEP
