"""Storage benchmark: a synthetic archive at 10k and 100k articles.

Run from the repository root::

    python -m benchmarks.storage [--sizes 10000,100000] [--load-pages 10000] [--json PATH]
                                 [--sketch-compare]

What is measured (each size in a fresh archive in a temporary folder):

- ingest: ``Archive.save`` of generated articles (Arabic and English mixed,
  0-8 comments each, 3% exact reposts under another URL, 3% reposts with an
  added intro and footer), one transaction per page, with FTS and dedup on:
  articles/s by wall clock and by this process's CPU time (the machine may be
  shared: CPU time is what the code costs). Also with ``Archive.save_many``
  (``BULK_BATCH_PAGES`` per transaction, as ``akhbar load`` saves) on 10k.
  New articles are queued for the full-text index and indexed in batches (schema 3): the time includes
  indexing everything still queued at the end (``flush_index``), so every
  article counted is searchable.
- size: database bytes per article (after a WAL checkpoint).
- search: p50/p95 of ``Archive.search`` (200 queries of 1-2 content words
  and phrases, snippets included, analysed as ``docs/search.md`` describes:
  each Arabic word also tried with and without a bare clitic; and,
  separately, 50 single function-word queries matching nearly every
  article: the worst case; and the first 100 queries with ``exact=True``,
  whose candidates are checked against the folded text), list: p50/p95 of
  ``list_articles`` (plain, by site, by date), dupes: the first ``dupes``
  (which sketches every article) and a later one.
- load from disk: ``akhbar load DIR`` as a subprocess over N generated HTML
  page files (real extraction), with its peak RSS (ru_maxrss of the child);
  run at N/5 and N to show memory does not grow with the number of inputs
  (peak RSS read from the child's own ``VmHWM``).

Targets (2-core machine): ingest >= 2,000 articles/s, search p95 <= 50 ms at
100k, peak RSS <= 200 MB for any number of input pages, database size per
article at most 25 % above schema 4's 7.2 KB (the stemmed index of schema 5).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from akhbar.scrapers.record import Article, Comment
from akhbar.storage import BULK_BATCH_PAGES, Archive
from akhbar.storage.dupes import SketchIndex

ROOT = Path(__file__).resolve().parents[1]

AR_WORDS = ("الحكومة المغرب الناظور المدينة مشروع الأشغال الساكنة الجماعة المجلس الوزير "
            "البرلمان الانتخابات الشباب التعليم الصحة المستشفى الطريق الميناء الكورنيش "
            "الاقتصاد الاستثمار الفلاحة الماء الأمطار الجفاف السوق الأسعار الشرطة المحكمة "
            "الجمعية المواطنين الحدود مليلية إسبانيا أوروبا الهجرة العمال الرياضة الفريق "
            "المباراة الملعب الثقافة المهرجان الفنان الكتاب الجامعة الطلبة البحث الدراسة "
            "أعلنت أكدت قالت أوضح أشار كشف طالب دعا قرر انطلقت استمرت تم سيتم خلال بعد قبل "
            "في من على إلى عن مع هذا هذه التي الذي كما حيث لكن أيضا وذلك بين حول منذ "
            "الأسبوع الماضي المقبل اليوم أمس مساء صباح السنة الشهر مليون درهم نسبة المائة").split()
EN_WORDS = ("the council city port project works residents budget minister election youth "
            "school health hospital road market prices police court association border "
            "migration workers football match stadium festival university students study "
            "announced said explained added called decided started continued during after "
            "before in of on to with this that which also between about since week last "
            "next today yesterday evening morning year month million percent").split()
HOSTS = [f"www.news{i}.example" for i in range(19)] + ["www.nadorcity.com"]


AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
EN_LETTERS = "abcdefghijklmnoprstuvwy"


def _vocabulary(rng: random.Random, letters: str, size: int, prefix: str = "") -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < size:
        seen[prefix * (rng.random() < 0.3) + "".join(
            rng.choice(letters) for _ in range(rng.randint(3, 8)))] = None
    return list(seen)


class Generator:
    """Deterministic synthetic articles; some exact and some near reposts of earlier ones.

    Text mixes frequent function words (about 45% of tokens, as in real news)
    with content words drawn from a 20,000-word vocabulary per language by a
    Zipf law, so search terms have realistic, mostly modest document counts.
    """

    CONTENT_WORDS = 20_000

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        vocab_rng = random.Random(1)
        self.vocab = {False: _vocabulary(vocab_rng, AR_LETTERS, self.CONTENT_WORDS, "ال"),
                      True: _vocabulary(vocab_rng, EN_LETTERS, self.CONTENT_WORDS)}
        weights, total = [], 0.0
        for rank in range(1, self.CONTENT_WORDS + 1):
            total += 1.0 / rank
            weights.append(total)
        self.cum_weights = weights
        self.recent: list[Article] = []

    def words(self, n: int, english: bool) -> str:
        rng = self.rng
        common = EN_WORDS if english else AR_WORDS
        content = rng.choices(self.vocab[english], cum_weights=self.cum_weights, k=n)
        return " ".join(rng.choice(common) if rng.random() < 0.45 else content[i]
                        for i in range(n))

    def fresh(self, i: int) -> Article:
        rng = self.rng
        english = rng.random() < 0.3
        body = "\n\n".join(self.words(rng.randint(30, 60), english) + "."
                           for _ in range(rng.randint(4, 8)))
        comments = [Comment(self.words(rng.randint(8, 30), rng.random() < 0.3),
                            author=f"user{rng.randint(1, 5000)}",
                            published=f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                            parent=(rng.randint(0, k - 1) if k and rng.random() < 0.3 else None))
                    for k in range(rng.choice((0, 0, 1, 2, 3, 5, 8)))]
        host = rng.choice(HOSTS)
        return Article(url=f"https://{host}/news/{i}.html", site=host,
                       headline=self.words(rng.randint(6, 10), english), body=body,
                       language="en" if english else "ar",
                       published=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                       comments_enabled=True, comment_count=len(comments), comments=comments)

    def article(self, i: int) -> Article:
        roll = self.rng.random()
        if self.recent and roll < 0.06:
            base = self.rng.choice(self.recent)
            host = self.rng.choice(HOSTS)
            body = base.body if roll < 0.03 else (
                self.words(8, False) + ".\n\n" + base.body + "\n\n" + self.words(6, False))
            return Article(url=f"https://{host}/repost/{i}.html", site=host,
                           headline=base.headline, body=body, language=base.language)
        article = self.fresh(i)
        self.recent = (self.recent + [article])[-200:]
        return article


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(pick(0.5) * 1000, 2), "p95_ms": round(pick(0.95) * 1000, 2)}


def timed(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def ingest(archive: Archive, n: int, batch: int = 0) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to save n generated articles (generation excluded)."""
    gen = Generator()
    articles = [gen.article(i) for i in range(n)]
    start, cpu = time.perf_counter(), time.process_time()
    if batch:
        for i in range(0, n, batch):
            results = archive.save_many([(a, None, None) for a in articles[i:i + batch]])
            assert not any(isinstance(r, Exception) for r in results)
    else:
        for article in articles:
            archive.save(article)
    archive.flush_index()  # the deferred indexing is part of the cost of ingesting
    return time.perf_counter() - start, time.process_time() - cpu


def query_set(gen: Generator, rng: random.Random) -> tuple[list[str], list[str]]:
    """(typical queries, worst-case queries): content words of rank 10-5000, and function words."""
    typical = []
    for _ in range(200):
        english = rng.random() < 0.3
        words = gen.vocab[english]

        def pick(words: list[str] = words) -> str:
            return words[rng.randint(10, 5000)]

        kind = rng.random()
        typical.append(pick() if kind < 0.5 else f"{pick()} {pick()}" if kind < 0.8
                       else f'"{pick()} {pick()}"')
    common = [rng.choice(AR_WORDS) for _ in range(50)]
    return typical, common


def measure_size(n: int, workdir: Path) -> dict[str, Any]:
    path = workdir / f"bench-{n}.db"
    with Archive.open(path) as archive:
        seconds, cpu = ingest(archive, n)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stats = archive.stats()
        queries, common = query_set(Generator(), random.Random(11))
        for q in queries[:20]:
            archive.search(q)  # warm the page cache as a real user's second query would
        search = [t for q in queries for t in timed(lambda q=q: archive.search(q), 1)]
        search_common = [t for q in common for t in timed(lambda q=q: archive.search(q), 1)]
        search_exact = [t for q in queries[:100]
                        for t in timed(lambda q=q: archive.search(q, exact=True), 1)]
        lists = (timed(lambda: archive.list_articles(limit=50), 30)
                 + timed(lambda: archive.list_articles(site="news3.example", limit=50), 30)
                 + timed(lambda: archive.list_articles(since="2026-12-01", limit=50), 30))
        index = SketchIndex(archive.db)
        start = time.perf_counter()
        index.backfill()  # first `dupes` on this archive: sketches every article
        backfill_s = time.perf_counter() - start
        pairs = list(index.pairs(0.8))
        dupes_s = time.perf_counter() - start
        start = time.perf_counter()
        index.backfill()  # a later `dupes`: nothing new to sketch
        list(index.pairs(0.8))
        dupes_again_s = time.perf_counter() - start
    size = path.stat().st_size
    result = {
        "articles_in": n, "articles_stored": stats["articles"], "aliases": stats["aliases"],
        "comments": stats["comments"],
        "ingest_articles_per_s": round(n / seconds), "ingest_seconds": round(seconds, 1),
        "ingest_articles_per_cpu_s": round(n / cpu),
        "db_bytes_per_article": round(size / n), "db_mb": round(size / 1e6, 1),
        "search": percentiles(search), "search_function_words": percentiles(search_common),
        "search_exact": percentiles(search_exact),
        "list": percentiles(lists),
        "dupes_first_run_seconds": round(dupes_s, 2),
        "dupes_sketching_seconds": round(backfill_s, 2),
        "dupes_later_run_seconds": round(dupes_again_s, 2), "dupe_pairs_at_0.8": len(pairs),
    }
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return result


def measure_batch(n: int, workdir: Path) -> dict[str, Any]:
    """Ingest as ``akhbar load`` saves: ``BULK_BATCH_PAGES`` pages per transaction."""
    path = workdir / "batch.db"
    with Archive.open(path) as archive:
        seconds, cpu = ingest(archive, n, batch=BULK_BATCH_PAGES)
    path.unlink()
    return {"articles": n, "batch": BULK_BATCH_PAGES, "ingest_articles_per_s": round(n / seconds),
            "ingest_articles_per_cpu_s": round(n / cpu)}


# -- loading page files from disk --------------------------------------------------


def render(article: Article) -> str:
    from html import escape
    paras = "".join(f"<p>{escape(p)}</p>" for p in article.body.split("\n\n"))
    comments = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><span class="fn">{escape(c.author or "")}</span></div>'
        f'</footer><div class="comment-content"><p>{escape(c.text)}</p></div></article></li>'
        for c in article.comments)
    nav = "".join(f'<a href="/c/{i}">{w}</a> ' for i, w in enumerate(AR_WORDS[:12]))
    return (f'<!DOCTYPE html><html lang="{article.language}"><head><meta charset="utf-8">'
            f'<title>{escape(article.headline or "")}</title>'
            f'<link rel="canonical" href="{article.url}"></head><body><nav>{nav}</nav>'
            f'<article><h1>{escape(article.headline or "")}</h1><div class="entry-content">{paras}'
            f'</div><ol class="comment-list">{comments}</ol></article>'
            f'<footer>{escape(AR_WORDS[3])} ©</footer></body></html>')


def write_pages(folder: Path, n: int) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed=99)
    for i in range(n):
        path = folder / f"{i // 1000:03d}" / f"page-{i:06d}.html"
        path.parent.mkdir(exist_ok=True)
        path.write_text(render(gen.fresh(i)), encoding="utf-8")
        yield path


def load_from_disk(n: int, workdir: Path) -> dict[str, Any]:
    """``akhbar load FOLDER`` over n page files in a child process; its peak RSS."""
    folder = workdir / f"pages-{n}"
    for _ in write_pages(folder, n):
        pass
    db = workdir / f"load-{n}.db"
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child
    # forked from this (large) benchmark process would report the parent's size.
    script = ("import sys\nfrom akhbar.cli.main import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
              "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
              "print('MAXRSS_KB', hwm[0], file=sys.stderr)\n"
              "sys.exit(code)\n")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script, "load", str(folder), "--db", str(db),
                           "--quiet"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rss_kb = next((int(line.split()[1]) for line in proc.stderr.splitlines()
                   if line.startswith("MAXRSS_KB")), 0)
    return {"pages": n, "exit_code": proc.returncode, "summary": proc.stdout.strip(),
            "seconds": round(seconds, 1), "pages_per_s": round(n / seconds),
            "peak_rss_mb": round(rss_kb / 1024, 1)}


# -- sketch: hand-written one-permutation MinHash vs datasketch ----------------------------


def sketch_compare(n: int = 2000) -> dict[str, Any]:
    from akhbar.storage.dupes import shingle_hashes, signature
    from akhbar.storage.textnorm import fold, words
    gen = Generator()
    texts = [fold(gen.article(i).body) for i in range(n)]
    start = time.process_time()
    for text in texts:
        signature(shingle_hashes(text))
    ours = (time.process_time() - start) / n
    result: dict[str, Any] = {"articles": n, "akhbar_oph_minhash_ms": round(ours * 1000, 3)}
    try:
        from datasketch import MinHash
    except ImportError:
        result["datasketch"] = "not installed"
        return result
    start = time.process_time()
    for text in texts:
        tokens = words(text)
        m = MinHash(num_perm=63)
        m.update_batch([" ".join(tokens[i:i + 3]).encode("utf-8")
                        for i in range(len(tokens) - 2)])
    result["datasketch_minhash_ms"] = round((time.process_time() - start) / n * 1000, 3)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--load-pages", type=int, default=10000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sketch-compare", action="store_true")
    args = parser.parse_args(argv)
    if args.sketch_compare:
        print(json.dumps(sketch_compare(), indent=2))
        return
    results: dict[str, Any] = {"sizes": {}}
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-") as tmp:
        workdir = Path(tmp)
        for n in [int(x) for x in args.sizes.split(",") if x]:
            results["sizes"][n] = measure_size(n, workdir)
            print(json.dumps({n: results["sizes"][n]}), flush=True)
        if results["sizes"]:
            results["batch"] = measure_batch(min(10000, max(results["sizes"])), workdir)
            print(json.dumps({"batch": results["batch"]}), flush=True)
        if args.load_pages:
            results["load"] = [load_from_disk(k, workdir)
                               for k in sorted({max(1, args.load_pages // 5), args.load_pages})]
            for row in results["load"]:
                print(json.dumps({"load": row}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
