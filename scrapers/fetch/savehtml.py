"""``--save-html DIR``: a file name for a fetched page that can never leave DIR.

The name is built from the URL's host and path, reduced to a safe alphabet
(no ``/``, no ``..``, no leading dot), cut to a sane length, and made unique
with a short hash of the full URL; the resolved path is checked to sit
directly inside DIR before anything is written.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM = 120


def html_filename(url: str) -> str:
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'page'}_{parts.path}_{parts.query}"
    stem = _UNSAFE.sub("_", raw).strip("._-")
    stem = re.sub(r"\.{2,}", ".", stem)[:MAX_STEM].strip("._-") or "page"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{stem}-{digest}.html"


def save_html(folder: Path, url: str, content: bytes) -> Path:
    """Write ``content`` to ``folder/<name from url>``; raise ValueError if it would escape."""
    root = folder.resolve()
    target = (root / html_filename(url)).resolve()
    if target.parent != root:
        raise ValueError(f"refusing to write outside {root}: {target}")
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(content)
    tmp.replace(target)
    return target
