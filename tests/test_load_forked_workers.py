"""``load --jobs 2``'s workers are forked from the command, and hold nothing of it but their pipes.

A forked worker inherits every descriptor of the command: the archive's SQLite
files and its ``flock`` lock file, and the pipe ends of the workers forked
before it. It must close them at once (``parallel._forget_parent``), or a
worker outliving a killed command would keep the archive locked, and a worker
would never see end-of-file on its task pipe while a sibling lives. Real
processes, read from /proc while the command runs.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

from test_jobs_workers import pages, start_load


def descriptors(pid: int) -> list[str]:
    """What each descriptor of ``pid`` above stdio points at ("pipe:[…]", a path, …)."""
    found = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        if int(entry.name) > 2:
            try:
                found.append(os.readlink(entry))
            except OSError:  # closed meanwhile
                continue
    return found


def test_forked_workers_hold_no_archive_file_and_no_other_pipe(tmp_path):
    folder = pages(tmp_path / "pages", 400)
    db = tmp_path / "news.db"
    proc, workers = start_load(folder, db)
    try:
        command = descriptors(proc.pid)
        assert any(str(db) in target for target in command), "the command holds the archive"
        forked = [pid for pid in workers
                  if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
                  == str(proc.pid)]
        assert len(forked) == 2, "both workers are children of the command: forked, no fork server"
        for pid in forked:
            held = descriptors(pid)
            assert not [t for t in held if str(tmp_path / "news") in t], held  # db, -wal, -shm, lock
            assert sum(t.startswith("pipe:") for t in held) <= 2, held  # its task and result pipes
            caught = int(next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                              if line.startswith("SigCgt:")).split()[1], 16)
            assert not caught & 1 << (signal.SIGTERM - 1), "SIGTERM ends a worker, as by default"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
