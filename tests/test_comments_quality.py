"""Reader-comment quality floors on the shared comment benchmark (76 pages with
comments, 30 without), a little under what the comment stage scores today
(``docs/extraction.md``, Comments), so that a regression fails CI. The data
lives outside the repository (``../shared`` or ``AKHBAR_SHARED_DIR``); without
it these tests are skipped.
"""
from __future__ import annotations

from typing import Any

import pytest

from benchmarks.comments import load_thread_pages, run_comment_benchmark
from benchmarks.extraction import shared_dir

FOLDER = shared_dir() / "benchmarks" / "comments"


@pytest.fixture(scope="module")
def tally() -> dict[str, Any]:
    if not (FOLDER / "truth.json").is_file():
        pytest.skip(f"comment benchmark not found: {FOLDER}")
    pages, negatives = load_thread_pages(shared_dir())
    return run_comment_benchmark("akhbar", pages, negatives)


def _share(row: dict[str, Any], part: str, whole: str) -> float:
    return row.get(part, 0) / row[whole]


def test_no_comments_invented_on_pages_without_any(tally: dict[str, Any]) -> None:
    assert tally["false_pages"] == 0, tally


def test_threads_found_and_counted(tally: dict[str, Any]) -> None:
    assert _share(tally, "pages_found", "pages") >= 0.93
    assert _share(tally, "count_ok", "pages") >= 0.90


def test_comment_text_author_date_parent(tally: dict[str, Any]) -> None:
    assert _share(tally, "snippets_found", "snippets") >= 0.92
    assert _share(tally, "author_ok", "snippets_found") >= 0.96
    assert _share(tally, "date_given", "dated") >= 0.85
    assert _share(tally, "parent_ok", "replies_checked") >= 0.95


def test_displayed_totals_of_paginated_threads(tally: dict[str, Any]) -> None:
    assert _share(tally, "displayed_ok", "displayed_pages") >= 0.7


@pytest.mark.parametrize("cms", ["other", "wordpress"])
def test_snippets_per_cms_class(tally: dict[str, Any], cms: str) -> None:
    row = tally["by_cms"][cms]
    assert _share(row, "snippets_found", "snippets") >= {"other": 0.80, "wordpress": 0.95}[cms]
