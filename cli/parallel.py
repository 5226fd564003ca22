"""Extraction on every core: worker processes fed in input order, results used in input order.

``load``, ``reextract`` and ``extract`` hand their pages to ``ExtractPool.ordered``
as ``(key, Task)`` pairs and get ``(key, Outcome)`` pairs back in the same
order, so the one writer (the main process) stores exactly what, and in exactly
the order, a single process would: the archive does not depend on ``--jobs``.

Design, and why
- Extraction is pure (``akhbar.scrapers``): a worker gets a page's bytes and
  returns the record, under the same size/depth/time limits as in one process
  (``scrapers.limits.bounded_extract``: the ``SIGALRM`` budget works because the
  worker extracts in its main thread; the budget is sent with each task).
- A ``load`` worker also does the writer's pure work on the record: it
  compresses the raw page, hashes it (sha256) and computes the content hash
  and the full-text index values (``akhbar.storage.prepared``: the word
  analysis of the whole text), which the archive uses only if computed from
  the text it saves. The one writer's CPU per page is what limits ``--jobs``.
- A page file is read (and gunzipped) by the worker itself (``Task.path``):
  the writer sends its name and gets back the record and the compressed
  bytes, never holding, pickling or unpickling the raw page. A file that
  cannot be read comes back as the one-line error ``inputs.read_page`` gives
  in one process (``Outcome.unreadable``).
- The first workers are forked from the command's process, which has imported
  the extractors already (a fork server would import them again, 0.3-1.5 s
  before the first page is extracted), at a moment when it runs no other thread
  (so no lock can be held by a thread the child lacks). A forked worker at once
  closes every descriptor but stdio and its own two pipe ends (``_forget_parent``):
  the archive's SQLite files and ``flock`` descriptor, which would keep the
  archive locked if it outlived a killed parent, and the pipe ends of the
  workers forked before it. The parent freezes its objects out of the garbage
  collector around the forks (``gc.freeze``), so the child never finalises
  an inherited object and closes a descriptor number it reuses. A worker that
  replaces a dead one, or any worker when the process runs other threads (a
  progress bar's), comes from a fork server that imported only this module,
  the extractors and the (pure) storage modules, never an open archive. A
  worker reads its tasks from its own pipe and exits at end-of-file, which is
  what it sees when the parent dies, even by SIGKILL.
- Each worker has one thread in the parent that sends it up to ``DEPTH`` tasks
  ahead and collects its results, so workers stay busy while the main thread
  is saving a batch; once the queue holds fewer tasks than there are
  workers (the run's last pages), only one, so that the last pages go to the
  worker that is free first. A worker sends its results from a thread of its
  own, so it always comes back to read the next task and neither side can
  block the other on a full pipe, whatever the page size.
- A worker that dies (a crash in C code, the OOM killer, ``kill -9``) takes
  only the page it was extracting with it: that page's outcome is a failure
  naming the signal, the pages queued behind it go to the workers again, and a
  new worker replaces it. (``concurrent.futures`` would fail every pending page
  and could not say which one killed it.)
- Memory is bounded: at most ``window`` pages (and ``window_bytes`` of page
  bytes) are between reading and storing, whatever the number of inputs.
- Ctrl-C / SIGTERM reach the main process, whose ``KeyboardInterrupt`` leaves
  the ``with`` block: workers are killed, nothing extracted after the last
  saved batch is stored. Workers ignore SIGINT (a terminal sends it to the
  whole process group; the parent decides).
- A run of fewer than ``MIN_POOL_TASKS`` pages is extracted in the main
  process: starting the workers costs more than it would save.
- The command's start-up and end are work its cores cannot share, so
  ``load`` starts the workers (``OrderedRun.start``) once it holds the
  archive's lock, before it opens the archive; it saves the pages it holds
  while the workers finish the last ones (``outcomes(drain=...)``), not all
  after them; and the workers are sent end-of-file as soon as the last
  outcome is in (``release``), so they exit while the archive is closed.
"""
from __future__ import annotations

import collections
import gc
import hashlib
import multiprocessing
import os
import queue
import signal
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from akhbar.scrapers import Article
from akhbar.scrapers.limits import budget_seconds
from akhbar.storage.prepared import PreparedText, prepare_text

from .exitcodes import INTERNAL, CliError
from .extracting import PageRejected, extract_bytes, not_an_article
from .inputs import InputError, read_page

K = TypeVar("K")

DEPTH = 4              # tasks in flight per worker: one extracting, the next ones in its pipe
# Pages between reading and storing. The main thread stops taking results while
# it saves a batch (``load``: up to 200 pages, ~1 s); the workers go on extracting
# only as far ahead as this window lets them.
WINDOW = 256
WINDOW_BYTES = 64 * 1024 * 1024
MIN_POOL_TASKS = 24    # fewer pages than this: extract in the main process
MAX_STARTUP_DEATHS = 5  # workers dying before their first result: the pool is broken
RAW_ZLIB_LEVEL = 6  # as storage's ``Archive._store_raw`` compresses raw pages


def default_jobs() -> int:
    """The number of CPUs this process may run on (cgroup/affinity aware where possible)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class Task:
    """One page to extract (picklable: it crosses to a worker process): its bytes, or its file."""

    data: bytes = b""
    url: str | None = None
    charset: str | None = None
    article_only: bool = False  # also judge whether it is an article (``not_an_article``)
    seconds: float | None = None  # time budget; None: the parent's $AKHBAR_EXTRACT_SECONDS
    compress: bool = False  # also zlib the bytes for the archive (``RawPage.compressed``)
    prepare: bool = False  # also hash and analyse the text for the archive (``RawPage.prepared``)
    path: str | None = None  # read the page from this file (``inputs.read_page``), not ``data``
    size: int = 0  # with ``path``: the file's size, which the pool's memory window counts

    def weight(self) -> int:
        """The bytes this task stands for while it is in flight (the pool's ``window_bytes``)."""
        return self.size if self.path is not None else len(self.data)


@dataclass
class Outcome:
    """A task's result: the record, or why the page was refused; notes on what was cut."""

    article: Article | None = None
    error: str | None = None  # why there is no record; with ``not_article``, why it is no article
    notes: list[str] = field(default_factory=list)
    not_article: bool = False  # extracted, but a front page or an empty shell (``article_only``)
    compressed: bytes | None = None  # the page's bytes as the archive stores them
    prepared: PreparedText | None = None  # the record's content hash and index values
    sha256: str | None = None  # with ``compressed``: the page's sha256 (hex) and its length
    size: int | None = None
    # The bytes read from ``Task.path`` when the writer needs them: in the writer's own
    # process (no copy), or for a page with no body (the archive may key it by its bytes).
    data: bytes | None = None
    unreadable: bool = False  # ``Task.path`` could not be read: ``error`` is the whole line
    resolved: str | None = None  # ``Task.path`` made absolute, symlinks resolved (its origin)


def run_task(task: Task, compress: bool | None = None) -> Outcome:
    """Extract one page as the single-process commands do (never raises for a bad page).

    ``compress`` False: leave compressing and preparing the text to the archive
    (in the writer's process, where compressing is skipped for a page stored
    before and the index values are computed only for a new article).
    """
    data = task.data
    if task.path is not None:
        try:
            data = read_page(task.path)
        except InputError as exc:
            return Outcome(error=str(exc), unreadable=True)
    notes: list[str] = []
    try:
        article = extract_bytes(data, task.url, task.charset, notes.append, task.seconds)
    except PageRejected as exc:
        return Outcome(error=str(exc), notes=notes)
    reason = not_an_article(article) if task.article_only else None
    if reason is not None:
        return Outcome(error=reason, notes=notes, not_article=True)
    outcome = Outcome(article, notes=notes)
    if task.path is not None:  # read, so it exists: resolving it cannot meet a symlink loop
        outcome.resolved = str(Path(task.path).resolve())
    # Compressing the raw page for the archive costs about half as much as extracting
    # it: done here, it runs on the workers' cores instead of the writer's.
    compress_here = task.compress if compress is None else compress
    if compress_here:
        outcome.compressed = zlib.compress(data, RAW_ZLIB_LEVEL)
        outcome.sha256, outcome.size = hashlib.sha256(data).hexdigest(), len(data)
    if task.path is not None and (not compress_here or not article.body):
        outcome.data = data
    # So do the content hash and the index values (the word analysis of the whole
    # text): pure functions of the record, which the archive checks it was given for.
    if task.prepare and (compress is None or compress):
        outcome.prepared = prepare_text(article)
    return outcome


class PoolBroken(CliError):
    """Worker processes cannot be started, or die before extracting anything (exit 70)."""

    def __init__(self, reason: str):
        super().__init__(f"{reason}; --jobs 1 extracts without worker processes", INTERNAL)


# -- the worker process ---------------------------------------------------------------


def worker_main(tasks: Any, results: Any, current: Any, forked: bool = False) -> None:
    """A worker: read ``(seq, Task)`` until end-of-file, send ``(seq, Outcome)`` back.

    ``current`` (shared memory) holds the number of the page being extracted, so
    that if this process dies the parent knows which page killed it: a result
    still waiting in the sender thread may be lost with it, and its page is
    simply extracted again. ``forked``: started by ``fork`` from the command's
    process, whose descriptors and signal handlers it inherited.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if forked:
        _forget_parent(tasks, results)
    outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_results, args=(results, outbox), daemon=True)
    sender.start()
    while True:
        try:
            seq, task = tasks.recv()
        except (EOFError, OSError):  # the parent closed the pipe, or died
            break
        current.value = seq
        outbox.put((seq, run_task(task)))
        current.value = -1
    outbox.put(None)
    sender.join(timeout=5)


def _forget_parent(*pipes: Any) -> None:
    """Close every inherited descriptor but stdio and ``pipes``; SIGTERM does as by default.

    The objects that owned the closed descriptors (the archive's connection,
    other workers' pipe ends) are never used in a worker, and never finalised
    (the parent froze them out of the garbage collector before forking).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the command's handler raises KeyboardInterrupt
    low = 3
    for fd in sorted(pipe.fileno() for pipe in pipes):
        os.closerange(low, fd)
        low = max(low, fd + 1)
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _send_results(results: Any, outbox: queue.SimpleQueue[Any]) -> None:
    while (item := outbox.get()) is not None:
        try:
            results.send(item)
        except OSError:  # the parent is gone
            return


# -- the parent's side ------------------------------------------------------------------


def _fork_context() -> Any:
    """The ``fork`` context when forking is safe now (no other thread), else None."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return None


def _context() -> Any:
    """The fork server (or, where there is none, ``spawn``): workers started while threads run."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return multiprocessing.get_context("spawn")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the extraction process was killed by {name} while extracting this page"
    return f"the extraction process died (exit code {exitcode}) while extracting this page"


class _Worker:
    """One worker process and the parent thread that feeds it and collects its results."""

    def __init__(self, pool: ExtractPool, number: int, ctx: Any):
        """Start the process with ``ctx``; its thread is started by ``start`` (after every fork)."""
        self.pool = pool
        self.number = number
        self.deaths_before_result = 0
        self.process: Any = None
        self.current: Any = None
        self.task_w: Any = None
        self.result_r: Any = None
        self._spawn(ctx)
        self.thread = threading.Thread(target=self._serve, name=f"akhbar-extract-{number}",
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _spawn(self, ctx: Any) -> None:
        task_r, task_w = ctx.Pipe(duplex=False)
        result_r, result_w = ctx.Pipe(duplex=False)
        self.current = ctx.RawValue("q", -1)
        forked = ctx.get_start_method() == "fork"
        process = ctx.Process(target=worker_main, args=(task_r, result_w, self.current, forked),
                              daemon=True, name=f"akhbar-extract-{self.number}")
        process.start()
        task_r.close()  # the worker's ends: only it may hold them, so that EOF means death
        result_w.close()
        self.process, self.task_w, self.result_r = process, task_w, result_r

    def _serve(self) -> None:
        inflight: collections.deque[tuple[int, Task]] = collections.deque()
        pool = self.pool
        while not pool.closing:
            while len(inflight) < self._depth():
                try:
                    item = pool.tasks.get(block=not inflight)
                except queue.Empty:
                    break
                if item is None or pool.closing:
                    return
                inflight.append(item)
                try:
                    self.task_w.send(item)
                except OSError:  # the worker is dead: found out below
                    break
            try:
                seq, outcome = self.result_r.recv()
            except (EOFError, OSError):
                if pool.closing or not self._replace(inflight):
                    return
                continue
            inflight.popleft()
            self.deaths_before_result = 0
            pool.deliver(seq, outcome)

    def _depth(self) -> int:
        """Tasks to keep in the worker's pipe: ``DEPTH``, but only one when the queue is about
        to run dry (the last pages of a run), so that the last pages go to whichever worker
        is free first instead of waiting in the pipe of one still busy."""
        return DEPTH if self.pool.tasks.qsize() >= self.pool.jobs else 1

    def _replace(self, inflight: collections.deque[tuple[int, Task]]) -> bool:
        """The worker died: fail the page it was extracting, requeue the rest, start another."""
        self.process.join(timeout=5)
        culprit = self.current.value
        for seq, task in inflight:
            if seq == culprit:
                self.pool.deliver(seq, Outcome(error=_death(self.process.exitcode)))
            else:  # not started, or its result died with the worker: extract it again
                self.pool.tasks.put((seq, task))
        inflight.clear()
        self._close_pipes()
        self.deaths_before_result += 1
        if self.deaths_before_result >= MAX_STARTUP_DEATHS:
            self.pool.fail(f"extraction worker processes keep dying ({_death(self.process.exitcode)})")
            return False
        try:
            self._spawn(self.pool.ctx)  # other threads run now: never a plain fork
        except OSError as exc:
            self.pool.fail(f"cannot start an extraction worker process: {exc}")
            return False
        return True

    def _close_pipes(self) -> None:
        for conn in (self.task_w, self.result_r):
            try:
                conn.close()
            except OSError:
                pass

    def end_input(self) -> None:
        try:
            self.task_w.close()  # end-of-file: an idle worker exits
        except OSError:
            pass

    def stop(self, kill: bool) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        self.end_input()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


class ExtractPool(Generic[K]):
    """``with ExtractPool(jobs) as pool: for key, outcome in pool.ordered(pairs): ...``.

    ``jobs`` 1 extracts in the calling process, page by page, exactly as the
    commands did before there was a pool.
    """

    def __init__(self, jobs: int, window: int | None = None, window_bytes: int = WINDOW_BYTES,
                 min_pool_tasks: int = MIN_POOL_TASKS):
        self.jobs = max(1, jobs)
        self.window = max(window or WINDOW, DEPTH * self.jobs + 1)
        self.window_bytes = window_bytes
        self.min_pool_tasks = min_pool_tasks
        self.seconds = budget_seconds()
        self.ctx: Any = None
        self.workers: list[_Worker] = []
        self.tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.done: dict[int, Outcome] = {}
        self.cond = threading.Condition()
        self.closing = False
        self.broken: str | None = None

    def __enter__(self) -> ExtractPool[K]:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.close(kill=exc_type is not None)

    # -- called from the worker threads
    def deliver(self, seq: int, outcome: Outcome) -> None:
        with self.cond:
            self.done[seq] = outcome
            self.cond.notify_all()

    def fail(self, reason: str) -> None:
        with self.cond:
            self.broken = reason
            self.cond.notify_all()

    # -- the main thread
    def ordered(self, items: Iterable[tuple[K, Task | None]],
                idle: Callable[[], None] = lambda: None) -> Iterator[tuple[K, Outcome | None]]:
        """``(key, outcome)`` for each ``(key, task)``, in input order; a None task passes through.

        ``idle`` is called before each input is read and while waiting for a
        result (``load`` saves its batch there when it is due).
        """
        return self.begin(items).outcomes(idle)

    def begin(self, items: Iterable[tuple[K, Task | None]]) -> OrderedRun[K]:
        """A run of ``ordered`` that can ``start`` its workers before it is iterated."""
        return OrderedRun(self, items)

    def _start(self) -> None:
        """Start the workers (forked when safe, see the module docstring), then their threads."""
        if self.workers:
            return
        self.ctx = _context()  # for replacements: started lazily, on a worker's death
        fork = _fork_context()
        if fork is not None:
            gc.freeze()  # a child must never finalise an object it inherited
        try:
            for number in range(self.jobs):
                self.workers.append(_Worker(self, number, fork or self.ctx))
        except OSError as exc:  # no more processes, no memory: say so in one line
            raise PoolBroken(f"cannot start extraction worker processes ({exc})") from None
        finally:
            if fork is not None:
                gc.unfreeze()
        for worker in self.workers:
            worker.start()

    def _result(self, seq: int, idle: Callable[[], None],
                drain: Callable[[], None] | None = None) -> Outcome:
        """Page ``seq``'s outcome, once a worker delivers it.

        If it is not there yet: ``drain`` (if given) once, then ``idle`` after
        every half second of waiting.
        """
        if drain is not None:
            with self.cond:
                ready = seq in self.done
            if not ready:
                drain()
        while True:
            with self.cond:
                if seq not in self.done and self.broken is None:
                    self.cond.wait(timeout=0.5)
                if seq in self.done:
                    return self.done.pop(seq)
                if self.broken is not None:
                    raise PoolBroken(self.broken)
            idle()

    def release(self) -> None:
        """No more tasks: each worker gets end-of-file and exits; ``close`` then only joins them."""
        if not self.workers or self.closing:
            return
        self.closing = True
        for worker in self.workers:
            self.tasks.put(None)
            worker.end_input()

    def close(self, kill: bool = False) -> None:
        """Stop the workers: at once (``kill``, after an interrupt) or when idle."""
        if not self.workers:
            return
        self.closing = True
        for _ in self.workers:
            self.tasks.put(None)
        for worker in self.workers:
            worker.stop(kill)
        for worker in self.workers:
            if worker.thread.ident is not None:  # started
                worker.thread.join(timeout=5)
            worker._close_pipes()
        self.workers = []


class OrderedRun(Generic[K]):
    """One pass of ``ExtractPool.ordered`` over its inputs (``pool.begin(items)``).

    ``start`` reads the first inputs and starts the workers on them at once,
    so that a command's own start-up (``load`` opening its archive) overlaps
    their first pages, and the fork happens before the command runs a thread
    (a progress bar's). ``outcomes`` then yields in input order.
    """

    def __init__(self, pool: ExtractPool[K], items: Iterable[tuple[K, Task | None]]):
        self.pool = pool
        self.inputs = iter(items)
        self.waiting: collections.deque[tuple[int, K, Task | None]] = collections.deque()
        self.buffered: list[tuple[int, Task]] = []  # read before deciding whether to start workers
        self.seq = self.size = 0
        self.exhausted = False
        self.parallel = pool.jobs > 1

    def start(self) -> None:
        """Read inputs until there are enough pages for the workers, and start them on those."""
        if self.parallel:
            self._fill(lambda: None)

    def outcomes(self, idle: Callable[[], None] = lambda: None,
                 drain: Callable[[], None] | None = None) -> Iterator[tuple[K, Outcome | None]]:
        """``(key, outcome)`` per input, in order; ``idle`` as ``ExtractPool.ordered`` calls it.

        ``drain`` is called when an outcome is not ready yet once every page is
        with the workers: ``load`` saves the pages it holds then, while the
        workers finish the last ones, rather than all after them.
        """
        pool = self.pool
        while True:
            self._fill(idle)
            if not self.waiting:
                pool.release()  # every outcome is in: the workers exit while the caller finishes
                return
            number, key, task = self.waiting.popleft()
            if task is None:
                yield key, None
                continue
            self.size -= task.weight()
            if self.buffered and self.buffered[0][0] == number:  # a short run: no workers for it
                self.buffered.pop(0)
                yield key, run_task(task, compress=False)
            elif self.parallel:
                last = self.exhausted and pool.tasks.empty()
                yield key, pool._result(number, idle, drain if last else None)
            else:
                yield key, run_task(task, compress=False)

    def _fill(self, idle: Callable[[], None]) -> None:
        """Read inputs up to the memory window; start the workers once there are enough pages."""
        pool = self.pool
        limit = max(pool.window, pool.min_pool_tasks) if self.parallel and not pool.workers \
            else pool.window
        while not self.exhausted and len(self.waiting) < limit and self.size < pool.window_bytes \
                and (self.parallel or not self.waiting):
            idle()
            item = next(self.inputs, None)
            if item is None:
                self.exhausted = True
                break
            key, task = item
            if task is not None:
                task.seconds = pool.seconds if task.seconds is None else task.seconds
                self.size += task.weight()
                if self.parallel:
                    self.buffered.append((self.seq, task))
            self.waiting.append((self.seq, key, task))
            self.seq += 1
            if not pool.workers and len(self.buffered) >= pool.min_pool_tasks:
                break  # enough pages to be worth the workers: start them now
        if self.buffered and (pool.workers or len(self.buffered) >= pool.min_pool_tasks
                              or self.size >= pool.window_bytes):
            pool._start()
            for pair in self.buffered:
                pool.tasks.put(pair)
            self.buffered.clear()
