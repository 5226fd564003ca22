"""Reading saved pages from files, folders and stdin.

Accepted: ``.html``, ``.htm``, ``.xhtml``, ``.shtml`` and those names with
``.gz``; folders are walked recursively in sorted order; ``-`` reads stdin.
"""
from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_PAGE_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """A page that cannot be read; the message is one line for stderr."""


def is_page_file(path: Path) -> bool:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return name.endswith(PAGE_SUFFIXES)


def is_warc_name(name: str) -> bool:
    """Whether an input's name says it is a WARC file (read by ``akhbar.storage.warc``).

    Judged here, by name alone, so that sorting the inputs never imports the WARC
    reader (warcio, fsspec: ~0.06 s of every command's start-up).
    """
    return name.lower().endswith(WARC_SUFFIXES)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given, folders expanded to the page files below them."""
    for item in paths:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and is_page_file(child):
                    yield str(child)
        else:
            yield item


def read_page(item: str) -> bytes:
    """The page's bytes (gunzipped when gzip); raises InputError with a reason."""
    if item == "-":
        data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    else:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{item}: no such file")
        if path.is_dir():
            raise InputError(f"{item}: is a folder with no pages")
        if not path.is_file():  # a FIFO or device would block or never end
            raise InputError(f"{item}: not a regular file")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_PAGE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{item}: cannot read ({exc.strerror or exc})") from None
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(item, data)
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{item}: larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB, skipped")
    return data


def _gunzip(item: str, data: bytes) -> bytes:
    """Decompress every gzip member, never more than the size cap (no gzip bombs)."""
    out = bytearray()
    try:
        while data:
            decompressor = zlib.decompressobj(wbits=31)
            out += decompressor.decompress(data, MAX_PAGE_BYTES + 1 - len(out))
            if len(out) > MAX_PAGE_BYTES:
                break
            if not decompressor.eof:
                raise InputError(f"{item}: truncated gzip file (the download or copy was cut short)")
            data = decompressor.unused_data
            if data[:2] != b"\x1f\x8b":  # padding or trailing junk after the last member
                break
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise InputError(f"{item}: corrupt gzip file ({exc})") from None
    return bytes(out)
