"""robots.txt: fetched once per host per run, parsed with Protego (Scrapy's parser).

What a missing or broken robots.txt means follows RFC 9309: a 4xx answer
(no file) allows everything; a 5xx answer or an unreachable host means
"assume everything is disallowed" for this run — a server in trouble is the
last one to hammer. ``Crawl-delay`` feeds the host's politeness delay and
``Sitemap:`` lines feed discovery.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from .client import TEXT_TYPES, Fetched, HttpClient
from .config import ROBOTS_AGENT

MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB; so do we


@dataclass
class Robots:
    """The rules of one host; ``parser`` None means allow-all or deny-all per ``deny_all``."""

    url: str
    parser: Protego | None = None
    deny_all: bool = False
    reason: str | None = None           # why everything is denied
    fetched: Fetched | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str) -> bool:
        if self.deny_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, ROBOTS_AGENT)

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay is not None else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/robots.txt", "", ""))


def parse_robots(url: str, fetched: Fetched) -> Robots:
    """Turn a robots.txt response into rules (see the module docstring for the cases)."""
    robots = Robots(url=url, fetched=fetched)
    if fetched.ok:
        text = fetched.content[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        robots.parser = Protego.parse(text)
        robots.sitemaps = [s.strip() for s in robots.parser.sitemaps if s.strip()]
    elif fetched.status == 0 or fetched.status >= 500 or fetched.status == 429:
        robots.deny_all = True
        robots.reason = (fetched.error or "no response") if not fetched.status \
            else f"robots.txt unavailable (HTTP {fetched.status}), not crawling this host"
    return robots


class RobotsCache:
    """One robots.txt request per host per run, shared by concurrent workers."""

    def __init__(self, client: HttpClient, obey: bool = True,
                 on_fetched: Callable[[Fetched], None] | None = None,
                 on_read: Callable[[Robots], None] | None = None):
        self.client = client
        self.obey = obey
        self.on_fetched = on_fetched
        self.on_read = on_read  # the file's outcome, after ``on_fetched``
        self._hosts: dict[str, asyncio.Task[Robots]] = {}

    async def for_url(self, url: str) -> Robots:
        key = robots_url(url)
        if not self.obey:
            return Robots(url=key)
        if key not in self._hosts:
            self._hosts[key] = asyncio.ensure_future(self._load(key))
        return await self._hosts[key]

    async def _load(self, key: str) -> Robots:
        accept = TEXT_TYPES | frozenset({"text/html", "application/octet-stream"})
        fetched = await self.client.get(key, accept=accept)
        if self.on_fetched:
            self.on_fetched(fetched)
        robots = parse_robots(key, fetched)
        self.client.gate.set_crawl_delay(key, robots.crawl_delay())
        if self.on_read:
            self.on_read(robots)
        return robots

    def loaded(self) -> list[Robots]:
        return [t.result() for t in self._hosts.values() if t.done() and not t.exception()]
