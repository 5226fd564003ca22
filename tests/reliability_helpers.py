"""Shared by the reliability tests: page builders, running the real CLI, archive checks.

The CLI runs either in-process through ``akhbar.cli.main.main`` (the real error
boundary, exit codes and stderr) or as a subprocess with a timeout (a hang
fails the test instead of stalling the suite, and SIGKILL is possible).
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEADLINE = "مجلس جماعة الناظور يصادق على ميزانية الميناء الجديدة"
PARAGRAPHS = [
    "صادق مجلس جماعة الناظور خلال دورته العادية على ميزانية مشروع توسعة الميناء، بعد نقاش "
    "طويل بين الأغلبية والمعارضة حول كلفة الأشغال ومدة إنجازها.",
    "وأوضح رئيس المجلس أن المشروع سيوفر مئات مناصب الشغل لشباب المنطقة، وأن الأشغال ستنطلق "
    "مطلع السنة المقبلة بعد استكمال الدراسات التقنية والبيئية.",
    "في المقابل طالبت المعارضة بنشر دفتر التحملات كاملا، وبإشراك جمعيات الصيادين في تتبع "
    "المشروع، حتى لا تتضرر مصالحهم خلال مدة الأشغال.",
]


def article_html(url: str, headline: str = HEADLINE, paragraphs: list[str] | None = None,
                 head: str = '<meta charset="utf-8">', extra_body: str = "") -> str:
    """A plain news article page (Arabic, right-to-left) with a canonical URL."""
    body = "".join(f"<p>{p}</p>" for p in (PARAGRAPHS if paragraphs is None else paragraphs))
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{head}<title>{headline}</title>'
            f'<link rel="canonical" href="{url}"></head><body>'
            f'<nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>'
            f'<article><h1>{headline}</h1>{body}</article>{extra_body}'
            f'<footer>جميع الحقوق محفوظة</footer></body></html>')


def numbered_article(i: int, site: str = "https://news.example") -> bytes:
    """Article ``i`` of a synthetic site: distinct URL, headline and body."""
    paragraphs = [f"{p} (الخبر رقم {i}، الفقرة {n})" for n, p in enumerate(PARAGRAPHS)]
    comments = "".join(
        f'<li class="comment depth-1" id="comment-{i}-{c}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">قارئ {c}</b>'
        f'</div></footer><div class="comment-content"><p>تعليق رقم {c} على الخبر {i}</p></div>'
        f'</article></li>' for c in range(3))
    extra = f'<div id="comments" class="comments-area"><ol class="comment-list">{comments}</ol></div>'
    return article_html(f"{site}/news/{i}.html", f"{HEADLINE} {i}", paragraphs,
                        extra_body=extra).encode("utf-8")


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """Run ``akhbar ARGS`` in-process through the console-script entry point."""
    from akhbar.cli.main import main
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    code = exc.value.code
    return Run(code if isinstance(code, int) else 0, captured.out, captured.err)


def cli_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **extra}
    env.pop("AKHBAR_DB", None)
    return env


def run_akhbar(*args: str, timeout: float = 60, **env: str) -> Run:
    """``python -m cli ARGS`` in a subprocess; a hang past ``timeout`` fails the test."""
    proc = subprocess.run([sys.executable, "-m", "akhbar", *map(str, args)], cwd=REPO,
                          env=cli_env(**env), capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_one_line_error(err: str, *fragments: str) -> None:
    """stderr holds only ``akhbar: ...`` lines, no traceback, and names the problem."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "expected an error line on stderr"
    assert all(line.startswith("akhbar: ") for line in lines), err
    for fragment in fragments:
        assert fragment in err, err


def check_archive(db: Path) -> dict[str, int]:
    """Integrity and the archive's invariants; returns row counts.

    Every article has its canonical URL, its raw page and its search row;
    every comment belongs to an article; no URL or comment is stored twice.
    """
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_urls u "
                   "WHERE u.article_id = a.id AND u.kind = 'canonical')") == 0
        assert one("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                   "(SELECT 1 FROM raw_pages r WHERE r.article_id = a.id)") == 0
        assert one("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                   "(SELECT 1 FROM articles_fts f WHERE f.rowid = a.id)") == 0
        assert one("SELECT COUNT(*) FROM articles_fts") == one("SELECT COUNT(*) FROM articles")
        assert one("SELECT COUNT(*) FROM (SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1)") == 0
        assert one("SELECT COUNT(*) FROM (SELECT article_id, text FROM comments "
                   "GROUP BY article_id, author, text HAVING COUNT(*) > 1)") == 0
        return {"articles": one("SELECT COUNT(*) FROM articles"),
                "comments": one("SELECT COUNT(*) FROM comments"),
                "raw_pages": one("SELECT COUNT(*) FROM raw_pages")}
    finally:
        conn.close()
