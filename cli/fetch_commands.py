"""Commands that go to the network: fetch, crawl, refresh (built for cron).

Each run holds the archive's lock (``--wait`` or exit 3), reports through one
``Reporter`` (summary line, ``--log-json`` events, a progress bar only on a
terminal), and maps the run's outcome to the documented exit codes: 0 fine,
1 some URLs failed, 3 archive busy, 4 nothing could be fetched, 130
interrupted (the page in hand dropped, everything before it committed).
"""
from __future__ import annotations

import contextlib
import json
import re
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from akhbar.scrapers.urls import is_http_url
from akhbar.storage import SaveResult

from .app import app, guarded
from .common import DB_OPTION, JSON_OPTION, WAIT_OPTION, since_date, writable_archive
from .exitcodes import INTERRUPTED, NOTHING_FETCHED, OK, SOME_FAILED, USAGE, CliError
from .ingest import Summary
from .output import Output

if TYPE_CHECKING:  # the fetching layer (httpx) is imported only by the commands that use it
    from akhbar.scrapers.fetch import Crawler, CrawlStats, FetchConfig

QUIET = typer.Option(False, "--quiet", "-q", help="Print only the final summary line.")
LOG_JSON = typer.Option(False, "--log-json", help="One JSON object per event on stderr.")
DELAY = typer.Option(1.0, "--delay", min=0.0, help="Minimum seconds between requests to one host "
                     "(robots.txt Crawl-delay raises it).")
CONCURRENCY = typer.Option(4, "--concurrency", min=1, help="Requests in flight at once, overall.")
PER_HOST = typer.Option(2, "--per-host", min=1, help="Requests in flight at once to one host.")
TIMEOUT = typer.Option(30.0, "--timeout", min=0.01, help="Seconds to wait for a response "
                       "(connect and read; the whole transfer gets twice this).")
RETRIES = typer.Option(3, "--retries", min=0, help="Retries on connection errors, 429 and 5xx.")
USER_AGENT = typer.Option(None, "--user-agent", help="User-Agent header (default akhbar/<version>).")
MAX_BYTES = typer.Option(10 * 1024 * 1024, "--max-bytes", min=1024, help="Largest page read, in bytes.")
BACKOFF = typer.Option(1.0, "--backoff", min=0.0, hidden=True, help="First retry wait (tests).")
JOBS = typer.Option(None, "--jobs", "-j", min=1, help="Processes extracting pages while others are "
                    "fetched (default: one per usable CPU; 1 = in the crawler's own process).")


class Reporter:
    """Turns engine events into the summary, warnings, ``--log-json`` lines and a progress bar.

    Failures seen before the server answered anything are held back: if
    nothing at all could be fetched the run ends with one line (exit 4)
    rather than a warning per URL followed by the same news again.
    """

    def __init__(self, out: Output, log_json: bool, command: str):
        self.out = out
        self.log_json = log_json
        self.command = command
        self.summary_counts = Summary()
        self.responded = False
        self.held: list[str] = []
        self.fetched = 0
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def event(self, event: dict[str, Any]) -> None:
        kind = event["event"]
        if kind == "fetched":
            self.fetched += 1
            self.responded = self.responded or bool(event.get("status"))
        elif kind == "stored":
            self.summary_counts.count(SaveResult(event.get("article_id") or 0, event["status"],
                                                 event["url"], event.get("new_comments") or 0))
        elif kind == "failed":
            self.summary_counts.fail(event["url"], event["reason"])
            message = f"failed: {event['url']}: {event['reason']}"
            if self.responded:
                self.flush_warnings()
                self.warn(message)
            else:
                self.held.append(message)
        if self.log_json:
            stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
            sys.stderr.write(json.dumps({"ts": stamp, **event}, ensure_ascii=False) + "\n")
            sys.stderr.flush()
        self._advance()

    def warn(self, message: str) -> None:
        """A human line on stderr (not with --quiet, nor between --log-json lines)."""
        if not self.log_json:
            self.out.warn(message)

    def flush_warnings(self) -> None:
        held, self.held = self.held, []
        for message in held:
            self.warn(message)

    def summary(self, stats: CrawlStats) -> None:
        counts = self.summary_counts
        data = {**counts.to_dict(), "requests": stats.requests, "not_modified": stats.not_modified,
                "listings": stats.listings, "feeds": stats.feeds,
                "comment_pages": stats.comment_pages, "marked": stats.marked,
                "skipped": stats.skipped, "skips": dict(stats.skips), "left": stats.left,
                "interrupted": stats.interrupted}
        if self.log_json:
            self.event({"event": "summary", "command": self.command, **data})
        if self.command == "fetch":  # exactly what ``load`` prints
            self.out.json_line(counts.to_dict()) if self.out.json_mode else self.out.line(counts.line())
            return
        if self.out.json_mode:
            self.out.json_line(data)
            return
        self.out.line(summary_line(counts.line(), stats))

    @contextlib.contextmanager
    def live(self) -> Iterator[None]:
        """A progress line with rates, only on a terminal and never with --quiet/--log-json."""
        if self.out.quiet or self.log_json or self.out.json_mode or not sys.stderr.isatty():
            yield
            return
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        with Progress(SpinnerColumn(), TextColumn(self.command), TextColumn("{task.fields[info]}"),
                      TimeElapsedColumn(), console=self.out.err, transient=True) as bar:
            self._bar, self._task = bar, bar.add_task(self.command, total=None, info="")
            try:
                yield
            finally:
                self._bar = None

    def _advance(self) -> None:
        if self._bar is None:
            return
        counts = self.summary_counts
        rate = self.fetched / max(time.monotonic() - self.started, 1e-6)
        self._bar.update(self._task, info=(
            f"{self.fetched} fetched ({rate:.1f}/s), {counts.new} new, {counts.updated} updated, "
            f"{counts.failed} failed"))


def summary_line(stored: str, stats: CrawlStats) -> str:
    """``3 new, ... failed; 7 new comments; 52 requests, 45 not modified; 4 listings,
    2 feeds/sitemaps; 30 skipped (20 off-site, 8 archived, 2 depth)``."""
    line = (f"{stored}; {stats.requests} requests, {stats.not_modified} not modified; "
            f"{stats.listings} listings, {stats.feeds} feeds/sitemaps")
    if stats.comment_pages:
        line += f", {stats.comment_pages} comment pages"
    if stats.marked:
        line += f", {stats.marked} marked as not articles"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(stats.skips.items(), key=lambda kv: -kv[1]))
    line += f"; {stats.skipped} skipped" + (f" ({kinds})" if kinds else "")
    if stats.left:
        line += f", {stats.left} left for the next run"
    return line


def _config(delay: float, concurrency: int, per_host: int, timeout: float, retries: int,
            user_agent: str | None, max_bytes: int, backoff: float) -> FetchConfig:
    from akhbar.scrapers.fetch import FetchConfig
    return FetchConfig(user_agent=user_agent or "", connect_timeout=min(timeout, 10.0),
                       read_timeout=timeout, total_timeout=timeout * 2, retries=retries,
                       backoff=backoff, max_backoff=max(backoff * 30, backoff), delay=delay,
                       concurrency=concurrency, per_host=min(per_host, concurrency),
                       max_bytes=max_bytes)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _run(db: Path | None, wait: bool, reporter: Reporter, config: FetchConfig,
         job: Callable[[Crawler], Awaitable[CrawlStats]],
         setup: Callable[[Crawler], None] | None = None) -> CrawlStats:
    """Lock and open the archive, run one engine job, return its tallies.

    SIGTERM raises KeyboardInterrupt while we wait for the lock (exit 130);
    inside the job the event loop handles it and stops cleanly.
    """
    import asyncio  # with the fetching layer: only the commands that fetch import it

    from akhbar.scrapers.fetch import Crawler, HttpClient
    from akhbar.storage.fetch_state import FetchState
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with writable_archive(db, wait) as archive:
            state = FetchState.of(archive)

            async def main() -> CrawlStats:
                async with HttpClient(config) as client:
                    crawler = Crawler(client, state, reporter.event)
                    if setup:
                        setup(crawler)
                    return await job(crawler)

            with reporter.live():
                return asyncio.run(main())
    finally:
        signal.signal(signal.SIGTERM, previous)


def _finish(reporter: Reporter, stats: CrawlStats) -> None:
    """Print the outcome and exit with the documented code."""
    if stats.interrupted:
        reporter.summary(stats)
        Output().error("interrupted: finished pages are saved; the next run carries on")
        raise typer.Exit(INTERRUPTED)
    if stats.responses == 0 and stats.failed:
        if reporter.log_json:
            reporter.event({"event": "error", "reason": f"nothing could be fetched: {stats.first_error}"})
        raise CliError(f"nothing could be fetched: {stats.first_error}", NOTHING_FETCHED)
    reporter.flush_warnings()
    reporter.summary(stats)
    raise typer.Exit(SOME_FAILED if reporter.summary_counts.failed else OK)


@app.command("fetch")
@guarded
def fetch_cmd(urls: list[str] = typer.Argument(..., help="Article URLs to fetch and store."),
              save_html_dir: Path | None = typer.Option(
                  None, "--save-html", help="Also write each fetched page into this folder."),
              db: Path | None = DB_OPTION, wait: bool = WAIT_OPTION,
              json_out: bool = JSON_OPTION, quiet: bool = QUIET, log_json: bool = LOG_JSON,
              delay: float = DELAY, concurrency: int = CONCURRENCY, per_host: int = PER_HOST,
              timeout: float = TIMEOUT, retries: int = RETRIES,
              user_agent: str | None = USER_AGENT, max_bytes: int = MAX_BYTES,
              backoff: float = BACKOFF, jobs: int | None = JOBS) -> None:
    """Fetch pages, extract and store them (same summary and exit codes as load)."""
    from akhbar.scrapers.fetch import CrawlOptions
    _check_urls(urls)
    if save_html_dir is not None and not save_html_dir.is_dir():
        raise CliError(f"--save-html: {save_html_dir} is not a folder", USAGE)
    config = _config(delay, concurrency, per_host, timeout, retries, user_agent, max_bytes, backoff)
    reporter = Reporter(Output(json_out, quiet), log_json, command="fetch")

    def setup(crawler: Crawler) -> None:
        crawler.options = CrawlOptions(jobs=jobs)
        if save_html_dir is not None:
            crawler.page_hook = lambda task, fetched: _save(save_html_dir, task.url,
                                                            fetched.content, reporter)

    stats = _run(db, wait, reporter, config, lambda c: c.fetch_urls(list(urls)), setup=setup)
    _finish(reporter, stats)


def _check_urls(urls: list[str]) -> None:
    bad = [u for u in urls if not is_http_url(u)]
    if bad:
        raise CliError(f"not an http(s) URL: {bad[0]}", USAGE)


def _save(folder: Path, url: str, content: bytes, reporter: Reporter) -> None:
    from akhbar.scrapers.fetch.savehtml import save_html
    try:
        save_html(folder, url, content)
    except (OSError, ValueError) as exc:
        reporter.warn(f"{url}: cannot save HTML ({exc})")


@app.command("crawl")
@guarded
def crawl_cmd(start_urls: list[str] = typer.Argument(..., help="Start pages (home or section pages)."),
              max_pages: int | None = typer.Option(
                  None, "--max-pages", min=1, help="Fetch at most N pages this run; the rest "
                  "waits for the next run."),
              max_depth: int = typer.Option(3, "--max-depth", min=0,
                                            help="Follow links at most N hops from a start page."),
              since: str | None = typer.Option(
                  None, "--since", help="Skip articles published before this date (YYYY-MM-DD)."),
              allow_host: list[str] = typer.Option(
                  [], "--allow-host", help="Also follow links to this host (repeatable); "
                  "by default only the start site (with or without www.) is crawled."),
              db: Path | None = DB_OPTION, wait: bool = WAIT_OPTION,
              json_out: bool = JSON_OPTION, quiet: bool = QUIET, log_json: bool = LOG_JSON,
              delay: float = DELAY, concurrency: int = CONCURRENCY, per_host: int = PER_HOST,
              timeout: float = TIMEOUT, retries: int = RETRIES,
              user_agent: str | None = USER_AGENT, max_bytes: int = MAX_BYTES,
              backoff: float = BACKOFF, jobs: int | None = JOBS) -> None:
    """Find new articles from start pages, feeds, sitemaps and listings; archive them."""
    from akhbar.scrapers.fetch import CrawlOptions
    _check_urls(start_urls)
    since_iso = since_date(since)
    config = _config(delay, concurrency, per_host, timeout, retries, user_agent, max_bytes, backoff)
    options = CrawlOptions(max_pages=max_pages, max_depth=max_depth, since=since_iso,
                           allow_hosts=tuple(allow_host), jobs=jobs)
    reporter = Reporter(Output(json_out, quiet), log_json, command="crawl")

    def setup(crawler: Crawler) -> None:
        crawler.options = options

    stats = _run(db, wait, reporter, config, lambda c: c.crawl(list(start_urls)), setup=setup)
    _finish(reporter, stats)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "": 86400}


def parse_duration(text: str, option: str) -> timedelta:
    """``30m``, ``6h``, ``7d``, ``2w`` (a bare number means days)."""
    match = _DURATION.match(text)
    if not match:
        raise CliError(f"{option}: cannot read {text!r} as a duration (e.g. 6h, 7d)", USAGE)
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])


@app.command("refresh")
@guarded
def refresh_cmd(published_within: str = typer.Option(
                    "7d", "--published-within", help="Articles published (or first seen) this recently."),
                older_than: str = typer.Option(
                    "6h", "--older-than", help="...and not fetched for at least this long."),
                max_pages: int | None = typer.Option(None, "--max-pages", min=1,
                                                        help="Re-fetch at most N articles."),
                db: Path | None = DB_OPTION, wait: bool = WAIT_OPTION,
                json_out: bool = JSON_OPTION, quiet: bool = QUIET, log_json: bool = LOG_JSON,
                delay: float = DELAY, concurrency: int = CONCURRENCY, per_host: int = PER_HOST,
                timeout: float = TIMEOUT, retries: int = RETRIES,
                user_agent: str | None = USER_AGENT, max_bytes: int = MAX_BYTES,
                backoff: float = BACKOFF, jobs: int | None = JOBS) -> None:
    """Re-fetch recent articles at their canonical URL so new comments and edits are archived."""
    from akhbar.scrapers.fetch import CrawlOptions
    within = parse_duration(published_within, "--published-within")
    older = parse_duration(older_than, "--older-than")
    config = _config(delay, concurrency, per_host, timeout, retries, user_agent, max_bytes, backoff)
    reporter = Reporter(Output(json_out, quiet), log_json, command="refresh")

    async def job(crawler: Crawler) -> CrawlStats:
        crawler.options = CrawlOptions(jobs=jobs)
        targets = crawler.store.refresh_targets(within, older, limit=max_pages)  # type: ignore[attr-defined]
        return await crawler.refresh([(t.url, t.article_id) for t in targets])

    stats = _run(db, wait, reporter, config, job)
    _finish(reporter, stats)


class _NoArchive:
    """``explain`` without an archive: nothing is known about any URL."""

    def is_declared(self, url: str) -> bool:
        return False


@app.command("explain")
@guarded
def explain_cmd(url: str = typer.Argument(..., help="The page to judge."),
                db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION,
                timeout: float = TIMEOUT, user_agent: str | None = USER_AGENT,
                max_bytes: int = MAX_BYTES, jobs: int | None = JOBS) -> None:
    """Fetch one page and say why a crawl judges it an article or a listing (stores nothing)."""
    import asyncio

    from akhbar.scrapers.fetch import Crawler, CrawlOptions, HttpClient
    from akhbar.storage.fetch_state import FetchState

    from .common import db_path, open_archive
    _check_urls([url])
    config = _config(0.0, 1, 1, timeout, 1, user_agent, max_bytes, 0.5)
    path = db_path(db)
    archive = open_archive(path) if path.is_file() else None
    store: Any = FetchState.of(archive) if archive else _NoArchive()

    async def main() -> Any:
        async with HttpClient(config) as client:
            crawler = Crawler(client, store, lambda event: None, CrawlOptions(jobs=jobs or 1))
            return await crawler.explain(url)
    try:
        fetched, analysis, verdict = asyncio.run(main())
    finally:
        if archive is not None:
            archive.close()
    out = Output(json_out)
    if verdict is None or analysis is None:
        reason = fetched.error or (f"HTTP {fetched.status}" if not fetched.ok else "a feed or sitemap")
        if fetched.ok:
            out.json_line({"url": url, "judged": "feed"}) if json_out else out.line(
                f"{url}: a feed or sitemap (its entries are declared articles)")
            raise typer.Exit(OK)
        raise CliError(f"{url}: {reason}", SOME_FAILED)
    report = {"url": url, "final_url": fetched.final_url, "status": fetched.status,
              "judged": "article" if verdict.article else "listing", "reason": verdict.reason,
              "declared": store.is_declared(url), "evidence": analysis.evidence.to_dict(),
              "links": len(analysis.links.links), "next_pages": analysis.next_pages,
              "comment_pages": analysis.comment_pages, "feeds": analysis.links.feeds,
              "headline": analysis.article.headline if analysis.article else None}
    if json_out:
        out.json_line(report)
        return
    for line in _explanation(report, fetched, analysis):
        out.line(line)


def _explanation(report: dict[str, Any], fetched: Any, analysis: Any) -> list[str]:
    """``explain``'s text: the verdict, then the evidence, one aspect a line."""
    ev = analysis.evidence
    url = report["url"]
    return [
        f"{url}: {report['judged']} - {report['reason']}",
        f"  fetched: HTTP {fetched.status}, {len(fetched.content)} bytes"
        + (f", final URL {fetched.final_url}" if fetched.final_url != url else ""),
        f"  headline: {report['headline']!r} (own heading: {ev.own_headline}, "
        f"links elsewhere: {ev.headline_elsewhere or 'no'})",
        f"  text: {ev.body_chars} characters, dated: {ev.dated}, comments: {ev.comments}, "
        f"article markup: {ev.markup}, listing markup: {ev.listing_markup}",
        f"  teasers: {ev.teasers} with summaries ({ev.teaser_chars} characters), "
        f"{ev.titles} headline links ({ev.title_chars} characters), {ev.heading_links} in headings; "
        f"text in teasers: {ev.teaser_share:.0%}, under other stories' headings: {ev.owned_share:.0%}",
        f"  declared by the site's feed or sitemap (in this archive): {report['declared']}",
        f"  links: {report['links']}, next pages: {len(analysis.next_pages)}, "
        f"comment pages: {len(analysis.comment_pages)}, feeds: {len(analysis.links.feeds)}"]
