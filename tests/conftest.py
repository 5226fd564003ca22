"""Shared test fixtures: where the sample pages live, and a real local web server.

Tests never reach the internet. Code that fetches pages is tested against a real
``http.server`` bound to 127.0.0.1 on a free port, serving a directory of files,
so the HTTP client, redirects, headers and decoding are exercised for real.
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAGES_DIR = REPO_ROOT / "sample_pages"


def _register_benchmarks() -> None:
    """Make the checkout's ``benchmarks`` package (data loading and scoring that the
    quality tests share with the benchmarks) importable under plain ``pytest`` too.

    Only that one package is registered, by file location: putting the checkout on
    ``sys.path`` would also expose ``cli/``, ``scrapers/`` and ``storage/`` as
    top-level packages, and the tests must use the installed ``akhbar``.
    """
    if "benchmarks" in sys.modules or importlib.util.find_spec("benchmarks") is not None:
        return
    spec = importlib.util.spec_from_file_location(
        "benchmarks", REPO_ROOT / "benchmarks" / "__init__.py",
        submodule_search_locations=[str(REPO_ROOT / "benchmarks")])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmarks"] = module
    spec.loader.exec_module(module)


_register_benchmarks()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files from ``directory``; keeps request logs out of test output."""

    # Pages must reach the client with their bytes untouched: no guessing of a
    # charset, so a windows-1256 page is decoded from its own <meta> as a browser would.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html", ".htm": "text/html",
                      ".json": "application/json", ".rss": "application/rss+xml",
                      ".xml": "application/xml"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@contextlib.contextmanager
def serve_directory(root_dir: str | Path) -> Iterator[str]:
    """Serve ``root_dir`` over HTTP on 127.0.0.1 (free port) until the block exits.

    Yields the base URL, ending in ``/`` (``http://127.0.0.1:PORT/``).
    """
    root = Path(root_dir)
    if not root.is_dir():
        raise NotADirectoryError(f"cannot serve {root}: not a directory")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http_site:{root.name}",
                              daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def sample_pages_dir() -> Path:
    """``<repo>/sample_pages``: one folder per site (``nadorcity/``, ``generic/``...)."""
    return SAMPLE_PAGES_DIR


@pytest.fixture
def http_site() -> Iterator[Callable[[str | Path], str]]:
    """Factory: ``base_url = http_site(root_dir)`` serves a directory on 127.0.0.1.

    Every server started in a test is shut down when the test ends. Example::

        def test_fetch(http_site, sample_pages_dir):
            base = http_site(sample_pages_dir / "nadorcity")
            response = httpx.get(base + "article.html")
    """
    with contextlib.ExitStack() as stack:
        def start(root_dir: str | Path) -> str:
            return stack.enter_context(serve_directory(root_dir))
        yield start
