"""After fetching: is the page an article to archive, or a listing to follow? The page decides.

The URL's shape (``classify.py``) only orders the crawl queue; here it is at
most a tie-breaker. The rules, in order (``decide``), each with the reason
that ``--log-json`` events and ``akhbar explain`` print:

1. Too little text (under ``MIN_ARTICLE_BODY`` characters, no comments): not
   an article (an error page, a login wall, a list of bare links).
2. The extracted "body" is itself a column of teasers, each linking to its own
   story (``teasers.teaser_share``), or most of it sits under headings that
   link to other pages (an archive page showing posts, a month archive with
   one post): a listing.
3. The page says it is an article (Open Graph / schema.org markup) or carries
   a comment thread: an article.
4. The extracted headline is a link to another story: a page showing that
   story, a listing.
5. Other stories' teasers (headline link + summary) in the main content, at
   least ``MIN_TEASERS`` of them, outweigh the body: a listing (a section page
   with an intro paragraph).
6. The site's own feed or news sitemap lists the page (``declared``): an
   article. Otherwise, ``MANY_TITLES`` headings each linking to another story
   (outside the related-stories block), longer together than the page's own
   text, on a page whose URL does not look like an article's: a listing (a
   "more stories" block under an article has fewer).
7. Otherwise points: a date, the headline over the body, a long body, an
   article-shaped URL and a URL shaped like those of articles already archived
   from the site (``/news/N.html``: the site's own pattern, learned) for;
   listing markup, many headline links in the main content, the site's root
   and a listing-shaped URL against. A tie goes to the article when the page
   has its own headline and the URL is not listing-shaped.

Thresholds are structural and the same for every site.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..record import Article
from .analyze import Evidence, analyze_page, has_article_markup
from .classify import ARTICLE, LISTING
from .client import Fetched

MIN_ARTICLE_BODY = 80      # a short news item (one paragraph) still counts
LONG_BODY = 400            # long enough to read like an article on its own
MAX_TEASER_SHARE = 0.5     # half the "body" in teasers linking elsewhere: a listing
MIN_TEASERS = 3            # a listing shows several other stories, each with a summary
MIN_SIBLINGS = 1           # archived articles of the site whose URLs have this URL's shape
MANY_TITLES = 6            # headline links in the main content that weigh like a listing

__all__ = ["Verdict", "decide", "extract_fetched", "has_article_markup", "older_than"]


@dataclass(frozen=True)
class Verdict:
    article: bool
    reason: str
    weak: bool = False  # decided by points (rule 7): new evidence may overturn it


def decide(ev: Evidence, url_kind: str = "unknown", declared: bool = False,
           root: bool = False, siblings: int = 0) -> Verdict:
    """Judge one page from its ``Evidence`` (see the module docstring for the rules)."""
    if ev.body_chars < MIN_ARTICLE_BODY and not ev.comments:
        return Verdict(False, f"too little text for an article ({ev.body_chars} characters)")
    if ev.teaser_share >= MAX_TEASER_SHARE:
        return Verdict(False, f"the text is teasers of other pages ({ev.teaser_share:.0%})")
    if ev.owned_share >= MAX_TEASER_SHARE:
        return Verdict(False, f"{ev.owned_share:.0%} of its text is shown under headings linking "
                              f"to other pages ({ev.body_elsewhere}...)")
    if ev.markup or ev.comments:
        what = "article markup" if ev.markup else f"{ev.comments} comments"
        return Verdict(True, f"{what}, {ev.body_chars} characters of text")
    if ev.headline_elsewhere:
        return Verdict(False, f"its headline links to another page ({ev.headline_elsewhere})")
    if ev.teasers >= MIN_TEASERS and ev.teaser_chars > ev.body_chars:
        return Verdict(False, f"{ev.teasers} teasers of other stories ({ev.teaser_chars} characters) "
                              f"outweigh its own text ({ev.body_chars})")
    if declared:
        return Verdict(True, f"listed by the site's feed or sitemap, {ev.body_chars} characters")
    if ev.heading_links >= MANY_TITLES and ev.heading_chars > ev.body_chars and url_kind != ARTICLE:
        return Verdict(False, f"{ev.heading_links} headings link to other stories")
    return _by_points(ev, url_kind, root, siblings)


def _by_points(ev: Evidence, url_kind: str, root: bool, siblings: int) -> Verdict:
    pro = [name for name, present in (
        ("dated", ev.dated), ("its own headline", ev.own_headline),
        (f"{ev.body_chars} characters", ev.body_chars >= LONG_BODY),
        ("article-shaped URL", url_kind == ARTICLE),
        (f"URL shaped like {siblings} archived articles'", siblings >= MIN_SIBLINGS)) if present]
    con = [(name, weight) for name, weight, present in (
        ("listing markup", 2, ev.listing_markup),
        (f"{ev.titles} headline links", 2, ev.titles >= MANY_TITLES and ev.title_chars > ev.body_chars),
        ("the site's root", 2, root), ("listing-shaped URL", 1, url_kind == LISTING)) if present]
    score = len(pro) - sum(weight for _, weight in con)
    article = score > 0 or (score == 0 and ev.own_headline and url_kind != LISTING)
    against = ", ".join(name for name, _ in con) or "nothing"
    return Verdict(article, f"for: {', '.join(pro) or 'nothing'}; against: {against}", weak=True)


async def extract_fetched(fetched: Fetched) -> tuple[Article | None, str | None]:
    """Extract one fetched page in this thread, under the limits of ``scrapers.limits``:
    (article, None) or (None, the one-line reason). What ``--jobs 1`` does for each page."""
    analysis = analyze_page(fetched.content, fetched.final_url, fetched.charset, fetched.url)
    return analysis.article, analysis.problem


def older_than(published: str | None, since: str) -> bool:
    """True if ``published`` (ISO) is known and before the ``since`` date."""
    if not published:
        return False
    return published[:10] < since[:10]
