"""URL normalisation: the archive's deduplication key.

Two URLs that a reader would consider the same article must normalise to the
same string: scheme and host are case-insensitive, default ports and fragments
carry no meaning, and tracking parameters are added by whoever shared the link.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]*|fbclid|gclid|dclid|gclsrc|msclkid|yclid|mc_cid|mc_eid|igshid|"
    r"_ga|_gl|ref_src|ref_url|spm|__twitter_impression|wt_mc|cmpid|s_cid|ocid)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_http_url(url: str | None) -> bool:
    """True only for absolute http(s) URLs; akhbar never follows other schemes."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:  # unbalanced IPv6 brackets, bad port: not a URL we can use
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def normalize_url(url: str) -> str:
    """Return the canonical form of an absolute http(s) URL.

    Raises ValueError for a string urllib cannot parse; ``is_http_url`` first
    guarantees it will not.

    Lower-case scheme and host, no default port, no fragment, no tracking
    parameters, an empty path becomes ``/``. Other query parameters keep their
    order: on many CMSs (``?id=12``) they identify the article.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    netloc = host if port is None else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not TRACKING_PARAMS.match(k)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def host_of(url: str | None) -> str | None:
    """The lower-case host of a URL, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def absolute(base: str | None, href: str | None) -> str | None:
    """Resolve ``href`` against ``base``; None unless the result is http(s)."""
    if not href:
        return None
    href = href.strip()
    try:
        joined = urljoin(base, href) if base else href
    except ValueError:
        return None
    return joined if is_http_url(joined) else None
