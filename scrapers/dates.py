"""Dates to ISO 8601 (baseline: ISO strings only)."""
from __future__ import annotations

import re
from datetime import datetime

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")


def parse_date(text: str | None) -> str | None:
    if not text:
        return None
    m = _ISO.search(text)
    if not m:
        return None
    y, mo, d = (int(m.group(i)) for i in (1, 2, 3))
    try:
        datetime(y, mo, d)
    except ValueError:
        return None
    if m.group(4) is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    tz = m.group(8) or ""
    if tz and tz != "Z" and ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    return f"{y:04d}-{mo:02d}-{d:02d}T{m.group(4)}:{m.group(5)}:{m.group(6) or '00'}{'+00:00' if tz == 'Z' else tz}"
