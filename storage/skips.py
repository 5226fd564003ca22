"""Counts of input records that were not archivable pages, by reason (a run's summary line).

Apart from ``warc.py`` so that a command can keep the counts for a run without
importing the WARC reader (warcio, fsspec) when no WARC file is among its inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WarcSkips:
    """What a WARC held besides archivable pages (and, in ``load``, the records that were
    not articles), for the run summary."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1

    def line(self) -> str:
        return ", ".join(f"{n} {why}" for why, n in sorted(self.counts.items()))
