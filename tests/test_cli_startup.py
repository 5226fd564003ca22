"""What ``akhbar`` does before and after its workers extract: imports kept lazy, workers started early.

``load --jobs 2`` runs on two cores only between its first and its last page;
everything before (imports, opening the archive) and after runs on one. So the
command's modules import the optional and network libraries (warcio, fsspec,
pyarrow, dask, asyncio, httpx, Datasette), and what only some commands need
(rich's progress bar and tables, ``reextract``'s storage module), only in the
commands and inputs that use them; ``load`` forks its workers before it opens
the archive, and it saves the pages it holds while the workers finish the last
ones.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from reliability_helpers import REPO, cli_env, numbered_article

from akhbar.cli.inputs import is_warc_name
from akhbar.cli.parallel import ExtractPool, Task

LAZY = ("warcio", "fsspec", "pyarrow", "dask", "distributed", "asyncio", "httpx", "datasette",
        "uvicorn", "rich.progress", "rich.table", "akhbar.storage.reextract")


def imported_after(code: str) -> list[str]:
    """Which of ``LAZY`` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {LAZY!r} if m in sys.modules)))"
    run = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=cli_env(),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return list(json.loads(run.stdout.splitlines()[-1]))


def test_importing_the_command_line_imports_no_optional_or_network_library():
    assert imported_after("import akhbar.cli.main") == []


def test_loading_page_files_in_parallel_imports_no_warc_reader(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(30):  # enough pages for worker processes
        (folder / f"{i:02d}.html").write_bytes(numbered_article(i))
    args = ["load", str(folder), "--db", str(tmp_path / "news.db"), "-q", "--jobs", "2"]
    code = ("from akhbar.cli.main import main\n"
            "try:\n"
            f"    main({args!r})\n"
            "except SystemExit as exc:\n"
            "    assert exc.code == 0, exc.code")
    assert imported_after(code) == []
    assert (tmp_path / "news.db").is_file()


@pytest.mark.parametrize(("name", "warc"), [
    ("crawl.warc", True), ("crawl.warc.gz", True), ("CRAWL.WARC.GZ", True), (".warc", True),
    ("a.warc.gz.html", False), ("crawl.arc", False), ("crawl.warcx", False), ("warc", False),
    ("x.html.gz", False)])
def test_the_command_line_names_warc_files_by_their_suffix(name, warc):
    assert is_warc_name(name) is warc


def test_a_run_started_early_extracts_in_workers_and_keeps_the_input_order():
    pairs = [(i, Task(numbered_article(i))) for i in range(40)]
    with ExtractPool[int](2) as pool:
        run = pool.begin(iter(pairs))
        run.start()
        assert len(pool.workers) == 2, "the workers run before the outcomes are asked for"
        assert not pool.tasks.empty() or pool.done, "with the first pages handed to them"
        urls = [(key, outcome.article.url) for key, outcome in run.outcomes()
                if outcome is not None and outcome.article is not None]
    assert urls == [(i, f"https://news.example/news/{i}.html") for i in range(40)]


def test_starting_a_short_run_or_one_job_starts_no_worker():
    with ExtractPool[int](2) as pool:
        pool.begin((i, Task(numbered_article(i))) for i in range(3)).start()
        assert not pool.workers
    with ExtractPool[int](1) as pool:
        run = pool.begin((i, Task(numbered_article(i))) for i in range(40))
        run.start()
        assert not pool.workers and run.seq == 0, "one job: nothing read ahead"


def test_drain_is_called_only_once_every_page_is_with_the_workers():
    calls: list[tuple[bool, bool]] = []
    # The last page is long (~0.2 s to extract), so its outcome is surely waited for.
    long_text = "".join(f"<p>{n} {'كلمة ' * 40}</p>" for n in range(10000)).encode()
    pages = [numbered_article(i) for i in range(59)]
    pages.append(numbered_article(59).replace(b"</body>", long_text + b"</body>"))
    with ExtractPool[int](2) as pool:
        run = pool.begin((i, Task(page)) for i, page in enumerate(pages))
        count = 0
        for _, outcome in run.outcomes(drain=lambda: calls.append((run.exhausted,
                                                                    pool.tasks.empty()))):
            assert outcome is not None and outcome.article is not None
            count += 1
    assert count == 60
    assert calls, "the last outcomes were waited for"
    assert all(exhausted and empty for exhausted, empty in calls)
