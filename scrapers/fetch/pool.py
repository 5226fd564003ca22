"""Where page analysis runs: in worker processes, so the event loop keeps fetching.

Extraction is CPU work (milliseconds on a typical page, up to the per-page
budget on a pathological one). With more than one usable core the crawler
hands each page to a ``ProcessPoolExecutor`` and awaits the result, so a slow
page never stalls the fetching of others; with one core (or ``--jobs 1``) it
runs inline in the event-loop thread, as before.

Workers come from a ``forkserver`` (started clean, with the extractor
preloaded), never forked from this process: it holds the SQLite connection
and httpx's threads. In a worker the extraction runs in the process's main
thread, so the ``SIGALRM`` time budget of ``scrapers.limits`` still applies.
Workers ignore SIGINT: Ctrl-C is the crawler's to handle (it stops between
pages). A worker that dies on a page makes that page a reported failure; the
pool is rebuilt and the run goes on.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .analyze import PageAnalysis, analyze_page

_PRELOAD = ["akhbar.scrapers.fetch.analyze"]


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _alive(pid: int) -> bool:
    """The process exists and has not exited (a zombie, not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # the pid now belongs to another user: ours is gone
            return False
        return True


def _worker_setup(crawler_pid: int) -> None:
    """Ignore Ctrl-C (the crawler stops between pages), and leave when the crawler is gone:
    a crawler killed outright (SIGKILL) cannot shut its pool down, and an orphaned worker
    would hold the run's stdout and stderr open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while _alive(crawler_pid):
            time.sleep(0.25)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="akhbar-orphan-watch").start()


class Analyzer:
    """``await analyzer.analyze(...)``: ``analyze_page`` inline or in a worker process."""

    def __init__(self, jobs: int | None = None):
        self.jobs = usable_cpus() if jobs is None or jobs < 1 else jobs
        self._pool: Executor | None = None

    @property
    def parallel(self) -> bool:
        return self.jobs > 1

    def _executor(self) -> Executor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context,
                                             initializer=_worker_setup, initargs=(os.getpid(),))
        return self._pool

    async def analyze(self, content: bytes, url: str, charset: str | None,
                      requested: str | None = None) -> PageAnalysis:
        if not self.parallel:
            await asyncio.sleep(0)  # let the other workers' I/O move first
            return analyze_page(content, url, charset, requested)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), analyze_page, content, url,
                                              charset, requested)
        except BrokenProcessPool:
            self.close()
            return PageAnalysis(problem="the extraction worker died on this page")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
