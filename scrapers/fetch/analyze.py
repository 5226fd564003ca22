"""One fetched HTML page, read once: its article, its links, and the evidence for judging it.

Pure and picklable both ways (bytes and strings in, dataclasses out), so the
crawler can run it in a worker process (``pool.py``) and keep its event loop
for the network. The page is extracted under the limits of
``scrapers.limits`` and parsed once more (with the same caps) for its links
and its structure: what ``verdict.decide`` needs to tell an article from a
listing without trusting the URL.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..decode import decode_html
from ..limits import ExtractionLimit, bounded_extract, parse_capped
from ..record import Article
from ..text import clean
from ..urls import absolute, normalize_url
from .classify import LISTING, SKIP, classify_url, is_taxonomy_url
from .discover import PageLinks, links_of_tree
from .paging import is_comment_page_of, is_pagination_of
from .scope import site_key
from .teasers import teaser_share

# The page calls itself an article: Open Graph, article:* meta, schema.org types.
_ARTICLE_MARKUP = re.compile(
    rb"og:type[\"']?\s+content=[\"']?article|article:published_time|"
    rb"schema\.org/(News|Blog|Report|Scholarly|Tech)?Article|"
    rb"\"@type\"\s*:\s*\"(News|Blog|Report)?(Article|Posting)\"", re.IGNORECASE)
# ...or a collection of other pages.
_LISTING_MARKUP = re.compile(
    rb"\"@type\"\s*:\s*\"(CollectionPage|ItemList|SearchResultsPage)\"|"
    rb"schema\.org/(CollectionPage|ItemList|SearchResultsPage)", re.IGNORECASE)
# Page furniture: teasers here are a sidebar's, not the page's own content.
_CHROME_TAGS = frozenset({"nav", "aside"})
_CHROME_NAMES = re.compile(r"sidebar|widget|related|menu|breadcrumb|site-footer|site-header|"
                           r"masthead|\bnav\b|navbar|navigation|popular|most-read|trending|share",
                           re.IGNORECASE)
MIN_TITLE_CHARS = 20      # a link text long enough to be another story's headline
MIN_SUMMARY_CHARS = 40    # a teaser's summary, beside its headline
_BLOCKS = "p, li, dd, td, blockquote, div"
MAX_TEASER_CHARS = 900    # a teaser is small; a container beyond this holds more than one


def has_article_markup(content: bytes) -> bool:
    return bool(_ARTICLE_MARKUP.search(content[:131072]))


@dataclass
class Evidence:
    """What the page itself says about being an article or a listing (see ``verdict``)."""

    body_chars: int = 0
    headline: bool = False
    dated: bool = False
    comments: int = 0
    markup: bool = False            # article markup (Open Graph, schema.org)
    listing_markup: bool = False    # CollectionPage / ItemList markup
    teaser_share: float = 0.0       # share of the body sitting in teasers linking elsewhere
    headline_elsewhere: str | None = None  # the headline is a link to this other page
    own_headline: bool = False      # a heading with the headline, linking nowhere else
    teasers: int = 0                # other stories in the main content with a summary
    teaser_chars: int = 0           # ...the text of those summaries
    titles: int = 0                 # other stories' headline links in the main content
    title_chars: int = 0
    heading_links: int = 0          # headings (h1-h4) linking each to another story
    heading_chars: int = 0          # ...the text of those headings
    owned_share: float = 0.0        # share of the body under headings linking to other pages
    body_elsewhere: str | None = None  # ...the first of those pages

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class PageAnalysis:
    """Everything the crawler needs from one HTML page."""

    article: Article | None = None
    problem: str | None = None      # why the page could not be read (one line)
    links: PageLinks = field(default_factory=lambda: PageLinks([], []))
    next_pages: list[str] = field(default_factory=list)     # pagination of this page
    comment_pages: list[str] = field(default_factory=list)  # more comments of this article
    evidence: Evidence = field(default_factory=Evidence)


def analyze_page(content: bytes, url: str, charset: str | None = None,
                 requested: str | None = None) -> PageAnalysis:
    """Extract, collect links and weigh the evidence of one page (``url``: where it ended up)."""
    try:
        bounded = bounded_extract(content, url, http_charset=charset)
    except ExtractionLimit as exc:
        return PageAnalysis(problem=str(exc))
    except (ValueError, UnicodeError) as exc:
        return PageAnalysis(problem=f"cannot extract the page ({exc})")
    except Exception as exc:  # noqa: BLE001 - a bug in one extractor must not end a cron run
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return PageAnalysis(problem=f"extraction failed ({message}); please report this page")
    article = bounded.article
    tree = parse_capped(decode_html(content, charset))[1]  # the same caps as extraction
    selves = {normalize_url(u) for u in (url, requested, article.url) if u and u.startswith("http")}
    links = links_of_tree(tree, url)
    next_pages = [u for u in links.links if is_pagination_of(u, url)]
    next_pages += [u for u in links.next if u not in next_pages and u not in selves]
    comment_pages = [u for u in links.links if is_comment_page_of(u, url)]
    evidence = _evidence(tree, article, content, url, selves)
    return PageAnalysis(article, None, links, next_pages, comment_pages, evidence)


def _squash(text: str | None) -> str:
    return "".join((text or "").split()).lower()


def _longer_than(text: str, limit: int) -> bool:
    """More than ``limit`` characters once whitespace is dropped (cheap for long texts)."""
    if len(text) <= limit:
        return False
    if len(text) > 4 * limit + 400:  # whitespace does not make up three quarters of a text
        return True
    return len(_squash(text)) > limit


def _evidence(tree: LexborHTMLParser, article: Article, content: bytes, url: str,
              selves: set[str]) -> Evidence:
    ev = Evidence(body_chars=len(article.body.strip()), headline=bool(article.headline),
                  dated=bool(article.published), comments=len(article.comments),
                  markup=has_article_markup(content),
                  listing_markup=bool(_LISTING_MARKUP.search(content[:262144])))
    if article.body:
        ev.teaser_share = teaser_share(tree, url, article.body)
    _headline_evidence(tree, article.headline, url, selves, ev)
    own = [_squash(p)[:60] for p in article.body.split("\n\n") if len(p) >= MIN_SUMMARY_CHARS]
    related = {normalize_url(r.url) for r in article.related if r.url.startswith("http")}
    memo: dict[int, bool] = {}  # page furniture, per element
    _teaser_evidence(tree, url, selves, own, related, ev, memo)
    ev.owned_share, ev.body_elsewhere = _owned_text(tree, article.body, url, selves, memo)
    return ev


def _other_page(href: str | None, base: str, selves: set[str]) -> str | None:
    """The normalised in-site page a link points to, unless it is this page, the site's
    home page (the site name links there) or not a page."""
    target = _page_target(base, href) if href else None
    if target is None or target in selves or _address(target) in _addresses(selves):
        return None
    return target


@functools.lru_cache(maxsize=8192)
def _page_target(base: str, href: str) -> str | None:
    """``href`` resolved and normalised, if it is an in-site page other than the home page."""
    target = absolute(base, href)
    if not target:
        return None
    target = normalize_url(target)
    parts = urlsplit(target)
    if site_key(target) != site_key(base) or classify_url(target) == SKIP \
            or (parts.path in ("", "/") and not parts.query):
        return None
    return target


def _address(url: str) -> str:
    """Path and query: a page's own link, written relative, on a copy served elsewhere."""
    parts = urlsplit(url)
    return (parts.path or "/").rstrip("/") + ("?" + parts.query if parts.query else "")


def _addresses(selves: set[str]) -> frozenset[str]:
    return _addresses_of(frozenset(selves))


@functools.lru_cache(maxsize=256)
def _addresses_of(selves: frozenset[str]) -> frozenset[str]:
    return frozenset(_address(u) for u in selves)


def _same_title(text: str, headline: str) -> bool:
    """``text`` is the headline, allowing for a site name or section added around one of them."""
    if len(text) < 4:
        return False
    if text == headline:
        return True
    shorter, longer = sorted((text, headline), key=len)
    return shorter in longer and len(shorter) >= 0.6 * len(longer)


def _headline_evidence(tree: LexborHTMLParser, headline: str | None, url: str,
                       selves: set[str], ev: Evidence) -> None:
    """Is the headline this page's own, or a link to another page (an archive's first entry)?"""
    wanted = _squash(headline)
    if len(wanted) < 4:
        return
    for link in tree.css("a[href]"):
        if _same_title(_squash(link.text()), wanted):
            target = _other_page(link.attributes.get("href"), url, selves)
            # A link to a story (not a tag or section named like the headline).
            if target and not is_comment_page_of(target, url) and classify_url(target) != LISTING \
                    and not is_taxonomy_url(target):
                ev.headline_elsewhere = target
                return
    for heading in tree.css("h1, h2, h3"):
        text = _squash(heading.text())
        if _same_title(text, wanted) or heading.tag == "h1" and len(text) >= 10 and (
                text in wanted or wanted in text):
            ev.own_headline = True
            return


def _in_chrome(node: LexborNode, memo: dict[int, bool] | None = None) -> bool:
    """Inside the page's furniture: navigation, sidebars, related blocks, the site's
    header or footer (an article's or a teaser's own ``<header>`` is not furniture).
    ``memo`` remembers, per element, whether it is furniture itself (one walk per page)."""
    parent = node.parent
    framing = False  # inside a <header>/<footer>: furniture unless it belongs to an article
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag in ("article", "main"):
            framing = False
            break
        if parent.tag in ("header", "footer"):
            framing = True
        elif _is_chrome(parent, memo):
            return True
        parent = parent.parent
    return framing


def _is_chrome(element: LexborNode, memo: dict[int, bool] | None) -> bool:
    key = element.mem_id
    if memo is not None and key in memo:
        return memo[key]
    names = (element.attributes.get("class") or "") + " " + (element.attributes.get("id") or "")
    chrome = element.tag in _CHROME_TAGS or bool(names.strip() and _CHROME_NAMES.search(names))
    if memo is not None:
        memo[key] = chrome
    return chrome


def _teaser_evidence(tree: LexborHTMLParser, url: str, selves: set[str], own: list[str],
                     related: set[str], ev: Evidence, memo: dict[int, bool]) -> None:
    """Other stories presented in the page's main content: headline links (with or without
    summaries), and headings that link to another story (not counting the article's own
    related-stories block, as the extractor found it)."""
    seen: set[str] = set()
    for link in tree.css("a[href]"):
        title = clean(link.text())
        heading = _in_heading(link)
        if not title or not heading and (len(title) < MIN_TITLE_CHARS or len(title.split()) < 3):
            continue
        target = _other_page(link.attributes.get("href"), url, selves)
        if not target or target in seen or is_pagination_of(target, url) \
                or is_comment_page_of(target, url) or _in_chrome(link, memo):
            continue
        seen.add(target)
        if heading and target not in related:
            ev.heading_links += 1
            ev.heading_chars += len(title)
        if len(title) < MIN_TITLE_CHARS:
            continue
        ev.titles += 1
        ev.title_chars += len(title)
        summary = _summary_chars(link, target, url, selves, len(_squash(title)), own)
        if summary:
            ev.teasers += 1
            ev.teaser_chars += summary


def _owned_text(tree: LexborHTMLParser, body: str, url: str, selves: set[str],
                memo: dict[int, bool]) -> tuple[float, str | None]:
    """Share of the body shown as other pages' stories, and the first such page.

    A paragraph belongs to another page when the nearest heading before it, in
    a small container, links to that page: a post on an archive page, a story
    on a section page. On an article page the nearest heading is its own
    headline (no link), and a section label above the headline is not nearest.
    """
    paragraphs = [p for p in body.split("\n\n") if len(p) >= MIN_SUMMARY_CHARS]
    if not paragraphs:
        return 0.0, None
    nodes: dict[str, LexborNode] = {}
    for node in tree.css(_BLOCKS):
        nodes.setdefault(_squash(node.text()[:400])[:60], node)
    owned, first = 0, None
    for paragraph in paragraphs:
        found = nodes.get(_squash(paragraph)[:60])
        owner = _owner(found, len(paragraph), url, selves, memo) if found is not None else None
        if owner:
            owned += len(paragraph)
            first = first or owner
    return owned / sum(len(p) for p in paragraphs), first


def _owner(start: LexborNode, size: int, url: str, selves: set[str],
           memo: dict[int, bool]) -> str | None:
    container = start.parent
    for _ in range(6):
        if container is None or container.tag in ("body", "html"):
            return None
        if _longer_than(container.text(), size + MAX_TEASER_CHARS * 3):
            return None
        candidate: str | None = None
        for node in container.traverse():
            if node.mem_id == start.mem_id:
                break
            if node.tag in ("h1", "h2", "h3", "h4") and not _in_chrome(node, memo):
                candidate = None
                for link in node.css("a[href]"):
                    target = _other_page(link.attributes.get("href"), url, selves)
                    if target and not is_comment_page_of(target, url):
                        candidate = target
        if candidate:
            return candidate
        container = container.parent
    return None


def _in_heading(link: LexborNode) -> bool:
    node: LexborNode | None = link
    for _ in range(3):
        if node is None:
            return False
        if node.tag in ("h1", "h2", "h3", "h4"):
            return True
        node = node.parent
    return False


def _summary_chars(link: LexborNode, target: str, url: str, selves: set[str], title: int,
                   own: list[str]) -> int:
    """Characters of summary in the small container around a headline link (0: none).

    A container holding the page's own text (``own``: its body paragraphs) is
    the article, not a teaser; nor is one holding another story's headline link.
    """
    container = link.parent
    for _ in range(4):
        if container is None or container.tag in ("body", "html", "main"):
            return 0
        raw = container.text()
        if _longer_than(raw, MAX_TEASER_CHARS):
            return 0
        squashed = _squash(raw)
        text = len(squashed)
        if any(p in squashed for p in own):
            return 0
        others = {_other_page(a.attributes.get("href"), url, selves)
                  for a in container.css("a[href]")} - {None, target}
        if others and any(len(clean(a.text())) >= MIN_TITLE_CHARS for a in container.css("a[href]")
                          if _other_page(a.attributes.get("href"), url, selves) in others):
            return 0  # the container holds another story too: not one teaser
        if text - title >= MIN_SUMMARY_CHARS:
            return text - title
        container = container.parent
    return 0
