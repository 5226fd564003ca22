"""``load --jobs 2`` as a process: a worker killed on a page, Ctrl-C, SIGTERM, SIGKILL of the command.

The worker's death is real: a ``sitecustomize`` module put on the command's
``PYTHONPATH`` makes every *worker* process (never the command's own) kill
itself with SIGKILL when it is handed a page holding a marker, as a crash in
C code or the OOM killer would.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import REPO, check_archive, cli_env, numbered_article
from test_crash_safety import _assert_consistent, _state

from benchmarks.archive_compare import differences

MARKER = b"<!-- kill-the-extraction-worker -->"
HOOK = f'''
import multiprocessing, os, signal
import akhbar.scrapers.limits as limits

_real = limits.bounded_extract

def bounded_extract(data, *args, **kwargs):
    if multiprocessing.parent_process() is not None and {MARKER!r} in data:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(data, *args, **kwargs)

limits.bounded_extract = bounded_extract
'''


def run(*args: str, hook: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = cli_env()
    if hook is not None:
        env["PYTHONPATH"] = f"{hook}{os.pathsep}{env['PYTHONPATH']}"
    return subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def pages(folder: Path, count: int, doomed: tuple[int, ...] = ()) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        page = numbered_article(i)
        (folder / f"{i:04d}.html").write_bytes(page.replace(b"</body>", MARKER + b"</body>")
                                              if i in doomed else page)
    return folder


def test_a_worker_killed_on_a_page_fails_that_page_and_the_run_goes_on(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    folder = pages(tmp_path / "pages", 60, doomed=(5, 6, 40))
    done = run("load", str(folder), "--db", str(tmp_path / "news.db"), "--jobs", "2", hook=hook)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("57 new, 0 updated, 0 unchanged, 0 aliases, 3 failed")
    killed = [line for line in done.stderr.splitlines() if "killed by SIGKILL" in line]
    assert [line.split(": ")[1].rsplit("/", 1)[-1] for line in killed] == \
        ["0005.html", "0006.html", "0040.html"]
    # Everything else is stored exactly as by one process without the doomed pages.
    for i in (5, 6, 40):
        (folder / f"{i:04d}.html").unlink()
    alone = run("load", str(folder), "--db", str(tmp_path / "alone.db"), "--jobs", "1")
    assert alone.returncode == 0, alone.stderr
    assert differences(tmp_path / "news.db", tmp_path / "alone.db") == []
    check_archive(tmp_path / "news.db")


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def start_load(folder: Path, db: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """``load --jobs 2 --batch 5`` running, its first batch committed, its workers listed."""
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", "load", str(folder), "--db", str(db),
                             "--jobs", "2", "--batch", "5"], cwd=REPO, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _state(db) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    workers = descendants(proc.pid)
    if proc.poll() is not None:
        pytest.skip("the load finished before the signal could be sent")
    assert len(workers) >= 2, "the pages are extracted by worker processes"
    return proc, workers


def gone_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pids)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_parallel_load_exits_130_and_leaves_no_worker(tmp_path, signum):
    folder = pages(tmp_path / "pages", 400)
    db = tmp_path / "news.db"
    proc, workers = start_load(folder, db)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "akhbar: interrupted"
    assert gone_within(workers, 10), "worker processes outlived the command"
    state = _assert_consistent(db, {})
    assert 0 < len(state) < 400
    assert len(state) % 5 == 0, "only whole batches are stored"


def test_workers_exit_when_the_command_is_killed(tmp_path):
    folder = pages(tmp_path / "pages", 400)
    db = tmp_path / "news.db"
    proc, workers = start_load(folder, db)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert gone_within(workers, 20), "worker processes outlived a killed command"
    before = _assert_consistent(db, {})
    again = run("load", str(folder), "--db", str(db), "--jobs", "2")  # the lock was released
    assert again.returncode == 0, again.stderr
    assert len(_assert_consistent(db, before)) == 400
