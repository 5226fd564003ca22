"""The benchmark scoring, checked on small hand-made examples."""
from __future__ import annotations

import pytest

from benchmarks.scoring import (
    author_match,
    body_f1,
    date_match,
    headline_match,
    score_page,
    shingles,
    summarize,
    tokenize,
)


def test_tokenize_is_unicode_word_runs():
    assert tokenize("Hello, world! 42") == ["Hello", "world", "42"]
    assert tokenize("قال الوزير: «نعم».") == ["قال", "الوزير", "نعم"]
    assert tokenize("") == [] and tokenize(None) == []


def test_shingles_are_a_multiset_of_four_token_windows():
    s = shingles("a b c d e a b c d".split())
    assert sum(s.values()) == 6
    assert s[("a", "b", "c", "d")] == 2


def test_short_text_is_one_shingle():
    assert shingles(["a", "b"]) == {("a", "b"): 1}
    assert shingles([]) == {}


def test_identical_texts_score_one_and_are_exact():
    page = score_page("one two three four five", "one two  three four five!")
    assert (page.tp, page.fp, page.fn, page.exact) == (1.0, 0.0, 0.0, True)
    summary = summarize([page])
    assert summary.f1 == summary.precision == summary.recall == summary.accuracy == 1.0


def test_extra_text_costs_precision_only():
    # true: 5 tokens -> 2 shingles; predicted adds 2 tokens -> 4 shingles, 2 shared.
    page = score_page("one two three four five six seven", "one two three four five")
    assert page.tp == pytest.approx(0.5) and page.fp == pytest.approx(0.5) and page.fn == 0
    summary = summarize([page])
    assert summary.precision == pytest.approx(0.5)
    assert summary.recall == pytest.approx(1.0)
    assert summary.f1 == pytest.approx(2 * 0.5 / 1.5)
    assert summary.accuracy == 0.0


def test_missing_text_costs_recall_only():
    page = score_page("one two three four", "one two three four five six")
    summary = summarize([page])
    assert summary.precision == pytest.approx(1.0)
    assert summary.recall == pytest.approx(1 / 3)


def test_empty_prediction_is_left_out_of_precision():
    pages = [score_page("", "a b c d e"), score_page("a b c d e", "a b c d e")]
    summary = summarize(pages)
    assert summary.precision == pytest.approx(1.0)   # only the second page counts
    assert summary.recall == pytest.approx(0.5)
    assert summary.accuracy == pytest.approx(0.5)


def test_pages_weigh_the_same_whatever_their_length():
    long_true = " ".join(f"w{i}" for i in range(1000))
    pages = [score_page(long_true, long_true), score_page("x y z q r", "a b c d e")]
    assert summarize(pages).precision == pytest.approx(0.5)


def test_counts_are_by_multiplicity():
    # predicted repeats the text: each shingle counted twice, only once shared
    page = score_page("a b c d a b c d", "a b c d")
    assert page.tp == pytest.approx(1 / 5) and page.fp == pytest.approx(4 / 5)


def test_body_f1_single_page():
    assert body_f1("a b c d", "a b c d") == 1.0
    assert body_f1("", "a b c d") == 0.0
    assert body_f1("one two three four five six seven", "one two three four five") == pytest.approx(2 / 3)


def test_metadata_field_matches():
    assert headline_match("  The  Title ", "the title")
    assert not headline_match("The Title - Site", "The Title")
    assert not headline_match(None, "x")
    assert author_match("Jane Doe", "By Jane Doe")
    assert author_match("By Jane Doe, staff writer", "Jane Doe")
    assert not author_match("", "Jane Doe") and not author_match("John", "Jane Doe")
    assert date_match("2020-05-01T10:00:00+00:00", "2020-05-01")
    assert not date_match("2020-05-02", "2020-05-01T23:00:00Z")
    assert not date_match(None, "2020-05-01")
