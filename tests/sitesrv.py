"""A real HTTP server on 127.0.0.1 for the fetching and crawling tests.

It serves a folder (``sample_pages/site``) the way a real news site would —
directory indexes, a redirect for a directory without its slash, ``ETag`` and
``Last-Modified`` with 304 answers to conditional requests, ``{{BASE}}`` in
text files replaced by the server's own URL (feeds and sitemaps need absolute
URLs) — and lets a test override any path with a ``Route``: a status code,
extra headers, a delay, a redirect, gzip transfer encoding, a huge body, or
"fail the first N times". Every request is logged (path, headers, time) so
tests can check what was, and was not, asked for.

``<root>/_site.json`` holds per-path ``headers``, ``redirects`` and
``statuses`` that belong to the site itself (e.g. a charset declared only in
the HTTP header).

A URL with a query string is served from the file named after its path plus
``@`` and the query (``/?p=77`` → ``index.html@p=77``, ``/list_r1.html?start=10``
→ ``list_r1.html@start=10``); routes may name ``path?query`` too.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".html": "text/html", ".htm": "text/html", ".xml": "application/xml",
         ".rss": "application/rss+xml", ".atom": "application/atom+xml", ".txt": "text/plain",
         ".gz": "application/x-gzip", ".json": "application/json", ".png": "image/png"}
FIXED_MTIME = 1764000000.0  # Last-Modified of every file: stable across test runs


@dataclass
class Route:
    status: int = 200
    body: bytes | None = None           # None: the file at the path (or 404)
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                     # seconds before answering (timeouts)
    redirect: str | None = None         # Location (status defaults to 302)
    gzip: bool = False                     # Content-Encoding: gzip
    fail_times: int = 0                    # answer ``status`` this many times, then serve normally
    validators: bool = True                # send ETag/Last-Modified and honour them
    stream_bytes: int = 0                  # send this many filler bytes (oversized pages)
    hits: int = 0


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (timeouts, size caps) is part of the tests: stay quiet."""
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class SiteServer:
    """``with SiteServer(root) as site: site.url("/")`` — see the module docstring."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else None
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        config = self._config()
        self._config_mtime = self._config_stamp()
        self._site_headers: dict[str, dict[str, str]] = config.get("headers", {})
        for path, (target, status) in config.get("redirects", {}).items():
            self.routes[path] = Route(status=status, redirect=target)
        for path, status in config.get("statuses", {}).items():
            self.routes[path] = Route(status=status, body=b"")
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    def _config_stamp(self) -> float:
        path = self.root / "_site.json" if self.root else None
        return path.stat().st_mtime_ns if path and path.is_file() else 0

    def _config(self) -> dict:
        if self.root and (self.root / "_site.json").is_file():
            return json.loads((self.root / "_site.json").read_text("utf-8"))
        return {}

    @property
    def site_headers(self) -> dict[str, dict[str, str]]:
        """Per-path headers of ``_site.json``, read again when the file changes."""
        stamp = self._config_stamp()
        if stamp != self._config_mtime:
            self._config_mtime = stamp
            self._site_headers = self._config().get("headers", {})
        return self._site_headers

    # -- test API -------------------------------------------------------------

    def route(self, path: str, **kwargs: object) -> Route:
        route = Route(**kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def url(self, path: str = "/") -> str:
        return self.base + path.lstrip("/")

    def requests(self, path: str | None = None) -> list[Logged]:
        with self.lock:
            return [r for r in self.log if path is None or r.path == path]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests()]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    # -- lifecycle --------------------------------------------------------------

    def __enter__(self) -> SiteServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        handler = _make_handler(self)
        self._server = _Server(("127.0.0.1", 0), handler)
        host, port = self._server.server_address[:2]
        self.base = f"http://{host}:{port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True,
                                        name="sitesrv")
        self._thread.start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    # -- content ------------------------------------------------------------------

    def file_for(self, path: str) -> Path | None:
        if self.root is None:
            return None
        path, _, query = path.partition("?")
        target = (self.root / unquote(path).lstrip("/")).resolve()
        if self.root.resolve() not in target.parents and target != self.root.resolve():
            return None
        if target.is_dir():
            target = target / "index.html"
        if query:
            target = target.with_name(f"{target.name}@{unquote(query)}")
        return target if target.is_file() else None

    def render(self, data: bytes, name: str) -> bytes:
        """Replace ``{{BASE}}`` in text (and gzip-wrapped text) files."""
        if name.endswith(".gz"):
            inner = gzip.decompress(data)
            if b"{{BASE}}" in inner:
                return gzip.compress(inner.replace(b"{{BASE}}", self.base.encode()), mtime=0)
            return data
        return data.replace(b"{{BASE}}", self.base.encode())


def _make_handler(site: SiteServer) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            parts = urlsplit(self.path)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            entry = Logged("GET", path, {k.lower(): v for k, v in self.headers.items()},
                           time.monotonic())
            with site.lock:
                site.log.append(entry)
            self._entry = entry
            try:
                self._answer(path)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _answer(self, path: str) -> int:
            route = site.routes.get(path) or site.routes.get(path.partition("?")[0])
            if route is not None:
                route.hits += 1
                if route.delay:
                    time.sleep(route.delay)
                if route.redirect:
                    return self._send(route.status if route.status != 200 else 302, b"",
                                      {"Location": route.redirect})
                if route.fail_times and route.hits > route.fail_times:
                    return self._file(path, None)
                if route.stream_bytes:
                    return self._stream(route)
                if route.body is not None or route.status != 200:
                    return self._send(route.status, route.body or b"", dict(route.headers),
                                      route.content_type, route.gzip, route.validators)
            return self._file(path, route)

        def _file(self, path: str, route: Route | None) -> int:
            found = site.file_for(path)
            if found is None:
                return self._send(404, b"<h1>Not found</h1>", {}, "text/html")
            bare = path.partition("?")[0]
            if (site.root / bare.lstrip("/")).is_dir() and not bare.endswith("/"):
                return self._send(301, b"", {"Location": bare + "/"})
            data = site.render(found.read_bytes(), found.name)
            headers = dict(site.site_headers.get(path, {}))
            if route is not None:
                headers.update(route.headers)
            suffix = Path(found.name.partition("@")[0]).suffix
            ctype = headers.pop("Content-Type", None) or TYPES.get(suffix, "application/octet-stream")
            return self._send(200, data, headers, ctype, bool(route and route.gzip),
                              route.validators if route else True)

        def _send(self, status: int, body: bytes, headers: dict[str, str],
                  content_type: str | None = None, gzipped: bool = False,
                  validators: bool = False) -> int:
            if validators and status == 200:
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = formatdate(FIXED_MTIME, usegmt=True)
                headers.setdefault("ETag", etag)
                headers.setdefault("Last-Modified", modified)
                if self._not_modified(etag, FIXED_MTIME):
                    status, body = 304, b""
            if gzipped and status == 200 and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._entry.status = status  # before the client can see the answer
            self.send_response(status)
            if content_type and status != 304:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status

        def _not_modified(self, etag: str, mtime: float) -> bool:
            inm = self.headers.get("If-None-Match")
            if inm is not None:
                return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
            ims = self.headers.get("If-Modified-Since")
            if ims:
                try:
                    return parsedate_to_datetime(ims).timestamp() >= int(mtime)
                except (TypeError, ValueError):
                    return False
            return False

        def _stream(self, route: Route) -> int:
            """A large body in chunks, without Content-Length (the size is found by reading)."""
            self._entry.status = 200
            self.send_response(200)
            self.send_header("Content-Type", route.content_type or "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            sent = 0
            while sent < route.stream_bytes:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
            return 200

    return Handler


SAMPLE_SITE = Path(__file__).resolve().parent.parent / "sample_pages" / "site"


def site_fixture():
    """``site`` fixture body: the sample news site on a fresh port (import it into a test module)."""
    import pytest

    @pytest.fixture
    def site():
        with SiteServer(SAMPLE_SITE) as server:
            yield server
    return site
