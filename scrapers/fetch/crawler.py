"""The crawl engine: a priority frontier worked by a few async workers.

One event loop, in the main thread, does everything that touches the
archive: network waits are ``await``s, page analysis (extraction, links,
evidence) runs in worker processes when more than one core is usable
(``pool.py``; inline otherwise), and each page's writes (article, links,
validators, frontier state) are one synchronous transaction between two
awaits. So a transaction is never open across a network wait, and cancelling
the run (Ctrl-C, SIGTERM) can only drop the page in hand, never half-store it.

The same engine serves four commands: ``crawl`` (discover from start pages,
feeds, sitemaps and listings; fetch only what the archive lacks), ``fetch``
(a fixed list of URLs, stored whatever they turn out to be), ``refresh``
(archived articles re-read at their canonical URL, with their further
comment pages; a page that turned out to be a listing is marked, never
stored over the record) and ``explain`` (one page judged, nothing stored).
The page decides what it is (``verdict.py``); every fetched page ends in one
outcome event (``outcomes.py``).
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from ..record import Article
from ..urls import is_http_url, normalize_url
from .analyze import PageAnalysis
from .classify import ARTICLE, FEED, LISTING, SKIP, UNKNOWN, classify_url, url_shape
from .client import Fetched, HttpClient, Validators
from .htmlpages import HtmlPages
from .outcomes import Outcomes
from .pool import Analyzer
from .robots import RobotsCache
from .scope import Scope, site_key
from .tasks import SITEMAP, CrawlOptions, CrawlStats, EventSink, Task
from .verdict import Verdict, decide, older_than
from .xmlfeeds import looks_like_xml_feed, parse_xml

DECLARED_LASTMOD_DAYS = 180  # a sitemap URL modified this recently is a declared item


class FrontierRow(Protocol):
    """A frontier URL as the store gives it back (and as the crawler's ``Task`` is)."""

    @property
    def url(self) -> str: ...
    @property
    def site(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def published(self) -> str | None: ...
    @property
    def via(self) -> str | None: ...
    @property
    def declared(self) -> bool: ...


class StoredValidators(Protocol):
    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...


class SaveOutcome(Protocol):
    @property
    def article_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def new_comments(self) -> int: ...


class CrawlStore(Protocol):
    """What the engine needs from storage (``akhbar.storage.fetch_state.FetchState`` is one).

    Structural on both sides: the engine never imports storage and storage never
    imports the engine; the command line hands one to the other.
    """

    def is_archived(self, url: str) -> bool: ...
    def is_settled(self, url: str) -> bool: ...
    def is_declared(self, url: str) -> bool: ...
    def has_comment_pages(self, url: str) -> bool: ...
    def article_urls(self, site: str) -> Sequence[str]: ...
    def validators(self, url: str) -> StoredValidators | None: ...
    def revisits(self, site: str, max_depth: int) -> Sequence[FrontierRow]: ...
    def pending(self, site: str, max_depth: int) -> Sequence[FrontierRow]: ...
    def save_article(self, article: Article, fetched: Fetched, requested: str,
                     discovered: Sequence[FrontierRow] = (),
                     expect_id: int | None = None) -> SaveOutcome: ...
    def finish_page(self, url: str, fetched: Fetched | None, discovered: Sequence[FrontierRow],
                    state: str = "done", kind: str | None = None,
                    error: str | None = None) -> None: ...
    def mark_not_article(self, article_id: int, url: str, reason: str, site: str) -> None: ...


class Crawler(Outcomes):
    def __init__(self, client: HttpClient, store: CrawlStore, on_event: EventSink,
                 options: CrawlOptions | None = None):
        self.client = client
        self.store = store
        self.emit = on_event
        self.options = options or CrawlOptions()
        self.robots = RobotsCache(client, client.config.obey_robots, on_fetched=self._count,
                                  on_read=self._robots_read)
        self.stats = CrawlStats()
        self.scope = Scope([])
        self._queue: asyncio.PriorityQueue[Task] = asyncio.PriorityQueue()
        self._scheduled: set[str] = set()
        self._noted: set[str] = set()
        self.declared: set[str] = set()   # URLs a feed or sitemap named as items this run
        self.listed: set[str] = set()     # ...and pages judged listings while not (yet) declared
        self.doubtful: dict[str, set[tuple[str, int]]] = {}  # URL shape -> (page, depth) judged
        # listings by points: read again if an article of that shape turns up
        self.shapes: Counter[str] = Counter()  # URL shapes of the articles archived per site
        self._seq = itertools.count()
        self._stop = asyncio.Event()
        self._analyzer: Analyzer | None = None
        self.pages = HtmlPages(self)
        # Called with every HTML page fetched in full (``fetch --save-html``).
        self.page_hook: Callable[[Task, Fetched], None] | None = None

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(self.options.jobs)
        return self._analyzer

    # -- entry points -------------------------------------------------------------

    async def crawl(self, start_urls: list[str]) -> CrawlStats:
        """Discover and archive new articles reachable from ``start_urls``."""
        with self._running():
            for host in self.options.allow_hosts:
                self.scope.add(f"http://{host.strip().strip('/')}/")
            for url in start_urls:
                await self._seed_site(normalize_url(url))
            await self._drain()
        return self.stats

    async def fetch_urls(self, urls: list[str]) -> CrawlStats:
        """Fetch and store each URL as given (``fetch``)."""
        with self._running():
            for url in urls:
                if not is_http_url(url):
                    self._fail_url(url, "not an http(s) URL")
                    continue
                url = normalize_url(url)
                self._schedule(Task.make(next(self._seq), url, ARTICLE, 0,
                                         site=site_key(url), direct=True))
            await self._drain()
        return self.stats

    async def refresh(self, targets: Sequence[tuple[str, int]]) -> CrawlStats:
        """Re-read archived articles: ``(url to fetch, article id)`` pairs (``refresh``)."""
        with self._running():
            for url, article_id in targets:
                url = normalize_url(url)
                self._schedule(Task.make(next(self._seq), url, ARTICLE, 0, site=site_key(url),
                                         direct=True, refresh_of=article_id))
            await self._drain()
        return self.stats

    async def explain(self, url: str) -> tuple[Fetched, PageAnalysis | None, Verdict | None]:
        """Fetch one page and judge it as a crawl would, storing nothing."""
        url = normalize_url(url)
        try:
            robots = await self.robots.for_url(url)
            if not robots.allows(url):
                return Fetched(url, url, error=robots.reason or "disallowed by robots.txt"), None, None
            fetched = await self.client.get(url)
            if not fetched.ok or looks_like_xml_feed(fetched.content_type, fetched.content):
                return fetched, None, None
            analysis = await self.analyzer.analyze(fetched.content, fetched.final_url,
                                                   fetched.charset, url)
        finally:
            self._close_analyzer()
        return fetched, analysis, self._judge(url, fetched, analysis, self.store.is_declared(url))

    def stop(self) -> None:
        """Stop taking new pages; the pages in flight are dropped, nothing half-stored."""
        self.stats.interrupted = True
        self._stop.set()

    # -- seeding ------------------------------------------------------------------

    async def _seed_site(self, start: str) -> None:
        site = site_key(start)
        self.scope.add(start)
        self.shapes.update(url_shape(url) for url in self.store.article_urls(site))
        robots = await self.robots.for_url(start)
        if robots.deny_all:
            self._fail_url(start, robots.reason or "robots.txt unavailable")
            return
        kind = ARTICLE if classify_url(start) == ARTICLE else LISTING
        self._schedule(Task.make(next(self._seq), start, kind, 0, site=site, start=True))
        sitemaps = [s for s in robots.sitemaps if self.scope.contains(s)]
        for url in sitemaps:
            self._schedule(Task.make(next(self._seq), normalize_url(url), SITEMAP, 0, site=site))
        if not sitemaps and self.options.guess_sitemap:
            parts = urlsplit(start)
            guess = urlunsplit((parts.scheme, parts.netloc, "/sitemap.xml", "", ""))
            self._schedule(Task.make(next(self._seq), guess, SITEMAP, 0, site=site, optional=True))
        for row in self.store.revisits(site, self.options.max_depth):
            self._schedule(Task.make(next(self._seq), row.url, row.kind, row.depth, site=site))
        for row in self.store.pending(site, self.options.max_depth):
            self._schedule(Task.make(next(self._seq), row.url, row.kind, row.depth, site=site,
                                     published=row.published, via=row.via,
                                     declared=row.declared))

    def _schedule(self, task: Task) -> bool:
        if task.url in self._scheduled:
            return False
        self._scheduled.add(task.url)
        self._queue.put_nowait(task)
        return True

    # -- the worker pool ------------------------------------------------------------

    @contextlib.contextmanager
    def _running(self) -> Iterator[None]:
        with self._signals():
            try:
                yield
            finally:
                self._close_analyzer()

    def _close_analyzer(self) -> None:
        if self._analyzer is not None:
            self._analyzer.close()
            self._analyzer = None

    async def _drain(self) -> None:
        workers = [asyncio.create_task(self._worker())
                   for _ in range(max(1, self.client.config.concurrency))]
        joined = asyncio.create_task(self._queue.join())
        stopped = asyncio.create_task(self._stop.wait())
        try:
            await asyncio.wait({joined, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (*workers, joined, stopped):
                task.cancel()
            await asyncio.gather(*workers, joined, stopped, return_exceptions=True)

    async def _worker(self) -> None:
        while True:
            task = await self._queue.get()
            try:
                if not self._stop.is_set():
                    await self._process(task)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug on one page must not end the run
                self._fail(task, None, f"internal error: {type(exc).__name__}: {exc}")
            finally:
                self._queue.task_done()

    @contextlib.contextmanager
    def _signals(self) -> Iterator[None]:
        """SIGINT/SIGTERM stop the run cleanly (exit 130 is the CLI's job)."""
        loop = asyncio.get_running_loop()
        installed = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.stop)
                installed.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                pass
        try:
            yield
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    # -- one task -------------------------------------------------------------------

    async def _process(self, task: Task) -> None:
        if not task.direct and task.kind in (ARTICLE, UNKNOWN, LISTING) and not task.start \
                and self.store.is_settled(task.url):
            self._skip(task, "archived", "already archived or settled")
            return
        robots = await self.robots.for_url(task.url)
        if not robots.allows(task.url):
            self._refused(task, robots.reason or "disallowed by robots.txt", robots.deny_all)
            return
        if task.is_page:
            if self.options.max_pages is not None and self.stats.pages >= self.options.max_pages:
                self.stats.left += 1
                self._skip(task, "left", "--max-pages reached: left for the next run")
                return
            self.stats.pages += 1
        fetched = await self.client.get(task.url, self._validators(task),
                                        check_redirect=self._redirect_check(task))
        self._count(fetched)
        await self._handle(task, fetched)

    def _validators(self, task: Task) -> Validators | None:
        """Conditional requests for pages we revisit, and for archived pages we re-fetch.

        A crawl never asks conditionally for an article it has not stored: a
        304 would then hide the page for good.
        """
        if task.direct and not self.store.is_archived(task.url):
            return None
        if task.direct and self.store.has_comment_pages(task.url):
            return None  # new comments may be on a later page only: read the article again
        if not task.direct and task.kind == ARTICLE and not task.start:
            return None
        stored = self.store.validators(task.url)
        return Validators(stored.etag, stored.last_modified) if stored else None

    async def _handle(self, task: Task, fetched: Fetched) -> None:
        if fetched.not_modified:
            self._not_modified(task, fetched)
        elif fetched.unwanted and not task.direct:
            self.store.finish_page(task.url, fetched, [], state="gone", error=fetched.error)
            self._skip(task, "content-type", fetched.error or "not processed")
        elif not fetched.ok:
            self._fail(task, fetched, fetched.error or f"HTTP {fetched.status}")
        elif looks_like_xml_feed(fetched.content_type, fetched.content):
            self._handle_xml(task, fetched)
        else:
            await self.pages.handle_html(task, fetched)

    def _not_modified(self, task: Task, fetched: Fetched) -> None:
        self.stats.not_modified += 1
        self.store.finish_page(task.url, fetched, [])
        if task.direct:
            self.emit({"event": "stored", "url": task.url, "status": "unchanged",
                       "new_comments": 0, "reason": "not modified"})
        elif task.kind in (LISTING, FEED, SITEMAP):
            if task.kind == LISTING:
                self.stats.listings += 1
            else:
                self.stats.feeds += 1
            self.emit({"event": task.kind, "url": task.url, "not_modified": True, "links": 0,
                       "followed": 0, "reason": "not modified since the last run"})
        else:
            self._skip(task, "not-modified", "not modified")

    def _redirect_check(self, task: Task):
        """Refuse a redirect hop that leaves the site or that robots.txt disallows."""
        async def check(url: str) -> str | None:
            if not task.direct and not self.scope.contains(url):
                if not task.start:
                    return "off-site"
                self.scope.add(url)  # the start page moved (http → https, bare → www)
            robots = await self.robots.for_url(url)
            return None if robots.allows(url) else (robots.reason or "disallowed by robots.txt")
        return check

    # -- feeds and sitemaps ---------------------------------------------------------

    def _handle_xml(self, task: Task, fetched: Fetched) -> None:
        doc = parse_xml(fetched.content, fetched.final_url)
        if doc.kind == "unknown":
            self._fail(task, fetched, "not a feed or sitemap (unreadable XML)")
            return
        found: list[Task] = []
        for child in doc.sitemaps:
            found += self._new(task, child.url, SITEMAP, task.depth, child.published)
        feed = doc.kind in ("rss", "atom")
        for entry in doc.entries:
            if self.options.since and older_than(entry.published, self.options.since):
                self._drop_link(entry.url, "since", f"published {entry.published}, before --since",
                                task.url)
                continue
            # Feed items and recently modified sitemap URLs are declared articles: only the
            # page itself can say otherwise. Other sitemap URLs are judged like any link.
            shape = classify_url(entry.url)
            declared = shape not in (SKIP, FEED) and (feed or _recent(entry.published))
            kind = ARTICLE if declared else shape
            if declared:
                self._declare(normalize_url(entry.url))
            found += self._new(task, entry.url, kind, task.depth + 1, entry.published,
                               declared=declared)
        kind = SITEMAP if doc.kind in ("urlset", "sitemapindex") else FEED
        self.store.finish_page(task.url, fetched, found, kind=kind)
        self.stats.feeds += 1
        self.emit({"event": kind, "url": task.url, "links": len(doc.entries) + len(doc.sitemaps),
                   "followed": len(found), "reason": f"{doc.kind}: {len(doc.entries)} entries, "
                   f"{len(doc.sitemaps)} sitemaps"})
        for new in found:
            self._schedule(new)

    def _declare(self, url: str) -> None:
        """A declared item judged a listing earlier in this run (before its feed was read)
        is read again, as a declared item."""
        self.declared.add(url)
        if url in self.listed:
            self.listed.discard(url)
            self._scheduled.discard(url)

    def _reconsider(self, shape: str, site: str) -> None:
        """An article was just stored with this URL shape: pages of that shape judged listings
        on weak evidence earlier in the run are read again, with the new evidence."""
        for url, depth in self.doubtful.pop(shape, set()):
            self.listed.discard(url)
            self._scheduled.discard(url)
            self._schedule(Task.make(next(self._seq), url, ARTICLE, depth, site=site))

    def _new(self, parent: Task, url: str, kind: str, depth: int,
             published: str | None = None, declared: bool = False) -> list[Task]:
        """A one-item list with the task for ``url``, or an empty list if it is not wanted."""
        url = normalize_url(url)
        if url in self._scheduled:
            return []
        if kind == SKIP:
            self._drop_link(url, "excluded", "not an article or listing page", parent.url)
            return []
        if not self.scope.contains(url):
            self._drop_link(url, "off-site", "outside the crawled site", parent.url)
            return []
        if depth > self.options.max_depth:
            self._drop_link(url, "depth", f"beyond --max-depth {self.options.max_depth}", parent.url)
            return []
        if kind in (ARTICLE, UNKNOWN, LISTING) and self.store.is_settled(url):
            self._drop_link(url, "archived", "already archived or settled", parent.url)
            return []
        return [Task.make(next(self._seq), url, kind, depth, site=parent.site,
                          published=published, via=parent.url, declared=declared)]

    # -- failures -------------------------------------------------------------------

    def _refused(self, task: Task, reason: str, transient: bool = False) -> None:
        """robots.txt says no: never requested; a page asked for by name counts as failed.

        A rule is remembered (the page is not asked about again); an unreadable
        robots.txt (``transient``) only skips the page for this run.
        """
        if task.direct or task.start:
            self._fail(task, None, reason)
            return
        if not transient:
            self.store.finish_page(task.url, None, [], state="gone", error=reason)
        self._skip(task, "robots", reason)

    def _fail(self, task: Task, fetched: Fetched | None, reason: str) -> None:
        # 4xx, oversized, too many redirects: asking again next run would not help.
        gone = fetched is not None and fetched.responded and not fetched.retryable
        self.store.finish_page(task.url, fetched, [], state="gone" if gone else "failed",
                               error=reason)
        if task.optional:
            self._skip(task, "absent", reason)
            return
        self._fail_url(task.url, reason)

    def _judge(self, url: str, fetched: Fetched, analysis: PageAnalysis, declared: bool) -> Verdict:
        root = urlsplit(fetched.final_url).path in ("", "/") and not urlsplit(fetched.final_url).query
        return decide(analysis.evidence, classify_url(url), declared, root,
                      self.shapes[url_shape(url)])


def _recent(published: str | None) -> bool:
    if not published:
        return False
    cutoff = (datetime.now(timezone.utc) - timedelta(days=DECLARED_LASTMOD_DAYS)).date().isoformat()
    return published[:10] >= cutoff
