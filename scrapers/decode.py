"""Turn page bytes into text, the way a browser would.

Order (WHATWG-like): byte-order mark, then the charset the HTTP response
declared, then a ``<meta charset>`` / ``http-equiv`` declaration in the first
bytes of the document, then statistical detection (charset-normalizer).
One deliberate exception: bytes that are valid, non-ASCII UTF-8 are read as
UTF-8 even when a header says otherwise (servers default to iso-8859-1).
Arabic sites still serve windows-1256; a wrong guess turns every word into
mojibake, so a declared charset that fails to decode cleanly is not trusted.
"""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# Labels browsers treat as aliases of another codec (WHATWG Encoding Standard).
_ALIASES = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252",
            "us-ascii": "windows-1252", "ascii": "windows-1252", "iso-8859-6": "iso-8859-6",
            "arabic": "iso-8859-6", "cp1256": "windows-1256", "x-user-defined": "windows-1252",
            "iso-8859-9": "windows-1254", "tis-620": "windows-874", "gb2312": "gb18030",
            "gbk": "gb18030", "unicode": "utf-16-le", "utf8": "utf-8"}


def _codec(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_meta_charset(head: bytes) -> str | None:
    """The charset declared in an XML prolog or ``<meta>`` within the first 4 KiB."""
    window = head[:4096]
    match = _XML_DECL.match(window) or _META_CHARSET.search(window)
    return _codec(match.group(1).decode("ascii", "ignore")) if match else None


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is declared
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode page bytes to text; never raises.

    Valid non-ASCII UTF-8 is taken as UTF-8; otherwise a declared charset is
    used if it decodes the bytes without errors, then detection decides, and as
    a last resort UTF-8 with replacement.
    """
    return decode_page(data, http_charset)[0]


def decode_page(data: bytes, http_charset: str | None = None) -> tuple[str, bytes | None]:
    """``decode_html``, and ``data`` itself when the text is its strict UTF-8
    reading (then ``data`` is exactly the text's UTF-8 encoding, which the
    parser reads: ``limits.parse_capped`` need not encode the text again)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), None
    # Bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever a
    # server's default "iso-8859-1" header says: legacy 8-bit Arabic text is
    # practically never valid UTF-8 by accident.
    if not data.isascii():
        try:
            return data.decode("utf-8"), _utf8(data)
        except UnicodeDecodeError:
            pass
    for declared in (_codec(http_charset), sniff_meta_charset(data)):
        if declared:
            try:
                text = data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                continue
            # utf-16 declared in <meta> of an 8-bit stream is a known lie.
            if not declared.startswith("utf-16"):
                return text, _utf8(data) if declared == "utf-8" else None
    try:
        return data.decode("utf-8"), _utf8(data)
    except UnicodeDecodeError:
        pass
    detected = _codec(_detect(data))
    if detected:
        try:
            return data.decode(detected, errors="replace"), None
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace"), None


def _utf8(data: bytes) -> bytes | None:
    """``data`` when it is ``bytes`` (the parser takes no other buffer type)."""
    return data if type(data) is bytes else None


_MAGIC = ((b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"), (b"GIF8", "a GIF image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
          (b"\x1f\x8b", "gzip data"), (b"RIFF", "a RIFF media file"), (b"\x00\x00\x00", "binary data"),
          (b"SQLite format 3", "an SQLite database"), (b"BZh", "bzip2 data"),
          (b"\xfd7zXZ", "xz data"), (b"OggS", "an Ogg media file"))


def binary_kind(data: bytes) -> str | None:
    """Name the kind of a clearly non-HTML payload, or None if it may be a page.

    Extraction of such bytes would "succeed" with garbage text; refusing them
    with a reason is more useful to whoever runs akhbar over a folder.
    """
    head = data[:1024]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in head:
        return "binary data"
    # Text, in any charset, has almost no C0 controls besides tab/CR/LF/FF/ESC.
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\x0c\x1b")
    if len(head) >= 64 and controls * 20 > len(head):
        return "binary data"
    return None
