"""Every page the crawler fetches ends in exactly one outcome event; so does every link it drops.

Outcome events (``--log-json``), each with the ``url`` the ``fetched`` event
named and a ``reason``:

- ``stored`` (status new/updated/unchanged/alias; ``article_url`` is the record's URL),
- ``listing`` (links found, new ones followed; ``not_modified`` on a 304),
- ``feed`` / ``sitemap`` (entries found, new ones followed),
- ``comments`` (a further comment page, merged into ``article_url``),
- ``robots`` (robots.txt read: sitemaps named, or why the host is not crawled),
- ``failed``,
- ``skipped`` with a ``skip`` kind: ``robots``, ``off-site``, ``depth``, ``since``,
  ``archived``, ``excluded`` (not a page: files, logins, searches, comment pages),
  ``content-type``, ``not-modified``, ``absent`` (a guessed sitemap), ``left``
  (``--max-pages``), ``marked`` (an archived page that is not an article).
  Links that are never fetched get one ``skipped`` event per run, pages one each time.
"""
from __future__ import annotations

from typing import Any

from .client import Fetched
from .robots import Robots
from .tasks import CrawlStats, Event, EventSink, Task


class Outcomes:
    """The crawler's event and tally helpers (mixed into ``Crawler``)."""

    emit: EventSink
    stats: CrawlStats
    _noted: set[str]

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

    def _robots_read(self, robots: Robots) -> None:
        fetched = robots.fetched
        if robots.deny_all:
            reason = robots.reason or "robots.txt unavailable"
        elif robots.parser is None:
            reason = f"no robots.txt (HTTP {fetched.status if fetched else 0}): everything allowed"
        else:
            reason = f"rules read, {len(robots.sitemaps)} sitemaps named"
        self.emit({"event": "robots", "url": robots.url, "reason": reason,
                   "sitemaps": len(robots.sitemaps)})

    def _skip(self, task: Task | str, kind: str, reason: str, **extra: Any) -> None:
        """A page or link not fetched, or fetched and not kept, for ``reason``."""
        url = task if isinstance(task, str) else task.url
        self.stats.skip(kind)
        self.emit({"event": "skipped", "url": url, "skip": kind, "reason": reason, **extra})

    def _drop_link(self, url: str, kind: str, reason: str, via: str) -> None:
        """A link not followed: one event per URL per run."""
        if url in self._noted:
            return
        self._noted.add(url)
        self._skip(url, kind, reason, via=via)

    def _fail_url(self, url: str, reason: str) -> None:
        self.stats.failed += 1
        self.stats.first_error = self.stats.first_error or f"{url}: {reason}"
        self.emit({"event": "failed", "url": url, "reason": reason})
