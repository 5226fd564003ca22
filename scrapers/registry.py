"""Site scrapers, found by host.

A site module registers a function ``(Page) -> Article`` for the hosts it
knows. Lookup strips ``www.`` and walks up parent domains, so
``m.nadorcity.com`` finds the ``nadorcity.com`` scraper. Unknown hosts get the
generic extractor.
"""
from __future__ import annotations

from collections.abc import Callable

from .page import Page
from .record import Article

SiteExtractor = Callable[[Page], Article]
_REGISTRY: dict[str, SiteExtractor] = {}


def register(*hosts: str) -> Callable[[SiteExtractor], SiteExtractor]:
    """Decorator: register a site extractor for the given hosts."""
    def decorator(func: SiteExtractor) -> SiteExtractor:
        for host in hosts:
            _REGISTRY[host.lower().removeprefix("www.")] = func
        return func
    return decorator


def lookup(host: str | None) -> SiteExtractor | None:
    """The registered extractor for ``host`` or one of its parent domains."""
    if not host:
        return None
    labels = host.lower().removeprefix("www.").split(".")
    for i in range(len(labels) - 1):
        func = _REGISTRY.get(".".join(labels[i:]))
        if func:
            return func
    return None


def registered_hosts() -> list[str]:
    return sorted(_REGISTRY)
