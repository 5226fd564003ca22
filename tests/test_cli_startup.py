"""What ``akhbar`` imports before its workers extract: the optional libraries stay lazy.

``load --jobs 2`` runs on two cores only between its first and its last page;
everything before (imports, opening the archive) and after runs on one. So the
command's modules import the optional and network libraries (warcio, fsspec,
pyarrow, dask, asyncio, httpx, Datasette) only in the commands and inputs that
use them.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from reliability_helpers import REPO, cli_env, numbered_article

from akhbar.cli.inputs import is_warc_name
from akhbar.storage.warc import is_warc_name as storage_is_warc_name

LAZY = ("warcio", "fsspec", "pyarrow", "dask", "distributed", "asyncio", "httpx", "datasette",
        "uvicorn")


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


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "CRAWL.WARC.GZ", "a.warc.gz.html",
                                  "crawl.arc", "crawl.warcx", "warc", "x.html.gz", ".warc"])
def test_the_command_line_names_warc_files_as_storage_reads_them(name):
    assert is_warc_name(name) == storage_is_warc_name(name)
