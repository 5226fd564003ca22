"""The HTTP client: one GET with timeouts, redirects, size cap, retries, validators.

Built on ``httpx.AsyncClient`` so many requests can wait on the network at
once. Every attempt (retries included) passes through the run's ``HostGate``.
A response is read only if its content type is one akhbar processes (HTML,
XHTML, feeds, sitemaps, robots.txt) and only up to ``max_bytes`` of decoded
body — counted while streaming, so neither a huge page nor a gzip bomb is
ever held in memory.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

import httpx

from ..urls import is_http_url
from .config import FetchConfig
from .politeness import HostGate
from .retry import backoff_delay, is_retryable_status, parse_retry_after

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                       "application/xml", "text/xml", "application/x-gzip", "application/gzip",
                       "application/feed+json"})
TEXT_TYPES = frozenset({"text/plain"})
# Given the next hop of a redirect, a reason to refuse it (or None to follow).
RedirectCheck = Callable[[str], Awaitable["str | None"]]
KEPT_HEADERS = ("content-type", "etag", "last-modified", "date", "content-language",
                "cache-control", "expires", "content-encoding")


@dataclass
class Validators:
    """What the server gave us to ask "has it changed?" next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass
class Fetched:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str
    final_url: str
    status: int = 0                    # 0: no HTTP response at all
    content: bytes = b""
    content_type: str | None = None    # the MIME type, lower case, no parameters
    charset: str | None = None         # the charset the HTTP header declared
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""
    error: str | None = None           # why it failed, one line
    retryable: bool = False            # a transient failure: worth another attempt
    unwanted: bool = False             # a content type akhbar does not process (a skip)
    attempts: int = 0
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def responded(self) -> bool:
        """The server answered (any status): the network and host are up."""
        return self.status > 0

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


class _Reject(Exception):
    """A response we will not read (type, size): final, not retried."""

    def __init__(self, message: str, unwanted: bool = False):
        super().__init__(message)
        self.unwanted = unwanted


def _utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _mime(response: httpx.Response) -> str | None:
    raw = response.headers.get("content-type")
    return raw.split(";")[0].strip().lower() if raw else None


class HttpClient:
    """Use as ``async with HttpClient(config, gate) as client: await client.get(url)``."""

    def __init__(self, config: FetchConfig, gate: HostGate | None = None,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.config = config
        self.gate = gate or HostGate(config.delay, config.per_host, config.concurrency)
        timeout = httpx.Timeout(config.read_timeout, connect=config.connect_timeout)
        self._client = httpx.AsyncClient(
            follow_redirects=False, timeout=timeout,
            headers={"User-Agent": config.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                               "application/rss+xml,application/atom+xml,*/*;q=0.5"},
            transport=transport, trust_env=True,
            # Proxies and CA bundles come from the environment (HTTPS_PROXY, NO_PROXY,
            # SSL_CERT_FILE), but loopback never goes through a proxy.
            mounts={"all://127.0.0.1": None, "all://localhost": None, "all://[::1]": None})

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def get(self, url: str, validators: Validators | None = None,
                  accept: frozenset[str] = PAGE_TYPES | XML_TYPES,
                  check_redirect: RedirectCheck | None = None) -> Fetched:
        """GET ``url`` with retries; never raises for network or HTTP trouble.

        Redirects are followed here, hop by hop, so that each hop waits its
        turn at the host gate and ``check_redirect`` (the crawl's scope and
        robots.txt) can refuse a hop before it is requested.
        """
        started = time.monotonic()
        result = Fetched(url=url, final_url=url)
        for attempt in range(self.config.retries + 1):
            result = await self._attempt(url, validators, accept, check_redirect)
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                break
            await asyncio.sleep(wait)
        result.elapsed = time.monotonic() - started
        return result

    def _retry_wait(self, result: Fetched, attempt: int) -> float | None:
        """Seconds to sleep before the next attempt, or None to stop here."""
        if not result.retryable or attempt >= self.config.retries:
            return None
        wait = backoff_delay(attempt, self.config.backoff, self.config.max_backoff)
        retry_after = parse_retry_after(result.headers.get("retry-after"))
        if retry_after is not None:
            if retry_after > self.config.max_retry_after:
                result.error = f"HTTP {result.status}, Retry-After {retry_after:.0f}s is too long"
                return None
            self.gate.pause(result.final_url, retry_after)
            wait = max(wait, retry_after)
        return wait

    async def _attempt(self, url: str, validators: Validators | None, accept: frozenset[str],
                       check_redirect: RedirectCheck | None) -> Fetched:
        result = Fetched(url=url, final_url=url, fetched_at=_utc_now())
        headers = validators.headers() if validators else {}
        transient = False
        current = url
        try:
            for _hop in range(self.config.max_redirects + 1):
                redirect = await self._hop(current, headers, result, accept)
                if redirect is None:
                    return result
                current = redirect
                refusal = await check_redirect(current) if check_redirect else None
                if refusal:
                    raise _Reject(f"redirected to {current}: {refusal}", unwanted=True)
                # Validators stay on: they came from the final hop's response last time.
            raise httpx.TooManyRedirects("too many redirects")
        except _Reject as exc:
            result.error, result.unwanted = str(exc), exc.unwanted
        except (TimeoutError, asyncio.TimeoutError):  # distinct classes on Python 3.10
            result.error, transient = f"timed out after {self.config.total_timeout:g}s", True
        except httpx.TooManyRedirects:
            result.error = f"more than {self.config.max_redirects} redirects"
        except httpx.UnsupportedProtocol as exc:
            result.error = f"unsupported URL scheme ({exc})"
        except httpx.DecodingError:
            result.error = "corrupt content encoding"
        except httpx.TimeoutException as exc:
            result.error, transient = _timeout_reason(exc), True
        except httpx.HTTPError as exc:
            result.error, transient = _network_reason(exc), True
        result.retryable = transient
        result.content = b""
        return result

    async def _hop(self, url: str, headers: dict[str, str], result: Fetched,
                   accept: frozenset[str]) -> str | None:
        """One request; the next URL if it answered with a redirect, else None."""
        async with self.gate.slot(url):
            # wait_for, not asyncio.timeout (Python 3.11+): akhbar supports 3.10.
            return await asyncio.wait_for(self._request(url, headers, result, accept),
                                          self.config.total_timeout)

    async def _request(self, url: str, headers: dict[str, str], result: Fetched,
                       accept: frozenset[str]) -> str | None:
        async with self._client.stream("GET", url, headers=headers) as response:
            location = response.headers.get("location")
            if response.is_redirect and location:
                target = urljoin(str(response.url), location.strip())
                if not is_http_url(target):
                    raise _Reject(f"redirect to a non-http URL ({target[:80]})")
                result.final_url = target
                return target
            await self._read(response, result, accept)
            return None

    async def _read(self, response: httpx.Response, result: Fetched,
                    accept: frozenset[str]) -> None:
        result.status = response.status_code
        result.final_url = str(response.url)
        result.headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
        if "retry-after" in response.headers:
            result.headers["retry-after"] = response.headers["retry-after"]
        result.content_type = _mime(response)
        result.charset = response.charset_encoding
        if response.status_code == 304:
            return
        if not 200 <= response.status_code < 300:
            result.error = f"HTTP {response.status_code}"
            result.retryable = is_retryable_status(response.status_code)
            return
        if result.content_type and result.content_type not in accept:
            raise _Reject(f"content type {result.content_type} is not processed", unwanted=True)
        result.content = await self._body(response)

    async def _body(self, response: httpx.Response) -> bytes:
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
            raise _Reject(f"larger than {_size(limit)} (Content-Length {_size(int(declared))})")
        chunks, total = [], 0
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > limit:
                raise _Reject(f"larger than {_size(limit)}")
            chunks.append(chunk)
        return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _timeout_reason(exc: httpx.TimeoutException) -> str:
    kind = {"ConnectTimeout": "connect", "ReadTimeout": "read", "WriteTimeout": "write",
            "PoolTimeout": "pool"}.get(type(exc).__name__, "")
    return f"{kind} timeout".strip()


def _network_reason(exc: httpx.HTTPError) -> str:
    """A short reason for a transport error (``connection refused``, ``DNS lookup failed``...)."""
    import errno
    import socket
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "DNS lookup failed"
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        if isinstance(seen, OSError) and seen.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "network unreachable"
        seen = seen.__cause__ or seen.__context__
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "name or service not known" in lowered or "name resolution" in lowered \
            or "nodename nor servname" in lowered or "getaddrinfo" in lowered:
        return "DNS lookup failed"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({text})"
    return f"{type(exc).__name__}: {text}".replace("\n", " ")[:200]
