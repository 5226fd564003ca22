"""The byte scans ``parse_capped`` decides with agree with the plain ``str`` tests."""
from __future__ import annotations

import pytest

from akhbar.scrapers import limits
from akhbar.scrapers.limits import count_tag_starts, has_processing_instruction

CASES = ["", "<", "?", "<?", "a<?", "?<?", "??<?x>", "<a?b>", "<a href='?x'>?</a>",
         "<p>نص عربي < ?</p>", "\U0001f600<\U0001f600?<?php ?>", "?" * 600 + "<?",
         "?" * 600 + "<b>", "<" * 50 + "?" * 50]


@pytest.mark.parametrize("text", CASES)
def test_scans_agree_with_str_methods(text: str) -> None:
    data = text.encode("utf-8")
    assert count_tag_starts(data) == text.count("<")
    assert has_processing_instruction(data) == ("<?" in text)


@pytest.mark.parametrize("text", CASES)
def test_question_budget_hands_over_to_plain_search(text: str, monkeypatch) -> None:
    for budget in (1, 2, 3):
        monkeypatch.setattr(limits, "_PI_QUESTION_BUDGET", budget)
        assert has_processing_instruction(text.encode("utf-8")) == ("<?" in text)


def test_scans_agree_on_the_sample_pages(sample_pages_dir) -> None:
    pages = sorted(sample_pages_dir.rglob("*.htm*"))
    assert pages
    for path in pages:
        text = path.read_bytes().decode("utf-8", "replace")
        data = text.encode("utf-8", "ignore")
        assert count_tag_starts(data) == text.count("<")
        assert has_processing_instruction(data) == (b"<?" in data)
