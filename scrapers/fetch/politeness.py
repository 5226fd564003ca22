"""Politeness: a minimum delay between requests to one host, and concurrency caps.

One ``HostGate`` is shared by every request of a run (retries and robots.txt
included), so however many workers run, a host never sees two requests
closer together than its delay, nor more than ``per_host`` at once. The delay
is the larger of ``--delay`` and the host's robots.txt ``Crawl-delay``; a 429
pushes the host's next slot back by its ``Retry-After`` for everyone.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """``host[:port]`` in lower case: what "one host" means for politeness."""
    return urlsplit(url).netloc.lower()


@dataclass
class _Host:
    delay: float
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    last_start: float = 0.0


class HostGate:
    def __init__(self, delay: float, per_host: int, concurrency: int):
        self.default_delay = max(0.0, delay)
        self.per_host = max(1, per_host)
        self._global = asyncio.Semaphore(max(1, concurrency))
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        if key not in self._hosts:
            self._hosts[key] = _Host(self.default_delay, asyncio.Semaphore(self.per_host))
        return self._hosts[key]

    def set_crawl_delay(self, url: str, seconds: float | None) -> None:
        """Honour robots.txt ``Crawl-delay`` (never below our own minimum)."""
        if seconds is not None and seconds > 0:
            host = self._host(host_key(url))
            host.delay = max(self.default_delay, float(seconds))
            # The robots.txt request itself went out before we knew: space the next one too.
            host.next_start = max(host.next_start, host.last_start + host.delay)

    def delay_for(self, url: str) -> float:
        return self._host(host_key(url)).delay

    def pause(self, url: str, seconds: float) -> None:
        """The host asked us to slow down (429/503 + Retry-After): nobody goes before then."""
        host = self._host(host_key(url))
        host.next_start = max(host.next_start, time.monotonic() + max(0.0, seconds))

    @contextlib.asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Wait for this host's turn, then hold one per-host and one global slot."""
        host = self._host(host_key(url))
        async with host.semaphore:
            async with host.lock:
                now = time.monotonic()
                start = max(now, host.next_start)
                host.next_start = start + host.delay
                host.last_start = start
            if start > now:
                await asyncio.sleep(start - now)
            async with self._global:
                yield
