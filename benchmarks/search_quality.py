"""Search quality: recall and precision of word analysers on ``benchmarks/search_cases.py``.

Run from the repository root::

    python -m benchmarks.search_quality [--markdown]

Each analyser turns a folded word into index tokens; the cases' articles are
indexed with it and every query of ``PAIRS``, ``LOOK_ALIKES`` and
``CONFLATIONS`` is run against them (same query syntax for all: words must
all occur, ``"phrases"`` in order, ``OR``). ``akhbar`` is not simulated: its
figures come from ``Archive.search`` over a real archive file. Analysers:

- ``surface``: folding only (akhbar's index up to schema 4);
- ``light10``: Larkey's light10 as in Lucene's ArabicStemmer (one prefix of
  ال وال بال كال فال لل leaving ≥ 2 letters, or و from words of ≥ 4 letters;
  suffixes ها ان ات ون ين يه ية ه ة ي each once, leaving ≥ 2);
- ``snowball-ar``: Snowball's Arabic stemmer (PyStemmer);
- ``isri``: the ISRI root stemmer of nltk (when installed);
- ``akhbar``: ``storage/analysis.py`` through the archive.

Latin-script words: ``surface`` keeps them as they are; the others use
Snowball for the article's language, and a query word is stemmed for every
language without a language tag (``snowball-untagged``) except in akhbar,
which tags stems (``fr_navir``) so that one language's stem cannot meet
another language's word. Also printed: the cost per word of PyStemmer and of
the pure-Python snowballstemmer.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import Stemmer  # type: ignore[import-not-found]

from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive
from akhbar.storage.analysis import LATIN_LANGUAGES, script, strip_accents
from akhbar.storage.search import Query, parse
from akhbar.storage.textnorm import fold, words

from .search_cases import ARTICLES, CONFLATIONS, LOOK_ALIKES, PAIRS, CaseArticle

Analyser = Callable[[str], str]
_SNOWBALL = {code: Stemmer.Stemmer(name) for code, name in LATIN_LANGUAGES.items()}


def light10(word: str) -> str:
    """Larkey's light10 as Lucene's ArabicStemmer applies it, on a folded word (ة is ه, ى is ي).

    One prefix, the first that fits in Lucene's order (و only from words of 4+ letters),
    then each suffix once, in order, each leaving at least 2 letters.
    """
    for prefix in ("ال", "وال", "بال", "كال", "فال", "لل", "و"):
        fits = len(word) >= 4 if prefix == "و" else len(word) - len(prefix) >= 2
        if word.startswith(prefix) and fits:
            word = word[len(prefix):]
            break
    for suffix in ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[:-len(suffix)]
    return word


def arabic_analysers() -> dict[str, Analyser]:
    snowball_ar = Stemmer.Stemmer("arabic")
    found: dict[str, Analyser] = {"surface": lambda w: w, "light10": light10,
                                  "snowball-ar": snowball_ar.stemWord}
    try:  # optional (not a dependency): only for this comparison
        found["isri"] = importlib.import_module("nltk.stem.isri").ISRIStemmer().stem
    except ImportError:
        pass
    return found


class Simulated:
    """The cases' articles indexed by one analyser, searched with akhbar's query syntax."""

    def __init__(self, arabic: Analyser, stem_latin: bool):
        self.arabic, self.stem_latin = arabic, stem_latin
        self.docs = {a.key: self._columns(a) for a in ARTICLES}

    def _token(self, word: str, language: str | None) -> str:
        kind = script(word)
        if kind == "arabic":
            return self.arabic(word)
        if kind == "latin" and self.stem_latin and language in _SNOWBALL:
            return strip_accents(_SNOWBALL[language].stemWord(word))
        return strip_accents(word)

    def _columns(self, article: CaseArticle) -> list[list[str]]:
        texts = (article.headline, article.body, "\n".join(article.comments))
        return [[self._token(w, article.language) for w in words(fold(t))] for t in texts]

    def _forms(self, word: str) -> set[str]:
        if script(word) == "latin" and self.stem_latin:
            return {self._token(word, lang) for lang in _SNOWBALL} | {strip_accents(word)}
        return {self._token(word, None)}

    def _has(self, columns: list[list[str]], term_words: list[str]) -> bool:
        forms = [self._forms(w) for w in term_words]
        n = len(forms)
        return any(all(column[i + k] in forms[k] for k in range(n))
                   for column in columns for i in range(len(column) - n + 1))

    def search(self, query: Query) -> set[str]:
        return {key for key, columns in self.docs.items()
                if any(all(self._has(columns, t.words) for t in group) for group in query.groups)}


def akhbar_search(workdir: Path) -> Callable[[str], set[str]]:
    """``Archive.search`` over a real archive holding the cases' articles."""
    archive = Archive.open(workdir / "cases.db")
    ids = {}
    for article in ARTICLES:
        saved = archive.save(Article(
            url=f"https://cases.example/{article.key}", site="cases.example",
            headline=article.headline, body=article.body, language=article.language,
            comments=[Comment(text, author="reader") for text in article.comments]))
        ids[saved.article_id] = article.key
    return lambda query: {ids[hit.id] for hit in archive.search(query, limit=50)}


def _simulated_search(sim: Simulated, query: str) -> set[str]:
    return sim.search(parse(query))


def score(search: Callable[[str], set[str]]) -> dict[str, Any]:
    found = relevant = hits = false_hits = 0
    missed: list[str] = []
    for query, _kind, targets in PAIRS:
        got = search(query)
        found += len(got & set(targets))
        relevant += len(targets)
        hits += len(got)
        false_hits += len(got - set(targets))
        missed += [f"{query} → {t}" for t in targets if t not in got]
    joined = [q for q, _t, key in LOOK_ALIKES if key in search(q)]
    lookalike_hits = sum(len(search(q)) for q, _t, _k in LOOK_ALIKES)
    conflated = [q for q, _t, key in CONFLATIONS if key in search(q)]
    all_hits = hits + lookalike_hits
    return {"recall": round(found / relevant, 3),
            "precision": round((hits - false_hits) / all_hits, 3) if all_hits else 1.0,
            "pairs_found": f"{found}/{relevant}",
            "look_alikes_matched": f"{len(joined)}/{len(LOOK_ALIKES)}",
            "conflations_matched": f"{len(conflated)}/{len(CONFLATIONS)}",
            "missed": missed, "look_alikes_joined": joined}


def stemmer_speed() -> dict[str, float]:
    """µs per word: PyStemmer (C) against snowballstemmer (pure Python), same words."""
    sample = [w for a in ARTICLES if a.language in ("fr", "en")
              for w in words(fold(a.body))] * 20
    out: dict[str, float] = {}
    py = Stemmer.Stemmer("french")
    start = time.perf_counter()
    for w in sample:
        py.stemWord(w)
    out["pystemmer_us_per_word"] = round((time.perf_counter() - start) / len(sample) * 1e6, 2)
    try:  # the algorithm class itself: snowballstemmer.stemmer() hands out PyStemmer when present
        pure = importlib.import_module("snowballstemmer.french_stemmer").FrenchStemmer()
    except ImportError:
        return out
    start = time.perf_counter()
    for w in sample:
        pure.stemWord(w)
    out["snowballstemmer_us_per_word"] = round((time.perf_counter() - start) / len(sample) * 1e6, 2)
    same = sum(py.stemWord(w) == pure.stemWord(w) for w in set(sample))
    out["same_stems"] = round(same / len(set(sample)), 3)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the docs/search.md table")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    for name, analyser in arabic_analysers().items():
        sim = Simulated(analyser, stem_latin=name != "surface")
        label = name if name == "surface" else f"{name} + snowball-untagged"
        results[label] = score(functools.partial(_simulated_search, sim))
    with tempfile.TemporaryDirectory(prefix="akhbar-cases-") as tmp:
        results["akhbar"] = score(akhbar_search(Path(tmp)))
    results["stemmer_speed"] = stemmer_speed()
    if not args.markdown:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print("| analyser | recall | precision | pairs found | look-alikes matched | "
          "known conflations matched |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, row in results.items():
        if name != "stemmer_speed":
            print(f"| {name} | {row['recall']} | {row['precision']} | {row['pairs_found']} | "
                  f"{row['look_alikes_matched']} | {row['conflations_matched']} |")
    for name, row in results.items():
        if name != "stemmer_speed":
            print(f"\n{name} missed: {', '.join(row['missed']) or 'none'}; "
                  f"look-alikes matched: {', '.join(row['look_alikes_joined']) or 'none'}")
    print("\n" + json.dumps(results["stemmer_speed"]))


if __name__ == "__main__":
    main()
