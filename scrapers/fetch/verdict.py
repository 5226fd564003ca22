"""After fetching: extract the page, and decide whether it is an article to archive.

A URL's shape is only a guess (``classify.py``); the page itself decides. An
article-shaped URL is stored if extraction found some body text; a page of
unknown kind if it reads like an article (a headline over a body long enough
to be one, or a shorter dated one); a listing-shaped page only if it also
carries a publication date — otherwise it is a listing and its links are
followed.
"""
from __future__ import annotations

import asyncio
import re

from ..limits import ExtractionLimit, bounded_extract
from ..record import Article
from .classify import ARTICLE, LISTING
from .client import Fetched
from .teasers import teaser_share

MIN_ARTICLE_BODY = 80      # an article-shaped URL: a short news item still counts
MIN_UNKNOWN_BODY = 400     # a page of unknown kind must read like an article...
MIN_DATED_BODY = 150       # ...or be a shorter text with a headline and a date
MAX_TEASER_SHARE = 0.5     # half the "body" in teasers linking elsewhere: a listing
# The page calls itself an article: Open Graph, article:* meta, schema.org types.
_ARTICLE_MARKUP = re.compile(
    rb"og:type[\"']?\s+content=[\"']?article|article:published_time|"
    rb"schema\.org/(News|Blog|Report|Scholarly|Tech)?Article|"
    rb"\"@type\"\s*:\s*\"(News|Blog|Report)?(Article|Posting)\"", re.IGNORECASE)


def has_article_markup(content: bytes) -> bool:
    return bool(_ARTICLE_MARKUP.search(content[:131072]))


async def extract_fetched(fetched: Fetched) -> tuple[Article | None, str | None]:
    """Extract under the size, depth and time limits of ``scrapers.limits``.

    Runs in the event-loop (main) thread on purpose: only there can the
    SIGALRM budget interrupt a pathological page; a worker thread could not
    be stopped and would hold the run open. A typical page takes milliseconds.
    Returns (article, None) or (None, the one-line reason it could not be read).
    """
    await asyncio.sleep(0)  # let the other workers' I/O move first
    try:
        bounded = bounded_extract(fetched.content, fetched.final_url, http_charset=fetched.charset)
    except ExtractionLimit as exc:
        return None, str(exc)
    except (ValueError, UnicodeError) as exc:
        return None, f"cannot extract the page ({exc})"
    return bounded.article, None


def is_article_page(article: Article, kind: str, markup: bool = False,
                    teasers: float = 0.0) -> bool:
    """Decide from the extraction (and the page's own markup) what the page is.

    ``teasers`` is the share of the body that sits in teaser blocks linking
    elsewhere (``teasers.teaser_share``): a section page with summaries.
    """
    body = len(article.body.strip())
    if teasers >= MAX_TEASER_SHARE:
        return False
    if kind == ARTICLE:
        return body >= MIN_ARTICLE_BODY
    if not article.headline:
        return False
    dated = bool(article.published)
    if kind == LISTING:
        return dated and body >= MIN_UNKNOWN_BODY
    if markup or article.comments:  # short, but it says it is an article, or has comments
        return body >= MIN_ARTICLE_BODY
    return body >= MIN_UNKNOWN_BODY or (dated and body >= MIN_DATED_BODY)


def judge(article: Article, kind: str, content: bytes, url: str, charset: str | None) -> bool:
    """``is_article_page`` with the page-structure signals worked out (only when needed)."""
    share = teaser_share(content, url, article.body, charset) if article.body else 0.0
    if kind == ARTICLE:
        return is_article_page(article, kind, teasers=share)
    return is_article_page(article, kind, has_article_markup(content), share)


def older_than(published: str | None, since: str) -> bool:
    """True if ``published`` (ISO) is known and before the ``since`` date."""
    return bool(published) and published[:10] < since[:10]
