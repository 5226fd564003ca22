"""The CLI end to end: real files, a real archive, Typer's CliRunner and a subprocess."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli.main import app

runner = CliRunner()
HEADLINE = "صحيفة إسبانية تكشف أسباب الاجتماع الاخير بين مديري المخابرات المغربية والأمريكية"
PARAGRAPHS = [
    "كشفت صحيفة أتالايار، أن ميزان القوى في منطقة الساحل والصحراء هو الهدف المشترك لجهازي "
    "المخابرات المغربية والأمريكية، حيث ستتركز جهودهما على وقف انتشار الإرهاب.",
    "وعقب مناقشات بين جهازي المخابرات في المملكة المغربية والولايات المتحدة في يونيو الماضي، "
    "التقى قادة الجهازين مرة أخرى، هذه المرة في المغرب، لمتابعة الخطط الموضوعة.",
]


def page(url: str, headline: str = HEADLINE, paragraphs: list[str] = PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<title>{headline} - موقع</title><link rel="canonical" href="{url}"></head>'
            f'<body><nav><a href="/">الرئيسية</a><a href="/s_r1.html">جهة</a></nav>'
            f'<article><h1>{headline}</h1>{body}</article>'
            f'<footer>جميع الحقوق محفوظة</footer></body></html>')


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(page("https://news.example/a_a1.html"), encoding="utf-8")
    other = [p.replace("المخابرات", "الاستخبارات") + " وتابعت." for p in PARAGRAPHS]
    (folder / "sub" / "b.html.gz").write_bytes(
        gzip.compress(page("https://news.example/b_a2.html", "خبر ثان عن الاقتصاد", other).encode()))
    (folder / "notes.txt").write_text("not a page")
    return folder


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_extract_json_prints_the_contract(pages):
    result = invoke("extract", str(pages / "a.html"), "--json")
    assert result.exit_code == 0
    record = json.loads(result.stdout.strip())
    assert record["headline"] == HEADLINE
    assert record["url"] == "https://news.example/a_a1.html"
    assert record["body"] == "\n\n".join(PARAGRAPHS)
    assert "الرئيسية" not in record["body"] and "الحقوق" not in record["body"]
    assert set(record) == {"url", "site", "headline", "source", "author", "published", "language",
                           "body", "comments_enabled", "comment_notice", "comment_count",
                           "comments", "related"}


def test_extract_from_stdin_with_url(pages):
    canonical = '<link rel="canonical" href="https://news.example/a_a1.html">'
    html = (pages / "a.html").read_text(encoding="utf-8").replace(canonical, "")
    result = runner.invoke(app, ["extract", "-", "--url", "https://news.example/x_a9.html", "--json"],
                           input=html.encode())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["url"] == "https://news.example/x_a9.html"


def test_load_twice_keeps_the_same_articles(pages, tmp_path):
    db = str(tmp_path / "news.db")
    first = invoke("load", str(pages), "--db", db, "--json")
    assert first.exit_code == 0
    assert json.loads(first.stdout.strip().splitlines()[-1])["new"] == 2
    second = invoke("load", str(pages), "--db", db, "--json")
    summary = json.loads(second.stdout.strip().splitlines()[-1])
    assert (summary["new"], summary["unchanged"]) == (0, 2)
    listing = invoke("list", "--db", db, "--json")
    assert len(listing.stdout.strip().splitlines()) == 2


def test_search_list_show_export_stats(pages, tmp_path):
    db = str(tmp_path / "news.db")
    invoke("load", str(pages), "--db", db)
    hits = [json.loads(line) for line in invoke("search", "الأخير", "--db", db, "--json").stdout.splitlines()]
    assert [h["url"] for h in hits] == ["https://news.example/a_a1.html"]
    tracked = "https://news.example/a_a1.html?utm_source=x"
    shown = json.loads(invoke("show", tracked, "--db", db, "--json").stdout)
    assert shown["headline"] == HEADLINE and shown["id"] == hits[0]["id"]
    plain = invoke("show", str(shown["id"]), "--db", db)
    assert f"headline: {HEADLINE}" in plain.stdout
    out = tmp_path / "all.jsonl"
    assert invoke("export", "--db", db, "--output", str(out)).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    csv_out = invoke("export", "--db", db, "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,url,site,headline")
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert stats["articles"] == 2 and stats["raw_pages"] == 2


def test_list_filters(pages, tmp_path):
    db = str(tmp_path / "news.db")
    invoke("load", str(pages), "--db", db)
    assert invoke("list", "--db", db, "--site", "other.example", "--json").stdout == ""
    one = invoke("list", "--db", db, "--site", "news.example", "--limit", "1", "--json")
    assert len(one.stdout.splitlines()) == 1
    assert invoke("list", "--db", db, "--since", "not a date").exit_code == 2


def test_partial_failure_exits_1_and_keeps_the_rest(pages, tmp_path):
    db = str(tmp_path / "news.db")
    (pages / "broken.html.gz").write_bytes(gzip.compress(b"<html>" * 1000)[:40])
    (pages / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = invoke("load", str(pages), "--db", db, "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["new"], summary["failed"]) == (2, 2)
    assert "truncated gzip" in result.stderr and "PNG" in result.stderr


def test_db_from_environment(pages, tmp_path, monkeypatch):
    monkeypatch.setenv("AKHBAR_DB", str(tmp_path / "env.db"))
    assert invoke("load", str(pages / "a.html")).exit_code == 0
    assert (tmp_path / "env.db").exists()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "akhbar", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args, code, message", [
    (["list", "--db", "absent.db"], 2, "no archive at absent.db"),
    (["list", "--db", "."], 2, "is a directory"),
    (["list", "--db", "notes.txt"], 2, "is not an SQLite database"),
    (["show", "999", "--db", "ok.db"], 1, "no archived article"),
    (["load", "--db", "ok.db"], 2, "Missing argument"),
    (["frobnicate"], 2, "No such command"),
    (["list", "--limit", "many", "--db", "ok.db"], 2, "--limit"),
    (["export", "--format", "xml", "--db", "ok.db"], 2, "--format must be"),
    (["load", "missing.html", "--db", "ok.db"], 1, "missing.html: no such file"),
    (["extract", "a.html", "b.html", "--url", "https://x.example/"], 2, "--url applies to one page"),
])
def test_errors_are_one_line_with_documented_codes(tmp_path, args, code, message):
    (tmp_path / "notes.txt").write_text("my notes")
    (tmp_path / "a.html").write_text(page("https://news.example/a_a1.html"), encoding="utf-8")
    (tmp_path / "b.html").write_text(page("https://news.example/b_a1.html"), encoding="utf-8")
    assert run_cli("load", "a.html", "--db", "ok.db", cwd=tmp_path).returncode == 0
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("akhbar: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "my notes"


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("akhbar ")


def test_piped_output_has_no_colour_codes(pages, tmp_path):
    db = str(tmp_path / "news.db")
    invoke("load", str(pages), "--db", db)
    result = run_cli("list", "--db", db, cwd=tmp_path)
    assert result.returncode == 0 and "\x1b[" not in result.stdout
    assert len(result.stdout.splitlines()) == 2 and "\t" in result.stdout


def test_ctrl_c_while_an_outcome_is_reported_exits_130_without_a_traceback(monkeypatch, capsys):
    """A Ctrl-C landing while main() reports another outcome (here: a usage
    error's message) still ends in exit 130, not a KeyboardInterrupt traceback."""
    from akhbar.cli import main as main_module
    from akhbar.cli.output import Output

    def interrupted(self, message):
        raise KeyboardInterrupt

    monkeypatch.setattr(Output, "error", interrupted)
    with pytest.raises(SystemExit) as exc:
        main_module.main(["list", "--no-such-option"])
    assert exc.value.code == 130
