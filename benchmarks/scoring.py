"""The article-extraction benchmark's scoring method, in our own code.

Why our own: the benchmark compares tools by one number, so the number must be
computed the same way for every tool, in the same process, and be unit-tested
(tests/test_scoring.py). Method (from the benchmark's README):

- tokens are ``\\w+`` runs (Unicode);
- a text is a multiset of 4-token shingles (shorter than 4 tokens: one shingle);
- per page, TP/FP/FN are shingle counts, normalised by their sum so every page
  weighs the same;
- precision / recall are means over pages (pages with no prediction are left
  out of precision; a page with FP = FN = 0 scores 1 on both);
- F1 is computed from the two means; accuracy is the share of pages whose token
  lists are identical.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def tokenize(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(tokens: list[str], n: int = SHINGLE) -> Counter:
    """Multiset of n-token shingles; a non-empty text shorter than n is one shingle."""
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool


def score_page(predicted: str | None, expected: str | None) -> PageScore:
    """Normalised TP/FP/FN for one page (they sum to 1 unless both texts are empty)."""
    pred_tokens, true_tokens = tokenize(predicted), tokenize(expected)
    pred, true = shingles(pred_tokens), shingles(true_tokens)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if not total:
        return PageScore(tp=0.0, fp=0.0, fn=0.0, exact=pred_tokens == true_tokens)
    return PageScore(tp=tp / total, fp=fp / total, fn=fn / total, exact=pred_tokens == true_tokens)


@dataclass
class Summary:
    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


def _ratio(part: float, other: float) -> float:
    return part / (part + other)


def summarize(scores: Iterable[PageScore]) -> Summary:
    """Mean precision and recall over pages, F1 from the means, exact-match accuracy."""
    scores = list(scores)
    precisions, recalls = [], []
    for s in scores:
        if s.fp == 0 and s.fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if s.tp + s.fp > 0:
            precisions.append(_ratio(s.tp, s.fp))
        if s.tp + s.fn > 0:
            recalls.append(_ratio(s.tp, s.fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return Summary(f1=f1, precision=precision, recall=recall, accuracy=accuracy, pages=len(scores))


def body_f1(predicted: str | None, expected: str | None) -> float:
    """Shingle F1 of one page (used by the metadata benchmark's body field)."""
    s = score_page(predicted, expected)
    if s.fp == 0 and s.fn == 0:
        return 1.0
    p = _ratio(s.tp, s.fp) if s.tp + s.fp else 0.0
    r = _ratio(s.tp, s.fn) if s.tp + s.fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --- metadata fields (the metadata benchmark's README) ---------------------------------

def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def headline_match(predicted: str | None, expected: str) -> bool:
    return bool(predicted) and _fold(predicted) == _fold(expected)


def author_match(predicted: str | None, expected: str) -> bool:
    """Non-empty and contained in the expected byline, or the byline contained in it."""
    pred, true = _fold(predicted), _fold(expected)
    return bool(pred) and bool(true) and (pred in true or true in pred)


def date_match(predicted: str | None, expected: str) -> bool:
    return bool(predicted) and (predicted or "")[:10] == expected[:10]
