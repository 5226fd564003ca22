"""``akhbar bulk``: extract the HTML responses of WARC files on a Dask cluster into Parquet parts.

For collections that outgrow one machine (a month of Common Crawl's CC-NEWS,
several crawlers' output): the pure extractor is mapped over byte ranges of
the WARC files (``bulk_tasks.py``) on ``dask.distributed``, an existing cluster
(``--scheduler``) or a local one of ``--workers`` processes, and every range
becomes one Parquet part in ``--output``. ``akhbar load OUTPUT`` then merges the
parts into an archive with the usual deduplication (``parquet_input.py``).

Dask, pyarrow and fsspec are the optional ``scale`` extra, imported only when
the command runs, so that ``akhbar`` starts as fast without them.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from .app import app, guarded
from .exitcodes import OK, SOME_FAILED, USAGE, CliError
from .inputs import is_warc_name
from .output import Output
from .parallel import default_jobs
from .parquet_input import SCALE_HINT

MIN_CHUNK = 1024 * 1024
MAX_CHUNK = 64 * 1024 * 1024
CHUNKS_PER_WORKER = 4  # ranges per worker thread at least: the last ones balance the load


@dataclass
class WarcFile:
    name: str  # absolute local path, or the fsspec URL
    size: int


@dataclass
class Totals:
    records: int = 0
    extracted: int = 0
    not_articles: int = 0
    failed: int = 0
    parts: int = 0
    failed_ranges: int = 0
    extract_seconds: float = 0.0
    cpu_seconds: float = 0.0
    skips: dict[str, int] = field(default_factory=dict)

    def add(self, result: Any) -> None:
        self.records += result.records
        self.extracted += result.extracted
        self.not_articles += result.not_articles
        self.failed += result.failed
        self.parts += result.written
        self.extract_seconds += result.extract_seconds
        self.cpu_seconds += result.cpu_seconds
        for why, count in result.skips.items():
            self.skips[why] = self.skips.get(why, 0) + count


def _scale_modules() -> tuple[Any, Any]:
    """``(fsspec, dask.distributed)``, or a one-line usage error naming the extra."""
    try:
        import dask.distributed
        import fsspec
        import pyarrow  # noqa: F401
    except ImportError:
        raise CliError(f"bulk needs Dask, pyarrow and fsspec: {SCALE_HINT}", USAGE) from None
    return fsspec, dask.distributed


@app.command("bulk")
@guarded
def bulk_cmd(sources: list[str] = typer.Argument(
                 ..., help="WARC files (.warc, .warc.gz): paths, globs, folders or fsspec URLs "
                           "(s3://..., https://...)."),
             output: str = typer.Option(..., "--output", "-o",
                                        help="Folder (or fsspec URL) for the Parquet parts; "
                                             "every Dask worker must be able to write there."),
             scheduler: str | None = typer.Option(None, "--scheduler",
                                                  help="Address of a running Dask scheduler "
                                                       "(tcp://HOST:8786)."),
             workers: int | None = typer.Option(None, "--workers", min=1,
                                                help="Worker processes of the local cluster "
                                                     "(default: the number of usable CPUs)."),
             chunk_mb: float | None = typer.Option(None, "--chunk-mb", min=0.01,
                                                   help="Bytes of WARC per task, in MB (default: "
                                                        "4 ranges per worker, 1-64 MB)."),
             site: list[str] = typer.Option([], "--site",
                                            help="Only pages of this host and its subdomains "
                                                 "(example.ma), or under this suffix (.ma); "
                                                 "repeatable. Others are skipped unextracted."),
             language: list[str] = typer.Option([], "--language",
                                                help="Only records in this language (ar, fr...; "
                                                     "as extracted); repeatable."),
             json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
             quiet: bool = typer.Option(False, "--quiet", "-q",
                                        help="Only the summary line (no per-record failures).")) -> None:
    """Extract every HTML response of WARC files on a Dask cluster into Parquet parts."""
    if scheduler and workers:
        raise CliError("--scheduler and --workers exclude each other", USAGE)
    fsspec, distributed = _scale_modules()
    out = Output(json_out, quiet)
    files = _expand_sources(fsspec, sources, out)
    if not files:
        raise CliError("no WARC files found in the given sources", SOME_FAILED)
    out_fs, out_root = _output_folder(fsspec, output)
    started = time.monotonic()
    with _client(distributed, scheduler, workers) as client:
        threads = max(1, sum(client.nthreads().values()))
        chunks = _plan(files, out_fs.unstrip_protocol(out_root) if _remote(out_fs) else out_root,
                       chunk_mb, threads)
        filters = (tuple(s.lower().strip() for s in site if s.strip()),
                   tuple(lang.lower().strip()[:2] for lang in language if lang.strip()))
        for chunk in chunks:
            chunk.sites, chunk.languages = filters
        running = time.monotonic()
        totals = _run(client, distributed, chunks, out)
    finished = time.monotonic()
    _report(out, totals, len(files), len(chunks), threads, finished - started, finished - running)
    raise typer.Exit(SOME_FAILED if totals.failed or totals.failed_ranges else OK)


def _remote(fs: Any) -> bool:
    return "file" not in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def _expand_sources(fsspec: Any, sources: list[str], out: Output) -> list[WarcFile]:
    """Every WARC file the sources name, in the order given (globs and folders sorted)."""
    files: list[WarcFile] = []
    for source in sources:
        try:
            fs, path = fsspec.core.url_to_fs(source)
            paths = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
            found = False
            for item in paths:
                if fs.isdir(item):
                    names = sorted(p for p in fs.find(item) if is_warc_name(p))
                else:
                    names = [item] if fs.exists(item) else []
                for name in names:
                    local = not _remote(fs)
                    files.append(WarcFile(str(Path(name).resolve()) if local else fs.unstrip_protocol(name),
                                          int(fs.size(name))))
                    found = True
            if not found:
                out.error(f"{source}: no such file, or no WARC files in it")
        except (OSError, ValueError, ImportError) as exc:
            out.error(f"{source}: cannot list ({' '.join(str(exc).split())[:160]})")
    return files


def _output_folder(fsspec: Any, output: str) -> tuple[Any, str]:
    """The output folder, created; refused when it holds parts already (no silent mixing)."""
    try:
        fs, root = fsspec.core.url_to_fs(output)
        if fs.exists(root) and not fs.isdir(root):
            raise CliError(f"--output {output} is a file, not a folder", USAGE)
        fs.makedirs(root, exist_ok=True)
        if any(p.endswith(".parquet") for p in fs.ls(root, detail=False)):
            raise CliError(f"--output {output} already holds Parquet parts: "
                           "give an empty or new folder", USAGE)
    except OSError as exc:
        raise CliError(f"--output {output}: {exc.strerror or exc}", USAGE) from None
    return fs, str(Path(root).resolve()) if not _remote(fs) else root


@contextlib.contextmanager
def _client(distributed: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the given scheduler, or of a local cluster of worker processes."""
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except OSError as exc:
            raise CliError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", USAGE) from None
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1,
                                       processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        yield client


def _plan(files: list[WarcFile], root: str, chunk_mb: float | None, threads: int) -> list[Any]:
    """Byte ranges of every file (each a task and a part), in file order."""
    from .bulk_tasks import Chunk

    total = sum(f.size for f in files)
    if chunk_mb:
        size = max(1, int(chunk_mb * 1024 * 1024))
    else:
        size = min(MAX_CHUNK, max(MIN_CHUNK, total // (threads * CHUNKS_PER_WORKER) + 1))
    chunks = []
    for number, warc in enumerate(files):
        starts = list(range(0, max(warc.size, 1), size))
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else None
            chunks.append(Chunk(warc.name, start, end,
                                f"{root.rstrip('/')}/part-{number:05d}-{index:05d}.parquet"))
    return chunks


def _run(client: Any, distributed: Any, chunks: list[Any], out: Output) -> Totals:
    """Submit every range; count and log results as they come (a failed range never stops the job)."""
    from .bulk_tasks import process_chunk

    totals = Totals()
    futures = client.map(process_chunk, chunks, pure=False)
    by_key = {future.key: chunk for future, chunk in zip(futures, chunks, strict=True)}
    try:
        with out.progress(len(chunks), "bulk") as advance:
            for future in distributed.as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker lost, a bug: log, go on
                    chunk = by_key[future.key]
                    totals.failed_ranges += 1
                    out.warn(f"{chunk.warc} bytes {chunk.start}-{chunk.end or 'end'}: task failed "
                             f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
                    advance()
                    continue
                totals.add(result)
                for where, reason in result.failures:
                    out.warn(f"{where}: {reason}")
                if result.error:
                    totals.failed_ranges += 1
                    out.warn(f"{result.chunk.warc} bytes {result.chunk.start}-"
                             f"{result.chunk.end or 'end'}: {result.error}")
                advance()
    except BaseException:
        client.cancel(futures)
        raise
    return totals


def _report(out: Output, totals: Totals, files: int, chunks: int, threads: int, seconds: float,
            run_seconds: float) -> None:
    """The summary; ``run_seconds`` leaves out starting the cluster and listing the files."""
    rate = totals.records / run_seconds if run_seconds else 0.0
    summary = {"files": files, "ranges": chunks, "parts": totals.parts, "records": totals.records,
               "extracted": totals.extracted, "not_articles": totals.not_articles,
               "failed": totals.failed,
               "failed_ranges": totals.failed_ranges, "skipped": totals.skips,
               "workers": threads, "seconds": round(seconds, 2), "run_seconds": round(run_seconds, 2),
               "records_per_second": round(rate, 1),
               "cpu_seconds": round(totals.cpu_seconds, 2),
               "extract_cpu_seconds": round(totals.extract_seconds, 2)}
    if out.json_mode:
        out.json_line(summary)
        return
    out.line(f"{totals.records} records, {totals.extracted} extracted, {totals.not_articles} not "
             f"articles, {totals.failed} failed; "
             f"{totals.parts} parts from {files} WARC files ({chunks} ranges, "
             f"{totals.failed_ranges} failed) in {seconds:.1f} s on {threads} workers, "
             f"{rate:.0f} records/s once started")
    if totals.skips:
        out.warn("WARC records skipped: " + ", ".join(
            f"{n} {why}" for why, n in sorted(totals.skips.items())))
