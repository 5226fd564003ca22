"""Fetching and crawling: polite, incremental, resumable (built for cron).

- ``client.HttpClient``: async httpx GET with timeouts, redirects, size cap,
  retries with backoff (``Retry-After`` honoured) and conditional requests.
- ``politeness.HostGate``: per-host delay and concurrency, global concurrency.
- ``robots``: robots.txt via Protego; ``xmlfeeds``: RSS/Atom/sitemaps (defusedxml).
- ``discover``/``classify``/``paging``/``hints``/``scope``: which links to follow, and how
  (the URL only orders the queue).
- ``analyze``/``verdict``: one page read once (article, links, evidence), and judged
  article or listing by what it is; ``pool``: that work in worker processes.
- ``crawler.Crawler`` (with ``htmlpages`` and ``outcomes``): the engine behind
  ``crawl``, ``fetch``, ``refresh`` and ``explain``; every fetched page ends in one
  outcome event.

Nothing here touches the database directly: the engine talks to a
``CrawlStore`` (``storage.fetch_state.FetchState``).
"""
from .client import Fetched, HttpClient, Validators
from .config import FetchConfig
from .crawler import Crawler
from .politeness import HostGate
from .tasks import CrawlOptions, CrawlStats

__all__ = ["Crawler", "CrawlOptions", "CrawlStats", "Fetched", "FetchConfig", "HostGate",
           "HttpClient", "Validators"]
