"""Ingest alone, for instruction counts: save pickled benchmark articles, nothing else.

``benchmarks/storage.py`` measures ingest by wall and CPU time, which a shared
machine makes noisy; instruction counts are not. This driver saves the same
generated articles (``storage.Generator``, pickled once so that every tree
saves byte-identical records) and does nothing else, so that the count of a
run minus the count of a ``none`` run (the same process without saving) is
what saving costs::

    python -m benchmarks.ingest --write /tmp/articles-10k.pickle 10000
    PYTHONHASHSEED=0 setarch -R valgrind --tool=cachegrind --cache-sim=no \\
        --cachegrind-out-file=/tmp/cg-page.out \\
        python benchmarks/ingest.py /tmp/articles-10k.pickle page   # or batch, none

It runs as a plain script too (``python benchmarks/ingest.py``), so an older
checkout can be measured with ``PYTHONPATH=OLD/src:OLD`` and the same pickle.
Modes: ``page`` (``Archive.save``, one transaction per page), ``batch``
(``Archive.save_many``, 200 pages per transaction, as ``akhbar load``), ``none``
(open the archive, load the articles, save nothing). Every mode ends with
``flush_index`` and prints the archive's size per article.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path

BATCH = 200  # BULK_BATCH_PAGES at the time of writing; fixed so trees compare equal


def write_articles(path: Path, n: int) -> None:
    """Pickle ``n`` articles of ``benchmarks.storage.Generator`` (the storage benchmark's)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.storage import Generator
    gen = Generator()
    path.write_bytes(pickle.dumps([gen.article(i) for i in range(n)]))


def ingest(articles: list, mode: str, db: Path) -> int:
    """Save ``articles`` into a new archive at ``db`` as ``mode`` says; its size in bytes."""
    from akhbar.storage import Archive
    with Archive.open(db) as archive:
        if mode == "page":
            for article in articles:
                archive.save(article)
        elif mode == "batch":
            for i in range(0, len(articles), BATCH):
                results = archive.save_many([(a, None, None) for a in articles[i:i + BATCH]])
                assert not any(isinstance(r, Exception) for r in results), results
        archive.flush_index()
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", type=Path, help="write N generated articles to this pickle")
    parser.add_argument("args", nargs="+", help="N (with --write), or PICKLE MODE")
    args = parser.parse_args(argv)
    if args.write:
        write_articles(args.write, int(args.args[0]))
        return
    source, mode = Path(args.args[0]), args.args[1]
    if mode not in ("page", "batch", "none"):
        parser.error("mode: page, batch or none")
    articles = pickle.loads(source.read_bytes())
    with tempfile.TemporaryDirectory(prefix="akhbar-ingest-") as tmp:
        size = ingest(articles, mode, Path(tmp) / "ingest.db")
    import akhbar.storage
    print(f"{mode}: {len(articles)} articles, {size / len(articles):.0f} bytes/article "
          f"({Path(akhbar.storage.__file__).parent})")


if __name__ == "__main__":
    main()
