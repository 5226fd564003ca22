"""The crawl engine: a priority frontier worked by a few async workers.

One event loop, in the main thread, does everything that touches the
archive: network waits are ``await``s, extraction runs in a worker thread
(it is pure), and each page's writes (article, links, validators, frontier
state) are one synchronous transaction between two awaits. So a transaction
is never open across a network wait, and cancelling the run (Ctrl-C,
SIGTERM) can only drop the page in hand, never half-store it.

The same engine serves three commands: ``crawl`` (discover from start pages,
feeds, sitemaps and listings; fetch only what the archive lacks), ``fetch``
and ``refresh`` (a fixed list of URLs, stored whatever they turn out to be,
refresh with conditional requests).
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from ..decode import binary_kind
from ..record import Article
from ..urls import is_http_url, normalize_url
from .classify import ARTICLE, FEED, LISTING, SKIP, UNKNOWN, classify_url
from .client import Fetched, HttpClient, Validators
from .discover import page_links
from .robots import RobotsCache
from .scope import Scope, site_key
from .tasks import SITEMAP, CrawlOptions, CrawlStats, Event, EventSink, Task
from .verdict import extract_fetched, judge, older_than
from .xmlfeeds import looks_like_xml_feed, parse_xml


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
    def validators(self, url: str) -> StoredValidators | None: ...
    def revisits(self, site: str, max_depth: int) -> Sequence[FrontierRow]: ...
    def pending(self, site: str, max_depth: int) -> Sequence[FrontierRow]: ...
    def save_article(self, article: Article, fetched: Fetched, requested: str,
                     discovered: Sequence[FrontierRow] = ()) -> SaveOutcome: ...
    def finish_page(self, url: str, fetched: Fetched | None, discovered: Sequence[FrontierRow],
                    state: str = "done", kind: str | None = None,
                    error: str | None = None) -> None: ...


class Crawler:
    def __init__(self, client: HttpClient, store: CrawlStore, on_event: EventSink,
                 options: CrawlOptions | None = None):
        self.client = client
        self.store = store
        self.emit = on_event
        self.options = options or CrawlOptions()
        self.robots = RobotsCache(client, client.config.obey_robots, on_fetched=self._count)
        self.stats = CrawlStats()
        self.scope = Scope([])
        self._queue: asyncio.PriorityQueue[Task] = asyncio.PriorityQueue()
        self._scheduled: set[str] = set()
        self._seq = itertools.count()
        self._stop = asyncio.Event()
        # Called with every HTML page fetched in full (``fetch --save-html``).
        self.page_hook: Callable[[Task, Fetched], None] | None = None

    # -- entry points -------------------------------------------------------------

    async def crawl(self, start_urls: list[str]) -> CrawlStats:
        """Discover and archive new articles reachable from ``start_urls``."""
        with self._signals():
            for host in self.options.allow_hosts:
                self.scope.add(f"http://{host.strip().strip('/')}/")
            for url in start_urls:
                await self._seed_site(normalize_url(url))
            await self._drain()
        return self.stats

    async def fetch_urls(self, urls: list[str]) -> CrawlStats:
        """Fetch and store each URL as given (``fetch``, ``refresh``)."""
        with self._signals():
            for url in urls:
                if not is_http_url(url):
                    self._fail_url(url, "not an http(s) URL")
                    continue
                url = normalize_url(url)
                self._schedule(Task.make(next(self._seq), url, ARTICLE, 0,
                                         site=site_key(url), direct=True))
            await self._drain()
        return self.stats

    def stop(self) -> None:
        """Stop taking new pages; the pages in flight are dropped, nothing half-stored."""
        self.stats.interrupted = True
        self._stop.set()

    # -- seeding ------------------------------------------------------------------

    async def _seed_site(self, start: str) -> None:
        site = site_key(start)
        self.scope.add(start)
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
                                     published=row.published, via=row.via))

    def _schedule(self, task: Task) -> bool:
        if task.url in self._scheduled:
            return False
        self._scheduled.add(task.url)
        self._queue.put_nowait(task)
        return True

    # -- the worker pool ------------------------------------------------------------

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
        if not task.direct and task.kind in (ARTICLE, UNKNOWN) and not task.start \
                and self.store.is_settled(task.url):
            self._skip(task, "already archived")
            return
        robots = await self.robots.for_url(task.url)
        if not robots.allows(task.url):
            self._refused(task, robots.reason or "disallowed by robots.txt", robots.deny_all)
            return
        if task.is_page:
            if self.options.max_pages is not None and self.stats.pages >= self.options.max_pages:
                self.stats.left += 1
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
        if not task.direct and task.kind == ARTICLE and not task.start:
            return None
        stored = self.store.validators(task.url)
        return Validators(stored.etag, stored.last_modified) if stored else None

    async def _handle(self, task: Task, fetched: Fetched) -> None:
        if fetched.not_modified:
            self.stats.not_modified += 1
            self.store.finish_page(task.url, fetched, [])
            if task.direct:
                self.emit({"event": "stored", "url": task.url, "status": "unchanged",
                           "new_comments": 0, "reason": "not modified"})
            else:
                self._skip(task, "not modified", counted=False)
        elif fetched.unwanted and not task.direct:
            self.store.finish_page(task.url, fetched, [], state="gone", error=fetched.error)
            self._skip(task, fetched.error or "not processed")
        elif not fetched.ok:
            self._fail(task, fetched, fetched.error or f"HTTP {fetched.status}")
        elif looks_like_xml_feed(fetched.content_type, fetched.content):
            self._handle_xml(task, fetched)
        else:
            await self._handle_html(task, fetched)

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
        for entry in doc.entries:
            if self.options.since and older_than(entry.published, self.options.since):
                continue
            # Entries are articles, unless the URL plainly is not (sitemaps list sections too).
            shape = classify_url(entry.url)
            if shape != SKIP:
                kind = shape if shape in (LISTING, FEED) else ARTICLE
                found += self._new(task, entry.url, kind, task.depth + 1, entry.published)
        kind = SITEMAP if doc.kind in ("urlset", "sitemapindex") else FEED
        self.store.finish_page(task.url, fetched, found, kind=kind)
        for new in found:
            self._schedule(new)

    # -- HTML pages -----------------------------------------------------------------

    async def _handle_html(self, task: Task, fetched: Fetched) -> None:
        kind = binary_kind(fetched.content)
        if kind or not fetched.content.strip():
            self._fail(task, fetched, f"not an HTML page ({kind or 'empty'})")
            return
        if self.page_hook is not None:
            self.page_hook(task, fetched)
        article = None
        if task.direct or not task.start or task.kind == ARTICLE:
            article, problem = await extract_fetched(fetched)
            if problem:
                self._fail(task, fetched, problem)
                return
        if article is not None and (task.direct or judge(
                article, task.kind, fetched.content, fetched.final_url, fetched.charset)):
            self._store(task, fetched, article)
            return
        found = self._harvest(task, fetched, articles_only=False)
        self.store.finish_page(task.url, fetched, found, kind=LISTING)
        for new in found:
            self._schedule(new)

    def _store(self, task: Task, fetched: Fetched, article: Article) -> None:
        if self.options.since and not task.direct and older_than(article.published,
                                                                 self.options.since):
            self.store.finish_page(task.url, fetched, [], state="old")
            self._skip(task, f"published {article.published}, before --since")
            return
        found = [] if task.direct else self._harvest(task, fetched, articles_only=not task.start)
        result = self.store.save_article(article, fetched, task.url, found)
        self.stats.stored += 1
        self.emit({"event": "stored", "url": result.url, "requested": task.url,
                   "status": result.status, "article_id": result.article_id,
                   "new_comments": result.new_comments})
        for new in found:
            self._schedule(new)

    def _harvest(self, task: Task, fetched: Fetched, articles_only: bool) -> list[Task]:
        """New same-site links of a page, as tasks (article pages give only articles)."""
        links = page_links(fetched.content, fetched.final_url, fetched.charset)
        found: list[Task] = []
        if not articles_only:
            for feed in links.feeds:
                found += self._new(task, feed, FEED, task.depth)
        for url in links.links:
            kind = classify_url(url)
            if kind == SKIP or (articles_only and kind != ARTICLE):
                continue
            found += self._new(task, url, kind, task.depth if kind == FEED else task.depth + 1)
        return found

    def _new(self, parent: Task, url: str, kind: str, depth: int,
             published: str | None = None) -> list[Task]:
        """A one-item list with the task for ``url``, or an empty list if it is not wanted."""
        url = normalize_url(url)
        if url in self._scheduled or not self.scope.contains(url) or depth > self.options.max_depth:
            return []
        if kind in (ARTICLE, UNKNOWN) and self.store.is_settled(url):
            return []
        return [Task.make(next(self._seq), url, kind, depth, site=parent.site,
                          published=published, via=parent.url)]

    # -- outcomes -------------------------------------------------------------------

    def _count(self, fetched: Fetched) -> None:
        self.stats.requests += 1
        event: Event = {"event": "fetched", "url": fetched.url, "status": fetched.status,
                        "bytes": len(fetched.content), "ms": round(fetched.elapsed * 1000),
                        "attempts": fetched.attempts}
        if fetched.final_url != fetched.url:
            event["final_url"] = fetched.final_url
        if fetched.responded:
            self.stats.responses += 1
        else:
            event["error"] = fetched.error
        self.emit(event)

    def _skip(self, task: Task, reason: str, counted: bool = True) -> None:
        if counted:
            self.stats.skipped += 1
        self.emit({"event": "skipped", "url": task.url, "reason": reason})

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
        self._skip(task, reason)

    def _fail(self, task: Task, fetched: Fetched | None, reason: str) -> None:
        # 4xx, oversized, too many redirects: asking again next run would not help.
        gone = fetched is not None and fetched.responded and not fetched.retryable
        self.store.finish_page(task.url, fetched, [], state="gone" if gone else "failed",
                               error=reason)
        if task.optional:
            self._skip(task, reason)
            return
        self._fail_url(task.url, reason)

    def _fail_url(self, url: str, reason: str) -> None:
        self.stats.failed += 1
        self.stats.first_error = self.stats.first_error or f"{url}: {reason}"
        self.emit({"event": "failed", "url": url, "reason": reason})
