"""``load --jobs N``: page files are read by the extraction workers, not by the one writer.

The writer names a page file (``Task.path``) and gets back the record, the
compressed bytes and their sha256/size; the archive, the summary and every
stderr line must be those of ``--jobs 1``, including for files that cannot be
read (missing, not a regular file, corrupt or truncated gzip, a gzip bomb).
Real worker processes, real archives compared row by row.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
import zlib
from pathlib import Path

from reliability_helpers import check_archive, cli, numbered_article

from akhbar.cli.inputs import MAX_PAGE_BYTES
from akhbar.cli.loading import expand_inputs, load_items
from akhbar.cli.parallel import Task, run_task
from akhbar.storage.warc import WarcSkips
from benchmarks.archive_compare import differences


def awkward_folder(root: Path) -> Path:
    """40 good pages (half gzipped) with unreadable ones in between."""
    folder = root / "pages"
    folder.mkdir()
    for i in range(40):
        page = numbered_article(i)
        if i % 2:
            (folder / f"p{i:03d}.html.gz").write_bytes(gzip.compress(page))
        else:
            (folder / f"p{i:03d}.html").write_bytes(page)
    (folder / "p010-corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    (folder / "p020-truncated.html.gz").write_bytes(gzip.compress(numbered_article(99))[:-30])
    (folder / "p030-bomb.html.gz").write_bytes(gzip.compress(bytes(MAX_PAGE_BYTES + 10), 1))
    (folder / "p035-empty.html").write_bytes(b"")
    return folder


def test_unreadable_files_fail_alike_whatever_the_jobs(tmp_path, capsys):
    folder = awkward_folder(tmp_path)
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    inputs = [folder, tmp_path / "missing.html", fifo, folder / "p004.html"]
    runs = {jobs: cli(capsys, "load", *inputs, "--db", tmp_path / f"j{jobs}.db", "--jobs", jobs)
            for jobs in ("1", "2")}
    assert runs["1"].code == runs["2"].code == 1
    assert runs["1"].out == runs["2"].out
    assert runs["1"].out.startswith("40 new, 0 updated, 1 unchanged, 0 aliases, 6 failed")
    assert runs["1"].err.splitlines() == runs["2"].err.splitlines()
    lines = runs["2"].err.splitlines()
    for reason in ("missing.html: no such file", "pipe.html: not a regular file",
                   "p010-corrupt.html.gz: corrupt gzip file",
                   "p020-truncated.html.gz: truncated gzip file",
                   "p030-bomb.html.gz: larger than 64 MB, skipped"):
        assert sum(reason in line for line in lines) == 1, (reason, lines)
    # The reader's own line, as in one process: the file named once.
    assert f"akhbar: {tmp_path / 'missing.html'}: no such file" in lines
    assert f"akhbar: {fifo}: not a regular file" in lines
    assert differences(tmp_path / "j1.db", tmp_path / "j2.db") == []
    check_archive(tmp_path / "j2.db")


def test_the_archive_holds_the_file_bytes_the_workers_read(tmp_path, capsys):
    folder = awkward_folder(tmp_path)
    outside = tmp_path / "elsewhere" / "page.html"
    outside.parent.mkdir()
    outside.write_bytes(numbered_article(77))
    (folder / "p050-link.html").symlink_to(outside)  # its origin: the file it points to
    assert cli(capsys, "load", folder, "--db", tmp_path / "news.db", "--jobs", "2").code == 1
    conn = sqlite3.connect(tmp_path / "news.db")
    rows = conn.execute("SELECT origin, sha256, size, content FROM raw_pages").fetchall()
    conn.close()
    assert len(rows) == 41
    assert {origin for origin, *_ in rows} == {
        f"file:{p.resolve()}" for p in folder.iterdir() if p.name[4:5] != "-"} | {f"file:{outside}"}
    for origin, digest, size, content in rows:
        data = Path(origin.removeprefix("file:")).read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        assert zlib.decompress(content) == data
        assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_the_writer_sends_page_files_by_name_and_reads_stdin_itself(tmp_path):
    folder = awkward_folder(tmp_path)
    items = list(load_items([str(folder)], None, WarcSkips()))
    tasks = [task for _, task in items if task is not None]
    assert len(tasks) == 44
    assert all(task.data == b"" and task.path and task.compress and task.prepare for task in tasks)
    assert tasks[0].size == (folder / "p000.html").stat().st_size == tasks[0].weight()
    assert all(pending.raw.content == b"" for pending, task in items if task is not None)


def test_a_folder_gives_its_page_files_then_its_warc_files_and_parquet_parts(tmp_path):
    for name in ("a/b/x.html", "a/x.HTML", "a/notes.txt", "a-c/q.htm", "a-c/r.parquet",
                 "a/b/y.warc.gz", "z/1.html.gz", "z/0.warc", "top.warc", "top.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = [str(Path(p).relative_to(tmp_path)) for p in expand_inputs([str(tmp_path)])]
    assert found == ["a/b/x.html", "a/x.HTML", "a-c/q.htm", "top.html", "z/1.html.gz",  # as paths
                     "a-c/r.parquet", "a/b/y.warc.gz", "top.warc", "z/0.warc"]  # as names


def test_a_worker_returns_the_bytes_only_when_the_writer_needs_them(tmp_path):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(numbered_article(3)))
    data = numbered_article(3)
    worker = run_task(Task(path=str(page), compress=True, prepare=True))  # as in a worker
    assert worker.article is not None and worker.data is None
    assert zlib.decompress(worker.compressed or b"") == data
    assert (worker.sha256, worker.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert worker.prepared is not None and worker.resolved == str(page.resolve())
    writer = run_task(Task(path=str(page), compress=True, prepare=True), compress=False)
    assert writer.data == data and writer.compressed is None and writer.prepared is None
    shell = tmp_path / "shell.html"  # no body: the archive may key it by its bytes
    shell.write_bytes(b"<html><head><title>t</title></head><body><div></div></body></html>")
    empty = run_task(Task(path=str(shell), compress=True))
    assert empty.article is not None and empty.article.body == ""
    assert empty.data == shell.read_bytes()
    missing = run_task(Task(path=str(tmp_path / "gone.html"), compress=True))
    assert missing.unreadable and missing.error == f"{tmp_path / 'gone.html'}: no such file"
