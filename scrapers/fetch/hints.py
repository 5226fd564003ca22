"""Per-site URL hints for the crawler: data only, no code.

The generic classifier (``classify.py``) guesses from URL shape; a site whose
URLs are known can say so here instead. Patterns are regular expressions
searched in the URL's path (plus ``?query``). Lookup strips ``www.`` and walks
up parent domains, like the extractor registry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SiteHints:
    article: tuple[str, ...] = ()     # URLs that are article pages
    listing: tuple[str, ...] = ()     # section, tag, archive and "more news" pages
    ignore: tuple[str, ...] = ()      # never fetched (print views, comment forms...)
    compiled: dict[str, list[re.Pattern[str]]] = field(default_factory=dict, compare=False,
                                                       hash=False, repr=False)

    def patterns(self, kind: str) -> list[re.Pattern[str]]:
        if kind not in self.compiled:
            self.compiled[kind] = [re.compile(p, re.IGNORECASE) for p in getattr(self, kind)]
        return self.compiled[kind]


SITE_HINTS: dict[str, SiteHints] = {
    # NadorCity: articles end in _a<id>.html, sections in _r<id>.html (pages: ?start=N etc.).
    "nadorcity.com": SiteHints(
        article=(r"_a\d+\.html$",),
        listing=(r"_r\d+(_\w+)?\.html",),
        ignore=(r"/(send|print|imprimer|envoyer)[_/.]",),
    ),
}


def hints_for(host: str | None) -> SiteHints | None:
    if not host:
        return None
    labels = host.lower().removeprefix("www.").split(".")
    for i in range(len(labels) - 1):
        hints = SITE_HINTS.get(".".join(labels[i:]))
        if hints:
            return hints
    return None
