"""Fuzz the extractor: mutated sample pages and random bytes, for minutes rather than seconds.

The property suite (``tests/test_properties.py``) runs the same checks with a
small Hypothesis budget on every test run; this script is the long run::

    python -m benchmarks.fuzz --seconds 600            # report on stdout
    python -m benchmarks.fuzz --max-inputs 2000 --json  # one JSON object
    python -m benchmarks.fuzz --measure                 # time the known-slow inputs

Each input is extracted twice (``extract``: must not raise, must give the same
record both times, and the record must keep its invariants) and once through
``bounded_extract`` with the default limits (only ``ExtractionLimit`` may come
out). Failing inputs are written to ``--save-failures DIR`` for replay.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.extraction import shared_dir

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PAGES = REPO / "sample_pages"
BENCH_PAGES = shared_dir() / "benchmarks" / "article-extraction" / "html"
CONTROL_CHARS = set("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                    "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") | {chr(c) for c in range(0x80, 0xa0)}

SNIPPETS = [
    b"<div>" * 3000 + b"deep" + b"</div>" * 3000,
    b"<span><b><i>" * 2000,
    b"\x1b[31m\x1b]0;title\x07\x08\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xe2\x80\x8f",
    b"<meta charset='windows-1256'>", b"<meta charset='utf-16'>", b"<meta charset='bogus-42'>",
    b"<?xml version='1.0' encoding='iso-8859-6'?>", b"\xef\xbb\xbf", b"\xff\xfe",
    b"<base href='javascript:alert(1)'>", b"<link rel='canonical' href='data:text/html,x'>",
    b"<link rel='canonical' href='file:///etc/passwd'>", b"<a href='//evil.example/x'>x</a>",
    b"<meta property='og:url' content='http://[::1'>", b"<link rel=canonical href='http://%zz/'>",
    b"<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":[1,{},null],"
    b"\"datePublished\":{\"x\":1},\"author\":[[[]]],\"comment\":[{\"text\":7}]}</script>",
    b"<script type='application/ld+json'>{" * 500 + b"</script>",
    b"<time datetime='9999-99-99T99:99'>31 \xd9\x81\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x8a\xd8\xb1 2026</time>",
    b"<table>" + b"<tr><td>" * 500, b"<select>" + b"<option>x" * 500, b"<![CDATA[" + b"]" * 50,
    b"<!--", b"<script>", b"<style>", b"<textarea>", b"<plaintext>", b"</body></html><p>after",
    b"<li class='comment'><ul class='children'>" * 400,
    b"<div class='" + b"x " * 20000 + b"'>", b"<a href='" + b"/a" * 20000 + b"'>long</a>",
    b"&#0;&#x110000;&#xD800;&#128;&amp&lt;&nonexistent;" * 50,
    bytes(range(256)),
]


# -- mutations ----------------------------------------------------------------------

def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _tag_spans(data: bytes) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    while len(spans) < 5000:
        start = data.find(b"<", pos)
        if start < 0:
            break
        end = data.find(b">", start)
        if end < 0:
            break
        spans.append((start, end + 1))
        pos = end + 1
    return spans


def drop_tags(rng: random.Random, data: bytes) -> bytes:
    spans = _tag_spans(data)
    for start, end in sorted(rng.sample(spans, min(len(spans), rng.randint(1, 20))), reverse=True):
        data = data[:start] + data[end:]
    return data


def duplicate_tags(rng: random.Random, data: bytes) -> bytes:
    spans = _tag_spans(data)
    for start, end in sorted(rng.sample(spans, min(len(spans), rng.randint(1, 20))), reverse=True):
        data = data[:end] + data[start:end] * rng.randint(1, 50) + data[end:]
    return data


def insert_snippet(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(SNIPPETS) + data[at:]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[:rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    truncate, flip_bytes, drop_tags, duplicate_tags, insert_snippet]


def mutate(rng: random.Random, page: bytes, pool: list[bytes]) -> bytes:
    """One to three mutations of ``page`` (sometimes spliced with another page)."""
    if rng.random() < 0.1 and pool:
        page = splice(rng, page, rng.choice(pool))
    for _ in range(rng.randint(1, 3)):
        page = rng.choice(MUTATIONS)(rng, page)
    return page


def seed_pages(include_benchmark: bool = False) -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(SAMPLE_PAGES.rglob("*.html"))]
    if include_benchmark and BENCH_PAGES.is_dir():
        pages += [gzip.decompress(p.read_bytes()) for p in sorted(BENCH_PAGES.glob("*.html.gz"))]
    return pages or [b"<html><body><h1>t</h1><p>text</p></body></html>"]


# -- the checks ---------------------------------------------------------------------

def record_problems(record: dict) -> list[str]:
    """Invariants every record must keep, whatever the input."""
    problems = []
    for name in ("url", "site", "headline", "source", "author", "published", "language",
                 "body", "comment_notice"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(f"{name} is {type(value).__name__}")
        elif value and CONTROL_CHARS.intersection(value):
            problems.append(f"{name} has control characters")
    url = record.get("url")
    if url and not url.startswith(("http://", "https://", "urn:")):
        problems.append(f"url is not http(s): {url[:60]!r}")
    for link in record.get("related") or []:
        if not str(link.get("url", "")).startswith(("http://", "https://")):
            problems.append(f"related url is not http(s): {str(link.get('url'))[:60]!r}")
    for i, comment in enumerate(record.get("comments") or []):
        parent = comment.get("parent")
        if parent is not None and not 0 <= parent < i:
            problems.append(f"comment {i} has parent {parent}")
        if CONTROL_CHARS.intersection(comment.get("text") or ""):
            problems.append(f"comment {i} has control characters")
    if not isinstance(record.get("comment_count"), int) or record["comment_count"] < 0:
        problems.append("comment_count is not a count")
    return problems


def check(data: bytes, url: str | None = "https://news.example/news/1.html") -> str | None:
    """None if ``data`` passes every check, else a one-line description of the failure."""
    from akhbar.scrapers import extract
    from akhbar.scrapers.limits import ExtractionLimit, bounded_extract
    try:
        first = extract(data, url).to_dict()
        second = extract(data, url).to_dict()
    except Exception as exc:  # noqa: BLE001 - that is what we look for
        return f"extract raised {type(exc).__name__}: {exc}"[:300]
    if first != second:
        return "extract is not deterministic"
    problems = record_problems(first)
    if problems:
        return "; ".join(problems)[:300]
    try:
        bounded = bounded_extract(data, url).article.to_dict()
    except ExtractionLimit:
        return None
    except Exception as exc:  # noqa: BLE001
        return f"bounded_extract raised {type(exc).__name__}: {exc}"[:300]
    if bounded != first:
        return "bounded_extract and extract disagree"
    return None


@dataclass
class Report:
    seed: int
    inputs: int = 0
    failures: int = 0
    crashes: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    examples: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"fuzz: {self.inputs} inputs tried in {self.seconds:.0f} s (seed {self.seed}), "
                f"{self.crashes} crashes, {self.failures} failures; slowest input {self.slowest:.2f} s")


def run(seconds: float, max_inputs: int | None, seed: int, save: Path | None,
        include_benchmark: bool) -> Report:
    rng = random.Random(seed)
    pool = seed_pages(include_benchmark)
    report = Report(seed)
    started = time.monotonic()
    while time.monotonic() - started < seconds and (max_inputs is None or report.inputs < max_inputs):
        roll = rng.random()
        if roll < 0.1:
            data = rng.randbytes(rng.randrange(4096))
        else:
            data = mutate(rng, rng.choice(pool), pool)
        t0 = time.monotonic()
        failure = check(data)
        report.slowest = max(report.slowest, time.monotonic() - t0)
        report.inputs += 1
        if failure:
            report.failures += 1
            report.crashes += "raised" in failure
            if len(report.examples) < 20:
                report.examples.append(failure)
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{hashlib.sha256(data).hexdigest()[:16]}.html").write_bytes(data)
    report.seconds = time.monotonic() - started
    return report


def measure() -> None:
    """Time Lexbor's parse and the whole extraction on the known-slow shapes."""
    from selectolax.lexbor import LexborHTMLParser

    from akhbar.scrapers import extract
    para = "<p>" + "كلمة عربية وأخرى " * 20 + "</p>\n"
    cases = {
        "50 MB of paragraphs": "<html><body><article>" + para * (50_000_000 // len(para.encode())),
        "20,000 nested <div>": "<body>" + "<div>" * 20_000 + "x" + "</div>" * 20_000,
        "100,000 nested <span>": "<body><p>" + "<span>" * 100_000 + "x" + "</span>" * 100_000,
        "one 10 MB line": "<body><p>" + "a b c d e f " * 850_000,
        "10 MB attribute": "<body><div class='" + "x " * 5_000_000 + "'><p>hello</p></div>",
    }
    for name, html in cases.items():
        t0 = time.perf_counter()
        LexborHTMLParser(html)
        t1 = time.perf_counter()
        extract(html, "https://news.example/a.html")
        t2 = time.perf_counter()
        print(f"{name:24s} Lexbor parse {t1 - t0:6.2f} s   akhbar extract (capped) {t2 - t1:6.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-inputs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-failures", type=Path, default=None)
    parser.add_argument("--benchmark-pages", action="store_true",
                        help="also mutate the article-extraction benchmark pages")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", action="store_true", help="time the known-slow inputs and exit")
    args = parser.parse_args(argv)
    if args.measure:
        measure()
        return 0
    report = run(args.seconds, args.max_inputs, args.seed, args.save_failures, args.benchmark_pages)
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    else:
        print(report.line())
        for example in report.examples:
            print("  " + example)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
