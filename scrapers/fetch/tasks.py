"""The crawl's vocabulary: what to fetch (Task), the run's limits, and its tallies."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .classify import ARTICLE, FEED, LISTING, UNKNOWN

SITEMAP, START = "sitemap", "start"
COMMENTS = "comments"  # a further comment page of an article: remembered, read with the article
PAGE_KINDS = frozenset({ARTICLE, LISTING, UNKNOWN})
# Feeds and sitemaps first (they name articles with dates), then the start page, then
# articles newest first, then listings, then pages of unknown kind.
_RANK = {SITEMAP: 0, FEED: 0, START: 1, ARTICLE: 2, LISTING: 3, UNKNOWN: 4}

Event = dict[str, Any]
EventSink = Callable[[Event], None]


def _timestamp(published: str | None) -> float:
    if not published:
        return 0.0
    try:
        return datetime.fromisoformat(published).timestamp()
    except ValueError:
        return 0.0


@dataclass(order=True)
class Task:
    priority: tuple[int, int, float]
    seq: int
    url: str = field(compare=False)
    kind: str = field(compare=False)
    depth: int = field(compare=False)
    site: str = field(compare=False, default="")
    published: str | None = field(compare=False, default=None)
    via: str | None = field(compare=False, default=None)
    start: bool = field(compare=False, default=False)      # a start URL: harvest all its links
    optional: bool = field(compare=False, default=False)   # a guess (/sitemap.xml): absence is fine
    direct: bool = field(compare=False, default=False)     # fetch/refresh: asked for by name
    declared: bool = field(compare=False, default=False)   # a feed or news-sitemap item
    refresh_of: int | None = field(compare=False, default=None)  # refresh: the record re-read

    @classmethod
    def make(cls, seq: int, url: str, kind: str, depth: int, **extra: Any) -> Task:
        rank = _RANK[START] if extra.get("start") else _RANK.get(kind, 4)
        return cls((rank, depth, -_timestamp(extra.get("published"))), seq, url, kind, depth,
                   **extra)

    @property
    def is_page(self) -> bool:
        return self.kind in PAGE_KINDS


@dataclass
class CrawlOptions:
    max_pages: int | None = None      # page fetches per run (feeds, sitemaps, robots not counted)
    max_depth: int = 3                # link hops from a start page
    since: str | None = None          # ISO date: older articles are neither fetched nor stored
    guess_sitemap: bool = True        # try /sitemap.xml when robots.txt names none
    allow_hosts: tuple[str, ...] = ()  # more hosts that count as the start site
    jobs: int | None = None           # extraction processes (None: one per usable CPU; 1: inline)
    max_comment_pages: int = 20       # further comment pages read with one article


@dataclass
class CrawlStats:
    requests: int = 0          # URLs requested (after retries: one per URL)
    responses: int = 0         # of which the server answered (any status)
    pages: int = 0             # page fetches counted against --max-pages
    not_modified: int = 0
    skipped: int = 0           # pages and links not fetched or not kept (sum of ``skips``)
    skips: dict[str, int] = field(default_factory=dict)  # ...by kind (robots, depth, off-site...)
    failed: int = 0
    stored: int = 0
    listings: int = 0          # pages judged listings (their links followed)
    feeds: int = 0             # feeds and sitemaps read
    comment_pages: int = 0     # further comment pages merged into their article
    marked: int = 0            # archived "articles" re-judged as listings and marked
    left: int = 0              # pages left for the next run (--max-pages reached)
    interrupted: bool = False
    first_error: str | None = None

    def skip(self, kind: str) -> None:
        self.skipped += 1
        self.skips[kind] = self.skips.get(kind, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "skips": dict(self.skips)}
