"""Every sample page against its expected record.

A sample page is any ``sample_pages/**/*.html``, ``*.htm`` or ``*.html.gz`` with
an expected record beside it (same stem + ``.json``). The page's bytes go through
``scrapers.extract(bytes, url=<"_input_url" from the JSON, if any>)`` and every
contract field of the result is compared with the JSON. Keys starting with ``_``
are test inputs or notes, never compared. A page without a ``.json`` is not a
test case (it may be a fixture for something else).

Failures name each field that differed and show where, so a broken selector is
found from the test output alone.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import SAMPLE_PAGES_DIR

from akhbar import scrapers
from akhbar.scrapers.record import Article

CONTRACT_FIELDS = tuple(Article().to_dict())
PAGE_SUFFIXES = (".html", ".htm", ".html.gz")
NADORCITY = SAMPLE_PAGES_DIR / "nadorcity"


@dataclass(frozen=True)
class SampleCase:
    page: Path
    expected: Path

    @property
    def id(self) -> str:
        return self.page.relative_to(SAMPLE_PAGES_DIR).as_posix()


def _stem(path: Path) -> str | None:
    name = path.name
    for suffix in sorted(PAGE_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return None


def collect_cases(root: Path = SAMPLE_PAGES_DIR) -> list[SampleCase]:
    cases = []
    for path in sorted(root.rglob("*")):
        stem = _stem(path) if path.is_file() else None
        if stem is None:
            continue
        expected = path.with_name(stem + ".json")
        if expected.is_file():
            cases.append(SampleCase(path, expected))
    return cases


def read_page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.lower().endswith(".gz") else data


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def extract_case(case: SampleCase) -> dict[str, Any]:
    expected = load_expected(case.expected)
    return scrapers.extract(read_page_bytes(case.page), url=expected.get("_input_url")).to_dict()


# ---------- readable differences ----------

def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def _text_difference(expected: str, actual: str) -> str:
    """Name the first paragraph (blank-line separated) that differs, and where in it."""
    exp_pars, act_pars = expected.split("\n\n"), actual.split("\n\n")
    for i, (e, a) in enumerate(zip(exp_pars, act_pars, strict=False)):
        if e != a:
            at = next((k for k, (x, y) in enumerate(zip(e, a, strict=False)) if x != y), min(len(e), len(a)))
            return (f"paragraph {i + 1} differs at char {at}:\n"
                    f"      expected: {_short(e[max(0, at - 40):at + 80])}\n"
                    f"      actual:   {_short(a[max(0, at - 40):at + 80])}")
    if len(exp_pars) != len(act_pars):
        extra = act_pars[len(exp_pars):] or exp_pars[len(act_pars):]
        which = "actual has extra" if len(act_pars) > len(exp_pars) else "actual is missing"
        return (f"{len(exp_pars)} paragraphs expected, {len(act_pars)} found; {which}: "
                f"{_short(extra[0])}")
    return "texts differ (whitespace?)"


def _list_difference(expected: list[Any], actual: list[Any]) -> str:
    lines = [f"{len(expected)} items expected, {len(actual)} found"]
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else "<missing>"
        a = actual[i] if i < len(actual) else "<missing>"
        if e == a:
            continue
        if isinstance(e, dict) and isinstance(a, dict):
            keys = [k for k in e if e.get(k) != a.get(k)] + [k for k in a if k not in e]
            detail = "; ".join(f"{k}: expected {_short(e.get(k), 80)}, got {_short(a.get(k), 80)}"
                               for k in keys)
            lines.append(f"      [{i}] {detail}")
        else:
            lines.append(f"      [{i}] expected {_short(e, 100)}, got {_short(a, 100)}")
    return "\n".join(lines)


def describe_difference(name: str, expected: Any, actual: Any) -> str:
    if isinstance(expected, str) and isinstance(actual, str) and (
            "\n" in expected or "\n" in actual or len(expected) > 160):
        detail = _text_difference(expected, actual)
    elif isinstance(expected, list) and isinstance(actual, list):
        detail = _list_difference(expected, actual)
    else:
        detail = f"expected {_short(expected)}, got {_short(actual)}"
    return f"  {name}: {detail}"


def record_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = [f"  {name}: missing from the expected JSON (every contract field is compared)"
                for name in CONTRACT_FIELDS if name not in expected]
    unknown = [k for k in expected if not k.startswith("_") and k not in CONTRACT_FIELDS]
    problems += [f"  {k}: not a contract field (prefix notes with '_')" for k in unknown]
    problems += [describe_difference(name, expected[name], actual.get(name))
                 for name in CONTRACT_FIELDS if name in expected and expected[name] != actual.get(name)]
    return problems


def assert_same_record(expected: dict[str, Any], actual: dict[str, Any], label: str) -> None:
    problems = record_differences(expected, actual)
    if problems:
        pytest.fail(f"{label}: {len(problems)} field(s) differ\n" + "\n".join(problems),
                    pytrace=False)


# ---------- the tests ----------

CASES = collect_cases()


def test_sample_pages_are_collected() -> None:
    """Guard: a broken glob must not turn the suite into zero passing cases."""
    ids = {case.id for case in CASES}
    for stem in ("article", "article-comments", "article-saved", "article-cp1256"):
        assert f"nadorcity/{stem}.html" in ids


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sample_page_matches_expected_record(case: SampleCase) -> None:
    expected = load_expected(case.expected)
    actual = extract_case(case)
    assert_same_record(expected, actual, f"{case.id} vs {case.expected.name}")


def test_windows_1256_page_gives_the_same_record_as_utf8() -> None:
    raw = (NADORCITY / "article-cp1256.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the copy really is legacy-encoded
    assert b"charset=windows-1256" in raw[:2048]
    utf8 = scrapers.extract((NADORCITY / "article.html").read_bytes()).to_dict()
    legacy = scrapers.extract(raw).to_dict()
    assert_same_record(utf8, legacy, "windows-1256 copy vs UTF-8 page")
    assert legacy["headline"] and legacy["body"]


def test_windows_1256_page_served_over_http(http_site) -> None:
    """Fetched bytes (server sends no charset) decode from the page's own <meta>."""
    base = http_site(NADORCITY)
    response = httpx.get(base + "article-cp1256.html")
    response.raise_for_status()
    assert "charset" not in response.headers.get("content-type", "")
    record = scrapers.extract(response.content, url=str(response.url)).to_dict()
    expected = load_expected(NADORCITY / "article-cp1256.json")
    assert_same_record(expected, record, "article-cp1256.html fetched over HTTP")


def test_saved_page_resolves_relative_links_against_saved_from_url() -> None:
    html = (NADORCITY / "article-saved.html").read_text(encoding="utf-8")
    assert html.startswith("<!-- saved from url=(")
    assert 'rel="canonical"' not in html
    expected = load_expected(NADORCITY / "article-saved.json")
    record = scrapers.extract(html).to_dict()
    for link in expected["related"]:
        relative = link["url"].removeprefix("https://www.nadorcity.com")
        assert f'href="{relative}"' in html  # the input really has relative hrefs
    assert record["related"] == expected["related"]
    assert record["url"] == expected["url"] and "utm_" not in record["url"]


def test_saved_page_without_marker_has_no_absolute_related_links() -> None:
    """Without the marker nothing says where relative links point: none are invented."""
    html = (NADORCITY / "article-saved.html").read_text(encoding="utf-8")
    html = html[html.index("-->") + 3:]
    record = scrapers.extract(html)
    assert record.url is None
    assert record.related == []
    assert record.body == load_expected(NADORCITY / "article-saved.json")["body"]


def test_readable_difference_names_field_and_paragraph() -> None:
    expected = {"body": "one\n\ntwo", "related": [{"title": "a", "url": "u"}]}
    actual = {"body": "one\n\ntwO", "related": []}
    message = "\n".join(describe_difference(k, expected[k], actual[k]) for k in expected)
    assert "body: paragraph 2 differs at char 2" in message
    assert "related: 1 items expected, 0 found" in message


def test_collector_pairs_pages_with_records_and_reads_gzip(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    page = b"<html><body><p>x</p></body></html>"
    (site / "a.html.gz").write_bytes(gzip.compress(page))
    (site / "a.json").write_text("{}", encoding="utf-8")
    (site / "b.htm").write_bytes(page)
    (site / "b.json").write_text("{}", encoding="utf-8")
    (site / "orphan.html").write_bytes(page)      # no record: not a case
    (site / "c.json").write_text("{}", encoding="utf-8")  # no page: not a case
    cases = collect_cases(tmp_path)
    assert [(c.page.name, c.expected.name) for c in cases] == [("a.html.gz", "a.json"),
                                                               ("b.htm", "b.json")]
    assert read_page_bytes(cases[0].page) == page
