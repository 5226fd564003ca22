"""One writer per archive: an advisory lock on ``<archive>.lock``.

SQLite would serialise two writers anyway, but two cron runs crawling the same
site at once would fetch everything twice and interleave their commits. The
lock is ``flock`` on a side file, so it is released by the kernel when a
process dies, even by SIGKILL: a crash never leaves a stale lock behind.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import ArchiveBusy, ArchiveError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking, SQLite still serialises
    fcntl = None  # type: ignore[assignment]


def lock_path(archive_path: str | os.PathLike[str]) -> Path:
    path = Path(archive_path)
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def archive_lock(archive_path: str | os.PathLike[str], *, wait: bool = False,
                 timeout: float | None = None) -> Iterator[None]:
    """Hold the archive's write lock; raise ArchiveBusy if taken and not ``wait``.

    With ``wait`` the call blocks (up to ``timeout`` seconds if given).
    """
    if fcntl is None:
        yield
        return
    path = lock_path(archive_path)
    try:
        handle = open(path, "a+")
    except OSError as exc:
        raise ArchiveError(f"cannot create lock file {path}: {exc.strerror}") from None
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    raise ArchiveBusy(f"archive is busy: another akhbar run holds {path}") from None
                time.sleep(0.2)
        yield
    finally:
        handle.close()
