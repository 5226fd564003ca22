"""Property tests: ``extract`` never raises, is deterministic, and keeps its invariants.

Inputs are arbitrary bytes and text, generated HTML trees with hostile
attributes, and the sample pages mutated the way real downloads break
(truncated, bytes flipped, tags dropped or duplicated, hostile snippets
spliced in). The budget is small and the run derandomised so the suite stays
fast and repeatable; ``python -m benchmarks.fuzz`` is the long random run.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.scrapers import extract
from benchmarks.fuzz import check, mutate, record_problems, seed_pages

PAGES = seed_pages()
BUDGET = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@BUDGET
@given(st.binary(max_size=6000))
def test_arbitrary_bytes(data):
    assert check(data) is None


@BUDGET
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    first = extract(text, "https://news.example/news/1.html").to_dict()
    assert extract(text, "https://news.example/news/1.html").to_dict() == first
    assert record_problems(first) == []


@BUDGET
@given(st.sampled_from(PAGES), st.randoms(use_true_random=False))
def test_mutated_sample_pages(page, rng):
    assert check(mutate(rng, page, PAGES)) is None


SCHEMES = st.sampled_from(["https://news.example/", "http://other.example/a?b=1", "/rel/x.html",
                           "../../up", "javascript:alert(1)", "data:text/html,<p>x", "file:///etc/passwd",
                           "ftp://x.example/f", "mailto:a@b.c", "//cdn.example/x", "#frag", "",
                           "vbscript:x", "JaVaScRiPt:alert(1)", " \n javascript:x", "http://"])
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
ATTRS = st.dictionaries(st.sampled_from(["href", "src", "class", "id", "rel", "content", "property",
                                         "itemprop", "datetime", "name", "dir", "lang"]),
                        st.one_of(SCHEMES, TEXT), max_size=4)
TAGS = st.sampled_from(["div", "p", "a", "span", "article", "section", "h1", "h2", "li", "ul", "ol",
                        "time", "meta", "link", "base", "script", "style", "table", "td", "form",
                        "textarea", "br", "img", "b", "footer", "header", "nav", "aside"])


def _render(tree) -> str:
    if isinstance(tree, str):
        return tree.replace("<", "&lt;")
    tag, attrs, children = tree
    attr = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs.items())
    return f"<{tag}{attr}>" + "".join(_render(c) for c in children) + f"</{tag}>"


HTML_TREES = st.recursive(TEXT, lambda inner: st.tuples(TAGS, ATTRS, st.lists(inner, max_size=5)),
                          max_leaves=60)


@settings(BUDGET, max_examples=60)
@given(st.lists(HTML_TREES, max_size=6))
def test_generated_html_never_yields_non_http_links(trees):
    html = "<html><head></head><body>" + "".join(_render(t) for t in trees) + "</body></html>"
    record = extract(html, "https://news.example/news/1.html")
    data = record.to_dict()
    assert record_problems(data) == []
    assert extract(html, "https://news.example/news/1.html").to_dict() == data


# -- regressions found by the fuzzer (minimal inputs) --------------------------------

def test_processing_instruction_in_the_body():
    # Lexbor gives ``<?php ... ?>`` a node without a tag name; the body walker tripped on it.
    html = "<html><body><article><h1>T</h1><p>text<?php echo 1 ?> more</p></article></body></html>"
    assert extract(html, "https://e.example/a").body == "text more"


@pytest.mark.parametrize("href", ["http://[::1", "http://[CDATA[/x", "http://e.example:99999/"])
def test_unparsable_canonical_url_is_ignored(href):
    html = f"<html><head><link rel='canonical' href='{href}'></head><body><p>text</p></body></html>"
    assert extract(html, "https://e.example/a").url == "https://e.example/a"


@pytest.mark.parametrize("href", ["http://[::1/x", "http://[CDATA[/x"])
def test_unparsable_link_in_the_page_is_ignored(href):
    html = (f"<html><body><article><h1>T</h1><p>text</p></article>"
            f"<aside><a href='{href}'>a related story</a></aside></body></html>")
    assert extract(html, "https://e.example/a").body == "text"
