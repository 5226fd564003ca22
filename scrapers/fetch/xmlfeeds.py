"""RSS, Atom and sitemap parsing: article URLs (with dates) out of untrusted XML.

Parsed with ``defusedxml`` over the standard library's ElementTree: external
entities, DTD-declared entities (billion laughs) and external DTDs are
refused, and a document that tries them yields nothing rather than being
expanded. feedparser would also do, but it is a large dependency with a
lenient SGML fallback we do not need: akhbar wants only links and dates.

Gzip sitemaps (``.xml.gz``, or gzip bytes whatever the name) are inflated
with a size cap, so a compressed bomb cannot exhaust memory.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..dates import parse_date
from ..urls import absolute

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit (uncompressed)


@dataclass
class Entry:
    """One URL a feed or sitemap lists, with its date when given."""

    url: str
    published: str | None = None


@dataclass
class XmlDocument:
    """What one feed or sitemap yields: article entries and child sitemaps."""

    kind: str                       # "rss", "atom", "urlset", "sitemapindex" or "unknown"
    entries: list[Entry]
    sitemaps: list[Entry]


def inflate(data: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Gunzip ``data`` if it is gzip, refusing more than ``limit`` bytes of output."""
    if data[:2] != b"\x1f\x8b":
        return data
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise ValueError(f"gzip content larger than {limit} bytes")
    return out


def _local(tag: str) -> str:
    """``{namespace}name`` → ``name``: feeds mix namespaces freely."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: Element, *names: str) -> str | None:
    for child in node:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _descendant_text(node: Element, name: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _date(text: str | None) -> str | None:
    return parse_date(text) if text else None


def parse_xml(data: bytes, base_url: str | None = None) -> XmlDocument:
    """Parse a feed or sitemap; malformed or hostile XML gives an empty document."""
    try:
        root = fromstring(inflate(data))
    except (ParseError, DefusedXmlException, ValueError, zlib.error, EOFError):
        return XmlDocument("unknown", [], [])
    kind = _local(root.tag)
    if kind == "urlset":
        return XmlDocument(kind, _sitemap_entries(root, "url", base_url), [])
    if kind == "sitemapindex":
        return XmlDocument(kind, [], _sitemap_entries(root, "sitemap", base_url))
    if kind in ("rss", "rdf"):
        return XmlDocument("rss", _rss_entries(root, base_url), [])
    if kind == "feed":
        return XmlDocument("atom", _atom_entries(root, base_url), [])
    return XmlDocument("unknown", [], [])


def _sitemap_entries(root: Element, item: str, base: str | None) -> list[Entry]:
    out = []
    for node in root:
        if _local(node.tag) != item:
            continue
        url = absolute(base, _child_text(node, "loc"))
        if url:
            published = _descendant_text(node, "publication_date") or _child_text(node, "lastmod")
            out.append(Entry(url, _date(published)))
    return out


def _rss_entries(root: Element, base: str | None) -> list[Entry]:
    out = []
    for node in root.iter():
        if _local(node.tag) != "item":
            continue
        url = absolute(base, _child_text(node, "link"))
        guid = next((c for c in node if _local(c.tag) == "guid"), None)
        if not url and guid is not None and guid.get("isPermaLink", "true") != "false":
            url = absolute(base, (guid.text or "").strip())
        if url:
            out.append(Entry(url, _date(_child_text(node, "pubdate", "date", "published"))))
    return out


def _atom_entries(root: Element, base: str | None) -> list[Entry]:
    out = []
    for node in root:
        if _local(node.tag) != "entry":
            continue
        links = [c for c in node if _local(c.tag) == "link"]
        chosen = next((link for link in links if link.get("rel", "alternate") == "alternate"), None)
        url = absolute(base, chosen.get("href") if chosen is not None else None)
        if url:
            out.append(Entry(url, _date(_child_text(node, "published", "updated"))))
    return out


def looks_like_xml_feed(content_type: str | None, data: bytes) -> bool:
    """True for feed/sitemap responses (by type, else by the first bytes)."""
    if content_type and ("xml" in content_type or "gzip" in content_type) \
            and content_type != "application/xhtml+xml":
        return True
    try:
        head = inflate(data[:65536]) if data[:2] != b"\x1f\x8b" else inflate(data)
    except (ValueError, zlib.error, EOFError):
        return False
    head = head.lstrip()[:512].lower()
    if head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf")):
        return True
    return head.startswith(b"<?xml") and b"<html" not in head
